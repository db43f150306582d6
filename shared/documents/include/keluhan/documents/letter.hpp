// The response letter (surat tanggapan) for the admin panel: A4 with the
// office letterhead, number, date, subject, addressee, body paragraphs and
// the Kepala Balai's signature block; "KONSEP" (draft) across every page
// until the letter is signed.
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/domain/timeline.hpp"

#include <string>
#include <vector>

namespace keluhan {

struct ResponseLetter {
    std::string number;                 // "" leaves a dotted blank to be filled in
    std::string place;                  // "Palembang"; "" = no place before the date
    TimeMs date = 0;                    // the letter's date
    std::string attachment;             // lampiran; "" prints "-"
    std::string subject;                // hal / perihal
    std::vector<std::string> addressee; // lines after "Yth."
    std::vector<std::string> paragraphs;
    std::string signer_title;        // "Kepala Balai ..."
    std::string signer_name;         // "" leaves a dotted blank
    std::string signer_id;           // NIP; "" = no line
    std::vector<std::string> copies; // tembusan
    bool signed_off = false;         // false: the KONSEP watermark
};

// A letter prefilled from the complaint and its history: the answer is the
// note of the draft step (form Draft), else of the related function's
// response (form Response), else of the corrective-action step (form Capa,
// where the CAPA SOP drafts its answer); signed once the Sign step is done.
// The signer's name, title and NIP and the city come from the office
// settings (office.signer_*, office.city); `signer_name` (the display name
// of who signs) is used when no signer name is set.
[[nodiscard]] ResponseLetter draft_response_letter(const Office& office, const Catalog& lang,
                                                   const Complaint& c,
                                                   const std::vector<Event>& events,
                                                   const std::string& signer_name = {});

// Renders the letter on A4 (more pages when the body needs them).
[[nodiscard]] Result<Rendered> render_response_letter(const Office& office, const Catalog& lang,
                                                      const ResponseLetter& letter,
                                                      const RenderOptions& opt = {});

// "21 November 2026" (month names from the catalog).
[[nodiscard]] std::string long_date(const Catalog& lang, const WorkingCalendar& cal, TimeMs t);

} // namespace keluhan

// The Tanda Terima (receipt) a visitor takes home: the office letterhead,
// the tracking code in large type and as a QR, what was received and when,
// the SOP's target date for the answer, how to check the status, and for a
// spoken (lisan) complaint a line for the complainant's signature.
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/domain/timeline.hpp"

#include <string>
#include <utility>
#include <vector>

namespace keluhan {

// What a receipt says, already in the reader's language (the kiosk's done
// screen shows the same). Built from the stored complaint, never from the
// form, so paper and database always agree.
struct ReceiptContent {
    std::string office_parent; // "Kementerian Perindustrian Republik Indonesia"
    std::string office_name;
    std::string office_address; // address, phone and website
    std::string title;          // "TANDA TERIMA KELUHAN PELANGGAN"
    std::string code_label;     // "Kode pelacakan"
    std::string code;           // grouped: "7KQ2-M9XD-4HTA-J"
    std::string qr_text;        // qr_payload(): the status URL or the code
    std::string submitted;      // "21-11-2026 14:05 WIB"
    std::string channel;        // "Tertulis"
    std::string service;        // "Pengujian"
    std::string summary;        // the complaint's first words (at most ~80 characters)
    std::string name;           // the complainant, or "Anonim"
    std::string organization;   // "" when none
    std::string phone_masked;   // "0812****890", "" when none
    std::string reference;      // order / test report number, "" when none
    std::string answer_due_label;
    std::string answer_due;   // the SOP's target for the answer, "" if unknown
    std::string how_to_check; // scan the QR or type the code at the kiosk
    std::string status_url;   // "" when the office has no status page
    std::string privacy;      // one line
    bool signature = false;   // lisan at the desk, with a name: a line for them to sign
    std::string signature_label;
    // (label, value) in print order: date, channel, service, name, ...
    std::vector<std::pair<std::string, std::string>> rows;
};

// Builds the content in the language of `lang`. The target date is shown
// only when the complaint follows the office's active SOP profile.
[[nodiscard]] ReceiptContent receipt_content(const Office& office, const Catalog& lang,
                                             const Complaint& c);

struct ReceiptOptions {
    Paper paper = Paper::Roll80mm; // Roll80mm or A6 (A4 is refused)
    ImageFormat format = ImageFormat::Pdf;
    double dpi = 203;
};

// Renders the receipt. 80 mm: one page as long as the content, everything
// inside the middle 72 mm. A6: one page, type shrunk only if the content
// would not fit otherwise. Long names and texts wrap; nothing is cut.
// The QR is drawn as vector squares with a 4-module quiet zone, each module
// a whole number of 203-dpi dots and at least 4 of them.
[[nodiscard]] Result<Rendered> render_receipt(const Office& office, const ReceiptContent& content,
                                              const ReceiptOptions& opt = {});
// Paper from the config (printer.paper).
[[nodiscard]] Paper receipt_paper(const Config& config);

} // namespace keluhan

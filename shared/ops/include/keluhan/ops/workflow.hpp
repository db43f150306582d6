// The named operations every front end calls (the kiosk, the admin panel,
// the command line and the hub): take a complaint and advance it. Screens
// call these, never the store's SQL.
#pragma once

#include "keluhan/domain/office.hpp"
#include "keluhan/domain/timeline.hpp"
#include "keluhan/ops/auth.hpp"
#include "keluhan/storage/store.hpp"

#include <optional>

namespace keluhan {

// Validates and stores a new complaint (the first SOP step done, the second
// current). Refuses invalid input before anything is written.
[[nodiscard]] Result<Submitted> submit_complaint(Store& store, const Office& office,
                                                 const Submission& s);

// Completes the complaint's current step (or, with `send_back`, returns it
// for revision) as `user`. Every refusal leaves the complaint as it was.
struct AdvanceRequest {
    std::string note;
    bool send_back = false;
    std::optional<Role> on_behalf_of; // staff recording an official's paper decision
    // The step the user saw and acted on ("" = whatever is current). When
    // someone else completed it meanwhile, the request is refused with
    // err.step.already_done (Conflict) naming who and when, never applied
    // to the step after it.
    std::string expected_step;
    // The disposition's related function (one of office.functions), where
    // the office routes dispositions; "" elsewhere.
    std::string function{};
};
[[nodiscard]] Result<Complaint> advance_complaint(Store& store, const Office& office,
                                                  const User& user, const TrackingCode& code,
                                                  const AdvanceRequest& req);

// Types the summary of a spoken (lisan) complaint as `user` (Staf PJI or
// Koordinator PJI): it becomes the complaint's text, kept beside the
// recording, searchable and quoted in the letter; a "transcript" event says
// who typed it and when. Typing it again replaces it (each time recorded);
// once the complaint is closed it may be typed where there was none, not
// changed (err.transcript.closed).
// Refused for a written complaint, an empty or too long text.
// The messages a transition calls for (queued with it by advance_complaint),
// to a complainant who is not anonymous, agreed to the privacy notice and
// left the contact the channel needs ([notify] says which channels are on):
// Received when the register number is given (SOP12 step 2,
// "menginformasikan"), Letter when the customer's receipt step begins (the
// answer has gone out: step 10 of the Palembang SOP, signed in the CAPA
// one), Closed when the complaint closes (with the survey's link).
[[nodiscard]] std::vector<NewNotice> notices_for(const Office& office, const Complaint& c,
                                                 const Transition& t);

[[nodiscard]] Result<Complaint> record_spoken_summary(Store& store, const Office& office,
                                                      const User& user, const TrackingCode& code,
                                                      const std::string& text);
// The signed letter's number, typed from the office's book of outgoing
// letters (agenda surat keluar) by `user` (Permission::NumberLetter), where
// the office gives no pattern for it (office.letter_pattern empty; with a
// pattern the number is given when the letter is signed:
// err.letter_number.automatic). A "letter_number" event keeps it; typing it
// again corrects it (the last one is printed). Refused before the letter is
// signed (err.letter_number.unsigned), once the letter has gone out (its
// Send step done, or the customer's receipt where the SOP has no Send step:
// err.letter_number.sent; err.letter_number.closed in the store, for a
// closed complaint), and for an empty, multi-line or too long number.
[[nodiscard]] Result<Complaint> record_letter_number(Store& store, const Office& office,
                                                     const User& user, const TrackingCode& code,
                                                     const std::string& number);
// Who signs the response letter: the display name of whoever completed the
// Sign step, else config office.signer_name (before the letter is signed).
[[nodiscard]] std::string letter_signer(Store& store, const Office& office,
                                        const std::vector<Event>& events);

} // namespace keluhan

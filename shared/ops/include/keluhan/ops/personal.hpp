// A complainant's personal data on request: everything held about them as
// one JSON document, and the anonymisation of a closed complaint. Both are
// recorded in the audit trail; anonymisation is also an event in the
// complaint's history.
#pragma once

#include "keluhan/ops/workflow.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace keluhan {

// What replaces the description (and a non-empty expectation) of an
// anonymised complaint.
inline constexpr const char* kAnonymisedMarker =
    "[dianonimkan atas permintaan pelanggan / anonymised at the customer's request]";

// Whom to look for: the complainant of a complaint (its tracking code), or a
// phone number or e-mail address. Phone numbers match whatever their
// spacing and 0/+62 prefix; e-mail ignores case.
struct PersonQuery {
    std::string code;
    std::string phone;
    std::string email;
};

// Every complaint of the person (by code: that complaint and every other
// with its phone or e-mail), each with its data, SOP timeline, events,
// CAPA record and the list of its attachments, as JSON. Needs
// Permission::ViewPersonalData; err.personal.query when the query is empty
// or has more than one of code / phone / email; err.personal.none when
// nothing is held. Written to the audit trail (with the contact masked).
[[nodiscard]] Result<nlohmann::json> export_personal_data(Store& store, const Office& office,
                                                          const User& user, const PersonQuery& q);

// Clears the personal data of a closed complaint (Permission::Anonymise):
// name, organization, phone and e-mail emptied; description and expectation
// replaced by kAnonymisedMarker; every mention of the name (and its words),
// organization, e-mail and phone in the step notes and the CAPA record
// replaced by "[dianonimkan]"; its attachments (the recording, files handed
// in) and saved receipt PDFs deleted. The search index is merged so no old
// words stay in it, freed pages are zeroed (secure_delete) and the
// write-ahead log is emptied. The record, its service, channel, dates,
// register number, SOP history and so the statistics stay. Refuses an open
// complaint (err.personal.open), one already anonymised
// (err.personal.already) and an empty reason. Appends an "anonymise" event
// with the reason and an audit row.
[[nodiscard]] Result<Complaint> anonymise_complaint(Store& store, const Office& office,
                                                    const User& user, const TrackingCode& code,
                                                    const std::string& reason);

} // namespace keluhan

// The staff API's JSON (docs/api.md): how the office service's values travel
// between the hub and a remote panel. Both sides use these, so the two can
// never disagree on a field. Times are integers, milliseconds since the Unix
// epoch (UTC). Decoding is strict: a missing required key, a wrong type,
// an unknown enum word or bad UTF-8 is refused with err.json.field naming
// the key, never thrown.
#pragma once

#include "keluhan/service/service.hpp"

#include <nlohmann/json.hpp>

namespace keluhan::wire {

using nlohmann::json;

[[nodiscard]] json encode(const Error& e);
[[nodiscard]] Error decode_error(const json& j); // a malformed one becomes err.remote.answer

[[nodiscard]] json encode(const User& u);
[[nodiscard]] Result<User> decode_user(const json& j);

[[nodiscard]] json encode(const Complaint& c);
[[nodiscard]] Result<Complaint> decode_complaint(const json& j);

[[nodiscard]] json encode(const ListQuery& q);
[[nodiscard]] Result<ListQuery> decode_list_query(const json& j);
[[nodiscard]] json encode(const ListPage& p);
[[nodiscard]] Result<ListPage> decode_list_page(const json& j);

[[nodiscard]] json encode(const ComplaintDetail& d);
[[nodiscard]] Result<ComplaintDetail> decode_detail(const json& j);

[[nodiscard]] json encode(const AdvanceRequest& r);
[[nodiscard]] Result<AdvanceRequest> decode_advance(const json& j);

// CAPA values (the ten fields) and, when saving, "on_behalf_of".
[[nodiscard]] json encode(const Capa& k);
[[nodiscard]] Result<Capa> decode_capa(const json& j);

// A desk submission: the fields of parse_submission() plus "origin".
[[nodiscard]] json encode(const Submission& s);
[[nodiscard]] Result<Submission> decode_submission(const json& j);
[[nodiscard]] json encode(const Submitted& s);
[[nodiscard]] Result<Submitted> decode_submitted(const json& j);

// The report's steps are named by id; decoding finds them in `profile`
// (err.remote.profile when the hub measured a step this panel's SOP lacks).
[[nodiscard]] json encode(const MonthReport& r);
[[nodiscard]] Result<MonthReport> decode_month_report(const json& j, const SopProfile& profile);

// The survey's report carries its questionnaire (the elements' words, the
// profile's options), so a panel shows the hub's, whatever its own config says.
[[nodiscard]] json encode(const SkmReport& r);
[[nodiscard]] Result<SkmReport> decode_skm_report(const json& j);

[[nodiscard]] json encode(const SettingsPage& p);
[[nodiscard]] Result<SettingsPage> decode_settings_page(const json& j);
[[nodiscard]] json encode(const std::vector<StoredSetting>& s);
[[nodiscard]] Result<std::vector<StoredSetting>> decode_stored_settings(const json& j);

[[nodiscard]] json encode(const std::vector<AuditEntry>& rows);
[[nodiscard]] Result<std::vector<AuditEntry>> decode_audit(const json& j);

// A print job; its message is {"key", "params"} (err.* or label.* words).
[[nodiscard]] json encode(const PrintJob& j);
[[nodiscard]] Result<PrintJob> decode_print_job(const json& j);
// How print job `id` went (PUT /print-jobs/{id}): printer, cups_job_id,
// state, message, detail, file.
[[nodiscard]] json encode_outcome(const PrintJob& j);
[[nodiscard]] Result<PrintJob> decode_outcome(const json& j, std::int64_t id);
[[nodiscard]] json encode(const std::vector<PrintJob>& jobs);
[[nodiscard]] Result<std::vector<PrintJob>> decode_print_jobs(const json& j);

[[nodiscard]] json encode(const std::vector<User>& users);

// The HTTP status an error is answered with: 400 Invalid, 404 NotFound,
// 403 Denied (401 for err.session.*), 409 Conflict, 503 Storage, 500 Internal.
[[nodiscard]] int http_status(const Error& e);

} // namespace keluhan::wire

// The sync wire format between kiosks and the hub (docs/sync.md): push
// batches, their results, pulled status changes, the visitor status view,
// and kiosk tokens. Pure functions over text; no HTTP here (the hub's server
// is admin/hub/, the kiosk's client is sync_agent.cpp).
//
// The parsers take untrusted bytes from the network. They never throw and
// never crash, whatever the input (parse_push is fuzzed by
// tests/fuzz/fuzz_sync_payload.cpp); sizes and nesting are bounded before
// anything is built.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

namespace sync_limits {
inline constexpr int kVersion = 1;                      // "version" of a push body
inline constexpr std::size_t kMaxComplaints = 200;      // per push
inline constexpr std::size_t kMaxBodyBytes = 32u << 20; // default [hub] max_body_mb
inline constexpr std::size_t kMaxAttachments = 16;      // per complaint
inline constexpr int kMaxDepth = 16;                    // JSON nesting
inline constexpr int kDefaultChanges = 200;             // changes per pull page
inline constexpr int kMaxChanges = 1000;
inline constexpr std::size_t kMaxSkmResponses = 100;      // per survey push
inline constexpr std::size_t kMaxSkmBodyBytes = 2u << 20; // a survey push's body
} // namespace sync_limits

// --- push: POST /api/v1/sync/push -------------------------------------------------

// The body for a batch of outbox items: {"version":1,"complaints":[...]}.
// Attachments go as base64; the origin is not sent (the hub uses the token's
// kiosk name).
[[nodiscard]] std::string push_body(const std::vector<OutboxItem>& items);

// Parses a push body. Refuses (err.sync.payload, with the JSON path and the
// reason in `detail`) anything that is not exactly the protocol's shape and
// types: not JSON, too deep, a version other than 1, more than 200
// complaints, a missing or mistyped field, bad base64. Values are NOT
// checked here (check_imported does that per complaint, so one bad complaint
// is rejected alone). Never throws.
[[nodiscard]] Result<std::vector<ImportedComplaint>>
parse_push(std::string_view body, std::size_t max_body_bytes = sync_limits::kMaxBodyBytes);

// The core's rules for one pushed complaint: validate_submission with the
// hub's limits and services, a UUID-shaped id, a valid tracking code (check
// symbol included), created_at after 2020 and not more than a day ahead of
// `now`, attachments of a known type within the size limit.
[[nodiscard]] Status check_imported(const ImportedComplaint& c, const Limits& limits,
                                    const std::vector<std::string>& services, TimeMs now);

// The hub's whole push: checks each complaint, imports the valid ones in one
// transaction (Store::import_batch) with origin = `kiosk`, and returns one
// result per complaint in the order given.
[[nodiscard]] Result<std::vector<ImportResult>>
import_push(Store& store, const Office& office, const std::string& kiosk,
            const std::vector<ImportedComplaint>& batch);

// One result of a push, as the kiosk reads it.
struct PushResult {
    using Kind = ImportResult::Outcome; // what the hub's import did, read back on the kiosk
    std::string id;
    Kind result = Kind::Rejected;
    Error error; // Rejected: the key (and the hub's message in `detail`)
};
[[nodiscard]] std::string_view to_string(PushResult::Kind k);

// {"results":[{"id","result","error":{"key","message"}}]}; messages in the
// catalog's language.
[[nodiscard]] std::string push_reply_body(const std::vector<ImportResult>& results,
                                          const Catalog& catalog);
[[nodiscard]] Result<std::vector<PushResult>> parse_push_reply(std::string_view body);

// --- survey push: POST /api/v1/sync/skm ------------------------------------------

// The body for a batch of a kiosk's survey responses:
// {"version":1,"responses":[{"id","day","service","code","scores":{"U1":4,...},
// "profile":{"umur":"..."},"suggestion"}]} ("code" "" for a walk-in).
[[nodiscard]] std::string skm_push_body(const std::vector<SkmOutboxItem>& items);

// One pushed response, read but not yet checked.
struct PushedSkm {
    SkmSubmission submission; // id, code, service, scores, profile, suggestion
    Date day;
};
// Strict like parse_push (err.sync.payload with the place, err.sync.version,
// err.sync.too_many over 100, err.hub.too_large over 2 MiB). Never throws.
[[nodiscard]] Result<std::vector<PushedSkm>> parse_skm_push(std::string_view body);

// The hub's import: each response through import_skm with origin =
// `kiosk`, one result per response in the order given (a refused one alone,
// e.g. err.skm.already for a code answered on the phone meanwhile). The
// reply is push_reply_body's. A failure of the hub's own (its database)
// fails the whole push, so the kiosk sends it again.
[[nodiscard]] Result<std::vector<ImportResult>>
import_skm_push(Store& store, const Office& office, const std::string& kiosk,
                const std::vector<PushedSkm>& batch);

// --- status view: GET /api/v1/status/<code> ---------------------------------------

// {"code","status","submitted","submitted_ms","updated","updated_ms",
//  "current","answer_due","answer_due_ms","late","steps":[{"number","state",
//  "text","text_id","text_en","finished","finished_ms"}]}: visitor_status() as JSON, with the step
//  texts
// in both languages ("text" in `language`). Nothing personal.
[[nodiscard]] nlohmann::json status_view(const SopProfile& profile, const WorkingCalendar& calendar,
                                         const Complaint& c, const std::vector<Event>& events,
                                         const std::string& language, TimeMs now);
// Reads a status view back (the kiosk's remote_status copy, the hub's answer
// to a kiosk's Cek Status), with the step texts in `language`. Strict: the
// code a valid tracking code, a known status and step states, the times
// whole non-negative numbers, 1 to 64 steps each with both texts, `current`
// -1 or the index of a step under way. Extra fields are let by.
// err.sync.reply (with the reason in `detail`) when it is not one.
[[nodiscard]] Result<VisitorStatus> parse_status_view(std::string_view json_text,
                                                      const std::string& language);

// --- pull: GET /api/v1/sync/changes?since=<cursor>&limit=<n> ----------------------

struct ChangesPage {
    std::vector<StatusChange> changes; // StatusChange: store.hpp
    std::string next;                  // cursor for the next request
    bool more = false;
};
// {"changes":[{"id","code","status","updated_at","status_view":{...}}],"next","more"}
[[nodiscard]] std::string changes_body(const ChangesPage& page);
[[nodiscard]] Result<ChangesPage> parse_changes(std::string_view body);
// A "since" cursor: "" (from the start) or a decimal events id. nullopt when bad.
[[nodiscard]] std::optional<std::int64_t> parse_cursor_param(std::string_view since);

// --- errors -------------------------------------------------------------------------

// {"error":{"key","message"}} (message in the catalog's language).
[[nodiscard]] std::string error_body(const Error& e, const Catalog& catalog);
// Reads one back; err.sync.reply when the body is not that shape.
struct ErrorReply {
    std::string key;     // e.g. err.hub.no_complaint
    std::string message; // in the language the hub chose
};
[[nodiscard]] Result<ErrorReply> parse_error_body(std::string_view body);

// --- kiosk tokens ---------------------------------------------------------------------

// "<kiosk name>.<secret>": the secret is 32 random bytes, base64url without
// padding (43 symbols). The hub keeps only hash_token_secret(secret).
struct KioskToken {
    std::string name;
    std::string secret;
    [[nodiscard]] std::string text() const { return name + "." + secret; }
};
// A new token for `name` (the name is not checked here).
[[nodiscard]] KioskToken make_kiosk_token(const std::string& name);
// Splits at the last dot; checks the name rule (check_user_name) and the
// secret's shape. err.sync.token otherwise.
[[nodiscard]] Result<KioskToken> parse_kiosk_token(std::string_view text);
// From an Authorization header value "Bearer <token>".
[[nodiscard]] Result<KioskToken> parse_bearer(std::string_view header);
// crypto_generichash (32 bytes) of the secret, lower-case hex.
[[nodiscard]] std::string hash_token_secret(std::string_view secret);
// Constant-time comparison of the secret's hash with the stored hex hash.
[[nodiscard]] bool verify_token_secret(std::string_view secret, std::string_view stored_hash);

// Kiosk names: the user-name rule (3-32 of a-z 0-9 . - _), err.kiosk.name.
[[nodiscard]] Status check_kiosk_name(std::string_view name);

// "http://host:port/prefix" -> client address "http://host:port" and path
// prefix "/prefix" ("" when none); err.sync.hub_url otherwise.
struct HubAddress {
    std::string origin;
    std::string prefix;
};
[[nodiscard]] Result<HubAddress> parse_hub_url(const std::string& url);

} // namespace keluhan

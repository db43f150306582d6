// Satisfaction-survey responses (src/skm.cpp). A response keeps no name, no
// contact, no time of day and no complaint: a complaint that has had its
// one response is only marked so (complaints.skm_answered), so nothing in
// the file joins a response to the person who gave it.
//
// A kiosk that syncs keeps a response it took for a complaint's code in
// its survey outbox (skm_outbox) with that code until the hub has it: the
// kiosk does not hold the complaint's state, so the hub checks the code.
// Once the hub answered, the outbox row (and so the code) is deleted.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/skm.hpp"
#include "keluhan/storage/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace keluhan {

// A response waiting in a kiosk's survey outbox.
struct SkmOutboxItem {
    SkmResponse response;
    std::string code; // compact; "" for a walk-in response
    TimeMs queued_at = 0;
};

class SkmRepository : protected Repository {
  public:
    explicit SkmRepository(Database& db) : Repository(db) {}

    // Stores `r` (its id given) in one transaction. With `code`: the
    // complaint must be closed (err.skm.not_closed) and not answered yet
    // (err.skm.already), and is marked answered; err.complaint.not_found
    // when there is none. The same id again changes nothing (a retried sync).
    // Returns false when it was there already.
    [[nodiscard]] Result<bool> add_skm_response(const SkmResponse& r,
                                                const std::optional<TrackingCode>& code,
                                                const std::string& questionnaire);
    // A kiosk's response for the hub: stored here (the kiosk's own count) and
    // queued with `code` (not checked here) in one transaction.
    [[nodiscard]] Status queue_skm_response(const SkmResponse& r,
                                            const std::optional<TrackingCode>& code,
                                            const std::string& questionnaire, TimeMs at);
    // Queued responses not yet sent nor rejected, oldest first, at most `limit`.
    [[nodiscard]] Result<std::vector<SkmOutboxItem>> skm_outbox_pending(int limit);
    [[nodiscard]] Result<std::int64_t> skm_outbox_pending_count();
    [[nodiscard]] Result<std::int64_t> skm_outbox_rejected_count();
    // After the hub answered stored or duplicate: the outbox rows (and their
    // codes) are deleted, the responses marked synced.
    [[nodiscard]] Status mark_skm_sent(const std::vector<std::string>& ids, TimeMs at);
    // The hub refused it: kept with the reason, not offered again; the code
    // is kept too, so staff can see which complaint it was for.
    [[nodiscard]] Status mark_skm_rejected(const std::string& id, const Error& why);
    // The responses given from `from` to `to` (days, both included), by day.
    [[nodiscard]] Result<std::vector<SkmResponse>> skm_responses(Date from, Date to);
    // Whether the complaint has had its response.
    [[nodiscard]] Result<bool> skm_answered(const TrackingCode& code);
};

} // namespace keluhan

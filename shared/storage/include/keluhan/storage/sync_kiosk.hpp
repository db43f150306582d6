// Sync, the kiosk side (src/sync_kiosk.cpp, sync.hpp, docs/sync.md): the
// outbox of complaints not yet pushed, the hub's status of the kiosk's own
// complaints (remote_status) and the pull cursor (sync_state).
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keluhan {

// A complaint waiting in a kiosk's outbox, with what the push needs.
struct OutboxItem {
    Complaint complaint;
    std::vector<Attachment> attachments; // with data
    TimeMs queued_at = 0;
    int attempts = 0;
    std::string last_error; // key of the last failure, "" if none
};

// One complaint's current state on the hub, as its kiosk pulls and keeps it.
struct StatusChange {
    std::string id;
    std::string code; // compact
    ComplaintStatus status = ComplaintStatus::Open;
    TimeMs updated_at = 0;
    std::string status_view; // JSON text (sync.hpp status_view())
};
struct RemoteStatus {
    StatusChange change;
    TimeMs fetched_at = 0;
};

class KioskSyncRepository : protected Repository {
  public:
    explicit KioskSyncRepository(Database& db) : Repository(db) {}

    // Unsent, not rejected outbox rows, oldest first, with their complaint
    // and attachments.
    [[nodiscard]] Result<std::vector<OutboxItem>> outbox_pending(int limit);
    [[nodiscard]] Result<std::int64_t> outbox_pending_count();
    [[nodiscard]] Result<std::int64_t> outbox_rejected_count();
    // After the hub answered stored or duplicate for these complaint seqs.
    [[nodiscard]] Status mark_sent(const std::vector<std::int64_t>& complaint_seqs, TimeMs at);
    // A failed attempt: attempts + 1 and the reason; with `rejected` the row
    // is also set aside (not offered again automatically).
    [[nodiscard]] Status mark_failed(std::int64_t complaint_seq, const Error& why, bool rejected);
    [[nodiscard]] Status mark_rejected(std::int64_t complaint_seq, const Error& why) {
        return mark_failed(complaint_seq, why, true);
    }
    // Keeps pulled changes, the new pull cursor (sync_state "pull_cursor")
    // and the time of this answer (sync_state "pulled_at", decimal ms: every
    // copy is at least that fresh) in one transaction.
    [[nodiscard]] Status put_remote_status(const std::vector<StatusChange>& changes,
                                           const std::string& cursor, TimeMs fetched_at);
    // The hub's copy of a complaint's status; nullopt when none was pulled.
    [[nodiscard]] Result<std::optional<RemoteStatus>>
    remote_status(const std::string& compact_code);
    [[nodiscard]] Result<std::optional<std::string>> sync_state(const std::string& key);
    [[nodiscard]] Status set_sync_state(const std::string& key, const std::string& value);
};

} // namespace keluhan

// Sync, the hub side (src/sync_hub.cpp, sync.hpp, docs/sync.md): the kiosks
// allowed to push and their token hashes, the idempotent import of pushed
// complaints, and the changes a kiosk pulls.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/sop.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace keluhan {

// A complaint made on a kiosk, as the hub imports it from a push.
struct ImportedComplaint {
    std::string id;        // the kiosk's UUID for it
    std::string code;      // tracking code as sent (compact or grouped)
    TimeMs created_at = 0; // when the kiosk took it
    Submission submission; // its fields and attachments (origin ignored)
};

// What the hub did with one pushed complaint.
struct ImportResult {
    enum class Outcome { Stored, Duplicate, Rejected };
    std::string id;
    Outcome outcome = Outcome::Rejected;
    Error error; // Rejected: why (err.sync.code_conflict, a validation error)
};

// A kiosk allowed to sync with this hub (`keluhan kiosk add`).
struct KioskRecord {
    std::int64_t id = 0;
    std::string name;
    std::string secret_hash; // hex crypto_generichash of the token's secret
    TimeMs created_at = 0;
    TimeMs revoked_at = 0;   // 0 = active
    TimeMs last_seen_at = 0; // 0 = never
};

// One of this hub's complaints with its events, for the kiosks' pull.
struct ChangedComplaint {
    Complaint complaint;
    std::vector<Event> events;
};
struct ChangedPage {
    std::vector<ChangedComplaint> rows;
    std::int64_t next = 0; // the largest events.id covered
    bool more = false;
};

class HubSyncRepository : protected Repository {
  public:
    explicit HubSyncRepository(Database& db) : Repository(db) {}

    // Registers a kiosk (err.kiosk.exists when the name is taken, revoked or
    // not), with its "hub.kiosk.add" audit row by `actor` in the same transaction.
    [[nodiscard]] Result<KioskRecord>
    add_kiosk(const std::string& name, const std::string& secret_hash, const std::string& actor);
    [[nodiscard]] Result<std::vector<KioskRecord>> kiosks();
    // Sets revoked_at (err.kiosk.unknown; revoking twice keeps the first time),
    // with its "hub.kiosk.revoke" audit row by `actor` in the same transaction.
    [[nodiscard]] Result<KioskRecord> revoke_kiosk(const std::string& name,
                                                   const std::string& actor);
    // err.kiosk.unknown when there is no such kiosk. Works on a read-only store.
    [[nodiscard]] Result<KioskRecord> find_kiosk(const std::string& name);
    [[nodiscard]] Status touch_kiosk(const std::string& name, TimeMs at);
    // The hub's idempotent insert of valid complaints (checked by the caller),
    // all in one durable transaction, origin = `origin`: a known id is a
    // Duplicate (whatever its state now), a code held by another id is
    // Rejected (err.sync.code_conflict), else Stored like submit() does it
    // (first SOP step done at created_at, the next current, due on the hub's
    // calendar, one "submit" event, the attachments; no outbox row).
    [[nodiscard]] Result<std::vector<ImportResult>>
    import_batch(const std::vector<ImportedComplaint>& batch, const std::string& origin,
                 const SopEngine& engine);
    // Complaints of `origin` with any event after `cursor` (an events.id),
    // at most `limit`, in the order of their latest such event; `next` covers
    // every event returned. One read snapshot. Works on a read-only store.
    [[nodiscard]] Result<ChangedPage> changes_since(const std::string& origin, std::int64_t cursor,
                                                    int limit);
};

} // namespace keluhan

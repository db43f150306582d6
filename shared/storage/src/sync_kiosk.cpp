// Sync, the kiosk side (sync_kiosk.hpp, docs/sync.md): the outbox, the
// hub's status copy (remote_status) and the pull cursor (sync_state).
#include "keluhan/storage/sync_kiosk.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

#include <algorithm>

namespace keluhan {

using namespace store_detail;

// Migration 1: complaints not yet pushed to the hub (submit() adds the row).
extern const char store_detail::kOutboxV1[] = R"sql(
-- Complaints not yet pushed to the hub (the kiosk's offline outbox).
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL UNIQUE REFERENCES complaints(seq) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(id) WHERE sent_at IS NULL;
)sql";

// Migration 4: outbox rows the hub refused (kept, not retried), the hub's
// status of the kiosk's own complaints, and the pull cursor.
extern const char store_detail::kSyncKioskV4[] = R"sql(
ALTER TABLE outbox ADD COLUMN rejected_at INTEGER;
CREATE TABLE remote_status(
  code TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  json TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
CREATE TABLE sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// --- the kiosk's outbox -----------------------------------------------------------------

Result<std::vector<OutboxItem>> KioskSyncRepository::outbox_pending(int limit) {
    return guarded("outbox_pending", [&]() -> Result<std::vector<OutboxItem>> {
        auto& c = conn();
        db::ReadTransaction snapshot(c);
        std::vector<OutboxItem> out;
        {
            auto st = c.cached(
                std::string("SELECT ") + kComplaintColumns +
                ", o.created_at, o.attempts, o.last_error FROM outbox o JOIN complaints c "
                "ON c.seq = o.complaint_seq WHERE o.sent_at IS NULL AND o.rejected_at IS NULL "
                "ORDER BY o.id LIMIT ?");
            st->bind(1, std::max(limit, 0));
            while (st->step()) {
                OutboxItem item;
                item.complaint = read_complaint(*st);
                // The outbox's own columns follow the complaint's.
                item.queued_at = st->int64(kComplaintColumnCount);
                item.attempts = static_cast<int>(st->int64(kComplaintColumnCount + 1));
                item.last_error = st->text(kComplaintColumnCount + 2);
                out.push_back(std::move(item));
            }
        }
        for (auto& item : out) {
            auto st = c.cached(
                "SELECT id, media_type, filename, data FROM attachments WHERE complaint_seq = ? "
                "ORDER BY id");
            st->bind(1, item.complaint.seq);
            while (st->step())
                item.attachments.push_back(
                    Attachment{st->int64(0), st->text(1), st->text(2), st->blob(3)});
        }
        return out;
    });
}

Result<std::int64_t> KioskSyncRepository::outbox_pending_count() {
    return guarded("outbox_pending_count", [&]() -> Result<std::int64_t> {
        return conn().scalar(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND rejected_at IS NULL");
    });
}

Result<std::int64_t> KioskSyncRepository::outbox_rejected_count() {
    return guarded("outbox_rejected_count", [&]() -> Result<std::int64_t> {
        return conn().scalar(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND rejected_at IS NOT NULL");
    });
}

Status KioskSyncRepository::mark_sent(const std::vector<std::int64_t>& seqs, TimeMs at) {
    if (seqs.empty()) return ok();
    return guarded("mark_sent", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        for (const auto seq : seqs)
            c.cached("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' "
                     "WHERE complaint_seq = ? AND sent_at IS NULL")
                ->bind(1, at)
                .bind(2, seq)
                .run();
        tx.commit();
        return ok();
    });
}

Status KioskSyncRepository::mark_failed(std::int64_t seq, const Error& why, bool rejected) {
    return guarded("mark_failed", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.cached("UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                 "rejected_at = CASE WHEN ? THEN coalesce(rejected_at, ?) ELSE rejected_at END "
                 "WHERE complaint_seq = ? AND sent_at IS NULL")
            ->bind(1, why.key)
            .bind(2, rejected ? 1 : 0)
            .bind(3, now_ms())
            .bind(4, seq)
            .run();
        tx.commit();
        return ok();
    });
}

// --- the kiosk's copy of the hub's status -----------------------------------------------

Status KioskSyncRepository::put_remote_status(const std::vector<StatusChange>& changes,
                                              const std::string& cursor, TimeMs fetched_at) {
    return guarded("put_remote_status", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        for (const auto& ch : changes)
            c.cached("INSERT INTO remote_status(code, id, status, updated_at, json, fetched_at) "
                     "VALUES (?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET id = excluded.id, "
                     "status = excluded.status, updated_at = excluded.updated_at, json = "
                     "excluded.json, "
                     "fetched_at = excluded.fetched_at")
                ->bind(1, ch.code)
                .bind(2, ch.id)
                .bind(3, to_string(ch.status))
                .bind(4, ch.updated_at)
                .bind(5, ch.status_view)
                .bind(6, fetched_at)
                .run();
        c.cached("INSERT INTO sync_state(key, value) VALUES ('pull_cursor', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            ->bind(1, cursor)
            .run();
        // Every copy is as fresh as this answer (the hub said nothing else
        // changed); kept once here rather than on every row.
        c.cached("INSERT INTO sync_state(key, value) VALUES ('pulled_at', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            ->bind(1, std::to_string(fetched_at))
            .run();
        tx.commit();
        return ok();
    });
}

namespace {

RemoteStatus read_remote_status(const db::Statement& st) {
    RemoteStatus r;
    r.change.code = st.text(0);
    r.change.id = st.text(1);
    r.change.status = status_from_string(st.text(2)).value_or(ComplaintStatus::Open);
    r.change.updated_at = st.int64(3);
    r.change.status_view = st.text(4);
    r.fetched_at = st.int64(5);
    return r;
}

std::string read_value(const db::Statement& st) {
    return st.text(0);
}

} // namespace

Result<std::optional<RemoteStatus>> KioskSyncRepository::remote_status(const std::string& code) {
    return one_row("remote_status",
                   "SELECT code, id, status, updated_at, json, fetched_at FROM remote_status "
                   "WHERE code = ?",
                   read_remote_status, code);
}

Result<std::optional<std::string>> KioskSyncRepository::sync_state(const std::string& key) {
    return one_row("sync_state", "SELECT value FROM sync_state WHERE key = ?", read_value, key);
}

Status KioskSyncRepository::set_sync_state(const std::string& key, const std::string& value) {
    return guarded("set_sync_state", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.cached("INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                 "value = excluded.value")
            ->bind(1, key)
            .bind(2, value)
            .run();
        tx.commit();
        return ok();
    });
}

} // namespace keluhan

// Sync tables (migration 4, docs/sync.md). The hub side: kiosks and their
// token hashes, the idempotent import of pushed complaints, the changes a
// kiosk pulls. The kiosk side: the outbox, the hub's status copy
// (remote_status) and the pull cursor (sync_state).
#include "keluhan/storage/store.hpp"

#include "keluhan/domain/text.hpp"
#include "store_internal.hpp"

#include <set>

namespace keluhan {

using namespace store_detail;

namespace {

constexpr const char* kKioskColumns = "id, name, secret_hash, created_at, revoked_at, last_seen_at";

KioskRecord read_kiosk(const db::Statement& s) {
    KioskRecord k;
    k.id = s.int64(0);
    k.name = s.text(1);
    k.secret_hash = s.text(2);
    k.created_at = s.int64(3);
    k.revoked_at = s.is_null(4) ? 0 : s.int64(4);
    k.last_seen_at = s.is_null(5) ? 0 : s.int64(5);
    return k;
}

Complaint complaint_at(db::Connection& c, std::int64_t seq) {
    auto st =
        c.cached(std::string("SELECT ") + kComplaintColumns + " FROM complaints c WHERE c.seq = ?");
    st->bind(1, seq);
    st->step();
    return read_complaint(*st);
}

std::vector<Event> events_of(db::Connection& c, std::int64_t seq) {
    auto st = c.cached("SELECT id, kind, step_id, actor, actor_role, on_behalf_of, note, at "
                       "FROM events WHERE complaint_seq = ? ORDER BY id");
    st->bind(1, seq);
    std::vector<Event> out;
    while (st->step())
        out.push_back(Event{st->int64(0), st->text(1), st->text(2), st->text(3), st->text(4),
                            st->text(5), st->text(6), st->int64(7)});
    return out;
}

} // namespace

// --- kiosks ------------------------------------------------------------------------

Result<KioskRecord> Store::add_kiosk(const std::string& name, const std::string& secret_hash,
                                     const std::string& actor) {
    return guarded("add_kiosk", [&]() -> Result<KioskRecord> {
        auto& c = *conn_;
        auto tx = begin_write();
        const TimeMs now = now_ms();
        auto ins = c.prepare("INSERT INTO kiosks(name, secret_hash, created_at) VALUES (?,?,?) "
                             "ON CONFLICT(name) DO NOTHING");
        ins.bind(1, name).bind(2, secret_hash).bind(3, now).run();
        if (c.changes() == 0)
            return Error{ErrorKind::Conflict, "err.kiosk.exists", {{"name", name}}};
        KioskRecord k;
        k.id = c.last_insert_rowid();
        k.name = name;
        k.secret_hash = secret_hash;
        k.created_at = now;
        insert_audit(c, actor, "hub.kiosk.add", name, "");
        tx.commit();
        return k;
    });
}

Result<std::vector<KioskRecord>> Store::kiosks() {
    return guarded("kiosks", [&]() -> Result<std::vector<KioskRecord>> {
        auto st =
            conn_->prepare(std::string("SELECT ") + kKioskColumns + " FROM kiosks ORDER BY name");
        std::vector<KioskRecord> out;
        while (st.step())
            out.push_back(read_kiosk(st));
        return out;
    });
}

Result<KioskRecord> Store::find_kiosk(const std::string& name) {
    return guarded("find_kiosk", [&]() -> Result<KioskRecord> {
        auto st =
            conn_->cached(std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE name = ?");
        st->bind(1, name);
        if (!st->step()) return Error{ErrorKind::NotFound, "err.kiosk.unknown", {{"name", name}}};
        return read_kiosk(*st);
    });
}

Result<KioskRecord> Store::revoke_kiosk(const std::string& name, const std::string& actor) {
    return guarded("revoke_kiosk", [&]() -> Result<KioskRecord> {
        auto& c = *conn_;
        auto tx = begin_write();
        c.prepare("UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?) WHERE name = ?")
            .bind(1, now_ms())
            .bind(2, name)
            .run();
        if (c.changes() != 1)
            return Error{ErrorKind::NotFound, "err.kiosk.unknown", {{"name", name}}};
        auto st = c.prepare(std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE name = ?");
        st.bind(1, name);
        st.step();
        KioskRecord k = read_kiosk(st);
        st.reset();
        insert_audit(c, actor, "hub.kiosk.revoke", name, "");
        tx.commit();
        return k;
    });
}

Status Store::touch_kiosk(const std::string& name, TimeMs at) {
    return guarded("touch_kiosk", [&]() -> Status {
        auto& c = *conn_;
        auto tx = begin_write();
        c.cached("UPDATE kiosks SET last_seen_at = ? WHERE name = ?")
            ->bind(1, at)
            .bind(2, name)
            .run();
        tx.commit();
        return ok();
    });
}

// --- the hub's import -------------------------------------------------------------------

Result<std::vector<ImportResult>> Store::import_batch(const std::vector<ImportedComplaint>& batch,
                                                      const std::string& origin,
                                                      const SopEngine& engine) {
    return guarded("import_batch", [&]() -> Result<std::vector<ImportResult>> {
        auto& c = *conn_;
        std::vector<ImportResult> out;
        out.reserve(batch.size());
        auto tx = begin_write();
        for (const auto& in : batch) {
            ImportResult r;
            r.id = in.id;
            {
                auto known = c.cached("SELECT 1 FROM complaints WHERE id = ?");
                known->bind(1, in.id);
                if (known->step()) {
                    r.outcome = ImportResult::Outcome::Duplicate;
                    out.push_back(std::move(r));
                    continue;
                }
            }
            const auto code = TrackingCode::parse(in.code);
            if (!code) {
                r.error = code.error();
                out.push_back(std::move(r));
                continue;
            }
            const auto seq =
                insert_new_complaint(c, in.id, code->compact(), in.submission, engine,
                                     engine.start(in.created_at), in.created_at, origin);
            if (!seq) {
                // The id was checked above, so the code is another complaint's.
                r.error = Error{
                    ErrorKind::Conflict, "err.sync.code_conflict", {{"code", code->grouped()}}};
                out.push_back(std::move(r));
                continue;
            }
            r.outcome = ImportResult::Outcome::Stored;
            out.push_back(std::move(r));
        }
        tx.commit();
        return out;
    });
}

// --- the kiosks' pull -----------------------------------------------------------------

Result<ChangedPage> Store::changes_since(const std::string& origin, std::int64_t cursor,
                                         int limit) {
    if (limit < 1) limit = 1;
    return guarded("changes_since", [&]() -> Result<ChangedPage> {
        auto& c = *conn_;
        db::ReadTransaction snapshot(c);
        ChangedPage page;
        page.next = cursor;
        std::vector<std::int64_t> seqs;
        std::set<std::int64_t> seen;
        {
            // Events in id order (the order they were committed: writes are
            // serialised), this kiosk's only; CROSS JOIN keeps events outside.
            auto st = c.cached(
                "SELECT e.id, e.complaint_seq FROM events e CROSS JOIN complaints c "
                "ON c.seq = e.complaint_seq WHERE e.id > ? AND c.origin = ? ORDER BY e.id");
            st->bind(1, cursor).bind(2, origin);
            while (st->step()) {
                const auto id = st->int64(0), seq = st->int64(1);
                if (!seen.count(seq)) {
                    if (static_cast<int>(seqs.size()) == limit) {
                        page.more = true;
                        break;
                    }
                    seen.insert(seq);
                    seqs.push_back(seq);
                }
                page.next = id;
            }
        }
        if (!page.more) {
            // Nothing more of ours: the cursor may skip the other kiosks' events too.
            const auto last = c.scalar("SELECT coalesce(max(id), 0) FROM events");
            page.next = std::max(page.next, last);
        }
        for (const auto seq : seqs)
            page.rows.push_back(ChangedComplaint{complaint_at(c, seq), events_of(c, seq)});
        return page;
    });
}

// --- the kiosk's outbox -----------------------------------------------------------------

Result<std::vector<OutboxItem>> Store::outbox_pending(int limit) {
    return guarded("outbox_pending", [&]() -> Result<std::vector<OutboxItem>> {
        auto& c = *conn_;
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
                item.queued_at = st->int64(23);
                item.attempts = static_cast<int>(st->int64(24));
                item.last_error = st->text(25);
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

Result<std::int64_t> Store::outbox_pending_count() {
    return guarded("outbox_pending_count", [&]() -> Result<std::int64_t> {
        return conn_->scalar(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND rejected_at IS NULL");
    });
}

Result<std::int64_t> Store::outbox_rejected_count() {
    return guarded("outbox_rejected_count", [&]() -> Result<std::int64_t> {
        return conn_->scalar(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND rejected_at IS NOT NULL");
    });
}

Status Store::mark_sent(const std::vector<std::int64_t>& seqs, TimeMs at) {
    if (seqs.empty()) return ok();
    return guarded("mark_sent", [&]() -> Status {
        auto& c = *conn_;
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

Status Store::mark_failed(std::int64_t seq, const Error& why, bool rejected) {
    return guarded("mark_failed", [&]() -> Status {
        auto& c = *conn_;
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

Status Store::put_remote_status(const std::vector<StatusChange>& changes, const std::string& cursor,
                                TimeMs fetched_at) {
    return guarded("put_remote_status", [&]() -> Status {
        auto& c = *conn_;
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

Result<std::optional<RemoteStatus>> Store::remote_status(const std::string& code) {
    return guarded("remote_status", [&]() -> Result<std::optional<RemoteStatus>> {
        auto st = conn_->cached(
            "SELECT code, id, status, updated_at, json, fetched_at FROM remote_status "
            "WHERE code = ?");
        st->bind(1, code);
        if (!st->step()) return std::optional<RemoteStatus>();
        RemoteStatus r;
        r.change.code = st->text(0);
        r.change.id = st->text(1);
        r.change.status = status_from_string(st->text(2)).value_or(ComplaintStatus::Open);
        r.change.updated_at = st->int64(3);
        r.change.status_view = st->text(4);
        r.fetched_at = st->int64(5);
        return std::optional<RemoteStatus>(std::move(r));
    });
}

Result<std::optional<std::string>> Store::sync_state(const std::string& key) {
    return guarded("sync_state", [&]() -> Result<std::optional<std::string>> {
        auto st = conn_->cached("SELECT value FROM sync_state WHERE key = ?");
        st->bind(1, key);
        if (!st->step()) return std::optional<std::string>();
        return std::optional<std::string>(st->text(0));
    });
}

Status Store::set_sync_state(const std::string& key, const std::string& value) {
    return guarded("set_sync_state", [&]() -> Status {
        auto& c = *conn_;
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

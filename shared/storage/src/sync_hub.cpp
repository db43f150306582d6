// Sync, the hub side (sync_hub.hpp, docs/sync.md): kiosks and their token
// hashes, the idempotent import of pushed complaints, the changes a kiosk
// pulls.
#include "keluhan/storage/sync_hub.hpp"

#include "keluhan/domain/ids.hpp"
#include "schema.hpp"
#include "store_internal.hpp"

#include <algorithm>
#include <set>

namespace keluhan {

using namespace store_detail;

// Migration 4: the kiosks allowed to push (only a hash of each token's
// secret), and the complaints by origin for the pull. (store.cpp says when
// each part runs.)
extern const char store_detail::kSyncHubV4[] = R"sql(
CREATE TABLE kiosks(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER
);
CREATE INDEX complaints_origin ON complaints(origin, seq);
)sql";

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

} // namespace

// --- kiosks ------------------------------------------------------------------------

Result<KioskRecord> HubSyncRepository::add_kiosk(const std::string& name,
                                                 const std::string& secret_hash,
                                                 const std::string& actor) {
    return guarded("add_kiosk", [&]() -> Result<KioskRecord> {
        auto& c = conn();
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

Result<std::vector<KioskRecord>> HubSyncRepository::kiosks() {
    return all_rows("kiosks", std::string("SELECT ") + kKioskColumns + " FROM kiosks ORDER BY name",
                    read_kiosk);
}

Result<KioskRecord> HubSyncRepository::find_kiosk(const std::string& name) {
    return found_or(one_row("find_kiosk",
                            std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE name = ?",
                            read_kiosk, name),
                    [&] {
                        return Error{ErrorKind::NotFound, "err.kiosk.unknown", {{"name", name}}};
                    });
}

Result<KioskRecord> HubSyncRepository::revoke_kiosk(const std::string& name,
                                                    const std::string& actor) {
    return guarded("revoke_kiosk", [&]() -> Result<KioskRecord> {
        auto& c = conn();
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

Status HubSyncRepository::touch_kiosk(const std::string& name, TimeMs at) {
    return guarded("touch_kiosk", [&]() -> Status {
        auto& c = conn();
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

Result<std::vector<ImportResult>>
HubSyncRepository::import_batch(const std::vector<ImportedComplaint>& batch,
                                const std::string& origin, const SopEngine& engine) {
    return guarded("import_batch", [&]() -> Result<std::vector<ImportResult>> {
        auto& c = conn();
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

Result<ChangedPage> HubSyncRepository::changes_since(const std::string& origin, std::int64_t cursor,
                                                     int limit) {
    if (limit < 1) limit = 1;
    return guarded("changes_since", [&]() -> Result<ChangedPage> {
        auto& c = conn();
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

} // namespace keluhan

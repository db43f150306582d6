// [SECTION] index
//   schema and migrations
//   opening, the writer lock and error mapping
//   complaints: submit, find, events, attachments, apply
//   the register: list and count
//   users and audit
//   maintenance: backup and check
#include "keluhan/storage/store.hpp"

#include "keluhan/domain/text.hpp"
#include "store_internal.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace keluhan {

using namespace store_detail;

// [SECTION] schema and migrations ---------------------------------------------

namespace {

// Migration N (1-based) brings user_version from N-1 to N. Never edit a
// shipped migration; add a new one.
const char* const kMigrations[] = {
    // 1: the first schema
    R"sql(
CREATE TABLE complaints(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  register_number TEXT UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('tertulis','lisan','elektronik')),
  anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0,1)),
  name TEXT NOT NULL DEFAULT '',
  organization TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  expectation TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL CHECK (consent IN (0,1)),
  sop TEXT NOT NULL,
  current_step TEXT,
  status TEXT NOT NULL CHECK (status IN ('open','closed')),
  created_at INTEGER NOT NULL,
  step_started_at INTEGER NOT NULL,
  due_at INTEGER,
  updated_at INTEGER NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  anonymised_at INTEGER
);
CREATE INDEX complaints_created ON complaints(created_at);
CREATE INDEX complaints_status ON complaints(status, seq);
CREATE INDEX complaints_service ON complaints(service, seq);
CREATE INDEX complaints_channel ON complaints(channel, seq);
CREATE INDEX complaints_due ON complaints(status, due_at, seq);
CREATE INDEX complaints_step ON complaints(current_step, due_at);

CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  step_id TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  on_behalf_of TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX events_complaint ON events(complaint_seq, id);

CREATE TABLE attachments(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq) ON DELETE CASCADE,
  media_type TEXT NOT NULL,
  filename TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_complaint ON attachments(complaint_seq);

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

CREATE TABLE register_sequence(year INTEGER PRIMARY KEY, last INTEGER NOT NULL);

CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE complaints_fts USING fts5(
  description, expectation, name, organization, reference,
  content='complaints', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER complaints_fts_ai AFTER INSERT ON complaints BEGIN
  INSERT INTO complaints_fts(rowid, description, expectation, name, organization, reference)
  VALUES (new.seq, new.description, new.expectation, new.name, new.organization, new.reference);
END;
CREATE TRIGGER complaints_fts_ad AFTER DELETE ON complaints BEGIN
  INSERT INTO complaints_fts(complaints_fts, rowid, description, expectation, name, organization, reference)
  VALUES ('delete', old.seq, old.description, old.expectation, old.name, old.organization, old.reference);
END;
CREATE TRIGGER complaints_fts_au AFTER UPDATE OF description, expectation, name, organization, reference
ON complaints BEGIN
  INSERT INTO complaints_fts(complaints_fts, rowid, description, expectation, name, organization, reference)
  VALUES ('delete', old.seq, old.description, old.expectation, old.name, old.organization, old.reference);
  INSERT INTO complaints_fts(rowid, description, expectation, name, organization, reference)
  VALUES (new.seq, new.description, new.expectation, new.name, new.organization, new.reference);
END;
)sql",
    // 2: print jobs (store_print.cpp), so a failed receipt can be reprinted
    R"sql(
CREATE TABLE print_jobs(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq) ON DELETE CASCADE,
  document TEXT NOT NULL CHECK (document IN ('tanda_terima','surat_tanggapan')),
  printer TEXT NOT NULL DEFAULT '',
  cups_job_id INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('queued','submitted','completed','held','failed','cancelled','saved')),
  message TEXT NOT NULL DEFAULT '',
  message_params TEXT NOT NULL DEFAULT '{}',
  detail TEXT NOT NULL DEFAULT '',
  requested_by TEXT NOT NULL DEFAULT '',
  visitor INTEGER NOT NULL DEFAULT 0 CHECK (visitor IN (0,1)),
  file TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX print_jobs_complaint ON print_jobs(complaint_seq, document, id);
CREATE INDEX print_jobs_state ON print_jobs(state, id);
)sql",
    // 3: the register sorts by submission time (a hub holds complaints from
    // several kiosks, stored in the order they arrive, not the order they
    // were made), and a filter plus a date range stays an index range.
    R"sql(
DROP INDEX complaints_status;
DROP INDEX complaints_service;
DROP INDEX complaints_channel;
CREATE INDEX complaints_status_created ON complaints(status, created_at);
CREATE INDEX complaints_service_created ON complaints(service, created_at);
CREATE INDEX complaints_channel_created ON complaints(channel, created_at);
)sql",
    // 4: sync (store_sync.cpp, docs/sync.md). On the hub: the kiosks allowed
    // to push (only a hash of each token's secret), and the complaints by
    // origin for the pull. On a kiosk: outbox rows the hub refused (kept, not
    // retried), the hub's status of its own complaints, and the pull cursor.
    R"sql(
CREATE TABLE kiosks(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER
);
CREATE INDEX complaints_origin ON complaints(origin, seq);
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
)sql",
    // 5: office settings edited in the admin panel, laid over the config
    // file (settings.hpp); corrective and preventive action, one record per
    // complaint (capa.hpp); and the complainant's contacts indexed the way
    // personal-data requests look them up (digits of the phone, e-mail in
    // lower case), so an export does not scan the whole register.
    R"sql(
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE capa(
  complaint_seq INTEGER PRIMARY KEY REFERENCES complaints(seq) ON DELETE CASCADE,
  root_cause TEXT NOT NULL DEFAULT '',
  correction TEXT NOT NULL DEFAULT '',
  corrective_action TEXT NOT NULL DEFAULT '',
  preventive_action TEXT NOT NULL DEFAULT '',
  responsible TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL DEFAULT '',
  effective TEXT NOT NULL DEFAULT '' CHECK (effective IN ('', 'ya', 'tidak')),
  effectiveness TEXT NOT NULL DEFAULT '',
  notulen TEXT NOT NULL DEFAULT '',
  checked_on TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX complaints_phone_digits ON complaints(
  replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', ''))
  WHERE phone != '';
CREATE INDEX complaints_email_lower ON complaints(lower(email)) WHERE email != '';
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

} // namespace

int Store::latest_schema_version() {
    return kSchemaVersion;
}

// [SECTION] opening, the writer lock and error mapping -------------------------

namespace {

// The writer-lock note's width: long enough for any owner name we use.
constexpr std::size_t kLockNoteWidth = 160;

std::string read_lock_owner(int fd) {
    char buf[512] = {};
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string s = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\0' || s.back() == ' '))
        s.pop_back();
    return s.empty() ? "?" : s;
}

bool try_lock(int fd, short type) {
    struct flock fl {};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    return fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

} // namespace

namespace store_detail {

WriterLock::WriterLock(int fd, int timeout_ms, const std::string& owner) : fd_(fd) {
    // Poll rather than F_OFD_SETLKW: a blocking wait cannot time out. Most
    // waits are one transaction of another writer (well under a millisecond
    // to a few), so the first sleeps are short.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    auto pause = std::chrono::microseconds(50);
    while (!try_lock(fd_, F_WRLCK)) {
        if (errno != EAGAIN && errno != EACCES && errno != EINTR)
            throw db::Failure(SQLITE_IOERR, std::string("writer lock: ") + std::strerror(errno));
        if (std::chrono::steady_clock::now() >= deadline) throw LockTimeout{read_lock_owner(fd_)};
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(5000));
    }
    // The note for a writer kept waiting, written over the last holder's in
    // one pwrite: padded to a fixed width, so no truncate (a second system
    // call and a change of the file's size on every transaction).
    std::string who = "owner=" + owner + " pid=" + std::to_string(getpid()) +
                      " since=" + format_iso_utc(now_ms());
    who.resize(std::max<std::size_t>(who.size(), kLockNoteWidth - 1), ' ');
    who += '\n';
    if (pwrite(fd_, who.data(), who.size(), 0) != static_cast<ssize_t>(who.size())) {
        // The lock itself is held; only the note for a waiting writer is missing.
    }
}

WriterLock::~WriterLock() {
    try_lock(fd_, F_UNLCK);
}

} // namespace store_detail

Store::Store(std::filesystem::path path, StoreOptions opt)
    : path_(std::move(path)), opt_(std::move(opt)) {}

store_detail::WriteTx Store::begin_write() {
    return store_detail::WriteTx(lock_fd_, opt_.busy_timeout_ms, opt_.owner, *conn_);
}

Store::~Store() {
    if (lock_fd_ < 0) return; // a reader: closing never checkpoints
    // Closing the last connection checkpoints the WAL: that is a write, so it
    // happens under the writer lock. If another writer keeps it too long,
    // close without the checkpoint; the next writer's commits will do it.
    try {
        store_detail::WriterLock lock(lock_fd_, opt_.busy_timeout_ms, opt_.owner);
        conn_.reset();
    } catch (...) {
        if (conn_) sqlite3_db_config(conn_->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        conn_.reset();
    }
    close(lock_fd_);
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path, StoreOptions opt) {
    std::unique_ptr<Store> s(new Store(path, opt));
    const bool write = opt.access == StoreOptions::Access::Write;
    std::error_code ec;
    if (!write && !std::filesystem::exists(path, ec))
        return Error{ErrorKind::NotFound, "err.store.missing", {{"path", path.string()}}};
    std::optional<store_detail::WriterLock> opening;
    try {
        if (write) {
            if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
            const std::string lock_path = path.string() + "-writer.lock";
            s->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
            if (s->lock_fd_ < 0)
                return Error{ErrorKind::Storage,
                             "err.store.io",
                             {{"detail", lock_path + ": " + std::strerror(errno)}}};
            // Creating the file, switching it to WAL and migrating are writes.
            opening.emplace(s->lock_fd_, opt.busy_timeout_ms, opt.owner);
        }
        s->conn_.emplace(path.string(),
                         write ? db::Connection::Mode::ReadWrite : db::Connection::Mode::ReadOnly);
        auto& c = *s->conn_;
        sqlite3_busy_timeout(c.handle(), opt.busy_timeout_ms);
        c.exec("PRAGMA foreign_keys = ON");
        if (write) {
            c.exec("PRAGMA journal_mode = WAL");
            c.exec("PRAGMA synchronous = FULL");
            // Statement journals (a multi-row statement's undo) stay in memory
            // instead of spilling to a temporary file now and then.
            c.exec("PRAGMA temp_store = MEMORY");
            // Commits checkpoint now and then; they all hold the writer lock.
            c.exec("PRAGMA wal_autocheckpoint = 1000");
            const auto have = c.scalar("PRAGMA user_version");
            if (have > kSchemaVersion)
                return Error{ErrorKind::Storage,
                             "err.store.newer",
                             {{"path", path.string()},
                              {"version", std::to_string(have)},
                              {"supported", std::to_string(kSchemaVersion)}}};
            for (auto v = have; v < kSchemaVersion; ++v) {
                db::Transaction tx(c);
                c.exec(kMigrations[v]);
                c.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
                tx.commit();
            }
        } else {
            // A reader never checkpoints, not even when it closes last.
            sqlite3_db_config(c.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            c.exec("PRAGMA query_only = ON");
            const auto have = c.scalar("PRAGMA user_version");
            if (have == 0)
                return Error{ErrorKind::NotFound, "err.store.missing", {{"path", path.string()}}};
            if (have != kSchemaVersion)
                return Error{ErrorKind::Storage,
                             "err.store.version",
                             {{"path", path.string()},
                              {"version", std::to_string(have)},
                              {"supported", std::to_string(kSchemaVersion)}}};
        }
    } catch (const db::Failure& e) {
        return map_failure(e, "open");
    } catch (const store_detail::LockTimeout& e) {
        return Error{
            ErrorKind::Conflict, "err.store.locked", {{"path", path.string()}, {"owner", e.owner}}};
    }
    return s;
}

int Store::schema_version() {
    auto r = guarded("schema_version", [&]() -> Result<std::int64_t> {
        return conn_->scalar("PRAGMA user_version");
    });
    return r ? static_cast<int>(*r) : -1;
}

// [SECTION] complaints: submit, find, events, attachments, apply -------------

Result<Submitted> Store::submit(const Submission& s, const SopEngine& engine) {
    return guarded("submit", [&]() -> Result<Submitted> {
        auto& c = *conn_;
        const TimeMs now = now_ms();
        const Transition start = engine.start(now);
        const std::string id = new_uuid();
        for (int attempt = 0;; ++attempt) {
            TrackingCode code = TrackingCode::generate();
            auto tx = begin_write();
            const auto inserted =
                insert_new_complaint(c, id, code.compact(), s, engine, start, now, s.origin);
            if (!inserted) {
                // 60 random bits collided with an earlier code: draw again.
                if (attempt > 8) return Error{ErrorKind::Internal, "err.store.code_collision"};
                continue;
            }
            const std::int64_t seq = *inserted;
            c.cached("INSERT INTO outbox(complaint_seq, created_at) VALUES (?,?)")
                ->bind(1, seq)
                .bind(2, now)
                .run();
            tx.commit();
            auto st = c.cached(std::string("SELECT ") + kComplaintColumns +
                               " FROM complaints c WHERE c.seq = ?");
            st->bind(1, seq);
            st->step();
            return Submitted{read_complaint(*st), std::move(code)};
        }
    });
}

Result<Complaint> Store::find_by_code(const TrackingCode& code) {
    return guarded("find_by_code", [&]() -> Result<Complaint> {
        auto st = conn_->cached(std::string("SELECT ") + kComplaintColumns +
                                " FROM complaints c WHERE c.code = ?");
        st->bind(1, code.compact());
        if (!st->step())
            return Error{
                ErrorKind::NotFound, "err.complaint.not_found", {{"code", code.grouped()}}};
        return read_complaint(*st);
    });
}

Result<Complaint> Store::find_by_id(const std::string& id) {
    return guarded("find_by_id", [&]() -> Result<Complaint> {
        auto st = conn_->cached(std::string("SELECT ") + kComplaintColumns +
                                " FROM complaints c WHERE c.id = ?");
        st->bind(1, id);
        if (!st->step())
            return Error{ErrorKind::NotFound, "err.complaint.not_found", {{"code", id}}};
        return read_complaint(*st);
    });
}

Result<std::vector<Event>> Store::events(std::int64_t seq) {
    return guarded("events", [&]() -> Result<std::vector<Event>> {
        auto st =
            conn_->cached("SELECT id, kind, step_id, actor, actor_role, on_behalf_of, note, at "
                          "FROM events WHERE complaint_seq = ? ORDER BY id");
        st->bind(1, seq);
        std::vector<Event> out;
        while (st->step())
            out.push_back(Event{st->int64(0), st->text(1), st->text(2), st->text(3), st->text(4),
                                st->text(5), st->text(6), st->int64(7)});
        return out;
    });
}

Result<std::vector<Attachment>> Store::attachments(std::int64_t seq, bool with_data) {
    return guarded("attachments", [&]() -> Result<std::vector<Attachment>> {
        auto st =
            conn_->prepare(with_data ? "SELECT id, media_type, filename, data FROM attachments "
                                       "WHERE complaint_seq = ? ORDER BY id"
                                     : "SELECT id, media_type, filename, NULL FROM attachments "
                                       "WHERE complaint_seq = ? ORDER BY id");
        st.bind(1, seq);
        std::vector<Attachment> out;
        while (st.step())
            out.push_back(Attachment{st.int64(0), st.text(1), st.text(2),
                                     with_data ? st.blob(3) : std::vector<std::uint8_t>{}});
        return out;
    });
}

Result<Complaint> Store::apply(const Complaint& cpl, const Transition& t,
                               const std::string& register_pattern,
                               const WorkingCalendar& calendar) {
    return guarded("apply", [&]() -> Result<Complaint> {
        auto& c = *conn_;
        auto tx = begin_write();
        auto upd = c.prepare(
            "UPDATE complaints SET current_step = ?, status = ?, step_started_at = ?, due_at = ?, "
            "updated_at = ? WHERE seq = ? AND status = 'open' AND current_step = ?");
        upd.bind(1, t.to_step.empty() ? std::optional<std::string>() : std::optional(t.to_step))
            .bind(2, t.to_step.empty() ? "closed" : "open")
            .bind(3, t.at)
            .bind(4, t.to_step.empty() ? std::optional<TimeMs>() : std::optional(t.due_at))
            .bind(5, t.at)
            .bind(6, cpl.seq)
            .bind(7, t.from_step)
            .run();
        if (c.changes() != 1)
            return Error{ErrorKind::Conflict, "err.sop.changed", {{"code", cpl.code}}};
        insert_event(c, cpl.seq, t.event);
        if (t.assign_register_number) {
            auto has = c.prepare("SELECT register_number FROM complaints WHERE seq = ?");
            has.bind(1, cpl.seq);
            has.step();
            if (has.is_null(0)) {
                const Date d = calendar.local_date(t.at);
                auto next =
                    c.prepare("INSERT INTO register_sequence(year, last) VALUES (?, 1) "
                              "ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last");
                next.bind(1, d.year);
                next.step();
                const auto n = static_cast<int>(next.int64(0));
                next.reset();
                const std::string number =
                    format_register_number(register_pattern, n, d.year, d.month);
                c.prepare("UPDATE complaints SET register_number = ? WHERE seq = ?")
                    .bind(1, number)
                    .bind(2, cpl.seq)
                    .run();
                Event e = t.event;
                e.kind = "register";
                e.note = number;
                insert_event(c, cpl.seq, e);
            }
        }
        tx.commit();
        auto st = c.prepare(std::string("SELECT ") + kComplaintColumns +
                            " FROM complaints c WHERE c.seq = ?");
        st.bind(1, cpl.seq);
        st.step();
        return read_complaint(st);
    });
}

// [SECTION] the register: list and count --------------------------------------

namespace {

// The user's words as an FTS5 query: every word must appear; the last one
// may be the start of a word (as people type), when it has at least three
// characters - a one- or two-letter prefix matches half the register.
// Only letters and digits survive, so FTS5 syntax can never be injected.
std::string fts_query(std::string_view input) {
    std::vector<std::string> words;
    std::string word;
    for (const char ch : input) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 || std::isalnum(c))
            word.push_back(ch);
        else if (!word.empty())
            words.push_back(std::exchange(word, {}));
    }
    if (!word.empty()) words.push_back(std::move(word));
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!out.empty()) out += ' ';
        out += '"' + words[i] + '"';
        if (i + 1 == words.size() && words[i].size() >= 3) out += '*';
    }
    return out;
}

struct Cursor {
    std::int64_t key = 0;
    std::int64_t seq = 0;
};

// "n:<created_at>:<seq>", "o:..." or "d:<due_at>:<seq>": the last row of a page.
std::optional<Cursor> parse_cursor(const std::string& s, ListQuery::Sort sort) {
    const char tag = sort == ListQuery::Sort::Newest   ? 'n'
                     : sort == ListQuery::Sort::Oldest ? 'o'
                                                       : 'd';
    if (s.size() < 5 || s[0] != tag || s[1] != ':') return std::nullopt;
    const auto colon = s.find(':', 2);
    if (colon == std::string::npos) return std::nullopt;
    try {
        std::size_t used_key = 0, used_seq = 0;
        const std::string key = s.substr(2, colon - 2), seq = s.substr(colon + 1);
        Cursor c{std::stoll(key, &used_key), std::stoll(seq, &used_seq)};
        if (used_key != key.size() || used_seq != seq.size()) return std::nullopt;
        return c;
    } catch (...) {
        return std::nullopt;
    }
}

// The WHERE clause and its parameters, shared by list() and count().
struct Where {
    std::string sql;
    std::vector<std::variant<std::int64_t, std::string>> params;
    bool fts = false;
    void add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
};

Where build_where(const ListQuery& q) {
    Where w;
    if (const auto f = fts_query(q.text); !f.empty()) {
        w.fts = true;
        w.add("complaints_fts MATCH ?");
        w.params.emplace_back(f);
    }
    if (q.status) {
        w.add("c.status = ?");
        w.params.emplace_back(std::string(to_string(*q.status)));
    }
    if (!q.service.empty()) {
        w.add("c.service = ?");
        w.params.emplace_back(q.service);
    }
    if (q.channel) {
        w.add("c.channel = ?");
        w.params.emplace_back(std::string(to_string(*q.channel)));
    }
    if (!q.step.empty()) {
        w.add("c.current_step = ?");
        w.params.emplace_back(q.step);
    }
    if (q.from) {
        w.add("c.created_at >= ?");
        w.params.emplace_back(*q.from);
    }
    if (q.to) {
        w.add("c.created_at < ?");
        w.params.emplace_back(*q.to);
    }
    if (q.overdue_only) {
        w.add("c.status = 'open' AND c.due_at < ?");
        w.params.emplace_back(q.now);
    }
    return w;
}

void bind_all(db::Statement& st, const std::vector<std::variant<std::int64_t, std::string>>& ps) {
    int i = 1;
    for (const auto& p : ps) {
        if (std::holds_alternative<std::int64_t>(p))
            st.bind(i++, std::get<std::int64_t>(p));
        else
            st.bind(i++, std::get<std::string>(p));
    }
}

} // namespace

Result<ListPage> Store::list(const ListQuery& q) {
    if (q.limit < 1 || q.limit > 1000)
        return Error{ErrorKind::Invalid, "err.list.limit", {{"max", "1000"}}};
    std::optional<Cursor> cursor;
    if (q.after) {
        cursor = parse_cursor(*q.after, q.sort);
        if (!cursor) return Error{ErrorKind::Invalid, "err.list.cursor"};
    }
    return guarded("list", [&]() -> Result<ListPage> {
        Where w = build_where(q);
        std::string order;
        switch (q.sort) {
        case ListQuery::Sort::Newest:
        case ListQuery::Sort::Oldest: {
            const bool newest = q.sort == ListQuery::Sort::Newest;
            if (w.fts) {
                // The FTS table's rowid is the complaint's seq: FTS5 walks its
                // matches in rowid order and stops after one page.
                if (cursor) {
                    w.add(newest ? "complaints_fts.rowid < ?" : "complaints_fts.rowid > ?");
                    w.params.emplace_back(cursor->seq);
                }
                order = newest ? " ORDER BY complaints_fts.rowid DESC"
                               : " ORDER BY complaints_fts.rowid ASC";
            } else {
                if (cursor) {
                    w.add(newest ? "(c.created_at, c.seq) < (?, ?)"
                                 : "(c.created_at, c.seq) > (?, ?)");
                    w.params.emplace_back(cursor->key);
                    w.params.emplace_back(cursor->seq);
                }
                order = newest ? " ORDER BY c.created_at DESC, c.seq DESC"
                               : " ORDER BY c.created_at ASC, c.seq ASC";
            }
            break;
        }
        case ListQuery::Sort::DueSoonest:
            // Closed complaints have no due time; they are left out.
            w.add("c.status = 'open'");
            if (cursor) {
                w.add("(c.due_at, c.seq) > (?, ?)");
                w.params.emplace_back(cursor->key);
                w.params.emplace_back(cursor->seq);
            }
            order = " ORDER BY c.due_at ASC, c.seq ASC";
            break;
        }
        const std::string from =
            w.fts ? " FROM complaints_fts JOIN complaints c ON c.seq = complaints_fts.rowid"
                  : " FROM complaints c";
        auto st = conn_->cached(std::string("SELECT ") + kComplaintColumns + from + w.sql + order +
                                " LIMIT ?");
        bind_all(*st, w.params);
        st->bind(static_cast<int>(w.params.size()) + 1, q.limit + 1);
        ListPage page;
        while (st->step()) {
            if (static_cast<int>(page.rows.size()) == q.limit) {
                const auto& last = page.rows.back();
                const char tag = q.sort == ListQuery::Sort::Newest   ? 'n'
                                 : q.sort == ListQuery::Sort::Oldest ? 'o'
                                                                     : 'd';
                const auto key =
                    q.sort == ListQuery::Sort::DueSoonest ? last.due_at : last.created_at;
                page.next = std::string(1, tag) + ":" + std::to_string(key) + ":" +
                            std::to_string(last.seq);
                break;
            }
            page.rows.push_back(read_complaint(*st));
        }
        return page;
    });
}

Result<std::int64_t> Store::count(const ListQuery& q) {
    return guarded("count", [&]() -> Result<std::int64_t> {
        const Where w = build_where(q);
        const std::string from =
            w.fts ? " FROM complaints_fts JOIN complaints c ON c.seq = complaints_fts.rowid"
                  : " FROM complaints c";
        auto st = conn_->cached("SELECT count(*)" + from + w.sql);
        bind_all(*st, w.params);
        st->step();
        return st->int64(0);
    });
}

// [SECTION] users and audit ----------------------------------------------------

namespace {
constexpr const char* kUserColumns =
    "id, name, display_name, role, active, failed_attempts, locked_until, password_hash";
} // namespace

Result<std::pair<User, std::string>> Store::find_user(const std::string& name) {
    return guarded("find_user", [&]() -> Result<std::pair<User, std::string>> {
        auto st =
            conn_->prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?");
        st.bind(1, name);
        if (!st.step()) return Error{ErrorKind::NotFound, "err.user.unknown", {{"name", name}}};
        return std::pair{read_user(st), st.text(7)};
    });
}

Result<std::vector<User>> Store::users() {
    return guarded("users", [&]() -> Result<std::vector<User>> {
        auto st =
            conn_->prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
        std::vector<User> out;
        while (st.step())
            out.push_back(read_user(st));
        return out;
    });
}

Status Store::record_login(std::int64_t user_id, bool success, int max_failures,
                           TimeMs lock_until) {
    return guarded("record_login", [&]() -> Status {
        auto& c = *conn_;
        auto tx = begin_write();
        if (success) {
            c.prepare("UPDATE users SET failed_attempts = 0, locked_until = 0 WHERE id = ?")
                .bind(1, user_id)
                .run();
        } else {
            c.prepare(
                 "UPDATE users SET failed_attempts = failed_attempts + 1, "
                 "locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END "
                 "WHERE id = ?")
                .bind(1, max_failures)
                .bind(2, lock_until)
                .bind(3, user_id)
                .run();
        }
        tx.commit();
        return ok();
    });
}

Status Store::set_password(std::int64_t user_id, const std::string& hash) {
    return guarded("set_password", [&]() -> Status {
        auto& c = *conn_;
        auto tx = begin_write();
        c.prepare("UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = 0 WHERE "
                  "id = ?")
            .bind(1, hash)
            .bind(2, user_id)
            .run();
        if (c.changes() != 1)
            return Error{
                ErrorKind::NotFound, "err.user.unknown", {{"name", "#" + std::to_string(user_id)}}};
        tx.commit();
        return ok();
    });
}

Status Store::set_active(std::int64_t user_id, bool active) {
    return guarded("set_active", [&]() -> Status {
        auto& c = *conn_;
        auto tx = begin_write();
        c.prepare("UPDATE users SET active = ? WHERE id = ?")
            .bind(1, active ? 1 : 0)
            .bind(2, user_id)
            .run();
        if (c.changes() != 1)
            return Error{
                ErrorKind::NotFound, "err.user.unknown", {{"name", "#" + std::to_string(user_id)}}};
        tx.commit();
        return ok();
    });
}

Status Store::audit(const std::string& actor, const std::string& action, const std::string& subject,
                    const std::string& detail) {
    return guarded("audit", [&]() -> Status {
        auto& c = *conn_;
        auto tx = begin_write();
        insert_audit(c, actor, action, subject, detail);
        tx.commit();
        return ok();
    });
}

// [SECTION] maintenance: backup and check ------------------------------------

Status Store::backup(const std::filesystem::path& dest) {
    return guarded("backup", [&]() -> Status {
        std::error_code ec;
        if (std::filesystem::exists(dest, ec))
            return Error{ErrorKind::Invalid, "err.backup.exists", {{"path", dest.string()}}};
        const auto tmp = dest.string() + ".partial";
        std::filesystem::remove(tmp, ec);
        {
            db::Connection out(tmp, db::Connection::Mode::ReadWrite);
            sqlite3_backup* b = sqlite3_backup_init(out.handle(), "main", conn_->handle(), "main");
            if (!b) throw db::Failure(sqlite3_errcode(out.handle()), sqlite3_errmsg(out.handle()));
            int rc;
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
            if (rc != SQLITE_DONE)
                throw db::Failure(rc, std::string("backup: ") + sqlite3_errstr(rc));
            // The copy is a plain rollback-journal file, readable on its own.
            out.exec("PRAGMA journal_mode = DELETE");
        }
        std::filesystem::rename(tmp, dest, ec);
        if (ec)
            return Error{ErrorKind::Storage,
                         "err.store.io",
                         {{"detail", dest.string() + ": " + ec.message()}}};
        return ok();
    });
}

Result<std::vector<std::string>> Store::check() {
    return guarded("check", [&]() -> Result<std::vector<std::string>> {
        std::vector<std::string> problems;
        auto st = conn_->prepare("PRAGMA integrity_check");
        while (st.step())
            if (st.text(0) != "ok") problems.push_back(st.text(0));
        auto fk = conn_->prepare("PRAGMA foreign_key_check");
        while (fk.step())
            problems.push_back("foreign key: " + fk.text(0) + " row " +
                               std::to_string(fk.int64(1)) + " -> " + fk.text(2));
        return problems;
    });
}

} // namespace keluhan

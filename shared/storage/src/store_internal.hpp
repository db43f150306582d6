// Private to the storage module's .cpp files: the writer lock and the write
// transaction, error mapping, the guard every public method runs in, the
// shared row readers, and the rows more than one area writes (complaints and
// their events, audit rows).
#pragma once

#include "db.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/sop.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/storage/database.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keluhan::store_detail {

// The file's writer lock was held by another writer for longer than the busy
// timeout; `owner` is the note that writer left in the lock file.
struct LockTimeout {
    std::string owner;
};

// Holds the OFD lock on "<db>-writer.lock" for one write transaction (or for
// opening and closing, which may migrate or checkpoint). Waits up to
// `timeout_ms`, then throws LockTimeout. Leaves a note naming the holder.
class WriterLock {
  public:
    WriterLock(int fd, int timeout_ms, const std::string& owner);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

  private:
    int fd_;
};

// One write transaction: the writer lock first, then BEGIN IMMEDIATE; on
// destruction, rollback unless committed, then the lock is given up. Every
// write of the store goes through Database::begin_write().
class WriteTx {
  public:
    WriteTx(int fd, int timeout_ms, const std::string& owner, db::Connection& c)
        : lock_(fd, timeout_ms, owner), tx_(c) {}
    void commit() { tx_.commit(); }

  private:
    WriterLock lock_; // declared first: released after the transaction ends
    db::Transaction tx_;
};

inline Error map_failure(const db::Failure& f, const char* what) {
    switch (f.code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Error{
            ErrorKind::Conflict, "err.store.busy", {}, std::string(what) + ": " + f.what()};
    case SQLITE_FULL:
        return Error{ErrorKind::Storage, "err.store.full", {}, std::string(what) + ": " + f.what()};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return Error{
            ErrorKind::Storage, "err.store.corrupt", {}, std::string(what) + ": " + f.what()};
    case SQLITE_CONSTRAINT:
        return Error{
            ErrorKind::Conflict, "err.store.constraint", {}, std::string(what) + ": " + f.what()};
    default:
        return Error{ErrorKind::Storage,
                     "err.store.io",
                     {{"detail", f.what()}},
                     std::string(what) + ": " + f.what()};
    }
}

// Binds `params` to ?1, ?2, ... of `st`.
template <typename... Params> void bind_params(db::Statement& st, const Params&... params) {
    [[maybe_unused]] int i = 1;
    (st.bind(i++, params), ...);
}

// `r` with "no such row" turned into the error `not_found()` makes.
template <typename T, typename MakeError>
Result<T> found_or(Result<std::optional<T>> r, MakeError&& not_found) {
    if (!r) return r.error();
    if (!*r) return not_found();
    return std::move(**r);
}

// --- complaints, read and written by more than one area ----------------------

inline constexpr const char* kComplaintColumns =
    "c.seq, c.id, c.code, c.register_number, c.channel, c.anonymous, c.name, c.organization, "
    "c.phone, c.email, c.service, c.reference, c.description, c.expectation, c.consent, c.sop, "
    "c.current_step, c.status, c.created_at, c.step_started_at, c.due_at, c.updated_at, c.origin, "
    "c.assigned_function, c.language";
// How many columns kComplaintColumns has (a query's own columns come after).
inline constexpr int kComplaintColumnCount = 25;

inline Complaint read_complaint(const db::Statement& s) {
    Complaint c;
    c.seq = s.int64(0);
    c.id = s.text(1);
    c.code = s.text(2);
    c.register_number = s.text(3);
    c.channel = channel_from_string(s.text(4)).value_or(Channel::Tertulis);
    c.complainant.anonymous = s.int64(5) != 0;
    c.complainant.name = s.text(6);
    c.complainant.organization = s.text(7);
    c.complainant.phone = s.text(8);
    c.complainant.email = s.text(9);
    c.service = s.text(10);
    c.reference = s.text(11);
    c.description = s.text(12);
    c.expectation = s.text(13);
    c.consent = s.int64(14) != 0;
    c.sop = s.text(15);
    c.current_step = s.text(16);
    c.status = status_from_string(s.text(17)).value_or(ComplaintStatus::Open);
    c.created_at = s.int64(18);
    c.step_started_at = s.int64(19);
    c.due_at = s.int64(20);
    c.updated_at = s.int64(21);
    c.origin = s.text(22);
    c.function = s.text(23);
    c.language = s.text(24);
    return c;
}

// The complaint with this seq, which must exist (the caller just wrote or
// listed it).
inline Complaint complaint_at(db::Connection& c, std::int64_t seq) {
    auto st =
        c.cached(std::string("SELECT ") + kComplaintColumns + " FROM complaints c WHERE c.seq = ?");
    st->bind(1, seq);
    st->step();
    return read_complaint(*st);
}

// A complaint's events, in order.
inline std::vector<Event> events_of(db::Connection& c, std::int64_t seq) {
    auto st = c.cached("SELECT id, kind, step_id, actor, actor_role, on_behalf_of, note, at "
                       "FROM events WHERE complaint_seq = ? ORDER BY id");
    st->bind(1, seq);
    std::vector<Event> out;
    while (st->step())
        out.push_back(Event{st->int64(0), st->text(1), st->text(2), st->text(3), st->text(4),
                            st->text(5), st->text(6), st->int64(7)});
    return out;
}

inline void insert_event(db::Connection& conn, std::int64_t seq, const Event& e) {
    conn.cached("INSERT INTO events(complaint_seq, kind, step_id, actor, actor_role, on_behalf_of, "
                "note, at) VALUES (?,?,?,?,?,?,?,?)")
        ->bind(1, seq)
        .bind(2, e.kind)
        .bind(3, e.step_id)
        .bind(4, e.actor)
        .bind(5, e.actor_role)
        .bind(6, e.on_behalf_of)
        .bind(7, e.note)
        .bind(8, e.at)
        .run();
}

// A new complaint (submit() and the hub's import), its first event and its
// attachments; nullopt when its id or code is already taken.
inline std::optional<std::int64_t>
insert_new_complaint(db::Connection& c, const std::string& id, const std::string& code,
                     const Submission& s, const SopEngine& engine, const Transition& start,
                     TimeMs at, const std::string& origin) {
    const auto& who = s.complainant;
    c.cached("INSERT INTO complaints(id, code, channel, anonymous, name, organization, phone, "
             "email, service, reference, description, expectation, consent, sop, current_step, "
             "status, created_at, step_started_at, due_at, updated_at, origin, language) "
             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")
        ->bind(1, id)
        .bind(2, code)
        .bind(3, to_string(s.channel))
        .bind(4, who.anonymous ? 1 : 0)
        .bind(5, who.anonymous ? "" : text::trim(who.name))
        .bind(6, who.anonymous ? "" : text::trim(who.organization))
        .bind(7, who.anonymous ? "" : text::trim(who.phone))
        .bind(8, who.anonymous ? "" : text::trim(who.email))
        .bind(9, s.service)
        .bind(10, text::trim(s.reference))
        .bind(11, s.description)
        .bind(12, s.expectation)
        .bind(13, s.consent ? 1 : 0)
        .bind(14, engine.profile().name)
        .bind(15, start.to_step)
        .bind(16, start.to_step.empty() ? "closed" : "open")
        .bind(17, at)
        .bind(18, at)
        .bind(19, start.due_at)
        .bind(20, at)
        .bind(21, origin)
        .bind(22, s.language == "id" || s.language == "en" ? s.language : std::string())
        .run();
    if (c.changes() == 0) return std::nullopt;
    const std::int64_t seq = c.last_insert_rowid();
    insert_event(c, seq, start.event);
    for (const auto& a : s.attachments) {
        c.cached("INSERT INTO attachments(complaint_seq, media_type, filename, size, data, "
                 "created_at) VALUES (?,?,?,?,?,?)")
            ->bind(1, seq)
            .bind(2, a.media_type)
            .bind(3, a.filename)
            .bind(4, static_cast<std::int64_t>(a.data.size()))
            .bind_blob(5, a.data)
            .bind(6, at)
            .run();
    }
    return seq;
}

// One row of the audit trail, inside the caller's write transaction, so a
// change and its record commit or roll back together (accounts.cpp).
void insert_audit(db::Connection& c, const std::string& actor, const std::string& action,
                  const std::string& subject, const std::string& detail);

} // namespace keluhan::store_detail

namespace keluhan {

template <typename F> auto Database::guarded(const char* what, F&& f) -> decltype(f()) {
    std::lock_guard lock(mu_);
    try {
        return f();
    } catch (const db::Failure& e) {
        return store_detail::map_failure(e, what);
    } catch (const store_detail::LockTimeout& e) {
        return Error{ErrorKind::Conflict,
                     "err.store.locked",
                     {{"path", path_.string()}, {"owner", e.owner}},
                     what};
    } catch (const std::bad_alloc&) {
        return Error{ErrorKind::Storage, "err.store.memory", {}, what};
    }
}

template <typename F> auto Repository::guarded(const char* what, F&& f) -> decltype(f()) {
    return db_->guarded(what, std::forward<F>(f));
}

inline store_detail::WriteTx Repository::begin_write() {
    return db_->begin_write();
}

inline db::Connection& Repository::conn() {
    return *db_->conn_;
}

inline int Repository::busy_timeout_ms() const {
    return db_->opt_.busy_timeout_ms;
}

template <typename Row, typename... Params>
Result<std::vector<Row>> Repository::all_rows(const char* what, const std::string& sql,
                                              Row (*read)(const db::Statement&),
                                              const Params&... params) {
    return guarded(what, [&]() -> Result<std::vector<Row>> {
        auto st = conn().cached(sql);
        store_detail::bind_params(*st, params...);
        std::vector<Row> out;
        while (st->step())
            out.push_back(read(*st));
        return out;
    });
}

template <typename Row, typename... Params>
Result<std::optional<Row>> Repository::one_row(const char* what, const std::string& sql,
                                               Row (*read)(const db::Statement&),
                                               const Params&... params) {
    return guarded(what, [&]() -> Result<std::optional<Row>> {
        auto st = conn().cached(sql);
        store_detail::bind_params(*st, params...);
        if (!st->step()) return std::optional<Row>();
        return std::optional<Row>(read(*st));
    });
}

} // namespace keluhan

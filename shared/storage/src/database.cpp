// The Database (database.hpp): the writer lock, opening with the
// migrations, closing, and maintenance (backup, check).
#include "keluhan/storage/database.hpp"

#include "keluhan/storage/files.hpp"

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

// [SECTION] the writer lock ---------------------------------------------------

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

// [SECTION] opening and closing ----------------------------------------------

int Database::latest_version(std::span<const MigrationPart> schema) {
    int v = 0;
    for (const auto& part : schema)
        v = std::max(v, part.version);
    return v;
}

Database::Database(std::filesystem::path path, StoreOptions opt)
    : path_(std::move(path)), opt_(std::move(opt)) {}

store_detail::WriteTx Database::begin_write() {
    return store_detail::WriteTx(lock_fd_, opt_.busy_timeout_ms, opt_.owner, *conn_);
}

Database::~Database() {
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

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path,
                                                 const StoreOptions& opt,
                                                 std::span<const MigrationPart> schema) {
    std::unique_ptr<Database> s(new Database(path, opt));
    const int latest = latest_version(schema);
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
        s->conn_ =
            std::make_unique<db::Connection>(path.string(), write ? db::Connection::Mode::ReadWrite
                                                                  : db::Connection::Mode::ReadOnly);
        auto& c = *s->conn_;
        sqlite3_busy_timeout(c.handle(), opt.busy_timeout_ms);
        c.exec("PRAGMA foreign_keys = ON");
        if (write) {
            c.exec("PRAGMA journal_mode = WAL");
            c.exec("PRAGMA synchronous = FULL");
            // Statement journals (a multi-row statement's undo) stay in memory
            // instead of spilling to a temporary file now and then.
            c.exec("PRAGMA temp_store = MEMORY");
            // Deleted and overwritten content is zeroed, not left in free
            // pages: anonymised personal data leaves no trace in the file
            // (the search index frees pages holding old words as it merges).
            c.exec("PRAGMA secure_delete = ON");
            // Commits checkpoint now and then; they all hold the writer lock.
            c.exec("PRAGMA wal_autocheckpoint = 1000");
            const auto have = c.scalar("PRAGMA user_version");
            if (have > latest)
                return Error{ErrorKind::Storage,
                             "err.store.newer",
                             {{"path", path.string()},
                              {"version", std::to_string(have)},
                              {"supported", std::to_string(latest)}}};
            // Version by version, each in one transaction with its parts in
            // the schema's order.
            for (auto v = have + 1; v <= latest; ++v) {
                db::Transaction tx(c);
                for (const auto& part : schema)
                    if (part.version == v) c.exec(part.sql);
                c.exec(("PRAGMA user_version = " + std::to_string(v)).c_str());
                tx.commit();
            }
        } else {
            // A reader never checkpoints, not even when it closes last.
            sqlite3_db_config(c.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            c.exec("PRAGMA query_only = ON");
            const auto have = c.scalar("PRAGMA user_version");
            if (have == 0)
                return Error{ErrorKind::NotFound, "err.store.missing", {{"path", path.string()}}};
            if (have != latest)
                return Error{ErrorKind::Storage,
                             "err.store.version",
                             {{"path", path.string()},
                              {"version", std::to_string(have)},
                              {"supported", std::to_string(latest)}}};
        }
    } catch (const db::Failure& e) {
        return map_failure(e, "open");
    } catch (const store_detail::LockTimeout& e) {
        return Error{
            ErrorKind::Conflict, "err.store.locked", {{"path", path.string()}, {"owner", e.owner}}};
    }
    return s;
}

int Database::schema_version() {
    auto r = guarded("schema_version", [&]() -> Result<std::int64_t> {
        return conn_->scalar("PRAGMA user_version");
    });
    return r ? static_cast<int>(*r) : -1;
}

// [SECTION] maintenance: backup and check ------------------------------------

Status Database::backup(const std::filesystem::path& dest) {
    return guarded("backup", [&]() -> Status {
        std::error_code ec;
        if (std::filesystem::exists(dest, ec))
            return Error{ErrorKind::Invalid, "err.backup.exists", {{"path", dest.string()}}};
        PartialFile partial(dest); // a failed copy leaves no .partial behind
        const auto tmp = partial.path().string();
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
        if (auto st = partial.publish(); !st)
            return Error{ErrorKind::Storage, "err.store.io", {{"detail", st.error().detail}}};
        return ok();
    });
}

Result<std::vector<std::string>> Database::check() {
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

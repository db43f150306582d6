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

// SQLite's online backup, finished whatever happens.
struct BackupFinish {
    void operator()(sqlite3_backup* b) const { sqlite3_backup_finish(b); }
};
using BackupHandle = std::unique_ptr<sqlite3_backup, BackupFinish>;

// A consistent copy of `src` (another connection may write meanwhile) as a
// plain rollback-journal file at `dest`, written whole or not at all.
void copy_database(sqlite3* src, const std::filesystem::path& dest) {
    PartialFile partial(dest); // a failed copy leaves no .partial behind
    const auto tmp = partial.path().string();
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    {
        db::Connection out(tmp, db::Connection::Mode::ReadWrite);
        BackupHandle b(sqlite3_backup_init(out.handle(), "main", src, "main"));
        if (!b) throw db::Failure(sqlite3_errcode(out.handle()), sqlite3_errmsg(out.handle()));
        int rc;
        do {
            rc = sqlite3_backup_step(b.get(), 256);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        b.reset();
        if (rc != SQLITE_DONE) throw db::Failure(rc, std::string("backup: ") + sqlite3_errstr(rc));
        // The copy is a plain rollback-journal file, readable on its own.
        out.exec("PRAGMA journal_mode = DELETE");
    }
    // It holds complainants' personal data: its owner and group only,
    // whatever the umask of whoever took it.
    namespace fs = std::filesystem;
    std::error_code perm_ec;
    fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read,
                    fs::perm_options::replace, perm_ec);
    if (perm_ec) throw db::Failure(SQLITE_IOERR, tmp + ": " + perm_ec.message());
    if (auto st = partial.publish(); !st) throw db::Failure(SQLITE_IOERR, st.error().detail);
}

// "<folder>/backups/<name>-v<version>-before-upgrade.db", or with "-2", "-3"
// when an earlier attempt left one: an upgrade never overwrites a copy.
std::filesystem::path upgrade_backup_path(const std::filesystem::path& db, std::int64_t version) {
    const auto dir = (db.has_parent_path() ? db.parent_path() : ".") / "backups";
    return unused_db_name(dir,
                          db.stem().string() + "-v" + std::to_string(version) + "-before-upgrade");
}

std::vector<std::string> problems_of(db::Connection& c) {
    std::vector<std::string> problems;
    auto st = c.prepare("PRAGMA integrity_check");
    while (st.step())
        if (st.text(0) != "ok") problems.push_back(st.text(0));
    auto fk = c.prepare("PRAGMA foreign_key_check");
    while (fk.step())
        problems.push_back("foreign key: " + fk.text(0) + " row " + std::to_string(fk.int64(1)) +
                           " -> " + fk.text(2));
    return problems;
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
            if (have > 0 && have < latest) {
                // An upgrade: first a copy of the file as it was, for the
                // office to go back to (the new version may be the problem).
                s->upgrade_backup_ = upgrade_backup_path(path, have);
                try {
                    std::filesystem::create_directories(s->upgrade_backup_.parent_path());
                    copy_database(c.handle(), s->upgrade_backup_);
                } catch (const std::exception& e) {
                    return Error{ErrorKind::Storage,
                                 "err.store.upgrade_backup",
                                 {{"path", path.string()},
                                  {"backup", s->upgrade_backup_.string()},
                                  {"detail", e.what()}}};
                }
            }
            // All versions in one transaction, their parts in the schema's
            // order: a migration that fails leaves the file as it was.
            if (have < latest) {
                std::int64_t v = have + 1;
                try {
                    db::Transaction tx(c);
                    for (; v <= latest; ++v) {
                        for (const auto& part : schema)
                            if (part.version == v) c.exec(part.sql);
                        c.exec(("PRAGMA user_version = " + std::to_string(v)).c_str());
                    }
                    tx.commit();
                } catch (const db::Failure& e) {
                    if (have == 0) throw;
                    return Error{ErrorKind::Storage,
                                 "err.store.migrate",
                                 {{"path", path.string()},
                                  {"version", std::to_string(v)},
                                  {"have", std::to_string(have)},
                                  {"backup", s->upgrade_backup_.string()},
                                  {"detail", e.what()}}};
                }
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
        copy_database(conn_->handle(), dest);
        return ok();
    });
}

Result<std::vector<std::string>> Database::check() {
    return guarded("check",
                   [&]() -> Result<std::vector<std::string>> { return problems_of(*conn_); });
}

Result<Database::BackupInfo> Database::inspect(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return Error{ErrorKind::NotFound, "err.backup.missing", {{"path", file.string()}}};
    try {
        db::Connection c(file.string(), db::Connection::Mode::ReadOnly);
        c.exec("PRAGMA query_only = ON");
        BackupInfo info;
        info.schema_version = c.scalar("PRAGMA user_version");
        info.problems = problems_of(c);
        return info;
    } catch (const db::Failure& e) {
        return Error{ErrorKind::Invalid,
                     "err.backup.unreadable",
                     {{"path", file.string()}, {"detail", e.what()}}};
    }
}

Status Database::restore(const std::filesystem::path& from) {
    return guarded("restore", [&]() -> Status {
        db::Connection src(from.string(), db::Connection::Mode::ReadOnly);
        // Under the writer lock: no commit or checkpoint of ours meanwhile;
        // SQLite's backup replaces the pages in one transaction, so a reader
        // sees the old file or the restored one, never a mix.
        store_detail::WriterLock lock(lock_fd_, opt_.busy_timeout_ms, opt_.owner);
        BackupHandle b(sqlite3_backup_init(conn_->handle(), "main", src.handle(), "main"));
        if (!b)
            throw db::Failure(sqlite3_errcode(conn_->handle()), sqlite3_errmsg(conn_->handle()));
        const int rc = sqlite3_backup_step(b.get(), -1);
        b.reset();
        if (rc != SQLITE_DONE) throw db::Failure(rc, std::string("restore: ") + sqlite3_errstr(rc));
        return ok();
    });
}

} // namespace keluhan

// The SQLite file under the store: its path and options, the writer lock, the
// connection and the mutex over it, the transaction guard, and opening with
// the migrations. Each area's repository (complaints.hpp, accounts.hpp,
// print_jobs.hpp, sync_hub.hpp, sync_kiosk.hpp, reports.hpp, capa.hpp) works
// through one Database; Store (store.hpp) is all of them over one file.
//
// Journal policy: WAL, with every write serialised by an OS lock. Each write
// transaction (and opening, which may migrate, and closing, which may
// checkpoint) holds an OFD lock on "<db>-writer.lock" from before BEGIN to
// after COMMIT. So several writers - the hub, the admin panel and the command
// line, in one process or several - take turns on one file, and commits and
// checkpoints never overlap. Readers open the file read-only and never
// checkpoint. This rules out SQLite 3.40's WAL-reset race, which needs a
// commit and a checkpoint of two connections at the same moment. A writer
// that waits longer than busy_timeout_ms is refused with err.store.locked,
// naming the holder.
//
// Every write runs in one BEGIN IMMEDIATE transaction with synchronous=FULL:
// when submit() returns, the complaint is on disk.
#pragma once

#include "keluhan/domain/error.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace keluhan {

namespace db {
class Connection;
class Statement;
} // namespace db
namespace store_detail {
class WriteTx;
}

struct StoreOptions {
    enum class Access { Write, Read } access = Access::Write;
    std::string owner =
        "keluhan"; // shown to a writer kept waiting: "keluhan-kiosk", "keluhan serve"
    int busy_timeout_ms = 5000;
};

// One area's share of one schema version: `sql` runs in the transaction that
// brings user_version from `version` - 1 to `version`. A schema is a list of
// parts in version order; the parts of one version run in list order (the
// list of the store is in store.cpp). Never edit a shipped part; add a new
// version.
struct MigrationPart {
    int version = 0;
    const char* sql = nullptr;
};

class Database {
  public:
    // Opens (creating it when writing) and, when writing, runs the parts of
    // `schema` newer than the file's user_version, all in one transaction:
    // a failed migration (err.store.migrate) leaves the file as it was.
    // Before upgrading a file that has data it copies it to
    // "<folder>/backups/<name>-v<old>-before-upgrade.db" (upgrade_backup()).
    // A reader needs the file at exactly the latest version.
    // `schema` must outlive the Database.
    [[nodiscard]] static Result<std::unique_ptr<Database>>
    open(const std::filesystem::path& path, const StoreOptions& opt,
         std::span<const MigrationPart> schema);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // The newest version of `schema` (0 when empty).
    [[nodiscard]] static int latest_version(std::span<const MigrationPart> schema);
    [[nodiscard]] int schema_version();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

    // Online backup to `dest` (a consistent copy while the store stays open).
    [[nodiscard]] Status backup(const std::filesystem::path& dest);
    // PRAGMA integrity_check and foreign_key_check; empty when all is well.
    [[nodiscard]] Result<std::vector<std::string>> check();
    // Where open() copied the file before upgrading it (empty if it did not).
    [[nodiscard]] const std::filesystem::path& upgrade_backup() const { return upgrade_backup_; }

    // A backup file's schema version and problems (integrity and foreign
    // keys), read without changing it. err.backup.missing, err.backup.unreadable.
    struct BackupInfo {
        std::int64_t schema_version = 0;
        std::vector<std::string> problems;
    };
    [[nodiscard]] static Result<BackupInfo> inspect(const std::filesystem::path& file);
    // Replaces this database's content with `from` (inspected first by the
    // caller), in one transaction; reopen to migrate an older copy.
    [[nodiscard]] Status restore(const std::filesystem::path& from);

  private:
    friend class Repository;
    Database(std::filesystem::path path, StoreOptions opt);
    // Runs `f` with the connection locked; turns SQLite failures into Errors
    // (defined in src/store_internal.hpp, for the repositories' .cpp files).
    template <typename F> auto guarded(const char* what, F&& f) -> decltype(f());
    // Starts a write transaction under the writer lock (see the top of this
    // file). Use inside guarded(): `auto tx = begin_write(); ...; tx.commit();`
    [[nodiscard]] store_detail::WriteTx begin_write();

    std::filesystem::path path_;
    StoreOptions opt_;
    int lock_fd_ = -1;
    std::filesystem::path upgrade_backup_;
    std::unique_ptr<db::Connection> conn_;
    std::mutex mu_; // one thread at a time on the connection
};

// The base of every area's repository: the Database it works on, and what
// its queries run in. The members are for the repositories' own .cpp files
// in storage/src (the templates are defined in src/store_internal.hpp).
class Repository {
  protected:
    explicit Repository(Database& db) : db_(&db) {}

    template <typename F> auto guarded(const char* what, F&& f) -> decltype(f());
    [[nodiscard]] store_detail::WriteTx begin_write();
    // The connection; only inside guarded().
    [[nodiscard]] db::Connection& conn();
    // How long a statement waits for another connection (StoreOptions).
    [[nodiscard]] int busy_timeout_ms() const;

    // The two queries every area has, each in its own guarded(): every row
    // of `sql` ("list all"), or the first row, nullopt when there is none
    // ("read one by name"). `params` bind to ?1, ?2, ...; `read` makes the
    // value of a row.
    template <typename Row, typename... Params>
    [[nodiscard]] Result<std::vector<Row>> all_rows(const char* what, const std::string& sql,
                                                    Row (*read)(const db::Statement&),
                                                    const Params&... params);
    template <typename Row, typename... Params>
    [[nodiscard]] Result<std::optional<Row>> one_row(const char* what, const std::string& sql,
                                                     Row (*read)(const db::Statement&),
                                                     const Params&... params);

  private:
    Database* db_;
};

} // namespace keluhan

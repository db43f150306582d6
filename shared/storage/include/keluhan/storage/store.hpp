// The complaint store: one SQLite file (database.hpp says how it is opened,
// locked and written), with every area's repository over it. `store.submit`,
// `store.find_user`, `store.kiosks` ... are the repositories' own methods:
//
//   complaints.hpp  ComplaintRepository  complaints, events, attachments,
//                                        the register, personal data
//   accounts.hpp    AccountRepository    users, settings, the audit trail
//   print_jobs.hpp  PrintJobRepository   print jobs
//   sync_hub.hpp    HubSyncRepository    kiosks, import, the kiosks' pull
//   sync_kiosk.hpp  KioskSyncRepository  the outbox, the hub's status copy
//   reports.hpp     ReportRepository     the monthly report's reads
//   capa.hpp        CapaRepository       CAPA records
//   skm.hpp         SkmRepository        satisfaction-survey responses
//   notices.hpp     NoticeRepository     messages to complainants (their outbox)
//
// Each area's tables and migrations are in its own src/*.cpp, beside its
// queries; store.cpp lists which part runs at which schema version.
#pragma once

#include "keluhan/storage/accounts.hpp"
#include "keluhan/storage/capa.hpp"
#include "keluhan/storage/complaints.hpp"
#include "keluhan/storage/database.hpp"
#include "keluhan/storage/notices.hpp"
#include "keluhan/storage/print_jobs.hpp"
#include "keluhan/storage/reports.hpp"
#include "keluhan/storage/skm.hpp"
#include "keluhan/storage/sync_hub.hpp"
#include "keluhan/storage/sync_kiosk.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace keluhan {

class Store : public ComplaintRepository,
              public AccountRepository,
              public PrintJobRepository,
              public HubSyncRepository,
              public KioskSyncRepository,
              public ReportRepository,
              public CapaRepository,
              public SkmRepository,
              public NoticeRepository {
  public:
    // Opens (creating it when writing) and, when writing, upgrades the schema.
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path,
                                                             const StoreOptions& opt = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    [[nodiscard]] static int latest_schema_version();
    [[nodiscard]] int schema_version() { return db_->schema_version(); }
    [[nodiscard]] const std::filesystem::path& path() const { return db_->path(); }

    // --- maintenance ------------------------------------------------------
    // Online backup to `dest` (a consistent copy while the store stays open).
    [[nodiscard]] Status backup(const std::filesystem::path& dest) { return db_->backup(dest); }
    // PRAGMA integrity_check and foreign_key_check; empty when all is well.
    [[nodiscard]] Result<std::vector<std::string>> check() { return db_->check(); }
    // Replaces the content with a backup (Database::restore); reopen after.
    [[nodiscard]] Status restore(const std::filesystem::path& from) { return db_->restore(from); }
    // Where opening copied the file before upgrading its schema, or empty.
    [[nodiscard]] const std::filesystem::path& upgrade_backup() const {
        return db_->upgrade_backup();
    }

  private:
    explicit Store(std::unique_ptr<Database> db);
    // The repositories hold references to *db_; it is destroyed first (a
    // member, after the bases), and they never outlive it.
    std::unique_ptr<Database> db_;
};

} // namespace keluhan

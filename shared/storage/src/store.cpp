// The Store: every area's repository over one Database, and the schema they
// make together.
#include "keluhan/storage/store.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

namespace keluhan {

using namespace store_detail;

namespace {

// Migration N brings user_version from N-1 to N: its parts run in this
// order, in one transaction. Each part is defined beside the queries on its
// tables. Version 1's parts are the first schema cut at the areas' seams, in
// its order, so every version makes exactly the tables, indexes and triggers
// (and the sqlite_master rows, in the same order) it always made.
constexpr MigrationPart kSchema[] = {
    // 1: the first schema
    {1, kComplaintTablesV1},
    {1, kOutboxV1},
    {1, kRegisterSequenceV1},
    {1, kUsersAuditV1},
    {1, kComplaintSearchV1},
    // 2: print jobs, so a failed receipt can be reprinted
    {2, kPrintJobsV2},
    // 3: the register sorts by submission time
    {3, kComplaintCreatedIndexesV3},
    // 4: sync (docs/sync.md): the hub's kiosks and pull index, the kiosk's
    // rejected outbox rows, status copy and pull cursor
    {4, kSyncHubV4},
    {4, kSyncKioskV4},
    // 5: office settings, CAPA records, and the complainants' contacts
    // indexed for personal-data requests
    {5, kSettingsV5},
    {5, kCapaV5},
    {5, kComplaintContactIndexesV5},
    // 6: the hub's staff sessions, and failed sign-ins under unknown names
    {6, kSessionsV6},
    // 7: the response letters' outgoing numbers
    {7, kLetterSequenceV7},
    // 8: dispositions routed to a related function, and who coordinates which
    {8, kComplaintFunctionV8},
    {8, kUserFunctionV8},
    // 9: the satisfaction survey (SKM)
    {9, kSkmV9},
    // 10: a kiosk's survey outbox
    {10, kSkmOutboxV10},
    // 11: the complainant's language, and the messages to complainants
    {11, kNoticesV11},
};

} // namespace

int Store::latest_schema_version() {
    return Database::latest_version(kSchema);
}

Store::Store(std::unique_ptr<Database> db)
    : ComplaintRepository(*db), AccountRepository(*db), PrintJobRepository(*db),
      HubSyncRepository(*db), KioskSyncRepository(*db), ReportRepository(*db), CapaRepository(*db),
      SkmRepository(*db), NoticeRepository(*db), db_(std::move(db)) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path,
                                           const StoreOptions& opt) {
    auto db = Database::open(path, opt, kSchema);
    if (!db) return db.error();
    return std::unique_ptr<Store>(new Store(std::move(db).value()));
}

} // namespace keluhan

// Backups on real SQLite files: the nightly copy and its retention by days
// and months (across a month and a year, by the office's WIB date), a
// restore with its safety copy and its refusals, and an upgrade from a
// database made by 0.1.0 (tests/ops/data/hub-0.1.0.db, schema 5): copied
// before migrating, and left as it was when a migration fails.
#include "keluhan/ops/backups.hpp"

#include "office_fixture.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include <sys/stat.h>

using namespace keluhan;
namespace fs = std::filesystem;

namespace {

Date d(int y, int m, int day) {
    return Date{y, m, day};
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

fs::path fixture_copy(const test::TempDir& dir) {
    const auto db = dir / "hub.db";
    fs::copy_file(test::source_dir() / "tests/ops/data/hub-0.1.0.db", db);
    return db;
}

} // namespace

TEST_CASE("Backup names carry the date and nothing else is taken for one") {
    CHECK(daily_backup_name("hub", d(2026, 11, 23)) == "hub-2026-11-23.db");
    CHECK(daily_backup_date("hub", "hub-2026-11-23.db") == d(2026, 11, 23));
    CHECK_FALSE(daily_backup_date("hub", "hub-v5-before-upgrade.db"));
    CHECK_FALSE(daily_backup_date("hub", "hub-before-restore-20261123T030000Z.db"));
    CHECK_FALSE(daily_backup_date("hub", "hub-2026-13-01.db"));
    CHECK_FALSE(daily_backup_date("hub", "kiosk-2026-11-23.db"));
    CHECK_FALSE(daily_backup_date("hub", "hub-2026-11-23.db.new"));
}

TEST_CASE("Retention keeps the last days, the newest of each last month, and the future") {
    const std::vector<Date> dates = {d(2026, 11, 23), d(2026, 11, 22), d(2026, 11, 21),
                                     d(2026, 11, 20), d(2026, 11, 10), d(2026, 10, 31),
                                     d(2026, 10, 5),  d(2026, 9, 30),  d(2026, 12, 1)};
    const auto keep = kept_by_policy(dates, d(2026, 11, 23), BackupPolicy{3, 2});
    const std::vector<bool> want = {true, true, true, false, false, true, false, false, true};
    CHECK(keep == want);

    // Across a year: January and December are the last two months.
    const std::vector<Date> at_new_year = {d(2027, 1, 2), d(2027, 1, 1), d(2026, 12, 31),
                                           d(2026, 12, 1), d(2026, 11, 30)};
    const auto k2 = kept_by_policy(at_new_year, d(2027, 1, 2), BackupPolicy{1, 2});
    CHECK(k2 == std::vector<bool>{true, false, true, false, false});
    // No months kept: only the days.
    CHECK(kept_by_policy(at_new_year, d(2027, 1, 2), BackupPolicy{2, 0}) ==
          std::vector<bool>{true, true, false, false, false});
}

TEST_CASE("The nightly backup is a checked copy, replaces the day's, prunes only dated copies") {
    test::SeededOffice o;
    const auto c = o.submit_at(test::sample_submission("Sertifikat belum terbit."), now_ms());
    const auto dir = o.dir / "backups";
    fs::create_directories(dir);
    std::ofstream(dir / "k-v4-before-upgrade.db") << "kept as it is";
    std::ofstream(dir / "notes.txt") << "the IT person's own file";
    std::ofstream(dir / "k-2026-08-01.db") << "an old copy";

    // The office's date, not UTC's: 00:30 WIB on 1 December is still
    // 30 November in UTC.
    const auto at = parse_iso_time("2026-11-30T17:30:00Z").value();
    const Date today = o.office.config.calendar.local_date(at);
    REQUIRE(today == d(2026, 12, 1));
    auto r = take_nightly_backup(*o.store, dir, "k", today, BackupPolicy{14, 3});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().key));
    CHECK(r->written == dir / "k-2026-12-01.db");
    CHECK(r->schema_version == Store::latest_schema_version());
    CHECK(r->removed == std::vector<fs::path>{dir / "k-2026-08-01.db"});
    CHECK(names_in(dir) ==
          std::vector<std::string>{"k-2026-12-01.db", "k-v4-before-upgrade.db", "notes.txt"});
    CHECK(test::sqlite_text(r->written, "SELECT count(*) FROM complaints WHERE code = '" + c.code +
                                            "'") == "1");

    // Later the same day: the copy is replaced by one with the new complaint.
    const auto c2 = o.submit_at(test::sample_submission("Kedua."), now_ms());
    auto again = take_nightly_backup(*o.store, dir, "k", today, BackupPolicy{14, 3});
    REQUIRE(again.ok());
    CHECK(test::sqlite_text(again->written, "SELECT count(*) FROM complaints") == "2");
    CHECK_FALSE(fs::exists(dir / "k-2026-12-01.db.new"));
    (void)c2;

    // Personal data: the copy is its owner's and group's, whatever the umask.
    const auto old_mask = ::umask(0);
    auto open_mask = take_nightly_backup(*o.store, dir, "k", today, BackupPolicy{14, 3});
    ::umask(old_mask);
    REQUIRE(open_mask.ok());
    CHECK((fs::status(open_mask->written).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("A restore checks the copy, keeps what it replaces, and refuses bad copies") {
    test::SeededOffice o;
    const auto first = o.submit_at(test::sample_submission("Yang pertama."), now_ms());
    REQUIRE(o.store->backup(o.dir / "before.db").ok());
    (void)o.submit_at(test::sample_submission("Sesudah salinan."), now_ms());

    std::ofstream(o.dir / "garbage.db") << std::string(8192, 'x');
    auto bad = restore_backup(*o.store, o.dir / "garbage.db", o.dir / "backups", now_ms());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().key == "err.backup.unreadable");
    auto missing = restore_backup(*o.store, o.dir / "none.db", o.dir / "backups", now_ms());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().key == "err.backup.missing");
    REQUIRE(o.store->backup(o.dir / "newer.db").ok());
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((o.dir / "newer.db").string().c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    auto newer = restore_backup(*o.store, o.dir / "newer.db", o.dir / "backups", now_ms());
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().key == "err.backup.newer");
    CHECK(o.scalar("SELECT count(*) FROM complaints") == 2); // nothing changed by a refusal

    auto r = restore_backup(*o.store, o.dir / "before.db", o.dir / "backups", now_ms());
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().key));
    CHECK(o.scalar("SELECT count(*) FROM complaints") == 1);
    CHECK(o.store->find_by_code(TrackingCode::parse(first.code).value()).ok());
    CHECK(r->safety_copy.filename() == "k-before-restore-20261123T030000Z.db");
    CHECK(test::sqlite_text(r->safety_copy, "SELECT count(*) FROM complaints") == "2");
}

TEST_CASE("A database made by 0.1.0 is copied, then upgraded with its complaints") {
    test::TempDir dir;
    const auto db = fixture_copy(dir);
    REQUIRE(test::sqlite_text(db, "PRAGMA user_version") == "5");
    const auto before = test::sqlite_text(db, "SELECT group_concat(code) FROM "
                                              "(SELECT code FROM complaints ORDER BY code)");
    auto s = Store::open(db);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().key));
    auto store = std::move(s).value();
    CHECK(store->schema_version() == Store::latest_schema_version());
    const auto copy = dir / "backups/hub-v5-before-upgrade.db";
    CHECK(store->upgrade_backup() == copy);
    CHECK(test::sqlite_text(copy, "PRAGMA user_version") == "5");
    CHECK(test::sqlite_text(copy, "SELECT count(*) FROM complaints") == "3");
    store.reset();
    CHECK(test::sqlite_text(db, "SELECT group_concat(code) FROM "
                                "(SELECT code FROM complaints ORDER BY code)") == before);
    CHECK(test::sqlite_text(db, "SELECT count(*) FROM users") == "4");

    // Opening the upgraded file again takes no second copy.
    auto again = Store::open(db);
    REQUIRE(again.ok());
    CHECK((*again)->upgrade_backup().empty());
}

TEST_CASE("A failed migration leaves the old database as it was, and says where the copy is") {
    test::TempDir dir;
    const auto db = fixture_copy(dir);
    // Something the last migration (11) creates is there already: its CREATE
    // fails after 6 to 10 ran, and those are undone with it.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE notifications(x)", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(raw);
    const auto tables = test::sqlite_text(db, "SELECT group_concat(name) FROM "
                                              "(SELECT name FROM sqlite_master ORDER BY name)");

    auto s = Store::open(db);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().key == "err.store.migrate");
    CHECK(s.error().param("version") == "11");
    CHECK(s.error().param("have") == "5");
    CHECK(s.error().param("backup") == (dir / "backups/hub-v5-before-upgrade.db").string());
    CHECK(test::sqlite_text(db, "PRAGMA user_version") == "5");
    CHECK(test::sqlite_text(db, "SELECT group_concat(name) FROM "
                                "(SELECT name FROM sqlite_master ORDER BY name)") == tables);
    CHECK(test::sqlite_text(db, "SELECT count(*) FROM complaints") == "3");
    CHECK(fs::exists(dir / "backups/hub-v5-before-upgrade.db"));
}

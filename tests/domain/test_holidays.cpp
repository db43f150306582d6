// The national holidays shipped as data (assets/holidays): the shipped files
// load as the decree has them, a broken file is refused naming its line, and
// adding a year keeps the office's own days.
#include "keluhan/domain/config.hpp"
#include "keluhan/domain/holidays.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

using namespace keluhan;
using keluhan::test::TempDir;

TEST_CASE("the shipped 2026 list: 17 national holidays and 8 days of cuti bersama, by date") {
    const auto assets = find_assets_dir();
    const auto years = national_holiday_years(assets);
    REQUIRE(std::find(years.begin(), years.end(), 2026) != years.end());
    auto all = load_all_national_holidays(assets);
    REQUIRE_MESSAGE(all.ok(), all.error().detail);
    const auto it = std::find_if(all->begin(), all->end(),
                                 [](const NationalHolidays& l) { return l.year == 2026; });
    REQUIRE(it != all->end());
    const auto& days = it->days;
    CHECK(std::count_if(days.begin(), days.end(), [](auto& d) { return !d.joint_leave; }) == 17);
    CHECK(std::count_if(days.begin(), days.end(), [](auto& d) { return d.joint_leave; }) == 8);
    CHECK(
        std::is_sorted(days.begin(), days.end(), [](auto& a, auto& b) { return a.date < b.date; }));
    CHECK(days.front().date == Date{2026, 1, 1});
    CHECK(days.back().date == Date{2026, 12, 25});
    CHECK(it->source.find("SKB") != std::string::npos);
}

TEST_CASE("a holiday file that is wrong is refused with its line") {
    TempDir dir;
    auto refused = [&](const std::string& body) {
        const auto f = dir / "2026.toml";
        std::ofstream(f) << body;
        auto r = load_national_holidays(f);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().key == "err.config.invalid");
        return r.error();
    };
    const std::string head = "year = 2026\nsource = \"SKB\"\ncuti_bersama = []\n";
    CHECK(refused(head + "libur_nasional = [ { date = \"2027-01-01\", name = \"x\" } ]\n")
              .detail.find("not in 2026") != std::string::npos);
    CHECK(refused(head + "libur_nasional = [ { date = \"2026-08-17\", name = \"a\" },\n"
                         "  { date = \"2026-08-17\", name = \"b\" } ]\n")
              .detail.find("twice") != std::string::npos);
    CHECK(refused(head + "libur_nasional = [ { date = \"17-08-2026\", name = \"a\" } ]\n")
              .detail.find("not a date") != std::string::npos);
    CHECK(refused(head + "libur_nasional = [ { date = \"2026-08-17\" } ]\n").param("line") == "4");
    CHECK(refused("year = 2026\nsumber = \"x\"\n").param("key") == "sumber");
    CHECK(refused("year = 2026\nlibur_nasional = []\ncuti_bersama = []\n").param("key") ==
          "source");
}

TEST_CASE("adding a year's days keeps the office's own and says which were missing") {
    NationalHolidays l;
    l.year = 2026;
    l.source = "SKB";
    l.days = {{Date{2026, 12, 24}, "Natal", true}, {Date{2026, 12, 25}, "Natal", false}};
    WorkingCalendar cal;
    cal.add_holiday(Date{2026, 12, 25});
    cal.add_holiday(Date{2026, 12, 31});
    const auto missing = missing_days(l, cal);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].date == Date{2026, 12, 24});
    CHECK(holidays_with(cal, l) == "2026-12-24\n2026-12-25\n2026-12-31");
}

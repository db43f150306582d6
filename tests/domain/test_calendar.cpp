#include "keluhan/domain/calendar.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

namespace {
TimeMs wib(const char* iso) {
    return parse_iso_time(std::string(iso) + "+07:00").value();
}
} // namespace

TEST_CASE("civil dates round trip and weekdays are right") {
    for (std::int64_t d = -1000; d < 40000; d += 37)
        CHECK(days_from_civil(civil_from_days(d)) == d);
    CHECK(weekday(Date{2026, 11, 21}) == 5); // Saturday
    CHECK(weekday(Date{2026, 11, 23}) == 0); // Monday
    CHECK(parse_date("2026-02-29").error().key == "err.date.format");
    CHECK(parse_date("2028-02-29").ok());
    CHECK(format_date(Date{2026, 1, 5}) == "2026-01-05");
}

TEST_CASE("durations as the SOP writes them") {
    CHECK(Duration::parse("10 menit")->amount == 10);
    CHECK(Duration::parse("2 jam")->amount == 120);
    CHECK(Duration::parse("7 hari")->unit == Duration::Unit::Days);
    CHECK(Duration::parse("1 Hari")->amount == 1);
    CHECK(Duration::parse("30m")->to_string() == "30 menit");
    CHECK(Duration::parse("120 menit")->to_string() == "2 jam");
    CHECK_FALSE(Duration::parse("sebentar").ok());
    CHECK_FALSE(Duration::parse("0 menit").ok());
    CHECK_FALSE(Duration::parse("10 minggu").ok());
}

TEST_CASE("working minutes skip nights, weekends and holidays") {
    WorkingCalendar cal; // Mon-Thu 07:30-16:00, Fri 07:30-16:30, WIB
    const Duration ten{Duration::Unit::Minutes, 10};
    // Inside office hours: plain addition.
    CHECK(cal.add(wib("2026-11-23T09:00"), ten) == wib("2026-11-23T09:10"));
    // Late on Monday: carries to Tuesday morning.
    CHECK(cal.add(wib("2026-11-23T15:55"), ten) == wib("2026-11-24T07:35"));
    // Saturday: starts counting Monday at opening.
    CHECK(cal.add(wib("2026-11-21T10:00"), ten) == wib("2026-11-23T07:40"));
    // Friday closes at 16:30.
    CHECK(cal.add(wib("2026-11-27T16:25"), ten) == wib("2026-11-30T07:35"));
    // A holiday is skipped.
    cal.add_holiday(Date{2026, 11, 24});
    CHECK(cal.add(wib("2026-11-23T15:55"), ten) == wib("2026-11-25T07:35"));
    CHECK(cal.working_minutes_between(wib("2026-11-23T15:00"), wib("2026-11-25T08:00")) == 60 + 30);
}

TEST_CASE("working days keep the time of day") {
    WorkingCalendar cal;
    const Duration seven{Duration::Unit::Days, 7};
    // Monday 10:00 + 7 working days = Wednesday of next week 10:00.
    CHECK(cal.add(wib("2026-11-23T10:00"), seven) == wib("2026-12-02T10:00"));
    // Started after closing: counts from the next opening.
    CHECK(cal.add(wib("2026-11-23T18:00"), Duration{Duration::Unit::Days, 1}) ==
          wib("2026-11-25T07:30"));
}

TEST_CASE("zones of Indonesia and formatting") {
    WorkingCalendar cal;
    CHECK(cal.zone_abbrev() == "WIB");
    CHECK(cal.format(wib("2026-11-23T14:05")) == "23-11-2026 14:05 WIB");
    REQUIRE(cal.set_zone("Asia/Makassar").ok());
    CHECK(cal.zone_abbrev() == "WITA");
    CHECK(cal.format(wib("2026-11-23T14:05")) == "23-11-2026 15:05 WITA");
    CHECK(cal.set_zone("Asia/Jayapura").ok());
    CHECK(cal.zone_abbrev() == "WIT");
    CHECK_FALSE(cal.set_zone("Mars/Olympus").ok());
    CHECK(cal.set_hours(5, "08:00-12:00").ok());
    CHECK(cal.is_working_day(Date{2026, 11, 21}));
    CHECK_FALSE(cal.set_hours(0, "16:00-07:00").ok());
    CHECK_FALSE(cal.set_hours(0, "7:30-16:00").ok());
}

TEST_CASE("ISO times") {
    CHECK(format_iso_utc(wib("2026-11-23T09:00")) == "2026-11-23T02:00:00Z");
    CHECK(parse_iso_time("2026-11-23T02:00:00Z").value() == wib("2026-11-23T09:00"));
    CHECK_FALSE(parse_iso_time("kemarin").ok());
}

TEST_CASE("office edges: after hours on Friday, the month's last working day, 31 December, "
          "holidays, WIB midnight") {
    WorkingCalendar cal; // Mon-Thu 07:30-16:00, Fri 07:30-16:30, WIB
    const Duration ten{Duration::Unit::Minutes, 10};
    // Friday after closing: counting starts on Monday at opening.
    CHECK(cal.add(wib("2026-11-27T17:00"), ten) == wib("2026-11-30T07:40"));
    CHECK(cal.working_minutes_between(wib("2026-11-27T16:00"), wib("2026-11-30T08:00")) == 30 + 30);
    // The last working day of November: the rest runs into December.
    CHECK(cal.add(wib("2026-11-30T15:55"), ten) == wib("2026-12-01T07:35"));
    // 31 December (a Thursday), with New Year's Day a holiday: into the next
    // year, past the holiday and the weekend.
    cal.add_holiday(Date{2027, 1, 1});
    CHECK(cal.add(wib("2026-12-31T15:55"), ten) == wib("2027-01-04T07:35"));
    // Seven working days over Christmas (24th cuti bersama, 25th) and New Year.
    cal.add_holiday(Date{2026, 12, 24});
    cal.add_holiday(Date{2026, 12, 25});
    CHECK(cal.add(wib("2026-12-23T10:00"), Duration{Duration::Unit::Days, 7}) ==
          wib("2027-01-06T10:00"));
    // Started at 00:00 WIB on the holiday, which is 17:00 UTC on 31 December.
    const TimeMs midnight = parse_iso_time("2026-12-31T17:00:00Z").value();
    CHECK(midnight == wib("2027-01-01T00:00"));
    CHECK(cal.add(midnight, ten) == wib("2027-01-04T07:40"));
    // The office's date changes at 00:00 WIB, not at 00:00 UTC.
    CHECK(cal.local_date(parse_iso_time("2026-12-31T16:59:59Z").value()) == Date{2026, 12, 31});
    CHECK(cal.local_date(midnight) == Date{2027, 1, 1});
    CHECK(cal.local_date(parse_iso_time("2028-02-28T17:00:00Z").value()) == Date{2028, 2, 29});
    CHECK(cal.format(midnight) == "01-01-2027 00:00 WIB");
}

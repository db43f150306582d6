// The office's working calendar: office hours per weekday, holidays, and the
// zone times are shown in. SOP standard times count working time only.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"

#include <array>
#include <set>
#include <string>
#include <string_view>

namespace keluhan {

// A civil date in the office's zone.
struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    friend auto operator<=>(const Date&, const Date&) = default;
};

// Standard time of an SOP step, as the SOP writes it: minutes or hours of
// working time, or whole working days.
struct Duration {
    enum class Unit { Minutes, Days };
    Unit unit = Unit::Minutes;
    int amount = 0;

    // "10 menit", "2 jam", "7 hari", and the short forms "10m", "2h", "7d".
    [[nodiscard]] static Result<Duration> parse(std::string_view s);
    // "10 menit", "2 jam", "7 hari" (Indonesian, as in the SOP).
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const Duration&, const Duration&) = default;
};

class WorkingCalendar {
  public:
    struct Span {
        int start_min = 0; // minutes after midnight, local
        int end_min = 0;
        [[nodiscard]] bool working() const { return end_min > start_min; }
    };

    // Indonesian government office defaults: Monday to Thursday 07:30-16:00,
    // Friday 07:30-16:30, weekend closed, zone Asia/Jakarta (UTC+7).
    WorkingCalendar();

    // IANA zone name for Indonesia's three zones (no daylight saving there),
    // or a fixed offset "+07:00". Refused otherwise.
    [[nodiscard]] Status set_zone(std::string_view zone);
    // Weekday 0 = Monday .. 6 = Sunday; "07:30-16:00" or "" for closed.
    [[nodiscard]] Status set_hours(int weekday, std::string_view span);
    void add_holiday(Date d) { holidays_.insert(d); }
    // For showing and editing the calendar (the admin panel's settings).
    [[nodiscard]] Span hours(int weekday) const {
        return hours_.at(static_cast<std::size_t>(weekday));
    }
    [[nodiscard]] const std::set<Date>& holidays() const { return holidays_; }
    void clear_holidays() { holidays_.clear(); }

    [[nodiscard]] int utc_offset_minutes() const { return offset_min_; }
    [[nodiscard]] const std::string& zone_name() const { return zone_; }
    // "WIB", "WITA", "WIT" or "UTC+hh:mm".
    [[nodiscard]] std::string zone_abbrev() const;

    [[nodiscard]] bool is_working_day(Date d) const;
    [[nodiscard]] bool is_working_time(TimeMs t) const;

    // The moment `d` of standard time has passed, counting working time only,
    // starting at `start` (which may be outside office hours).
    [[nodiscard]] TimeMs add(TimeMs start, Duration d) const;
    // Working minutes between two moments (0 when to <= from).
    [[nodiscard]] std::int64_t working_minutes_between(TimeMs from, TimeMs to) const;

    // Local civil date and minute of day of a moment.
    [[nodiscard]] Date local_date(TimeMs t) const;
    [[nodiscard]] int local_minute(TimeMs t) const;
    [[nodiscard]] TimeMs from_local(Date d, int minute_of_day) const;
    // "21-11-2026 14:05 WIB"
    [[nodiscard]] std::string format(TimeMs t) const;

  private:
    [[nodiscard]] Span span_of(Date d) const;
    std::array<Span, 7> hours_{};
    std::set<Date> holidays_;
    int offset_min_ = 7 * 60;
    std::string zone_ = "Asia/Jakarta";
};

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian).
[[nodiscard]] std::int64_t days_from_civil(Date d);
[[nodiscard]] Date civil_from_days(std::int64_t days);
// 0 = Monday .. 6 = Sunday.
[[nodiscard]] int weekday(Date d);
[[nodiscard]] Result<Date> parse_date(std::string_view iso); // "2026-12-25"
[[nodiscard]] std::string format_date(Date d);               // "2026-12-25"

// Current time; tests may freeze it through KELUHAN_NOW (ISO "2026-11-23T09:00:00+07:00").
[[nodiscard]] TimeMs now_ms();
[[nodiscard]] Result<TimeMs> parse_iso_time(std::string_view s);
[[nodiscard]] std::string format_iso_utc(TimeMs t); // "2026-11-23T02:00:00Z"

} // namespace keluhan

#include "keluhan/domain/calendar.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace keluhan {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kDayMin = 24 * 60;

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "07:30" -> 450, or -1.
int parse_hhmm(std::string_view s) {
    if (s.size() != 5 || s[2] != ':' || !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3)))
        return -1;
    const int h = std::stoi(std::string(s.substr(0, 2)));
    const int m = std::stoi(std::string(s.substr(3)));
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

} // namespace

std::int64_t days_from_civil(Date d) {
    // Howard Hinnant's algorithm.
    const int y = d.year - (d.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int mp = (d.month + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + d.day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int day = doy - (153 * mp + 2) / 5 + 1;
    const int month = mp < 10 ? mp + 3 : mp - 9;
    const auto year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return Date{year, month, day};
}

int weekday(Date d) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((days_from_civil(d) % 7) + 7 + 3) % 7);
}

Result<Date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s.substr(0, 4)) ||
        !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)))
        return Error{ErrorKind::Invalid, "err.date.format", {{"value", std::string(s)}}};
    Date d{std::stoi(std::string(s.substr(0, 4))), std::stoi(std::string(s.substr(5, 2))),
           std::stoi(std::string(s.substr(8, 2)))};
    if (d.month < 1 || d.month > 12 || d.day < 1 || civil_from_days(days_from_civil(d)) != d)
        return Error{ErrorKind::Invalid, "err.date.format", {{"value", std::string(s)}}};
    return d;
}

std::string format_date(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

Result<Duration> Duration::parse(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ')
        ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9')
        ++j;
    if (j == i || j - i > 6)
        return Error{ErrorKind::Invalid, "err.duration.format", {{"value", std::string(s)}}};
    const int n = std::stoi(std::string(s.substr(i, j - i)));
    while (j < s.size() && s[j] == ' ')
        ++j;
    std::string unit(s.substr(j));
    while (!unit.empty() && unit.back() == ' ')
        unit.pop_back();
    for (auto& c : unit)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    Duration d;
    d.amount = n;
    if (unit == "m" || unit == "menit" || unit == "min")
        d.unit = Unit::Minutes;
    else if (unit == "h" || unit == "jam")
        d.amount = n * 60;
    else if (unit == "d" || unit == "hari")
        d.unit = Unit::Days;
    else
        return Error{ErrorKind::Invalid, "err.duration.format", {{"value", std::string(s)}}};
    if (n <= 0)
        return Error{ErrorKind::Invalid, "err.duration.format", {{"value", std::string(s)}}};
    return d;
}

std::string Duration::to_string() const {
    if (unit == Unit::Days) return std::to_string(amount) + " hari";
    if (amount % 60 == 0) return std::to_string(amount / 60) + " jam";
    return std::to_string(amount) + " menit";
}

WorkingCalendar::WorkingCalendar() {
    for (int d = 0; d < 4; ++d)
        hours_[static_cast<std::size_t>(d)] = {7 * 60 + 30, 16 * 60};
    hours_[4] = {7 * 60 + 30, 16 * 60 + 30};
}

Status WorkingCalendar::set_zone(std::string_view zone) {
    struct Known {
        std::string_view name;
        int offset;
    };
    static constexpr Known known[] = {{"Asia/Jakarta", 420},
                                      {"Asia/Pontianak", 420},
                                      {"Asia/Makassar", 480},
                                      {"Asia/Jayapura", 540},
                                      {"UTC", 0},
                                      {"Etc/UTC", 0}};
    for (const auto& k : known)
        if (k.name == zone) {
            offset_min_ = k.offset;
            zone_ = std::string(zone);
            return ok();
        }
    if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-')) {
        const int hm = parse_hhmm(zone.substr(1));
        if (hm >= 0 && hm <= 14 * 60) {
            offset_min_ = zone[0] == '-' ? -hm : hm;
            zone_ = std::string(zone);
            return ok();
        }
    }
    return Error{ErrorKind::Invalid, "err.config.zone", {{"value", std::string(zone)}}};
}

std::string WorkingCalendar::zone_abbrev() const {
    if (zone_ == "Asia/Jakarta" || zone_ == "Asia/Pontianak") return "WIB";
    if (zone_ == "Asia/Makassar") return "WITA";
    if (zone_ == "Asia/Jayapura") return "WIT";
    char buf[16];
    const int a = offset_min_ < 0 ? -offset_min_ : offset_min_;
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", offset_min_ < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

Status WorkingCalendar::set_hours(int wd, std::string_view span) {
    if (wd < 0 || wd > 6)
        return Error{ErrorKind::Invalid, "err.config.hours", {{"value", "weekday"}}};
    if (span.empty() || span == "closed" || span == "libur") {
        hours_[static_cast<std::size_t>(wd)] = {};
        return ok();
    }
    const auto dash = span.find('-');
    const int a = dash == std::string_view::npos ? -1 : parse_hhmm(span.substr(0, dash));
    const int b = dash == std::string_view::npos ? -1 : parse_hhmm(span.substr(dash + 1));
    if (a < 0 || b < 0 || b <= a)
        return Error{ErrorKind::Invalid, "err.config.hours", {{"value", std::string(span)}}};
    hours_[static_cast<std::size_t>(wd)] = {a, b};
    return ok();
}

WorkingCalendar::Span WorkingCalendar::span_of(Date d) const {
    if (holidays_.count(d) != 0) return {};
    return hours_[static_cast<std::size_t>(weekday(d))];
}

bool WorkingCalendar::is_working_day(Date d) const {
    return span_of(d).working();
}

Date WorkingCalendar::local_date(TimeMs t) const {
    const std::int64_t local_min = floor_div(t, kMinuteMs) + offset_min_;
    return civil_from_days(floor_div(local_min, kDayMin));
}

int WorkingCalendar::local_minute(TimeMs t) const {
    const std::int64_t local_min = floor_div(t, kMinuteMs) + offset_min_;
    return static_cast<int>(local_min - floor_div(local_min, kDayMin) * kDayMin);
}

TimeMs WorkingCalendar::from_local(Date d, int minute_of_day) const {
    return (days_from_civil(d) * kDayMin + minute_of_day - offset_min_) * kMinuteMs;
}

bool WorkingCalendar::is_working_time(TimeMs t) const {
    const Span s = span_of(local_date(t));
    const int m = local_minute(t);
    return s.working() && m >= s.start_min && m < s.end_min;
}

TimeMs WorkingCalendar::add(TimeMs start, Duration d) const {
    if (d.unit == Duration::Unit::Days) {
        // N working days later at the same point of the working day; a start
        // outside office hours counts from the next opening.
        Date day = local_date(start);
        int minute = local_minute(start);
        Span s = span_of(day);
        int guard = 0;
        while (!s.working() || minute >= s.end_min) {
            day = civil_from_days(days_from_civil(day) + 1);
            s = span_of(day);
            minute = 0;
            if (++guard > 3660) return start; // no working day in ten years
        }
        const int offset = std::max(0, minute - s.start_min);
        for (int left = d.amount; left > 0;) {
            day = civil_from_days(days_from_civil(day) + 1);
            if (span_of(day).working()) --left;
            if (++guard > 3660) return start;
        }
        const Span e = span_of(day);
        return from_local(day, std::min(e.start_min + offset, e.end_min));
    }
    // Minutes of working time, walked day by day.
    std::int64_t left = d.amount;
    Date day = local_date(start);
    TimeMs t = start;
    for (int guard = 0; guard < 3660; ++guard) {
        const Span s = span_of(day);
        if (s.working()) {
            const TimeMs open = from_local(day, s.start_min);
            const TimeMs close = from_local(day, s.end_min);
            const TimeMs from = std::max(t, open);
            if (from < close) {
                const std::int64_t avail = (close - from) / kMinuteMs;
                if (left <= avail) return from + left * kMinuteMs;
                left -= avail;
            }
        }
        day = civil_from_days(days_from_civil(day) + 1);
        t = from_local(day, 0);
    }
    return start;
}

std::int64_t WorkingCalendar::working_minutes_between(TimeMs from, TimeMs to) const {
    if (to <= from) return 0;
    std::int64_t total_ms = 0;
    Date day = local_date(from);
    const Date last = local_date(to);
    for (int guard = 0; day <= last && guard < 36600; ++guard) {
        const Span s = span_of(day);
        if (s.working()) {
            const TimeMs a = std::max(from, from_local(day, s.start_min));
            const TimeMs b = std::min(to, from_local(day, s.end_min));
            if (b > a) total_ms += b - a;
        }
        day = civil_from_days(days_from_civil(day) + 1);
    }
    return total_ms / kMinuteMs;
}

std::string WorkingCalendar::format(TimeMs t) const {
    const Date d = local_date(t);
    const int m = local_minute(t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d-%02d-%04d %02d:%02d ", d.day, d.month, d.year, m / 60,
                  m % 60);
    return buf + zone_abbrev();
}

Result<TimeMs> parse_iso_time(std::string_view s) {
    // YYYY-MM-DDTHH:MM[:SS][Z|+hh:mm|-hh:mm]
    if (s.size() < 16 || (s[10] != 'T' && s[10] != ' '))
        return Error{ErrorKind::Invalid, "err.time.format", {{"value", std::string(s)}}};
    auto date = parse_date(s.substr(0, 10));
    if (!date) return date.error();
    const int hm = parse_hhmm(s.substr(11, 5));
    if (hm < 0) return Error{ErrorKind::Invalid, "err.time.format", {{"value", std::string(s)}}};
    std::size_t i = 16;
    int sec = 0;
    if (i < s.size() && s[i] == ':') {
        if (i + 3 > s.size() || !all_digits(s.substr(i + 1, 2)))
            return Error{ErrorKind::Invalid, "err.time.format", {{"value", std::string(s)}}};
        sec = std::stoi(std::string(s.substr(i + 1, 2)));
        i += 3;
    }
    int offset = 0;
    const std::string_view tz = s.substr(i);
    if (tz.empty() || tz == "Z")
        offset = 0;
    else if (tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') && parse_hhmm(tz.substr(1)) >= 0)
        offset = (tz[0] == '-' ? -1 : 1) * parse_hhmm(tz.substr(1));
    else
        return Error{ErrorKind::Invalid, "err.time.format", {{"value", std::string(s)}}};
    return (days_from_civil(*date) * kDayMin + hm - offset) * kMinuteMs + sec * 1000;
}

std::string format_iso_utc(TimeMs t) {
    const std::int64_t secs = floor_div(t, 1000);
    const Date d = civil_from_days(floor_div(secs, 86400));
    const auto sod = static_cast<int>(secs - floor_div(secs, 86400) * 86400);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                  sod / 3600, sod / 60 % 60, sod % 60);
    return buf;
}

TimeMs now_ms() {
    static const TimeMs frozen = [] {
        if (const char* e = std::getenv("KELUHAN_NOW"); e && *e)
            if (auto t = parse_iso_time(e)) return *t;
        return TimeMs{0};
    }();
    if (frozen != 0) return frozen;
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace keluhan

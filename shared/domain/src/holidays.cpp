#include "keluhan/domain/holidays.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace keluhan {
namespace {

Error bad(const std::filesystem::path& file, const toml::node* n, const std::string& key,
          const std::string& reason) {
    const std::string line = n ? std::to_string(n->source().begin.line) : "1";
    return Error{ErrorKind::Invalid,
                 "err.config.invalid",
                 {{"file", file.string()}, {"line", line}, {"key", key}, {"reason", reason}},
                 file.string() + ":" + line + ": " + key + ": " + reason};
}

} // namespace

Result<NationalHolidays> load_national_holidays(const std::filesystem::path& file) {
    toml::table t;
    try {
        t = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        return Error{ErrorKind::Invalid,
                     "err.config.invalid",
                     {{"file", file.string()},
                      {"line", std::to_string(e.source().begin.line)},
                      {"key", "-"},
                      {"reason", std::string(e.description())}}};
    }
    for (const auto& [k, v] : t)
        if (k != "year" && k != "source" && k != "libur_nasional" && k != "cuti_bersama")
            return bad(file, &v, std::string(k.str()), "unknown key");
    NationalHolidays out;
    const auto year = t["year"].value<std::int64_t>();
    if (!year || *year < 2000 || *year > 2200)
        return bad(file, t.get("year"), "year", "must be a year such as 2026");
    out.year = static_cast<int>(*year);
    out.source = t["source"].value_or(std::string());
    if (out.source.empty()) return bad(file, t.get("source"), "source", "must name the decree");
    std::set<Date> seen;
    for (const char* list : {"libur_nasional", "cuti_bersama"}) {
        const auto* arr = t[list].as_array();
        if (!arr) return bad(file, t.get(list), list, "must be a list of { date, name }");
        for (const auto& item : *arr) {
            const auto* day = item.as_table();
            if (!day) return bad(file, &item, list, "each day is { date = ..., name = ... }");
            const auto date = (*day)["date"].value<std::string>();
            const auto name = (*day)["name"].value<std::string>();
            if (!date || !name || name->empty() || day->size() != 2)
                return bad(file, &item, list, "each day is { date = ..., name = ... }");
            auto d = parse_date(*date);
            if (!d)
                return bad(file, &item, list, "\"" + *date + "\" is not a date like 2026-12-25");
            if (d->year != out.year)
                return bad(file, &item, list, *date + " is not in " + std::to_string(out.year));
            if (!seen.insert(*d).second) return bad(file, &item, list, *date + " is listed twice");
            out.days.push_back({*d, *name, std::string_view(list) == "cuti_bersama"});
        }
    }
    std::sort(out.days.begin(), out.days.end(),
              [](const NationalDay& a, const NationalDay& b) { return a.date < b.date; });
    return out;
}

std::vector<int> national_holiday_years(const std::filesystem::path& assets_dir) {
    std::vector<int> years;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(assets_dir / "holidays", ec)) {
        const auto name = e.path().filename().string();
        if (name.size() != 9 || e.path().extension() != ".toml") continue;
        const std::string stem = name.substr(0, 4);
        if (std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
            years.push_back(std::stoi(stem));
    }
    std::sort(years.begin(), years.end());
    return years;
}

Result<std::vector<NationalHolidays>>
load_all_national_holidays(const std::filesystem::path& assets_dir) {
    std::vector<NationalHolidays> out;
    for (const int y : national_holiday_years(assets_dir)) {
        auto l = load_national_holidays(assets_dir / "holidays" / (std::to_string(y) + ".toml"));
        if (!l) return l.error();
        if (l->year != y)
            return bad(assets_dir / "holidays" / (std::to_string(y) + ".toml"), nullptr, "year",
                       "must be the file's own year");
        out.push_back(std::move(*l));
    }
    return out;
}

std::vector<NationalDay> missing_days(const NationalHolidays& list,
                                      const WorkingCalendar& calendar) {
    std::vector<NationalDay> out;
    for (const auto& d : list.days)
        if (!calendar.holidays().contains(d.date)) out.push_back(d);
    return out;
}

std::string holidays_with(const WorkingCalendar& calendar, const NationalHolidays& list) {
    std::set<Date> all = calendar.holidays();
    for (const auto& d : list.days)
        all.insert(d.date);
    std::string out;
    for (const auto& d : all)
        out += (out.empty() ? "" : "\n") + format_date(d);
    return out;
}

} // namespace keluhan

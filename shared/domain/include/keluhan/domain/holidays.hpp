// The national holidays and joint leave days (hari libur nasional dan cuti
// bersama) of a year, as the government's joint decree (SKB) sets them,
// shipped as data under assets/holidays/<year>.toml. They are not in an
// office's calendar until its administrator adds them (calendar.holidays):
// the list is offered, checked against the decree, then confirmed.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/error.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace keluhan {

struct NationalDay {
    Date date;
    std::string name;         // "Idul Fitri 1447 Hijriah"
    bool joint_leave = false; // cuti bersama (else libur nasional)
};

struct NationalHolidays {
    int year = 0;
    std::string source;            // the decree it comes from
    std::vector<NationalDay> days; // by date
};

// One year's file. err.config.invalid naming the line for anything amiss: a
// date outside the year, a day twice, an unknown key.
[[nodiscard]] Result<NationalHolidays> load_national_holidays(const std::filesystem::path& file);
// The years shipped under `assets_dir`/holidays, in order.
[[nodiscard]] std::vector<int> national_holiday_years(const std::filesystem::path& assets_dir);
// Every year shipped, loaded (a file that does not load is an error).
[[nodiscard]] Result<std::vector<NationalHolidays>>
load_all_national_holidays(const std::filesystem::path& assets_dir);

// The days of `list` not yet among `calendar`'s holidays.
[[nodiscard]] std::vector<NationalDay> missing_days(const NationalHolidays& list,
                                                    const WorkingCalendar& calendar);
// calendar.holidays with every day of `list` added: the setting's value
// (one date a line, in order).
[[nodiscard]] std::string holidays_with(const WorkingCalendar& calendar,
                                        const NationalHolidays& list);

} // namespace keluhan

// The monthly report for officials: the month's complaints by service,
// channel and status; SLA compliance of every SOP step (done within its
// standard time on the working calendar, or late) and overall; and the
// average working time each step took against its standard, as figures and
// as CSV (documents/report_pdf.hpp prints them as an A4 PDF with bar charts).
//
// The recap is counted in SQL; the SLA figures come from each complaint's
// timeline() (the same one the panel's detail shows), read in one pass over
// the month's events. Slow enough to belong on a worker thread for a busy
// month (see docs/benchmarks.md), never in draw code.
#pragma once

#include "keluhan/domain/access.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/domain/timeline.hpp"
#include "keluhan/storage/store.hpp"

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

struct StepStats {
    const SopStep* step = nullptr; // of MonthReport::profile
    std::int64_t done = 0;         // completed (once, however often it was returned)
    std::int64_t on_time = 0;      // completed within the standard time
    std::int64_t late = 0;         // completed after it was due
    std::int64_t open_overdue = 0; // current, and already past due at the report's time
    std::int64_t open_in_time = 0; // current, not yet due
    std::int64_t minutes_sum = 0;  // working minutes the completed ones took
    std::int64_t standard_sum = 0; // their standard times, in working minutes
    // The customer's own step (actor pelanggan, such as receiving the answer
    // letter): its times are shown, but it is not the office's to keep, so
    // it has no on-time share and stays out of the overall figures.
    bool customer = false;

    // Steps measured against the SLA: the completed ones and those already late.
    [[nodiscard]] std::int64_t measured() const { return customer ? 0 : done + open_overdue; }
    // Share on time, 0..1; negative when nothing was measured.
    [[nodiscard]] double compliance() const {
        return measured() ? static_cast<double>(on_time) / static_cast<double>(measured()) : -1.0;
    }
    [[nodiscard]] double average_minutes() const {
        return done ? static_cast<double>(minutes_sum) / static_cast<double>(done) : 0.0;
    }
    [[nodiscard]] double average_standard_minutes() const {
        return done ? static_cast<double>(standard_sum) / static_cast<double>(done) : 0.0;
    }
};

struct MonthReport {
    int year = 0;
    int month = 0;
    TimeMs from = 0;            // first moment of the month in the office's zone
    TimeMs to = 0;              // first moment of the next month
    TimeMs now = 0;             // when it was made (open steps are measured against it)
    std::string profile_name;   // the SOP measured (the office's)
    std::string profile_number; // "SOP12-BSPJI/5"
    std::int64_t total = 0;     // complaints submitted in the month
    std::vector<GroupCount> by_service, by_channel, by_status; // largest first
    std::vector<StepStats> steps;   // every step of the profile after the submission, in order
    StepStats overall;              // the steps added up (step is null)
    std::int64_t other_profile = 0; // complaints under another SOP: in the recap, not the SLA
};

// "2026-11" -> {2026, 11}; err.report.month otherwise.
[[nodiscard]] Result<std::pair<int, int>> parse_month(std::string_view s);

// The report of `year`-`month` on the office's SOP profile, open steps
// measured at `now`. Needs Permission::ViewReports.
[[nodiscard]] Result<MonthReport> month_report(Store& store, const Office& office, const User& user,
                                               int year, int month, TimeMs now);

// The report as CSV (UTF-8 with BOM, CRLF, one section after another),
// headings in the catalog's language.
[[nodiscard]] std::string report_csv(const MonthReport& r, const Office& office,
                                     const Catalog& lang);

// The register (Formulir daftar keluhan pelanggan) as CSV, every complaint
// oldest first with the complainant's name and contacts, and the CAPA
// columns where the SOP asks for them; UTF-8 with BOM, CRLF, formulas
// defused. Needs Permission::ExportRegister (front desk, coordinator of PJI,
// Kepala Balai). Written to the audit trail ("register.export", `target`:
// where it goes, and how many complaints) before the first row, so an
// export cut short is on record too. Returns the number of complaints.
[[nodiscard]] Result<std::int64_t> export_register_csv(Store& store, const Office& office,
                                                       const Catalog& lang, const User& user,
                                                       std::ostream& out,
                                                       const std::string& target);

// A share as a percentage in the catalog's language: "87,5 %", "-" when
// nothing was measured (share < 0).
[[nodiscard]] std::string format_share(const Catalog& lang, double share);
// "November 2026" in the catalog's language.
[[nodiscard]] std::string month_title(const Catalog& lang, const MonthReport& r);
// A recap row's label: the service's name, or the channel's or status's word.
[[nodiscard]] std::string group_label(const Catalog& lang, ReportGroup g, const std::string& key);

// Working time in words: "45 menit", "2 jam 15 menit", "52 jam" (hours of
// office time, never calendar days).
[[nodiscard]] std::string format_working_minutes(const Catalog& lang, double minutes);

} // namespace keluhan

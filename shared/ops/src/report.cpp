// [SECTION] index
//   figures: the month, the recap and the SLA per step
//   CSV
#include "keluhan/ops/report.hpp"

#include "keluhan/domain/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace keluhan {

// [SECTION] figures ------------------------------------------------------------------

Result<std::pair<int, int>> parse_month(std::string_view s) {
    const std::string t = text::trim(s);
    if (t.size() == 7 && t[4] == '-') {
        auto d = parse_date(t + "-01");
        if (d) return std::pair{d->year, d->month};
    }
    return Error{ErrorKind::Invalid, "err.report.month", {{"value", t}}};
}

Result<MonthReport> month_report(Store& store, const Office& office, const User& user, int year,
                                 int month, TimeMs now) {
    if (auto st = require(user, Permission::ViewReports); !st) return st.error();
    if (year < 2000 || year > 2200 || month < 1 || month > 12)
        return Error{ErrorKind::Invalid,
                     "err.report.month",
                     {{"value", std::to_string(year) + "-" + std::to_string(month)}}};
    const auto& cal = office.config.calendar;
    MonthReport r;
    r.year = year;
    r.month = month;
    r.from = cal.from_local(Date{year, month, 1}, 0);
    r.to = cal.from_local(month == 12 ? Date{year + 1, 1, 1} : Date{year, month + 1, 1}, 0);
    r.now = now;
    r.profile_name = office.profile.name;
    r.profile_number = office.profile.number;
    for (auto [group, out] : {std::pair{ReportGroup::ByService, &r.by_service},
                              std::pair{ReportGroup::ByChannel, &r.by_channel},
                              std::pair{ReportGroup::ByStatus, &r.by_status}}) {
        auto counts = store.count_by(group, r.from, r.to);
        if (!counts) return counts.error();
        *out = std::move(counts).value();
    }
    for (const auto& g : r.by_status)
        r.total += g.count;

    const SopProfile& profile = office.profile;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 1; i < profile.steps.size(); ++i) {
        index[profile.steps[i].id] = r.steps.size();
        StepStats st{&profile.steps[i]};
        st.customer = profile.steps[i].actor == Role::Pelanggan;
        r.steps.push_back(st);
    }
    auto st = store.each_history(r.from, r.to, [&](const ComplaintHistory& h) {
        if (h.sop != profile.name) {
            ++r.other_profile;
            return;
        }
        for (const auto& v : timeline(profile, cal, h.events, now)) {
            if (v.step == &profile.steps.front() || v.state == StepView::State::Pending) continue;
            auto& s = r.steps[index.find(v.step->id)->second];
            if (v.state == StepView::State::Done) {
                ++s.done;
                if (!s.customer) ++(v.late ? s.late : s.on_time);
                s.minutes_sum += v.working_minutes;
                s.standard_sum += v.standard_minutes;
            } else if (!s.customer) {
                ++(v.late ? s.open_overdue : s.open_in_time);
            } else {
                ++s.open_in_time; // waiting for the customer: not the office's delay
            }
        }
    });
    if (!st) return st.error();
    for (const auto& s : r.steps) {
        if (s.customer) continue;
        r.overall.done += s.done;
        r.overall.on_time += s.on_time;
        r.overall.late += s.late;
        r.overall.open_overdue += s.open_overdue;
        r.overall.open_in_time += s.open_in_time;
        r.overall.minutes_sum += s.minutes_sum;
        r.overall.standard_sum += s.standard_sum;
    }
    return r;
}

std::string format_working_minutes(const Catalog& lang, double minutes) {
    const auto m = static_cast<std::int64_t>(std::llround(minutes));
    if (m < 60) return lang.tr("label.report.minutes", {{"m", std::to_string(m)}});
    if (m % 60 == 0) return lang.tr("label.report.hours", {{"h", std::to_string(m / 60)}});
    return lang.tr("label.report.hours_minutes",
                   {{"h", std::to_string(m / 60)}, {"m", std::to_string(m % 60)}});
}

// "87,5" (Indonesian) or "87.5".
std::string format_share(const Catalog& lang, double share) {
    if (share < 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", share * 100.0);
    std::string s = buf;
    if (lang.language() == "id")
        for (auto& ch : s)
            if (ch == '.') ch = ',';
    return s + " %";
}

std::string month_title(const Catalog& lang, const MonthReport& r) {
    return lang.tr("label.month." + std::to_string(r.month)) + " " + std::to_string(r.year);
}

std::string group_label(const Catalog& lang, ReportGroup g, const std::string& key) {
    switch (g) {
    case ReportGroup::ByService:
        return lang.has("service." + key) ? lang.tr("service." + key) : key;
    case ReportGroup::ByChannel:
        return lang.tr("channel." + key);
    case ReportGroup::ByStatus:
        return lang.tr("status." + key);
    }
    return key;
}

namespace {

// Share as a plain number for spreadsheets: "87.5", "" when nothing measured.
std::string share_number(double share) {
    if (share < 0) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", share * 100.0);
    return buf;
}

std::string minutes_number(double m) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%.0f", m);
    return buf;
}

} // namespace

// [SECTION] CSV ------------------------------------------------------------------------

std::string report_csv(const MonthReport& r, const Office& office, const Catalog& lang) {
    std::string out = "\xEF\xBB\xBF";
    out += text::csv_row({lang.tr("label.report.title"), month_title(lang, r)});
    out += text::csv_row({lang.tr("label.report.office"), office.config.office.name});
    out += text::csv_row({lang.tr("label.report.sop"), r.profile_number});
    out += text::csv_row({lang.tr("label.report.generated"), office.config.calendar.format(r.now)});
    out += text::csv_row({lang.tr("label.report.total"), std::to_string(r.total)});
    if (r.other_profile)
        out +=
            text::csv_row({lang.tr("label.report.other_profile"), std::to_string(r.other_profile)});
    for (auto [g, list, head] :
         {std::tuple{ReportGroup::ByService, &r.by_service, "header.service"},
          std::tuple{ReportGroup::ByChannel, &r.by_channel, "header.channel"},
          std::tuple{ReportGroup::ByStatus, &r.by_status, "header.status"}}) {
        out += "\r\n" + text::csv_row({lang.tr(head), lang.tr("label.report.count")});
        for (const auto& c : *list)
            out += text::csv_row({group_label(lang, g, c.key), std::to_string(c.count)});
    }
    out += "\r\n" +
           text::csv_row(
               {lang.tr("label.report.col_no"), lang.tr("label.report.col_step"),
                lang.tr("label.report.col_actor"), lang.tr("label.report.col_standard"),
                lang.tr("label.report.col_done"), lang.tr("label.report.col_on_time"),
                lang.tr("label.report.col_late"), lang.tr("label.report.col_open_overdue"),
                lang.tr("label.report.col_compliance"), lang.tr("label.report.col_avg_minutes"),
                lang.tr("label.report.col_standard_minutes")});
    for (const auto& s : r.steps)
        out += text::csv_row(
            {std::to_string(s.step->number), s.step->action, std::string(role_title(s.step->actor)),
             s.step->standard_time.to_string(), std::to_string(s.done), std::to_string(s.on_time),
             std::to_string(s.late), std::to_string(s.open_overdue),
             s.customer ? lang.tr("label.report.customer_step") : share_number(s.compliance()),
             s.done ? minutes_number(s.average_minutes()) : "",
             s.done ? minutes_number(s.average_standard_minutes()) : ""});
    const auto& o = r.overall;
    out += text::csv_row({"", lang.tr("label.report.overall"), "", "", std::to_string(o.done),
                          std::to_string(o.on_time), std::to_string(o.late),
                          std::to_string(o.open_overdue), share_number(o.compliance()), "", ""});
    return out;
}

} // namespace keluhan

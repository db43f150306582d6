// [SECTION] index
//   figures: the month, the recap and the SLA per step
//   CSV
//   PDF: two A4 pages (recap and charts; the table of steps)
#include "keluhan/report.hpp"

#include "keluhan/text.hpp"
#include "render_internal.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace keluhan {

using namespace render_detail;

// [SECTION] figures ------------------------------------------------------------------

Result<std::pair<int, int>> parse_month(std::string_view s) {
    const std::string t = text::trim(s);
    if (t.size() == 7 && t[4] == '-') {
        auto d = parse_date(t + "-01");
        if (d) return std::pair{d->year, d->month};
    }
    return Error{ErrorKind::Invalid, "err.report.month", {{"value", t}}};
}

Result<MonthReport> month_report(Store& store, const Office& office, const User& user, int year, int month,
                                 TimeMs now) {
    if (auto st = require(user, Permission::ViewReports); !st) return st.error();
    if (year < 2000 || year > 2200 || month < 1 || month > 12)
        return Error{ErrorKind::Invalid, "err.report.month",
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
    for (const auto& g : r.by_status) r.total += g.count;

    const SopProfile& profile = office.profile;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 1; i < profile.steps.size(); ++i) {
        index[profile.steps[i].id] = r.steps.size();
        r.steps.push_back(StepStats{&profile.steps[i]});
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
                ++(v.late ? s.late : s.on_time);
                s.minutes_sum += v.working_minutes;
                s.standard_sum += cal.working_minutes_between(v.started, v.due);
            } else {
                ++(v.late ? s.open_overdue : s.open_in_time);
            }
        }
    });
    if (!st) return st.error();
    for (const auto& s : r.steps) {
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
    return lang.tr("label.report.hours_minutes", {{"h", std::to_string(m / 60)}, {"m", std::to_string(m % 60)}});
}

namespace {

// "87,5" (Indonesian) or "87.5".
std::string percent(const Catalog& lang, double share) {
    if (share < 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", share * 100.0);
    std::string s = buf;
    if (lang.language() == "id")
        for (auto& ch : s)
            if (ch == '.') ch = ',';
    return s + " %";
}

std::string month_name(const Catalog& lang, const MonthReport& r) {
    return lang.tr("label.month." + std::to_string(r.month)) + " " + std::to_string(r.year);
}

std::string group_label(const Catalog& lang, ReportGroup g, const std::string& key) {
    switch (g) {
    case ReportGroup::ByService: return lang.has("service." + key) ? lang.tr("service." + key) : key;
    case ReportGroup::ByChannel: return lang.tr("channel." + key);
    case ReportGroup::ByStatus: return lang.tr("status." + key);
    }
    return key;
}

// One CSV cell (RFC 4180), formulas defused as in the register export.
std::string cell(std::string v) {
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
    std::string out = "\"";
    for (const char c : v) {
        if (c == '"') out += "\"\"";
        else out.push_back(c);
    }
    return out + "\"";
}

std::string row(std::initializer_list<std::string> cells) {
    std::string out;
    bool first = true;
    for (const auto& c : cells) {
        out += (first ? "" : ",") + cell(c);
        first = false;
    }
    return out + "\r\n";
}

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
    out += row({lang.tr("label.report.title"), month_name(lang, r)});
    out += row({lang.tr("label.report.office"), office.config.office.name});
    out += row({lang.tr("label.report.sop"), r.profile_number});
    out += row({lang.tr("label.report.generated"), office.config.calendar.format(r.now)});
    out += row({lang.tr("label.report.total"), std::to_string(r.total)});
    if (r.other_profile) out += row({lang.tr("label.report.other_profile"), std::to_string(r.other_profile)});
    for (auto [g, list, head] : {std::tuple{ReportGroup::ByService, &r.by_service, "header.service"},
                                 std::tuple{ReportGroup::ByChannel, &r.by_channel, "header.channel"},
                                 std::tuple{ReportGroup::ByStatus, &r.by_status, "header.status"}}) {
        out += "\r\n" + row({lang.tr(head), lang.tr("label.report.count")});
        for (const auto& c : *list) out += row({group_label(lang, g, c.key), std::to_string(c.count)});
    }
    out += "\r\n" + row({lang.tr("label.report.col_no"), lang.tr("label.report.col_step"),
                         lang.tr("label.report.col_actor"), lang.tr("label.report.col_standard"),
                         lang.tr("label.report.col_done"), lang.tr("label.report.col_on_time"),
                         lang.tr("label.report.col_late"), lang.tr("label.report.col_open_overdue"),
                         lang.tr("label.report.col_compliance"), lang.tr("label.report.col_avg_minutes"),
                         lang.tr("label.report.col_standard_minutes")});
    for (const auto& s : r.steps)
        out += row({std::to_string(s.step->number), s.step->action, std::string(role_title(s.step->actor)),
                    s.step->standard_time.to_string(), std::to_string(s.done), std::to_string(s.on_time),
                    std::to_string(s.late), std::to_string(s.open_overdue), share_number(s.compliance()),
                    s.done ? minutes_number(s.average_minutes()) : "",
                    s.done ? minutes_number(s.average_standard_minutes()) : ""});
    const auto& o = r.overall;
    out += row({"", lang.tr("label.report.overall"), "", "", std::to_string(o.done), std::to_string(o.on_time),
                std::to_string(o.late), std::to_string(o.open_overdue), share_number(o.compliance()), "", ""});
    return out;
}

// [SECTION] PDF ------------------------------------------------------------------------

namespace {

struct Rgb {
    double r, g, b;
};
constexpr Rgb kInk{0.1, 0.1, 0.1};
constexpr Rgb kBar{0.16, 0.38, 0.62};  // complaints
constexpr Rgb kGood{0.18, 0.55, 0.34}; // on time
constexpr Rgb kBad{0.78, 0.22, 0.18};  // late
constexpr Rgb kGrid{0.82, 0.82, 0.82};

void fill_rect(const Canvas& c, double x, double y, double w, double h, Rgb col) {
    if (!c.drawing() || w <= 0 || h <= 0) return;
    cairo_t* cr = c.cr();
    cairo_save(cr);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}

void vline(const Canvas& c, double x, double y, double h, Rgb col, double width = 0.5) {
    if (!c.drawing()) return;
    cairo_t* cr = c.cr();
    cairo_save(cr);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x, y + h);
    cairo_stroke(cr);
    cairo_restore(cr);
}

class ReportLayout {
  public:
    ReportLayout(const Canvas& c, const MonthReport& r, const Office& o, const Catalog& lang)
        : c_(c), r_(r), o_(o), lang_(lang) {}

    static constexpr double kW = mm(210), kH = mm(297), kLeft = mm(18), kTop = mm(15);
    static constexpr double kContent = kW - 2 * kLeft;

    void page(int p) {
        y_ = kTop;
        header();
        if (p == 0) {
            summary();
            recap_tables();
            chart_services();
            chart_compliance();
        } else {
            steps_table();
        }
        footer(p);
    }

  private:
    double text(const std::string& s, const Font& f, double x, double w, PangoAlignment a = PANGO_ALIGN_LEFT) {
        return c_.text(s, f, x, y_, w, a);
    }

    void header() {
        const auto& off = o_.config.office;
        y_ += text(off.parent, {kSans, 9}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += text(off.name, {kSans, 12, true}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += mm(1.5);
        c_.rule(kLeft, y_, kContent, 1.2);
        y_ += mm(4);
        y_ += text(lang_.tr("label.report.title_upper"), {kSans, 13, true}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += text(lang_.tr("label.report.subtitle", {{"month", month_name(lang_, r_)}, {"sop", r_.profile_number}}),
                   {kSans, 10}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += mm(5);
    }

    void footer(int p) {
        const std::string s = lang_.tr("label.report.footer", {{"time", o_.config.calendar.format(r_.now)},
                                                               {"page", std::to_string(p + 1)},
                                                               {"pages", "2"}});
        c_.text(s, {kSans, 8}, kLeft, kH - mm(12), kContent, PANGO_ALIGN_RIGHT);
    }

    void section(const std::string& title) {
        y_ += text(title, {kSans, 11, true}, kLeft, kContent);
        y_ += mm(1.5);
    }

    void summary() {
        std::int64_t open = 0, closed = 0;
        for (const auto& g : r_.by_status) (g.key == "open" ? open : closed) += g.count;
        const std::string line = lang_.tr("label.report.summary",
                                          {{"total", std::to_string(r_.total)},
                                           {"closed", std::to_string(closed)},
                                           {"open", std::to_string(open)},
                                           {"compliance", percent(lang_, r_.overall.compliance())}});
        y_ += text(line, {kSans, 10}, kLeft, kContent);
        if (r_.other_profile)
            y_ += text(lang_.tr("label.report.other_profile_note", {{"n", std::to_string(r_.other_profile)}}),
                       {kSans, 8.5, false, true}, kLeft, kContent);
        y_ += mm(5);
    }

    void recap_tables() {
        const double gap = mm(6);
        const double w = (kContent - 2 * gap) / 3;
        double bottom = y_;
        int i = 0;
        for (auto [g, list, head] : {std::tuple{ReportGroup::ByService, &r_.by_service, "header.service"},
                                     std::tuple{ReportGroup::ByChannel, &r_.by_channel, "header.channel"},
                                     std::tuple{ReportGroup::ByStatus, &r_.by_status, "header.status"}}) {
            const double x = kLeft + i++ * (w + gap);
            double y = y_;
            const Font hf{kSans, 9, true}, bf{kSans, 9};
            c_.text(lang_.tr(head), hf, x, y, w * 0.7);
            y += c_.text(lang_.tr("label.report.count"), hf, x + w * 0.7, y, w * 0.3, PANGO_ALIGN_RIGHT);
            c_.rule(x, y + 1, w, 0.6);
            y += mm(1.2);
            if (list->empty()) y += c_.text("-", bf, x, y, w);
            for (const auto& row : *list) {
                const double h = c_.text(group_label(lang_, g, row.key), bf, x, y, w * 0.75);
                c_.text(std::to_string(row.count), bf, x + w * 0.7, y, w * 0.3, PANGO_ALIGN_RIGHT);
                y += h + 1;
            }
            bottom = std::max(bottom, y);
        }
        y_ = bottom + mm(7);
    }

    // Horizontal bars: label | bar | value.
    void bars(const std::vector<std::tuple<std::string, double, std::string, Rgb>>& rows, double max_value,
              bool percent_axis) {
        const double label_w = mm(62), value_w = mm(22);
        const double bar_x = kLeft + label_w + mm(2), bar_w = kContent - label_w - value_w - mm(4);
        const double bar_h = mm(3.6), row_h = mm(5.6);
        const double top = y_;
        if (percent_axis)
            for (int t = 0; t <= 4; ++t) {
                const double x = bar_x + bar_w * t / 4.0;
                vline(c_, x, top, row_h * static_cast<double>(rows.size()), kGrid);
                c_.text(std::to_string(t * 25) + "%", {kSans, 6.5}, x - mm(6), top + row_h * static_cast<double>(rows.size()) + 1,
                        mm(12), PANGO_ALIGN_CENTER);
            }
        for (const auto& [label, value, shown, colour] : rows) {
            // One line, ellipsised: a long SOP action must not run into the next bar.
            auto l = c_.layout(label, {kSans, 8}, label_w);
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
            c_.show(l.get(), kLeft, y_);
            const double w = max_value > 0 ? bar_w * std::clamp(value / max_value, 0.0, 1.0) : 0;
            fill_rect(c_, bar_x, y_ + (row_h - bar_h) / 2 - mm(0.6), w, bar_h, colour);
            c_.text(shown, {kSans, 8, true}, bar_x + bar_w + mm(2), y_, value_w);
            y_ += row_h;
        }
        if (rows.empty()) y_ += text(lang_.tr("label.report.nothing"), {kSans, 9, false, true}, kLeft, kContent);
        vline(c_, bar_x, top, y_ - top, kInk, 0.8);
        y_ += percent_axis ? mm(6) : mm(3);
    }

    void chart_services() {
        section(lang_.tr("label.report.chart_services"));
        std::vector<std::tuple<std::string, double, std::string, Rgb>> rows;
        double max = 0;
        for (const auto& g : r_.by_service) {
            rows.emplace_back(group_label(lang_, ReportGroup::ByService, g.key), static_cast<double>(g.count),
                              std::to_string(g.count), kBar);
            max = std::max(max, static_cast<double>(g.count));
        }
        bars(rows, max, false);
        y_ += mm(4);
    }

    void chart_compliance() {
        section(lang_.tr("label.report.chart_compliance"));
        std::vector<std::tuple<std::string, double, std::string, Rgb>> rows;
        for (const auto& s : r_.steps) {
            const double share = s.compliance();
            rows.emplace_back(std::to_string(s.step->number) + ". " + s.step->action,
                              std::max(share, 0.0), percent(lang_, share), share >= 0.8 ? kGood : kBad);
        }
        rows.emplace_back(lang_.tr("label.report.overall"), std::max(r_.overall.compliance(), 0.0),
                          percent(lang_, r_.overall.compliance()), kBar);
        bars(rows, 1.0, true);
        y_ += text(lang_.tr("label.report.compliance_note"), {kSans, 7.5, false, true}, kLeft, kContent);
    }

    void steps_table() {
        section(lang_.tr("label.report.table_steps"));
        struct Col {
            const char* key;
            double w;
            PangoAlignment a;
        };
        const Col cols[] = {{"label.report.col_no", mm(7), PANGO_ALIGN_LEFT},
                            {"label.report.col_step", mm(48), PANGO_ALIGN_LEFT},
                            {"label.report.col_standard", mm(16), PANGO_ALIGN_RIGHT},
                            {"label.report.col_done", mm(13), PANGO_ALIGN_RIGHT},
                            {"label.report.col_on_time", mm(14), PANGO_ALIGN_RIGHT},
                            {"label.report.col_late", mm(16), PANGO_ALIGN_RIGHT},
                            {"label.report.col_open_overdue", mm(16), PANGO_ALIGN_RIGHT},
                            {"label.report.col_compliance", mm(18), PANGO_ALIGN_RIGHT},
                            {"label.report.col_avg", mm(26), PANGO_ALIGN_RIGHT}};
        const Font hf{kSans, 7.5, true}, bf{kSans, 8};
        auto line = [&](const std::vector<std::string>& cells, const Font& f) {
            double x = kLeft, h = 0;
            for (std::size_t i = 0; i < std::size(cols); ++i) {
                h = std::max(h, c_.text(cells[i], f, x, y_, cols[i].w - mm(1.5), cols[i].a));
                x += cols[i].w;
            }
            y_ += h + mm(1.2);
            c_.rule(kLeft, y_ - mm(0.6), kContent, 0.3);
        };
        std::vector<std::string> head;
        for (const auto& col : cols) head.push_back(lang_.tr(col.key));
        line(head, hf);
        for (const auto& s : r_.steps) {
            line({std::to_string(s.step->number),
                  s.step->action + "\n" + std::string(role_title(s.step->actor)),
                  s.step->standard_time.to_string(), std::to_string(s.done), std::to_string(s.on_time),
                  std::to_string(s.late), std::to_string(s.open_overdue), percent(lang_, s.compliance()),
                  s.done ? format_working_minutes(lang_, s.average_minutes()) + "\n" +
                               lang_.tr("label.report.of_standard",
                                        {{"std", format_working_minutes(lang_, s.average_standard_minutes())}})
                         : "-"},
                 bf);
        }
        const auto& o = r_.overall;
        line({"", lang_.tr("label.report.overall"), "", std::to_string(o.done), std::to_string(o.on_time),
              std::to_string(o.late), std::to_string(o.open_overdue), percent(lang_, o.compliance()), ""},
             {kSans, 8, true});
        y_ += mm(3);
        y_ += text(lang_.tr("label.report.table_note"), {kSans, 7.5, false, true}, kLeft, kContent);
    }

    const Canvas& c_;
    const MonthReport& r_;
    const Office& o_;
    const Catalog& lang_;
    double y_ = 0;
};

} // namespace

Result<Rendered> render_report(const MonthReport& r, const Office& office, const Catalog& lang,
                               const RenderOptions& opt) {
    auto lock = lock_rendering();
    const PageSpec spec{ReportLayout::kW, ReportLayout::kH, 2};
    const std::string title = lang.tr("label.report.title") + " " + month_name(lang, r);
    return output(spec, opt, title, [&](const Canvas& c, int p) {
        ReportLayout layout(c, r, office, lang);
        layout.page(p);
    });
}

} // namespace keluhan

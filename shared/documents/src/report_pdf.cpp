// The monthly report as a printable A4 PDF: two pages (the recap and the
// charts; the table of steps). The figures come from ops/report.hpp.
#include "keluhan/documents/report_pdf.hpp"

#include "render_internal.hpp"

#include <algorithm>
#include <cmath>

namespace keluhan {

using namespace render_detail;

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
    double text(const std::string& s, const Font& f, double x, double w,
                PangoAlignment a = PANGO_ALIGN_LEFT) {
        return c_.text(s, f, x, y_, w, a);
    }

    void header() {
        const auto& off = o_.config.office;
        y_ += text(off.parent, {kSans, 9}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += text(off.name, {kSans, 12, true}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += mm(1.5);
        c_.rule(kLeft, y_, kContent, 1.2);
        y_ += mm(4);
        y_ += text(lang_.tr("label.report.title_upper"), {kSans, 13, true}, kLeft, kContent,
                   PANGO_ALIGN_CENTER);
        y_ += text(lang_.tr("label.report.subtitle",
                            {{"month", month_title(lang_, r_)}, {"sop", r_.profile_number}}),
                   {kSans, 10}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += mm(5);
    }

    void footer(int p) {
        const std::string s =
            lang_.tr("label.report.footer", {{"time", o_.config.calendar.format(r_.now)},
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
        for (const auto& g : r_.by_status)
            (g.key == "open" ? open : closed) += g.count;
        const std::string line = lang_.tr(
            "label.report.summary", {{"total", std::to_string(r_.total)},
                                     {"closed", std::to_string(closed)},
                                     {"open", std::to_string(open)},
                                     {"compliance", format_share(lang_, r_.overall.compliance())}});
        y_ += text(line, {kSans, 10}, kLeft, kContent);
        if (r_.other_profile)
            y_ += text(lang_.tr("label.report.other_profile_note",
                                {{"n", std::to_string(r_.other_profile)}}),
                       {kSans, 8.5, false, true}, kLeft, kContent);
        y_ += mm(5);
    }

    void recap_tables() {
        const double gap = mm(6);
        const double w = (kContent - 2 * gap) / 3;
        double bottom = y_;
        int i = 0;
        for (auto [g, list, head] :
             {std::tuple{ReportGroup::ByService, &r_.by_service, "header.service"},
              std::tuple{ReportGroup::ByChannel, &r_.by_channel, "header.channel"},
              std::tuple{ReportGroup::ByStatus, &r_.by_status, "header.status"}}) {
            const double x = kLeft + i++ * (w + gap);
            double y = y_;
            const Font hf{kSans, 9, true}, bf{kSans, 9};
            c_.text(lang_.tr(head), hf, x, y, w * 0.7);
            y += c_.text(lang_.tr("label.report.count"), hf, x + w * 0.7, y, w * 0.3,
                         PANGO_ALIGN_RIGHT);
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
    void bars(const std::vector<std::tuple<std::string, double, std::string, Rgb>>& rows,
              double max_value, bool percent_axis) {
        const double label_w = mm(62), value_w = mm(22);
        const double bar_x = kLeft + label_w + mm(2), bar_w = kContent - label_w - value_w - mm(4);
        const double bar_h = mm(3.6), row_h = mm(5.6);
        const double top = y_;
        if (percent_axis)
            for (int t = 0; t <= 4; ++t) {
                const double x = bar_x + bar_w * t / 4.0;
                vline(c_, x, top, row_h * static_cast<double>(rows.size()), kGrid);
                c_.text(std::to_string(t * 25) + "%", {kSans, 6.5}, x - mm(6),
                        top + row_h * static_cast<double>(rows.size()) + 1, mm(12),
                        PANGO_ALIGN_CENTER);
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
        if (rows.empty())
            y_ += text(lang_.tr("label.report.nothing"), {kSans, 9, false, true}, kLeft, kContent);
        vline(c_, bar_x, top, y_ - top, kInk, 0.8);
        y_ += percent_axis ? mm(6) : mm(3);
    }

    void chart_services() {
        section(lang_.tr("label.report.chart_services"));
        std::vector<std::tuple<std::string, double, std::string, Rgb>> rows;
        double max = 0;
        for (const auto& g : r_.by_service) {
            rows.emplace_back(group_label(lang_, ReportGroup::ByService, g.key),
                              static_cast<double>(g.count), std::to_string(g.count), kBar);
            max = std::max(max, static_cast<double>(g.count));
        }
        bars(rows, max, false);
        y_ += mm(4);
    }

    void chart_compliance() {
        section(lang_.tr("label.report.chart_compliance"));
        std::vector<std::tuple<std::string, double, std::string, Rgb>> rows;
        for (const auto& s : r_.steps) {
            if (s.customer) continue; // not the office's to keep
            const double share = s.compliance();
            rows.emplace_back(std::to_string(s.step->number) + ". " + s.step->action,
                              std::max(share, 0.0), format_share(lang_, share),
                              share >= 0.8 ? kGood : kBad);
        }
        rows.emplace_back(lang_.tr("label.report.overall"), std::max(r_.overall.compliance(), 0.0),
                          format_share(lang_, r_.overall.compliance()), kBar);
        bars(rows, 1.0, true);
        y_ += text(lang_.tr("label.report.compliance_note"), {kSans, 7.5, false, true}, kLeft,
                   kContent);
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
        for (const auto& col : cols)
            head.push_back(lang_.tr(col.key));
        line(head, hf);
        for (const auto& s : r_.steps) {
            line({std::to_string(s.step->number),
                  s.step->action + "\n" + std::string(role_title(s.step->actor)),
                  s.step->standard_time.to_string(), std::to_string(s.done),
                  std::to_string(s.on_time), std::to_string(s.late), std::to_string(s.open_overdue),
                  s.customer ? lang_.tr("label.report.customer_step")
                             : format_share(lang_, s.compliance()),
                  s.done ? format_working_minutes(lang_, s.average_minutes()) + "\n" +
                               lang_.tr("label.report.of_standard",
                                        {{"std", format_working_minutes(
                                                     lang_, s.average_standard_minutes())}})
                         : "-"},
                 bf);
        }
        const auto& o = r_.overall;
        line({"", lang_.tr("label.report.overall"), "", std::to_string(o.done),
              std::to_string(o.on_time), std::to_string(o.late), std::to_string(o.open_overdue),
              format_share(lang_, o.compliance()), ""},
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
    const std::string title = lang.tr("label.report.title") + " " + month_title(lang, r);
    return output(spec, opt, title, [&](const Canvas& c, int p) {
        ReportLayout layout(c, r, office, lang);
        layout.page(p);
    });
}

} // namespace keluhan

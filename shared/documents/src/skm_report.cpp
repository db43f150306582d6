// The satisfaction survey's report as A4 pages: page 1 the index (table,
// chart, grade), then the profile and the suggestions, flowing over as many
// pages as they need.
#include "keluhan/documents/skm_report.hpp"

#include "render_internal.hpp"

#include <cstdio>

namespace keluhan {

using namespace render_detail;

namespace {

std::string fixed2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

void fill(const Canvas& c, double x, double y, double w, double h, double r, double g, double b) {
    if (!c.drawing() || w <= 0 || h <= 0) return;
    cairo_t* cr = c.cr();
    cairo_save(cr);
    cairo_set_source_rgb(cr, r, g, b);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}

class SkmLayout {
  public:
    SkmLayout(const Canvas& c, const SkmReport& r, const Office& o, const Catalog& lang)
        : c_(c), r_(r), o_(o), lang_(lang) {}

    static constexpr double kW = mm(210), kH = mm(297), kLeft = mm(18), kTop = mm(15);
    static constexpr double kContent = kW - 2 * kLeft;
    static constexpr double kBottom = kH - mm(22);

    // Lays out everything; draws the page `want` (-1: none, only counts).
    int run(int want) {
        want_ = want;
        page_ = 0;
        y_ = kTop;
        y_ += draw_letterhead(c_, lang_, o_, kLeft, y_, kContent, drawing());
        title();
        index_table();
        chart();
        new_page();
        profile();
        suggestions();
        footer();
        return page_ + 1;
    }

  private:
    [[nodiscard]] bool drawing() const { return c_.drawing() && page_ == want_; }
    double text(const std::string& s, const Font& f, double x, double w,
                PangoAlignment a = PANGO_ALIGN_LEFT) {
        auto l = c_.layout(s, f, w, a);
        const double h = Canvas::height(l.get());
        if (drawing()) c_.show(l.get(), x, y_);
        return h;
    }
    void footer() {
        if (!drawing()) return;
        c_.text(lang_.tr("label.skm.title") + " \u00b7 " +
                    lang_.tr("label.skm.period",
                             {{"from", format_date(r_.from)}, {"to", format_date(r_.to)}}) +
                    " \u00b7 " + std::to_string(page_ + 1),
                {kSans, 8}, kLeft, kH - mm(12), kContent, PANGO_ALIGN_RIGHT);
    }
    void new_page() {
        footer();
        ++page_;
        y_ = kTop;
    }
    void room(double h) {
        if (y_ + h > kBottom) new_page();
    }

    void title() {
        y_ += text(lang_.tr("label.skm.title").append(" (SKM)"), {kSans, 13, true}, kLeft, kContent,
                   PANGO_ALIGN_CENTER);
        y_ += text(lang_.tr("label.skm.period",
                            {{"from", format_date(r_.from)}, {"to", format_date(r_.to)}}),
                   {kSans, 10}, kLeft, kContent, PANGO_ALIGN_CENTER);
        y_ += mm(4);
        y_ += text(lang_.tr("label.skm.respondents", {{"n", std::to_string(r_.index.respondents)}}),
                   {kSans, 10, true}, kLeft, kContent);
        y_ += mm(2);
    }

    void index_table() {
        const double cols[] = {mm(14), kContent - mm(14) - mm(24) * 3, mm(24), mm(24), mm(24)};
        auto row = [&](const std::vector<std::string>& cells, const Font& f, bool shade) {
            double h = 0;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                auto l = c_.layout(cells[i], f, cols[i] - mm(2),
                                   i >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
                h = std::max(h, Canvas::height(l.get()));
            }
            h += mm(2);
            if (shade && drawing()) fill(c_, kLeft, y_, kContent, h, 0.93, 0.95, 0.98);
            double x = kLeft;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                auto l = c_.layout(cells[i], f, cols[i] - mm(2),
                                   i >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
                if (drawing()) c_.show(l.get(), x + mm(1), y_ + mm(1));
                x += cols[i];
            }
            y_ += h;
            if (drawing()) c_.rule(kLeft, y_, kContent, 0.4);
        };
        const Font head{kSans, 8.5, true}, body{kSans, 8.5};
        row({"", lang_.tr("label.skm.element"), lang_.tr("label.skm.answers"),
             lang_.tr("label.skm.nrr"), lang_.tr("label.skm.converted")},
            head, true);
        const std::string lang = o_.config.language;
        for (const auto& e : r_.index.elements) {
            const SkmElement* el = r_.questionnaire.element(e.id);
            row({e.id, el ? el->name.in(lang) : e.id, std::to_string(e.answers),
                 e.answers ? fixed2(e.nrr) : "-", e.answers ? fixed2(e.converted) : "-"},
                body, false);
        }
        row({"", "IKM", "", r_.index.grade == '-' ? "-" : fixed2(r_.index.ikm),
             r_.index.grade == '-' ? "-" : fixed2(r_.index.converted)},
            head, true);
        y_ += mm(4);
        // The index in large type, with its grade.
        const std::string value = r_.index.grade == '-' ? "-" : fixed2(r_.index.converted);
        y_ += text(lang_.tr("label.skm.ikm",
                            {{"value", value}, {"grade", lang_.tr(skm_grade_key(r_.index.grade))}}),
                   {kSans, 12, true}, kLeft, kContent);
        if (!r_.index.weakest.empty()) {
            std::string names;
            for (const auto& id : r_.index.weakest) {
                const SkmElement* el = r_.questionnaire.element(id);
                names += (names.empty() ? "" : "; ") + id + " " + (el ? el->name.in(lang) : id);
            }
            y_ += text(lang_.tr("label.skm.weakest", {{"elements", names}}), {kSans, 9.5}, kLeft,
                       kContent);
        }
        y_ += mm(2);
        y_ += text(
            lang_.tr("label.skm.basis", {{"basis", r_.questionnaire.basis},
                                         {"n", std::to_string(r_.questionnaire.elements.size())}}),
            {kSans, 7.5, false, true}, kLeft, kContent);
        y_ += mm(5);
    }

    // One bar per element, its converted value on a 25..100 axis.
    void chart() {
        const double label_w = mm(14), bar_h = mm(5), gap = mm(2);
        const double axis_w = kContent - label_w - mm(16);
        room((bar_h + gap) * static_cast<double>(r_.index.elements.size()) + mm(8));
        for (const auto& e : r_.index.elements) {
            if (drawing()) {
                c_.text(e.id, {kSans, 8.5, true}, kLeft, y_ + mm(0.5), label_w);
                fill(c_, kLeft + label_w, y_, axis_w, bar_h, 0.92, 0.92, 0.92);
                if (e.answers) {
                    const double w = axis_w * (e.converted - 25) / 75;
                    fill(c_, kLeft + label_w, y_, w, bar_h, 0.16, 0.38, 0.62);
                    c_.text(fixed2(e.converted), {kSans, 8}, kLeft + label_w + axis_w + mm(2),
                            y_ + mm(0.5), mm(14));
                }
            }
            y_ += bar_h + gap;
        }
        if (drawing()) {
            c_.text("25", {kSans, 7}, kLeft + label_w, y_, axis_w);
            c_.text("100", {kSans, 7}, kLeft + label_w, y_, axis_w, PANGO_ALIGN_RIGHT);
        }
        y_ += mm(6);
    }

    void profile() {
        y_ += text(lang_.tr("label.skm.profile"), {kSans, 11, true}, kLeft, kContent);
        y_ += mm(1.5);
        const std::string lang = o_.config.language;
        for (const auto& [field, counts] : r_.profile) {
            const SkmProfileField* f = r_.questionnaire.field(field);
            std::string line = (f ? f->name.in(lang) : field) + ": ";
            bool first = true;
            for (const auto& c : counts) {
                if (c.n == 0) continue;
                std::string option = c.option.empty() ? lang_.tr("label.skm.left_out") : c.option;
                if (f)
                    for (const auto& o : f->options)
                        if (o.id == c.option) option = o.in(lang);
                line += (first ? "" : ", ") + option + " " + std::to_string(c.n);
                first = false;
            }
            if (first) line += "-";
            auto l = c_.layout(line, {kSans, 9}, kContent);
            room(Canvas::height(l.get()));
            y_ += text(line, {kSans, 9}, kLeft, kContent);
        }
        std::string services = lang_.tr("label.skm.services") + ": ";
        bool first = true;
        for (const auto& [s, n] : r_.services) {
            services += (first ? "" : ", ") + (s.empty() ? lang_.tr("label.skm.no_service") : s) +
                        " " + std::to_string(n);
            first = false;
        }
        if (first) services += "-";
        y_ += text(services, {kSans, 9}, kLeft, kContent);
        y_ += mm(5);
    }

    void suggestions() {
        room(mm(12));
        y_ += text(lang_.tr("label.skm.suggestions"), {kSans, 11, true}, kLeft, kContent);
        y_ += mm(1.5);
        if (r_.suggestions.empty()) {
            y_ += text(lang_.tr("label.skm.no_suggestions"), {kSans, 9, false, true}, kLeft,
                       kContent);
            return;
        }
        int n = 0;
        for (const auto& s : r_.suggestions) {
            const std::string head = std::to_string(++n) + ". " + format_date(s.day) +
                                     (s.service.empty() ? "" : " \u00b7 " + s.service);
            auto l = c_.layout(s.text, {kSans, 9}, kContent - mm(6));
            room(Canvas::height(l.get()) + mm(6));
            y_ += text(head, {kSans, 8.5, true}, kLeft, kContent);
            y_ += text(s.text, {kSans, 9}, kLeft + mm(6), kContent - mm(6));
            y_ += mm(1.5);
        }
    }

    const Canvas& c_;
    const SkmReport& r_;
    const Office& o_;
    const Catalog& lang_;
    double y_ = 0;
    int page_ = 0;
    int want_ = -1;
};

} // namespace

Result<Rendered> render_skm_report(const SkmReport& r, const Office& office, const Catalog& lang,
                                   const RenderOptions& opt) {
    auto lock = lock_rendering();
    int pages = 1;
    {
        const Measure m;
        SkmLayout count(m.canvas(), r, office, lang);
        pages = count.run(-1);
    }
    const PageSpec spec{SkmLayout::kW, SkmLayout::kH, pages};
    const std::string title =
        lang.tr("label.skm.title") + " " + format_date(r.from) + " - " + format_date(r.to);
    return output(spec, opt, title, [&](const Canvas& c, int p) {
        SkmLayout layout(c, r, office, lang);
        layout.run(p);
    });
}

} // namespace keluhan

// The CAPA record on A4 (capa_record.hpp): labelled rows flowing over as
// many pages as the minutes need, the letterhead on the first.
#include "keluhan/documents/capa_record.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/text.hpp"
#include "render_internal.hpp"

#include <algorithm>

namespace keluhan {

using namespace render_detail;

namespace {

struct Page {
    double w = mm(210), h = mm(297);
    double left = mm(22), right = mm(18), top = mm(15), bottom = mm(20);
    [[nodiscard]] double content_w() const { return w - left - right; }
    [[nodiscard]] double limit() const { return h - bottom; }
};

// What goes on the record, worked out before laying it out.
struct Row {
    std::string label, value;
};
struct Section {
    std::string title;
    std::vector<Row> rows;
};
struct Signature {
    std::string role, name;
};
struct Record {
    std::string title, subtitle;
    std::vector<Section> sections;
    std::vector<Signature> signatures; // left, right
    std::string footer;
};

// Lays the record out, drawing the items of page `target` (none when the
// canvas only measures). Returns the number of pages.
class RecordLayout {
  public:
    RecordLayout(const Canvas& c, const Catalog& lang, int target)
        : c_(c), lang_(lang), target_(target) {}

    int run(const Office& office, const Record& r) {
        y_ = p_.top;
        const double x = p_.left, w = p_.content_w();
        y_ += draw_letterhead(c_, lang_, office, x, y_, w, on_target());
        y_ += mm(2);
        y_ += text(r.title, {kSans, 13, true}, x, w, PANGO_ALIGN_CENTER);
        y_ += text(r.subtitle, {kSans, 9.5}, x, w, PANGO_ALIGN_CENTER) + mm(5);
        const double label_w = mm(52);
        const Font body{kSans, 10};
        for (const auto& s : r.sections) {
            keep(mm(16)); // a heading is never left alone at a page's foot
            y_ += text(s.title, {kSans, 10.5, true}, x, w) + mm(1);
            if (on_target()) c_.rule(x, y_, w, 0.6);
            y_ += mm(2);
            for (const auto& row : s.rows) {
                auto label = c_.layout(row.label, {kSans, 10, true}, label_w - mm(2));
                const double lh = Canvas::height(label.get());
                keep(lh);
                if (on_target()) c_.show(label.get(), x, y_);
                const double start = y_;
                // The value flows line by line, across pages when long.
                for (const auto& para : split(row.value)) {
                    lines(para, body, x + label_w, w - label_w);
                    y_ += mm(1);
                }
                if (y_ < start + lh) y_ = start + lh;
                y_ += mm(1);
            }
            y_ += mm(3);
        }
        // Signature blocks side by side, kept in one piece.
        const double block = mm(30) + footer_h(r.footer, w);
        keep(block);
        const double col = w / 2;
        const double top = y_;
        const std::size_t n = std::min<std::size_t>(r.signatures.size(), 2);
        // The names on one line, under the tallest title.
        double titles = 0;
        for (std::size_t i = 0; i < n; ++i) {
            auto role = c_.layout(r.signatures[i].role, body, col - mm(6), PANGO_ALIGN_CENTER);
            titles = std::max(titles, Canvas::height(role.get()));
        }
        double bottom = top;
        for (std::size_t i = 0; i < n; ++i) {
            const double sx = x + col * static_cast<double>(i);
            auto role = c_.layout(r.signatures[i].role, body, col - mm(6), PANGO_ALIGN_CENTER);
            if (on_target()) c_.show(role.get(), sx, top);
            const double yy = top + titles + mm(16);
            auto name =
                c_.layout(r.signatures[i].name, {kSans, 10, true}, col - mm(6), PANGO_ALIGN_CENTER);
            if (on_target()) c_.show(name.get(), sx, yy);
            bottom = std::max(bottom, yy + Canvas::height(name.get()));
        }
        y_ = bottom + mm(5);
        y_ += text(r.footer, {kSans, 8}, x, w);
        return page_ + 1;
    }

  private:
    [[nodiscard]] bool on_target() const { return c_.drawing() && page_ == target_; }
    [[nodiscard]] double footer_h(const std::string& s, double w) const {
        if (s.empty()) return 0;
        auto l = c_.layout(s, {kSans, 8}, w);
        return Canvas::height(l.get()) + mm(5);
    }
    void keep(double h) {
        if (y_ + h > p_.limit() && y_ > p_.top + 1) {
            ++page_;
            y_ = p_.top + mm(5);
        }
    }
    double text(const std::string& s, const Font& f, double x, double w,
                PangoAlignment a = PANGO_ALIGN_LEFT) {
        if (s.empty()) return 0;
        auto l = c_.layout(s, f, w, a);
        const double h = Canvas::height(l.get());
        keep(h);
        if (on_target()) c_.show(l.get(), x, y_);
        return h;
    }
    void lines(const std::string& s, const Font& f, double x, double w) {
        auto l = c_.layout(s, f, w);
        show_lines(c_, l.get(), x, y_, [&](double h) {
            keep(h);
            return on_target();
        });
    }
    // Paragraphs of a value: its lines as typed (minutes keep their lists).
    static std::vector<std::string> split(const std::string& v) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start <= v.size()) {
            const auto nl = v.find('\n', start);
            out.push_back(text::trim(v.substr(start, nl == std::string::npos ? nl : nl - start)));
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
        while (!out.empty() && out.back().empty())
            out.pop_back();
        if (out.empty()) out.emplace_back("-");
        return out;
    }

    const Canvas& c_;
    const Catalog& lang_;
    int target_;
    Page p_;
    int page_ = 0;
    double y_ = 0;
};

// "2026-12-05" as "5 Desember 2026"; anything else as it is.
std::string date_text(const Catalog& lang, const std::string& iso) {
    const auto d = parse_date(iso);
    if (!d) return iso;
    return std::to_string(d->day) + " " + lang.tr("label.month." + std::to_string(d->month)) + " " +
           std::to_string(d->year);
}

Record make_record(const Office& office, const Catalog& lang, const Complaint& c, const Capa& k,
                   const std::vector<Event>& events,
                   const std::vector<std::pair<std::string, std::string>>& names) {
    const auto& cal = office.config.calendar;
    auto display = [&](const std::string& user) { return display_name_of(names, user); };
    auto value = [&](CapaField f) {
        const std::string& v = k.get(f);
        if (v.empty()) return lang.tr("label.capa_record.empty");
        if (f == CapaField::DueDate || f == CapaField::CheckedOn) return date_text(lang, v);
        if (f == CapaField::Effective)
            return lang.tr(v == "ya" ? "label.capa_record.effective_yes"
                                     : "label.capa_record.effective_no");
        return v;
    };
    Record r;
    r.title = lang.tr("label.capa_record.title");
    const auto& p = office.profile;
    // The profile's number, which some SOPs write as their whole title.
    r.subtitle = p.number.empty() || p.number.find(p.title) != std::string::npos
                     ? (p.number.empty() ? p.title : p.number)
                     : p.title + " (" + p.number + ")";

    Section about{lang.tr("label.capa_record.complaint"), {}};
    about.rows.push_back({lang.tr("label.code"), grouped_code(c.code)});
    about.rows.push_back(
        {lang.tr("label.register_number"), c.register_number.empty() ? "-" : c.register_number});
    about.rows.push_back({lang.tr("label.date"), long_date(lang, cal, c.created_at)});
    about.rows.push_back({lang.tr("label.service"), lang.tr("service." + c.service)});
    about.rows.push_back(
        {lang.tr("label.description"), c.description.empty() ? "-" : c.description});
    r.sections.push_back(std::move(about));

    // The fields in the order of the steps that ask for them.
    std::string acted_first, acted_last;
    for (const auto& step : p.steps) {
        if (step.capa.empty()) continue;
        Section s{lang.tr("label.capa_record.step",
                          {{"n", std::to_string(step.number)}, {"action", step.action}}),
                  {}};
        for (const auto f : step.capa)
            s.rows.push_back({lang.tr(capa_field_key(f)), value(f)});
        r.sections.push_back(std::move(s));
        for (const auto& e : events)
            if (e.kind == "complete" && e.step_id == step.id) {
                if (acted_first.empty()) acted_first = e.actor;
                acted_last = e.actor;
            }
    }
    const std::string blank = lang.tr("label.letter.blank");
    const std::string by = !acted_last.empty() ? display(acted_last) : blank;
    r.signatures.push_back({lang.tr("label.capa_record.prepared_by",
                                    {{"role", std::string(role_title(Role::KoordinatorTerkait))}}),
                            by});
    const std::string head =
        !office.config.office.signer_title.empty()
            ? office.config.office.signer_title
            : lang.tr("label.letter.signer_title", {{"office", office.config.office.name}});
    r.signatures.push_back(
        {lang.tr("label.capa_record.known_by", {{"role", head}}),
         office.config.office.signer_name.empty() ? blank : office.config.office.signer_name});
    if (k.updated_at != 0)
        r.footer = lang.tr("label.capa_record.updated",
                           {{"time", cal.format(k.updated_at)}, {"who", display(k.updated_by)}});
    return r;
}

} // namespace

Result<Rendered> render_capa_record(const Office& office, const Catalog& lang, const Complaint& c,
                                    const Capa& capa, const std::vector<Event>& events,
                                    const std::vector<std::pair<std::string, std::string>>& names,
                                    const RenderOptions& opt) {
    const Record r = make_record(office, lang, c, capa, events, names);
    auto lock = lock_rendering();
    Page page;
    PageSpec spec{page.w, page.h, 1};
    {
        Measure m;
        RecordLayout layout(m.canvas(), lang, -1);
        spec.pages = layout.run(office, r);
    }
    return output(spec, opt, r.title, [&](const Canvas& cv, int p) {
        RecordLayout layout(cv, lang, p);
        (void)layout.run(office, r);
        auto n =
            cv.layout(lang.tr("label.capa_record.page", {{"code", grouped_code(c.code)},
                                                         {"page", std::to_string(p + 1)},
                                                         {"pages", std::to_string(spec.pages)}}),
                      {kSans, 8}, page.content_w(), PANGO_ALIGN_RIGHT);
        cv.show(n.get(), page.left, page.h - mm(12));
    });
}

} // namespace keluhan

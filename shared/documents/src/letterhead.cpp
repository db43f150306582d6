// The office's letterhead (kop surat) on A4 documents: the logo at the left,
// the ministry and the office in capitals, the address and contacts
// centred beside it, a thick and a thin rule under it.
#include "render_internal.hpp"

#include <algorithm>

namespace keluhan::render_detail {

namespace {

std::string upper(const std::string& s) {
    gchar* u = g_utf8_strup(s.c_str(), static_cast<gssize>(s.size()));
    std::string out(u);
    g_free(u);
    return out;
}

} // namespace

double draw_letterhead(const Canvas& c, const Catalog& lang, const Office& office, double x,
                       double y, double w, bool draw) {
    const auto& o = office.config.office;
    const double logo_w = mm(24);
    const std::string logo = office.config.logo_file().string();
    double logo_h = 0;
    if (draw) {
        logo_h = draw_png(c, logo, x, y, logo_w);
    } else {
        const Measure m; // size only
        logo_h = draw_png(m.canvas(), logo, x, y, logo_w);
    }
    const double tx = x + logo_w + mm(3), tw = w - logo_w - mm(3);
    auto line = [&](const std::string& s, const Font& f, double at) -> double {
        if (s.empty()) return 0;
        auto l = c.layout(s, f, tw, PANGO_ALIGN_CENTER);
        if (draw) c.show(l.get(), tx, at);
        return Canvas::height(l.get());
    };
    double h = 0;
    h += line(upper(o.parent), {kSans, 12, true}, y + h);
    h += line(upper(o.name), {kSans, 13, true}, y + h);
    h += line(o.address, {kSans, 9}, y + h + 2) + 2;
    std::string contact;
    if (!o.phone.empty()) contact = lang.tr("label.receipt.phone", {{"phone", o.phone}});
    if (!o.email.empty()) contact += (contact.empty() ? "" : " \u00b7 ") + o.email;
    if (!o.website.empty()) contact += (contact.empty() ? "" : " \u00b7 ") + o.website;
    h += line(contact, {kSans, 9}, y + h);
    for (const auto& extra : o.letterhead)
        h += line(extra, {kSans, 9}, y + h);
    const double rule_y = y + std::max(logo_h, h) + mm(2);
    if (draw) {
        c.rule(x, rule_y, w, 2.2);
        c.rule(x, rule_y + 3.2, w, 0.6);
    }
    return rule_y - y + mm(3);
}

} // namespace keluhan::render_detail

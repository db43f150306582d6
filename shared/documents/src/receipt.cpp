// The Tanda Terima: content from the stored complaint, laid out for an
// 80 mm roll (72 mm printable) or A6.
#include "keluhan/documents/receipt.hpp"

#include "keluhan/documents/qr.hpp"
#include "keluhan/domain/text.hpp"
#include "render_internal.hpp"

#include <algorithm>
#include <cmath>

namespace keluhan {

using namespace render_detail;

namespace {

constexpr std::size_t kSummaryChars = 80;

} // namespace

ReceiptContent receipt_content(const Office& office, const Catalog& lang, const Complaint& c) {
    const Config& cfg = office.config;
    const auto& cal = cfg.calendar;
    ReceiptContent r;
    r.office_parent = cfg.office.parent;
    r.office_name = cfg.office.name;
    r.office_address = cfg.office.address;
    std::string contact;
    if (!cfg.office.phone.empty())
        contact = lang.tr("label.receipt.phone", {{"phone", cfg.office.phone}});
    if (!cfg.office.website.empty())
        contact += (contact.empty() ? "" : " \u00b7 ") + cfg.office.website;
    if (!contact.empty()) r.office_address += (r.office_address.empty() ? "" : "\n") + contact;
    r.title = lang.tr("label.receipt.title");
    r.code_label = lang.tr("label.code");
    const auto tc = TrackingCode::parse(c.code);
    r.code = tc ? tc->grouped() : c.code;
    r.qr_text = tc ? qr_payload(cfg, *tc) : c.code;
    if (!cfg.status_base_url.empty()) {
        // Shown without the scheme: shorter, so it mostly fits one line.
        std::string base = cfg.status_base_url;
        for (const std::string_view scheme : {"https://", "http://"})
            if (base.rfind(scheme, 0) == 0) base.erase(0, scheme.size());
        r.status_url = base + "/s/" + r.code;
    }
    r.submitted = cal.format(c.created_at);
    r.channel = lang.tr("channel." + std::string(to_string(c.channel)));
    r.service = lang.tr("service." + c.service);
    r.summary = text::summarize(c.description, kSummaryChars);
    // A spoken complaint may have no text yet: its words are the recording.
    if (text::trim(r.summary).empty() && c.channel == Channel::Lisan)
        r.summary = lang.tr("label.receipt.spoken");
    const auto& who = c.complainant;
    r.name = who.anonymous || text::trim(who.name).empty() ? lang.tr("label.anonymous") : who.name;
    if (!who.anonymous) {
        r.organization = who.organization;
        if (!text::trim(who.phone).empty()) r.phone_masked = mask_phone(who.phone);
    }
    r.reference = c.reference;
    r.answer_due_label = lang.tr("label.receipt.answer_due");
    if (c.sop == office.profile.name && !office.profile.steps.empty())
        r.answer_due = cal.format(office.engine().answer_due(c.created_at));
    r.how_to_check =
        lang.tr(r.status_url.empty() ? "label.receipt.check_kiosk" : "label.receipt.check_phone");
    r.privacy = lang.tr("label.receipt.privacy");
    // The complainant signs what staff wrote down for them at the desk; at an
    // unattended kiosk, or without a name, there is nobody to sign.
    const OriginKind taken = origin_kind(c.origin);
    r.signature = c.channel == Channel::Lisan && !who.anonymous && !text::trim(who.name).empty() &&
                  (taken == OriginKind::Desk || taken == OriginKind::CommandLine);
    r.signature_label = lang.tr("label.receipt.signature");

    r.rows.emplace_back(lang.tr("label.date"), r.submitted);
    r.rows.emplace_back(lang.tr("label.channel"), r.channel);
    r.rows.emplace_back(lang.tr("label.service"), r.service);
    r.rows.emplace_back(lang.tr("label.name"), r.name);
    if (!r.organization.empty()) r.rows.emplace_back(lang.tr("label.organization"), r.organization);
    if (!r.phone_masked.empty()) r.rows.emplace_back(lang.tr("label.phone"), r.phone_masked);
    if (!r.reference.empty()) r.rows.emplace_back(lang.tr("label.reference"), r.reference);
    r.rows.emplace_back(lang.tr("label.description"), r.summary);
    return r;
}

Paper receipt_paper(const Config& config) {
    auto p = paper_from_string(config.printer.paper);
    return p && *p == Paper::A6 ? Paper::A6 : Paper::Roll80mm;
}

namespace {

// A receipt printer's dot, in millimetres (203 dpi).
constexpr double kDotMm = 25.4 / 203.0;

struct Geometry {
    double page_w = mm(80);
    double margin_x = mm(5); // 80 mm: 5 mm each side, inside the 72 mm printed
    double top = mm(4);
    double bottom = mm(8); // room for the tear bar / cutter
    bool wide = false;     // A6: the QR beside the details
    double qr_module = 0;  // QR module side, in layout units
    [[nodiscard]] double content_w() const { return page_w - 2 * margin_x; }
};

// Module size in points: a whole number of 203-dpi dots, at least 4, with
// the symbol and its quiet zone close to `target`.
double module_size(int modules_with_quiet_zone, double target) {
    const double dots = std::floor(to_mm(target) / (modules_with_quiet_zone * kDotMm));
    return mm(std::max(4.0, dots) * kDotMm);
}

// Draws the symbol with its quiet zone at (x, y); returns the side.
double draw_qr(const Canvas& c, const QrMatrix& qr, double x, double y, double module) {
    const int n = qr.size() + 2 * QrMatrix::kQuietZone;
    const double side = n * module;
    if (!c.drawing()) return side;
    cairo_t* cr = c.cr();
    cairo_save(cr);
    double ox = x + QrMatrix::kQuietZone * module, oy = y + QrMatrix::kQuietZone * module;
    double m = module;
    if (c.pixels()) {
        // Whole pixels per module in pictures, so previews stay crisp.
        cairo_user_to_device(cr, &ox, &oy);
        double mx = module, my = 0;
        cairo_user_to_device_distance(cr, &mx, &my);
        m = std::max(1.0, std::round(mx));
        ox = std::round(ox);
        oy = std::round(oy);
        cairo_identity_matrix(cr);
    }
    cairo_new_path(cr);
    for (int row = 0; row < qr.size(); ++row) {
        for (int col = 0; col < qr.size(); ++col) {
            if (!qr.dark(col, row)) continue;
            // Runs of dark modules as one rectangle, all in one path filled
            // once: no hairline seams between neighbours.
            int end = col;
            while (end + 1 < qr.size() && qr.dark(end + 1, row))
                ++end;
            cairo_rectangle(cr, ox + col * m, oy + row * m, (end - col + 1) * m, m);
            col = end;
        }
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
    cairo_restore(cr);
    return side;
}

// Label and value in two columns; returns the height used.
double draw_rows(const Canvas& c, const std::vector<std::pair<std::string, std::string>>& rows,
                 double x, double y, double width, double label_w) {
    const Font label{kSans, 8};
    const Font value{kSans, 9};
    const Font strong{kSans, 9, true};
    double h = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool is_name = i == 3; // the complainant's name stands out
        const double lh = c.text(rows[i].first, label, x, y + h + 0.8, label_w - mm(1));
        const double vh =
            c.text(rows[i].second, is_name ? strong : value, x + label_w, y + h, width - label_w);
        h += std::max(lh, vh) + 2.0;
    }
    return h;
}

// Lays out (and when drawing, draws) the whole receipt; returns its height.
double draw_receipt(const Canvas& c, const ReceiptContent& r, const Geometry& g, const QrMatrix& qr,
                    const std::string& logo) {
    const double x = g.margin_x, w = g.content_w();
    double y = g.top;

    // Letterhead: the emblem, then the ministry and the office.
    const double logo_w = g.wide ? mm(15) : mm(12);
    const double logo_h = draw_png(c, logo, x, y, logo_w);
    const double tx = logo_h > 0 ? x + logo_w + mm(2) : x;
    const double tw = x + w - tx;
    double th = c.text(r.office_parent, {kSans, 7.5}, tx, y, tw);
    th += c.text(r.office_name, {kSans, 8.5, true}, tx, y + th, tw);
    th += c.text(r.office_address, {kSans, 7}, tx, y + th + 0.5, tw) + 0.5;
    y += std::max(logo_h, th) + mm(1.5);
    c.rule(x, y, w, 1.2);
    y += mm(2.5);

    y += c.text(r.title, {kSans, 11, true}, x, y, w, PANGO_ALIGN_CENTER) + mm(2);

    // The code, large, then the QR.
    y += c.text(r.code_label, {kSans, 8}, x, y, w, PANGO_ALIGN_CENTER);
    y += c.text(r.code, {kMono, g.wide ? 20.0 : 18.0, true}, x, y, w, PANGO_ALIGN_CENTER) + mm(1);

    const int n = qr.size() + 2 * QrMatrix::kQuietZone;
    const double module = g.qr_module;
    const double side = n * module;
    if (!g.wide) {
        draw_qr(c, qr, x + (w - side) / 2, y, module);
        y += side;
        y += c.text(r.how_to_check, {kSans, 8}, x, y, w, PANGO_ALIGN_CENTER);
        if (!r.status_url.empty())
            y += c.text(r.status_url, {kSans, 7.5}, x, y, w, PANGO_ALIGN_CENTER);
        y += mm(2);
        c.rule(x, y, w, 0.6, true);
        y += mm(2.5);
        y += draw_rows(c, r.rows, x, y, w, mm(22));
    } else {
        // A6: the details on the left, the QR and how to use it on the right.
        const double right_w = std::max(side, mm(31));
        const double left_w = w - right_w - mm(3);
        c.rule(x, y, w, 0.6, true);
        y += mm(2.5);
        const double rows_h = draw_rows(c, r.rows, x, y, left_w, mm(20));
        const double qx = x + w - right_w;
        draw_qr(c, qr, qx + (right_w - side) / 2, y - module * 2, module);
        double qh = side - module * 2;
        qh += c.text(r.how_to_check, {kSans, 8}, qx, y + qh, right_w, PANGO_ALIGN_CENTER);
        if (!r.status_url.empty())
            qh += c.text(r.status_url, {kSans, 7.5}, qx, y + qh, right_w, PANGO_ALIGN_CENTER);
        y += std::max(rows_h, qh);
    }

    // The SOP's target for the answer, boxed so it is found at a glance.
    if (!r.answer_due.empty()) {
        y += mm(1.5);
        const double pad = mm(1.5);
        double bh = c.text(r.answer_due_label, {kSans, 8}, x + pad, y + pad, w - 2 * pad,
                           PANGO_ALIGN_CENTER);
        bh += c.text(r.answer_due, {kSans, 11, true}, x + pad, y + pad + bh, w - 2 * pad,
                     PANGO_ALIGN_CENTER);
        bh += 2 * pad;
        if (c.drawing()) {
            cairo_save(c.cr());
            cairo_set_line_width(c.cr(), 0.8);
            cairo_rectangle(c.cr(), x + 0.4, y, w - 0.8, bh);
            cairo_stroke(c.cr());
            cairo_restore(c.cr());
        }
        y += bh + mm(2);
    }

    // Spoken complaints: the complainant signs what staff wrote down.
    if (r.signature) {
        y += mm(12);
        const double line_w = std::min(w, mm(50));
        const double lx = x + (w - line_w) / 2;
        c.rule(lx, y, line_w, 0.6);
        y += mm(1);
        y += c.text(r.signature_label, {kSans, 8}, x, y, w, PANGO_ALIGN_CENTER);
        y += c.text("(" + r.name + ")", {kSans, 8}, x, y, w, PANGO_ALIGN_CENTER) + mm(2);
    }

    c.rule(x, y, w, 0.6, true);
    y += mm(1.5);
    y += c.text(r.privacy, {kSans, 7}, x, y, w, PANGO_ALIGN_CENTER);
    return y + g.bottom;
}

} // namespace

Result<Rendered> render_receipt(const Office& office, const ReceiptContent& content,
                                const ReceiptOptions& opt) {
    if (opt.paper == Paper::A4)
        return Error{ErrorKind::Invalid, "err.print.paper", {{"value", "a4"}}};
    auto qr = QrMatrix::encode(content.qr_text, QrMatrix::Level::M);
    if (!qr) return qr.error();
    // The higher level when it costs no bigger symbol.
    if (auto q = QrMatrix::encode(content.qr_text, QrMatrix::Level::Q);
        q && q->size() == qr->size())
        qr = std::move(q);
    const std::string logo = office.config.logo_file().string();

    auto lock = lock_rendering();
    Geometry g;
    PageSpec spec;
    double scale = 1.0;
    // The QR with its quiet zone about 34 mm (80 mm) or 31 mm (A6, beside the details) wide.
    const int modules = qr->size() + 2 * QrMatrix::kQuietZone;
    const double module = module_size(modules, opt.paper == Paper::A6 ? mm(31) : mm(34));
    g.qr_module = module;
    if (opt.paper == Paper::Roll80mm) {
        Measure m;
        spec.width_pt = g.page_w;
        spec.height_pt = std::ceil(draw_receipt(m.canvas(), content, g, *qr, logo));
    } else {
        g.page_w = mm(105);
        g.margin_x = mm(8);
        g.top = mm(7);
        g.bottom = mm(7);
        g.wide = true;
        spec.width_pt = mm(105);
        spec.height_pt = mm(148);
        // Shrink (type and all) only when the content would not fit; the
        // layout width grows as it shrinks, so measure at each step.
        Measure m;
        for (; scale > 0.55; scale -= 0.05) {
            Geometry s = g;
            s.page_w = g.page_w / scale;
            s.margin_x = g.margin_x / scale;
            s.top = g.top / scale;
            s.bottom = g.bottom / scale;
            s.qr_module = module / scale; // whole dots on paper after the shrink
            if (draw_receipt(m.canvas(), content, s, *qr, logo) * scale <= spec.height_pt) break;
        }
        if (scale < 1.0) {
            g.page_w /= scale;
            g.margin_x /= scale;
            g.top /= scale;
            g.bottom /= scale;
            g.qr_module = module / scale;
        }
    }
    const std::string title = content.title + " " + content.code;
    return output(spec, RenderOptions{opt.format, opt.dpi}, title, [&](const Canvas& c, int) {
        if (scale < 1.0) cairo_scale(c.cr(), scale, scale);
        draw_receipt(c, content, g, *qr, logo);
    });
}

} // namespace keluhan

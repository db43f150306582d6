// Rendering shared by the receipt and the letter: the font map, the canvas,
// output to PDF / PNG / RGBA, and the font check.
#include "render_internal.hpp"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include <cmath>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer: fontconfig 2.14 (Debian 12) leaks a few small blocks of its
// own while it loads its configuration and matches fonts; nothing of ours.
// Every program that renders links this file, so they all get it.
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
#endif

namespace keluhan {

Result<Paper> paper_from_string(std::string_view s) {
    if (s == "80mm") return Paper::Roll80mm;
    if (s == "a6" || s == "A6") return Paper::A6;
    if (s == "a4" || s == "A4") return Paper::A4;
    return Error{ErrorKind::Invalid, "err.print.paper", {{"value", std::string(s)}}};
}

std::string_view to_string(Paper p) {
    switch (p) {
    case Paper::Roll80mm:
        return "80mm";
    case Paper::A6:
        return "a6";
    case Paper::A4:
        return "a4";
    }
    return "80mm";
}

Status check_fonts() {
    for (const char* family : {render_detail::kSans, render_detail::kMono}) {
        FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(family));
        if (!pat) return Error{ErrorKind::Internal, "err.print.font", {{"font", family}}};
        FcConfigSubstitute(nullptr, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult res = FcResultNoMatch;
        FcPattern* match = FcFontMatch(nullptr, pat, &res);
        FcPatternDestroy(pat);
        std::string got;
        if (match) {
            FcChar8* name = nullptr;
            if (FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch && name)
                got = reinterpret_cast<const char*>(name);
            FcPatternDestroy(match);
        }
        if (got != family)
            return Error{ErrorKind::Internal,
                         "err.print.font",
                         {{"font", family}},
                         std::string("fontconfig gives \"") + got + "\" for \"" + family + "\""};
    }
    return ok();
}

namespace render_detail {

std::unique_lock<std::mutex> lock_rendering() {
    static std::mutex mu;
    return std::unique_lock(mu);
}

PangoFontMap* font_map() {
    // Created once and kept for the life of the process (fonts stay loaded).
    static PangoFontMap* map = pango_cairo_font_map_new();
    return map;
}

Error render_error(const std::string& what, cairo_status_t st) {
    return Error{ErrorKind::Internal,
                 "err.print.render",
                 {{"detail", what + ": " + cairo_status_to_string(st)}},
                 what + ": " + cairo_status_to_string(st)};
}

Canvas::Canvas(cairo_t* cr, bool draw, bool pixels)
    : cr_(cr), draw_(draw), pixels_(pixels), ctx_(pango_font_map_create_context(font_map())) {
    // The same metrics whatever the surface: no hinting of metrics, sizes
    // in points (one user unit).
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx_.get(), fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ctx_.get(), 72.0);
    // Pango rounds each glyph's position to a whole user unit by default:
    // here a whole point, about 3 dots at a receipt printer's 203 dpi, so
    // letters bunched and spaces between words all but vanished
    // ("hasiluji", "Lap oran"). Positions stay exact.
    pango_context_set_round_glyph_positions(ctx_.get(), FALSE);
    pango_cairo_update_context(cr_, ctx_.get());
}

LayoutPtr Canvas::layout(std::string_view text, const Font& f, double width, PangoAlignment align,
                         bool justify) const {
    LayoutPtr l(pango_layout_new(ctx_.get()));
    FontDescPtr d(pango_font_description_new());
    pango_font_description_set_family(d.get(), f.family);
    pango_font_description_set_absolute_size(d.get(), f.size * PANGO_SCALE);
    pango_font_description_set_weight(d.get(), f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(d.get(), f.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l.get(), d.get());
    if (width > 0) {
        pango_layout_set_width(l.get(), pango_units_from_double(width));
        // Words wrap; a word longer than the line breaks between letters.
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l.get(), align);
    pango_layout_set_justify(l.get(), justify ? TRUE : FALSE);
    // No hyphens added at breaks: a reference or a code broken with a
    // hyphen would read as if the hyphen were part of it.
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(l.get(), attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    return l;
}

double Canvas::height(PangoLayout* l) {
    PangoRectangle logical{};
    pango_layout_get_extents(l, nullptr, &logical);
    return pango_units_to_double(logical.height);
}

void Canvas::ink(PangoLayout* l, double& x, double& width) {
    PangoRectangle ink{};
    pango_layout_get_extents(l, &ink, nullptr);
    x = pango_units_to_double(ink.x);
    width = pango_units_to_double(ink.width);
}

void Canvas::show(PangoLayout* l, double x, double y) const {
    if (!draw_) return;
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
}

double Canvas::text(std::string_view t, const Font& f, double x, double y, double width,
                    PangoAlignment align, bool justify) const {
    if (t.empty()) return 0;
    auto l = layout(t, f, width, align, justify);
    show(l.get(), x, y);
    return height(l.get());
}

void Canvas::rule(double x, double y, double width, double thickness, bool dashed) const {
    if (!draw_) return;
    cairo_save(cr_);
    cairo_set_line_width(cr_, thickness);
    if (dashed) {
        const double dash[] = {2.0, 2.0};
        cairo_set_dash(cr_, dash, 2, 0);
    }
    cairo_move_to(cr_, x, y);
    cairo_line_to(cr_, x + width, y);
    cairo_stroke(cr_);
    cairo_restore(cr_);
}

double draw_png(const Canvas& c, const std::string& path, double x, double y, double width) {
    SurfacePtr img(cairo_image_surface_create_from_png(path.c_str()));
    if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS) return 0;
    const int w = cairo_image_surface_get_width(img.get());
    const int h = cairo_image_surface_get_height(img.get());
    if (w <= 0 || h <= 0) return 0;
    const double scale = width / w;
    if (c.drawing()) {
        cairo_t* cr = c.cr();
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, img.get(), 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_restore(cr);
    }
    return h * scale;
}

void show_lines(const Canvas& c, PangoLayout* l, double x, double& y,
                const std::function<bool(double h)>& next_line) {
    PangoLayoutIter* it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical{};
        pango_layout_iter_get_line_extents(it, nullptr, &logical);
        const double top = pango_units_to_double(logical.y);
        const double h = pango_units_to_double(logical.height);
        const double baseline = pango_units_to_double(pango_layout_iter_get_baseline(it)) - top;
        if (next_line(h)) {
            cairo_move_to(c.cr(), x + pango_units_to_double(logical.x), y + baseline);
            pango_cairo_show_layout_line(c.cr(), pango_layout_iter_get_line_readonly(it));
        }
        y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

Measure::Measure()
    : surface_(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)),
      cr_(cairo_create(surface_.get())), canvas_(std::make_unique<Canvas>(cr_.get(), false)) {}

namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

Result<Rendered> output(const PageSpec& spec, const RenderOptions& opt, const std::string& title,
                        const std::function<void(const Canvas&, int page)>& draw) {
    Rendered r;
    r.format = opt.format;
    r.width_mm = to_mm(spec.width_pt);
    r.height_mm = to_mm(spec.height_pt);
    r.pages = spec.pages;
    if (opt.format == ImageFormat::Pdf) {
        SurfacePtr s(cairo_pdf_surface_create_for_stream(append_bytes, &r.bytes, spec.width_pt,
                                                         spec.height_pt));
        cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_CREATOR, "Keluhan");
        {
            CairoPtr cr(cairo_create(s.get()));
            Canvas canvas(cr.get(), true);
            for (int p = 0; p < spec.pages; ++p) {
                cairo_save(cr.get());
                draw(canvas, p);
                cairo_restore(cr.get());
                cairo_show_page(cr.get());
            }
            if (const auto st = cairo_status(cr.get()); st != CAIRO_STATUS_SUCCESS)
                return render_error("pdf", st);
        }
        cairo_surface_finish(s.get());
        if (const auto st = cairo_surface_status(s.get()); st != CAIRO_STATUS_SUCCESS)
            return render_error("pdf", st);
        return r;
    }

    if (!(opt.dpi >= 36 && opt.dpi <= 1200))
        return Error{ErrorKind::Invalid, "err.print.dpi", {{"value", std::to_string(opt.dpi)}}};
    const double px_per_pt = opt.dpi / 72.0;
    const int w = static_cast<int>(std::ceil(spec.width_pt * px_per_pt));
    const int page_h = static_cast<int>(std::ceil(spec.height_pt * px_per_pt));
    const int h = page_h * spec.pages;
    SurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
    if (const auto st = cairo_surface_status(s.get()); st != CAIRO_STATUS_SUCCESS)
        return render_error("image", st);
    {
        CairoPtr cr(cairo_create(s.get()));
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        for (int p = 0; p < spec.pages; ++p) {
            cairo_save(cr.get());
            cairo_translate(cr.get(), 0, p * page_h);
            cairo_rectangle(cr.get(), 0, 0, w, page_h);
            cairo_clip(cr.get());
            cairo_scale(cr.get(), px_per_pt, px_per_pt);
            {
                Canvas canvas(cr.get(), true, true);
                draw(canvas, p);
            }
            cairo_restore(cr.get());
            if (p > 0) { // a thin grey line between stacked pages
                cairo_save(cr.get());
                cairo_set_source_rgb(cr.get(), 0.6, 0.6, 0.6);
                cairo_rectangle(cr.get(), 0, p * page_h, w, 2);
                cairo_fill(cr.get());
                cairo_restore(cr.get());
            }
        }
        if (const auto st = cairo_status(cr.get()); st != CAIRO_STATUS_SUCCESS)
            return render_error("image", st);
    }
    cairo_surface_flush(s.get());
    r.width_px = w;
    r.height_px = h;
    if (opt.format == ImageFormat::Png) {
        if (const auto st = cairo_surface_write_to_png_stream(s.get(), append_bytes, &r.bytes);
            st != CAIRO_STATUS_SUCCESS)
            return render_error("png", st);
        return r;
    }
    // RGBA: Cairo keeps premultiplied native-endian 0xAARRGGBB words; the
    // page is opaque (white background), so the bytes only need reordering.
    const int stride = cairo_image_surface_get_stride(s.get());
    const unsigned char* data = cairo_image_surface_get_data(s.get());
    r.bytes.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            std::uint32_t px = 0;
            std::memcpy(&px, data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4);
            const auto o = (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                            static_cast<std::size_t>(x)) *
                           4;
            r.bytes[o + 0] = static_cast<std::uint8_t>(px >> 16);
            r.bytes[o + 1] = static_cast<std::uint8_t>(px >> 8);
            r.bytes[o + 2] = static_cast<std::uint8_t>(px);
            r.bytes[o + 3] = static_cast<std::uint8_t>(px >> 24);
        }
    }
    return r;
}

} // namespace render_detail
} // namespace keluhan

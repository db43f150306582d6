// Private to the renderers (render.cpp, receipt.cpp, letter.cpp): owning
// handles for Cairo and Pango objects, the process's one font map, and a
// small canvas that lays text out in points and draws it only when asked
// (every document is laid out twice: once to measure, once to draw).
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/office.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace keluhan::render_detail {

struct SurfaceFree {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct CairoFree {
    void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
struct GObjectFree {
    void operator()(void* o) const noexcept { g_object_unref(o); }
};
struct FontDescFree {
    void operator()(PangoFontDescription* d) const noexcept { pango_font_description_free(d); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectFree>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectFree>;
using FontDescPtr = std::unique_ptr<PangoFontDescription, FontDescFree>;

inline constexpr double kPtPerMm = 72.0 / 25.4;
inline constexpr double mm(double v) {
    return v * kPtPerMm;
}
inline constexpr double to_mm(double pt) {
    return pt / kPtPerMm;
}

inline constexpr const char* kSans = "Noto Sans";
inline constexpr const char* kMono = "Noto Sans Mono";

// Pango objects are not safe to share between threads; every rendering runs
// under this lock, with the one font map it guards (fonts are loaded once).
std::unique_lock<std::mutex> lock_rendering();
PangoFontMap* font_map();

struct Font {
    const char* family = kSans;
    double size = 9; // points
    bool bold = false;
    bool italic = false;
};

// A cairo context in points (scaled for pictures) with its Pango context.
class Canvas {
  public:
    // `draw` false: lay out and measure only. `pixels`: the target is a
    // picture, where sharp edges (QR modules) are snapped to whole pixels.
    Canvas(cairo_t* cr, bool draw, bool pixels = false);
    [[nodiscard]] cairo_t* cr() const { return cr_; }
    [[nodiscard]] bool drawing() const { return draw_; }
    [[nodiscard]] bool pixels() const { return pixels_; }

    [[nodiscard]] LayoutPtr layout(std::string_view text, const Font& f, double width,
                                   PangoAlignment align = PANGO_ALIGN_LEFT,
                                   bool justify = false) const;
    // Logical height of a layout, in points.
    [[nodiscard]] static double height(PangoLayout* l);
    // Ink extents, in points relative to the layout's origin.
    static void ink(PangoLayout* l, double& x, double& width);
    void show(PangoLayout* l, double x, double y) const;
    // Lays out and (when drawing) shows text; returns its height.
    double text(std::string_view text, const Font& f, double x, double y, double width,
                PangoAlignment align = PANGO_ALIGN_LEFT, bool justify = false) const;
    void rule(double x, double y, double width, double thickness, bool dashed = false) const;

  private:
    cairo_t* cr_;
    bool draw_;
    bool pixels_;
    ContextPtr ctx_;
};

// Draws the PNG at `path` scaled to `width` points at (x, y); returns its
// height in points, 0 when the file is missing or not a PNG.
double draw_png(const Canvas& c, const std::string& path, double x, double y, double width);

// Output surfaces. A drawing function gets the canvas and draws one
// document; for pictures the pages are stacked top to bottom.
struct PageSpec {
    double width_pt = 0;
    double height_pt = 0;
    int pages = 1;
};
// Draws `pages` pages of `spec` through `draw(canvas, page_index)` into the
// chosen format. For PDF every page is its own page; for pictures they are
// stacked. `title` goes into the PDF's metadata.
Result<Rendered> output(const PageSpec& spec, const RenderOptions& opt, const std::string& title,
                        const std::function<void(const Canvas&, int page)>& draw);

// A measuring canvas (nothing is drawn) with the same metrics as the real one.
class Measure {
  public:
    Measure();
    [[nodiscard]] const Canvas& canvas() const { return *canvas_; }

  private:
    SurfacePtr surface_;
    CairoPtr cr_;
    std::unique_ptr<Canvas> canvas_;
};

Error render_error(const std::string& what, cairo_status_t st);

// Shows `l` line by line from (x, y), so a long text breaks across pages:
// before each line `next_line(h)` is called with its height (it may start a
// new page and move `y`) and says whether to draw it. `y` ends under the
// last line.
void show_lines(const Canvas& c, PangoLayout* l, double x, double& y,
                const std::function<bool(double h)>& next_line);

// The office's letterhead at (x, y), `w` wide (letterhead.cpp); drawn only
// when `draw`, measured always. Returns its height with the space under it.
double draw_letterhead(const Canvas& c, const Catalog& lang, const Office& office, double x,
                       double y, double w, bool draw);

} // namespace keluhan::render_detail

// What the receipt and the letter renderers share: paper sizes, output
// formats and the rendered bytes. Drawing is Pango + Cairo in Noto Sans,
// found through fontconfig; none of it shows in this header.
#pragma once

#include "keluhan/domain/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

enum class Paper {
    Roll80mm, // 80 mm receipt roll: 72 mm printable, length fits the content
    A6,       // 105 x 148 mm
    A4,       // 210 x 297 mm (letters)
};
// "80mm", "a6", "a4" (config printer.paper, --paper); err.print.paper otherwise.
[[nodiscard]] Result<Paper> paper_from_string(std::string_view s);
[[nodiscard]] std::string_view to_string(Paper p);

enum class ImageFormat {
    Pdf,  // vector PDF, text kept as text (what is printed)
    Png,  // a picture for previews
    Rgba, // raw 8-bit RGBA rows, top to bottom, no padding (UI textures)
};

struct RenderOptions {
    ImageFormat format = ImageFormat::Pdf;
    double dpi = 203; // Png and Rgba only; 203 is a receipt printer's
};

struct Rendered {
    ImageFormat format = ImageFormat::Pdf;
    std::vector<std::uint8_t> bytes;
    double width_mm = 0; // page size
    double height_mm = 0;
    int pages = 1;
    int width_px = 0; // Png and Rgba: the first page's pixels
    int height_px = 0;
};

// Whether the fonts the documents are set in resolve to themselves through
// fontconfig ("Noto Sans", "Noto Sans Mono"); err.print.font names the one
// that would be replaced by another family.
[[nodiscard]] Status check_fonts();

} // namespace keluhan

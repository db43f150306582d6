// Fonts come from the system (Noto Sans, found through fontconfig), never
// from the repository.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/ui/theme.hpp"

#include <filesystem>
#include <string>

namespace keluhan::ui {

// The file of `family` (regular or bold) as fontconfig resolves it; refused
// when fontconfig falls back to a different family.
[[nodiscard]] Result<std::filesystem::path> find_font(const std::string& family, bool bold);

// Pixel sizes of the fonts at scale 1. The defaults are the kiosk's (touch,
// 1080 px short side); desktop() is the admin panel's.
struct FontSizes {
    float small = 30, body = 38, bold = 38, heading = 54, title = 70, code = 104;
    [[nodiscard]] static FontSizes desktop() { return FontSizes{13, 15, 15, 20, 26, 22}; }
};

// Loads Noto Sans at the theme's sizes times `scale` into ImGui's atlas
// (which must be empty). err.ui.font names the missing font.
[[nodiscard]] Result<Fonts> load_fonts(float scale);
[[nodiscard]] Result<Fonts> load_fonts(float scale, const FontSizes& sizes);

} // namespace keluhan::ui

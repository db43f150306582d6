// Fonts come from the system (Noto Sans, found through fontconfig), never
// from the repository.
#pragma once

#include "keluhan/error.hpp"
#include "keluhan/ui/theme.hpp"

#include <filesystem>
#include <string>

namespace keluhan::ui {

// The file of `family` (regular or bold) as fontconfig resolves it; refused
// when fontconfig falls back to a different family.
[[nodiscard]] Result<std::filesystem::path> find_font(const std::string& family, bool bold);

// Loads Noto Sans at the theme's sizes times `scale` into ImGui's atlas
// (which must be empty). err.ui.font names the missing font.
[[nodiscard]] Result<Fonts> load_fonts(float scale);

} // namespace keluhan::ui

#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "keluhan/ui/sdl.hpp"

namespace keluhan::ui {

// A PNG file as a texture for `renderer` (ImGui::Image takes it as the
// texture id); null when the file cannot be read.
[[nodiscard]] TexturePtr load_texture(SDL_Renderer* renderer, const std::filesystem::path& file);

// Writes 8-bit RGBA pixels (rows top to bottom) as a PNG. False on failure.
bool write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<std::uint8_t>& rgba);

} // namespace keluhan::ui

#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace keluhan::ui {

// Writes 8-bit RGBA pixels (rows top to bottom) as a PNG. False on failure.
bool write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<std::uint8_t>& rgba);

} // namespace keluhan::ui

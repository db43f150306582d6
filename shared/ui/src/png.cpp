#include "keluhan/ui/png.hpp"

#include <stb_image_write.h>

namespace keluhan::ui {

bool write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<std::uint8_t>& rgba) {
    if (width <= 0 || height <= 0 ||
        rgba.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4)
        return false;
    return stbi_write_png(file.c_str(), width, height, 4, rgba.data(), width * 4) != 0;
}

} // namespace keluhan::ui

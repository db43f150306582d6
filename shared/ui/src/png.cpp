#include "keluhan/ui/png.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <memory>

namespace keluhan::ui {

bool write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<std::uint8_t>& rgba) {
    if (width <= 0 || height <= 0 ||
        rgba.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4)
        return false;
    return stbi_write_png(file.c_str(), width, height, 4, rgba.data(), width * 4) != 0;
}

TexturePtr load_texture(SDL_Renderer* renderer, const std::filesystem::path& file) {
    int w = 0, h = 0, n = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(file.c_str(), &w, &h, &n, 4),
                                                     stbi_image_free);
    if (!pixels) return nullptr;
    SurfacePtr surface(SDL_CreateRGBSurfaceWithFormatFrom(pixels.get(), w, h, 32, w * 4,
                                                          SDL_PIXELFORMAT_ABGR8888));
    if (!surface) return nullptr;
    TexturePtr tex(SDL_CreateTextureFromSurface(renderer, surface.get()));
    if (tex) {
        SDL_SetTextureBlendMode(tex.get(), SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(tex.get(), SDL_ScaleModeLinear);
    }
    return tex;
}

} // namespace keluhan::ui

// RAII for SDL handles: every SDL object the apps create is owned by one of
// these, so an early return never leaks a window, renderer or surface.
#pragma once

#include <SDL.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace keluhan::ui {

struct SdlDeleter {
    void operator()(SDL_Window* w) const noexcept { SDL_DestroyWindow(w); }
    void operator()(SDL_Renderer* r) const noexcept { SDL_DestroyRenderer(r); }
    void operator()(SDL_Surface* s) const noexcept { SDL_FreeSurface(s); }
    void operator()(SDL_Texture* t) const noexcept { SDL_DestroyTexture(t); }
};
using WindowPtr = std::unique_ptr<SDL_Window, SdlDeleter>;
using RendererPtr = std::unique_ptr<SDL_Renderer, SdlDeleter>;
using SurfacePtr = std::unique_ptr<SDL_Surface, SdlDeleter>;
using TexturePtr = std::unique_ptr<SDL_Texture, SdlDeleter>;

// SDL_Init on construction, SDL_Quit on destruction.
class SdlLibrary {
  public:
    explicit SdlLibrary(Uint32 flags) {
        if (SDL_Init(flags) != 0)
            throw std::runtime_error(std::string("SDL_Init: ") + SDL_GetError());
    }
    ~SdlLibrary() { SDL_Quit(); }
    SdlLibrary(const SdlLibrary&) = delete;
    SdlLibrary& operator=(const SdlLibrary&) = delete;
};

// The event type worker threads push to wake the UI thread (thread-safe).
[[nodiscard]] Uint32 wake_event_type();
void wake_ui();

} // namespace keluhan::ui

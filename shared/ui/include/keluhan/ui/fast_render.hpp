// Software rendering at kiosk sizes, made affordable.
//
// ImGui's SDL_Renderer backend hands every shape and every glyph to
// SDL_RenderGeometryRaw; SDL's software renderer rasterises those as
// textured, blended triangles, pixel by pixel - tens of milliseconds a
// frame at 1080x1920. Most of what a kiosk frame draws is axis-aligned
// rectangles (backgrounds, keys, fields) and glyphs copied 1:1 from the font
// atlas. Before the backend renders, this pass rewrites each draw list so
// that runs of such quads become draw callbacks using SDL's fast paths
// (SDL_RenderFillRect, SDL_RenderCopy); the rest stays geometry, in order.
// The backend (Debian's, unchanged) still does all the rendering.
#pragma once

#include <imgui.h>

#include <SDL.h>

#include <deque>
#include <vector>

namespace keluhan::ui {

class FastRender {
  public:
    // Rewrites `data`'s lists in place; call after ImGui::Render(), before
    // ImGui_ImplSDLRenderer_RenderDrawData(). Returns the quads moved to the
    // fast path (for tests and benchmarks).
    int prepare(ImDrawData* data, SDL_Renderer* renderer);

  private:
    struct Quad {
        SDL_FRect dst;
        SDL_Rect src; // texture pixels (textured quads only)
        ImU32 col;
        SDL_Texture* tex; // null: a solid fill
    };
    struct Run {
        SDL_Renderer* renderer = nullptr;
        ImVec4 clip;
        std::vector<Quad> quads;
    };
    static void draw_run(const ImDrawList* list, const ImDrawCmd* cmd);
    std::deque<Run> runs_; // stable addresses: the callbacks point into it
};

// A filled rectangle with rounded corners built from rectangles and four
// small corner fans, so the fast path can take most of its area (ImGui's own
// rounded fill is one big polygon).
void fill_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding);
// A filled box with a border, as two fills (the border colour, then the
// inside inset by `thickness`): cheaper than a stroked outline.
void frame_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 fill, ImU32 border, float thickness,
                float rounding);

} // namespace keluhan::ui

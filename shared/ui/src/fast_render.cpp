#include "keluhan/ui/fast_render.hpp"

#include <algorithm>
#include <cmath>

namespace keluhan::ui {
namespace {

// ImGui writes a rectangle as vertices tl, tr, br, bl and indices
// (v, v+1, v+2, v, v+2, v+3).
bool quad_at(const ImDrawIdx* idx) {
    return idx[1] == idx[0] + 1 && idx[2] == idx[0] + 2 && idx[3] == idx[0] &&
           idx[4] == idx[0] + 2 && idx[5] == idx[0] + 3;
}

} // namespace

int FastRender::prepare(ImDrawData* data, SDL_Renderer* renderer) {
    runs_.clear();
    int moved = 0;
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        ImDrawList* list = data->CmdLists[n];
        const ImDrawIdx* idx = list->IdxBuffer.Data;
        const ImDrawVert* vtx = list->VtxBuffer.Data;
        ImVector<ImDrawCmd> out;
        out.reserve(list->CmdBuffer.Size * 2);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback || cmd.ElemCount == 0) {
                out.push_back(cmd);
                continue;
            }
            auto* tex = static_cast<SDL_Texture*>(cmd.GetTexID());
            int tw = 0, th = 0;
            if (tex) SDL_QueryTexture(tex, nullptr, nullptr, &tw, &th);
            unsigned geo_start = cmd.IdxOffset; // start of the pending geometry
            Run* run = nullptr;
            auto flush_geometry = [&](unsigned end) {
                if (end > geo_start) {
                    ImDrawCmd g = cmd;
                    g.IdxOffset = geo_start;
                    g.ElemCount = end - geo_start;
                    out.push_back(g);
                }
            };
            const unsigned end = cmd.IdxOffset + cmd.ElemCount;
            for (unsigned i = cmd.IdxOffset; i + 6 <= end;) {
                const ImDrawIdx* q = idx + i;
                bool fast = false;
                Quad quad{};
                if (quad_at(q)) {
                    const ImDrawVert& a = vtx[cmd.VtxOffset + q[0]];
                    const ImDrawVert& b = vtx[cmd.VtxOffset + q[0] + 1];
                    const ImDrawVert& c = vtx[cmd.VtxOffset + q[0] + 2];
                    const ImDrawVert& d = vtx[cmd.VtxOffset + q[0] + 3];
                    const bool axis = a.pos.y == b.pos.y && b.pos.x == c.pos.x &&
                                      c.pos.y == d.pos.y && d.pos.x == a.pos.x &&
                                      c.pos.x > a.pos.x && c.pos.y > a.pos.y;
                    const bool one_colour = a.col == b.col && a.col == c.col && a.col == d.col;
                    if (axis && one_colour) {
                        quad.dst = {a.pos.x, a.pos.y, c.pos.x - a.pos.x, c.pos.y - a.pos.y};
                        quad.col = a.col;
                        const bool solid = a.uv.x == white.x && a.uv.y == white.y &&
                                           c.uv.x == white.x && c.uv.y == white.y;
                        const bool uv_axis = a.uv.y == b.uv.y && b.uv.x == c.uv.x &&
                                             c.uv.y == d.uv.y && d.uv.x == a.uv.x;
                        if (solid) {
                            fast = true;
                        } else if (uv_axis && tex && tw > 0) {
                            const float sx = a.uv.x * static_cast<float>(tw),
                                        sy = a.uv.y * static_cast<float>(th);
                            const float sw = (c.uv.x - a.uv.x) * static_cast<float>(tw);
                            const float sh = (c.uv.y - a.uv.y) * static_cast<float>(th);
                            quad.src = {static_cast<int>(std::lround(sx)),
                                        static_cast<int>(std::lround(sy)),
                                        static_cast<int>(std::lround(sw)),
                                        static_cast<int>(std::lround(sh))};
                            quad.tex = tex;
                            fast = quad.src.w > 0 && quad.src.h > 0;
                        }
                    }
                }
                if (!fast) {
                    if (run) run = nullptr;
                    i += 3;
                    continue;
                }
                if (!run) {
                    flush_geometry(i);
                    runs_.push_back(Run{renderer, cmd.ClipRect, {}});
                    run = &runs_.back();
                    ImDrawCmd cb{};
                    cb.ClipRect = cmd.ClipRect;
                    cb.TextureId = cmd.TextureId;
                    cb.VtxOffset = cmd.VtxOffset;
                    cb.IdxOffset = i;
                    cb.UserCallback = &FastRender::draw_run;
                    cb.UserCallbackData = run;
                    out.push_back(cb);
                }
                run->quads.push_back(quad);
                ++moved;
                i += 6;
                geo_start = i;
            }
            flush_geometry(end);
        }
        list->CmdBuffer.swap(out);
    }
    return moved;
}

void FastRender::draw_run(const ImDrawList*, const ImDrawCmd* cmd) {
    const Run& run = *static_cast<const Run*>(cmd->UserCallbackData);
    SDL_Renderer* r = run.renderer;
    const SDL_Rect clip{static_cast<int>(run.clip.x), static_cast<int>(run.clip.y),
                        static_cast<int>(run.clip.z - run.clip.x),
                        static_cast<int>(run.clip.w - run.clip.y)};
    if (clip.w <= 0 || clip.h <= 0) return;
    SDL_RenderSetClipRect(r, &clip);
    SDL_Texture* last = nullptr;
    for (const Quad& q : run.quads) {
        const auto cr = static_cast<Uint8>(q.col >> IM_COL32_R_SHIFT);
        const auto cg = static_cast<Uint8>(q.col >> IM_COL32_G_SHIFT);
        const auto cb = static_cast<Uint8>(q.col >> IM_COL32_B_SHIFT);
        const auto ca = static_cast<Uint8>(q.col >> IM_COL32_A_SHIFT);
        if (!q.tex) {
            SDL_SetRenderDrawBlendMode(r, ca == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(r, cr, cg, cb, ca);
            SDL_RenderFillRectF(r, &q.dst);
        } else {
            SDL_SetTextureColorMod(q.tex, cr, cg, cb);
            SDL_SetTextureAlphaMod(q.tex, ca);
            SDL_RenderCopyF(r, q.tex, &q.src, &q.dst);
            last = q.tex;
        }
    }
    // The backend's geometry takes its colours from the vertices: leave the
    // textures and the draw state as it expects them.
    for (const Quad& q : run.quads)
        if (q.tex) {
            SDL_SetTextureColorMod(q.tex, 255, 255, 255);
            SDL_SetTextureAlphaMod(q.tex, 255);
        }
    (void)last;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
}

void fill_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 col, float r) {
    r = std::floor(std::min({r, (max.x - min.x) * 0.5f, (max.y - min.y) * 0.5f}));
    min = ImVec2(std::floor(min.x), std::floor(min.y));
    max = ImVec2(std::floor(max.x), std::floor(max.y));
    if (r < 1.0f) {
        dl->PrimReserve(6, 4);
        dl->PrimRect(min, max, col);
        return;
    }
    // The corners first: small fans, anti-aliased by ImGui along the arc.
    const float pi = 3.14159265f;
    const ImVec2 centres[4] = {ImVec2(min.x + r, min.y + r), ImVec2(max.x - r, min.y + r),
                               ImVec2(max.x - r, max.y - r), ImVec2(min.x + r, max.y - r)};
    const float starts[4] = {pi, 1.5f * pi, 0.0f, 0.5f * pi};
    const int segments = std::clamp(static_cast<int>(r / 3.0f), 3, 10);
    // Small corners go without the anti-aliasing fringe: it would be most of
    // the triangles of a keyboard and is hardly visible at arm's length.
    const ImDrawListFlags flags = dl->Flags;
    if (r < 16.0f) dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (int k = 0; k < 4; ++k) {
        dl->PathLineTo(centres[k]);
        dl->PathArcTo(centres[k], r, starts[k], starts[k] + 0.5f * pi, segments);
        dl->PathFillConvex(col);
    }
    dl->Flags = flags;
    // Then the middle band and the side bands, one pixel over the fans'
    // straight edges so their anti-aliasing never shows as a seam.
    const float o = 1.0f;
    dl->PrimReserve(18, 12);
    dl->PrimRect(ImVec2(min.x + r - o, min.y), ImVec2(max.x - r + o, max.y), col);
    dl->PrimRect(ImVec2(min.x, min.y + r - o), ImVec2(min.x + r - o, max.y - r + o), col);
    dl->PrimRect(ImVec2(max.x - r + o, min.y + r - o), ImVec2(max.x, max.y - r + o), col);
}

void frame_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 fill, ImU32 border, float t,
                float r) {
    t = std::max(1.0f, std::round(t));
    fill_rect(dl, min, max, border, r);
    fill_rect(dl, ImVec2(min.x + t, min.y + t), ImVec2(max.x - t, max.y - t), fill,
              std::max(0.0f, r - t));
}

} // namespace keluhan::ui

#include "keluhan/ui/widgets.hpp"

#include "keluhan/ui/fast_render.hpp"

#include <algorithm>
#include <string>

namespace keluhan::ui {
namespace {

std::string id_of(std::string_view label) {
    return "##" + std::string(label);
}

ImVec2 text_size(ImFont* font, std::string_view s, float wrap = -1.0f) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, s.data(), s.data() + s.size());
}

// Draws `s` centred in [min, max], wrapped to the width when it does not fit.
void draw_centered(ImDrawList* dl, ImFont* font, ImU32 colour, ImVec2 min, ImVec2 max,
                   std::string_view s, float pad) {
    const float width = max.x - min.x - 2 * pad;
    const ImVec2 one_line = text_size(font, s);
    if (one_line.x <= width) {
        const ImVec2 p(min.x + (max.x - min.x - one_line.x) * 0.5f,
                       min.y + (max.y - min.y - one_line.y) * 0.5f);
        dl->AddText(font, font->FontSize, p, colour, s.data(), s.data() + s.size());
        return;
    }
    // Wrap, then centre each line.
    std::vector<std::string_view> lines;
    const char* p = s.data();
    const char* end = s.data() + s.size();
    while (p < end) {
        const char* brk = font->CalcWordWrapPositionA(1.0f, p, end, width);
        if (brk == p) brk = p + 1;
        lines.emplace_back(p, static_cast<std::size_t>(brk - p));
        p = brk;
        while (p < end && *p == ' ')
            ++p;
    }
    const float total = static_cast<float>(lines.size()) * font->FontSize;
    float y = min.y + (max.y - min.y - total) * 0.5f;
    for (auto line : lines) {
        const float w = text_size(font, line).x;
        dl->AddText(font, font->FontSize, ImVec2(min.x + (max.x - min.x - w) * 0.5f, y), colour,
                    line.data(), line.data() + line.size());
        y += font->FontSize;
    }
}

ImVec2 full_width(ImVec2 size, float h) {
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    if (size.y <= 0) size.y = h;
    return size;
}

// Records the visible part of a target; one scrolled out of view (under the
// keyboard, say) cannot be tapped, so it is not recorded.
void add_target(Ui& ui, std::string_view label, ImVec2 min, ImVec2 max, bool enabled) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 cmin = dl->GetClipRectMin();
    const ImVec2 cmax = dl->GetClipRectMax();
    const ImVec2 a(std::max(min.x, cmin.x), std::max(min.y, cmin.y));
    const ImVec2 b(std::min(max.x, cmax.x), std::min(max.y, cmax.y));
    if (b.x - a.x < 8 || b.y - a.y < 8) return;
    ui.record.targets.push_back(Target{std::string(label), a, b, enabled});
}

} // namespace

void record_target(Ui& ui, std::string_view label, ImVec2 min, ImVec2 max, bool enabled) {
    add_target(ui, label, min, max, enabled);
}

bool button(Ui& ui, std::string_view label, ImVec2 size, Look look, bool enabled) {
    size = full_width(size, ui.m.touch());
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + size.x, min.y + size.y);
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::InvisibleButton(id_of(label).c_str(), size);
    const bool down = ImGui::IsItemActive();
    ImGui::EndDisabled();
    ImU32 back = color::kSecondary, fore = color::kText, border = 0;
    switch (look) {
    case Look::Primary:
        back = down ? color::kPrimaryDown : color::kPrimary;
        fore = color::kOnPrimary;
        break;
    case Look::Secondary:
        back = down ? color::kSecondaryDown : color::kSecondary;
        break;
    case Look::Quiet:
        back = down ? color::kSecondary : color::kSurface;
        fore = color::kPrimary;
        border = color::kPrimary;
        break;
    case Look::Danger:
        back = color::kError;
        fore = color::kOnPrimary;
        break;
    }
    if (!enabled) {
        back = color::kSecondary;
        fore = color::kMuted;
        border = 0;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (border)
        frame_rect(dl, min, max, back, border, ui.m.px(3), ui.m.radius());
    else
        fill_rect(dl, min, max, back, ui.m.radius());
    draw_centered(dl, ui.fonts.bold, fore, min, max, label, ui.m.px(16));
    ui.record.texts.emplace_back(label);
    add_target(ui, label, min, max, enabled);
    if (pressed) ui.tapped = true;
    return pressed && enabled;
}

bool tile(Ui& ui, std::string_view title, std::string_view subtitle, ImVec2 size, bool selected) {
    size = full_width(size, ui.m.px(200));
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + size.x, min.y + size.y);
    const bool pressed = ImGui::InvisibleButton(id_of(title).c_str(), size);
    const bool down = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    frame_rect(dl, min, max, down ? color::kSecondary : color::kSurface,
               selected ? color::kFocus : color::kBorder, selected ? ui.m.px(6) : ui.m.px(2),
               ui.m.radius());
    const float pad = ui.m.px(32);
    const float wrap = size.x - 2 * pad;
    const ImVec2 tsize = text_size(ui.fonts.heading, title, wrap);
    const ImVec2 ssize = text_size(ui.fonts.body, subtitle, wrap);
    const float total = tsize.y + ui.m.px(8) + ssize.y;
    float y = min.y + std::max(pad * 0.5f, (size.y - total) * 0.5f);
    dl->AddText(ui.fonts.heading, ui.fonts.heading->FontSize, ImVec2(min.x + pad, y), color::kText,
                title.data(), title.data() + title.size(), wrap);
    y += tsize.y + ui.m.px(8);
    dl->AddText(ui.fonts.body, ui.fonts.body->FontSize, ImVec2(min.x + pad, y), color::kMuted,
                subtitle.data(), subtitle.data() + subtitle.size(), wrap);
    if (selected) {
        const ImVec2 c(max.x - ui.m.px(44), min.y + ui.m.px(44));
        dl->AddCircleFilled(c, ui.m.px(26), color::kFocus);
        dl->AddLine(ImVec2(c.x - ui.m.px(12), c.y), ImVec2(c.x - ui.m.px(3), c.y + ui.m.px(10)),
                    color::kOnPrimary, ui.m.px(5));
        dl->AddLine(ImVec2(c.x - ui.m.px(3), c.y + ui.m.px(10)),
                    ImVec2(c.x + ui.m.px(13), c.y - ui.m.px(10)), color::kOnPrimary, ui.m.px(5));
    }
    ui.record.texts.emplace_back(title);
    ui.record.texts.emplace_back(subtitle);
    add_target(ui, title, min, max, true);
    if (pressed) ui.tapped = true;
    return pressed;
}

bool check(Ui& ui, std::string_view label, bool checked) {
    const float box = ui.m.px(64);
    const float width = ImGui::GetContentRegionAvail().x;
    const float wrap = width - box - ui.m.px(24);
    const ImVec2 tsize = text_size(ui.fonts.body, label, wrap);
    const ImVec2 size(width, std::max(ui.m.touch(), tsize.y + ui.m.px(24)));
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id_of(label).c_str(), size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 bmin(min.x, min.y + (size.y - box) * 0.5f);
    const ImVec2 bmax(bmin.x + box, bmin.y + box);
    frame_rect(dl, bmin, bmax, checked ? color::kPrimary : color::kSurface,
               checked ? color::kPrimary : color::kBorder, ui.m.px(3), ui.m.px(10));
    if (checked) {
        dl->AddLine(ImVec2(bmin.x + box * 0.22f, bmin.y + box * 0.52f),
                    ImVec2(bmin.x + box * 0.42f, bmin.y + box * 0.72f), color::kOnPrimary,
                    ui.m.px(7));
        dl->AddLine(ImVec2(bmin.x + box * 0.42f, bmin.y + box * 0.72f),
                    ImVec2(bmin.x + box * 0.80f, bmin.y + box * 0.28f), color::kOnPrimary,
                    ui.m.px(7));
    }
    dl->AddText(ui.fonts.body, ui.fonts.body->FontSize,
                ImVec2(min.x + box + ui.m.px(24), min.y + (size.y - tsize.y) * 0.5f), color::kText,
                label.data(), label.data() + label.size(), wrap);
    ui.record.texts.emplace_back(label);
    add_target(ui, label, min, ImVec2(min.x + size.x, min.y + size.y), true);
    if (pressed) ui.tapped = true;
    return pressed;
}

void text(Ui& ui, std::string_view s, ImFont* font, ImU32 colour) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ui.record.texts.emplace_back(s);
}

void paragraph(Ui& ui, std::string_view s, ImFont* font, ImU32 colour) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ui.record.texts.emplace_back(s);
}

void centered(Ui& ui, std::string_view s, ImFont* font, ImU32 colour) {
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = text_size(font, s, width);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, size.y));
    draw_centered(ImGui::GetWindowDrawList(), font, colour, min,
                  ImVec2(min.x + width, min.y + size.y), s, 0);
    ui.record.texts.emplace_back(s);
}

void banner(Ui& ui, std::string_view s, ImU32 text_colour, ImU32 back) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = ui.m.px(24);
    const ImVec2 size = text_size(ui.fonts.body, s, width - 2 * pad);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + size.y + 2 * pad);
    ImGui::Dummy(ImVec2(width, max.y - min.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fill_rect(dl, min, max, back, ui.m.radius());
    fill_rect(dl, min, ImVec2(min.x + ui.m.px(10), max.y), text_colour, 0);
    dl->AddText(ui.fonts.body, ui.fonts.body->FontSize,
                ImVec2(min.x + pad + ui.m.px(6), min.y + pad), text_colour, s.data(),
                s.data() + s.size(), width - 2 * pad);
    ui.record.texts.emplace_back(s);
}

bool field(Ui& ui, const FieldView& f) {
    const float width = ImGui::GetContentRegionAvail().x;
    // Label, with * for required fields.
    std::string label(f.label);
    if (f.required) label += " *";
    text(ui, label, ui.fonts.bold, color::kText);
    ui.record.texts.emplace_back(f.label);

    const float pad = ui.m.px(20);
    ImFont* font = ui.fonts.body;
    const float line_h = font->FontSize;
    const float height = f.height > 0 ? f.height : std::max(ui.m.touch(), line_h + 2 * pad);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + height);
    const bool pressed = ImGui::InvisibleButton(id_of(f.label).c_str(), ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool has_error = !f.error.empty();
    // The field being typed into is always in view, above the keyboard.
    if (f.focused) {
        const ImVec2 clip_min = dl->GetClipRectMin();
        const ImVec2 clip_max = dl->GetClipRectMax();
        if (min.y < clip_min.y || max.y > clip_max.y) ImGui::SetScrollHereY(0.6f);
    }
    frame_rect(dl, min, max, color::kSurface,
               has_error ? color::kError : (f.focused ? color::kFocus : color::kBorder),
               f.focused || has_error ? ui.m.px(4) : ui.m.px(2), ui.m.px(12));

    std::string shown = f.secret ? std::string(f.value.size(), '*') : std::string(f.value);
    const ImVec4 clip(min.x + pad * 0.5f, min.y + ui.m.px(4), max.x - pad * 0.5f,
                      max.y - ui.m.px(4));
    const float inner = width - 2 * pad;
    ImVec2 cursor;
    if (shown.empty()) {
        dl->AddText(font, line_h,
                    ImVec2(min.x + pad + ui.m.px(14),
                           min.y + (f.height > 0 ? pad : (height - line_h) * 0.5f)),
                    color::kMuted, f.placeholder.data(),
                    f.placeholder.data() + f.placeholder.size());
        cursor = ImVec2(min.x + pad, min.y + (f.height > 0 ? pad : (height - line_h) * 0.5f));
    } else if (f.height <= 0) {
        // One line: when too long, show the end (where the cursor is).
        const float w = text_size(font, shown).x;
        const float x = w > inner ? min.x + pad + inner - w : min.x + pad;
        const float y = min.y + (height - line_h) * 0.5f;
        dl->AddText(font, line_h, ImVec2(x, y), color::kText, shown.data(),
                    shown.data() + shown.size(), 0, &clip);
        cursor = ImVec2(x + w, y);
    } else {
        // Several lines, wrapped; when too tall, scrolled to the end.
        const ImVec2 total = text_size(font, shown, inner);
        const float room = height - 2 * pad;
        const float y = min.y + pad - std::max(0.0f, total.y - room);
        dl->AddText(font, line_h, ImVec2(min.x + pad, y), color::kText, shown.data(),
                    shown.data() + shown.size(), inner, &clip);
        // The cursor goes after the last character of the last line.
        const char* end = shown.data() + shown.size();
        const char* line_start = shown.data();
        for (const char* p = shown.data(); p <= end;) {
            const char* nl = std::find(p, end, '\n');
            const char* q = p;
            for (;;) {
                const char* brk = q < nl ? font->CalcWordWrapPositionA(1.0f, q, nl, inner) : nl;
                if (brk == q && q < nl) brk = q + 1;
                if (brk >= nl) break;
                q = brk;
                while (q < nl && *q == ' ')
                    ++q;
            }
            line_start = q;
            if (nl == end) break;
            p = nl + 1;
            line_start = p;
            if (p == end) break;
        }
        const float lw =
            text_size(font,
                      std::string_view(line_start, static_cast<std::size_t>(end - line_start)))
                .x;
        cursor = ImVec2(min.x + pad + lw, y + total.y - line_h);
    }
    if (f.focused && cursor.y + line_h <= max.y + 1 && cursor.y >= min.y - 1)
        dl->AddRectFilled(ImVec2(cursor.x + ui.m.px(2), cursor.y + ui.m.px(2)),
                          ImVec2(cursor.x + ui.m.px(6), cursor.y + line_h - ui.m.px(2)),
                          color::kFocus);
    add_target(ui, f.label, min, max, true);
    if (!f.secret) ui.record.texts.push_back(std::string(f.value));
    if (pressed) ui.tapped = true;

    if (!f.counter.empty()) {
        const float cw = text_size(ui.fonts.small, f.counter).x;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width - cw);
        text(ui, f.counter, ui.fonts.small, color::kMuted);
    }
    if (has_error) paragraph(ui, f.error, ui.fonts.bold, color::kError);
    return pressed;
}

} // namespace keluhan::ui

#include "keluhan/ui/desktop.hpp"

#include "keluhan/ui/fast_render.hpp"

#include <algorithm>

namespace keluhan::ui::desktop {
namespace {

// ImGui's InputText over a std::string (grows it through the resize
// callback). ImGui 1.86's multi-line box does not wrap; `wrap` > 0 breaks the
// line being typed at its last space that fits, so a paragraph stays in view
// (a single line break inside a paragraph is a space in letters and notes).
struct InputData {
    std::string* s;
    float wrap;
};

void wrap_line(ImGuiInputTextCallbackData* data, float wrap) {
    char* buf = data->Buf;
    const int len = data->BufTextLen;
    int seg = data->CursorPos;
    while (seg > 0 && buf[seg - 1] != '\n')
        --seg;
    for (int guard = 0; guard < 64; ++guard) {
        int end = seg;
        while (end < len && buf[end] != '\n')
            ++end;
        if (ImGui::CalcTextSize(buf + seg, buf + end).x <= wrap) break;
        int brk = -1;
        for (int i = seg; i < end; ++i)
            if (buf[i] == ' ') {
                if (ImGui::CalcTextSize(buf + seg, buf + i).x > wrap) break;
                brk = i;
            }
        if (brk < 0) break; // one word longer than the box
        buf[brk] = '\n';
        data->BufDirty = true;
        seg = brk + 1;
    }
}

int input_callback(ImGuiInputTextCallbackData* data) {
    auto* d = static_cast<InputData*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        d->s->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = d->s->data();
    } else if (data->EventFlag == ImGuiInputTextFlags_CallbackEdit && d->wrap > 0) {
        wrap_line(data, d->wrap);
    }
    return 0;
}

bool input_string(const char* id, std::string& s, const char* hint, ImVec2 size,
                  ImGuiInputTextFlags flags) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    InputData d{&s, 0};
    if (size.y > 0) {
        const ImGuiStyle& st = ImGui::GetStyle();
        d.wrap = size.x - 2 * st.FramePadding.x - st.ScrollbarSize - 4;
        flags |= ImGuiInputTextFlags_CallbackEdit;
        return ImGui::InputTextMultiline(id, s.data(), s.capacity() + 1, size, flags,
                                         input_callback, &d);
    }
    if (size.x > 0) ImGui::SetNextItemWidth(size.x);
    return ImGui::InputTextWithHint(id, hint, s.data(), s.capacity() + 1, flags, input_callback,
                                    &d);
}

void record_item(Ui& ui, std::string_view label, bool enabled = true) {
    record_target(ui, label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), enabled);
}

ImVec4 rgba(ImU32 c) {
    return ImGui::ColorConvertU32ToFloat4(c);
}

} // namespace

void apply_theme() {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    ImGui::StyleColorsLight(&s);
    s.WindowPadding = ImVec2(16, 14);
    s.WindowBorderSize = 0;
    s.ChildBorderSize = 1;
    s.PopupBorderSize = 1;
    s.FrameBorderSize = 1;
    s.WindowRounding = 0;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(8, 7);
    s.ItemInnerSpacing = ImVec2(6, 4);
    s.CellPadding = ImVec2(6, 4);
    s.FrameRounding = 4;
    s.GrabRounding = 4;
    s.PopupRounding = 4;
    s.ChildRounding = 4;
    s.ScrollbarSize = 14;
    s.ScrollbarRounding = 6;
    // Axis-aligned borders and table lines without anti-aliasing are plain
    // rectangles, which the fast render pass gives to SDL's fill path; with it
    // they are blended triangles, drawn pixel by pixel by the software renderer.
    s.AntiAliasedLines = false;
    s.AntiAliasedLinesUseTex = false;
    s.AntiAliasedFill = false;
    ImVec4* c = s.Colors;
    // The renderer clears to the background; a painted main window would
    // cost a full-window blend per frame with the software renderer.
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = rgba(color::kSurface);
    c[ImGuiCol_Text] = rgba(color::kText);
    c[ImGuiCol_TextDisabled] = rgba(color::kMuted);
    c[ImGuiCol_Border] = rgba(color::kBorder); // boxes and check boxes stand out on white
    c[ImGuiCol_FrameBg] = rgba(color::kSurface);
    c[ImGuiCol_FrameBgHovered] = rgba(IM_COL32(0xF7, 0xF9, 0xFC, 0xFF));
    c[ImGuiCol_FrameBgActive] = rgba(color::kSurface);
    c[ImGuiCol_Button] = rgba(color::kSecondary);
    c[ImGuiCol_ButtonHovered] = rgba(IM_COL32(0xD6, 0xDF, 0xEA, 0xFF));
    c[ImGuiCol_ButtonActive] = rgba(color::kSecondaryDown);
    c[ImGuiCol_Header] = rgba(IM_COL32(0xD9, 0xE6, 0xF5, 0xFF));
    c[ImGuiCol_HeaderHovered] = rgba(IM_COL32(0xE6, 0xEE, 0xF8, 0xFF));
    c[ImGuiCol_HeaderActive] = rgba(IM_COL32(0xC9, 0xDB, 0xF0, 0xFF));
    c[ImGuiCol_CheckMark] = rgba(color::kPrimary);
    c[ImGuiCol_TableHeaderBg] = rgba(IM_COL32(0xE3, 0xE9, 0xF1, 0xFF));
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = rgba(IM_COL32(0x0B, 0x4A, 0x8B, 0x0A));
    c[ImGuiCol_TableBorderLight] = rgba(IM_COL32(0xDD, 0xE3, 0xEA, 0xFF));
    c[ImGuiCol_TableBorderStrong] = rgba(IM_COL32(0xC8, 0xD0, 0xDA, 0xFF));
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0.04f);
    c[ImGuiCol_ScrollbarGrab] = rgba(color::kBorder);
    c[ImGuiCol_ScrollbarGrabHovered] = rgba(color::kMuted);
    c[ImGuiCol_ScrollbarGrabActive] = rgba(color::kMuted);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.05f, 0.08f, 0.12f, 0.55f);
    c[ImGuiCol_NavHighlight] = rgba(color::kFocus);
}

std::string_view shown(std::string_view label) {
    const auto p = label.find("##");
    return p == std::string_view::npos ? label : label.substr(0, p);
}

bool button(Ui& ui, std::string_view label, Look look, bool enabled, float width) {
    const std::string id(label);
    int colours = 0;
    auto push = [&](ImGuiCol which, ImU32 c) {
        ImGui::PushStyleColor(which, c);
        ++colours;
    };
    switch (look) {
    case Look::Primary:
        push(ImGuiCol_Button, color::kPrimary);
        push(ImGuiCol_ButtonHovered, IM_COL32(0x12, 0x6B, 0xC4, 0xFF));
        push(ImGuiCol_ButtonActive, color::kPrimaryDown);
        push(ImGuiCol_Text, color::kOnPrimary);
        break;
    case Look::Danger:
        push(ImGuiCol_Button, color::kError);
        push(ImGuiCol_ButtonHovered, IM_COL32(0xC4, 0x2A, 0x2A, 0xFF));
        push(ImGuiCol_ButtonActive, IM_COL32(0x8E, 0x16, 0x16, 0xFF));
        push(ImGuiCol_Text, color::kOnPrimary);
        break;
    case Look::Quiet:
        push(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
        push(ImGuiCol_Text, color::kPrimary);
        break;
    case Look::Secondary:
        break;
    }
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button(id.c_str(), ImVec2(width, 0));
    ImGui::EndDisabled();
    ImGui::PopStyleColor(colours);
    const auto s = shown(label);
    ui.record.texts.emplace_back(s);
    record_item(ui, s, enabled);
    if (pressed) ui.tapped = true;
    return pressed && enabled;
}

bool input(Ui& ui, std::string_view label, std::string& value, const InputOptions& o) {
    const auto s = shown(label);
    if (!s.empty()) text(ui, s, color::kText, ui.fonts.bold);
    const std::string id = "##" + std::string(label.empty() ? o.hint : label);
    const std::string hint(o.hint);
    const bool one_line = o.height <= 0;
    ImGuiInputTextFlags flags = 0;
    if (o.password) flags |= ImGuiInputTextFlags_Password;
    if (o.entered && one_line) flags |= ImGuiInputTextFlags_EnterReturnsTrue;
    if (o.read_only) flags |= ImGuiInputTextFlags_ReadOnly;
    const float width = o.width > 0 ? o.width : ImGui::GetContentRegionAvail().x;
    if (o.focus) ImGui::SetKeyboardFocusHere();
    const std::string before = o.entered ? value : std::string();
    bool changed = input_string(id.c_str(), value, hint.c_str(), ImVec2(width, o.height), flags);
    if (o.entered && one_line) {
        // With EnterReturnsTrue, ImGui reports Enter (not each edit) as the return value.
        if (changed) *o.entered = true;
        changed = value != before;
    }
    record_item(ui, s.empty() ? std::string_view(o.hint) : s);
    if (!o.password) ui.record.texts.push_back(value);
    if (!o.hint.empty()) ui.record.texts.emplace_back(o.hint);
    if (ImGui::IsItemActivated()) ui.tapped = true;
    if (o.max_chars > 0) {
        // Characters, not bytes (UTF-8 continuation bytes do not count).
        std::size_t n = 0;
        for (char c : value)
            n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        const std::string counter = std::to_string(n) + " / " + std::to_string(o.max_chars);
        const float cw = ImGui::CalcTextSize(counter.c_str()).x;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width - cw);
        text(ui, counter, n > o.max_chars ? color::kError : color::kMuted, ui.fonts.small);
    }
    return changed;
}

bool checkbox(Ui& ui, std::string_view label, bool& value) {
    const std::string id(label);
    const bool changed = ImGui::Checkbox(id.c_str(), &value);
    const auto s = shown(label);
    ui.record.texts.emplace_back(s);
    record_item(ui, s);
    if (changed) ui.tapped = true;
    return changed;
}

bool combo(Ui& ui, std::string_view label, int& index, const std::vector<std::string>& items,
           float width) {
    const auto s = shown(label);
    const std::string id = "##" + std::string(label);
    const std::string preview = index >= 0 && static_cast<std::size_t>(index) < items.size()
                                    ? items[static_cast<std::size_t>(index)]
                                    : "";
    if (width > 0) ImGui::SetNextItemWidth(width);
    bool changed = false;
    const bool open = ImGui::BeginCombo(id.c_str(), preview.c_str());
    if (!open) {
        record_item(ui, s);
        ui.record.texts.push_back(preview);
    } else {
        ui.record.texts.push_back(preview);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool selected = static_cast<int>(i) == index;
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(items[i].c_str(), selected)) {
                changed = index != static_cast<int>(i);
                index = static_cast<int>(i);
                ui.tapped = true;
            }
            record_item(ui, items[i]);
            ui.record.texts.push_back(items[i]);
            if (selected) ImGui::SetItemDefaultFocus();
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool nav_item(Ui& ui, std::string_view label, bool selected, float width, std::string_view badge) {
    const std::string id(label);
    const float h = ImGui::GetFrameHeight() + 8;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id.c_str(), ImVec2(width, h));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(min.x + width, min.y + h);
    if (selected) {
        fill_rect(dl, min, max, IM_COL32(0xFF, 0xFF, 0xFF, 0x26), 4);
        fill_rect(dl, min, ImVec2(min.x + 4, max.y), color::kOnPrimary, 0);
    } else if (hovered) {
        fill_rect(dl, min, max, IM_COL32(0xFF, 0xFF, 0xFF, 0x14), 4);
    }
    const auto s = shown(label);
    ImFont* font = selected ? ui.fonts.bold : ui.fonts.body;
    const float fh = font->FontSize;
    dl->AddText(font, fh, ImVec2(min.x + 14, min.y + (h - fh) * 0.5f), color::kOnPrimary, s.data(),
                s.data() + s.size());
    if (!badge.empty()) {
        const ImVec2 bs = ui.fonts.small->CalcTextSizeA(ui.fonts.small->FontSize, FLT_MAX, 0,
                                                        badge.data(), badge.data() + badge.size());
        const ImVec2 bmax(max.x - 8, min.y + (h + bs.y) * 0.5f + 2);
        const ImVec2 bmin(bmax.x - bs.x - 12, bmax.y - bs.y - 4);
        fill_rect(dl, bmin, bmax, color::kOnPrimary, 8);
        dl->AddText(ui.fonts.small, ui.fonts.small->FontSize, ImVec2(bmin.x + 6, bmin.y + 2),
                    color::kBand, badge.data(), badge.data() + badge.size());
        ui.record.texts.emplace_back(badge);
    }
    ui.record.texts.emplace_back(s);
    record_target(ui, s, min, max);
    if (pressed) ui.tapped = true;
    return pressed;
}

bool row(Ui& ui, std::string_view label, bool selected, float height) {
    const std::string id = "##row" + std::string(label);
    const bool pressed = ImGui::Selectable(id.c_str(), selected,
                                           ImGuiSelectableFlags_SpanAllColumns |
                                               ImGuiSelectableFlags_AllowItemOverlap,
                                           ImVec2(0, height));
    record_item(ui, label);
    if (pressed) ui.tapped = true;
    return pressed;
}

void text(Ui& ui, std::string_view s, ImU32 colour, ImFont* font, bool wrap) {
    if (font) ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    if (wrap) ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    if (wrap) ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
    ui.record.texts.emplace_back(s);
}

void record(Ui& ui, std::string_view s) {
    ui.record.texts.emplace_back(s);
}

void banner(Ui& ui, std::string_view s, ImU32 text_colour, ImU32 back) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = 10;
    ImFont* font = ui.fonts.body;
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, width - 2 * pad - 6, s.data(),
                                            s.data() + s.size());
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + size.y + 2 * pad);
    ImGui::Dummy(ImVec2(width, max.y - min.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fill_rect(dl, min, max, back, 4);
    fill_rect(dl, min, ImVec2(min.x + 4, max.y), text_colour, 0);
    dl->AddText(font, font->FontSize, ImVec2(min.x + pad + 4, min.y + pad), text_colour, s.data(),
                s.data() + s.size(), width - 2 * pad - 6);
    ui.record.texts.emplace_back(s);
}

void begin_card(const char* id, float padding, float width) {
    ImGuiStorage* st = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID(id);
    const float h = st->GetFloat(key, 120.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(padding, padding - 2));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, color::kSurface);
    ImGui::BeginChild(key, ImVec2(width, h), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    // Remember where the parent keeps this card's height.
    ImGui::GetStateStorage()->SetInt(ImGui::GetID("##card-key"), static_cast<int>(key));
}

void end_card() {
    const ImGuiID key =
        static_cast<ImGuiID>(ImGui::GetStateStorage()->GetInt(ImGui::GetID("##card-key")));
    const float h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y -
                    ImGui::GetStyle().ItemSpacing.y;
    ImGui::EndChild();
    ImGui::GetStateStorage()->SetFloat(key, std::max(h, 24.0f));
}

void field_line(Ui& ui, std::string_view label, std::string_view value, float label_width) {
    const float x = ImGui::GetCursorPosX();
    text(ui, label, color::kMuted);
    ImGui::SameLine(x + label_width);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(value.data(), value.data() + value.size());
    ImGui::PopTextWrapPos();
    ui.record.texts.emplace_back(value);
}

} // namespace keluhan::ui::desktop

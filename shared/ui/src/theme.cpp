#include "keluhan/ui/theme.hpp"

namespace keluhan::ui {

void apply_theme(const Metrics& m) {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    s.WindowPadding = ImVec2(0, 0);
    s.WindowBorderSize = 0;
    s.WindowRounding = 0;
    s.FramePadding = ImVec2(m.px(24), m.px(16));
    s.ItemSpacing = ImVec2(m.px(16), m.px(16));
    s.FrameRounding = m.radius();
    s.GrabRounding = m.radius();
    s.ScrollbarSize = m.px(28);
    s.ScrollbarRounding = m.px(14);
    s.TouchExtraPadding = ImVec2(m.px(4), m.px(4));
    s.AntiAliasedLines = true;
    s.AntiAliasedFill = true;
    ImVec4* c = s.Colors;
    // The renderer clears to the background colour; a painted window
    // background would cost a full-screen blend per frame (software renderer).
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImGui::ColorConvertU32ToFloat4(color::kSurface);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
    c[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(color::kSecondary);
    c[ImGuiCol_ButtonHovered] = ImGui::ColorConvertU32ToFloat4(color::kSecondary);
    c[ImGuiCol_ButtonActive] = ImGui::ColorConvertU32ToFloat4(color::kSecondaryDown);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0.04f);
    c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(color::kBorder);
    c[ImGuiCol_ScrollbarGrabHovered] = ImGui::ColorConvertU32ToFloat4(color::kMuted);
    c[ImGuiCol_ScrollbarGrabActive] = ImGui::ColorConvertU32ToFloat4(color::kMuted);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.05f, 0.08f, 0.12f, 0.55f);
}

} // namespace keluhan::ui

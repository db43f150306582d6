// The login screen: user name and password, checked by the core's login()
// (wrong password, lockout and disabled accounts each say so).
#include "views.hpp"

#include <imgui.h>

namespace keluhan::panel {

void draw_login(View& v) {
    auto& ui = v.ui;
    auto& f = v.s.login;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, size.y * 0.42f), ui::color::kBand);

    const float w = 440;
    ImGui::SetCursorPos(ImVec2((size.x - w) * 0.5f, size.y * 0.08f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ui::desktop::text(ui, v.office.config.office.parent, IM_COL32(0xD6, 0xE4, 0xF5, 0xFF),
                      ui.fonts.small);
    ui::desktop::text(ui, v.office.config.office.name, ui::color::kOnPrimary, ui.fonts.heading);
    ui::desktop::text(ui, v.t("admin.app_name"), IM_COL32(0xD6, 0xE4, 0xF5, 0xFF));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    ImGui::SetCursorPos(ImVec2((size.x - w) * 0.5f, size.y * 0.08f + 130));
    ui::desktop::begin_card("##login", 28, w);
    ui::desktop::text(ui, v.t("admin.login.title"), ui::color::kText, ui.fonts.heading);
    ImGui::Dummy(ImVec2(0, 4));
    bool entered = false;
    ui::desktop::input(
        ui, v.t("admin.login.name"), f.name,
        ui::desktop::InputOptions().on_enter(&entered).focused(ImGui::IsWindowAppearing()));
    ui::desktop::input(ui, v.t("admin.login.password"), f.password,
                       ui::desktop::InputOptions().secret().on_enter(&entered));
    if (f.error) error_banner(v, *f.error);
    ImGui::Dummy(ImVec2(0, 4));
    if (ui::desktop::button(ui, f.busy ? v.t("admin.login.checking") : v.t("admin.login.submit"),
                            ui::Look::Primary, !f.busy, 140) ||
        (entered && !f.busy))
        v.want.login = true;
    ImGui::SameLine(w - 56 - 2 * 52);
    for (const char* lang : {"id", "en"}) {
        const bool on = v.tr.language() == lang;
        if (ui::desktop::button(ui, std::string(lang[0] == 'i' ? "ID" : "EN") + "##lang",
                                on ? ui::Look::Primary : ui::Look::Secondary, true, 44))
            v.want.language = lang;
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ui::desktop::end_card();
}

} // namespace keluhan::panel

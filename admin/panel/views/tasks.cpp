// Tugas saya: the open complaints whose current SOP step belongs to my role,
// oldest due first, with the time left (or overdue, in red).
#include "views.hpp"

#include <imgui.h>

namespace keluhan::panel {

void draw_tasks(View& v) {
    auto& ui = v.ui;
    const auto& tasks = v.s.tasks;
    page_title(
        v, v.t("admin.tasks.title"),
        v.t("admin.tasks.lead", {{"role", std::string(role_title(v.s.session.user().role))}}));
    if (ui::desktop::button(ui, v.t("admin.common.refresh"), ui::Look::Secondary, !tasks.loading))
        v.want.refresh_tasks = true;
    ImGui::SameLine();
    if (tasks.loading)
        ui::desktop::text(ui, v.t("admin.common.loading"), ui::color::kMuted);
    else
        ui::desktop::text(ui, v.t("admin.tasks.count", {{"n", std::to_string(tasks.rows.size())}}),
                          ui::color::kMuted);
    if (tasks.error) error_banner(v, *tasks.error);
    if (!tasks.loading && tasks.rows.empty() && !tasks.error) {
        ImGui::Dummy(ImVec2(0, 8));
        notice_banner(v, v.t("admin.tasks.empty"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##tasks", 6, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(v.t("admin.col.due").c_str(), ImGuiTableColumnFlags_WidthFixed, 190);
    ImGui::TableSetupColumn(v.t("admin.col.code").c_str(), ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn(v.t("admin.col.register").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            190);
    ImGui::TableSetupColumn(v.t("admin.col.step").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn(v.t("admin.col.service").c_str(), ImGuiTableColumnFlags_WidthStretch,
                            1);
    ImGui::TableSetupColumn(v.t("admin.col.date").c_str(), ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(tasks.rows.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const auto& r = tasks.rows[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool late = r.due_at < v.now;
            if (ui::desktop::row(ui, r.code, false)) {
                v.want.open = r.code;
                v.s.back = Page::Tasks;
            }
            ImGui::SameLine();
            const std::string left = time_left(v, r.due_at);
            ImGui::PushStyleColor(ImGuiCol_Text, late ? ui::color::kError : ui::color::kSuccess);
            ImGui::TextUnformatted(left.c_str());
            ImGui::PopStyleColor();
            ui::desktop::record(ui, left);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.code.c_str());
            ui::desktop::record(ui, r.code);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.register_number.empty() ? "-" : r.register_number.c_str());
            ImGui::TableNextColumn();
            const std::string step = step_name(v, r.current_step);
            ImGui::TextUnformatted(step.c_str());
            ui::desktop::record(ui, step);
            ImGui::TableNextColumn();
            const std::string svc = service_name(v, r.service);
            ImGui::TextUnformatted(svc.c_str());
            ImGui::TableNextColumn();
            const std::string d = when(v, r.created_at);
            ImGui::TextUnformatted(d.c_str());
        }
    }
    ImGui::EndTable();
}

} // namespace keluhan::panel

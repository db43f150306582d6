// Cetak: the print-job table (every Tanda Terima and letter sent to a
// printer, newest first) and reprinting a receipt whose print failed.
#include "views.hpp"

#include <imgui.h>

namespace keluhan::panel {

void draw_print(View& v) {
    auto& ui = v.ui;
    auto& p = v.s.print_jobs;
    page_title(v, v.t("admin.print.title"), v.t("admin.print.lead"));
    if (ui::desktop::checkbox(ui, v.t("admin.print.failed_only"), p.failed_only))
        v.want.refresh_print_jobs = true;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.common.refresh"), ui::Look::Secondary, !p.loading))
        v.want.refresh_print_jobs = true;
    if (!p.notice.empty()) notice_banner(v, p.notice);
    if (p.error) error_banner(v, *p.error);
    if (!p.loading && p.rows.empty()) {
        notice_banner(v, v.t(p.failed_only ? "admin.print.none_failed" : "admin.print.none"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##jobs", 7, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(v.t("admin.col.date").c_str(), ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn(v.t("admin.col.code").c_str(), ImGuiTableColumnFlags_WidthFixed, 140);
    ImGui::TableSetupColumn(v.t("admin.col.document").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            120);
    ImGui::TableSetupColumn(v.t("admin.col.printer").c_str(), ImGuiTableColumnFlags_WidthStretch,
                            1);
    ImGui::TableSetupColumn(v.t("admin.col.state").c_str(), ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn(v.t("admin.col.message").c_str(), ImGuiTableColumnFlags_WidthStretch,
                            2);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(p.rows.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const auto& j = p.rows[static_cast<std::size_t>(i)];
            ImGui::PushID(static_cast<int>(j.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string t = when(v, j.created_at);
            ImGui::TextUnformatted(t.c_str());
            ImGui::TableNextColumn();
            const auto tc = TrackingCode::parse(j.code);
            const std::string code = tc ? tc->grouped() : j.code;
            ImGui::TextUnformatted(code.c_str());
            ui::desktop::record(ui, code);
            ImGui::TableNextColumn();
            const std::string doc = v.t("admin.print.doc." + std::string(to_string(j.document)));
            ImGui::TextUnformatted(doc.c_str());
            ui::desktop::record(ui, doc);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(j.printer.empty() ? "-" : j.printer.c_str());
            ImGui::TableNextColumn();
            // Red only while something is left to do: a failed receipt
            // printed again since is done with.
            const bool bad =
                !j.reprinted && (j.state == PrintState::Failed || j.state == PrintState::Held ||
                                 j.state == PrintState::Cancelled);
            const std::string state = v.t("admin.job." + std::string(to_string(j.state)));
            ui::desktop::text(ui, state,
                              bad                                ? ui::color::kError
                              : j.state == PrintState::Completed ? ui::color::kSuccess
                              : j.reprinted                      ? ui::color::kMuted
                                                                 : ui::color::kText,
                              nullptr, true);
            if (j.reprinted)
                ui::desktop::text(ui, v.t("admin.print.reprinted"), ui::color::kSuccess,
                                  ui.fonts.small);
            ImGui::TableNextColumn();
            std::string msg = j.message.key.empty() ? "" : v.say(j.message);
            // Where a saved PDF is, unless the message says it already.
            if (j.state == PrintState::Saved && !j.file.empty() &&
                msg.find(j.file) == std::string::npos)
                msg += (msg.empty() ? "" : " ") + j.file;
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(msg.empty() ? "-" : msg.c_str());
            ImGui::PopTextWrapPos();
            ui::desktop::record(ui, msg);
            ImGui::TableNextColumn();
            if (j.document == PrintDocument::TandaTerima && v.can(Permission::Reprint) &&
                ui::desktop::button(ui, v.t("admin.print.reprint") + "##" + std::to_string(j.id),
                                    bad ? ui::Look::Primary : ui::Look::Secondary))
                v.want.reprint = code;
            // A queue that stopped (out of paper, jammed) is started again
            // here once it is seen to, as `keluhan printer resume` does.
            if (bad && j.state == PrintState::Held && !j.printer.empty() &&
                v.can(Permission::Reprint) &&
                ui::desktop::button(ui, v.t("admin.print.resume") + "##r" + std::to_string(j.id),
                                    ui::Look::Secondary, !p.resuming))
                v.want.resume_printer = j.printer;
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

} // namespace keluhan::panel

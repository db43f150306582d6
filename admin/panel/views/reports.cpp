// Laporan: a month's recap by service, channel and status, SLA compliance of
// every SOP step as a bar chart (ImGui draw lists), the time per step against
// its standard, and CSV / PDF export. The report and the files are made on
// the app's worker (want.load_report, want.export_report); this file only
// draws and asks. Its state is s.reports (flow/pages.hpp).
#include "views.hpp"

#include "keluhan/ops/report.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace keluhan::panel {

namespace {

constexpr ImU32 kBarGood = IM_COL32(0x2E, 0x8C, 0x57, 0xFF);
constexpr ImU32 kBarBad = IM_COL32(0xC7, 0x38, 0x2E, 0xFF);
constexpr ImU32 kGrid = IM_COL32(0xD0, 0xD5, 0xDC, 0xFF);

std::string pct(const View& v, double share) {
    if (share < 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
    std::string s = buf;
    if (v.tr.language() == "id") std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

void recap_table(View& v, const char* id, const std::string& head,
                 const std::vector<GroupCount>& rows,
                 const std::function<std::string(const std::string&)>& label, float width) {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(id, 2, flags, ImVec2(width, 0))) return;
    ImGui::TableSetupColumn(head.c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn(v.t("label.report.count").c_str(), ImGuiTableColumnFlags_WidthStretch,
                            1);
    ImGui::TableHeadersRow();
    for (const auto& g : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string l = label(g.key);
        ImGui::TextUnformatted(l.c_str());
        ui::desktop::record(v.ui, l);
        ImGui::TableNextColumn();
        const std::string n = std::to_string(g.count);
        ImGui::TextUnformatted(n.c_str());
        ui::desktop::record(v.ui, n);
    }
    ImGui::EndTable();
}

// Horizontal bars of compliance per step, drawn with the window's draw list.
void compliance_chart(View& v, const MonthReport& r) {
    auto& ui = v.ui;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = ImGui::GetContentRegionAvail().x;
    const float label_w = std::min(420.0f, width * 0.42f), value_w = 80;
    const float bar_w = std::max(100.0f, width - label_w - value_w - 24);
    const float row_h = ImGui::GetTextLineHeight() + 8;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const int n = static_cast<int>(std::count_if(r.steps.begin(), r.steps.end(),
                                                 [](const StepStats& s) { return !s.customer; })) +
                  1;
    const float x0 = o.x + label_w + 8;
    // The scale: 0, 25, 50, 75, 100 %.
    for (int t = 0; t <= 4; ++t) {
        const float x = x0 + bar_w * static_cast<float>(t) / 4.0f;
        dl->AddLine(ImVec2(x, o.y), ImVec2(x, o.y + row_h * static_cast<float>(n)), kGrid);
        const std::string s = std::to_string(t * 25) + "%";
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(s.c_str()).x / 2,
                           o.y + row_h * static_cast<float>(n) + 2),
                    ui::color::kMuted, s.c_str());
    }
    auto bar = [&](int i, const std::string& label, double share, ImU32 colour) {
        const float y = o.y + row_h * static_cast<float>(i);
        ImGui::PushClipRect(ImVec2(o.x, y), ImVec2(o.x + label_w, y + row_h), true);
        dl->AddText(ImVec2(o.x, y + 4), ui::color::kText, label.c_str());
        ImGui::PopClipRect();
        ui::desktop::record(ui, label);
        const float w = bar_w * static_cast<float>(std::clamp(share, 0.0, 1.0));
        if (w > 0)
            dl->AddRectFilled(ImVec2(x0, y + 4), ImVec2(x0 + w, y + row_h - 4), colour, 2.0f);
        const std::string value = pct(v, share);
        dl->AddText(ImVec2(x0 + bar_w + 10, y + 4), ui::color::kText, value.c_str());
        ui::desktop::record(ui, value);
    };
    int i = 0;
    for (const auto& s : r.steps) {
        if (s.customer) continue; // not the office's to keep
        const double share = s.compliance();
        bar(i++, std::to_string(s.step->number) + ". " + s.step->action, share,
            share >= 0.8 ? kBarGood : kBarBad);
    }
    bar(i, v.t("label.report.overall"), r.overall.compliance(), ui::color::kBand);
    dl->AddLine(ImVec2(x0, o.y), ImVec2(x0, o.y + row_h * static_cast<float>(n)), ui::color::kText,
                1.5f);
    ImGui::Dummy(ImVec2(width, row_h * static_cast<float>(n) + ImGui::GetTextLineHeight() + 6));
    // Legend.
    const ImVec2 l = ImGui::GetCursorScreenPos();
    const float sq = ImGui::GetTextLineHeight() - 4;
    dl->AddRectFilled(ImVec2(l.x, l.y + 2), ImVec2(l.x + sq, l.y + 2 + sq), kBarGood);
    ImGui::SetCursorScreenPos(ImVec2(l.x + sq + 6, l.y));
    ui::desktop::text(ui, v.t("admin.reports.legend_good"), ui::color::kMuted);
    ImGui::SameLine(0, 24);
    const ImVec2 l2 = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(l2.x, l2.y + 2), ImVec2(l2.x + sq, l2.y + 2 + sq), kBarBad);
    ImGui::SetCursorScreenPos(ImVec2(l2.x + sq + 6, l2.y));
    ui::desktop::text(ui, v.t("admin.reports.legend_bad"), ui::color::kMuted);
}

void steps_table(View& v, const MonthReport& r) {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##report_steps", 8, flags)) return;
    const char* heads[] = {"label.report.col_step",       "label.report.col_standard",
                           "label.report.col_done",       "label.report.col_on_time",
                           "label.report.col_late",       "label.report.col_open_overdue",
                           "label.report.col_compliance", "label.report.col_avg"};
    const float weights[] = {5, 1.2f, 0.9f, 0.9f, 0.9f, 1.2f, 1.1f, 2.2f};
    for (int i = 0; i < 8; ++i)
        ImGui::TableSetupColumn(v.t(heads[i]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                weights[i]);
    ImGui::TableHeadersRow();
    auto cell = [&](const std::string& s, ImU32 colour = ui::color::kText) {
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextUnformatted(s.c_str());
        ImGui::PopStyleColor();
        ui::desktop::record(v.ui, s);
    };
    for (const auto& s : r.steps) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        const std::string name = std::to_string(s.step->number) + ". " + s.step->action;
        ImGui::TextUnformatted(name.c_str());
        ImGui::PopTextWrapPos();
        ui::desktop::record(v.ui, name);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::color::kMuted);
        ImGui::TextUnformatted(std::string(role_title(s.step->actor)).c_str());
        ImGui::PopStyleColor();
        cell(s.step->standard_time.to_string());
        cell(std::to_string(s.done));
        cell(std::to_string(s.on_time));
        cell(std::to_string(s.late), s.late ? ui::color::kError : ui::color::kText);
        cell(std::to_string(s.open_overdue), s.open_overdue ? ui::color::kError : ui::color::kText);
        cell(s.customer ? v.t("label.report.customer_step") : pct(v, s.compliance()),
             s.compliance() >= 0 && s.compliance() < 0.8 ? ui::color::kError : ui::color::kText);
        cell(s.done ? format_working_minutes(v.tr, s.average_minutes()) + " " +
                          v.t("label.report.of_standard",
                              {{"std", format_working_minutes(v.tr, s.average_standard_minutes())}})
                    : "-");
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::desktop::text(v.ui, v.t("label.report.overall"), ui::color::kText, v.ui.fonts.bold);
    const auto& o = r.overall;
    cell("");
    cell(std::to_string(o.done));
    cell(std::to_string(o.on_time));
    cell(std::to_string(o.late));
    cell(std::to_string(o.open_overdue));
    cell(pct(v, o.compliance()));
    cell("");
    ImGui::EndTable();
}

} // namespace

void draw_reports(View& v) {
    auto& ui = v.ui;
    auto& st = v.s.reports;
    page_title(v, v.t("admin.reports.title"));
    if (!v.can(Permission::ViewReports)) {
        notice_banner(v, v.t("admin.reports.no_permission"));
        return;
    }
    const Date today =
        v.office.config.calendar.local_date(now_ms()); // wall time, not the UI's clock
    if (st.year == 0) {
        st.year = today.year;
        st.month = today.month;
    }
    // The month picker.
    if (ui::desktop::button(ui, v.t("admin.reports.prev"), ui::Look::Secondary, !st.loading)) {
        if (--st.month < 1) st.month = 12, --st.year;
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::desktop::text(
        ui, v.t("label.month." + std::to_string(st.month)) + " " + std::to_string(st.year),
        ui::color::kText, ui.fonts.bold);
    ImGui::SameLine();
    const bool at_present =
        st.year > today.year || (st.year == today.year && st.month >= today.month);
    if (ui::desktop::button(ui, v.t("admin.reports.next"), ui::Look::Secondary,
                            !st.loading && !at_present)) {
        if (++st.month > 12) st.month = 1, ++st.year;
    }
    ImGui::SameLine(0, 24);
    if (ui::desktop::button(ui, v.t("admin.common.refresh") + "##report", ui::Look::Secondary,
                            !st.loading))
        st.loaded_year = 0;
    ImGui::SameLine(0, 24);
    const bool can_export = st.report && !st.loading && !st.exporting;
    if (ui::desktop::button(ui, v.t("admin.reports.export_csv"), ui::Look::Secondary, can_export))
        v.want.export_report = ExportFormat::Csv;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.reports.export_pdf"), ui::Look::Primary, can_export))
        v.want.export_report = ExportFormat::Pdf;

    if (!st.loading && st.stale()) v.want.load_report = true;

    if (st.exporting) ui::desktop::text(ui, v.t("admin.reports.exporting"), ui::color::kMuted);
    if (st.export_error) error_banner(v, *st.export_error);
    if (!st.written.empty())
        ui::desktop::banner(ui, v.t("admin.reports.written", {{"file", st.written}}),
                            ui::color::kSuccess, ui::color::kSuccessBack);
    if (st.error) error_banner(v, *st.error);
    if (st.loading) {
        ui::desktop::text(ui, v.t("admin.reports.computing"), ui::color::kMuted);
        return;
    }
    if (!st.report) return;
    const MonthReport& r = *st.report;

    ImGui::BeginChild("##report_body", ImGui::GetContentRegionAvail(), false);
    std::int64_t open = 0, closed = 0;
    for (const auto& g : r.by_status)
        (g.key == "open" ? open : closed) += g.count;
    ui::desktop::text(ui,
                      v.t("label.report.summary", {{"total", std::to_string(r.total)},
                                                   {"closed", std::to_string(closed)},
                                                   {"open", std::to_string(open)},
                                                   {"compliance", pct(v, r.overall.compliance())}}),
                      ui::color::kText, ui.fonts.bold, true);
    if (r.other_profile)
        ui::desktop::text(
            ui, v.t("label.report.other_profile_note", {{"n", std::to_string(r.other_profile)}}),
            ui::color::kMuted, nullptr, true);
    if (r.total == 0) {
        ImGui::Dummy(ImVec2(0, 6));
        notice_banner(v, v.t("admin.reports.empty"));
        ImGui::EndChild();
        return;
    }
    ImGui::Dummy(ImVec2(0, 6));
    const float gap = 16;
    const float w = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
    recap_table(
        v, "##by_service", v.t("admin.reports.by_service"), r.by_service,
        [&](const std::string& k) { return service_name(v, k); }, w);
    ImGui::SameLine(0, gap);
    recap_table(
        v, "##by_channel", v.t("admin.reports.by_channel"), r.by_channel,
        [&](const std::string& k) { return v.t("channel." + k); }, w);
    ImGui::SameLine(0, gap);
    recap_table(
        v, "##by_status", v.t("admin.reports.by_status"), r.by_status,
        [&](const std::string& k) { return v.t("status." + k); }, w);

    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(ui, v.t("admin.reports.chart"), ui::color::kText, ui.fonts.heading);
    compliance_chart(v, r);
    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(ui, v.t("admin.reports.steps"), ui::color::kText, ui.fonts.heading);
    steps_table(v, r);
    ImGui::EndChild();
}

} // namespace keluhan::panel

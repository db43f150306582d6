// Daftar keluhan (the SOP's "Formulir daftar keluhan pelanggan"): filters,
// text search, sorting, and a table that scrolls smoothly through any number
// of complaints - only the rows on screen are drawn (ImGuiListClipper) and
// their pages come from the store on the worker (RegisterPager), never
// inside a frame.
#include "views.hpp"

#include "keluhan/domain/text.hpp"

#include <imgui.h>

namespace keluhan::panel {
namespace {

std::string thousands(std::int64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ".");
    return s;
}

void filters(View& v) {
    auto& ui = v.ui;
    auto& f = v.s.filter;
    bool apply = false, entered = false;
    const float w = ImGui::GetContentRegionAvail().x;
    const std::string search_hint = v.t("admin.register.search_hint"),
                      from_hint = v.t("admin.register.date_from"),
                      to_hint = v.t("admin.register.date_to");
    ImGui::BeginGroup();
    ui::desktop::input(
        ui, "", f.text,
        ui::desktop::InputOptions().hinted(search_hint).wide(w * 0.42f).on_enter(&entered));
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.register.search"), ui::Look::Primary)) apply = true;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.register.reset"))) {
        f = RegisterFilter{};
        apply = true;
    }
    ImGui::SameLine();
    if (ui::desktop::checkbox(ui, v.t("admin.register.overdue"), f.overdue)) apply = true;

    std::vector<std::string> statuses{v.t("admin.register.all_status"), v.t("status.open"),
                                      v.t("status.closed")};
    std::vector<std::string> services{v.t("admin.register.all_services")};
    for (const auto& s : v.office.config.services)
        services.push_back(service_name(v, s));
    std::vector<std::string> channels{v.t("admin.register.all_channels"), v.t("channel.tertulis"),
                                      v.t("channel.lisan"), v.t("channel.elektronik")};
    if (ui::desktop::combo(ui, v.t("admin.register.status"), f.status, statuses, 150)) apply = true;
    ImGui::SameLine();
    if (ui::desktop::combo(ui, v.t("admin.register.service"), f.service, services, 190))
        apply = true;
    ImGui::SameLine();
    if (ui::desktop::combo(ui, v.t("admin.register.channel"), f.channel, channels, 150))
        apply = true;
    ImGui::SameLine();
    ui::desktop::text(ui, v.t("admin.register.from"), ui::color::kMuted);
    ImGui::SameLine();
    ui::desktop::input(ui, "", f.from,
                       ui::desktop::InputOptions().hinted(from_hint).wide(120).on_enter(&entered));
    ImGui::SameLine();
    ui::desktop::text(ui, v.t("admin.register.to"), ui::color::kMuted);
    ImGui::SameLine();
    ui::desktop::input(ui, "", f.to,
                       ui::desktop::InputOptions().hinted(to_hint).wide(120).on_enter(&entered));
    ImGui::EndGroup();
    if (apply || entered) v.want.register_changed = true;
}

} // namespace

void draw_register(View& v) {
    auto& ui = v.ui;
    auto& pager = v.s.pager;
    page_title(v, v.t("admin.register.title"));
    filters(v);
    if (v.s.filter_error) error_banner(v, *v.s.filter_error);
    if (pager.error()) error_banner(v, *pager.error());
    {
        std::string count = pager.total()
                                ? v.t("admin.register.count", {{"n", thousands(*pager.total())}})
                                : v.t("admin.common.loading");
        ui::desktop::text(ui, count, ui::color::kMuted);
    }
    if (pager.total() && *pager.total() == 0) {
        notice_banner(v, v.t("admin.register.empty"));
        return;
    }

    const bool personal = v.can(Permission::ViewPersonalData);
    const int columns = personal ? 9 : 8;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##register", columns, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const auto no_sort = ImGuiTableColumnFlags_NoSort;
    ImGui::TableSetupColumn(v.t("admin.col.register").c_str(),
                            ImGuiTableColumnFlags_WidthFixed | no_sort, 175, 0);
    ImGui::TableSetupColumn(v.t("admin.col.code").c_str(),
                            ImGuiTableColumnFlags_WidthFixed | no_sort, 135, 1);
    ImGui::TableSetupColumn(v.t("admin.col.date").c_str(),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort |
                                ImGuiTableColumnFlags_PreferSortDescending,
                            128, 2);
    if (personal)
        ImGui::TableSetupColumn(v.t("admin.col.name").c_str(),
                                ImGuiTableColumnFlags_WidthStretch | no_sort, 1.2f, 3);
    ImGui::TableSetupColumn(v.t("admin.col.service").c_str(),
                            ImGuiTableColumnFlags_WidthStretch | no_sort, 1, 4);
    ImGui::TableSetupColumn(v.t("admin.col.channel").c_str(),
                            ImGuiTableColumnFlags_WidthFixed | no_sort, 80, 5);
    ImGui::TableSetupColumn(v.t("admin.col.step").c_str(),
                            ImGuiTableColumnFlags_WidthStretch | no_sort, 2.2f, 6);
    ImGui::TableSetupColumn(
        v.t("admin.col.due").c_str(),
        ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortAscending, 128, 7);
    ImGui::TableSetupColumn(v.t("admin.col.status").c_str(),
                            ImGuiTableColumnFlags_WidthFixed | no_sort, 100, 8);
    ImGui::TableHeadersRow();
    for (int c = 0; c < columns; ++c)
        ui::desktop::record(ui, ImGui::TableGetColumnName(c));

    // Sorting by the date (newest or oldest first) or by the due time.
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        ListQuery::Sort sort = v.s.filter.sort;
        if (specs->SpecsCount > 0) {
            const auto& s = specs->Specs[0];
            if (s.ColumnUserID == 7)
                sort = ListQuery::Sort::DueSoonest;
            else
                sort = s.SortDirection == ImGuiSortDirection_Ascending ? ListQuery::Sort::Oldest
                                                                       : ListQuery::Sort::Newest;
        }
        specs->SpecsDirty = false;
        if (sort != v.s.filter.sort) {
            v.s.filter.sort = sort;
            v.want.register_changed = true;
        }
    }

    ImGuiListClipper clip;
    clip.Begin(pager.rows(), ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y);
    int first = -1, last = 0;
    while (clip.Step()) {
        if (first < 0 || clip.DisplayStart < first) first = clip.DisplayStart;
        last = std::max(last, clip.DisplayEnd);
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const RegisterRow* r = pager.row(i);
            if (!r) {
                ImGui::TextDisabled("...");
                continue;
            }
            const bool late = r->status == ComplaintStatus::Open && r->due_at < v.now;
            ImGui::PushID(i);
            if (ui::desktop::row(ui, r->code, v.s.detail.code == r->code)) {
                v.want.open = r->code;
                v.s.back = Page::Register;
            }
            ImGui::PopID();
            ImGui::SameLine();
            ImGui::TextUnformatted(r->register_number.empty() ? "-" : r->register_number.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r->code.c_str());
            ui::desktop::record(ui, r->code);
            ImGui::TableNextColumn();
            const std::string d = when(v, r->created_at);
            ImGui::TextUnformatted(d.c_str());
            if (personal) {
                ImGui::TableNextColumn();
                if (r->anonymous)
                    ImGui::TextDisabled("%s", v.t("label.anonymous").c_str());
                else {
                    ImGui::TextUnformatted(r->name.c_str());
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r->name.c_str());
                    ui::desktop::record(ui, r->name);
                }
            }
            ImGui::TableNextColumn();
            const std::string svc = service_name(v, r->service);
            ImGui::TextUnformatted(svc.c_str());
            ImGui::TableNextColumn();
            const std::string ch = channel_name(v, r->channel);
            ImGui::TextUnformatted(ch.c_str());
            ImGui::TableNextColumn();
            const std::string step = step_name(v, r->current_step);
            ImGui::TextUnformatted(step.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", step.c_str());
            ImGui::TableNextColumn();
            if (r->status == ComplaintStatus::Open) {
                const std::string due = when(v, r->due_at);
                ImGui::PushStyleColor(ImGuiCol_Text, late ? ui::color::kError : ui::color::kText);
                ImGui::TextUnformatted(due.c_str());
                ImGui::PopStyleColor();
            } else {
                ImGui::TextDisabled("-");
            }
            ImGui::TableNextColumn();
            const std::string st = late ? v.t("admin.register.late")
                                        : v.t("status." + std::string(to_string(r->status)));
            ImGui::PushStyleColor(ImGuiCol_Text, late ? ui::color::kError
                                                 : r->status == ComplaintStatus::Closed
                                                     ? ui::color::kSuccess
                                                     : ui::color::kText);
            ImGui::TextUnformatted(st.c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::EndTable();
    // The table's area, for scripts to point at ("hover #daftar", then "wheel").
    ui::record_target(ui, "#daftar", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (first < 0) first = 0;
    if (!v.s.session.locked() && !v.want.register_changed)
        if (auto req = pager.want(first, std::max(last, first + 1)))
            v.want.fetch_page = std::move(*req);
}

} // namespace keluhan::panel

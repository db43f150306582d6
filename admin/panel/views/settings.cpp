// Administrasi (Administrator only; the core refuses anyone else anyway):
// users and roles, the office's identity and the letter's signer, printers,
// the SOP profile in use, working hours and holidays. Reads and writes run
// on the app's worker through the core (settings.hpp, users.hpp), asked for
// with want.load_settings, save_setting, count_open_elsewhere and
// change_user; the page's state is s.settings (flow/pages.hpp).
#include "views.hpp"

#include "keluhan/domain/holidays.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/ops/settings.hpp"

#include <imgui.h>

#include <algorithm>

namespace keluhan::panel {

namespace {

const Role kRoles[] = {Role::StafPji, Role::KoordinatorPji, Role::KepalaBalai,
                       Role::KoordinatorTerkait, Role::Administrator};

std::vector<std::string> role_names() {
    std::vector<std::string> out;
    for (const auto r : kRoles)
        out.emplace_back(role_title(r));
    return out;
}

int role_index(Role r) {
    for (int i = 0; i < 5; ++i)
        if (kRoles[i] == r) return i;
    return 0;
}

void setting_row(View& v, SettingsState& st, SettingsState::Row& row) {
    auto& ui = v.ui;
    const SettingInfo* info = find_setting(row.key);
    if (!info) return;
    ImGui::PushID(row.key.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ui::desktop::text(ui, v.t(setting_label_key(row.key)), ui::color::kText, ui.fonts.bold, true);
    ui::desktop::text(ui, v.t(setting_rule_key(row.key)), ui::color::kMuted, ui.fonts.small, true);
    ImGui::TableNextColumn();
    ui::desktop::InputOptions o;
    o.width = -1;
    if (info->multiline) o.height = 70;
    const std::string name = v.t(setting_label_key(row.key));
    o.hint = name; // names the box for scripts and screen readers
    ui::desktop::input(ui, "", row.value, o);
    if (row.error)
        ui::desktop::text(ui, v.say(*row.error), ui::color::kError, nullptr, true);
    else if (row.stored)
        ui::desktop::text(ui,
                          v.t("admin.settings.stored_by",
                              {{"by", row.updated_by}, {"at", when(v, row.updated_at)}}),
                          ui::color::kMuted, ui.fonts.small);
    ImGui::TableNextColumn();
    // Save and undo appear once the value was edited; "back to the config
    // file" while a stored value is in effect.
    if (row.value != row.original) {
        if (ui::desktop::button(ui, v.t("admin.common.save") + "##" + row.key, ui::Look::Primary,
                                !st.busy))
            v.want.save_setting = SettingChange{row.key, row.value, false};
        ImGui::SameLine();
        if (ui::desktop::button(ui, v.t("admin.common.cancel") + "##" + row.key, ui::Look::Quiet,
                                !st.busy)) {
            row.value = row.original;
            row.error.reset();
        }
    } else if (row.stored) {
        if (ui::desktop::button(ui, v.t("admin.settings.reset") + "##" + row.key, ui::Look::Quiet,
                                !st.busy))
            v.want.save_setting = SettingChange{row.key, {}, true};
    }
    ImGui::PopID();
}

void settings_group(View& v, SettingsState& st, std::initializer_list<std::string_view> groups) {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##settings", 3, flags)) return;
    ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch, 4);
    ImGui::TableSetupColumn("c", ImGuiTableColumnFlags_WidthFixed, 170);
    for (auto& row : st.rows) {
        const SettingInfo* info = find_setting(row.key);
        if (!info || std::find(groups.begin(), groups.end(), info->group) == groups.end()) continue;
        if (row.key == "sop.profile") continue; // its own tab
        setting_row(v, st, row);
    }
    ImGui::EndTable();
}

void users_tab(View& v, SettingsState& st) {
    auto& ui = v.ui;
    const User* me = v.user();
    if (st.user_error) error_banner(v, *st.user_error);
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    const auto roles = role_names();
    if (ImGui::BeginTable("##users", 5, flags)) {
        ImGui::TableSetupColumn(v.t("admin.settings.user_name").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn(v.t("admin.settings.display_name").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableSetupColumn(v.t("admin.settings.role").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableSetupColumn(v.t("admin.settings.state").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthStretch, 2.6f);
        ImGui::TableHeadersRow();
        for (const auto& u : st.users) {
            ImGui::PushID(u.name.c_str());
            const bool self = me && me->name == u.name;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ui::desktop::text(ui, u.name);
            ImGui::TableNextColumn();
            ui::desktop::text(ui, u.display_name);
            ImGui::TableNextColumn();
            int role = role_index(u.role);
            if (self)
                ui::desktop::text(ui, role_title(u.role));
            else if (ui::desktop::combo(ui, "##role_" + u.name, role, roles, -1) && !st.busy) {
                v.want.change_user = UserChange::set_role(u.name, kRoles[role]);
            }
            // A related function's coordinator leads one of the office's functions.
            const auto& functions = v.office.config.office.functions;
            if (u.role == Role::KoordinatorTerkait && (!functions.empty() || !u.function.empty())) {
                std::vector<std::string> items{v.t("admin.settings.function_any")};
                int pick = 0;
                for (std::size_t i = 0; i < functions.size(); ++i) {
                    items.push_back(functions[i]);
                    if (text::ascii_lower(functions[i]) == text::ascii_lower(u.function))
                        pick = static_cast<int>(i) + 1;
                }
                if (pick == 0 && !u.function.empty()) { // no longer in the list
                    items.push_back(u.function);
                    pick = static_cast<int>(items.size()) - 1;
                }
                const int was = pick;
                if (ui::desktop::combo(ui, "##function_" + u.name, pick, items, -1) &&
                    pick != was && !st.busy)
                    v.want.change_user = UserChange::set_function(
                        u.name, pick == 0 ? std::string() : items[static_cast<std::size_t>(pick)]);
            }
            ImGui::TableNextColumn();
            const bool locked = u.locked_until > now_ms(); // wall time, not the UI's clock
            ui::desktop::text(ui,
                              !u.active ? v.t("label.disabled")
                              : locked  ? v.t("label.locked")
                                        : v.t("label.active"),
                              u.active && !locked ? ui::color::kSuccess : ui::color::kError);
            ImGui::TableNextColumn();
            if (!self) {
                const std::string name = u.name;
                const bool active = u.active;
                if (ui::desktop::button(
                        ui,
                        v.t(active ? "admin.settings.disable" : "admin.settings.enable") + "##" +
                            name,
                        active ? ui::Look::Danger : ui::Look::Secondary, !st.busy))
                    v.want.change_user = UserChange::set_active(name, !active);
                ImGui::SameLine();
            }
            if (ui::desktop::button(ui, v.t("admin.settings.new_password") + "##" + u.name,
                                    ui::Look::Secondary, !st.busy)) {
                st.reset_name = u.name;
                st.reset_password.clear();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!st.reset_name.empty()) {
        ImGui::Dummy(ImVec2(0, 6));
        ui::desktop::text(ui, v.t("admin.settings.password_for", {{"name", st.reset_name}}),
                          ui::color::kText, ui.fonts.bold);
        ui::desktop::input(ui, "##reset_pw", st.reset_password,
                           ui::desktop::InputOptions().secret().wide(320).hinted(
                               v.t("admin.settings.password_hint")));
        ImGui::SameLine();
        if (ui::desktop::button(ui, v.t("admin.settings.set_password"), ui::Look::Primary,
                                !st.busy && !st.reset_password.empty())) {
            v.want.change_user = UserChange::set_password(st.reset_name, st.reset_password);
        }
        ImGui::SameLine();
        if (ui::desktop::button(ui, v.t("admin.common.cancel") + "##pw", ui::Look::Quiet))
            st.reset_name.clear();
    }

    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(ui, v.t("admin.settings.add_user"), ui::color::kText, ui.fonts.heading);
    if (ImGui::BeginTable("##add_user", 4, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::desktop::input(
            ui, v.t("admin.settings.user_name"), st.new_name,
            ui::desktop::InputOptions().wide(-1).hinted(v.t("admin.settings.user_name_hint")));
        ImGui::TableNextColumn();
        ui::desktop::input(ui, v.t("admin.settings.display_name"), st.new_display,
                           ui::desktop::InputOptions().wide(-1));
        ImGui::TableNextColumn();
        ui::desktop::text(ui, v.t("admin.settings.role"), ui::color::kText, ui.fonts.bold);
        ui::desktop::combo(ui, "##new_role", st.new_role, roles, -1);
        ImGui::TableNextColumn();
        ui::desktop::input(ui, v.t("admin.settings.password"), st.new_password,
                           ui::desktop::InputOptions().secret().wide(-1).hinted(
                               v.t("admin.settings.password_hint")));
        ImGui::EndTable();
    }
    if (ui::desktop::button(ui, v.t("admin.settings.add"), ui::Look::Primary,
                            !st.busy && !st.new_name.empty() && !st.new_password.empty())) {
        v.want.change_user =
            UserChange::add(st.new_name, st.new_display, kRoles[st.new_role], st.new_password);
    }
}

void sop_tab(View& v, SettingsState& st) {
    auto& ui = v.ui;
    SettingsState::Row* row = nullptr;
    for (auto& r : st.rows)
        if (r.key == "sop.profile") row = &r;
    if (!row) return;
    ui::desktop::text(ui, v.t("admin.settings.sop_lead"), ui::color::kMuted, nullptr, true);
    ImGui::Dummy(ImVec2(0, 4));
    ui::desktop::field_line(ui, v.t("admin.settings.sop_current"),
                            v.office.profile.number + " (" + v.office.profile.name + ")", 220);
    if (ui::desktop::combo(ui, v.t(setting_label_key("sop.profile")), st.profile_choice,
                           st.profiles, 360) &&
        st.profile_choice >= 0) {
        row->value = st.profiles[static_cast<std::size_t>(st.profile_choice)];
        v.want.count_open_elsewhere = row->value;
    }
    if (row->value != row->original && st.open_elsewhere > 0)
        notice_banner(
            v, v.t("admin.settings.sop_blocked", {{"n", std::to_string(st.open_elsewhere)}}));
    if (row->error) error_banner(v, *row->error);
    if (ui::desktop::button(ui, v.t("admin.common.save") + "##sop", ui::Look::Primary,
                            !st.busy && row->value != row->original))
        v.want.save_setting = SettingChange{row->key, row->value, false};
}

// The national holidays shipped as data (assets/holidays): each year's days
// beside the office's own list, and one button that adds those missing to
// calendar.holidays once the administrator has checked them.
void national_holidays(View& v, SettingsState& st) {
    auto& ui = v.ui;
    const SettingsState::Row* row = nullptr;
    for (const auto& r : st.rows)
        if (r.key == "calendar.holidays") row = &r;
    if (!row) return;
    if (st.national_error) error_banner(v, *st.national_error);
    Config office_days; // the office's holidays as stored now
    if (!apply_setting(office_days, "calendar.holidays", row->original)) return;
    const WorkingCalendar& cal = office_days.calendar;
    const int this_year = v.office.config.calendar.local_date(v.now).year;
    bool this_shipped = false, next_shipped = false;
    for (const auto& list : st.national) {
        this_shipped |= list.year == this_year;
        next_shipped |= list.year == this_year + 1;
        if (list.year < this_year) continue;
        ImGui::PushID(list.year);
        ImGui::Dummy(ImVec2(0, 8));
        const auto missing = missing_days(list, cal);
        const std::vector<std::pair<std::string, std::string>> p{
            {"year", std::to_string(list.year)},
            {"days", std::to_string(list.days.size())},
            {"missing", std::to_string(missing.size())},
            {"source", list.source}};
        ui::desktop::text(ui, v.t("admin.holidays.title", p), ui::color::kText, ui.fonts.heading);
        ui::desktop::text(ui, v.t("admin.holidays.source", p), ui::color::kMuted, nullptr, true);
        ui::desktop::text(
            ui, v.t(missing.empty() ? "admin.holidays.all_in" : "admin.holidays.state", p),
            missing.empty() ? ui::color::kSuccess : ui::color::kText, ui.fonts.bold);
        for (const auto& d : list.days) {
            const bool in = cal.holidays().contains(d.date);
            std::string line = "\u2022  " + format_date(d.date) + "   " + d.name;
            if (d.joint_leave) line += " (" + v.t("admin.holidays.joint") + ")";
            if (in) line += "  \u00b7  " + v.t("admin.holidays.in");
            ui::desktop::text(ui, line, in ? ui::color::kSuccess : ui::color::kText);
        }
        if (!missing.empty()) {
            ui::desktop::text(ui, v.t("admin.holidays.check"), ui::color::kMuted, nullptr, true);
            // Dates typed in the box above and not saved would be lost.
            const bool edited = row->value != row->original;
            if (edited) notice_banner(v, v.t("admin.holidays.save_first"));
            if (ui::desktop::button(ui, v.t("admin.holidays.add", p), ui::Look::Primary,
                                    !st.busy && !edited))
                v.want.save_setting = SettingChange{"calendar.holidays", holidays_with(cal, list),
                                                    false, v.t("admin.holidays.added", p)};
        }
        ImGui::PopID();
    }
    // This year's list missing is said always; next year's from September,
    // when its decree is due.
    if (!this_shipped) {
        ImGui::Dummy(ImVec2(0, 8));
        notice_banner(v, v.t("admin.holidays.none_next", {{"year", std::to_string(this_year)}}));
    }
    if (!next_shipped && v.office.config.calendar.local_date(v.now).month >= 9) {
        ImGui::Dummy(ImVec2(0, 8));
        notice_banner(v,
                      v.t("admin.holidays.none_next", {{"year", std::to_string(this_year + 1)}}));
    }
}

} // namespace

void draw_settings(View& v) {
    auto& ui = v.ui;
    auto& st = v.s.settings;
    page_title(v, v.t("admin.nav.settings"), v.t("admin.settings.lead"));
    if (!v.can(Permission::ManageSettings) || !v.can(Permission::ManageUsers)) {
        notice_banner(v, v.t("admin.settings.admin_only"));
        return;
    }
    if (!st.loaded && !st.loading) v.want.load_settings = true;
    const char* tabs[] = {"admin.settings.tab_users",  "admin.settings.tab_office",
                          "admin.settings.tab_letter", "admin.settings.tab_printers",
                          "admin.settings.tab_sop",    "admin.settings.tab_calendar"};
    for (int i = 0; i < 6; ++i) {
        if (i) ImGui::SameLine(0, 4);
        if (ui::desktop::button(ui, v.t(tabs[i]),
                                st.tab == i ? ui::Look::Primary : ui::Look::Secondary))
            st.tab = i;
    }
    ImGui::Separator();
    if (st.error) error_banner(v, *st.error);
    if (!st.done.empty()) {
        ui::desktop::banner(
            ui, st.done_setting ? st.done + " " + v.t("admin.settings.takes_effect") : st.done,
            ui::color::kSuccess, ui::color::kSuccessBack);
    }
    if (st.loading && st.rows.empty()) {
        ui::desktop::text(ui, v.t("admin.common.loading"), ui::color::kMuted);
        return;
    }
    ImGui::BeginChild("##settings_body", ImGui::GetContentRegionAvail(), false);
    switch (st.tab) {
    case 0:
        users_tab(v, st);
        break;
    case 1:
        settings_group(v, st, {"office"});
        break;
    case 2:
        settings_group(v, st, {"letter"});
        break;
    case 3:
        settings_group(v, st, {"printer"});
        break;
    case 4:
        sop_tab(v, st);
        break;
    default:
        settings_group(v, st, {"calendar"});
        national_holidays(v, st);
        break;
    }
    ImGui::EndChild();
}

} // namespace keluhan::panel

// Administrasi (Administrator only; the core refuses anyone else anyway):
// users and roles, the office's identity and the letter's signer, printers,
// the SOP profile in use, working hours and holidays. Reads and writes run
// on the app's worker through the core (settings.hpp, users.hpp).
#include "views.hpp"

#include "keluhan/ops/settings.hpp"
#include "keluhan/ops/users.hpp"

#include <imgui.h>

#include <map>

namespace keluhan::panel {

struct SettingsState {
    int tab = 0;
    bool loading = false;
    bool loaded = false;
    bool busy = false; // a change on its way
    std::optional<Error> error;
    std::string done;          // what the last change did
    bool done_setting = false; // it was a setting (which other programs read at start)
    struct Row {
        std::string key;
        std::string value;    // being edited
        std::string original; // in effect in the database
        bool stored = false;
        std::string updated_by;
        TimeMs updated_at = 0;
        std::optional<Error> error;
    };
    std::vector<Row> rows;
    std::vector<User> users;
    std::vector<std::string> profiles;
    int profile_choice = -1;
    std::int64_t open_elsewhere = -1; // open complaints under another profile than the choice
    // Adding a user.
    std::string new_name, new_display, new_password;
    int new_role = 0;
    std::optional<Error> user_error;
    // Resetting a password.
    std::string reset_name, reset_password;
};

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

// Everything the page shows, as stored now (another administrator or the
// command line may have changed it since the panel started).
void load(View& v, const std::shared_ptr<SettingsState>& st) {
    st->loading = true;
    v.submit([st](Services& s) -> Done {
        Office office = s.office;
        auto applied = apply_settings(office, s.store);
        auto rows = settings_in_effect(s.store, office);
        auto users = s.store.users();
        std::vector<std::string> profiles;
        for (const auto& e : list_sop_profiles(office.config.assets_dir / "sop"))
            profiles.push_back(e.name);
        const std::string current = office.profile.name;
        return [st, applied, rows = std::move(rows), users = std::move(users), profiles, current] {
            st->loading = false;
            st->loaded = true;
            st->error.reset();
            if (!applied) st->error = applied.error();
            if (!rows) st->error = rows.error();
            if (!users) st->error = users.error();
            if (rows) {
                // Values being edited and not yet saved stay as typed.
                std::map<std::string, std::string> editing;
                for (const auto& row : st->rows)
                    if (row.value != row.original) editing[row.key] = row.value;
                st->rows.clear();
                for (const auto& r : *rows) {
                    SettingsState::Row row{std::string(r.info->key),
                                           r.value,
                                           r.value,
                                           r.stored,
                                           r.updated_by,
                                           r.updated_at,
                                           {}};
                    if (auto it = editing.find(row.key); it != editing.end())
                        row.value = it->second;
                    st->rows.push_back(std::move(row));
                }
            }
            if (users) st->users = *users;
            st->profiles = profiles;
            st->profile_choice = -1;
            for (std::size_t i = 0; i < profiles.size(); ++i)
                if (profiles[i] == current) st->profile_choice = static_cast<int>(i);
        };
    });
}

void save_setting(View& v, const std::shared_ptr<SettingsState>& st, const std::string& key,
                  const std::string& value, bool reset) {
    st->busy = true;
    st->done.clear();
    v.submit([st, key, value, reset](Services& s) -> Done {
        Office office = s.office;
        Status r = apply_settings(office, s.store);
        if (r)
            r = reset ? reset_setting(s.store, office, s.user, key)
                      : change_setting(s.store, office, s.user, key, value);
        const std::string now_value = setting_value(office.config, key);
        const std::string label = s.tr.tr(setting_label_key(key));
        const std::string done =
            r ? s.tr.tr("admin.settings.saved", {{"setting", label}}) : std::string();
        return [st, key, r, now_value, done] {
            st->busy = false;
            for (auto& row : st->rows)
                if (row.key == key) {
                    row.error.reset();
                    if (r) {
                        row.value = row.original = now_value;
                    } else {
                        row.error = r.error();
                    }
                }
            if (r) {
                st->done = done;
                st->done_setting = true;
                st->loaded = false; // read back who stored it and when
            }
        };
    });
}

void count_open_elsewhere(View& v, const std::shared_ptr<SettingsState>& st,
                          const std::string& profile) {
    st->open_elsewhere = -1;
    v.submit([st, profile](Services& s) -> Done {
        auto n = s.store.count_open_outside_sop(profile);
        return [st, n] { st->open_elsewhere = n ? *n : -1; };
    });
}

// One user change through the core, then the list again.
void change_user(View& v, const std::shared_ptr<SettingsState>& st,
                 std::function<Result<User>(Services&)> change, std::string done_key,
                 std::string name) {
    st->busy = true;
    st->done.clear();
    st->user_error.reset();
    v.submit([st, change = std::move(change), done_key, name](Services& s) -> Done {
        auto r = change(s);
        const std::string done = r ? s.tr.tr(done_key, {{"name", name}}) : std::string();
        return [st, r, done] {
            st->busy = false;
            if (!r)
                st->user_error = r.error();
            else {
                st->done = done;
                st->done_setting = false; // accounts are read at every login: in effect at once
                st->new_name.clear();
                st->new_display.clear();
                st->new_password.clear();
                st->reset_name.clear();
                st->reset_password.clear();
                st->loaded = false;
            }
        };
    });
}

void setting_row(View& v, const std::shared_ptr<SettingsState>& st, SettingsState::Row& row) {
    auto& ui = v.ui;
    const SettingInfo* info = find_setting(row.key);
    if (!info) return;
    ImGui::PushID(row.key.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ui::desk::text(ui, v.t(setting_label_key(row.key)), ui::color::kText, ui.fonts.bold, true);
    ui::desk::text(ui, v.t(setting_rule_key(row.key)), ui::color::kMuted, ui.fonts.small, true);
    ImGui::TableNextColumn();
    ui::desk::InputOptions o;
    o.width = -1;
    if (info->multiline) o.height = 70;
    const std::string name = v.t(setting_label_key(row.key));
    o.hint = name; // names the box for scripts and screen readers
    ui::desk::input(ui, "", row.value, o);
    if (row.error)
        ui::desk::text(ui, v.say(*row.error), ui::color::kError, nullptr, true);
    else if (row.stored)
        ui::desk::text(ui,
                       v.t("admin.settings.stored_by",
                           {{"by", row.updated_by}, {"at", when(v, row.updated_at)}}),
                       ui::color::kMuted, ui.fonts.small);
    ImGui::TableNextColumn();
    // Save and undo appear once the value was edited; "back to the config
    // file" while a stored value is in effect.
    if (row.value != row.original) {
        if (ui::desk::button(ui, v.t("admin.common.save") + "##" + row.key, ui::Look::Primary,
                             !st->busy))
            save_setting(v, st, row.key, row.value, false);
        ImGui::SameLine();
        if (ui::desk::button(ui, v.t("admin.common.cancel") + "##" + row.key, ui::Look::Quiet,
                             !st->busy)) {
            row.value = row.original;
            row.error.reset();
        }
    } else if (row.stored) {
        if (ui::desk::button(ui, v.t("admin.settings.reset") + "##" + row.key, ui::Look::Quiet,
                             !st->busy))
            save_setting(v, st, row.key, {}, true);
    }
    ImGui::PopID();
}

void settings_group(View& v, const std::shared_ptr<SettingsState>& st,
                    std::initializer_list<std::string_view> groups) {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##settings", 3, flags)) return;
    ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch, 4);
    ImGui::TableSetupColumn("c", ImGuiTableColumnFlags_WidthFixed, 170);
    for (auto& row : st->rows) {
        const SettingInfo* info = find_setting(row.key);
        if (!info || std::find(groups.begin(), groups.end(), info->group) == groups.end()) continue;
        if (row.key == "sop.profile") continue; // its own tab
        setting_row(v, st, row);
    }
    ImGui::EndTable();
}

void users_tab(View& v, const std::shared_ptr<SettingsState>& st) {
    auto& ui = v.ui;
    const User* me = v.user();
    if (st->user_error) error_banner(v, *st->user_error);
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
        for (const auto& u : st->users) {
            ImGui::PushID(u.name.c_str());
            const bool self = me && me->name == u.name;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ui::desk::text(ui, u.name);
            ImGui::TableNextColumn();
            ui::desk::text(ui, u.display_name);
            ImGui::TableNextColumn();
            int role = role_index(u.role);
            if (self)
                ui::desk::text(ui, role_title(u.role));
            else if (ui::desk::combo(ui, "##role_" + u.name, role, roles, -1) && !st->busy) {
                const Role to = kRoles[role];
                const std::string name = u.name;
                change_user(
                    v, st,
                    [name, to](Services& s) {
                        return admin_change_role(s.store, s.user, name, to);
                    },
                    "admin.settings.role_changed", name);
            }
            ImGui::TableNextColumn();
            const bool locked = u.locked_until > now_ms(); // wall time, not the UI's clock
            ui::desk::text(ui,
                           !u.active ? v.t("label.disabled")
                           : locked  ? v.t("label.locked")
                                     : v.t("label.active"),
                           u.active && !locked ? ui::color::kSuccess : ui::color::kError);
            ImGui::TableNextColumn();
            if (!self) {
                const std::string name = u.name;
                const bool active = u.active;
                if (ui::desk::button(
                        ui,
                        v.t(active ? "admin.settings.disable" : "admin.settings.enable") + "##" +
                            name,
                        active ? ui::Look::Danger : ui::Look::Secondary, !st->busy))
                    change_user(
                        v, st,
                        [name, active](Services& s) {
                            return admin_set_active(s.store, s.user, name, !active);
                        },
                        active ? "admin.settings.disabled_done" : "admin.settings.enabled_done",
                        name);
                ImGui::SameLine();
            }
            if (ui::desk::button(ui, v.t("admin.settings.new_password") + "##" + u.name,
                                 ui::Look::Secondary, !st->busy)) {
                st->reset_name = u.name;
                st->reset_password.clear();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!st->reset_name.empty()) {
        ImGui::Dummy(ImVec2(0, 6));
        ui::desk::text(ui, v.t("admin.settings.password_for", {{"name", st->reset_name}}),
                       ui::color::kText, ui.fonts.bold);
        ui::desk::input(ui, "##reset_pw", st->reset_password,
                        ui::desk::InputOptions().secret().wide(320).hinted(
                            v.t("admin.settings.password_hint")));
        ImGui::SameLine();
        if (ui::desk::button(ui, v.t("admin.settings.set_password"), ui::Look::Primary,
                             !st->busy && !st->reset_password.empty())) {
            const std::string name = st->reset_name, pw = st->reset_password;
            change_user(
                v, st,
                [name, pw](Services& s) { return admin_reset_password(s.store, s.user, name, pw); },
                "admin.settings.password_done", name);
        }
        ImGui::SameLine();
        if (ui::desk::button(ui, v.t("admin.common.cancel") + "##pw", ui::Look::Quiet))
            st->reset_name.clear();
    }

    ImGui::Dummy(ImVec2(0, 10));
    ui::desk::text(ui, v.t("admin.settings.add_user"), ui::color::kText, ui.fonts.heading);
    if (ImGui::BeginTable("##add_user", 4, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::desk::input(
            ui, v.t("admin.settings.user_name"), st->new_name,
            ui::desk::InputOptions().wide(-1).hinted(v.t("admin.settings.user_name_hint")));
        ImGui::TableNextColumn();
        ui::desk::input(ui, v.t("admin.settings.display_name"), st->new_display,
                        ui::desk::InputOptions().wide(-1));
        ImGui::TableNextColumn();
        ui::desk::text(ui, v.t("admin.settings.role"), ui::color::kText, ui.fonts.bold);
        ui::desk::combo(ui, "##new_role", st->new_role, roles, -1);
        ImGui::TableNextColumn();
        ui::desk::input(
            ui, v.t("admin.settings.password"), st->new_password,
            ui::desk::InputOptions().secret().wide(-1).hinted(v.t("admin.settings.password_hint")));
        ImGui::EndTable();
    }
    if (ui::desk::button(ui, v.t("admin.settings.add"), ui::Look::Primary,
                         !st->busy && !st->new_name.empty() && !st->new_password.empty())) {
        const std::string name = st->new_name, display = st->new_display, pw = st->new_password;
        const Role role = kRoles[st->new_role];
        change_user(
            v, st,
            [name, display, role, pw](Services& s) {
                return admin_add_user(s.store, s.user, name, display, role, pw);
            },
            "admin.settings.added", name);
    }
}

void sop_tab(View& v, const std::shared_ptr<SettingsState>& st) {
    auto& ui = v.ui;
    SettingsState::Row* row = nullptr;
    for (auto& r : st->rows)
        if (r.key == "sop.profile") row = &r;
    if (!row) return;
    ui::desk::text(ui, v.t("admin.settings.sop_lead"), ui::color::kMuted, nullptr, true);
    ImGui::Dummy(ImVec2(0, 4));
    ui::desk::field_line(ui, v.t("admin.settings.sop_current"),
                         v.office.profile.number + " (" + v.office.profile.name + ")", 220);
    if (ui::desk::combo(ui, v.t(setting_label_key("sop.profile")), st->profile_choice, st->profiles,
                        360) &&
        st->profile_choice >= 0) {
        row->value = st->profiles[static_cast<std::size_t>(st->profile_choice)];
        count_open_elsewhere(v, st, row->value);
    }
    if (row->value != row->original && st->open_elsewhere > 0)
        notice_banner(
            v, v.t("admin.settings.sop_blocked", {{"n", std::to_string(st->open_elsewhere)}}));
    if (row->error) error_banner(v, *row->error);
    if (ui::desk::button(ui, v.t("admin.common.save") + "##sop", ui::Look::Primary,
                         !st->busy && row->value != row->original))
        save_setting(v, st, row->key, row->value, false);
}

} // namespace

void draw_settings(View& v) {
    auto& ui = v.ui;
    if (!v.s.ext.settings) v.s.ext.settings = std::make_shared<SettingsState>();
    auto st = v.s.ext.settings;
    page_title(v, v.t("admin.nav.settings"), v.t("admin.settings.lead"));
    if (!v.can(Permission::ManageSettings) || !v.can(Permission::ManageUsers)) {
        notice_banner(v, v.t("admin.settings.admin_only"));
        return;
    }
    if (!st->loaded && !st->loading) load(v, st);
    const char* tabs[] = {"admin.settings.tab_users",  "admin.settings.tab_office",
                          "admin.settings.tab_letter", "admin.settings.tab_printers",
                          "admin.settings.tab_sop",    "admin.settings.tab_calendar"};
    for (int i = 0; i < 6; ++i) {
        if (i) ImGui::SameLine(0, 4);
        if (ui::desk::button(ui, v.t(tabs[i]),
                             st->tab == i ? ui::Look::Primary : ui::Look::Secondary))
            st->tab = i;
    }
    ImGui::Separator();
    if (st->error) error_banner(v, *st->error);
    if (!st->done.empty()) {
        ui::desk::banner(
            ui, st->done_setting ? st->done + " " + v.t("admin.settings.takes_effect") : st->done,
            ui::color::kSuccess, ui::color::kSuccessBack);
    }
    if (st->loading && st->rows.empty()) {
        ui::desk::text(ui, v.t("admin.common.loading"), ui::color::kMuted);
        return;
    }
    ImGui::BeginChild("##settings_body", ImGui::GetContentRegionAvail(), false);
    switch (st->tab) {
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
        break;
    }
    ImGui::EndChild();
}

} // namespace keluhan::panel

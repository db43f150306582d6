// keluhan settings list|get|set|reset; user disable|enable|password|role|rename;
// capa (corrective and preventive action on a complaint's current step).
#include "commands.hpp"

#include "keluhan/domain/holidays.hpp"
#include "keluhan/domain/json.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/settings.hpp"
#include "keluhan/ops/users.hpp"

#include <iomanip>
#include <iostream>
#include <memory>

namespace keluhan::cli {
namespace {

using nlohmann::json;

// The office with the stored settings laid over the config file.
std::optional<int> load_settings(Context& ctx, Store& store, Office& office) {
    office = ctx.office();
    if (auto st = apply_settings(office, store); !st) return ctx.fail(st.error());
    return std::nullopt;
}

// --- settings -----------------------------------------------------------------

int run_settings_list(Context& ctx) {
    int code = kOk;
    auto store = ctx.open_read(code, false);
    if (!store) return code;
    Office office = ctx.office();
    if (auto failed = load_settings(ctx, *store, office)) return *failed;
    auto rows = settings_in_effect(*store, office);
    if (!rows) return ctx.fail(rows.error());
    const auto& cal = office.config.calendar;
    if (ctx.globals().json) {
        json out = json::array();
        for (const auto& r : *rows)
            out.push_back({{"key", r.info->key},
                           {"value", r.value},
                           {"stored", r.stored},
                           {"updated_at", r.stored ? format_iso_utc(r.updated_at) : ""},
                           {"updated_by", r.updated_by}});
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    for (const auto& r : *rows) {
        std::string v = r.value;
        for (auto& ch : v)
            if (ch == '\n') ch = ';';
        std::cout << std::left << std::setw(26) << r.info->key << (v.empty() ? "\"\"" : v);
        if (r.stored)
            std::cout << "  ["
                      << ctx.tr("cli.settings.stored",
                                {{"by", r.updated_by}, {"at", cal.format(r.updated_at)}})
                      << "]";
        std::cout << "\n";
    }
    return kOk;
}

int run_settings_get(Context& ctx, const std::string& key) {
    if (!find_setting(key))
        return ctx.fail(Error{ErrorKind::Invalid, "err.setting.unknown", {{"key", key}}});
    int code = kOk;
    auto store = ctx.open_read(code, false);
    if (!store) return code;
    Office office = ctx.office();
    if (auto failed = load_settings(ctx, *store, office)) return *failed;
    const auto value = setting_value(office.config, key);
    if (ctx.globals().json)
        std::cout << json{{"key", key}, {"value", value}} << "\n";
    else
        std::cout << value << "\n";
    return kOk;
}

struct SetOptions {
    std::string key, value, user;
    bool reset = false;
};

int run_settings_set(Context& ctx, const SetOptions& o) {
    if (!find_setting(o.key))
        return ctx.fail(Error{ErrorKind::Invalid, "err.setting.unknown", {{"key", o.key}}});
    int code = kOk;
    auto store = ctx.open_write(false, code, false);
    if (!store) return code;
    // A stored value that no longer passes must not keep anyone from fixing
    // it: then the config file's values are the starting point.
    Office office = ctx.office();
    if (auto st = apply_settings(office, *store); !st) {
        std::cerr << "keluhan: " << ctx.say(st.error()) << "\n";
        office = ctx.office();
    }
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    // "\n" typed on a command line stands for a new line in list settings.
    std::string value = o.value;
    for (std::size_t p; (p = value.find("\\n")) != std::string::npos;)
        value.replace(p, 2, "\n");
    auto st = o.reset ? reset_setting(*store, office, *user, o.key)
                      : change_setting(*store, office, *user, o.key, value);
    if (!st) return ctx.fail(st.error());
    const auto now = setting_value(office.config, o.key);
    if (ctx.globals().json)
        std::cout << json{{"key", o.key}, {"value", now}} << "\n";
    else
        std::cout << ctx.tr(o.reset ? "cli.settings.reset" : "cli.settings.set",
                            {{"key", o.key}, {"value", now}})
                  << "\n";
    return kOk;
}

// --- the national holidays shipped as data -------------------------------------

// The year's list as shipped, or err.holidays.none naming the years there are.
Result<NationalHolidays> shipped_year(const Office& office, int year) {
    auto all = load_all_national_holidays(office.config.assets_dir);
    if (!all) return all.error();
    std::string years;
    for (auto& l : *all) {
        if (l.year == year) return std::move(l);
        years += (years.empty() ? "" : ", ") + std::to_string(l.year);
    }
    return Error{ErrorKind::NotFound,
                 "err.holidays.none",
                 {{"year", std::to_string(year)}, {"years", years.empty() ? "-" : years}}};
}

struct HolidayOptions {
    int year = 0;
    std::string user;
};

// Every year shipped (or one), each day marked whether the office's
// calendar has it.
int run_holidays_list(Context& ctx, const HolidayOptions& o) {
    int code = kOk;
    auto store = ctx.open_read(code, false);
    if (!store) return code;
    Office office = ctx.office();
    if (auto failed = load_settings(ctx, *store, office)) return *failed;
    auto all = load_all_national_holidays(office.config.assets_dir);
    if (!all) return ctx.fail(all.error());
    if (o.year != 0) {
        auto one = shipped_year(office, o.year);
        if (!one) return ctx.fail(one.error());
        *all = {*one};
    }
    const auto& cal = office.config.calendar;
    json out = json::array();
    for (const auto& l : *all) {
        const auto missing = missing_days(l, cal).size();
        if (!ctx.globals().json)
            std::cout << ctx.tr("cli.holidays.year", {{"year", std::to_string(l.year)},
                                                      {"source", l.source},
                                                      {"missing", std::to_string(missing)},
                                                      {"days", std::to_string(l.days.size())}})
                      << "\n";
        json days = json::array();
        for (const auto& d : l.days) {
            const bool in = cal.holidays().contains(d.date);
            days.push_back({{"date", format_date(d.date)},
                            {"name", d.name},
                            {"cuti_bersama", d.joint_leave},
                            {"in_calendar", in}});
            if (!ctx.globals().json)
                std::cout << "  " << (in ? "[x] " : "[ ] ") << format_date(d.date) << "  "
                          << (d.joint_leave ? ctx.tr("cli.holidays.joint") + ": " : "") << d.name
                          << "\n";
        }
        out.push_back({{"year", l.year}, {"source", l.source}, {"days", days}});
    }
    if (ctx.globals().json) std::cout << out.dump(2) << "\n";
    return kOk;
}

// Adds the year's days to calendar.holidays (administrator; audited as a
// change of that setting). Days already there stay; nothing else changes.
int run_holidays_adopt(Context& ctx, const HolidayOptions& o) {
    int code = kOk;
    auto store = ctx.open_write(false, code, false);
    if (!store) return code;
    Office office = ctx.office();
    if (auto failed = load_settings(ctx, *store, office)) return *failed;
    auto list = shipped_year(office, o.year);
    if (!list) return ctx.fail(list.error());
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    if (auto st = require(*user, Permission::ManageSettings); !st) return ctx.fail(st.error());
    const auto missing = missing_days(*list, office.config.calendar);
    if (!missing.empty())
        if (auto st = change_setting(*store, office, *user, "calendar.holidays",
                                     holidays_with(office.config.calendar, *list));
            !st)
            return ctx.fail(st.error());
    if (ctx.globals().json)
        std::cout << json{{"year", o.year}, {"added", missing.size()}} << "\n";
    else
        std::cout << ctx.tr("cli.holidays.adopted", {{"year", std::to_string(o.year)},
                                                     {"added", std::to_string(missing.size())},
                                                     {"source", list->source}})
                  << "\n";
    return kOk;
}

// --- user administration ----------------------------------------------------------------

struct UserAdminOptions {
    std::string name, user, role, display_name, function;
};

enum class UserAction { Disable, Enable, Password, Role, Rename, Function };

int run_user_admin(Context& ctx, const UserAdminOptions& o, UserAction action) {
    std::optional<Role> role;
    if (action == UserAction::Role) {
        role = role_from_string(o.role);
        if (!role || *role == Role::Pelanggan)
            return ctx.fail(Error{ErrorKind::Invalid, "err.role.unknown", {{"value", o.role}}});
    }
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto admin = ctx.sign_in(*store, o.user, code);
    if (!admin) return code;
    Result<User> r = Error{ErrorKind::Internal, "err.user.unknown", {{"name", o.name}}};
    switch (action) {
    case UserAction::Disable:
        r = admin_set_active(*store, *admin, o.name, false);
        break;
    case UserAction::Enable:
        r = admin_set_active(*store, *admin, o.name, true);
        break;
    case UserAction::Role:
        r = admin_change_role(*store, *admin, o.name, *role);
        break;
    case UserAction::Rename:
        r = admin_rename(*store, *admin, o.name, o.display_name);
        break;
    case UserAction::Function:
        r = admin_set_function(*store, *admin, ctx.office().config.office.functions, o.name,
                               o.function);
        break;
    case UserAction::Password: {
        const auto pw = read_password(ctx.tr("cli.new_password_prompt", {{"name", o.name}}));
        if (!pw) return ctx.fail(Error{ErrorKind::Invalid, "err.auth.no_password"});
        r = admin_reset_password(*store, *admin, o.name, *pw);
        break;
    }
    }
    if (!r) return ctx.fail(r.error());
    if (ctx.globals().json)
        std::cout << to_json(*r) << "\n";
    else
        std::cout << ctx.tr("cli.user.changed",
                            {{"name", r->name},
                             {"role", std::string(role_title(r->role))},
                             {"state", r->active ? "label.active" : "label.disabled"}})
                  << "\n";
    return kOk;
}

// --- capa ---------------------------------------------------------------------------

struct CapaOptions {
    std::string code, user, on_behalf_of;
    std::map<CapaField, std::string> values;
};

int run_capa(Context& ctx, const CapaOptions& o) {
    auto tc = TrackingCode::parse(o.code);
    if (!tc) return ctx.fail(tc.error());
    std::optional<Role> behalf;
    if (!o.on_behalf_of.empty()) {
        behalf = role_from_string(o.on_behalf_of);
        if (!behalf)
            return ctx.fail(
                Error{ErrorKind::Invalid, "err.role.unknown", {{"value", o.on_behalf_of}}});
    }
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    const Office& office = ctx.office(); // with the stored settings
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    // Fields not given keep what is stored.
    auto c = store->find_by_code(*tc);
    if (!c) return ctx.fail(c.error());
    auto stored = store->capa(c->seq);
    if (!stored) return ctx.fail(stored.error());
    Capa values = stored->value_or(Capa{});
    for (const auto& [f, v] : o.values)
        values.get(f) = v;
    auto saved = save_capa(*store, office, *user, *tc, values, behalf);
    if (!saved) return ctx.fail(saved.error());
    const SopStep* step = office.profile.step(c->current_step);
    const auto missing = step ? missing_capa(*step, *saved) : std::vector<CapaField>{};
    if (ctx.globals().json) {
        json j = to_json(*saved);
        j["missing"] = json::array();
        for (const auto f : missing)
            j["missing"].push_back(to_string(f));
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    std::cout << ctx.tr("cli.capa.saved", {{"code", tc->grouped()}}) << "\n";
    for (const auto f : missing)
        std::cout << "  " << ctx.tr("cli.capa.missing", {{"field", capa_field_key(f)}}) << "\n";
    return kOk;
}

} // namespace

void print_capa(const Context& ctx, const Capa& capa) {
    std::cout << ctx.tr("label.capa.title") << ":\n";
    for (const auto f : kAllCapaFields) {
        if (capa.get(f).empty()) continue;
        std::cout << "  " << ctx.tr(capa_field_key(f)) << ": " << capa.get(f) << "\n";
    }
}

void add_settings_commands(CLI::App& app, Runner& run) {
    auto* settings = app.add_subcommand(
        "settings", "Office settings kept in the database, over the config file");
    settings->require_subcommand(1);
    settings
        ->add_subcommand("list", "Every setting in effect; [..] marks one stored in the database")
        ->callback([&run] { run = run_settings_list; });
    auto get_key = std::make_shared<std::string>();
    auto* get = settings->add_subcommand("get", "One setting's value in effect");
    get->add_option("key", *get_key,
                    "e.g. office.name, printer.letter_name, sop.profile, calendar.holidays")
        ->required();
    get->callback(
        [&run, get_key] { run = [get_key](Context& c) { return run_settings_get(c, *get_key); }; });
    auto so = std::make_shared<SetOptions>();
    auto* set = settings->add_subcommand(
        "set", "Store a setting (administrator; password from KELUHAN_PASSWORD or a prompt). "
               "Lists take one item a line (\\n)");
    set->add_option("key", so->key, "Setting key (see settings list)")->required();
    set->add_option("value", so->value, "New value; \"\" for empty")->required();
    set->add_option("--user", so->user, "Administrator's user name")->required();
    set->callback([&run, so] { run = [so](Context& c) { return run_settings_set(c, *so); }; });
    auto ro = std::make_shared<SetOptions>();
    auto* reset = settings->add_subcommand(
        "reset", "Remove a stored setting: the config file's value applies again");
    reset->add_option("key", ro->key, "Setting key")->required();
    reset->add_option("--user", ro->user, "Administrator's user name")->required();
    reset->callback([&run, ro] {
        ro->reset = true;
        run = [ro](Context& c) { return run_settings_set(c, *ro); };
    });

    auto* holidays = app.add_subcommand(
        "holidays", "The national holidays and cuti bersama shipped as data (assets/holidays)");
    holidays->require_subcommand(1);
    auto hl = std::make_shared<HolidayOptions>();
    auto* hlist = holidays->add_subcommand(
        "list", "Each year's days, marked [x] where the office's calendar has them");
    hlist->add_option("year", hl->year, "Only this year");
    hlist->callback([&run, hl] { run = [hl](Context& c) { return run_holidays_list(c, *hl); }; });
    auto ha = std::make_shared<HolidayOptions>();
    auto* adopt = holidays->add_subcommand(
        "adopt", "Add a year's days to the office's holidays (calendar.holidays), once checked "
                 "against the decree");
    adopt->add_option("year", ha->year, "The year, e.g. 2026")->required();
    adopt->add_option("--user", ha->user, "Administrator's user name")->required();
    adopt->callback([&run, ha] { run = [ha](Context& c) { return run_holidays_adopt(c, *ha); }; });

    // More `user` subcommands (the group is made by cmd_admin.cpp).
    if (auto* user = app.get_subcommand("user")) {
        struct Verb {
            const char* name;
            const char* help;
            UserAction action;
        };
        for (const Verb& v :
             {Verb{"disable", "Disable an account (not your own, not the last administrator)",
                   UserAction::Disable},
              Verb{"enable", "Enable a disabled account", UserAction::Enable},
              Verb{"password",
                   "Set a new password (the administrator's password first, then the new one, "
                   "each from KELUHAN_PASSWORD / a prompt / a line of stdin)",
                   UserAction::Password},
              Verb{"role", "Give an account another role", UserAction::Role},
              Verb{"rename", "Change an account's display name", UserAction::Rename},
              Verb{"function",
                   "The related function a koordinator_terkait coordinates (one of "
                   "office.functions; \"\" for any)",
                   UserAction::Function}}) {
            auto uo = std::make_shared<UserAdminOptions>();
            auto* cmd = user->add_subcommand(v.name, v.help);
            cmd->add_option("name", uo->name, "Whose account")->required();
            if (v.action == UserAction::Role)
                cmd->add_option("role", uo->role,
                                "staf_pji, koordinator_pji, kepala_balai, koordinator_terkait or "
                                "administrator")
                    ->required();
            if (v.action == UserAction::Rename)
                cmd->add_option("display_name", uo->display_name, "Full name and title")
                    ->required();
            if (v.action == UserAction::Function)
                cmd->add_option("function", uo->function, "e.g. Pengujian; \"\" for any")
                    ->required();
            cmd->add_option("--user", uo->user, "Administrator's user name")->required();
            const UserAction action = v.action;
            cmd->callback([&run, uo, action] {
                run = [uo, action](Context& c) { return run_user_admin(c, *uo, action); };
            });
        }
    }

    auto co = std::make_shared<CapaOptions>();
    auto* capa = app.add_subcommand("capa", "Record corrective and preventive action on a "
                                            "complaint's current step (where the SOP asks for it)");
    capa->add_option("code", co->code, "Tracking code")->required();
    capa->add_option("--user", co->user, "User name (the one who acts on the step)")->required();
    capa->add_option("--on-behalf-of", co->on_behalf_of,
                     "Staff recording an official's paper record: that official's role");
    for (const auto f : kAllCapaFields) {
        std::string flag = "--" + std::string(to_string(f));
        for (auto& ch : flag)
            if (ch == '_') ch = '-';
        capa->add_option_function<std::string>(
            flag, [co, f](const std::string& v) { co->values[f] = v; },
            std::string("CAPA field ") + std::string(to_string(f)) +
                (f == CapaField::DueDate || f == CapaField::CheckedOn ? " (YYYY-MM-DD)"
                 : f == CapaField::Effective                          ? " (ya or tidak)"
                                                                      : ""));
    }
    capa->callback([&run, co] { run = [co](Context& c) { return run_capa(c, *co); }; });
}

} // namespace keluhan::cli

// keluhan sop | user | export | backup | restore | check | demo
#include "commands.hpp"

#include "keluhan/domain/json.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/ops/backups.hpp"
#include "keluhan/ops/report.hpp"
#include "keluhan/storage/files.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

#include <unistd.h>

namespace keluhan::cli {
namespace {

using nlohmann::json;

// --- sop ------------------------------------------------------------------------

int run_sop_list(Context& ctx) {
    const auto entries = list_sop_profiles(ctx.office().config.assets_dir / "sop");
    json out = json::array();
    for (const auto& e : entries) {
        auto p = load_sop_profile(e.path);
        const bool active = e.name == ctx.office().profile.name;
        if (ctx.globals().json) {
            json j{{"name", e.name}, {"active", active}, {"valid", p.ok()}};
            if (p)
                j["title"] = p->title, j["number"] = p->number, j["steps"] = p->steps.size();
            else
                j["error"] = ctx.say(p.error());
            out.push_back(j);
            continue;
        }
        std::cout << (active ? "* " : "  ") << e.name << "  ";
        if (p)
            std::cout << p->number << " (" << p->steps.size() << " " << ctx.tr("label.steps")
                      << ")\n";
        else
            std::cout << ctx.say(p.error()) << "\n";
    }
    if (ctx.globals().json) std::cout << out.dump(2) << "\n";
    return kOk;
}

int run_sop_show(Context& ctx, const std::string& name) {
    if (name.find('/') != std::string::npos || name.empty())
        return ctx.fail(Error{ErrorKind::NotFound, "err.sop.not_found", {{"file", name}}});
    auto p = load_sop_profile(ctx.office().config.assets_dir / "sop" / (name + ".toml"));
    if (!p) return ctx.fail(p.error());
    if (ctx.globals().json) {
        std::cout << to_json(*p).dump(2) << "\n";
        return kOk;
    }
    std::cout << p->title << " - " << p->number << "\n" << p->office << "\n\n";
    for (const auto& s : p->steps) {
        std::cout << std::setw(2) << s.number << ". [" << s.id << "] " << role_title(s.actor);
        if (s.recorded_by)
            std::cout << " (" << ctx.tr("label.recorded_by") << " " << role_title(*s.recorded_by)
                      << ")";
        std::cout << "\n    " << s.action << "\n    " << ctx.tr("label.kelengkapan") << ": "
                  << s.kelengkapan << "\n    " << ctx.tr("label.standard_time") << ": "
                  << s.standard_time.to_string() << "\n    " << ctx.tr("label.output") << ": "
                  << s.output << "\n    -> " << s.next;
        if (!s.return_to.empty())
            std::cout << "  (" << ctx.tr("label.return_to") << " " << s.return_to << ")";
        std::cout << "\n";
    }
    return kOk;
}

// --- user -----------------------------------------------------------------------

struct UserAddOptions {
    std::string name, role, display_name;
};

int run_user_add(Context& ctx, const UserAddOptions& o) {
    const auto role = role_from_string(o.role);
    if (!role || *role == Role::Pelanggan)
        return ctx.fail(Error{ErrorKind::Invalid, "err.role.unknown", {{"value", o.role}}});
    if (auto st = check_user_name(o.name); !st) return ctx.fail(st.error());
    const auto pw = read_password(ctx.tr("cli.new_password_prompt", {{"name", o.name}}));
    if (!pw) return ctx.fail(Error{ErrorKind::Invalid, "err.auth.no_password"});
    if (auto st = check_password(*pw); !st) return ctx.fail(st.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto u = create_user(*store, o.name, o.display_name, *role, *pw, std::string("cli"));
    if (!u) return ctx.fail(u.error());
    if (ctx.globals().json)
        std::cout << to_json(*u) << "\n";
    else
        std::cout << ctx.tr("cli.user.added",
                            {{"name", u->name}, {"role", std::string(role_title(u->role))}})
                  << "\n";
    return kOk;
}

int run_user_list(Context& ctx) {
    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    auto users = store->users();
    if (!users) return ctx.fail(users.error());
    if (ctx.globals().json) {
        json out = json::array();
        for (const auto& u : *users)
            out.push_back(to_json(u));
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    for (const auto& u : *users)
        std::cout << std::left << std::setw(20) << u.name << std::setw(28) << role_title(u.role)
                  << u.display_name << (u.active ? "" : "  [" + ctx.tr("label.disabled") + "]")
                  << (u.locked_until > now_ms() ? "  [" + ctx.tr("label.locked") + "]" : "")
                  << "\n";
    return kOk;
}

// --- export -----------------------------------------------------------------------

int run_export_csv(Context& ctx, const std::string& out_path, const std::string& user_name) {
    int code = kOk;
    auto store = ctx.open_write(false, code); // the export is written to the audit trail
    if (!store) return code;
    auto user = ctx.sign_in(*store, user_name, code);
    if (!user) return code;
    // A file is written whole or not at all (.partial, then renamed).
    std::optional<PartialFile> partial;
    std::ofstream file;
    if (!out_path.empty()) {
        partial.emplace(out_path);
        file.open(partial->path(), std::ios::binary | std::ios::trunc);
        if (!file)
            return ctx.fail(Error{ErrorKind::Storage, "err.file.write", {{"file", out_path}}});
    }
    std::ostream& os = out_path.empty() ? std::cout : file;
    auto n = export_register_csv(*store, ctx.office(), ctx.office().catalog, *user, os,
                                 out_path.empty() ? "-" : out_path);
    if (!n) return ctx.fail(n.error());
    if (partial) {
        file.close();
        if (auto st = partial->publish(); !st) return ctx.fail(st.error());
        std::cout << ctx.tr("cli.export.written", {{"n", std::to_string(*n)}, {"file", out_path}})
                  << "\n";
    }
    return kOk;
}

// --- backup, check ------------------------------------------------------------------

struct BackupOptions {
    std::string dest, dir;
    BackupPolicy policy;
};

int run_backup(Context& ctx, const BackupOptions& o) {
    if (o.dest.empty() == o.dir.empty())
        return ctx.fail(Error{ErrorKind::Invalid, "err.backup.where"});
    int code = kOk;
    auto store = ctx.open_read(code, /*settings=*/false);
    if (!store) return code;
    if (!o.dest.empty()) {
        if (auto st = store->backup(o.dest); !st) return ctx.fail(st.error());
        std::cout << ctx.tr("cli.backup.done", {{"path", o.dest}}) << "\n";
        return kOk;
    }
    const auto today = ctx.office().config.calendar.local_date(now_ms());
    auto r = take_nightly_backup(
        *store, o.dir, std::filesystem::path(ctx.globals().db).stem().string(), today, o.policy);
    if (!r) return ctx.fail(r.error());
    if (ctx.globals().json) {
        json j{{"written", r->written.string()}, {"schema_version", r->schema_version}};
        j["kept"] = json::array();
        j["removed"] = json::array();
        for (const auto& p : r->kept)
            j["kept"].push_back(p.string());
        for (const auto& p : r->removed)
            j["removed"].push_back(p.string());
        std::cout << j << "\n";
        return kOk;
    }
    std::cout << ctx.tr("cli.backup.checked", {{"path", r->written.string()},
                                               {"kept", std::to_string(r->kept.size())},
                                               {"removed", std::to_string(r->removed.size())}})
              << "\n";
    for (const auto& p : r->removed)
        std::cout << ctx.tr("cli.backup.removed", {{"path", p.string()}}) << "\n";
    return kOk;
}

struct RestoreOptions {
    std::string file;
    bool yes = false;
};

int run_restore(Context& ctx, const RestoreOptions& o) {
    std::error_code ec;
    auto info = Database::inspect(o.file);
    if (!info) return ctx.fail(info.error());
    if (!o.yes) {
        // Replacing the office's data is asked once, on a terminal only.
        if (!isatty(STDIN_FILENO))
            return ctx.fail(Error{ErrorKind::Invalid, "err.backup.confirm", {{"file", o.file}}});
        std::cout << ctx.tr("cli.restore.ask", {{"db", ctx.globals().db}, {"file", o.file}}) << " "
                  << std::flush;
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "ya" && answer != "yes") {
            std::cout << ctx.tr("cli.restore.cancelled") << "\n";
            return kRefused;
        }
    }
    int code = kOk;
    {
        auto store = ctx.open_write(/*create=*/true, code, /*settings=*/false);
        if (!store) return code;
        const auto dir = std::filesystem::absolute(ctx.globals().db, ec).parent_path() / "backups";
        auto r = restore_backup(*store, o.file, dir, now_ms());
        if (!r) return ctx.fail(r.error());
        std::cout << ctx.tr("cli.restore.done", {{"db", ctx.globals().db},
                                                 {"file", o.file},
                                                 {"safety", r->safety_copy.string()}})
                  << "\n";
    }
    // Reopened: an older copy is upgraded now, with its own copy first.
    auto store = ctx.open_write(/*create=*/false, code, /*settings=*/false);
    if (!store) return code;
    std::cout << ctx.tr("cli.init.done", {{"path", ctx.globals().db},
                                          {"version", std::to_string(store->schema_version())}})
              << "\n";
    return kOk;
}

int run_check(Context& ctx) {
    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    auto problems = store->check();
    if (!problems) return ctx.fail(problems.error());
    if (ctx.globals().json) {
        std::cout << json{{"ok", problems->empty()}, {"problems", *problems}} << "\n";
    } else if (problems->empty()) {
        std::cout << ctx.tr("cli.check.ok") << "\n";
    } else {
        for (const auto& p : *problems)
            std::cerr << p << "\n";
    }
    if (!problems->empty()) return ctx.fail(Error{ErrorKind::Storage, "err.store.corrupt"});
    return kOk;
}

// --- demo ---------------------------------------------------------------------------

// Walks one complaint through the whole SOP with demo users, to show what the
// core does without any UI.
int run_demo(Context& ctx) {
    const auto& office = ctx.office();
    int code = kOk;
    auto store = ctx.open_write(true, code);
    if (!store) return code;
    const std::string password = "demo-keluhan";
    const std::pair<const char*, Role> people[] = {{"staf", Role::StafPji},
                                                   {"koordinator", Role::KoordinatorPji},
                                                   {"kepala", Role::KepalaBalai},
                                                   {"terkait", Role::KoordinatorTerkait}};
    for (const auto& [name, role] : people)
        if (!store->find_user(name))
            (void)create_user(*store, name, std::string(role_title(role)), role, password);
    std::cout << ctx.tr("cli.demo.intro",
                        {{"db", ctx.globals().db}, {"sop", office.profile.number}})
              << "\n\n";

    Submission s;
    s.channel = Channel::Tertulis;
    s.complainant = {false, "Siti Rahmawati", "CV Kopi Sumsel Jaya", "0812 7788 9900",
                     "siti@kopisumsel.co.id"};
    s.service = office.config.services.front();
    s.reference = "LHU-0912/BSPJI-PLG/2026";
    s.description = "Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu dari jadwal.";
    s.expectation = "Laporan dikirim minggu ini dan ada penjelasan keterlambatan.";
    s.consent = true;
    s.origin = "demo";
    auto sub = submit_complaint(*store, office, s);
    if (!sub) return ctx.fail(sub.error());
    const auto tc = sub->code;
    std::cout << ctx.tr("cli.demo.submitted", {{"code", tc.grouped()}}) << "\n";

    bool returned_once = false;
    for (int guard = 0; guard < 64; ++guard) {
        auto c = store->find_by_code(tc);
        if (!c) return ctx.fail(c.error());
        if (c->status == ComplaintStatus::Closed) break;
        const SopStep* step = office.profile.step(c->current_step);
        const Role role = SopEngine::acting_role(*step);
        const char* who = "staf";
        for (const auto& [name, r] : people)
            if (r == role) who = name;
        auto user = login(*store, office.config.auth, office.config.calendar, who, password);
        if (!user) return ctx.fail(user.error());
        AdvanceRequest req{ctx.tr("cli.demo.note", {{"step", std::to_string(step->number)}}),
                           false,
                           std::nullopt,
                           {}};
        if (!step->return_to.empty() && !returned_once) {
            req = {ctx.tr("cli.demo.return_note"), true, std::nullopt, {}};
            returned_once = true;
        }
        auto after = advance_complaint(*store, office, *user, tc, req);
        if (!after) return ctx.fail(after.error());
        std::cout << "  " << std::setw(2) << step->number << ". " << role_title(role) << " (" << who
                  << "): " << (req.send_back ? ctx.tr("cli.demo.returned") : step->action) << "\n";
    }
    auto c = store->find_by_code(tc);
    auto events = store->events(c->seq);
    if (!c || !events) return ctx.fail(!c ? c.error() : events.error());
    std::cout << "\n";
    print_timeline(ctx, *c, timeline(office.profile, office.config.calendar, *events, now_ms()));
    std::cout << "\n"
              << ctx.tr("cli.demo.outro", {{"code", tc.grouped()}, {"db", ctx.globals().db}})
              << "\n";
    return kOk;
}

} // namespace

void add_admin_commands(CLI::App& app, Runner& run) {
    auto* sop = app.add_subcommand("sop", "SOP profiles (assets/sop/*.toml)");
    sop->require_subcommand(1);
    sop->add_subcommand("list", "Profiles shipped; * marks the one in use")->callback([&run] {
        run = run_sop_list;
    });
    auto sop_name = std::make_shared<std::string>();
    auto* sop_show = sop->add_subcommand("show", "A profile's steps as the engine sees them");
    sop_show->add_option("name", *sop_name, "Profile name, e.g. bspji-palembang")->required();
    sop_show->callback(
        [&run, sop_name] { run = [sop_name](Context& c) { return run_sop_show(c, *sop_name); }; });

    auto* user = app.add_subcommand("user", "Staff and officials who log in");
    user->require_subcommand(1);
    auto uo = std::make_shared<UserAddOptions>();
    auto* add = user->add_subcommand(
        "add", "Add a user; the password is read from standard input (or KELUHAN_PASSWORD)");
    add->add_option("name", uo->name, "Login name (3-32 of a-z 0-9 . - _)")->required();
    add->add_option("--role", uo->role,
                    "staf_pji, koordinator_pji, kepala_balai, koordinator_terkait or administrator")
        ->required();
    add->add_option("--display-name", uo->display_name, "Full name and title, shown in the panel");
    add->callback([&run, uo] { run = [uo](Context& c) { return run_user_add(c, *uo); }; });
    user->add_subcommand("list", "All users with their roles")->callback([&run] {
        run = run_user_list;
    });

    auto* exp = app.add_subcommand("export", "Export data");
    exp->require_subcommand(1);
    auto csv_out = std::make_shared<std::string>();
    auto csv_user = std::make_shared<std::string>();
    auto* csv = exp->add_subcommand(
        "csv", "The register (Formulir daftar keluhan pelanggan) as CSV, with every contact");
    csv->add_option("--out", *csv_out, "Write to this file instead of standard output");
    csv->add_option("--user", *csv_user,
                    "Your user name (password from KELUHAN_PASSWORD or a prompt); "
                    "front desk, Koordinator PJI or Kepala Balai")
        ->required();
    csv->callback([&run, csv_out, csv_user] {
        run = [csv_out, csv_user](Context& c) { return run_export_csv(c, *csv_out, *csv_user); };
    });

    auto bo = std::make_shared<BackupOptions>();
    auto* backup =
        app.add_subcommand("backup", "Consistent copy of the database, safe while it is in use");
    backup->add_option("path", bo->dest, "Where to write the copy (must not exist)");
    backup->add_option("--dir", bo->dir,
                       "The nightly backup: today's checked copy <name>-YYYY-MM-DD.db in this "
                       "folder, older ones kept by --keep-days and --keep-months");
    backup->add_option("--keep-days", bo->policy.keep_days, "Keep every copy of the last N days")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();
    backup
        ->add_option("--keep-months", bo->policy.keep_months,
                     "And the newest copy of each of the last N months")
        ->check(CLI::Range(0, 1200))
        ->capture_default_str();
    backup->callback([&run, bo] { run = [bo](Context& c) { return run_backup(c, *bo); }; });

    auto ro = std::make_shared<RestoreOptions>();
    auto* restore = app.add_subcommand(
        "restore", "Replace the database's content with a backup (the present content is kept "
                   "in backups/ first)");
    restore->add_option("file", ro->file, "The backup to restore")->required();
    restore->add_flag("--yes", ro->yes, "Do not ask (for scripts)");
    restore->callback([&run, ro] { run = [ro](Context& c) { return run_restore(c, *ro); }; });

    app.add_subcommand("check", "Integrity and foreign-key check of the database")
        ->callback([&run] { run = run_check; });
    app.add_subcommand("demo", "Walk one complaint through the whole SOP with demo users")
        ->callback([&run] { run = run_demo; });
}

} // namespace keluhan::cli

// keluhan: the command line over the Keluhan core.
#include "commands.hpp"
#include "context.hpp"

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    using namespace keluhan::cli;
    Globals g;
    if (const char* e = std::getenv("KELUHAN_DB"); e && *e)
        g.db = e;
    else
        g.db = "var/keluhan.db";
    if (const char* e = std::getenv("KELUHAN_CONFIG"); e && *e) g.config = e;
    if (const char* e = std::getenv("KELUHAN_LANG"); e && *e) g.lang = e;

    CLI::App app{"keluhan - customer complaints by the SOP \"Penanganan Keluhan Pelanggan\"\n"
                 "Exit codes: 0 success, 1 refused input, 2 usage error, 3 storage failure."};
    app.set_help_all_flag("--help-all", "Help for every command");
    app.add_option("--db", g.db, "Database file (env KELUHAN_DB)")->capture_default_str();
    app.add_option("--config", g.config,
                   "Config file, TOML (env KELUHAN_CONFIG); defaults when absent");
    app.add_option("--lang", g.lang, "Language of messages: id or en (env KELUHAN_LANG)");
    app.add_flag("--json", g.json, "Machine-readable output where the command supports it");
    app.require_subcommand(1);
    app.fallthrough(); // global options may come after the command too

    Runner run;
    add_complaint_commands(app, run);
    add_admin_commands(app, run);
    add_print_commands(app, run);
    add_hub_commands(app, run);
    add_sync_commands(app, run);
    add_settings_commands(app, run);
    add_report_commands(app, run);
    add_skm_commands(app, run);
    add_notify_commands(app, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kUsage;
    }
    if (!g.lang.empty() && g.lang != "id" && g.lang != "en") {
        std::cerr << "keluhan: --lang must be id or en\n";
        return kUsage;
    }
    Context ctx(g);
    if (auto failed = ctx.load()) return *failed;
    try {
        return run(ctx);
    } catch (const std::exception& e) {
        std::cerr << "keluhan: internal error: " << e.what() << "\n";
        return kStorage;
    }
}

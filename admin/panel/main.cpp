// keluhan-admin: the desktop panel where front-desk staff and officials work
// complaints through the SOP.
#include "app/panel_app.hpp"

#include "keluhan/ops/settings.hpp"
#include "keluhan/service/local.hpp"
#include "keluhan/sync/remote_service.hpp"

#include "hub.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    using namespace keluhan;
    std::string db, config, script, shots, lang, size, hub_url;
    bool headless = false;
    if (const char* e = std::getenv("KELUHAN_CONFIG"); e && *e) config = e;
    if (const char* e = std::getenv("KELUHAN_DB"); e && *e) db = e;

    CLI::App cli{"keluhan-admin - the admin panel: complaints through the SOP, step by step"};
    cli.add_option(
        "--db", db,
        "Database file (default: <data_dir>/keluhan.db, data_dir from the config, var/)");
    cli.add_option("--config", config, "Config file, TOML (env KELUHAN_CONFIG)");
    cli.add_option("--hub", hub_url,
                   "Work on the office's hub (keluhan serve) at this URL, with no database "
                   "file here (default: [panel] hub_url)");
    cli.add_option("--size", size, "Window size WxH (default 1366x768)");
    cli.add_option("--lang", lang, "Language: id or en (default: the config's)");
    cli.add_flag("--headless", headless,
                 "No display: SDL's dummy video driver and the software renderer");
    cli.add_option("--script", script,
                   "Drive the UI with a script (tap/type/key/wait/shot/expect)");
    cli.add_option("--screenshots", shots, "Where the script's shots go");
    CLI11_PARSE(cli, argc, argv);

    auto office = Office::load(config, lang);
    if (!office) {
        auto cat = Catalog::load(find_assets_dir() / "i18n", "id");
        std::cerr << "keluhan-admin: " << (cat ? cat->message(office.error()) : office.error().key)
                  << "\n";
        return 1;
    }
    if (!lang.empty()) {
        if (lang != "id" && lang != "en") {
            std::cerr << "keluhan-admin: --lang must be id or en\n";
            return 2;
        }
        office->config.language = lang;
    }
    auto id = Catalog::load(office->config.i18n_dir(), "id");
    auto en = Catalog::load(office->config.i18n_dir(), "en");
    if (!id || !en) {
        std::cerr << "keluhan-admin: " << (id ? en.error().key : id.error().key) << "\n";
        return 1;
    }
    if (hub_url.empty()) hub_url = office->config.panel.hub_url;
    // The panel works through the office service: on the hub (--hub), or on
    // a database file here (the one-PC office).
    std::unique_ptr<Store> local;
    std::unique_ptr<OfficeService> service;
    if (!hub_url.empty()) {
        if (!db.empty() || office->config.panel.serve_hub) {
            std::cerr << "keluhan-admin: --hub works on the hub's database: leave out --db and "
                         "[panel] serve_hub\n";
            return 2;
        }
        RemoteOptions ro;
        ro.hub_url = hub_url;
        ro.ca_file = office->config.panel.ca_file;
        ro.client = "keluhan-admin " + office->config.device_name;
        ro.sop_dir = office->config.assets_dir / "sop";
        auto remote = RemoteService::open(std::move(ro));
        if (!remote) {
            std::cerr << "keluhan-admin: " << office->say(remote.error()) << "\n";
            return 2;
        }
        service = std::move(remote).value();
    } else {
        if (db.empty()) db = (office->config.data_dir / "keluhan.db").string();
        auto store =
            Store::open(db, StoreOptions{StoreOptions::Access::Write, "keluhan-admin", 5000});
        if (!store) {
            std::cerr << "keluhan-admin: " << office->say(store.error()) << "\n";
            return 3;
        }
        local = std::move(store).value();
        // The office settings stored in the database (Administrasi) over the
        // config file. A stored value that no longer passes is reported and
        // left out, so the Administrator can still sign in and fix it.
        if (auto st = apply_settings(*office, *local); !st)
            std::cerr << "keluhan-admin: " << office->say(st.error()) << "\n";
        service = std::make_unique<LocalService>(*local, *office);
    }

    ui::HostOptions opt;
    opt.title = "Keluhan Admin - " + office->config.office.short_name;
    opt.width = 1366;
    opt.height = 768;
    opt.headless = headless;
    opt.script = script;
    opt.screenshots =
        shots.empty() ? std::filesystem::path("screenshots") : std::filesystem::path(shots);
    if (!size.empty()) {
        const auto x = size.find('x');
        bool good = x != std::string::npos;
        try {
            if (good) {
                opt.width = std::stoi(size.substr(0, x));
                opt.height = std::stoi(size.substr(x + 1));
            }
        } catch (...) {
            good = false;
        }
        if (!good || opt.width < 800 || opt.height < 600 || opt.width > 8192 || opt.height > 8192) {
            std::cerr << "keluhan-admin: --size must look like 1366x768 (at least 800x600)\n";
            return 2;
        }
    }
    if (headless) {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        if (!std::getenv("SDL_AUDIODRIVER")) setenv("SDL_AUDIODRIVER", "dummy", 1);
    }
    // [panel] serve_hub: the hub (kiosk sync, QR status page) runs inside the
    // panel while it is open. A hub that cannot start is said, and the panel
    // works on without it.
    std::unique_ptr<hub::Hub> hub;
    std::string hub_line;
    if (office->config.panel.serve_hub) {
        hub = std::make_unique<hub::Hub>();
        if (auto st = hub->start(*office, db, office->config.hub); !st) {
            hub_line = office->say(st.error());
            std::cerr << "keluhan-admin: " << hub_line << "\n";
            hub.reset();
        } else {
            hub_line =
                office->catalog.tr("admin.hub.running", {{"port", std::to_string(hub->port())}});
        }
    }
    try {
        ui::SdlLibrary sdl(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        ui::Clock clock;
        panel::PanelApp app(*office, {std::move(id).value(), std::move(en).value()},
                            std::move(local), std::move(service), clock);
        if (office->config.panel.serve_hub) app.set_hub_status(hub_line, hub != nullptr);
        return ui::run(opt, clock, app);
    } catch (const std::exception& e) {
        std::cerr << "keluhan-admin: " << e.what() << "\n";
        return 1;
    }
}

// keluhan-kiosk: the lobby touchscreen.
#include "app/kiosk_app.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    using namespace keluhan;
    std::string db, config, script, shots, lang, size;
    bool fullscreen = false, headless = false, landscape = false, stock = false,
         first_frame = false;
    if (const char* e = std::getenv("KELUHAN_CONFIG"); e && *e) config = e;
    if (const char* e = std::getenv("KELUHAN_DB"); e && *e) db = e;

    CLI::App cli{"keluhan-kiosk - the lobby touchscreen for customer complaints"};
    cli.add_option(
        "--db", db,
        "Database file (default: <data_dir>/keluhan.db, data_dir from the config, var/)");
    cli.add_option("--config", config, "Config file, TOML (env KELUHAN_CONFIG)");
    cli.add_flag("--fullscreen", fullscreen,
                 "Fullscreen kiosk mode: only the staff menu (PIN) closes it");
    cli.add_flag("--landscape", landscape, "1920x1080 instead of portrait 1080x1920");
    cli.add_option("--size", size, "Window size WxH, e.g. 720x1280");
    cli.add_option("--lang", lang, "Start language: id or en");
    cli.add_flag("--headless", headless,
                 "No display: SDL's dummy video driver and the software renderer");
    cli.add_option("--script", script,
                   "Drive the UI with a script (tap/type/key/wait/shot/expect)");
    cli.add_option("--screenshots", shots, "Where the script's shots go")->capture_default_str();
    cli.add_flag("--stock-loop", stock,
                 "Benchmark only: redraw every frame like ImGui's example loop");
    cli.add_flag("--report-first-frame", first_frame,
                 "Benchmark only: print the time to the first frame");
    CLI11_PARSE(cli, argc, argv);

    auto office = Office::load(config, lang);
    if (!office) {
        auto cat = Catalog::load(find_assets_dir() / "i18n", "id");
        std::cerr << "keluhan-kiosk: " << (cat ? cat->message(office.error()) : office.error().key)
                  << "\n";
        return 1;
    }
    auto id = Catalog::load(office->config.i18n_dir(), "id");
    auto en = Catalog::load(office->config.i18n_dir(), "en");
    if (!id || !en) {
        std::cerr << "keluhan-kiosk: " << (id ? en.error().key : id.error().key) << "\n";
        return 1;
    }
    if (!lang.empty()) office->config.language = lang;
    if (db.empty()) db = (office->config.data_dir / "keluhan.db").string();
    auto store = Store::open(db, StoreOptions{StoreOptions::Access::Write, "keluhan-kiosk", 5000});
    if (!store) {
        std::cerr << "keluhan-kiosk: " << office->say(store.error()) << "\n";
        return 3;
    }

    ui::HostOptions opt;
    opt.title = "Keluhan - " + office->config.office.short_name;
    opt.fullscreen = fullscreen;
    opt.headless = headless;
    opt.script = script;
    opt.screenshots =
        shots.empty() ? std::filesystem::path("screenshots") : std::filesystem::path(shots);
    opt.stock_loop = stock;
    opt.report_first_frame = first_frame;
    if (landscape) std::swap(opt.width, opt.height);
    if (!size.empty()) {
        const auto x = size.find('x');
        try {
            opt.width = std::stoi(size.substr(0, x));
            opt.height = std::stoi(size.substr(x + 1));
        } catch (...) {
            std::cerr << "keluhan-kiosk: --size must look like 1080x1920\n";
            return 2;
        }
        if (x == std::string::npos || opt.width < 320 || opt.height < 320 || opt.width > 8192 ||
            opt.height > 8192) {
            std::cerr << "keluhan-kiosk: --size must look like 1080x1920\n";
            return 2;
        }
    }
    if (headless) {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        if (!std::getenv("SDL_AUDIODRIVER")) setenv("SDL_AUDIODRIVER", "dummy", 1);
    }
    // In fullscreen, closing the window (Alt+F4) must not end the kiosk;
    // SIGTERM from systemd still does (SDL turns it into SDL_QUIT).
    if (fullscreen) SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    // Under cage (the kiosk session) SDL's libdecor, without a decoration
    // plugin installed, leaves the window unmapped: a black screen. The
    // kiosk never wants window decorations; SDL_VIDEO_WAYLAND_ALLOW_LIBDECOR
    // in the environment still decides.
    SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    try {
        ui::SdlLibrary sdl(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        ui::Clock clock;
        kiosk::KioskApp app(*office, {std::move(id).value(), std::move(en).value()},
                            std::move(store).value(), clock, fullscreen);
        return ui::run(opt, clock, app);
    } catch (const std::exception& e) {
        std::cerr << "keluhan-kiosk: " << e.what() << "\n";
        return 1;
    }
}

// keluhan serve | kiosk add|list|revoke: the hub in the foreground (for
// systemd), and the kiosks allowed to sync with it.
#include "commands.hpp"

#include "hub.hpp"
#include "keluhan/sync/sync.hpp"

#include <nlohmann/json.hpp>

#include <signal.h>

#include <ctime>
#include <iomanip>
#include <iostream>
#include <memory>

namespace keluhan::cli {
namespace {

using nlohmann::json;

// --- serve ----------------------------------------------------------------------

struct ServeOptions {
    std::string listen;
    int port = -1;
};

int run_serve(Context& ctx, const ServeOptions& o) {
    // Create or upgrade the database, and take the office settings stored in
    // it (the admin panel's Administrasi) over the config file, so the status
    // page shows the office as the administrator set it.
    {
        int exit_code = 0;
        if (!ctx.open_write(true, exit_code)) return exit_code;
    }
    const Office& office = ctx.office();
    HubConfig cfg = office.config.hub;
    if (!o.listen.empty()) cfg.listen = o.listen;
    if (o.port >= 0) cfg.port = o.port;

    // SIGTERM and SIGINT are taken by this thread alone (sigwait below); the
    // server's threads start with them blocked.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    hub::Hub hub;
    if (auto st = hub.start(office, ctx.globals().db, cfg); !st) return ctx.fail(st.error());
    std::cerr << ctx.tr("cli.serve.listening", {{"scheme", hub.tls() ? "https" : "http"},
                                                {"address", cfg.listen},
                                                {"port", std::to_string(hub.port())},
                                                {"db", ctx.globals().db}})
              << std::endl;
    const timespec tick{1, 0};
    while (hub.running()) {
        const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
        if (sig == SIGTERM || sig == SIGINT) break;
    }
    const bool failed = !hub.running();
    std::cerr << ctx.tr("cli.serve.stopping") << std::endl;
    hub.stop();
    return failed ? kStorage : kOk;
}

// --- kiosk ----------------------------------------------------------------------

std::string when(const Context& ctx, TimeMs t) {
    return t == 0 ? ctx.tr("cli.kiosk.never") : ctx.office().config.calendar.format(t);
}

int run_kiosk_add(Context& ctx, const std::string& name) {
    if (auto st = check_kiosk_name(name); !st) return ctx.fail(st.error());
    int code = kOk;
    auto store = ctx.open_write(true, code);
    if (!store) return code;
    const KioskToken token = make_kiosk_token(name);
    auto k = store->add_kiosk(name, hash_token_secret(token.secret), "cli");
    if (!k) return ctx.fail(k.error());
    if (ctx.globals().json) {
        std::cout << json{{"name", name}, {"token", token.text()}}.dump() << "\n";
        return kOk;
    }
    std::cout << ctx.tr("cli.kiosk.added", {{"name", name}}) << "\n\n    " << token.text() << "\n\n"
              << ctx.tr("cli.kiosk.token_hint") << "\n";
    return kOk;
}

int run_kiosk_list(Context& ctx) {
    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    auto list = store->kiosks();
    if (!list) return ctx.fail(list.error());
    if (ctx.globals().json) {
        json out = json::array();
        for (const auto& k : *list)
            out.push_back(
                json{{"name", k.name},
                     {"created_at", format_iso_utc(k.created_at)},
                     {"last_seen_at", k.last_seen_at ? format_iso_utc(k.last_seen_at) : ""},
                     {"revoked_at", k.revoked_at ? format_iso_utc(k.revoked_at) : ""},
                     {"revoked", k.revoked_at != 0}});
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    if (list->empty()) {
        std::cout << ctx.tr("cli.kiosk.none") << "\n";
        return kOk;
    }
    std::cout << ctx.tr("cli.kiosk.header") << "\n";
    for (const auto& k : *list)
        std::cout << std::left << std::setw(21) << k.name << std::setw(18)
                  << when(ctx, k.created_at).substr(0, 16) << " " << std::setw(18)
                  << when(ctx, k.last_seen_at).substr(0, 16) << " "
                  << (k.revoked_at
                          ? ctx.tr("cli.kiosk.revoked_label") + " " + when(ctx, k.revoked_at)
                          : ctx.tr("cli.kiosk.active"))
                  << "\n";
    return kOk;
}

int run_kiosk_revoke(Context& ctx, const std::string& name) {
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto k = store->revoke_kiosk(name, "cli");
    if (!k) return ctx.fail(k.error());
    if (ctx.globals().json)
        std::cout << json{{"name", name}, {"revoked_at", format_iso_utc(k->revoked_at)}} << "\n";
    else
        std::cout << ctx.tr("cli.kiosk.revoked", {{"name", name}}) << "\n";
    return kOk;
}

} // namespace

void add_hub_commands(CLI::App& app, Runner& run) {
    auto serve = std::make_shared<ServeOptions>();
    auto* s = app.add_subcommand(
        "serve", "Run the hub in the foreground: sync API for kiosks, status page /s/<code>, "
                 "/healthz ([hub] in the config). Stops on SIGTERM or Ctrl-C");
    s->add_option("--listen", serve->listen,
                  "Address to listen on, overriding [hub] listen (0.0.0.0 = all)");
    s->add_option("--port", serve->port, "Port, overriding [hub] port (0 = any free port)")
        ->check(CLI::Range(0, 65535));
    s->callback([serve, &run] { run = [serve](Context& ctx) { return run_serve(ctx, *serve); }; });

    auto* k = app.add_subcommand(
        "kiosk", "Kiosks allowed to sync with this hub (run on the hub's database)");
    k->require_subcommand(1);
    auto name = std::make_shared<std::string>();
    auto* add = k->add_subcommand(
        "add", "Register a kiosk and print its token once ([sync] token on the kiosk)");
    add->add_option("name", *name, "Kiosk name: 3-32 of a-z 0-9 . - _")->required();
    add->callback(
        [name, &run] { run = [name](Context& ctx) { return run_kiosk_add(ctx, *name); }; });
    auto* list =
        k->add_subcommand("list", "Kiosks with when they were added, last seen and revoked");
    list->callback([&run] { run = [](Context& ctx) { return run_kiosk_list(ctx); }; });
    auto* revoke = k->add_subcommand("revoke", "Refuse a kiosk's token from now on");
    revoke->add_option("name", *name, "Kiosk name")->required();
    revoke->callback(
        [name, &run] { run = [name](Context& ctx) { return run_kiosk_revoke(ctx, *name); }; });
}

} // namespace keluhan::cli

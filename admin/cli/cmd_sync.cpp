// keluhan sync --once: one sync round of this (kiosk's) database with the hub
// named in [sync]. Exit 0 when it went through, 3 when the hub could not be
// reached (or failed, or the database did), 1 when the token was refused,
// 2 when sync is not set up.
#include "commands.hpp"

#include "keluhan/sync/sync_agent.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

namespace keluhan::cli {
namespace {

struct SyncCli {
    bool once = false;
    std::string hub; // overrides [sync] hub_url
};

nlohmann::json to_json(const SyncRound& r, std::int64_t pending, const Context& ctx) {
    nlohmann::json j{{"outcome", std::string(to_string(r.outcome))},
                     {"pushed", r.pushed},
                     {"duplicates", r.duplicates},
                     {"rejected", r.rejected},
                     {"pulled", r.pulled},
                     {"pending", pending},
                     {"started", format_iso_utc(r.started)},
                     {"finished", format_iso_utc(r.finished)}};
    if (r.error) j["error"] = {{"key", r.error->key}, {"message", ctx.say(*r.error)}};
    return j;
}

int run_sync(Context& ctx, const SyncCli& o) {
    SyncConfig cfg = ctx.office().config.sync;
    if (!o.hub.empty()) cfg.hub_url = o.hub;
    // The token may come from the environment so it stays out of files and
    // process lists on a shared machine.
    if (const char* t = std::getenv("KELUHAN_SYNC_TOKEN"); t && *t) cfg.token = t;
    if (cfg.hub_url.empty()) {
        std::cerr << "keluhan: " << ctx.say(Error{ErrorKind::Invalid, "err.sync.off"}) << "\n";
        return kUsage;
    }
    int code = kOk;
    auto store = ctx.open_write(true, code);
    if (!store) return code;
    const SyncRound r = sync_round(*store, cfg);
    const std::int64_t pending =
        store->outbox_pending_count().ok() ? *store->outbox_pending_count() : -1;
    if (ctx.globals().json) {
        std::cout << to_json(r, pending, ctx) << "\n";
    } else {
        std::cout << ctx.tr("cli.sync.pushed", {{"stored", std::to_string(r.pushed)},
                                                {"duplicates", std::to_string(r.duplicates)},
                                                {"rejected", std::to_string(r.rejected)}})
                  << "\n";
        if (r.ok())
            std::cout << ctx.tr("cli.sync.pulled", {{"n", std::to_string(r.pulled)}}) << "\n";
        if (pending > 0)
            std::cout << ctx.tr("cli.sync.pending", {{"n", std::to_string(pending)}}) << "\n";
    }
    if (r.ok()) return kOk;
    std::cerr << "keluhan: " << ctx.tr("cli.sync.failed", {{"reason", ctx.say(*r.error)}}) << "\n";
    switch (r.outcome) {
    case SyncOutcome::Refused:
        return kRefused;
    case SyncOutcome::Failed:
        return r.error->kind == ErrorKind::Invalid ? kUsage : kStorage;
    default:
        return kStorage;
    }
}

} // namespace

void add_sync_commands(CLI::App& app, Runner& run) {
    auto o = std::make_shared<SyncCli>();
    auto* cmd = app.add_subcommand(
        "sync", "Send this kiosk's complaints to the hub and fetch their status ([sync] in "
                "the config; token also from env KELUHAN_SYNC_TOKEN). Exit 0 done, 1 token "
                "refused, 2 sync not set up, 3 hub unreachable or failing");
    cmd->add_flag("--once", o->once,
                  "One round, then exit (the kiosk syncs by itself in the background)")
        ->required();
    cmd->add_option("--hub", o->hub, "Hub address, overriding [sync] hub_url (http://host:port)");
    cmd->callback([o, &run] { run = [o](Context& ctx) { return run_sync(ctx, *o); }; });
}

} // namespace keluhan::cli

// The real keluhan-kiosk, headless, with sync on: a complaint made at the
// kiosk reaches the hub by the kiosk's own agent; a status change made on
// the hub comes back; with the hub stopped, Cek Status answers from the
// kiosk's copy and says how fresh it is; the staff menu shows the link.
#include "keluhan/storage/store.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include "hub_process.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace keluhan;
using keluhan::test::HubProcess;
using keluhan::test::TempDir;

namespace {

test::ProcessResult run_kiosk(TempDir& dir, const std::string& db, const std::string& config_toml,
                              const std::string& script, const std::string& name) {
    const auto file = dir / (name + ".script");
    std::ofstream(file) << script;
    const auto cfg = dir / (name + ".toml");
    std::ofstream(cfg) << "[storage]\ndata_dir = \"" << (dir / "kiosk-data").string() << "\"\n"
                       << config_toml;
    const char* e = std::getenv("KELUHAN_SHOTS");
    const auto shots = e && *e ? std::filesystem::path(e) / name : dir / "shots" / name;
    return test::run_process({KELUHAN_KIOSK_BIN, "--headless", "--db", db, "--script",
                              file.string(), "--screenshots", shots.string(), "--config",
                              cfg.string()},
                             {},
                             {{"SDL_AUDIODRIVER", "dummy"},
                              {"KELUHAN_CONFIG", "\x01unset"},
                              {"KELUHAN_DB", "\x01unset"}});
}

} // namespace

TEST_CASE("kiosk sync: the hub's status reaches Cek Status, and with the hub away it answers from "
          "the copy") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    auto added = test::run_process(hub.cli({"kiosk", "add", "lobi"}));
    REQUIRE_MESSAGE(added.exit_code == 0, added.err);
    const std::string token = test::find_token(added.out, "lobi");
    const std::string kdb = (dir / "kiosk.db").string();
    const std::string sync_toml = "[kiosk]\nadmin_pin = \"2468\"\n[sync]\nhub_url = \"" +
                                  hub.url() + "\"\ntoken = \"" + token +
                                  "\"\ninterval_seconds = 1\n";
    const Office office = test::load_office();

    // A complaint made at the kiosk; its agent pushes it (woken by the submit).
    const Submitted sub = [&] {
        auto store = Store::open(kdb).value();
        return submit_complaint(*store, office, test::sample_submission()).value();
    }();
    // (The script driver waits for the agent's first round, as for any
    // background work.)
    auto first = run_kiosk(dir, kdb, sync_toml, "wait 1\n", "push");
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);
    REQUIRE(Store::open(hub.db(), StoreOptions{StoreOptions::Access::Read, "t", 1000})
                .value()
                ->find_by_id(sub.complaint.id));

    // Staff receive it on the hub.
    {
        auto h = Store::open(hub.db()).value();
        const User staf = h->add_user("staf", "Staf PJI", Role::StafPji, "x").value();
        REQUIRE(advance_complaint(*h, office, staf, sub.code,
                                  AdvanceRequest{"Diterima", false, std::nullopt, {}})
                    .ok());
    }
    // The kiosk's agent pulls it back (`keluhan sync --once` does the same round).
    {
        auto store = Store::open(kdb).value();
        SyncConfig cfg;
        cfg.hub_url = hub.url();
        cfg.token = token;
        auto r = sync_round(*store, cfg);
        REQUIRE(r.ok());
        CHECK(r.pulled >= 1);
    }
    hub.stop(SIGTERM);

    // Hub away: Cek Status answers from the copy, with "Status per <time>".
    const std::string step3 = office.profile.steps[2].visitor_text_id;
    const std::string step2 = office.profile.steps[1].visitor_text_id;
    auto r = run_kiosk(dir, kdb, sync_toml,
                       "tap Cek Status\ntype " + sub.code.grouped() +
                           "\nkey Return\nexpect Status keluhan\n" + "expect Status per\nexpect " +
                           step2 + "\nexpect " + step3 + "\nshot status-from-copy\n" +
                           "tap EN\nexpect Status as of\nexpect " +
                           office.profile.steps[2].visitor_text_en + "\nshot status-from-copy-en\n",
                       "copy");
    CHECK_MESSAGE(r.exit_code == 0, r.err);

    // The staff menu: the link's state in words (the hub is away now).
    auto staff = run_kiosk(
        dir, kdb, sync_toml,
        "tap #staf\ntap #staf\ntap #staf\ntap #staf\ntap #staf\ntype 2468\nkey Return\n"
        "expect Sinkronisasi ke hub\nexpect Terakhir berhasil\nexpect Menunggu dikirim: 0 keluhan\n"
        "expect tidak dapat dihubungi\nshot staff-sync\n",
        "staff");
    CHECK_MESSAGE(staff.exit_code == 0, staff.err);
}

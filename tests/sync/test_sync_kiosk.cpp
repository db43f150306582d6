// The real keluhan-kiosk, headless, with sync on: a complaint made at the
// kiosk reaches the hub by the kiosk's own agent; a status change made on
// the hub comes back; with the hub stopped, Cek Status answers from the
// kiosk's copy and says how fresh it is; the staff menu shows the link. A
// code taken at the desk is answered by asking the hub, and with the hub
// away the visitor is told it cannot be asked, not that the code is unknown.
#include "keluhan/ops/skm.hpp"
#include "keluhan/storage/store.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include "closing.hpp"
#include "desk_complaint.hpp"
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

// The kiosk's config with sync on: the staff PIN, the hub, its token, and
// a round every second.
std::string kiosk_config(const HubProcess& hub, const std::string& token) {
    return "[kiosk]\nadmin_pin = \"2468\"\n[sync]\nhub_url = \"" + hub.url() + "\"\ntoken = \"" +
           token + "\"\ninterval_seconds = 1\n";
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
    const std::string sync_toml = kiosk_config(hub, token);
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

TEST_CASE("kiosk sync: Cek Status for a code taken at the desk asks the hub, an unknown code is "
          "not found, and a hub away is said so") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    auto added = test::run_process(hub.cli({"kiosk", "add", "lobi"}));
    REQUIRE_MESSAGE(added.exit_code == 0, added.err);
    const std::string token = test::find_token(added.out, "lobi");
    const std::string kdb = (dir / "kiosk.db").string();
    const std::string sync_toml = "[sync]\nhub_url = \"" + hub.url() + "\"\ntoken = \"" + token +
                                  "\"\ninterval_seconds = 1\n";
    const Office office = test::load_office();

    // Taken at the front desk, into the hub's store, and received there.
    const Submitted desk = test::desk_complaint(hub, office);
    const std::string code = desk.code.grouped();
    const std::string unknown = TrackingCode::generate().grouped();
    const auto& steps = office.profile.steps;

    auto asked = run_kiosk(
        dir, kdb, sync_toml,
        "tap Cek Status\ntype " + code + "\nkey Return\nexpect Status keluhan\nexpect " + code +
            "\nexpect sedang ditangani\nexpect " + steps[1].visitor_text_id + "\nexpect " +
            steps[2].visitor_text_id + "\nexpect sedang dikerjakan\nshot status-from-hub\n" +
            "tap EN\nexpect Complaint status\nexpect " + steps[2].visitor_text_en +
            "\nshot status-from-hub-en\n" + "tap Done\ntap Cek Status\ntype " + unknown +
            "\nkey Return\nexpect tidak ditemukan\nshot unknown\n",
        "desk-code");
    CHECK_MESSAGE(asked.exit_code == 0, asked.err);
    CHECK(asked.err.find("Budi") == std::string::npos);
    // The kiosk asked; it did not take the desk's complaint into its store.
    CHECK(Store::open(kdb, StoreOptions{StoreOptions::Access::Read, "t", 1000})
              .value()
              ->find_by_code(desk.code)
              .error()
              .kind == ErrorKind::NotFound);

    hub.stop(SIGTERM);
    auto away = run_kiosk(dir, kdb, sync_toml,
                          "tap Cek Status\ntype " + code +
                              "\nkey Return\nexpect server kantor tidak terjangkau\n"
                              "expect tanyakan ke petugas\nshot hub-away\n"
                              "tap EN\nexpect office server cannot be reached\nshot hub-away-en\n",
                          "hub-away");
    CHECK_MESSAGE(away.exit_code == 0, away.err);
    // Not the words for an unknown code: a script that expects them fails,
    // on a screen that says the hub cannot be reached.
    auto not_unknown =
        run_kiosk(dir, kdb, sync_toml,
                  "tap Cek Status\ntype " + code + "\nkey Return\nexpect tidak ditemukan\n",
                  "hub-away-not-unknown");
    CHECK(not_unknown.exit_code == 1);
    CHECK_MESSAGE(not_unknown.err.find("tidak terjangkau") != std::string::npos, not_unknown.err);
}

TEST_CASE("kiosk sync: a satisfaction survey for a complaint closed on the hub, answered at the "
          "kiosk, reaches the hub by the kiosk's agent") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    const Office office = test::load_office();
    const Submitted closed = [&] {
        auto h = Store::open(hub.db()).value();
        auto s = test::sample_submission("Sertifikat kalibrasi belum kami terima.");
        s.origin = "admin-loket";
        auto taken = submit_complaint(*h, office, s).value();
        test::close_complaint(*h, office, taken.code);
        return taken;
    }();
    hub.start();
    auto added = test::run_process(hub.cli({"kiosk", "add", "lobi"}));
    REQUIRE_MESSAGE(added.exit_code == 0, added.err);
    const std::string token = test::find_token(added.out, "lobi");
    const std::string kdb = (dir / "kiosk.db").string();
    const std::string sync_toml = kiosk_config(hub, token);
    // The kiosk never had the complaint: Cek Status asks the hub, which says
    // it is closed; the visitor answers two questions and sends.
    std::string script = "tap Cek Status\ntype " + closed.code.grouped() +
                         "\nkey Return\nawait 10 sudah selesai ditangani\n"
                         "tap Isi Survei Kepuasan\nexpect Pertanyaan 1 dari 9\n"
                         "tap Sangat sesuai\ntap Mudah\n";
    for (int i = 2; i < 9; ++i)
        script += "tap Lewati\n";
    script += "tap Lanjut\ntap Kirim Survei\nawait 5 Terima kasih\nshot thanks\n"
              "tap Selesai\nwait 3\n";
    auto r = run_kiosk(dir, kdb, sync_toml, script, "survey-sync");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);

    auto h = Store::open(hub.db(), StoreOptions{StoreOptions::Access::Read, "t", 1000}).value();
    CHECK(h->skm_answered(closed.code).value());
    const Date today = test::today_at_office();
    auto rows = h->skm_responses(today, today).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].origin == "lobi");
    CHECK(rows[0].for_complaint);
    CHECK(rows[0].service == closed.complaint.service);
    CHECK(rows[0].scores.size() == 2);
    // The kiosk keeps its own count of the response; its outbox (the only
    // place that held the code) is empty.
    auto k = Store::open(kdb, StoreOptions{StoreOptions::Access::Read, "t", 1000}).value();
    CHECK(k->skm_outbox_pending_count().value() == 0);
    CHECK(k->skm_outbox_rejected_count().value() == 0);
    CHECK(k->skm_responses(today, today).value().size() == 1);
}

// The kiosk's sync agent against the real hub: `keluhan serve` as a child
// process on loopback, real SQLite files on both sides. A kiosk's complaints
// reach the hub exactly once - across a hub killed mid-batch, a lost reply,
// a long outage - and the hub's status comes back to the kiosk's copy and
// its Cek Status answer.
#include "keluhan/ops/skm.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/sync/sync.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include "closing.hpp"
#include "dropping_proxy.hpp"
#include "hub_process.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include <atomic>
#include <set>

using namespace keluhan;
using keluhan::test::HubProcess;
using keluhan::test::TempDir;

namespace {

// A kiosk: its own database and office, and a token of a hub.
struct KioskSide {
    TempDir& dir;
    Office office = test::load_office();
    std::unique_ptr<Store> store;
    SyncConfig sync;

    explicit KioskSide(TempDir& d, const std::string& name = "kiosk.db") : dir(d) {
        store = Store::open(dir / name,
                            StoreOptions{StoreOptions::Access::Write, "keluhan-kiosk", 5000})
                    .value();
        sync.batch_size = 100;
        sync.timeout_seconds = 120; // generous: the sanitizer build parses a 21 MiB push slowly
    }
    std::vector<Submitted> submit(int n, bool with_audio = false) {
        std::vector<Submitted> out;
        for (int i = 0; i < n; ++i) {
            auto s = test::sample_submission("Keluhan nomor " + std::to_string(i) +
                                             ": laporan hasil uji terlambat.");
            if (with_audio) {
                s.channel = Channel::Lisan;
                s.description.clear();
                s.attachments.push_back({0, "audio/wav", "rekaman.wav",
                                         std::vector<std::uint8_t>(48'000, std::uint8_t(i))});
            }
            out.push_back(submit_complaint(*store, office, s).value());
        }
        return out;
    }
    [[nodiscard]] std::int64_t pending() { return store->outbox_pending_count().value(); }
};

// Registers a kiosk on the hub with the real command line; returns its token.
std::string add_kiosk(const HubProcess& hub, const std::string& name) {
    auto r = test::run_process(hub.cli({"kiosk", "add", name}));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return test::find_token(r.out, name);
}

std::unique_ptr<Store> open_hub(const HubProcess& hub) {
    return Store::open(hub.db(), StoreOptions{StoreOptions::Access::Read, "test", 5000}).value();
}

// Every complaint of the kiosk is in the hub exactly once, with its origin.
void check_exactly_once(const HubProcess& hub, const std::vector<Submitted>& sent,
                        const std::string& origin) {
    auto h = open_hub(hub);
    ListQuery all;
    CHECK(h->count(all).value() == static_cast<std::int64_t>(sent.size()));
    for (const auto& s : sent) {
        auto c = h->find_by_id(s.complaint.id);
        REQUIRE_MESSAGE(c.ok(), s.complaint.id);
        CHECK(c->code == s.code.compact());
        CHECK(c->origin == origin);
    }
}

SyncRound round_until_ok(Store& store, const SyncConfig& cfg, int tries = 20) {
    SyncRound r;
    for (int i = 0; i < tries; ++i) {
        r = sync_round(store, cfg);
        if (r.ok()) break;
    }
    return r;
}

} // namespace

TEST_CASE("sync: backoff doubles from 5 s with jitter in its upper half, capped, and resets") {
    std::mt19937_64 rng(42);
    using ms = std::chrono::milliseconds;
    const ms interval(30'000), cap(300'000);
    CHECK(sync_delay(0, interval, cap, rng) == interval);
    for (int i = 0; i < 200; ++i) {
        const auto d1 = sync_delay(1, interval, cap, rng);
        CHECK(d1 >= ms(2500));
        CHECK(d1 <= ms(5000));
        const auto d3 = sync_delay(3, interval, cap, rng);
        CHECK(d3 >= ms(10'000));
        CHECK(d3 <= ms(20'000));
        const auto d30 = sync_delay(30, interval, cap, rng);
        CHECK(d30 >= cap / 2);
        CHECK(d30 <= cap);
    }
    // Jitter: not all the same.
    std::set<std::int64_t> seen;
    for (int i = 0; i < 20; ++i)
        seen.insert(sync_delay(4, interval, cap, rng).count());
    CHECK(seen.size() > 10);
}

TEST_CASE("sync: a kiosk's complaints reach the hub once and a second round sends nothing") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-1");
    const auto sent = k.submit(250);
    // One voice complaint too: attachments travel.
    auto voice = k.submit(1, true);

    auto r = sync_round(*k.store, k.sync);
    CHECK_MESSAGE(r.ok(), (r.error ? r.error->key + " " + r.error->detail : ""));
    CHECK(r.pushed == 251);
    CHECK(r.duplicates == 0);
    CHECK(r.rejected == 0);
    CHECK(r.batches == 5); // 16, 32, 64, then batch_size 100, and the last 39
    CHECK(k.pending() == 0);
    auto all = sent;
    all.push_back(voice.front());
    check_exactly_once(hub, all, "lobi-1");
    {
        auto h = open_hub(hub);
        auto c = h->find_by_id(voice.front().complaint.id).value();
        auto att = h->attachments(c.seq, true).value();
        REQUIRE(att.size() == 1);
        CHECK(att.front().media_type == "audio/wav");
        CHECK(att.front().data.size() == 48'000);
    }

    auto again = sync_round(*k.store, k.sync);
    CHECK(again.ok());
    CHECK(again.pushed == 0);
    CHECK(again.duplicates == 0);
    CHECK(again.batches == 0);
    check_exactly_once(hub, all, "lobi-1");
}

TEST_CASE(
    "sync: long recordings go in batches under the hub's body limit, never refused as too large") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-8");
    // Seven spoken complaints of about three minutes each (5 MiB of WAV).
    std::vector<Submitted> sent;
    for (int i = 0; i < 7; ++i) {
        auto s = test::sample_submission();
        s.channel = Channel::Lisan;
        s.description.clear();
        s.attachments.push_back(
            {0, "audio/wav", "rekaman.wav", std::vector<std::uint8_t>(5u << 20, std::uint8_t(i))});
        sent.push_back(submit_complaint(*k.store, k.office, s).value());
    }
    sent.push_back(k.submit(1).front());
    auto r = sync_round(*k.store, k.sync);
    CHECK_MESSAGE(r.ok(), (r.error ? r.error->key + " " + r.error->detail : ""));
    CHECK(r.pushed == 8);
    CHECK(r.rejected == 0);
    // 16 MiB of recordings a push at most: 3 + 3 + 1 (+ the written one).
    CHECK(r.batches == 3);
    CHECK(k.pending() == 0);
    check_exactly_once(hub, sent, "lobi-8");
    CHECK(test::read_file(hub.log()).find(" 413 ") == std::string::npos);
}

TEST_CASE("sync: a connection the hub closed while idle is replaced and the request sent again, "
          "once") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.token = add_kiosk(hub, "lobi-9");
    const auto sent = k.submit(1);
    {
        // The push is answered; the pull that follows on the same connection
        // meets a reset and goes again on a new one.
        test::DroppingProxy proxy(hub.port(), 1);
        k.sync.hub_url = proxy.url();
        auto r = sync_round(*k.store, k.sync);
        CHECK_MESSAGE(r.ok(), (r.error ? r.error->key + " " + r.error->detail : ""));
        CHECK(proxy.dropped() == 1);
        CHECK(r.reconnects == 1);
        CHECK(r.pushed == 1);
        CHECK(k.pending() == 0);
    }
    check_exactly_once(hub, sent, "lobi-9");
    // Reset again on the new connection: the round gives up (one retry, not a
    // loop), keeps what it had, and the next round finishes the work.
    const auto more = k.submit(2);
    {
        test::DroppingProxy proxy(hub.port(), 2);
        k.sync.hub_url = proxy.url();
        k.sync.batch_size = 1; // two pushes: the second one meets the resets
        auto r = sync_round(*k.store, k.sync);
        CHECK_FALSE(r.ok());
        CHECK(r.outcome == SyncOutcome::Unreachable);
        CHECK(proxy.dropped() == 2);
        CHECK(r.reconnects == 1);
        CHECK(r.pushed == 1);
        CHECK(k.pending() == 1);
    }
    k.sync.hub_url = hub.url();
    auto r = sync_round(*k.store, k.sync);
    CHECK(r.ok());
    CHECK(r.reconnects == 0);
    CHECK(k.pending() == 0);
    auto all = sent;
    all.insert(all.end(), more.begin(), more.end());
    check_exactly_once(hub, all, "lobi-9");
}

TEST_CASE("sync: a complaint the hub rejects keeps its outbox row with the reason and is not sent "
          "again") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide a(dir, "a.db"), b(dir, "b.db");
    a.sync.hub_url = b.sync.hub_url = hub.url();
    a.sync.token = add_kiosk(hub, "lobi-a");
    b.sync.token = add_kiosk(hub, "lobi-b");
    const auto first = a.submit(1).front();
    REQUIRE(sync_round(*a.store, a.sync).ok());
    // Kiosk B holds a complaint with the same tracking code under another id
    // (a clash the hub must refuse), and a good one.
    const auto clash = b.submit(1).front();
    const auto good = b.submit(1).front();
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open((dir / "b.db").c_str(), &raw) == SQLITE_OK);
        const std::string sql = "UPDATE complaints SET code = '" + first.code.compact() +
                                "' WHERE id = '" + clash.complaint.id + "'";
        REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    auto r = sync_round(*b.store, b.sync);
    CHECK(r.ok());
    CHECK(r.pushed == 1);
    CHECK(r.rejected == 1);
    CHECK(b.pending() == 0);
    CHECK(b.store->outbox_rejected_count().value() == 1);
    auto again = sync_round(*b.store, b.sync);
    CHECK(again.ok());
    CHECK(again.batches == 0); // not offered again
    CHECK(again.rejected == 0);
    {
        // The staff menu counts it from the start.
        SyncAgent agent(*b.store, b.sync);
        agent.start();
        for (int i = 0; i < 1500 && agent.status().last_attempt == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(agent.status().rejected_kept == 1);
    }
    auto h = open_hub(hub);
    CHECK(h->find_by_id(good.complaint.id).ok());
    CHECK_FALSE(h->find_by_id(clash.complaint.id).ok());
    CHECK(h->find_by_id(first.complaint.id)->origin == "lobi-a");
}

TEST_CASE("sync: a reply lost after the hub's commit makes the next round a duplicate, not a "
          "second copy") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-2");
    const auto sent = k.submit(30);
    // The same push the agent makes, sent by hand: the hub stores it, and
    // the kiosk never hears (as if it crashed before marking its outbox).
    {
        auto items = k.store->outbox_pending(100).value();
        REQUIRE(items.size() == 30);
        httplib::Client c("127.0.0.1", hub.port());
        c.set_bearer_token_auth(k.sync.token);
        auto res = c.Post("/api/v1/sync/push", push_body(items), "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
    }
    CHECK(k.pending() == 30);
    auto r = sync_round(*k.store, k.sync);
    CHECK(r.ok());
    CHECK(r.pushed == 0);
    CHECK(r.duplicates == 30);
    CHECK(k.pending() == 0);
    check_exactly_once(hub, sent, "lobi-2");
}

TEST_CASE("sync: the hub killed (SIGKILL) in the middle of batches and restarted loses and "
          "duplicates nothing") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-3");
    k.sync.batch_size = 20;
    // Voice complaints make each batch take a while on the hub.
    const auto sent = k.submit(300, true);

    // Three kills at different points of the push.
    int interrupted = 0;
    for (int kill = 0; kill < 3; ++kill) {
        std::atomic<bool> done{false};
        SyncRound r;
        std::thread t([&] {
            r = sync_round(*k.store, k.sync);
            done = true;
        });
        // Wait until the hub has stored some more, then kill it mid-stream.
        const std::int64_t before = open_hub(hub)->count(ListQuery{}).value();
        for (int i = 0; i < 2000 && !done; ++i) {
            if (open_hub(hub)->count(ListQuery{}).value() >= before + 15 + kill * 7) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        hub.stop(SIGKILL);
        t.join();
        if (r.ok()) break; // it finished before the kill; nothing left to test
        ++interrupted;
        CHECK(r.outcome == SyncOutcome::Unreachable);
        CHECK(r.error->key == "err.sync.unreachable");
        CHECK(k.pending() > 0);
        hub.start();
    }
    CHECK(interrupted >= 1); // at least one kill hit the push mid-stream
    if (!hub.running()) hub.start();
    auto r = round_until_ok(*k.store, k.sync);
    CHECK_MESSAGE(r.ok(), (r.error ? r.error->key + " " + r.error->detail : ""));
    CHECK(k.pending() == 0);
    check_exactly_once(hub, sent, "lobi-3");
}

TEST_CASE("sync: 1,000 complaints made while the hub was down all arrive after it returns") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-4");
    hub.stop(SIGTERM);

    auto sent = k.submit(1000);
    auto down = sync_round(*k.store, k.sync);
    CHECK(down.outcome == SyncOutcome::Unreachable);
    CHECK(down.error->key == "err.sync.unreachable");
    CHECK(down.error->param("hub") == hub.url());
    CHECK(k.pending() == 1000);

    // The agent keeps to its backoff while the hub is away: a wake() after a
    // failure does not bring the next try forward.
    {
        SyncAgent agent(*k.store, k.sync);
        agent.start();
        for (int i = 0; i < 100 && agent.status().failures == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        auto st = agent.status();
        REQUIRE(st.failures == 1);
        CHECK(st.last_error->key == "err.sync.unreachable");
        CHECK(st.pending == 1000);
        CHECK(st.next_attempt >= st.last_attempt + 2500);
        for (int i = 0; i < 5; ++i)
            agent.wake();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(agent.status().failures == 1); // no hammering
        // One more taken meanwhile: the staff menu counts it at once, though
        // it waits for the next try.
        sent.push_back(k.submit(1).front());
        agent.wake();
        for (int i = 0; i < 100 && agent.status().pending != 1001; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(agent.status().pending == 1001);
        CHECK(agent.status().failures == 1);

        // The hub returns; staff's "sync now" (retry) goes at once.
        hub.start();
        agent.retry();
        for (int i = 0; i < 6000 && agent.status().last_success == 0 && agent.status().failures < 2;
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        st = agent.status();
        CHECK(st.last_success > 0);
        CHECK(st.failures == 0);
        CHECK(!st.last_error);
        CHECK(st.pending == 0);
        CHECK(st.pushed == 1001);
    }
    check_exactly_once(hub, sent, "lobi-4");
}

TEST_CASE("sync: a revoked token stops sync with the token message, the outbox stays unsent") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-5");
    k.submit(3);
    REQUIRE(sync_round(*k.store, k.sync).ok());
    auto rv = test::run_process(hub.cli({"kiosk", "revoke", "lobi-5"}));
    REQUIRE_MESSAGE(rv.exit_code == 0, rv.err);

    k.submit(4);
    auto r = sync_round(*k.store, k.sync);
    CHECK(r.outcome == SyncOutcome::Refused);
    CHECK(r.error->key == "err.sync.token_refused");
    CHECK(k.pending() == 4);
    CHECK(open_hub(hub)->count(ListQuery{}).value() == 3);
    CHECK(k.office.say(*r.error).find("token") != std::string::npos);

    // A wrong secret for a known name and a made-up token are refused alike.
    for (const std::string& bad :
         {k.sync.token.substr(0, k.sync.token.size() - 2) + "xx", std::string("lobi-9.abc")}) {
        SyncConfig c = k.sync;
        c.token = bad;
        CHECK(sync_round(*k.store, c).outcome == SyncOutcome::Refused);
    }
    CHECK(k.pending() == 4);

    // The agent stops after the refusal: wakes do not send again.
    SyncAgent agent(*k.store, k.sync);
    agent.start();
    for (int i = 0; i < 1500 && !agent.status().refused; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(agent.status().refused);
    CHECK(agent.status().next_attempt == 0);
    const auto attempt = agent.status().last_attempt;
    agent.wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(agent.status().last_attempt == attempt);
    CHECK(k.pending() == 4);
}

TEST_CASE("sync: a status change on the hub reaches the kiosk's copy and its Cek Status answer") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-6");
    const auto sent = k.submit(2);
    const auto& code = sent.front().code;
    REQUIRE(sync_round(*k.store, k.sync).ok());

    // Before any change on the hub: the kiosk answers from its own record.
    auto before = kiosk_status(*k.store, k.office, code, "id", now_ms()).value();
    CHECK(before.status.current == 1);

    // Staff receive it on the hub (the store the admin panel writes).
    {
        auto h = Store::open(hub.db()).value();
        const auto office = test::load_office();
        const User staf = h->add_user("staf", "Staf PJI", Role::StafPji, "x").value();
        REQUIRE(advance_complaint(*h, office, staf, code,
                                  AdvanceRequest{"Diterima", false, std::nullopt, {}})
                    .ok());
    }
    auto r = sync_round(*k.store, k.sync);
    REQUIRE(r.ok());
    CHECK(r.pulled >= 1);
    auto copy = k.store->remote_status(code.compact()).value();
    REQUIRE(copy.has_value());
    CHECK(copy->change.status == ComplaintStatus::Open);
    CHECK(copy->fetched_at > 0);

    auto after = kiosk_status(*k.store, k.office, code, "en", now_ms()).value();
    CHECK(after.copy_fetched_at > 0);
    CHECK(after.status.current == 2);
    REQUIRE(after.status.steps.size() >= 3);
    CHECK(after.status.steps[1].state == StepView::State::Done);
    CHECK(after.status.steps[2].state == StepView::State::Current);
    // In the visitor's language, from the kiosk's own SOP profile.
    CHECK(after.status.steps[2].text == k.office.profile.steps[2].visitor_text_en);

    // Nothing new on the hub: the next round pulls nothing.
    CHECK(sync_round(*k.store, k.sync).pulled == 0);
    // The other complaint is untouched on the hub: the kiosk still answers for
    // it at its first step, and the copy the first round pulled of it is no
    // newer than the kiosk's own record.
    const auto other = kiosk_status(*k.store, k.office, sent[1].code, "id", now_ms()).value();
    CHECK(other.status.current == 1);
    CHECK(other.status.steps[1].state == StepView::State::Current);
    const auto other_copy = k.store->remote_status(sent[1].code.compact()).value();
    REQUIRE(other_copy.has_value());
    CHECK(other_copy->change.updated_at == k.store->find_by_code(sent[1].code)->updated_at);
}

TEST_CASE(
    "sync: keluhan sync --once exit codes: 0 done, 3 hub away, 1 token refused, 2 not set up") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    const std::string token = add_kiosk(hub, "lobi-7");
    const std::string kdb = (dir / "kiosk.db").string();
    {
        KioskSide k(dir);
        k.submit(5);
    }
    const auto cfg = dir / "kiosk.toml";
    std::ofstream(cfg) << "[storage]\ndata_dir = \"" << (dir / "kdata").string()
                       << "\"\n[sync]\nhub_url = \"" << hub.url() << "\"\ntoken = \"" << token
                       << "\"\n";
    auto run = [&](std::vector<std::string> extra, std::map<std::string, std::string> env = {}) {
        std::vector<std::string> argv{KELUHAN_BIN, "--db", kdb,    "--config", cfg.string(),
                                      "--lang",    "en",   "sync", "--once"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        env.emplace("KELUHAN_SYNC_TOKEN", "\x01unset");
        return test::run_process(argv, {}, env);
    };
    auto ok = run({});
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    CHECK(ok.out.find("5 new") != std::string::npos);
    auto again = run({"--json"});
    CHECK(again.exit_code == 0);
    auto j = nlohmann::json::parse(again.out);
    CHECK(j["pushed"] == 0);
    CHECK(j["pending"] == 0);
    CHECK(j["outcome"] == "ok");

    hub.stop(SIGTERM);
    auto away = run({});
    CHECK(away.exit_code == 3);
    CHECK(away.err.find("cannot be reached") != std::string::npos);

    hub.start();
    auto bad =
        run({}, {{"KELUHAN_SYNC_TOKEN", "lobi-7.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("refused") != std::string::npos);

    auto off = test::run_process({KELUHAN_BIN, "--db", kdb, "--lang", "en", "sync", "--once"}, {},
                                 {{"KELUHAN_CONFIG", "\x01unset"}});
    CHECK(off.exit_code == 2);
    CHECK(off.err.find("hub_url") != std::string::npos);
    auto usage = test::run_process({KELUHAN_BIN, "--db", kdb, "sync"}, {},
                                   {{"KELUHAN_CONFIG", "\x01unset"}});
    CHECK(usage.exit_code == 2);
}

TEST_CASE("sync: survey responses follow the complaints to the hub once, a refused one stays at "
          "the kiosk with its reason, and the hub's report counts the kiosk's") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    const Office office = test::load_office();
    std::optional<Submitted> closed;
    {
        auto h = Store::open(hub.db()).value();
        closed = submit_complaint(*h, office, test::sample_submission()).value();
        test::close_complaint(*h, office, closed->code);
    }
    hub.start();
    KioskSide k(dir);
    k.sync.hub_url = hub.url();
    k.sync.token = add_kiosk(hub, "lobi-1");
    const auto complaint = k.submit(1);
    auto survey = [&](std::optional<TrackingCode> code,
                      std::vector<std::pair<std::string, int>> sc) {
        SkmSubmission s;
        s.code = std::move(code);
        s.scores = std::move(sc);
        s.origin = "kiosk-lobi";
        s.for_hub = true;
        auto id = submit_skm(*k.store, k.office, s);
        REQUIRE_MESSAGE(id.ok(), id.error().key);
        return *id;
    };
    survey(closed->code, {{"U1", 4}, {"U2", 4}});
    survey(std::nullopt, {{"U1", 2}});
    CHECK(k.store->skm_outbox_pending_count().value() == 2);

    auto r = sync_round(*k.store, k.sync);
    REQUIRE_MESSAGE(r.ok(), (r.error ? r.error->key + " " + r.error->detail : ""));
    CHECK(r.pushed == 1);
    CHECK(r.skm_pushed == 2);
    CHECK(r.skm_rejected == 0);
    CHECK(k.store->skm_outbox_pending_count().value() == 0);
    auto again = sync_round(*k.store, k.sync);
    CHECK(again.ok());
    CHECK(again.skm_pushed == 0);
    {
        auto h = open_hub(hub);
        CHECK(h->skm_answered(closed->code).value());
    }

    // The same code answered again at the kiosk: the hub refuses it, the
    // kiosk keeps it as refused and does not offer it again.
    survey(closed->code, {{"U1", 1}});
    auto refused = sync_round(*k.store, k.sync);
    CHECK(refused.ok());
    CHECK(refused.skm_rejected == 1);
    CHECK(k.store->skm_outbox_pending_count().value() == 0);
    CHECK(k.store->skm_outbox_rejected_count().value() == 1);
    CHECK(sync_round(*k.store, k.sync).skm_rejected == 0);

    // The hub's own report, from its command line: the two it took.
    const Date today = test::today_at_office();
    auto report = test::run_process(hub.cli(
        {"skm", "report", "--from", format_date(today), "--to", format_date(today), "--json"}));
    REQUIRE_MESSAGE(report.exit_code == 0, report.err);
    const auto j = nlohmann::json::parse(report.out);
    CHECK(j.at("respondents") == 2);
    CHECK(j.at("elements").at(0).at("answers") == 2);
    CHECK(j.at("elements").at(0).at("nrr").get<double>() == doctest::Approx(3.0));
}

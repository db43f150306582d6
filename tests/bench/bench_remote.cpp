// bench_remote: the office server's staff API under an office's load (issue:
// the office server). Targets: over loopback on the 1,000,000-row store, a
// remote register page p95 under 50 ms and a step action p95 under 100 ms,
// with 20 signed-in panels and a kiosk syncing at once; compared with the
// local panel (LocalService on the same file) in the same run.
//
// The hub is the real `keluhan serve`, its own process, on a copy of
// bench_store's million-row database. Three phases, one after the other:
//
//   local    one panel's requests through LocalService on the file itself
//            (what the one-PC office's panel does), no hub involved;
//   remote1  the same requests from one RemoteService panel, the hub idle;
//   remote20 20 RemoteService panels at once, each signed in as its own
//            user, each waiting a random think time (mean --think-ms)
//            between requests, while a kiosk submits and syncs every 2 s.
//
// Each panel's requests: four register pages (the newest, the next one by
// its cursor, the open ones soonest due first, one service), then a step
// action (receiving a complaint at step 1, expected_step set, as the
// panel sends it), in a loop. Full-text searches are measured apart.
//
// Usage: bench_remote [--db FILE] [--source FILE] [--panels N] [--seconds S]
//                     [--think-ms MS] [--port P] [--local-ops N]
#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/service/local.hpp"
#include "keluhan/sync/remote_service.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include "../sync/hub_process.hpp"
#include "support.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace keluhan;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kPassword = "bench-rahasia-1";

struct Options {
    fs::path db = "/tmp/keluhan-bench/remote.db";
    fs::path source = "/tmp/keluhan-bench/bench.db";
    int panels = 20;
    double seconds = 60;
    int think_ms = 500;
    int port = 18470;
    int local_ops = 500;
};

// Latencies of one kind of request, in ms.
struct Samples {
    std::mutex mu;
    std::vector<double> ms;
    int failed = 0;
    void add(double v) {
        std::lock_guard lock(mu);
        ms.push_back(v);
    }
    void fail() {
        std::lock_guard lock(mu);
        ++failed;
    }
    [[nodiscard]] double pct(double p) {
        std::lock_guard lock(mu);
        if (ms.empty()) return 0;
        std::sort(ms.begin(), ms.end());
        const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1));
        return ms[i];
    }
    [[nodiscard]] std::size_t n() {
        std::lock_guard lock(mu);
        return ms.size();
    }
};

struct Phase {
    std::string name;
    Samples page, step, search;
    double seconds = 0;
};

// Step 1 complaints to receive, shared by the panels (each once).
struct Work {
    std::mutex mu;
    std::vector<TrackingCode> codes;
    std::optional<TrackingCode> take() {
        std::lock_guard lock(mu);
        if (codes.empty()) return std::nullopt;
        auto c = codes.back();
        codes.pop_back();
        return c;
    }
};

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

Office load_office() {
    setenv("KELUHAN_ASSETS", KELUHAN_BENCH_ASSETS, 0);
    auto o = Office::load({}, "id");
    if (!o) {
        std::fprintf(stderr, "bench_remote: office: %s\n", o.error().key.c_str());
        std::exit(1);
    }
    return std::move(o).value();
}

// One panel's loop: pages, then a step, until `until` (or `ops` requests).
void panel_loop(OfficeService& svc, const Office& office, Work& work, Phase& ph,
                Clock::time_point until, int ops, int think_ms, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> think(0, 2 * think_ms);
    const std::string service =
        office.config.services.empty() ? std::string() : office.config.services.front();
    std::optional<std::string> cursor;
    for (int i = 0; ops > 0 ? i < ops : Clock::now() < until; ++i) {
        if (think_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(think(rng)));
        const int kind = i % 6;
        const auto t0 = Clock::now();
        if (kind == 5) {
            auto code = work.take();
            if (!code) continue;
            AdvanceRequest req{"Diterima (bench).", false, {}, {}};
            req.expected_step = "terima";
            auto r = svc.advance(*code, req);
            if (r)
                ph.step.add(ms_since(t0));
            else
                ph.step.fail();
            continue;
        }
        ListQuery q;
        if (kind == 1 && cursor) q.after = cursor;
        if (kind == 2) {
            q.status = ComplaintStatus::Open;
            q.sort = ListQuery::Sort::DueSoonest;
        }
        if (kind == 3) q.service = service;
        if (kind == 4) q.text = i % 12 == 4 ? "kalibrasi" : "sertifikat";
        auto r = svc.list(q);
        if (!r) {
            (kind == 4 ? ph.search : ph.page).fail();
            continue;
        }
        (kind == 4 ? ph.search : ph.page).add(ms_since(t0));
        if (kind == 0) cursor = r->next;
    }
}

void report(Phase& p) {
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | %zu | %.1f | %.1f | %.1f | %zu | %.1f | %.1f "
                "| %d |\n",
                p.name.c_str(), p.page.n(), p.page.pct(0.5), p.page.pct(0.95), p.page.pct(0.99),
                p.step.n(), p.step.pct(0.5), p.step.pct(0.95), p.step.pct(0.99), p.search.n(),
                p.search.pct(0.5), p.search.pct(0.95),
                p.page.failed + p.step.failed + p.search.failed);
    std::fflush(stdout);
}

std::unique_ptr<RemoteService> remote_panel(const Options& o, const Office& office,
                                            const std::string& user) {
    RemoteOptions ro;
    ro.hub_url = "http://127.0.0.1:" + std::to_string(o.port);
    ro.sop_dir = office.config.assets_dir / "sop";
    ro.client = "bench_remote";
    auto r = RemoteService::open(ro);
    if (!r) std::exit(1);
    auto u = (*r)->sign_in(user, kPassword);
    if (!u) {
        std::fprintf(stderr, "bench_remote: sign-in %s: %s\n", user.c_str(), u.error().key.c_str());
        std::exit(1);
    }
    return std::move(r).value();
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--db")
            o.db = v;
        else if (a == "--source")
            o.source = v;
        else if (a == "--panels")
            o.panels = std::stoi(v);
        else if (a == "--seconds")
            o.seconds = std::stod(v);
        else if (a == "--think-ms")
            o.think_ms = std::stoi(v);
        else if (a == "--port")
            o.port = std::stoi(v);
        else if (a == "--local-ops")
            o.local_ops = std::stoi(v);
        else {
            std::fprintf(stderr, "usage: bench_remote [--db FILE] [--source FILE] [--panels N] "
                                 "[--seconds S] [--think-ms MS] [--port P] [--local-ops N]\n");
            return 2;
        }
    }
    if (!fs::exists(o.db)) {
        if (!fs::exists(o.source)) {
            std::fprintf(stderr, "bench_remote: %s is missing; run bench_store once\n",
                         o.source.c_str());
            return 1;
        }
        std::printf("copying %s to %s ...\n", o.source.c_str(), o.db.c_str());
        std::fflush(stdout);
        fs::copy_file(o.source, o.db);
    }
    const Office office = load_office();
    const fs::path work_dir = o.db.parent_path() / "remote-bench";
    fs::remove_all(work_dir);
    fs::create_directories(work_dir);

    Work work;
    std::string kiosk_token;
    {
        auto store = Store::open(o.db, StoreOptions{StoreOptions::Access::Write, "bench", 60000});
        if (!store) return 1;
        for (int i = 0; i <= o.panels; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "bench-p%02d", i);
            if (!(*store)->find_user(name))
                if (!create_user(**store, name, name, Role::StafPji, kPassword)) return 1;
        }
        ListQuery q;
        q.status = ComplaintStatus::Open;
        q.step = "terima";
        q.limit = 1000;
        for (int pages = 0; pages < 5; ++pages) {
            auto page = (*store)->list(q);
            if (!page) return 1;
            for (const auto& c : page->rows)
                work.codes.push_back(TrackingCode::parse(c.code).value());
            if (!page->next) break;
            q.after = page->next;
        }
        std::printf("complaints: %lld; at step 1 to receive: %zu\n",
                    static_cast<long long>((*store)->count(ListQuery{}).value()),
                    work.codes.size());
    }
    {
        const std::string name = "bench-kiosk-" + std::to_string(getpid());
        auto r = test::run_process({KELUHAN_BIN, "--db", o.db.string(), "kiosk", "add", name});
        if (r.exit_code != 0) {
            std::fprintf(stderr, "bench_remote: kiosk add: %s\n", r.err.c_str());
            return 1;
        }
        kiosk_token = test::find_token(r.out, name);
    }

    std::printf("\n| phase | pages | p50 ms | p95 ms | p99 ms | steps | p50 ms | p95 ms | p99 ms | "
                "searches | p50 ms | p95 ms | failed |\n|---|---|---|---|---|---|---|---|---|---|"
                "---|---|---|\n");
    // 1. The local panel on the file itself.
    {
        auto store = Store::open(o.db, StoreOptions{StoreOptions::Access::Write, "bench", 60000});
        if (!store) return 1;
        LocalService local(**store, office);
        if (!local.sign_in("bench-p00", kPassword)) return 1;
        Phase ph;
        ph.name = "local, 1 panel";
        panel_loop(local, office, work, ph, Clock::now(), o.local_ops, 0, 1);
        report(ph);
    }

    // The hub, its own process.
    const pid_t hub = fork();
    if (hub == 0) {
        const std::string log = (work_dir / "hub.log").string();
        if (FILE* f = std::freopen(log.c_str(), "w", stdout)) (void)f;
        dup2(fileno(stdout), 2);
        const std::string port = std::to_string(o.port);
        execl(KELUHAN_BIN, KELUHAN_BIN, "--db", o.db.c_str(), "serve", "--listen", "127.0.0.1",
              "--port", port.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    {
        httplib::Client c("127.0.0.1", o.port);
        bool up = false;
        for (int i = 0; i < 600 && !up; ++i) {
            up = static_cast<bool>(c.Get("/api/v1/me"));
            if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (!up) {
            std::fprintf(stderr, "bench_remote: the hub did not answer\n");
            kill(hub, SIGTERM);
            return 1;
        }
    }

    // 2. One remote panel, the hub idle.
    {
        auto p = remote_panel(o, office, "bench-p00");
        Phase ph;
        ph.name = "remote, 1 panel, hub idle";
        panel_loop(*p, office, work, ph, Clock::now(), o.local_ops, 0, 1);
        report(ph);
    }

    // 3. 20 panels and a syncing kiosk.
    {
        std::vector<std::unique_ptr<RemoteService>> panels;
        for (int i = 1; i <= o.panels; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "bench-p%02d", i);
            panels.push_back(remote_panel(o, office, name));
        }
        std::atomic<bool> stop{false};
        int rounds = 0, round_failures = 0, kiosk_sent = 0;
        std::thread kiosk([&] {
            auto ks = Store::open(work_dir / "kiosk.db").value();
            SyncConfig cfg;
            cfg.hub_url = "http://127.0.0.1:" + std::to_string(o.port);
            cfg.token = kiosk_token;
            while (!stop) {
                for (int i = 0; i < 5; ++i)
                    if (submit_complaint(
                            *ks, office,
                            test::sample_submission("Sertifikat kalibrasi belum diterima.")))
                        ++kiosk_sent;
                const auto r = sync_round(*ks, cfg);
                ++rounds;
                if (!r.ok()) ++round_failures;
                for (int i = 0; i < 20 && !stop; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
        Phase ph;
        ph.name = "remote, " + std::to_string(o.panels) + " panels + kiosk syncing";
        const auto until =
            Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(o.seconds * 1000));
        std::vector<std::thread> threads;
        for (int i = 0; i < o.panels; ++i)
            threads.emplace_back([&, i] {
                panel_loop(*panels[static_cast<std::size_t>(i)], office, work, ph, until, 0,
                           o.think_ms, 100 + static_cast<unsigned>(i));
            });
        for (auto& t : threads)
            t.join();
        stop = true;
        kiosk.join();
        report(ph);
        std::printf("\nkiosk: %d complaints submitted, %d sync rounds, %d failed; panels' think "
                    "time %d ms on average\n",
                    kiosk_sent, rounds, round_failures, o.think_ms);
        panels.clear(); // signed out
    }
    kill(hub, SIGTERM);
    int status = 0;
    waitpid(hub, &status, 0);
    return 0;
}

// bench_sync: a kiosk database of --complaints complaints (default 10,000)
// pushed to the real hub (`keluhan serve`) on loopback by sync_round(), the
// same round `keluhan sync --once` and the kiosk's agent run.
//
// The kiosk database is made once with submit_complaint (durable, ~4 ms
// each) and kept as a template; every run copies it and gives the copy fresh
// complaint ids and tracking codes, so the hub stores new complaints each
// time. A benchmark, not a test: ctest never runs it. See docs/benchmarks.md.
//
//   bench_sync [--complaints N] [--runs N] [--seconds S] [--batch N]
//              [--hub URL (--token TOKEN | --hub-db FILE [--hub-config FILE]) [--hub-pid PID]]
//              [--data DIR] [--local]
// Without --hub it starts its own hub (rate limits off) in a temporary folder.
// --seconds keeps running rounds on fresh copies until that much time has
// passed (scripts/bench-hub.sh uses it to load the hub during the status
// page benchmark).

#include "keluhan/domain/ids.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/sync/sync.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include "../sync/hub_process.hpp"
#include "support.hpp"

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

using namespace keluhan;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// CPU seconds (user + system) used so far by this process, or by `pid`.
double cpu_self() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
double cpu_of(pid_t pid) {
    if (pid <= 0) return 0;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    double ticks = 0;
    // Fields after the name: state(3) ... utime(14) stime(15).
    for (int i = 3; i <= 15 && rest >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Options {
    int complaints = 10'000;
    int runs = 3;
    double seconds = 0;
    int batch = 100;
    std::string hub, token;
    std::string hub_db,
        hub_config; // with --hub: a new kiosk per run (`keluhan kiosk add` on this database)
    fs::path data = "bench-sync-data";
    bool local = false; // only the kiosk's side: read the outbox and build the push bodies
    pid_t hub_pid = 0;  // with --hub: the hub's process, for its CPU time
};

// `keluhan kiosk add NAME` on the hub's database; the token.
std::string add_kiosk(const std::string& db, const std::string& config, const std::string& name) {
    std::vector<std::string> argv{KELUHAN_BIN, "--db", db};
    if (!config.empty()) {
        argv.push_back("--config");
        argv.push_back(config);
    }
    argv.insert(argv.end(), {"kiosk", "add", name});
    auto r = test::run_process(argv);
    if (r.exit_code != 0) {
        std::cerr << "bench_sync: kiosk add: " << r.err << "\n";
        std::exit(1);
    }
    return test::find_token(r.out, name);
}

Office load_office() {
    setenv("KELUHAN_ASSETS", KELUHAN_BENCH_ASSETS, 0);
    auto o = Office::load({}, "id");
    if (!o) {
        std::cerr << "bench_sync: office: " << o.error().key << "\n";
        std::exit(1);
    }
    return std::move(o).value();
}

// The template kiosk database with `n` complaints (a tenth of them spoken,
// with a 64 KiB recording), made once.
fs::path make_template(const Options& o, const Office& office) {
    const fs::path file = o.data / ("kiosk-template-" + std::to_string(o.complaints) + ".db");
    if (fs::exists(file)) return file;
    fs::create_directories(o.data);
    const fs::path tmp = file.string() + ".part";
    fs::remove(tmp);
    {
        auto store = Store::open(tmp).value();
        const auto t0 = Clock::now();
        for (int i = 0; i < o.complaints; ++i) {
            Submission s;
            s.channel = i % 10 == 9 ? Channel::Lisan : Channel::Tertulis;
            s.complainant.anonymous = i % 3 == 0;
            if (!s.complainant.anonymous) {
                s.complainant.name = "Pelanggan " + std::to_string(i);
                s.complainant.organization = "CV Maju Jaya";
                s.complainant.phone = "0812" + std::to_string(10'000'000 + i);
            }
            s.service =
                office.config.services[static_cast<std::size_t>(i) % office.config.services.size()];
            s.consent = true;
            if (s.channel == Channel::Lisan)
                s.attachments.push_back({0, "audio/wav", "rekaman.wav",
                                         std::vector<std::uint8_t>(64 * 1024, std::uint8_t(i))});
            else {
                s.description =
                    "Laporan hasil uji nomor " + std::to_string(i) +
                    " terlambat dua minggu dari jadwal yang dijanjikan; kami mohon kejelasan.";
                s.expectation = "Laporan dikirim minggu ini.";
            }
            if (auto r = submit_complaint(*store, office, s); !r) {
                std::cerr << "bench_sync: submit: " << r.error().key << " " << r.error().detail
                          << "\n";
                std::exit(1);
            }
            if ((i + 1) % 1000 == 0)
                std::fprintf(stderr, "bench_sync: template %d/%d (%.0f s)\n", i + 1, o.complaints,
                             std::chrono::duration<double>(Clock::now() - t0).count());
        }
    }
    fs::rename(tmp, file);
    return file;
}

// A copy of the template whose complaints have new ids and codes.
fs::path fresh_copy(const fs::path& templ, const fs::path& dir, int n) {
    const fs::path file = dir / ("kiosk-" + std::to_string(n) + ".db");
    for (const char* ext : {"", "-wal", "-shm", "-writer.lock"})
        fs::remove(file.string() + ext);
    fs::copy_file(templ, file);
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) std::exit(1);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* up = nullptr;
    sqlite3_prepare_v2(db, "UPDATE complaints SET id = ?, code = ? WHERE seq = ?", -1, &up,
                       nullptr);
    std::vector<std::int64_t> seqs;
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT seq FROM complaints", -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW)
        seqs.push_back(sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
    for (auto seq : seqs) {
        const std::string id = new_uuid();
        const std::string code = TrackingCode::generate().compact();
        sqlite3_bind_text(up, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, code.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 3, seq);
        if (sqlite3_step(up) != SQLITE_DONE) {
            std::cerr << "bench_sync: renumber: " << sqlite3_errmsg(db) << "\n";
            std::exit(1);
        }
        sqlite3_reset(up);
    }
    sqlite3_finalize(up);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return file;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "bench_sync: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--complaints")
            o.complaints = std::stoi(next());
        else if (a == "--runs")
            o.runs = std::stoi(next());
        else if (a == "--seconds")
            o.seconds = std::stod(next());
        else if (a == "--batch")
            o.batch = std::stoi(next());
        else if (a == "--hub")
            o.hub = next();
        else if (a == "--token")
            o.token = next();
        else if (a == "--data")
            o.data = next();
        else if (a == "--hub-db")
            o.hub_db = next();
        else if (a == "--hub-config")
            o.hub_config = next();
        else if (a == "--local")
            o.local = true;
        else if (a == "--hub-pid")
            o.hub_pid = std::stoi(next());
        else {
            std::cerr << "usage: bench_sync [--complaints N] [--runs N] [--seconds S] [--batch N] "
                         "[--hub URL (--token TOKEN | --hub-db FILE [--hub-config FILE])] [--data "
                         "DIR] [--local]\n";
            return 2;
        }
    }
    const Office office = load_office();
    const fs::path templ = make_template(o, office);
    const fs::path work = o.data / "runs";
    fs::create_directories(work);
    if (o.local) {
        // The kiosk's own share of a round: the outbox read with its
        // attachments and the push bodies built, batch by batch (nothing sent).
        const fs::path db = fresh_copy(templ, work, 0);
        auto store = Store::open(db).value();
        const auto t0 = Clock::now();
        std::size_t bytes = 0;
        int batches = 0;
        double read_s = 0;
        for (;;) {
            const auto r0 = Clock::now();
            auto items = store->outbox_pending(o.batch).value();
            read_s += std::chrono::duration<double>(Clock::now() - r0).count();
            if (items.empty()) break;
            bytes += push_body(items).size();
            ++batches;
            std::vector<std::int64_t> seqs;
            for (const auto& i : items)
                seqs.push_back(i.complaint.seq);
            // Marked so the next batch comes; this is the kiosk's mark_sent too.
            if (!store->mark_sent(seqs, now_ms())) return 1;
        }
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("kiosk side only: %d batches, %.1f MiB of JSON, %.2f s (outbox reads %.2f s) = "
                    "%.0f complaints/s\n",
                    batches, static_cast<double>(bytes) / (1 << 20), s, read_s, o.complaints / s);
        return 0;
    }

    std::unique_ptr<test::HubProcess> hub;
    if (o.hub.empty()) {
        fs::remove_all(o.data / "hub");
        fs::create_directories(o.data / "hub");
        hub = std::make_unique<test::HubProcess>(
            KELUHAN_BIN, o.data / "hub", "lookups_per_minute = 0\nmisses_per_10_minutes = 0\n");
        hub->start();
        o.hub = hub->url();
        o.hub_pid = hub->pid();
        o.hub_db = hub->db();
        o.hub_config = hub->config();
    }
    if (o.hub_db.empty() && o.token.empty()) {
        std::cerr << "bench_sync: --hub needs --token or --hub-db\n";
        return 2;
    }
    SyncConfig cfg;
    cfg.hub_url = o.hub;
    cfg.token = o.token;
    cfg.batch_size = o.batch;
    cfg.timeout_seconds = 60;

    std::printf(
        "bench_sync: %d complaints a run (a tenth spoken, 64 KiB each), batches of %d, hub %s\n",
        o.complaints, o.batch, o.hub.c_str());
    const auto start = Clock::now();
    std::vector<double> times;
    for (int run = 0;; ++run) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (o.seconds > 0 ? elapsed >= o.seconds : run >= o.runs) break;
        const fs::path db = fresh_copy(templ, work, run % 2);
        auto store = Store::open(db).value();
        // Each run is a new kiosk, as a kiosk with 10,000 complaints would be
        // (its pull brings back its own complaints only).
        if (!o.hub_db.empty())
            cfg.token = add_kiosk(o.hub_db, o.hub_config,
                                  "bench-" + std::to_string(getpid()) + "-" + std::to_string(run));
        const auto t0 = Clock::now();
        const double k0 = cpu_self(), h0 = cpu_of(o.hub_pid);
        const SyncRound r = sync_round(*store, cfg);
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        const double kcpu = cpu_self() - k0, hcpu = cpu_of(o.hub_pid) - h0;
        if (!r.ok() || r.pushed != o.complaints) {
            std::cerr << "bench_sync: round " << run
                      << " failed: " << (r.error ? r.error->key + " " + r.error->detail : "")
                      << " pushed " << r.pushed << "\n";
            return 1;
        }
        times.push_back(s);
        std::printf("run %d: %d complaints in %.2f s = %.0f complaints/s (%d batches, %d status "
                    "changes pulled); "
                    "CPU: kiosk %.2f s, hub %.2f s\n",
                    run + 1, r.pushed, s, r.pushed / s, r.batches, r.pulled, kcpu, hcpu);
        std::fflush(stdout);
    }
    if (!times.empty()) {
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
        std::printf("median: %.2f s for %d complaints = %.0f complaints/s (best %.2f s, worst %.2f "
                    "s, %zu runs)\n",
                    median, o.complaints, o.complaints / median, times.front(), times.back(),
                    times.size());
    }
    return 0;
}

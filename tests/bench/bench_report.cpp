// bench_report: the monthly report (report.hpp) and the personal-data lookup
// over a store of a million complaints with their whole SOP histories.
//
// Builds (once, then reuses) a database of --rows complaints spread over three
// years, each with the events of every step it went through (about 11 per
// closed complaint), then measures:
//   1. month_report() for the busiest month (the recap counts in SQL, the
//      histories read in one pass and run through timeline()),
//   2. its parts: the three counts alone, and the history scan alone,
//   3. report_csv() and render_report() (PDF) of that month,
//   4. find_by_contact() by phone and by e-mail (the personal-data export).
// A benchmark, not a test: ctest never runs it. See docs/benchmarks.md.
//
//   bench_report [--rows N] [--db PATH] [--runs N] [--regenerate]

#include "keluhan/documents/report_pdf.hpp"
#include "keluhan/ops/report.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using keluhan::TimeMs;

namespace {

struct Options {
    std::int64_t rows = 1'000'000;
    fs::path db = "/tmp/keluhan-bench/report.db";
    int runs = 5;
    bool regenerate = false;
};

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

  private:
    std::uint64_t s_;
};

void check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "bench_report: %s: %s\n", what, sqlite3_errmsg(db));
        std::exit(1);
    }
}

std::int64_t count_rows(const fs::path& db_path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return -1;
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM complaints", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

// Complaints over three years before `now`, during office hours; most are
// closed, each step taking a random share of its standard time (a fifth late).
void generate(const Options& o, const keluhan::Office& office, TimeMs now) {
    std::error_code ec;
    fs::create_directories(o.db.parent_path(), ec);
    for (const char* suffix : {"", "-wal", "-shm", "-writer.lock"})
        fs::remove(o.db.string() + suffix, ec);
    {
        auto store = keluhan::Store::open(o.db);
        if (!store) {
            std::fprintf(stderr, "bench_report: %s\n", store.error().key.c_str());
            std::exit(1);
        }
    }
    sqlite3* db = nullptr;
    check(sqlite3_open(o.db.c_str(), &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; BEGIN", nullptr,
                       nullptr, nullptr),
          db, "pragma");
    sqlite3_stmt* ins = nullptr;
    sqlite3_stmt* ev = nullptr;
    check(
        sqlite3_prepare_v2(
            db,
            "INSERT INTO complaints(seq, id, code, channel, name, phone, email, service, "
            "description, "
            "consent, sop, current_step, status, created_at, step_started_at, due_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,?)",
            -1, &ins, nullptr),
        db, "prepare");
    check(sqlite3_prepare_v2(
              db,
              "INSERT INTO events(complaint_seq, kind, step_id, actor, actor_role, at) "
              "VALUES (?,?,?,?,?,?)",
              -1, &ev, nullptr),
          db, "prepare");
    const auto& cal = office.config.calendar;
    const auto& profile = office.profile;
    const auto& services = office.config.services;
    static const char* const channels[] = {"tertulis", "lisan", "elektronik"};
    Rng r(20261121);
    std::vector<TimeMs> stamps(static_cast<std::size_t>(o.rows));
    const auto today = keluhan::days_from_civil(cal.local_date(now));
    for (auto& t : stamps) {
        keluhan::Date d;
        do
            d = keluhan::civil_from_days(today - r.range(1, 3 * 365));
        while (!cal.is_working_day(d));
        t = cal.from_local(d, static_cast<int>(r.range(7 * 60 + 30, 15 * 60)));
    }
    std::sort(stamps.begin(), stamps.end());
    auto event = [&](std::int64_t seq, const char* kind, const std::string& step, TimeMs at) {
        sqlite3_bind_int64(ev, 1, seq);
        sqlite3_bind_text(ev, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(ev, 3, step.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ev, 4, "bench", -1, SQLITE_STATIC);
        sqlite3_bind_text(ev, 5, "staf_pji", -1, SQLITE_STATIC);
        sqlite3_bind_int64(ev, 6, at);
        check(sqlite3_step(ev), db, "event");
        sqlite3_reset(ev);
    };
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < o.rows; ++i) {
        const std::int64_t seq = i + 1;
        TimeMs t = stamps[static_cast<std::size_t>(i)];
        event(seq, "submit", profile.first().id, t);
        const bool recent = now - t < 30LL * 86400'000;
        const std::size_t stop = recent && r.chance(0.7)
                                     ? static_cast<std::size_t>(r.range(
                                           1, static_cast<std::int64_t>(profile.steps.size())))
                                     : profile.steps.size();
        std::string current;
        TimeMs started = t;
        for (std::size_t k = 1; k < profile.steps.size(); ++k) {
            const auto& step = profile.steps[k];
            if (k == stop) {
                current = step.id;
                started = t;
                break;
            }
            const TimeMs due = cal.add(t, step.standard_time);
            const TimeMs span = std::max<TimeMs>(60'000, due - t);
            t += r.chance(0.2) ? span + r.range(60'000, span + 120'000) : r.range(30'000, span);
            event(seq, "complete", step.id, t);
        }
        const std::string code = "B" + std::to_string(seq);
        const std::string phone = "08" + std::to_string(1000000000 + r.range(0, 200000000));
        const std::string email =
            "pelanggan" + std::to_string(r.range(0, 400000)) + "@contoh.co.id";
        const std::string id = "bench-" + std::to_string(seq);
        sqlite3_bind_int64(ins, 1, seq);
        sqlite3_bind_text(ins, 2, id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, code.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, channels[r.range(0, 3)], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, "Pelanggan", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, phone.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 7, email.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 8,
                          services[static_cast<std::size_t>(
                                       r.range(0, static_cast<std::int64_t>(services.size())))]
                              .c_str(),
                          -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 9, "Keluhan uji beban", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 10, profile.name.c_str(), -1, SQLITE_STATIC);
        if (current.empty())
            sqlite3_bind_null(ins, 11);
        else
            sqlite3_bind_text(ins, 11, current.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 12, current.empty() ? "closed" : "open", -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 13, stamps[static_cast<std::size_t>(i)]);
        sqlite3_bind_int64(ins, 14, started);
        if (current.empty())
            sqlite3_bind_null(ins, 15);
        else
            sqlite3_bind_int64(ins, 15, cal.add(started, profile.step(current)->standard_time));
        sqlite3_bind_int64(ins, 16, t);
        check(sqlite3_step(ins), db, "complaint");
        sqlite3_reset(ins);
        if (seq % 100'000 == 0) {
            check(sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr), db, "commit");
            std::fprintf(
                stderr, "bench_report: %lld rows (%.0f s)\n", static_cast<long long>(seq),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
    }
    check(sqlite3_exec(db, "COMMIT; ANALYZE", nullptr, nullptr, nullptr), db, "commit");
    sqlite3_finalize(ins);
    sqlite3_finalize(ev);
    sqlite3_close(db);
}

template <typename F> std::vector<double> time_runs(int runs, F&& f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto a = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                         .count());
    }
    std::sort(ms.begin(), ms.end());
    return ms;
}

void print(const char* what, const std::vector<double>& ms) {
    std::printf("| %s | %.0f | %.0f | %.0f |\n", what, ms.front(), ms[ms.size() / 2], ms.back());
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench_report: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--rows")
            o.rows = std::stoll(value());
        else if (a == "--db")
            o.db = value();
        else if (a == "--runs")
            o.runs = std::max(1, std::stoi(value()));
        else if (a == "--regenerate")
            o.regenerate = true;
        else {
            std::fprintf(stderr,
                         "usage: bench_report [--rows N] [--db PATH] [--runs N] [--regenerate]\n");
            return 2;
        }
    }
    keluhan::Config cfg = keluhan::default_config(KELUHAN_BENCH_ASSETS);
    auto profile = keluhan::load_sop_profile(cfg.sop_path());
    auto catalog = keluhan::Catalog::load(cfg.i18n_dir(), "id");
    if (!profile || !catalog) return 1;
    const keluhan::Office office{cfg, *profile, *catalog};
    const TimeMs now = keluhan::now_ms();
    if (o.regenerate || count_rows(o.db) != o.rows) {
        const auto a = std::chrono::steady_clock::now();
        generate(o, office, now);
        std::fprintf(stderr, "bench_report: generated in %.0f s\n",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
    }
    auto store =
        keluhan::Store::open(o.db, {keluhan::StoreOptions::Access::Read, "bench_report", 5000});
    if (!store) {
        std::fprintf(stderr, "bench_report: %s\n", store.error().key.c_str());
        return 1;
    }
    auto& s = **store;
    // The busiest month.
    const auto& cal = office.config.calendar;
    int year = 0, month = 0;
    std::int64_t busiest = -1;
    for (int back = 1; back < 36; ++back) {
        keluhan::Date d = cal.local_date(now);
        int m = d.month - back, y = d.year;
        while (m < 1)
            m += 12, --y;
        const TimeMs from = cal.from_local({y, m, 1}, 0);
        const TimeMs to =
            cal.from_local(m == 12 ? keluhan::Date{y + 1, 1, 1} : keluhan::Date{y, m + 1, 1}, 0);
        keluhan::ListQuery q;
        q.from = from;
        q.to = to;
        const auto counted = s.count(q);
        const std::int64_t n = counted ? *counted : 0;
        if (n > busiest) busiest = n, year = y, month = m;
    }
    keluhan::User kepala{0, "kepala", "Kepala", keluhan::Role::KepalaBalai};
    std::printf("bench_report: %lld complaints; month %04d-%02d holds %lld of them\n\n",
                static_cast<long long>(count_rows(o.db)), year, month,
                static_cast<long long>(busiest));
    std::printf("| what (%d runs) | min ms | median ms | max ms |\n|---|---:|---:|---:|\n", o.runs);
    keluhan::MonthReport report;
    print("month_report (recap + SLA of every step)", time_runs(o.runs, [&] {
              report = keluhan::month_report(s, office, kepala, year, month, now).value();
          }));
    const TimeMs from = report.from, to = report.to;
    print("  the three counts alone (SQL GROUP BY)", time_runs(o.runs, [&] {
              for (auto g : {keluhan::ReportGroup::ByService, keluhan::ReportGroup::ByChannel,
                             keluhan::ReportGroup::ByStatus})
                  (void)s.count_by(g, from, to);
          }));
    std::int64_t events = 0;
    print("  the history scan alone (no timeline)", time_runs(o.runs, [&] {
              events = 0;
              (void)s.each_history(from, to, [&](const keluhan::ComplaintHistory& h) {
                  events += static_cast<std::int64_t>(h.events.size());
              });
          }));
    print("report_csv",
          time_runs(o.runs, [&] { (void)keluhan::report_csv(report, office, office.catalog); }));
    print("render_report (PDF, 2 pages)",
          time_runs(o.runs, [&] { (void)keluhan::render_report(report, office, office.catalog); }));
    print("find_by_contact by phone (personal-data export)",
          time_runs(o.runs, [&] { (void)s.find_by_contact("0812 3456 7890", ""); }));
    print("find_by_contact by e-mail",
          time_runs(o.runs, [&] { (void)s.find_by_contact("", "Pelanggan123@contoh.co.id"); }));
    std::printf("\nmonth: %lld complaints, %lld events; overall compliance %.1f %%\n",
                static_cast<long long>(report.total), static_cast<long long>(events),
                report.overall.compliance() * 100);
    return 0;
}

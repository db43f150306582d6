// Crash test: a child process (tests/cli/crash_child.cpp) submits complaints
// in a loop and reports each tracking code after submit() returned; this
// parent kills it with SIGKILL at random moments, many times, against the
// same database. Afterwards every reported code must be in the database, no
// complaint may be stored twice, every complaint must have been written
// whole (its submit event and outbox row, its recording when spoken), the
// file must pass PRAGMA integrity_check and foreign_key_check, and a new
// writer must still be able to open it (the lock is never left stuck).
//
// Reproduce a failing run with KELUHAN_CRASH_SEED=<seed printed>; the
// number of rounds can be raised with KELUHAN_CRASH_ROUNDS.
#include "support.hpp"

#include "keluhan/storage/store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

using namespace keluhan;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    return std::strtoull(v, nullptr, 10);
}

// One run of crash_child, its stdout on a pipe, its stderr appended to a log.
class Child {
  public:
    Child(const fs::path& db, std::uint64_t seed, const fs::path& err_log) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, p[1], 1);
        posix_spawn_file_actions_addopen(&fa, 2, err_log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0644);
        const std::string bin = KELUHAN_CRASH_CHILD;
        const std::string db_arg = db.string();
        const std::string seed_arg = std::to_string(seed);
        char* argv[] = {const_cast<char*>(bin.c_str()), const_cast<char*>(db_arg.c_str()),
                        const_cast<char*>(seed_arg.c_str()), nullptr};
        const int rc = posix_spawn(&pid_, bin.c_str(), &fa, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(p[1]);
        if (rc != 0) {
            close(p[0]);
            throw std::runtime_error("posix_spawn " + bin + ": " + std::strerror(rc));
        }
        fd_ = p[0];
    }
    ~Child() {
        if (pid_ > 0) kill_and_reap();
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Reads what the child writes until `deadline`, until at least
    // `min_lines` complete lines arrived, or until the child closed its
    // stdout (it exited). Returns false in the last case.
    bool read_until(Clock::time_point deadline,
                    std::size_t min_lines = std::numeric_limits<std::size_t>::max()) {
        while (fd_ >= 0 && complete_lines() < min_lines) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() < 0) return true;
            pollfd pfd{fd_, POLLIN, 0};
            // Round up: poll() sleeps at least this long; 0 only checks.
            const int r =
                poll(&pfd, 1, static_cast<int>(left.count()) + (left.count() > 0 ? 1 : 0));
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) throw std::runtime_error("poll failed");
            if (r == 0) {
                if (Clock::now() >= deadline) return true;
                continue;
            }
            if (!drain_once()) return false;
        }
        return fd_ >= 0;
    }

    // SIGKILL, then everything the child wrote before it died, then its
    // status. The kernel drops the child's OFD lock with its last descriptor.
    int kill_and_reap() {
        if (pid_ <= 0) return status_;
        ::kill(pid_, SIGKILL);
        while (fd_ >= 0 && drain_once()) {
        }
        while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status_;
    }

    // The lines the child finished writing; a trailing fragment without its
    // '\n' was cut mid-write and does not count.
    [[nodiscard]] std::vector<std::string> lines() const {
        std::vector<std::string> out;
        std::size_t start = 0;
        for (std::size_t nl; (nl = buf_.find('\n', start)) != std::string::npos; start = nl + 1)
            out.push_back(buf_.substr(start, nl - start));
        return out;
    }
    [[nodiscard]] bool has_partial_line() const { return !buf_.empty() && buf_.back() != '\n'; }

  private:
    [[nodiscard]] std::size_t complete_lines() const {
        std::size_t n = 0;
        for (char ch : buf_)
            n += ch == '\n' ? 1u : 0u;
        return n;
    }
    // One read(); false (and the pipe closed) at end of file.
    bool drain_once() {
        char chunk[4096];
        for (;;) {
            const ssize_t n = read(fd_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                close(fd_);
                fd_ = -1;
                return false;
            }
            buf_.append(chunk, static_cast<std::size_t>(n));
            return true;
        }
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    int status_ = 0;
    std::string buf_;
};

std::string describe_status(int status) {
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status));
    if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
    return "status " + std::to_string(status);
}

// What the children wrote to their shared stderr log from `from` on.
std::uintmax_t log_size(const fs::path& log) {
    std::error_code ec;
    const auto n = fs::file_size(log, ec);
    return ec ? 0 : n;
}
std::string log_since(const fs::path& log, std::uintmax_t from) {
    const std::string all = test::read_file(log);
    return from < all.size() ? all.substr(static_cast<std::size_t>(from)) : std::string();
}

bool killed_by_sigkill(int status) {
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// A read-only raw connection for the checks the Store does not offer.
class RawDb {
  public:
    explicit RawDb(const fs::path& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw std::runtime_error("sqlite3_open_v2: " + msg);
        }
    }
    ~RawDb() { sqlite3_close(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    // Every row, its columns as text, joined with '|'.
    [[nodiscard]] std::vector<std::string> rows(const char* sql) const {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_) + ": " + sql);
        std::vector<std::string> out;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                if (i) row += '|';
                const auto* t = sqlite3_column_text(st, i);
                row += t ? reinterpret_cast<const char*>(t) : "NULL";
            }
            out.push_back(std::move(row));
        }
        const std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
        sqlite3_finalize(st);
        if (!err.empty()) throw std::runtime_error("step: " + err + ": " + sql);
        return out;
    }
    [[nodiscard]] std::int64_t scalar(const char* sql) const {
        const auto r = rows(sql);
        if (r.size() != 1) throw std::runtime_error(std::string("not one row: ") + sql);
        return std::stoll(r[0]);
    }

  private:
    sqlite3* db_ = nullptr;
};

} // namespace

TEST_CASE("crash: complaints reported by a writer survive SIGKILL at any moment") {
    const auto start = Clock::now();
    const std::uint64_t seed = env_number("KELUHAN_CRASH_SEED", std::random_device{}());
    const std::uint64_t rounds = env_number("KELUHAN_CRASH_ROUNDS", 120);
    INFO("reproduce with KELUHAN_CRASH_SEED=" << seed << " KELUHAN_CRASH_ROUNDS=" << rounds);
    std::mt19937_64 rng(seed);

    test::TempDir dir;
    const fs::path db = dir / "keluhan.db";
    const fs::path err_log = dir / "child-stderr.log";

    std::vector<std::string> reported;
    std::size_t early_rounds = 0, cut_lines = 0, silent_rounds = 0;
    for (std::uint64_t round = 0; round < rounds; ++round) {
        // One round in five dies while starting up (opening, recovering the
        // WAL, migrating); the others after a few or many commits.
        const bool early = rng() % 5 == 0;
        const auto delay =
            std::chrono::microseconds(early ? rng() % 5'001 : 2'000 + rng() % 148'001);
        early_rounds += early ? 1u : 0u;
        const auto log_from = log_size(err_log);
        Child child(db, seed * 1000 + round, err_log);
        const bool alive = child.read_until(Clock::now() + delay);
        const int status = child.kill_and_reap();
        INFO("round " << round << " after " << delay.count() << " us: " << describe_status(status)
                      << "; its stderr: " << log_since(err_log, log_from));
        // Only our SIGKILL may end it: an error exit means a refused open
        // (a stuck lock, a corrupt file) or a failed submit.
        CHECK(alive);
        CHECK_MESSAGE(killed_by_sigkill(status), describe_status(status));
        const auto lines = child.lines();
        cut_lines += child.has_partial_line() ? 1u : 0u;
        silent_rounds += lines.empty() ? 1u : 0u;
        reported.insert(reported.end(), lines.begin(), lines.end());
    }
    const auto crash_time = Clock::now() - start;

    // The writer lock is never left stuck by a kill: a new child must open the
    // file for writing and submit; and while it does, this process writes the
    // same file too, the two taking turns transaction by transaction.
    {
        const auto log_from = log_size(err_log);
        Child child(db, seed * 1000 + rounds, err_log);
        INFO("final child's stderr: " << log_since(err_log, log_from));
        CHECK(child.read_until(Clock::now() + std::chrono::seconds(20), 1));
        const auto lines = child.lines();
        CHECK_MESSAGE(!lines.empty(), "the final child never submitted: the lock or file is stuck");
        auto second =
            Store::open(db, StoreOptions{StoreOptions::Access::Write, "test_crash", 5000});
        REQUIRE_MESSAGE(second.ok(),
                        (second.ok() ? "" : second.error().key + " " + second.error().detail));
        const auto office = test::load_office();
        for (int i = 0; i < 20; ++i) {
            auto mine = test::sample_submission();
            mine.description =
                "written by the parent between the child's writes, number " + std::to_string(i);
            auto sub = submit_complaint(**second, office, mine);
            REQUIRE_MESSAGE(sub.ok(), (sub.ok() ? "" : sub.error().key + " " + sub.error().detail));
            reported.push_back(sub->code.grouped());
        }
        second->reset();
        CHECK(child.read_until(Clock::now() + std::chrono::seconds(20), lines.size() + 1));
        const int status = child.kill_and_reap();
        INFO("final child: " << describe_status(status));
        CHECK_MESSAGE(killed_by_sigkill(status), describe_status(status));
        const auto all = child.lines();
        reported.insert(reported.end(), all.begin(), all.end());
    }

    // Every code the child reported, each once, and each stored.
    std::set<std::string> distinct;
    for (const auto& line : reported) {
        auto code = TrackingCode::parse(line);
        REQUIRE_MESSAGE(code.ok(), "not a tracking code: '" << line << "'");
        CHECK_MESSAGE(distinct.insert(code->compact()).second, "reported twice: " << line);
    }
    {
        auto store = Store::open(db, StoreOptions{StoreOptions::Access::Read, "test_crash", 5000});
        REQUIRE_MESSAGE(
            store.ok(),
            ((store.ok() ? std::string() : store.error().key + " " + store.error().detail)));
        std::size_t missing = 0;
        for (const auto& line : reported) {
            auto code = TrackingCode::parse(line);
            auto found = (*store)->find_by_code(*code);
            if (!found.ok() || found->code != code->compact()) {
                ++missing;
                FAIL_CHECK("reported after submit returned, but not stored: " << line);
                continue;
            }
            // Its history starts with exactly one submit.
            auto events = (*store)->events(found->seq);
            REQUIRE(events.ok());
            std::size_t submits = 0;
            for (const auto& e : *events)
                submits += e.kind == "submit" ? 1u : 0u;
            CHECK(submits == 1);
        }
        CHECK(missing == 0);
        auto problems = (*store)->check();
        REQUIRE(problems.ok());
        for (const auto& p : *problems)
            FAIL_CHECK("check: " << p);
        CHECK(problems->empty());
    }

    // Whole transactions only, and nothing twice.
    RawDb raw(db);
    CHECK(raw.rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(raw.rows("PRAGMA foreign_key_check").empty());
    const auto complaints = raw.scalar("SELECT count(*) FROM complaints");
    CHECK(complaints > 0);
    CHECK(complaints >= static_cast<std::int64_t>(reported.size()));
    CHECK(raw.rows("SELECT code, count(*) FROM complaints GROUP BY code HAVING count(*) > 1")
              .empty());
    CHECK(raw.rows("SELECT id, count(*) FROM complaints GROUP BY id HAVING count(*) > 1").empty());
    // Each child numbers its descriptions with its own seed: one submission
    // stored twice (a retry after a "failed" commit that had landed) shows here.
    CHECK(raw.rows("SELECT description, count(*) FROM complaints GROUP BY description "
                   "HAVING count(*) > 1")
              .empty());
    CHECK(raw.rows("SELECT c.code FROM complaints c WHERE (SELECT count(*) FROM events e "
                   "WHERE e.complaint_seq = c.seq AND e.kind = 'submit') <> 1")
              .empty());
    CHECK(raw.rows("SELECT c.code FROM complaints c WHERE (SELECT count(*) FROM outbox o "
                   "WHERE o.complaint_seq = c.seq) <> 1")
              .empty());
    CHECK(raw.scalar("SELECT count(*) FROM outbox") == complaints);
    CHECK(raw.rows("SELECT e.id FROM events e WHERE NOT EXISTS "
                   "(SELECT 1 FROM complaints c WHERE c.seq = e.complaint_seq)")
              .empty());
    CHECK(raw.rows("SELECT a.id FROM attachments a WHERE NOT EXISTS "
                   "(SELECT 1 FROM complaints c WHERE c.seq = a.complaint_seq)")
              .empty());
    // The child gives every spoken complaint one recording and no other
    // complaint any: a recording missing or extra is a torn transaction.
    CHECK(raw.rows("SELECT c.code FROM complaints c WHERE (SELECT count(*) FROM attachments a "
                   "WHERE a.complaint_seq = c.seq) <> (c.channel = 'lisan')")
              .empty());
    CHECK(raw.rows("SELECT id FROM attachments WHERE size <> length(data) OR size < 1024 "
                   "OR media_type <> 'audio/wav'")
              .empty());
    const auto attachments = raw.scalar("SELECT count(*) FROM attachments");
    if (complaints >= 60) CHECK(attachments > 0); // one in three is spoken

    const auto secs = [](Clock::duration d) {
        return static_cast<double>(
                   std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) /
               1000.0;
    };
    MESSAGE("seed " << seed << ": " << rounds << " kills (" << early_rounds << " early, "
                    << silent_rounds << " before any report, " << cut_lines << " cut mid-line) in "
                    << secs(crash_time) << " s; " << reported.size() << " codes reported, "
                    << complaints << " complaints stored, " << attachments << " recordings; "
                    << secs(Clock::now() - start) << " s in all");
}

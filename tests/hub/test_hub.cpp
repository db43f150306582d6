// The hub over real loopback HTTP: the real `keluhan serve` as a child
// process on a port of its choosing (read back from its log), and the Hub
// class in-process. Kiosk databases are real SQLite files made through the
// core's submit.
#include "hub.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/sync/sync.hpp"
#include "keluhan/sync/sync_agent.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

extern char** environ;

using namespace keluhan;
using keluhan::test::TempDir;
using nlohmann::json;

namespace {

const std::string kBin = KELUHAN_BIN;

// `keluhan serve` on its own database, on any free port.
class ServeProcess {
  public:
    ServeProcess(const TempDir& dir, const std::string& extra_toml = {})
        : db_((dir / "hub.db").string()), config_((dir / "hub.toml").string()),
          log_((dir / "hub.log").string()) {
        std::ofstream(config_) << "[hub]\nlisten = \"127.0.0.1\"\nport = 0\n" << extra_toml;
    }
    ~ServeProcess() { stop(SIGKILL); }

    std::vector<std::string> cli(std::vector<std::string> args) const {
        std::vector<std::string> argv{kBin, "--db", db_, "--config", config_};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    void start() {
        std::ofstream(log_, std::ios::trunc).close();
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        const auto argv = cli({"serve"});
        std::vector<char*> c;
        for (const auto& a : argv)
            c.push_back(const_cast<char*>(a.c_str()));
        c.push_back(nullptr);
        REQUIRE(posix_spawn(&pid_, kBin.c_str(), &fa, nullptr, c.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&fa);
        const std::regex re(R"(http://127\.0\.0\.1:(\d+))");
        for (int i = 0; i < 400; ++i) {
            std::smatch m;
            const std::string text = log();
            if (std::regex_search(text, m, re)) {
                port_ = std::stoi(m[1]);
                return;
            }
            int st = 0;
            if (waitpid(pid_, &st, WNOHANG) == pid_) {
                pid_ = -1;
                FAIL("keluhan serve ended at start: " << text);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        FAIL("keluhan serve did not start: " << log());
    }

    // Returns the exit status (-1 when killed by a signal).
    int stop(int sig = SIGTERM) {
        if (pid_ <= 0) return -2;
        ::kill(pid_, sig);
        int st = 0;
        waitpid(pid_, &st, 0);
        pid_ = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }

    [[nodiscard]] std::string log() const { return test::read_file(log_); }
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] const std::string& db() const { return db_; }
    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(30, 0);
        c.set_write_timeout(30, 0);
        return c;
    }

  private:
    std::string db_, config_, log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

std::string add_kiosk(const ServeProcess& hub, const std::string& name) {
    const auto r = test::run_process(hub.cli({"kiosk", "add", name}));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::smatch m;
    const std::regex re(name + R"(\.[A-Za-z0-9_-]{43})");
    REQUIRE_MESSAGE(std::regex_search(r.out, m, re), r.out);
    return m.str();
}

std::unique_ptr<Store> open_store(const std::filesystem::path& p, bool write = true) {
    auto s = Store::open(
        p, StoreOptions{write ? StoreOptions::Access::Write : StoreOptions::Access::Read, "test",
                        5000});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().key + " " + s.error().detail));
    return std::move(s).value();
}

// A kiosk database with `n` written complaints and one spoken one with a recording.
struct Kiosk {
    std::unique_ptr<Store> store;
    std::vector<Submitted> made;
};
Kiosk make_kiosk(const std::filesystem::path& db, const Office& office, int n) {
    Kiosk k{open_store(db), {}};
    for (int i = 0; i < n; ++i) {
        auto s =
            test::sample_submission("Laporan hasil uji nomor " + std::to_string(i) + " terlambat.");
        s.complainant.name = "Budi Rahasia";
        s.complainant.phone = "0812 1111 2222";
        s.complainant.email = "budi.rahasia@contoh.co.id";
        auto r = submit_complaint(*k.store, office, s);
        REQUIRE(r.ok());
        k.made.push_back(std::move(r).value());
    }
    Submission spoken;
    spoken.channel = Channel::Lisan;
    spoken.complainant.anonymous = true;
    spoken.service = "kalibrasi";
    spoken.consent = true;
    std::vector<std::uint8_t> wav(40000);
    for (std::size_t i = 0; i < wav.size(); ++i)
        wav[i] = static_cast<std::uint8_t>((i * 31) ^ (i >> 3));
    spoken.attachments.push_back(Attachment{0, "audio/wav", "rekaman.wav", wav});
    auto r = submit_complaint(*k.store, office, spoken);
    REQUIRE(r.ok());
    k.made.push_back(std::move(r).value());
    return k;
}

httplib::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

httplib::Result push(httplib::Client& c, const std::string& token, const std::string& body) {
    return c.Post("/api/v1/sync/push", bearer(token), body, "application/json");
}

std::int64_t hub_count(const ServeProcess& hub) {
    auto s = open_store(hub.db(), false);
    return *s->count(ListQuery{});
}

std::string error_key(const httplib::Result& r) {
    const auto j = json::parse(r->body, nullptr, false);
    if (j.is_discarded() || !j.contains("error"))
        return "(not an error body: " + r->body.substr(0, 200) + ")";
    return j["error"].value("key", "");
}

constexpr const char* kNoLimits = "lookups_per_minute = 0\nmisses_per_10_minutes = 0\n";

} // namespace

TEST_CASE("a batch syncs once: stored with origin, event and attachment bytes, the same batch "
          "again is duplicate") {
    TempDir dir;
    const Office office = test::load_office();
    ServeProcess hub(dir, kNoLimits);
    const std::string token = add_kiosk(hub, "kiosk-lobi");
    hub.start();
    auto kiosk = make_kiosk(dir / "kiosk.db", office, 3);
    auto items = kiosk.store->outbox_pending(100);
    REQUIRE(items->size() == 4);
    const std::string body = push_body(*items);
    auto c = hub.client();

    auto r = push(c, token, body);
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    auto reply = parse_push_reply(r->body);
    REQUIRE(reply.ok());
    REQUIRE(reply->size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(reply->at(i).id == items->at(i).complaint.id);
        CHECK(reply->at(i).result == PushResult::Kind::Stored);
    }
    {
        auto h = open_store(hub.db(), false);
        CHECK(*h->count(ListQuery{}) == 4);
        for (const auto& m : kiosk.made) {
            auto got = h->find_by_id(m.complaint.id);
            REQUIRE(got.ok());
            CHECK(got->origin == "kiosk-lobi");
            CHECK(got->code == m.code.compact());
            CHECK(got->created_at == m.complaint.created_at);
            CHECK(got->description == m.complaint.description);
            auto ev = h->events(got->seq);
            REQUIRE(ev->size() == 1);
            CHECK(ev->at(0).kind == "submit");
        }
        auto spoken = h->find_by_id(kiosk.made.back().complaint.id);
        auto att = h->attachments(spoken->seq, true);
        REQUIRE(att->size() == 1);
        CHECK(att->at(0).data ==
              kiosk.store->attachments(kiosk.made.back().complaint.seq, true)->at(0).data);
        CHECK(h->find_kiosk("kiosk-lobi")->last_seen_at > 0);
    }

    auto again = push(c, token, body);
    REQUIRE(again);
    REQUIRE(again->status == 200);
    const auto dup = parse_push_reply(again->body);
    REQUIRE(dup.ok());
    REQUIRE(dup->size() == 4);
    for (const auto& res : *dup)
        CHECK(res.result == PushResult::Kind::Duplicate);
    CHECK(hub_count(hub) == 4);
    // one line per batch in the log
    const auto log = hub.log();
    CHECK(log.find("sync push kiosk=kiosk-lobi complaints=4 stored=4 duplicate=0 rejected=0") !=
          std::string::npos);
    CHECK(log.find("stored=0 duplicate=4") != std::string::npos);
    CHECK(hub.stop() == 0);
}

TEST_CASE("missing, malformed, unknown, wrong and revoked tokens get 401 and store nothing") {
    TempDir dir;
    const Office office = test::load_office();
    ServeProcess hub(dir, kNoLimits);
    const std::string token = add_kiosk(hub, "kiosk-lobi");
    const std::string other = add_kiosk(hub, "kiosk-lt2");
    hub.start();
    auto kiosk = make_kiosk(dir / "kiosk.db", office, 1);
    const std::string body = push_body(*kiosk.store->outbox_pending(100));
    auto c = hub.client();
    const std::string secret = token.substr(token.rfind('.') + 1);
    std::string wrong = secret;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    const std::vector<std::pair<std::string, httplib::Headers>> refused = {
        {"missing", {}},
        {"not bearer", {{"Authorization", "Basic a2lvc2s6eA=="}}},
        {"malformed", bearer("kiosk-lobi")},
        {"short secret", bearer("kiosk-lobi.abc")},
        {"wrong secret", bearer("kiosk-lobi." + wrong)},
        {"another kiosk's secret", bearer("kiosk-lobi." + other.substr(other.rfind('.') + 1))},
        {"unknown kiosk", bearer("kiosk-baru." + secret)},
    };
    for (const auto& [what, headers] : refused) {
        auto r = c.Post("/api/v1/sync/push", headers, body, "application/json");
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 401, what);
        CHECK_MESSAGE(error_key(r) == "err.sync.token", what);
        auto g = c.Get("/api/v1/sync/changes", headers);
        CHECK_MESSAGE(g->status == 401, what);
    }
    CHECK(hub_count(hub) == 0);

    // Revoked while the hub runs (the command line writes the same file).
    const auto rv = test::run_process(hub.cli({"kiosk", "revoke", "kiosk-lobi"}));
    REQUIRE_MESSAGE(rv.exit_code == 0, rv.err);
    auto r = push(c, token, body);
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(hub_count(hub) == 0);
    // the other kiosk still gets in
    auto ok = push(c, other, body);
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(hub_count(hub) == 2); // a written and a spoken complaint
    const auto list = test::run_process(hub.cli({"--json", "kiosk", "list"}));
    const auto kiosks = json::parse(list.out);
    REQUIRE(kiosks.size() == 2);
    CHECK(kiosks[0]["name"] == "kiosk-lobi");
    CHECK(kiosks[0]["revoked"] == true);
    CHECK(kiosks[1]["revoked"] == false);
}

TEST_CASE("malformed input to every endpoint gets a 4xx and the hub stays up") {
    // The hub cuts an oversized body short; this test's client, like a
    // kiosk's, must see a broken connection rather than die of SIGPIPE.
    keluhan::ignore_broken_pipes();
    TempDir dir;
    const Office office = test::load_office();
    ServeProcess hub(dir, "max_body_mb = 32\n" + std::string(kNoLimits));
    const std::string token = add_kiosk(hub, "kiosk-lobi");
    hub.start();
    auto kiosk = make_kiosk(dir / "kiosk.db", office, 1);
    auto c = hub.client();
    const std::string good = push_body(*kiosk.store->outbox_pending(100));

    struct Case {
        std::string what, body;
        int status;
        std::string key;
    };
    auto j = json::parse(good);
    auto wrong_type = j;
    wrong_type["complaints"][0]["created_at"] = "kemarin";
    auto missing = j;
    missing["complaints"][0].erase("description");
    auto bad_version = j;
    bad_version["version"] = 2;
    auto bad_base64 = j;
    bad_base64["complaints"][1]["attachments"][0]["data"] = "!!!";
    json many = {{"version", 1}, {"complaints", json::array()}};
    for (int i = 0; i < 201; ++i)
        many["complaints"].push_back(j["complaints"][0]);
    const std::vector<Case> cases = {
        {"empty", "", 400, "err.sync.payload"},
        {"not JSON", "{\"version\":1,", 400, "err.sync.payload"},
        {"binary", std::string("\x00\xff\xfe{", 4), 400, "err.sync.payload"},
        {"array", "[1,2,3]", 400, "err.sync.payload"},
        {"deep", std::string(5000, '[') + std::string(5000, ']'), 400, "err.sync.payload"},
        {"wrong type", wrong_type.dump(), 400, "err.sync.payload"},
        {"missing field", missing.dump(), 400, "err.sync.payload"},
        {"version 2", bad_version.dump(), 400, "err.sync.version"},
        {"bad base64", bad_base64.dump(), 400, "err.sync.payload"},
        {"201 complaints", many.dump(), 400, "err.sync.too_many"},
    };
    for (const auto& k : cases) {
        auto r = push(c, token, k.body);
        REQUIRE_MESSAGE(r, k.what);
        CHECK_MESSAGE(r->status == k.status, k.what << ": " << r->body);
        CHECK_MESSAGE(error_key(r) == k.key, k.what);
    }
    CHECK(hub_count(hub) == 0);

    // invalid values inside a well-formed body are rejected one by one
    auto bad_values = j;
    std::string typo = bad_values["complaints"][0]["code"];
    typo.back() = typo.back() == 'A' ? 'B' : 'A'; // the check symbol catches it
    bad_values["complaints"][0]["code"] = typo;
    bad_values["complaints"][1]["id"] = "../../etc/passwd";
    auto r = push(c, token, bad_values.dump());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const auto rejected = parse_push_reply(r->body);
    REQUIRE(rejected.ok());
    REQUIRE(rejected->size() == 2);
    for (const auto& res : *rejected)
        CHECK(res.result == PushResult::Kind::Rejected);
    CHECK(hub_count(hub) == 0);

    // 33 MiB: refused before it is read (413), or the connection is cut
    std::string huge = good;
    huge.insert(huge.size() - 2, std::string(33u << 20, ' '));
    auto big = push(c, token, huge);
    if (big) {
        CHECK(big->status == 413);
        CHECK(error_key(big) == "err.hub.too_large");
    }

    // pull parameters
    CHECK(c.Get("/api/v1/sync/changes?since=abc", bearer(token))->status == 400);
    CHECK(c.Get("/api/v1/sync/changes?since=-5", bearer(token))->status == 400);
    CHECK(c.Get("/api/v1/sync/changes?limit=0", bearer(token))->status == 400);
    CHECK(c.Get("/api/v1/sync/changes?limit=1001", bearer(token))->status == 400);
    CHECK(c.Get("/api/v1/sync/changes?limit=ten", bearer(token))->status == 400);
    CHECK(c.Get("/api/v1/sync/changes?since=0&limit=1000", bearer(token))->status == 200);

    // routes, methods and path tricks
    for (const char* path :
         {"/", "/api", "/api/v1/sync", "/api/v1/sync/push/x", "/s", "/s/", "/s/a/b",
          "/s/../../etc/passwd", "/s/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/s/%00", "/s/7KQ2%00M9XD",
          "/api/v1/status/%ff%fe", "/api/v1/status/..%2f..%2f", "/healthz/..", "/favicon.ico"}) {
        auto g = c.Get(path);
        REQUIRE_MESSAGE(g, path);
        CHECK_MESSAGE(g->status >= 400, path);
        CHECK_MESSAGE(g->status < 500, path);
    }
    const auto wrong_method = c.Get("/api/v1/sync/push");
    CHECK(wrong_method->status == 405);
    CHECK(wrong_method->get_header_value("Allow") == "POST");
    CHECK(error_key(wrong_method) == "err.hub.method");
    CHECK(c.Delete("/s/7KQ2-M9XD-4HTA-J")->status >= 400);
    CHECK(c.Put("/api/v1/sync/push", good, "application/json")->status >= 400);
    CHECK(c.Get(("/s/" + std::string(5000, 'A')).c_str())->status == 414);
    CHECK(c.Get(("/s/" + std::string(2000, 'A')).c_str())->status == 404);

    auto health = c.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(hub.log().find("internal error") == std::string::npos);
    CHECK(hub.stop() == 0);
}

TEST_CASE("the status page: lang attribute, the office as set, the SOP steps, nothing personal, "
          "and bad and unknown codes look the same") {
    TempDir dir;
    const Office office = test::load_office();
    ServeProcess hub(dir, kNoLimits);
    const std::string token = add_kiosk(hub, "kiosk-lobi");
    // The office's name as the administrator set it in the panel (stored
    // settings over the config file).
    const auto admin = test::run_process(
        hub.cli({"user", "add", "admin", "--role", "administrator"}), "kata-sandi-admin\n");
    REQUIRE_MESSAGE(admin.exit_code == 0, admin.err);
    const auto named = test::run_process(
        hub.cli({"settings", "set", "office.short_name", "BSPJI Uji Coba", "--user", "admin"}), {},
        {{"KELUHAN_PASSWORD", "kata-sandi-admin"}});
    REQUIRE_MESSAGE(named.exit_code == 0, named.err);
    hub.start();
    auto kiosk = make_kiosk(dir / "kiosk.db", office, 1);
    auto c = hub.client();
    REQUIRE(push(c, token, push_body(*kiosk.store->outbox_pending(100)))->status == 200);
    const auto& made = kiosk.made.front();

    auto page = c.Get(("/s/" + made.code.grouped()).c_str());
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK(page->get_header_value("Content-Type").find("text/html") == 0);
    const std::string& html = page->body;
    CHECK(html.find("<html lang=\"id\">") != std::string::npos);
    CHECK(html.find(made.code.grouped()) != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("BSPJI Uji Coba") != std::string::npos);
    for (const auto& step : office.profile.steps)
        CHECK_MESSAGE(html.find(step.visitor_text_id) != std::string::npos, step.id);
    CHECK(html.find("aria-current=\"step\"") != std::string::npos);
    for (const char* secret : {"Budi", "Rahasia", "0812", "1111", "contoh.co.id",
                               "Laporan hasil uji", "Karet", "LHU-001", "kiosk-lobi"})
        CHECK_MESSAGE(html.find(secret) == std::string::npos, secret);
    // codes are read leniently
    auto lower = c.Get(("/s/" + text::ascii_lower(made.code.compact())).c_str());
    CHECK(lower->status == 200);

    auto en = c.Get(("/s/" + made.code.compact() + "?lang=en").c_str());
    REQUIRE(en->status == 200);
    CHECK(en->body.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en->body.find(office.profile.steps[1].visitor_text_en) != std::string::npos);
    CHECK(en->body.find("href=\"?lang=id\"") != std::string::npos);
    CHECK(html.find("href=\"?lang=en\"") != std::string::npos);

    auto api = c.Get(("/api/v1/status/" + made.code.compact()).c_str());
    REQUIRE(api->status == 200);
    const auto view = json::parse(api->body);
    CHECK(view["code"] == made.code.grouped());
    CHECK(view["steps"].size() == office.profile.steps.size());
    for (const char* secret : {"Budi", "Rahasia", "0812", "contoh", "Laporan"})
        CHECK_MESSAGE(api->body.find(secret) == std::string::npos, secret);

    // A bad code and a valid but unknown one: the same answer, byte for byte.
    const std::string unknown = TrackingCode::generate().grouped();
    auto bad_html = c.Get("/s/7KQ2-M9XD-4HTA-Z");
    auto unknown_html = c.Get(("/s/" + unknown).c_str());
    auto garbage_html = c.Get("/s/%3Cscript%3E");
    REQUIRE(bad_html);
    CHECK(bad_html->status == 404);
    CHECK(unknown_html->status == 404);
    CHECK(garbage_html->status == 404);
    CHECK(bad_html->body == unknown_html->body);
    CHECK(garbage_html->body == unknown_html->body);
    CHECK(unknown_html->body.find("<html lang=\"id\">") != std::string::npos);
    auto bad_json = c.Get("/api/v1/status/XXXX");
    auto unknown_json = c.Get(("/api/v1/status/" + unknown).c_str());
    CHECK(bad_json->status == 404);
    CHECK(unknown_json->status == 404);
    CHECK(bad_json->body == unknown_json->body);

    // the log masks codes after four symbols
    const auto log = hub.log();
    CHECK(log.find(made.code.grouped()) == std::string::npos);
    CHECK(log.find(made.code.compact()) == std::string::npos);
    CHECK(log.find("GET /s/" + made.code.grouped().substr(0, 4)) != std::string::npos);
}

TEST_CASE("status lookups are rate limited per client address, misses count harder") {
    TempDir dir;
    const Office office = test::load_office();
    ServeProcess hub(dir,
                     "lookups_per_minute = 30\nmisses_per_10_minutes = 3\nblock_minutes = 5\n");
    const std::string token = add_kiosk(hub, "kiosk-lobi");
    hub.start();
    auto kiosk = make_kiosk(dir / "kiosk.db", office, 1);
    auto c = hub.client();
    REQUIRE(push(c, token, push_body(*kiosk.store->outbox_pending(100)))->status == 200);
    const std::string known = "/s/" + kiosk.made.front().code.grouped();
    for (int i = 0; i < 5; ++i)
        CHECK(c.Get(known.c_str())->status == 200); // hits are fine
    for (int i = 0; i < 3; ++i)
        CHECK(c.Get(("/s/" + TrackingCode::generate().grouped()).c_str())->status == 404);
    auto blocked = c.Get(known.c_str());
    REQUIRE(blocked);
    CHECK(blocked->status == 429);
    CHECK(std::stoi(blocked->get_header_value("Retry-After")) > 60);
    CHECK(blocked->body.find("<html lang=\"id\">") != std::string::npos);
    auto blocked_api = c.Get("/api/v1/status/XXXX");
    CHECK(blocked_api->status == 429);
    CHECK(error_key(blocked_api) == "err.hub.rate_limited");
    // sync and health are not status lookups
    CHECK(c.Get("/healthz")->status == 200);
    CHECK(c.Get("/api/v1/sync/changes", bearer(token))->status == 200);
}

TEST_CASE("healthz, and SIGTERM stops the hub promptly with exit 0") {
    TempDir dir;
    ServeProcess hub(dir);
    hub.start();
    auto c = hub.client();
    auto h = c.Get("/healthz");
    REQUIRE(h);
    CHECK(h->status == 200);
    const auto j = json::parse(h->body);
    CHECK(j["ok"] == true);
    CHECK(j["db"] == "ok");
    CHECK(j["schema"] == Store::latest_schema_version());
    CHECK(j["version"].is_string());
    // the request's log line is written just after the answer
    for (int i = 0; i < 100 && hub.log().find("GET /healthz 200") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(hub.log().find("GET /healthz 200") != std::string::npos);
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(hub.stop(SIGTERM) == 0);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
    // and again on the same database: nothing was left locked
    hub.start();
    CHECK(hub.client().Get("/healthz")->status == 200);
    CHECK(hub.stop(SIGINT) == 0);
}

TEST_CASE(
    "the pull: only this kiosk's complaints, the cursor advances, staff changes show at once") {
    TempDir dir;
    const Office office = test::load_office();
    ServeProcess hub(dir, kNoLimits);
    const std::string lobi = add_kiosk(hub, "kiosk-lobi");
    const std::string lt2 = add_kiosk(hub, "kiosk-lt2");
    REQUIRE(test::run_process(hub.cli({"user", "add", "staf", "--role", "staf_pji"}), {},
                              {{"KELUHAN_PASSWORD", "rahasia-staf-1"}})
                .exit_code == 0);
    hub.start();
    auto k1 = make_kiosk(dir / "k1.db", office, 2); // 3 complaints
    auto k2 = make_kiosk(dir / "k2.db", office, 0); // 1 complaint
    auto c = hub.client();
    REQUIRE(push(c, lobi, push_body(*k1.store->outbox_pending(100)))->status == 200);
    REQUIRE(push(c, lt2, push_body(*k2.store->outbox_pending(100)))->status == 200);

    auto first = c.Get("/api/v1/sync/changes?limit=2", bearer(lobi));
    REQUIRE(first->status == 200);
    auto p1 = parse_changes(first->body);
    REQUIRE(p1.ok());
    CHECK(p1->changes.size() == 2);
    CHECK(p1->more);
    auto second = c.Get(("/api/v1/sync/changes?limit=2&since=" + p1->next).c_str(), bearer(lobi));
    auto p2 = parse_changes(second->body);
    REQUIRE(p2.ok());
    CHECK(p2->changes.size() == 1);
    CHECK_FALSE(p2->more);
    std::set<std::string> ids;
    for (const auto& ch : p1->changes)
        ids.insert(ch.id);
    for (const auto& ch : p2->changes)
        ids.insert(ch.id);
    std::set<std::string> mine;
    for (const auto& m : k1.made)
        mine.insert(m.complaint.id);
    CHECK(ids == mine);
    auto quiet = parse_changes(
        c.Get(("/api/v1/sync/changes?since=" + p2->next).c_str(), bearer(lobi))->body);
    CHECK(quiet->changes.empty());
    CHECK(quiet->next == p2->next);
    auto theirs = parse_changes(c.Get("/api/v1/sync/changes", bearer(lt2))->body);
    REQUIRE(theirs->changes.size() == 1);
    CHECK(theirs->changes[0].id == k2.made[0].complaint.id);

    // Staff receive a lobby complaint on the hub's database while it runs.
    const auto& target = k1.made[0];
    const auto before =
        json::parse(c.Get(("/api/v1/status/" + target.code.compact()).c_str())->body);
    CHECK(before["current"] == 1);
    const auto adv =
        test::run_process(hub.cli({"advance", target.code.grouped(), "--user", "staf"}), {},
                          {{"KELUHAN_PASSWORD", "rahasia-staf-1"}});
    REQUIRE_MESSAGE(adv.exit_code == 0, adv.err);
    const auto after =
        json::parse(c.Get(("/api/v1/status/" + target.code.compact()).c_str())->body);
    CHECK(after["current"] == 2);
    CHECK(after["steps"][1]["state"] == "done");
    auto page = c.Get(("/s/" + target.code.compact()).c_str());
    CHECK(page->body.find("<li class=\"done\"><span class=\"n\">2</span>") != std::string::npos);
    auto changed = parse_changes(
        c.Get(("/api/v1/sync/changes?since=" + p2->next).c_str(), bearer(lobi))->body);
    REQUIRE(changed.ok());
    REQUIRE(changed->changes.size() == 1);
    CHECK(changed->changes[0].id == target.complaint.id);
    CHECK(json::parse(changed->changes[0].status_view)["current"] == 2);
    CHECK(std::stoll(changed->next) > std::stoll(p2->next));
    // the other kiosk hears nothing of it
    CHECK(parse_changes(
              c.Get(("/api/v1/sync/changes?since=" + theirs->next).c_str(), bearer(lt2))->body)
              ->changes.empty());
}

TEST_CASE("the Hub class in-process: port 0, served while the caller writes the same database, "
          "stop and start") {
    TempDir dir;
    const Office office = test::load_office();
    HubConfig cfg;
    cfg.port = 0;
    cfg.lookups_per_minute = 0;
    cfg.misses_per_10_minutes = 0;
    std::vector<std::string> lines;
    std::mutex mu;
    hub::Hub hub;
    hub.set_log([&](std::string_view l) {
        std::lock_guard lock(mu);
        lines.emplace_back(l);
    });
    REQUIRE(hub.start(office, dir / "hub.db", cfg).ok());
    CHECK(hub.running());
    CHECK(hub.port() > 0);
    CHECK(hub.start(office, dir / "hub.db", cfg).error().key == "err.hub.listen");
    {
        // the panel's own writer on the same file
        auto panel = open_store(dir / "hub.db");
        auto s = submit_complaint(*panel, office, test::sample_submission());
        REQUIRE(s.ok());
        httplib::Client c("127.0.0.1", hub.port());
        auto r = c.Get(("/api/v1/status/" + s->code.compact()).c_str());
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    const int port = hub.port();
    hub.stop();
    CHECK_FALSE(hub.running());
    CHECK_FALSE(httplib::Client("127.0.0.1", port).Get("/healthz"));
    hub.stop(); // twice is harmless
    REQUIRE(hub.start(office, dir / "hub.db", cfg).ok());
    CHECK(httplib::Client("127.0.0.1", hub.port()).Get("/healthz")->status == 200);
    hub.stop();
    std::lock_guard lock(mu);
    CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
        return l.find("GET /api/v1/status/") != std::string::npos;
    }));

    // a port in use is refused with a reason
    HubConfig busy = cfg;
    hub::Hub first;
    REQUIRE(first.start(office, dir / "hub.db", cfg).ok());
    busy.port = first.port();
    hub::Hub second;
    auto st = second.start(office, dir / "hub.db", busy);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().key == "err.hub.listen");
    // a TLS key that is not there
    HubConfig tls = cfg;
    tls.tls_cert = (dir / "missing.crt").string();
    tls.tls_key = (dir / "missing.key").string();
    CHECK(second.start(office, dir / "hub.db", tls).error().key == "err.hub.tls");
}

TEST_CASE("log lines mask the code after four symbols") {
    CHECK(hub::mask_path("/s/7KQ2-M9XD-4HTA-J") == "/s/7KQ2\xE2\x80\xA6");
    CHECK(hub::mask_path("/s/7KQ") == "/s/7KQ");
    CHECK(hub::mask_path("/ajukan/diterima/7KQ2M9XD4HTAJ") == "/ajukan/diterima/7KQ2\xE2\x80\xA6");
    CHECK(hub::mask_path("/staf/k/7KQ2M9XD4HTAJ/surat.pdf") == "/staf/k/7KQ2\xE2\x80\xA6");
    CHECK(hub::mask_path("/api/v1/status/7kq2m9xd4htaj") == "/api/v1/status/7kq2\xE2\x80\xA6");
    CHECK(hub::mask_path("/healthz") == "/healthz");
    CHECK(hub::mask_path(std::string("/x\n\x01y", 5)) == "/x??y");
}

TEST_CASE("HTTPS when a certificate and key are configured") {
    TempDir dir;
    const Office office = test::load_office();
    const auto crt = (dir / "hub.crt").string(), key = (dir / "hub.key").string();
    const auto made =
        test::run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", crt, "-days", "2", "-subj", "/CN=127.0.0.1"});
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    HubConfig cfg;
    cfg.port = 0;
    cfg.tls_cert = crt;
    cfg.tls_key = key;
    hub::Hub hub;
    REQUIRE(hub.start(office, dir / "hub.db", cfg).ok());
    CHECK(hub.tls());
    httplib::SSLClient tls("127.0.0.1", hub.port());
    tls.enable_server_certificate_verification(false);
    auto r = tls.Get("/healthz");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Strict-Transport-Security") == "max-age=31536000");
    // TLS 1.2 with forward secrecy only: a static-RSA or a CBC-SHA1 suite
    // is refused, an ECDHE AEAD one is taken.
    const auto offer = [&](const char* cipher) {
        return test::run_process({"/usr/bin/openssl", "s_client", "-connect",
                                  "127.0.0.1:" + std::to_string(hub.port()), "-tls1_2", "-cipher",
                                  cipher},
                                 "Q\n")
                   .exit_code == 0;
    };
    CHECK_FALSE(offer("AES128-GCM-SHA256"));
    CHECK_FALSE(offer("ECDHE-RSA-AES128-SHA"));
    CHECK(offer("ECDHE-RSA-AES128-GCM-SHA256"));
    {
        // 200 connections that never send a ClientHello do not keep others out.
        std::vector<int> fds;
        for (int i = 0; i < 200; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(static_cast<std::uint16_t>(hub.port()));
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
            fds.push_back(fd);
        }
        httplib::SSLClient again("127.0.0.1", hub.port());
        again.enable_server_certificate_verification(false);
        again.set_connection_timeout(5);
        again.set_read_timeout(5);
        auto g = again.Get("/healthz");
        CHECK((g && g->status == 200));
        for (const int fd : fds)
            ::close(fd);
    }
    // plain HTTP on the TLS port gets no answer
    CHECK_FALSE(httplib::Client("127.0.0.1", hub.port()).Get("/healthz"));
    hub.stop();
    // a key that does not match the certificate is refused at start
    const auto other = (dir / "other.key").string();
    REQUIRE(test::run_process({"/usr/bin/openssl", "genrsa", "-out", other, "2048"}).exit_code ==
            0);
    cfg.tls_key = other;
    auto st = hub.start(office, dir / "hub.db", cfg);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().key == "err.hub.tls");
}

TEST_CASE("healthz tells the IT person what they need: the database, the disk, each kiosk's last "
          "sync; 503 when the hub could not store") {
    TempDir dir;
    const Office office = test::load_office();
    {
        auto store = open_store(dir / "hub.db");
        REQUIRE(store->add_kiosk("lobi", "00", "admin"));
        REQUIRE(store->add_kiosk("loket-2", "11", "admin"));
        REQUIRE(store->touch_kiosk("lobi", now_ms() - 5 * 60'000));
    }
    auto health = [&](int min_free_mb) {
        HubConfig cfg;
        cfg.port = 0;
        cfg.min_free_mb = min_free_mb;
        hub::Hub hub;
        hub.set_log([](std::string_view) {});
        REQUIRE(hub.start(office, dir / "hub.db", cfg).ok());
        auto r = httplib::Client("127.0.0.1", hub.port()).Get("/healthz");
        REQUIRE(r);
        hub.stop();
        return std::pair{r->status, json::parse(r->body)};
    };
    const auto [status, j] = health(0);
    CHECK(status == 200);
    CHECK(j["ok"] == true);
    CHECK(j["db"] == "ok");
    CHECK(j["writable"] == true);
    CHECK(j["disk"]["state"] == "ok");
    CHECK(j["disk"]["free_mb"].get<std::int64_t>() > 0);
    CHECK(j["disk"]["total_mb"].get<std::int64_t>() >= j["disk"]["free_mb"].get<std::int64_t>());
    REQUIRE(j["kiosks"].size() == 2);
    CHECK(j["kiosks"][0]["name"] == "lobi");
    CHECK(j["kiosks"][0]["minutes_ago"] == 5);
    CHECK(j["kiosks"][0]["last_sync"].get<std::string>().find('T') != std::string::npos);
    CHECK(j["kiosks"][1]["name"] == "loket-2");
    CHECK(j["kiosks"][1]["last_sync"].is_null());
    // Less free than [hub] min_free_mb (here: more than any disk has): a push
    // could no longer be stored, and the monitor is told so.
    const auto [full_status, full] = health(10'000'000);
    CHECK(full_status == 503);
    CHECK(full["ok"] == false);
    CHECK(full["disk"]["state"] == "full");
    CHECK(full["db"] == "ok");
}

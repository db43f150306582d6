// Cek Status at a kiosk for a code it never had (taken at the desk, another
// kiosk, the web): the kiosk asks the real hub (`keluhan serve` on loopback)
// and tells "the hub does not know it" apart from "the hub cannot be asked"
// - a hub stopped, one that never answers, one that turns the kiosk away,
// a wrong hub_url, and answers that are not a status view of the code.
#include "keluhan/ops/workflow.hpp"
#include "keluhan/sync/sync.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include "desk_complaint.hpp"
#include "hub_process.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <httplib.h>

#include <chrono>
#include <thread>

using namespace keluhan;
using keluhan::test::HubProcess;
using keluhan::test::TempDir;

namespace {

// A kiosk's own database, which has none of the hub's complaints.
std::unique_ptr<Store> kiosk_store(TempDir& dir) {
    return Store::open(dir / "kiosk.db",
                       StoreOptions{StoreOptions::Access::Write, "keluhan-kiosk", 5000})
        .value();
}

SyncConfig hub_at(const std::string& url) {
    SyncConfig c;
    c.hub_url = url;
    return c; // timeout_seconds stays at its default 30: the lookup keeps to 3 s
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A stand-in hub on loopback that answers every status lookup with the
// given status and body.
class FakeHub {
  public:
    FakeHub(int status, std::string body) : status_(status), body_(std::move(body)) {
        server_.Get(R"(/api/v1/status/([^/]*))",
                    [this](const httplib::Request&, httplib::Response& res) {
                        res.status = status_;
                        res.set_content(body_, "application/json");
                    });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~FakeHub() {
        server_.stop();
        thread_.join();
    }
    FakeHub(const FakeHub&) = delete;
    FakeHub& operator=(const FakeHub&) = delete;
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    int status_;
    std::string body_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

// The hub's status view of a code, as the hub writes it.
std::string view_of(const Office& office, const Submitted& s, Store& store) {
    const auto events = store.events(s.complaint.seq).value();
    return status_view(office.profile, office.config.calendar, s.complaint, events, "id", now_ms())
        .dump();
}

} // namespace

TEST_CASE("remote status: a code taken at the desk is answered by the hub at a kiosk that never "
          "had it, an unknown code stays not found") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    const Office hub_office = test::load_office();
    const Submitted desk = test::desk_complaint(hub, hub_office);
    auto kiosk = kiosk_store(dir);
    REQUIRE(kiosk->find_by_code(desk.code).error().kind == ErrorKind::NotFound);

    // Without a hub the kiosk cannot know it: today's "not found".
    Office alone = test::load_office();
    auto unknown_here = kiosk_status(*kiosk, alone, desk.code, "id", now_ms());
    REQUIRE_FALSE(unknown_here.ok());
    CHECK(unknown_here.error().kind == ErrorKind::NotFound);

    // With the hub set up, the hub's answer: its current step, in the
    // visitor's language, nothing personal.
    Office office = test::load_office();
    office.config.sync = hub_at(hub.url());
    auto a = kiosk_status(*kiosk, office, desk.code, "en", now_ms());
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().key + " " + a.error().detail));
    CHECK(a->from == KioskStatusAnswer::From::Hub);
    CHECK(a->copy_fetched_at == 0);
    CHECK(a->status.code == desk.code.grouped());
    CHECK(a->status.status == ComplaintStatus::Open);
    CHECK(a->status.submitted == desk.complaint.created_at);
    REQUIRE(a->status.steps.size() == office.profile.steps.size());
    CHECK(a->status.current == 2);
    CHECK(a->status.steps[0].state == StepView::State::Done);
    CHECK(a->status.steps[1].state == StepView::State::Done);
    CHECK(a->status.steps[2].state == StepView::State::Current);
    CHECK(a->status.steps[3].state == StepView::State::Pending);
    CHECK(a->status.steps[2].text == office.profile.steps[2].visitor_text_en);
    // The kiosk keeps nothing of it: the next visitor's lookup asks again.
    CHECK_FALSE(kiosk->remote_status(desk.code.compact())->has_value());
    CHECK(kiosk->find_by_code(desk.code).error().kind == ErrorKind::NotFound);

    // The same through the plain call, in Indonesian.
    auto direct = fetch_remote_status(office.config.sync, desk.code, "id");
    REQUIRE(direct.ok());
    CHECK(direct->steps[2].text == office.profile.steps[2].visitor_text_id);

    // A valid code nobody issued: the hub does not know it either.
    const TrackingCode nobody = TrackingCode::generate();
    auto none = kiosk_status(*kiosk, office, nobody, "id", now_ms());
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == ErrorKind::NotFound);
    CHECK(none.error().key == "err.sync.status_unknown");

    // The kiosk's own complaints are still answered from its own record.
    const auto own = submit_complaint(*kiosk, office, test::sample_submission()).value();
    auto mine = kiosk_status(*kiosk, office, own.code, "id", now_ms());
    REQUIRE(mine.ok());
    CHECK(mine->from == KioskStatusAnswer::From::Own);
}

TEST_CASE("remote status: a hub that is away or never answers is said to be unreachable, within "
          "seconds") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path());
    hub.start();
    const Office hub_office = test::load_office();
    const Submitted desk = test::desk_complaint(hub, hub_office);
    auto kiosk = kiosk_store(dir);
    Office office = test::load_office();
    office.config.sync = hub_at(hub.url());
    REQUIRE(kiosk_status(*kiosk, office, desk.code, "id", now_ms()).ok());

    // Stopped: refused at once, and not "not found".
    hub.stop(SIGTERM);
    auto t0 = std::chrono::steady_clock::now();
    auto away = kiosk_status(*kiosk, office, desk.code, "id", now_ms());
    REQUIRE_FALSE(away.ok());
    CHECK(away.error().kind != ErrorKind::NotFound);
    CHECK(away.error().key == "err.sync.status_unreachable");
    CHECK(away.error().detail.find(hub.url()) != std::string::npos);
    CHECK(seconds_since(t0) < 2.0);

    // A hub that takes the connection (the kernel's backlog) and never
    // answers: given up on after the 3 s read timeout, not the 30 s of sync.
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(s, 4) == 0);
    REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    office.config.sync = hub_at("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
    t0 = std::chrono::steady_clock::now();
    auto silent = kiosk_status(*kiosk, office, desk.code, "id", now_ms());
    const double waited = seconds_since(t0);
    close(s);
    REQUIRE_FALSE(silent.ok());
    CHECK(silent.error().key == "err.sync.status_unreachable");
    CHECK(waited >= 2.5);
    CHECK(waited < 8.0);
}

TEST_CASE("remote status: only the hub's own 'no complaint' is not found - a wrong hub_url, a "
          "refusal or a broken answer is not") {
    TempDir dir;
    const Office office = test::load_office();
    const TrackingCode nobody = TrackingCode::generate();

    SUBCASE("a hub_url with a wrong path: the hub's 404 for no such address") {
        HubProcess hub(KELUHAN_BIN, dir.path());
        hub.start();
        auto r = fetch_remote_status(hub_at(hub.url() + "/salah"), nobody, "id");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().key == "err.sync.status_failed");
        CHECK(r.error().kind != ErrorKind::NotFound);
    }
    SUBCASE("the hub turns the kiosk away after its lookups a minute (429)") {
        HubProcess hub(KELUHAN_BIN, dir.path(), "lookups_per_minute = 1\n");
        hub.start();
        auto first = fetch_remote_status(hub_at(hub.url()), nobody, "id");
        CHECK(first.error().key == "err.sync.status_unknown");
        auto second = fetch_remote_status(hub_at(hub.url()), nobody, "id");
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().key == "err.sync.status_busy");
        CHECK(second.error().kind == ErrorKind::Denied);
    }
    SUBCASE("answers that are not the status view of the code asked for") {
        // A real view, but of another complaint.
        auto store = kiosk_store(dir);
        const auto other = submit_complaint(*store, office, test::sample_submission()).value();
        const std::string view = view_of(office, other, *store);
        {
            FakeHub fake(200, view);
            auto mixed = fetch_remote_status(hub_at(fake.url()), nobody, "id");
            REQUIRE_FALSE(mixed.ok());
            CHECK(mixed.error().key == "err.sync.status_failed");
            // ...which is the answer for its own code.
            CHECK(fetch_remote_status(hub_at(fake.url()), other.code, "id").ok());
        }
        for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
                 {200, "<html>captive portal</html>"},
                 {200, R"({"code":")" + nobody.grouped() + R"(","status":"open"})"},
                 {200, std::string(300'000, ' ') + "{}"},
                 {404, "<html>Not Found</html>"},
                 {404, R"({"error":{"key":"err.hub.not_found","message":"x"}})"},
                 {500, R"({"error":{"key":"err.hub.internal","message":"x"}})"},
                 {503, ""}}) {
            FakeHub fake(status, body);
            auto r = fetch_remote_status(hub_at(fake.url()), nobody, "id");
            REQUIRE_FALSE(r.ok());
            CHECK_MESSAGE(r.error().key == "err.sync.status_failed",
                          status << " " << body.substr(0, 60));
        }
        // The hub's own 404 for a code it does not have.
        FakeHub no(404, R"({"error":{"key":"err.hub.no_complaint","message":"Tidak ada"}})");
        auto r = fetch_remote_status(hub_at(no.url()), nobody, "id");
        CHECK(r.error().key == "err.sync.status_unknown");
        CHECK(r.error().kind == ErrorKind::NotFound);
    }
    SUBCASE("sync not set up, or an address that is not one") {
        CHECK(fetch_remote_status(SyncConfig{}, nobody, "id").error().key == "err.sync.off");
        CHECK(fetch_remote_status(hub_at("192.168.1.10:8080"), nobody, "id").error().key ==
              "err.sync.hub_url");
    }
}

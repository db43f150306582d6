// The staff API (docs/api.md) over real loopback HTTP: the Hub in-process on
// a real SQLite file, and RemoteService clients (what keluhan-admin --hub
// works through), one per official, each signed in with its own password.
// Raw HTTP for what a hostile client would send.
#include "hub.hpp"

#include "keluhan/domain/access.hpp"
#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/service/wire.hpp"
#include "keluhan/sync/remote_service.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <set>
#include <thread>

using namespace keluhan;
using keluhan::test::TempDir;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "rahasia-kantor-1";

const std::pair<const char*, Role> kPeople[] = {{"staf", Role::StafPji},
                                                {"staf2", Role::StafPji},
                                                {"koordinator", Role::KoordinatorPji},
                                                {"kepala", Role::KepalaBalai},
                                                {"terkait", Role::KoordinatorTerkait},
                                                {"admin", Role::Administrator}};

// A hub on a fresh database with one account per person above.
struct StaffHub {
    TempDir dir;
    Office office = test::load_office();
    std::filesystem::path db = dir / "hub.db";
    hub::Hub hub;
    int port = 0;

    StaffHub() {
        {
            auto store = Store::open(db).value();
            for (const auto& [name, role] : kPeople)
                REQUIRE(create_user(*store, name, std::string("Bapak ") + name, role, kPassword));
        }
        start(0);
    }
    void start(int on_port) {
        HubConfig cfg;
        cfg.listen = "127.0.0.1";
        cfg.port = on_port;
        hub.set_log([](std::string_view) {});
        const auto st = hub.start(office, db, cfg);
        REQUIRE_MESSAGE(st, (st ? "" : st.error().key));
        port = hub.port();
    }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

    std::unique_ptr<RemoteService> panel(const std::string& name) {
        RemoteOptions o;
        o.hub_url = url();
        o.sop_dir = office.config.assets_dir / "sop";
        o.timeout_ms = 5000;
        auto r = RemoteService::open(o);
        REQUIRE(r);
        auto u = (*r)->sign_in(name, kPassword);
        REQUIRE_MESSAGE(u, (u ? "" : u.error().key));
        return std::move(r).value();
    }

    // A raw request, as any client could send it.
    httplib::Result raw(const std::string& method, const std::string& path,
                        const std::string& token = {}, const std::string& body = {}) {
        httplib::Client c("127.0.0.1", port);
        httplib::Headers h;
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        if (method == "GET") return c.Get(path, h);
        if (method == "DELETE") return c.Delete(path, h);
        if (method == "PUT") return c.Put(path, h, body, "application/json");
        if (method == "PATCH") return c.Patch(path, h, body, "application/json");
        return c.Post(path, h, body, "application/json");
    }
    std::string token_of(const std::string& name) {
        auto r = raw("POST", "/api/v1/session", {},
                     json{{"name", name}, {"password", kPassword}}.dump());
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return json::parse(r->body)["token"].get<std::string>();
    }
    Complaint stored(const TrackingCode& code) {
        auto s = Store::open(db, StoreOptions{StoreOptions::Access::Read}).value();
        return s->find_by_code(code).value();
    }
    std::int64_t scalar(const std::string& sql) {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open_v2(db.string().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) ==
                SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        std::int64_t v = -1;
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(h);
        return v;
    }
    void sql(const std::string& statement) {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.string().c_str(), &h) == SQLITE_OK);
        sqlite3_busy_timeout(h, 5000);
        REQUIRE(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
    }
};

std::string person_for(Role r) {
    for (const auto& [name, role] : kPeople)
        if (role == r) return name;
    return "staf";
}

} // namespace

TEST_CASE("staff API: each official at their own remote panel walks the Palembang SOP to the "
          "end, and every step is recorded as theirs") {
    StaffHub h;
    std::map<std::string, std::unique_ptr<RemoteService>> panels;
    for (const auto& [name, role] : kPeople)
        panels[name] = h.panel(name);

    auto s = test::sample_submission("Sertifikat kalibrasi belum kami terima.");
    s.origin = "admin-meja-depan";
    auto taken = panels["staf"]->submit(s);
    REQUIRE_MESSAGE(taken, (taken ? "" : taken.error().key));
    const TrackingCode code = taken->code;

    int steps = 0;
    for (; steps < 40; ++steps) {
        auto d = panels["kepala"]->detail(code);
        REQUIRE(d);
        if (d->complaint.status == ComplaintStatus::Closed) break;
        const SopStep* step = h.office.profile.step(d->complaint.current_step);
        REQUIRE(step);
        const std::string who = person_for(SopEngine::acting_role(*step));
        AdvanceRequest req;
        req.note = "Langkah " + std::to_string(step->number) + " dikerjakan oleh " + who;
        req.expected_step = step->id;
        auto r = panels[who]->advance(code, req);
        REQUIRE_MESSAGE(r, (r ? "" : r.error().key + " at " + step->id + " by " + who));
    }
    const auto c = h.stored(code);
    CHECK(c.status == ComplaintStatus::Closed);
    CHECK(steps + 1 >= static_cast<int>(h.office.profile.steps.size()));
    // The register number was given on the hub; the history names each official.
    CHECK_FALSE(c.register_number.empty());
    auto d = panels["staf"]->detail(code);
    REQUIRE(d);
    std::set<std::string> actors;
    for (const auto& e : d->events)
        if (e.kind == "complete") actors.insert(e.actor);
    CHECK(actors.contains("koordinator"));
    CHECK(actors.contains("kepala"));
    CHECK(actors.contains("terkait"));
    // The register page and the report through the API see it too.
    ListQuery q;
    q.text = "kalibrasi";
    auto page = panels["koordinator"]->list(q);
    REQUIRE(page);
    REQUIRE(page->rows.size() == 1);
    CHECK(page->rows[0].code == code.compact());
    const Date today = test::today_at_office();
    auto rep = panels["kepala"]->month_report(today.year, today.month);
    REQUIRE_MESSAGE(rep, (rep ? "" : rep.error().key));
    CHECK(rep->total == 1);
    CHECK(rep->overall.done >= 5);
}

TEST_CASE("staff API: a role's request outside its permission is refused with 403 and changes "
          "nothing") {
    StaffHub h;
    auto staf = h.panel("staf");
    auto taken = staf->submit(test::sample_submission());
    REQUIRE(taken);
    const auto before = h.stored(taken->code);
    // The current step is Staf PJI's (receive); the Kepala Balai may not do it.
    const std::string kepala = h.token_of("kepala");
    auto r = h.raw("POST", "/api/v1/complaints/" + taken->code.compact() + "/advance", kepala,
                   json{{"note", "bukan langkah saya"}}.dump());
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(json::parse(r->body)["error"]["key"] == "err.sop.wrong_role");
    const auto after = h.stored(taken->code);
    CHECK(after.current_step == before.current_step);
    CHECK(after.updated_at == before.updated_at);
    // Only the administrator reads the settings and the audit trail, adds users.
    CHECK(h.raw("GET", "/api/v1/settings", kepala)->status == 403);
    CHECK(h.raw("GET", "/api/v1/audit", kepala)->status == 403);
    CHECK(
        h.raw("POST", "/api/v1/users", kepala,
              json{{"name", "penyusup"}, {"role", "administrator"}, {"password", kPassword}}.dump())
            ->status == 403);
    CHECK(h.scalar("SELECT count(*) FROM users WHERE name = 'penyusup'") == 0);
    // A desk complaint only from Staf PJI.
    CHECK(h.raw("POST", "/api/v1/complaints", kepala,
                json{{"service", "pengujian"}, {"description", "x"}, {"consent", true}}.dump())
              ->status == 403);
    const std::string admin = h.token_of("admin");
    CHECK(h.raw("GET", "/api/v1/settings", admin)->status == 200);
    CHECK(h.raw("GET", "/api/v1/audit", admin)->status == 200);
}

TEST_CASE("staff API: no token, a forged one, a signed-out one, an idle one, one past its end "
          "and one of a disabled or re-passworded user all get 401") {
    StaffHub h;
    CHECK(h.raw("GET", "/api/v1/me")->status == 401);
    CHECK(h.raw("GET", "/api/v1/me", "forged-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")->status ==
          401);
    CHECK(h.raw("GET", "/api/v1/me", std::string(5000, 'A'))->status == 401);

    // Signed out: revoked at once.
    std::string t = h.token_of("staf");
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 200);
    CHECK(h.raw("DELETE", "/api/v1/session", t)->status == 204);
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 401);

    // Only the hash is stored: the token itself is nowhere in the database.
    t = h.token_of("staf");
    CHECK(h.scalar("SELECT count(*) FROM sessions WHERE token_hash = '" + t + "'") == 0);
    CHECK(h.scalar("SELECT count(*) FROM sessions WHERE length(token_hash) = 64") >= 1);

    // Unused for longer than [auth] session_idle_minutes (60): the clock is
    // frozen, so the session's last use is moved back instead.
    h.sql("UPDATE sessions SET last_seen_at = last_seen_at - 61 * 60000");
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 401);
    // Past its absolute end, however recently used.
    t = h.token_of("staf");
    h.sql("UPDATE sessions SET expires_at = last_seen_at");
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 401);
    // Just inside both limits it still works.
    t = h.token_of("staf");
    h.sql("UPDATE sessions SET last_seen_at = last_seen_at - 59 * 60000");
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 200);

    // A password reset and disabling the account end its sessions.
    const std::string admin = h.token_of("admin");
    t = h.token_of("staf");
    httplib::Client c("127.0.0.1", h.port);
    httplib::Headers auth{{"Authorization", "Bearer " + admin}};
    auto p = c.Patch("/api/v1/users/staf", auth, json{{"password", "kata-sandi-baru-2"}}.dump(),
                     "application/json");
    REQUIRE(p);
    CHECK(p->status == 200);
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 401);
    t = h.token_of("koordinator");
    p = c.Patch("/api/v1/users/koordinator", auth, json{{"active", false}}.dump(),
                "application/json");
    REQUIRE(p);
    CHECK(p->status == 200);
    CHECK(h.raw("GET", "/api/v1/me", t)->status == 401);

    // The remote service says it in words the panel acts on.
    RemoteOptions o;
    o.hub_url = h.url();
    auto remote = RemoteService::open(o).value();
    REQUIRE(remote->sign_in("kepala", kPassword));
    h.sql("UPDATE sessions SET expires_at = last_seen_at");
    auto me = remote->me();
    REQUIRE_FALSE(me);
    CHECK(me.error().key == "err.session.expired");
}

TEST_CASE("staff API: an unknown name and a wrong password get the same answer, and both lock "
          "after the same number of tries") {
    StaffHub h;
    auto try_sign_in = [&](const std::string& name) {
        auto r = h.raw("POST", "/api/v1/session", {},
                       json{{"name", name}, {"password", "salah-sekali-123"}}.dump());
        REQUIRE(r);
        return std::pair{r->status, json::parse(r->body)["error"]};
    };
    const int max = h.office.config.auth.max_failures;
    for (int i = 1; i <= max + 1; ++i) {
        const auto known = try_sign_in("kepala");
        const auto unknown = try_sign_in("tidak-ada");
        CHECK(known.first == 401);
        CHECK(unknown.first == known.first);
        CHECK(unknown.second == known.second);
        CHECK(known.second["key"] == (i < max ? "err.auth.failed" : "err.auth.locked"));
    }
    // The real account is locked now, even with the right password.
    auto r = h.raw("POST", "/api/v1/session", {},
                   json{{"name", "kepala"}, {"password", kPassword}}.dump());
    CHECK(r->status == 401);
    CHECK(json::parse(r->body)["error"]["key"] == "err.auth.locked");
}

TEST_CASE("staff API: two officials acting on one step at once: one does it, the other is told "
          "who did it and when, and the step is done once") {
    StaffHub h;
    auto a = h.panel("staf");
    auto b = h.panel("staf2");
    auto taken = a->submit(test::sample_submission());
    REQUIRE(taken);
    const auto c = h.stored(taken->code);
    const std::string step = c.current_step;
    std::atomic<int> go{0};
    Result<Complaint> ra = Error{}, rb = Error{};
    auto act = [&](RemoteService& p, Result<Complaint>& out, const char* note) {
        AdvanceRequest req;
        req.note = note;
        req.expected_step = step;
        ++go;
        while (go < 2)
            std::this_thread::yield();
        out = p.advance(taken->code, req);
    };
    std::thread ta([&] { act(*a, ra, "diterima oleh staf"); });
    std::thread tb([&] { act(*b, rb, "diterima oleh staf2"); });
    ta.join();
    tb.join();
    REQUIRE(ra.ok() != rb.ok());
    const auto& lost = ra ? rb : ra;
    CHECK(lost.error().key == "err.step.already_done");
    CHECK(lost.error().kind == ErrorKind::Conflict);
    const std::string winner = ra ? "Bapak staf" : "Bapak staf2";
    CHECK(lost.error().param("name") == winner);
    CHECK_FALSE(lost.error().param("time").empty());
    CHECK(h.scalar("SELECT count(*) FROM events WHERE kind = 'complete' AND step_id = '" + step +
                   "'") == 1);
    // The complaint moved exactly one step on.
    const auto after = h.stored(taken->code);
    CHECK(after.current_step != step);
}

TEST_CASE("staff API: a hub stopped and restarted mid-edit: the request fails as unreachable "
          "with nothing done, and the same session goes on afterwards") {
    StaffHub h;
    auto staf = h.panel("staf");
    auto taken = staf->submit(test::sample_submission());
    REQUIRE(taken);
    const auto before = h.stored(taken->code);
    const int port = h.port;
    h.hub.stop();
    AdvanceRequest req;
    req.note = "diterima";
    req.expected_step = before.current_step;
    auto r = staf->advance(taken->code, req);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "err.remote.unreachable");
    CHECK_FALSE(staf->reachable());
    CHECK(h.stored(taken->code).current_step == before.current_step);
    h.start(port);
    // The session lives in the hub's database: no new sign-in needed.
    auto again = staf->advance(taken->code, req);
    REQUIRE_MESSAGE(again, (again ? "" : again.error().key));
    CHECK(staf->reachable());
    CHECK(again->current_step != before.current_step);
}

TEST_CASE("staff API: bad, huge and forged input gets a 4xx and the hub goes on") {
    StaffHub h;
    const std::string t = h.token_of("staf");
    auto status = [&](const std::string& method, const std::string& path, const std::string& body) {
        auto r = h.raw(method, path, t, body);
        REQUIRE(r);
        return r->status;
    };
    CHECK(status("POST", "/api/v1/register", "{not json") == 400);
    CHECK(status("POST", "/api/v1/register", "[1,2]") == 400);
    CHECK(status("POST", "/api/v1/register", json{{"limit", 100000}}.dump()) == 400);
    CHECK(status("POST", "/api/v1/register", json{{"sort", "random"}}.dump()) == 400);
    CHECK(status("POST", "/api/v1/register", json{{"status", 5}}.dump()) == 400);
    CHECK(status("POST", "/api/v1/register", json{{"drop", "table"}}.dump()) == 400);
    CHECK(status("POST", "/api/v1/register", std::string(300 * 1024, ' ')) == 413);
    CHECK(status("GET", "/api/v1/complaints/NOT-A-CODE", "") == 400);
    CHECK(status("GET", "/api/v1/complaints/7KQ2M9XD4HTAJ", "") >= 400);
    CHECK(status("POST", "/api/v1/session", json{{"name", 1}, {"password", {}}}.dump()) == 400);
    CHECK(status("PUT", "/api/v1/settings/office.name", json{{"value", "x"}}.dump()) == 403);
    auto bad_json = json::parse(h.raw("POST", "/api/v1/register", t, "{")->body);
    CHECK(bad_json["error"]["key"] == "err.json.parse");
    CHECK_FALSE(bad_json["error"]["message"].get<std::string>().empty());
    // Still serving.
    CHECK(status("POST", "/api/v1/register", "{}") == 200);
}

TEST_CASE("staff API: the print-job journal - a desk records its print and its outcome, nobody "
          "else may, an ended print stays as it ended") {
    StaffHub h;
    auto staf = h.panel("staf");
    auto taken = staf->submit(test::sample_submission());
    REQUIRE(taken);
    const TrackingCode code = taken->code;
    const std::string path = "/api/v1/complaints/" + code.compact() + "/prints";

    // A receipt: Staf PJI only (Reprint); the requester is the session's user.
    auto job = staf->record_print(code, PrintDocument::TandaTerima);
    REQUIRE_MESSAGE(job, (job ? "" : job.error().key));
    CHECK(job->state == PrintState::Queued);
    CHECK(job->requested_by == "staf");
    CHECK(job->code == code.compact());
    auto koor = h.panel("koordinator");
    auto refused = koor->record_print(code, PrintDocument::TandaTerima);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().key == "err.auth.denied");
    CHECK_FALSE(koor->print_jobs({}));
    CHECK(h.scalar("SELECT count(*) FROM print_jobs") == 1);

    // The outcome, as the desk's PrintService tells it.
    PrintJob out = *job;
    out.state = PrintState::Submitted;
    out.printer = "Loket";
    out.cups_job_id = 17;
    REQUIRE(staf->update_print(out));
    // Another staff member cannot write this desk's outcome.
    auto staf2 = h.panel("staf2");
    out.state = PrintState::Failed;
    auto theirs = staf2->update_print(out);
    REQUIRE_FALSE(theirs);
    CHECK(theirs.error().key == "err.print.not_yours");
    CHECK(h.scalar("SELECT count(*) FROM print_jobs WHERE state = 'submitted'") == 1);

    out.state = PrintState::Completed;
    out.message = Error{};
    auto done = staf->update_print(out);
    REQUIRE(done);
    CHECK(done->state == PrintState::Completed);
    CHECK(done->finished_at > 0);
    // The same end told again (the answer was lost): the job as it is.
    auto again = staf->update_print(out);
    REQUIRE(again);
    CHECK(again->finished_at == done->finished_at);
    // Another end afterwards: refused, the record unchanged.
    out.state = PrintState::Failed;
    auto late = staf->update_print(out);
    REQUIRE_FALSE(late);
    CHECK(late.error().key == "err.print.job_finished");
    auto list = staf->print_jobs({});
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    CHECK((*list)[0].state == PrintState::Completed);
    CHECK((*list)[0].printer == "Loket");
    PrintJobQuery failed;
    failed.unfinished_or_failed = true;
    CHECK(staf->print_jobs(failed)->empty());

    // Hostile bodies: an unknown document, a forged requester, a forged
    // message key, a refusal, a huge detail, another job's number.
    const std::string token = h.token_of("staf");
    CHECK(h.raw("POST", path, token, R"({"document":"ijazah"})")->status == 400);
    CHECK(h.raw("POST", path, token, R"({"document":"tanda_terima","requested_by":"kepala"})")
              ->status == 400);
    CHECK(h.raw("POST", path, "", R"({"document":"tanda_terima"})")->status == 401);
    auto fresh = staf->record_print(code, PrintDocument::TandaTerima);
    REQUIRE(fresh);
    const std::string jp = "/api/v1/print-jobs/" + std::to_string(fresh->id);
    CHECK(h.raw("PUT", jp, token, R"({"state":"completed","requested_by":"kepala"})")->status ==
          400);
    CHECK(
        h.raw("PUT", jp, token, R"({"state":"completed","message":{"key":"<script>"}})")->status ==
        400);
    CHECK(h.raw("PUT", jp, token, R"({"state":"refused"})")->status == 400);
    CHECK(h.raw("PUT", jp, token, R"({"state":"selesai"})")->status == 400);
    CHECK(h.raw("PUT", jp, token,
                json{{"state", "failed"}, {"detail", std::string(300000, 'x')}}.dump())
              ->status == 413);
    CHECK(h.raw("PUT", "/api/v1/print-jobs/999999", token, R"({"state":"completed"})")->status ==
          404);
    // Each field within what it may hold, whatever the body's size.
    CHECK(h.raw("PUT", jp, token,
                json{{"state", "failed"}, {"detail", std::string(5000, 'x')}}.dump())
              ->status == 400);
    CHECK(h.raw("PUT", jp, token, R"({"state":"failed","message":{"key":"foo.bar"}})")->status ==
          400);
    CHECK(h.raw("GET", "/api/v1/print-jobs?limit=abc", token)->status == 400);
    CHECK(h.raw("GET", "/api/v1/print-jobs?failed=ya", token)->status == 400);
    CHECK(h.raw("GET", "/api/v1/print-jobs?limit=5&failed=true", token)->status == 200);
    // A letter is printed by an official working the SOP, a coordinator too.
    auto letter = koor->record_print(code, PrintDocument::SuratTanggapan);
    REQUIRE_MESSAGE(letter, (letter ? "" : letter.error().key));
    CHECK(letter->requested_by == "koordinator");
    // Untouched by all of it: the fresh receipt and the letter, still queued.
    CHECK(h.scalar("SELECT count(*) FROM print_jobs WHERE state = 'queued'") == 2);
    CHECK(h.scalar("SELECT count(*) FROM print_jobs WHERE requested_by NOT IN ('staf', "
                   "'koordinator')") == 0);
}

TEST_CASE("staff API: a setting the administrator changes through the API reaches the public "
          "status page at once, without a restart") {
    StaffHub h;
    auto staf = h.panel("staf");
    auto taken = staf->submit(test::sample_submission());
    REQUIRE(taken);
    const std::string page = "/s/" + taken->code.compact();
    auto before = h.raw("GET", page);
    REQUIRE(before);
    REQUIRE(before->status == 200);
    CHECK(before->body.find("Balai Uji Perubahan") == std::string::npos);
    auto admin = h.panel("admin");
    REQUIRE(admin->change_setting("office.short_name", "Balai Uji Perubahan"));
    auto after = h.raw("GET", page);
    REQUIRE(after);
    CHECK(after->body.find("Balai Uji Perubahan") != std::string::npos);
    REQUIRE(admin->reset_setting("office.short_name"));
    CHECK(h.raw("GET", page)->body.find("Balai Uji Perubahan") == std::string::npos);
}

TEST_CASE("staff API: a panel's heartbeat (GET /session) is not a use of the session: the hub's "
          "idle limit runs on") {
    StaffHub h;
    auto panel = h.panel("staf");
    const std::string token = h.token_of("kepala");
    const std::string hash = session_token_hash(token);
    // Unused for 50 of its 60 minutes.
    const TimeMs then = now_ms() - 50 * 60'000;
    h.sql("UPDATE sessions SET last_seen_at = " + std::to_string(then) + " WHERE token_hash = '" +
          hash + "'");
    auto beat = h.raw("GET", "/api/v1/session", token);
    REQUIRE(beat);
    CHECK(beat->status == 200);
    CHECK(json::parse(beat->body)["user"]["name"] == "kepala");
    CHECK(h.scalar("SELECT last_seen_at FROM sessions WHERE token_hash = '" + hash + "'") == then);
    // A real request is a use: the idle clock starts again.
    CHECK(h.raw("GET", "/api/v1/me", token)->status == 200);
    CHECK(h.scalar("SELECT last_seen_at FROM sessions WHERE token_hash = '" + hash + "'") > then);
    // Past the idle limit, the heartbeat is told so too.
    h.sql("UPDATE sessions SET last_seen_at = " + std::to_string(now_ms() - 61 * 60'000) +
          " WHERE token_hash = '" + hash + "'");
    auto late = h.raw("GET", "/api/v1/session", token);
    REQUIRE(late);
    CHECK(late->status == 401);
    CHECK(json::parse(late->body)["error"]["key"] == "err.session.expired");
    // The remote service's check_session() is that same question.
    auto u = panel->check_session();
    REQUIRE(u);
    CHECK(u->name == "staf");
}

TEST_CASE("staff API: the summary of a spoken complaint is typed from a desk, refused to other "
          "roles and for a written complaint") {
    StaffHub h;
    auto staf = h.panel("staf");
    Submission s = test::sample_submission("");
    s.channel = Channel::Lisan;
    s.attachments.push_back({0, "audio/wav", "rekaman.wav", std::vector<std::uint8_t>(400, 7)});
    // Taken at a kiosk, with its recording (a desk sends no files).
    auto spoken = [&] {
        auto store = Store::open(h.db).value();
        return submit_complaint(*store, h.office, s);
    }();
    REQUIRE(spoken);
    auto written = staf->submit(test::sample_submission());
    REQUIRE(written);

    auto done = staf->record_spoken_summary(spoken->code, "Alat ukur kami salah kalibrasi.");
    REQUIRE_MESSAGE(done, (done ? "" : done.error().key));
    CHECK(done->description == "Alat ukur kami salah kalibrasi.");
    CHECK(h.stored(spoken->code).description == "Alat ukur kami salah kalibrasi.");
    CHECK(h.scalar("SELECT count(*) FROM events WHERE kind = 'transcript' AND actor = 'staf'") ==
          1);

    auto no = staf->record_spoken_summary(written->code, "Ditimpa");
    REQUIRE_FALSE(no);
    CHECK(no.error().key == "err.transcript.not_spoken");
    const std::string path = "/api/v1/complaints/" + spoken->code.compact() + "/summary";
    auto kepala = h.raw("PUT", path, h.token_of("kepala"), json{{"text", "Ditimpa"}}.dump());
    REQUIRE(kepala);
    CHECK(kepala->status == 403);
    auto extra = h.raw("PUT", path, h.token_of("staf"),
                       json{{"text", "Ditimpa"}, {"description", "lain"}}.dump());
    REQUIRE(extra);
    CHECK(extra->status == 400);
    CHECK(h.raw("PUT", path, {}, json{{"text", "Ditimpa"}}.dump())->status == 401);
    CHECK(h.stored(spoken->code).description == "Alat ukur kami salah kalibrasi.");
}

TEST_CASE("staff API: the signed letter's agenda number is typed from a desk, refused before "
          "the signature and to other roles") {
    StaffHub h;
    auto staf = h.panel("staf");
    auto taken = staf->submit(test::sample_submission());
    REQUIRE(taken);
    const TrackingCode code = taken->code;
    auto early = staf->record_letter_number(code, "B/12/PJI/XII/2026");
    REQUIRE_FALSE(early);
    CHECK(early.error().key == "err.letter_number.unsigned");
    std::map<std::string, std::unique_ptr<RemoteService>> panels;
    for (int i = 0; i < 40; ++i) {
        auto d = staf->detail(code);
        REQUIRE(d);
        const SopStep* step = h.office.profile.step(d->complaint.current_step);
        REQUIRE(step);
        const std::string who = person_for(SopEngine::acting_role(*step));
        if (!panels[who]) panels[who] = h.panel(who);
        auto r = panels[who]->advance(code, AdvanceRequest{"Dikerjakan", false, std::nullopt, {}});
        REQUIRE_MESSAGE(r, (r ? "" : r.error().key));
        if (step->form == StepForm::Sign) break;
    }
    auto done = staf->record_letter_number(code, " B/12/PJI/XII/2026 ");
    REQUIRE_MESSAGE(done, (done ? "" : done.error().key));
    const std::string stored = "SELECT count(*) FROM events WHERE kind = 'letter_number' AND "
                               "note = 'B/12/PJI/XII/2026' AND actor = 'staf'";
    CHECK(h.scalar(stored) == 1);
    // Repeated (as the remote service may retry): nothing more.
    REQUIRE(staf->record_letter_number(code, "B/12/PJI/XII/2026"));
    CHECK(h.scalar("SELECT count(*) FROM events WHERE kind = 'letter_number'") == 1);

    const std::string path = "/api/v1/complaints/" + code.compact() + "/letter-number";
    auto kepala = h.raw("PUT", path, h.token_of("kepala"), json{{"number", "B/13"}}.dump());
    REQUIRE(kepala);
    CHECK(kepala->status == 403);
    auto extra =
        h.raw("PUT", path, h.token_of("staf"), json{{"number", "B/13"}, {"note", "lain"}}.dump());
    REQUIRE(extra);
    CHECK(extra->status == 400);
    auto not_text = h.raw("PUT", path, h.token_of("staf"), json{{"number", 13}}.dump());
    REQUIRE(not_text);
    CHECK(not_text->status == 400);
    auto two_lines = h.raw("PUT", path, h.token_of("staf"), json{{"number", "B/13\nPJI"}}.dump());
    REQUIRE(two_lines);
    CHECK(two_lines->status == 400);
    CHECK(json::parse(two_lines->body)["error"]["key"] == "err.letter_number.one_line");
    CHECK(h.raw("PUT", path, {}, json{{"number", "B/13"}}.dump())->status == 401);
    CHECK(h.scalar("SELECT count(*) FROM events WHERE kind = 'letter_number'") == 1);
}

TEST_CASE("staff API: a disposition routed to a function over the wire: the other function's "
          "coordinator is refused, its own acts") {
    StaffHub h;
    {
        auto store = Store::open(h.db).value();
        REQUIRE(
            create_user(*store, "terkait2", "Ibu terkait2", Role::KoordinatorTerkait, kPassword));
    }
    auto admin = h.panel("admin");
    REQUIRE(admin->change_setting("office.functions", "Pengujian\nKalibrasi"));
    auto lead = admin->change_account(AccountChange::set_function("terkait", "Pengujian"));
    REQUIRE_MESSAGE(lead, (lead ? "" : lead.error().key));
    CHECK(lead->function == "Pengujian");
    REQUIRE(admin->change_account(AccountChange::set_function("terkait2", "Kalibrasi")));
    auto bad = h.raw("PATCH", "/api/v1/users/staf", h.token_of("admin"),
                     json{{"function", "Pengujian"}}.dump());
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"]["key"] == "err.user.function_role");

    auto staf = h.panel("staf");
    auto taken = staf->submit(test::sample_submission());
    REQUIRE(taken);
    const auto code = taken->code;
    for (const char* who : {"staf", "koordinator"})
        REQUIRE(h.panel(who)->advance(code, AdvanceRequest{"", false, std::nullopt, {}}));
    auto kepala = h.panel("kepala");
    AdvanceRequest d{"Segera ditanggapi", false, std::nullopt, {}};
    auto unrouted = kepala->advance(code, d);
    REQUIRE_FALSE(unrouted);
    CHECK(unrouted.error().key == "err.disposition.function_required");
    d.function = "Pengujian";
    auto sent = kepala->advance(code, d);
    REQUIRE_MESSAGE(sent, (sent ? "" : sent.error().key));
    CHECK(sent->function == "Pengujian");
    // The detail names the people in its history, for screens and documents.
    auto detail = kepala->detail(code);
    REQUIRE(detail);
    CHECK(detail->display_name("kepala") == "Bapak kepala");
    CHECK(detail->display_name("koordinator") == "Bapak koordinator");
    CHECK(detail->display_name("nobody") == "nobody");
    // The signed-in coordinator knows their function (the panel filters by it).
    auto other = h.panel("terkait2");
    CHECK(other->me()->function == "Kalibrasi");
    auto refused = other->advance(code, AdvanceRequest{"Jawaban", false, std::nullopt, {}});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().key == "err.sop.other_function");
    CHECK(h.panel("terkait")->advance(code, AdvanceRequest{"Jawaban", false, std::nullopt, {}}));
    CHECK(h.stored(code).current_step == "instruksi");
}

TEST_CASE("staff API: the SKM report at a remote panel has the hub's figures and questionnaire, "
          "and bad periods or no session are refused") {
    StaffHub h;
    {
        auto store = Store::open(h.db).value();
        // All nine at 4, all nine at 3, and one that scored only U1, at 2:
        // U1's NRR is 3.00, the others' 3.50; IKM = (3 + 8 x 3.5) / 9 = 3.4444,
        // converted 86.11, grade B.
        std::vector<std::vector<std::pair<std::string, int>>> forms(3);
        for (int e = 1; e <= 9; ++e) {
            forms[0].emplace_back("U" + std::to_string(e), 4);
            forms[1].emplace_back("U" + std::to_string(e), 3);
        }
        forms[2] = {{"U1", 2}};
        for (std::size_t i = 0; i < forms.size(); ++i) {
            SkmSubmission s;
            s.scores = forms[i];
            s.origin = "kiosk-lobi";
            s.service = i == 0 ? "pengujian" : "";
            s.profile = {{"umur", "40-49 tahun"}};
            if (i == 1) s.suggestion = "Ruang tunggu perlu kipas angin.";
            auto r = submit_skm(*store, h.office, s);
            REQUIRE_MESSAGE(r, (r ? "" : r.error().key));
        }
    }
    auto kepala = h.panel("kepala");
    const Date today = test::today_at_office();
    const Date first{today.year, 1, 1}, last{today.year, 12, 31};
    auto r = kepala->skm_report(first, last);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().key));
    CHECK(r->from == first);
    CHECK(r->to == last);
    CHECK(r->index.respondents == 3);
    CHECK(r->index.converted == doctest::Approx(86.11));
    CHECK(r->index.grade == 'B');
    REQUIRE(r->index.elements.size() == 9);
    CHECK(r->index.elements[0].id == "U1");
    CHECK(r->index.elements[0].answers == 3);
    CHECK(r->index.elements[0].nrr == doctest::Approx(3.0));
    CHECK(r->index.elements[1].nrr == doctest::Approx(3.5));
    CHECK(r->index.weakest == std::vector<std::string>{"U1"}); // the only one below the index
    // The questionnaire travels with it: the element's words, the profile's options.
    REQUIRE(r->questionnaire.element("U1"));
    CHECK(r->questionnaire.element("U1")->name.id == "Persyaratan");
    REQUIRE(r->questionnaire.field("umur"));
    bool counted = false;
    for (const auto& [field, counts] : r->profile)
        for (const auto& c : counts)
            if (field == "umur" && c.option == "40-49 tahun") counted = c.n == 3;
    CHECK(counted);
    REQUIRE(r->suggestions.size() == 1);
    CHECK(r->suggestions[0].text == "Ruang tunggu perlu kipas angin.");
    // What the hub computes locally, field for field.
    {
        auto store = Store::open(h.db).value();
        auto local = skm_report(*store, h.office, first, last).value();
        CHECK(local.index.ikm == doctest::Approx(r->index.ikm));
        CHECK(local.services.size() == r->services.size());
        CHECK(skm_report_csv(local, "id") == skm_report_csv(*r, "id"));
    }

    // A period the regulation's report cannot have, and dates that are not dates.
    auto backwards = kepala->skm_report(last, first);
    REQUIRE_FALSE(backwards);
    CHECK(backwards.error().key == "err.skm.period");
    const std::string token = h.token_of("staf");
    auto bad = h.raw("GET", "/api/v1/skm/report?from=2026-13-01&to=2026-12-31", token);
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"]["params"]["key"] == "from");
    auto missing = h.raw("GET", "/api/v1/skm/report?from=2026-01-01", token);
    REQUIRE(missing);
    CHECK(missing->status == 400);
    auto anonymous = h.raw("GET", "/api/v1/skm/report?from=2026-01-01&to=2026-12-31");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    CHECK(anonymous->body.find("Persyaratan") == std::string::npos);

    // The panel reads the answer strictly: a grade or an element it cannot
    // place is refused, not shown half-understood.
    auto j = wire::encode(*r);
    CHECK(wire::decode_skm_report(j));
    auto forged = j;
    forged["grade"] = "Z";
    CHECK(wire::decode_skm_report(forged).error().param("key") == "grade");
    forged = j;
    forged["elements"][0]["id"] = "U99";
    CHECK_FALSE(wire::decode_skm_report(forged));
    forged = j;
    forged["questionnaire"]["elements"][0]["answers"].erase(0);
    CHECK_FALSE(wire::decode_skm_report(forged));
}

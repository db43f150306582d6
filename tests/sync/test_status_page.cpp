// The QR status page (/s/<code>) as a visitor's phone sees it: served by the
// real hub on loopback, fetched over HTTP and rendered by headless Chromium
// at 390x844 (a common phone) in Indonesian and English. The PNGs are kept
// for people to look at ($KELUHAN_SHOTS/status-page, or the temp folder).
#include "keluhan/storage/store.hpp"
#include "keluhan/sync/sync.hpp"

#include "closing.hpp"
#include "hub_process.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cstdint>
#include <fstream>

using namespace keluhan;
using keluhan::test::HubProcess;
using keluhan::test::TempDir;

namespace {

// Width and height from a PNG's IHDR, or {0,0}.
std::pair<int, int> png_size(const std::filesystem::path& file) {
    const std::string b = test::read_file(file);
    if (b.size() < 24 || b.compare(1, 3, "PNG") != 0) return {0, 0};
    auto be32 = [&](std::size_t at) {
        return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
               (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
               (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
               static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
    };
    return {static_cast<int>(be32(16)), static_cast<int>(be32(20))};
}

std::string chromium() {
    for (const char* c :
         {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
        if (std::filesystem::exists(c)) return c;
    return {};
}

// Headless Chromium's screenshot of `url` at phone size. Works as root (no
// sandbox) and without a GPU or a display.
test::ProcessResult screenshot(const std::string& url, const std::filesystem::path& png,
                               int height = 844) {
    return test::run_process({chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                              "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                              "--window-size=390," + std::to_string(height),
                              "--screenshot=" + png.string(), url});
}

} // namespace

TEST_CASE("status page: phone-sized in Chromium, a language attribute, nothing personal, one 404 "
          "for bad and unknown") {
    REQUIRE_MESSAGE(!chromium().empty(),
                    "chromium is not installed (scripts/install-deps.sh installs it)");
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path(), "lookups_per_minute = 0\nmisses_per_10_minutes = 0\n");
    const Office office = test::load_office();
    Submission s = test::sample_submission(
        "Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu.");
    s.complainant.name = "Budi Santoso";
    s.complainant.organization = "PT Karet Musi";
    s.complainant.phone = "081234567890";
    s.complainant.email = "budi@karetmusi.co.id";
    s.expectation = "Laporan dikirim minggu ini.";
    std::optional<Submitted> made;
    {
        auto h = Store::open(hub.db()).value();
        made = submit_complaint(*h, office, s).value();
        const Submitted& sub = *made;
        const User staf = h->add_user("staf", "Siti Aminah", Role::StafPji, "x").value();
        REQUIRE(advance_complaint(*h, office, staf, sub.code,
                                  AdvanceRequest{"Catatan internal staf", false, std::nullopt, {}})
                    .ok());
    }
    const Submitted& sub = *made;
    hub.start();

    httplib::Client c("127.0.0.1", hub.port());
    const std::vector<std::string> personal{
        "Budi",       "Karet", "081234567890",     "karetmusi",     "kopi bubuk",
        "minggu ini", "Siti",  "Catatan internal", sub.complaint.id};
    for (const std::string lang : {"id", "en"}) {
        CAPTURE(lang);
        const std::string path = "/s/" + sub.code.compact() + (lang == "en" ? "?lang=en" : "");
        auto res = c.Get(path.c_str());
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type").find("text/html") != std::string::npos);
        CHECK(res->body.find("<html lang=\"" + lang + "\"") != std::string::npos);
        CHECK(res->body.find("name=\"viewport\"") != std::string::npos);
        CHECK(res->body.find("<script") == std::string::npos);
        CHECK(res->body.find(sub.code.grouped()) != std::string::npos);
        CHECK(res->body.find(lang == "en"
                                 ? office.profile.steps[2].visitor_text_en
                                 : office.profile.steps[2].visitor_text_id) != std::string::npos);
        for (const auto& p : personal)
            CHECK_MESSAGE(res->body.find(p) == std::string::npos, "shows " << p);
        // The JSON twin tells no more.
        auto js = c.Get(("/api/v1/status/" + sub.code.compact() + "?lang=" + lang).c_str());
        REQUIRE(js);
        CHECK(js->status == 200);
        for (const auto& p : personal)
            CHECK_MESSAGE(js->body.find(p) == std::string::npos, "JSON shows " << p);
    }
    // A bad code and an unknown code: the same 404 page.
    auto bad = c.Get("/s/NOT-A-CODE");
    auto unknown = c.Get(("/s/" + TrackingCode::generate().compact()).c_str());
    REQUIRE(bad);
    REQUIRE(unknown);
    CHECK(bad->status == 404);
    CHECK(unknown->status == 404);
    CHECK(bad->body == unknown->body);

    // Phone-sized pictures, kept for people to look at.
    const char* e = std::getenv("KELUHAN_SHOTS");
    const auto out = (e && *e ? std::filesystem::path(e) : dir.path()) / "status-page";
    std::filesystem::create_directories(out);
    const std::string base = hub.url() + "/s/" + sub.code.grouped();
    const std::vector<std::pair<std::string, std::string>> shots{
        {"status-id.png", base},
        {"status-en.png", base + "?lang=en"},
        {"not-found.png", hub.url() + "/s/ZZZZ-ZZZZ"}};
    for (const auto& [name, url] : shots) {
        CAPTURE(name);
        auto r = screenshot(url, out / name);
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        const auto [w, h] = png_size(out / name);
        CHECK(w == 390);
        CHECK(h == 844);
    }
    // The whole page, however long, for the README and for looking at.
    CHECK(screenshot(base + "?lang=en", out / "status-en-full.png", 1800).exit_code == 0);
    MESSAGE("status page screenshots in " << out.string());
}

TEST_CASE("status page: a closed complaint's satisfaction survey on the phone - the form in "
          "Chromium, a refusal that keeps what was chosen, one response per complaint") {
    REQUIRE_MESSAGE(!chromium().empty(),
                    "chromium is not installed (scripts/install-deps.sh installs it)");
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path(), "lookups_per_minute = 0\nmisses_per_10_minutes = 0\n");
    const Office office = test::load_office();
    std::optional<Submitted> open, closed;
    {
        auto h = Store::open(hub.db()).value();
        open = submit_complaint(*h, office, test::sample_submission()).value();
        closed = submit_complaint(*h, office, test::sample_submission()).value();
        test::close_complaint(*h, office, closed->code);
    }
    hub.start();
    httplib::Client c("127.0.0.1", hub.port());
    const std::string page = "/s/" + closed->code.compact();
    // The status page invites to it once the complaint is closed, not before.
    auto status = c.Get(page.c_str());
    REQUIRE(status);
    CHECK(status->body.find(page + "/survei") != std::string::npos);
    auto open_status = c.Get(("/s/" + open->code.compact()).c_str());
    REQUIRE(open_status);
    CHECK(open_status->body.find("/survei") == std::string::npos);
    auto early = c.Post(("/s/" + open->code.compact() + "/survei").c_str(), "U1=4",
                        "application/x-www-form-urlencoded");
    REQUIRE(early);
    CHECK(early->status == 409);
    CHECK(early->body.find("belum selesai") != std::string::npos);

    auto form = c.Get((page + "/survei").c_str());
    REQUIRE(form);
    CHECK(form->status == 200);
    CHECK(form->body.find("<script") == std::string::npos);
    CHECK(form->body.find("name=\"U9\" value=\"4\"") != std::string::npos);
    CHECK(form->body.find("<label for=\"p-umur\">") != std::string::npos);
    CHECK(form->get_header_value("Content-Security-Policy").find("form-action 'self'") !=
          std::string::npos);
    // The form and the status page on a phone, for people to look at.
    const char* e = std::getenv("KELUHAN_SHOTS");
    const auto out = (e && *e ? std::filesystem::path(e) : dir.path()) / "status-page";
    std::filesystem::create_directories(out);
    for (const auto& [name, url, height] :
         {std::tuple{"survey-id.png", page + "/survei", 3000},
          std::tuple{"survey-en-top.png", page + "/survei?lang=en", 844},
          std::tuple{"status-closed.png", page, 1400}}) {
        auto shot = screenshot(hub.url() + url, out / name, height);
        CHECK_MESSAGE(shot.exit_code == 0, shot.err);
    }

    // A forged score: refused, what was chosen stays chosen, said beside its question.
    auto bad = c.Post((page + "/survei").c_str(), "U1=4&U2=9&pendidikan=S1&saran=Antre+lama",
                      "application/x-www-form-urlencoded");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(bad->body.find("harus 1 sampai 4") != std::string::npos);
    CHECK(bad->body.find("name=\"U1\" value=\"4\" checked") != std::string::npos);
    CHECK(bad->body.find("value=\"S1\" selected") != std::string::npos);
    CHECK(bad->body.find(">Antre lama</textarea>") != std::string::npos);
    CHECK(bad->body.find("aria-describedby=\"e-U2\"") != std::string::npos);
    auto nothing =
        c.Post((page + "/survei").c_str(), "saran=", "application/x-www-form-urlencoded");
    REQUIRE(nothing);
    CHECK(nothing->status == 400);
    CHECK(nothing->body.find("setidaknya satu") != std::string::npos);

    auto done = c.Post((page + "/survei").c_str(),
                       "U1=4&U2=3&U3=3&U9=4&umur=30-39+tahun&saran=Ruang+tunggu+nyaman.",
                       "application/x-www-form-urlencoded");
    REQUIRE(done);
    CHECK(done->status == 200);
    CHECK(done->body.find("Terima kasih") != std::string::npos);
    auto again = c.Post((page + "/survei").c_str(), "U1=1", "application/x-www-form-urlencoded");
    REQUIRE(again);
    CHECK(again->status == 409);
    CHECK(again->body.find("sudah diisi") != std::string::npos);
    auto after = c.Get(page.c_str());
    REQUIRE(after);
    CHECK(after->body.find("/survei") == std::string::npos);
    {
        auto h = Store::open(hub.db(), StoreOptions{StoreOptions::Access::Read, "test", 1000});
        const Date today = test::today_at_office();
        auto rows = h.value()->skm_responses(Date{today.year, 1, 1}, Date{today.year, 12, 31});
        REQUIRE(rows);
        REQUIRE(rows->size() == 1);
        CHECK(rows->at(0).service == "pengujian"); // the complaint's, kept with the answers
        CHECK(rows->at(0).origin == "web");
        CHECK(rows->at(0).scores.size() == 4);
        CHECK(rows->at(0).suggestion == "Ruang tunggu nyaman.");
    }

    auto shot_done = screenshot(hub.url() + page + "/survei", out / "survey-answered.png");
    CHECK_MESSAGE(shot_done.exit_code == 0, shot_done.err);
}

TEST_CASE("status page: when the answer is due, plainly late once it has passed, and whom to ask") {
    TempDir dir;
    HubProcess hub(KELUHAN_BIN, dir.path(), "lookups_per_minute = 0\nmisses_per_10_minutes = 0\n");
    const Office office = test::load_office();
    std::string late_code, fresh_code;
    TimeMs fresh_due = 0;
    {
        auto h = Store::open(hub.db()).value();
        auto late = submit_complaint(*h, office, test::sample_submission()).value();
        auto fresh = submit_complaint(*h, office, test::sample_submission()).value();
        late_code = late.code.compact();
        fresh_code = fresh.code.compact();
        fresh_due = office.engine().answer_due(fresh.complaint.created_at);
        // Two weeks ago: well past every target of the SOP.
        const TimeMs two_weeks = 14LL * 86'400'000;
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(hub.db().c_str(), &db) == SQLITE_OK);
        const std::string sql = "UPDATE complaints SET created_at = created_at - " +
                                std::to_string(two_weeks) + " WHERE code = '" + late_code + "'";
        REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    hub.start();
    httplib::Client c("127.0.0.1", hub.port());
    auto late = c.Get(("/s/" + late_code).c_str());
    auto fresh = c.Get(("/s/" + fresh_code).c_str());
    REQUIRE(late);
    REQUIRE(fresh);
    CHECK(late->body.find("Target jawaban") != std::string::npos);
    CHECK(late->body.find("class=\"late-note\"") != std::string::npos);
    CHECK(late->body.find("melewati target jawaban") != std::string::npos);
    CHECK(fresh->body.find("Target jawaban") != std::string::npos);
    CHECK(fresh->body.find(office.config.calendar.format(fresh_due)) != std::string::npos);
    CHECK(fresh->body.find("class=\"late-note\"") == std::string::npos);
    // Whom to ask, a tap away.
    CHECK(fresh->body.find("href=\"tel:0711412005\"") != std::string::npos);
    CHECK(fresh->body.find("href=\"mailto:" + office.config.office.email + "\"") !=
          std::string::npos);
    auto en = c.Get(("/s/" + late_code + "?lang=en").c_str());
    REQUIRE(en);
    CHECK(en->body.find("Answer due") != std::string::npos);
    CHECK(en->body.find("past the date its answer was due") != std::string::npos);
    // The JSON says it too, for the kiosk and anyone else.
    auto js = c.Get(("/api/v1/status/" + late_code).c_str());
    REQUIRE(js);
    const auto j = nlohmann::json::parse(js->body);
    CHECK(j["late"] == true);
    CHECK(j["answer_due_ms"].get<std::int64_t>() > 0);
    auto parsed = parse_status_view(js->body, "id");
    REQUIRE(parsed);
    CHECK(parsed->late);
    CHECK(parsed->answer_due == j["answer_due_ms"].get<std::int64_t>());

    if (!chromium().empty()) {
        const char* e = std::getenv("KELUHAN_SHOTS");
        const auto out = (e && *e ? std::filesystem::path(e) : dir.path()) / "status-page";
        std::filesystem::create_directories(out);
        CHECK(screenshot(hub.url() + "/s/" + late_code, out / "status-late.png", 1200).exit_code ==
              0);
    }
}

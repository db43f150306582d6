// The hub's web pages in a real browser: Debian's Chromium, headless,
// driven through chromedriver by tests/tools/browser.py at a phone's size
// (390 px). The browser types, picks, attaches and taps; this side checks
// what it read against the database the Hub in-process wrote, and decodes
// the QR of the page it saw (zbarimg). Screenshots are kept in the build
// tree (tests/web-shots/) for a person to look at.
#include "web_hub.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace keluhan;
using namespace keluhan::test;
using nlohmann::json;

namespace {

std::filesystem::path shots() {
    auto p = std::filesystem::path(KELUHAN_TEST_BINARY_DIR) / "web-shots";
    std::filesystem::create_directories(p);
    return p;
}

// Runs one scenario of browser.py; its JSON, with what went wrong said.
json browse(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/python3",
                                  (source_dir() / "tests" / "tools" / "browser.py").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_process(argv);
    INFO("browser.py stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    json j = json::parse(r.out, nullptr, false);
    REQUIRE_MESSAGE(j.is_object(), r.out);
    REQUIRE_MESSAGE(!j.contains("error"), j.dump(2));
    return j;
}

} // namespace

TEST_CASE("a visitor sends a complaint with a file from a phone and gets its code and QR") {
    WebHub h;
    const auto file = h.dir / "surat-pengantar.pdf";
    std::ofstream(file, std::ios::binary) << "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    const auto shot = shots() / "ajukan-diterima.png";
    const json j = browse({"intake", h.base(), file.string(), shot.string()});
    CHECK(j["lang"] == "id");
    CHECK(j["unlabelled"].empty()); // every field has its label
    CHECK(j["width"] == 390);       // nothing wider than the phone
    CHECK(j["title"] == "Keluhan Anda sudah kami terima");
    const auto code = TrackingCode::parse(j["code"].get<std::string>());
    REQUIRE(code);
    const Complaint c = h.stored(*code);
    CHECK(c.channel == Channel::Elektronik);
    CHECK(c.origin == "web");
    CHECK(c.complainant.name == "Andi Wijaya");
    CHECK(c.complainant.email == "andi@example.co.id");
    CHECK(c.service == "pengujian");
    CHECK(c.description.find("14 hari kerja") != std::string::npos);
    CHECK(c.consent);
    CHECK(sqlite_text(h.db, "SELECT media_type || ' ' || filename FROM attachments") ==
          "application/pdf surat-pengantar.pdf");
    // The QR on the page as the phone showed it.
    const auto qr = run_process({"/usr/bin/zbarimg", "--quiet", "--raw", shot.string()});
    CHECK(qr.out.find(code->grouped()) != std::string::npos);
    CHECK(j["qr"] == 1);
    // The receipt's link works for this visitor's browser, and for nobody else.
    CHECK(j["receipt_got"] == json::array({200, "application/pdf", "%PDF"}));
    httplib::Client client("127.0.0.1", h.port);
    const std::string link = j["receipt"].get<std::string>();
    auto pdf = client.Get(link.substr(link.find("/ajukan")));
    REQUIRE(pdf);
    CHECK(pdf->status == 404);
}

TEST_CASE("a visitor who leaves out what is needed is told beside each field and keeps the rest") {
    WebHub h;
    const json j = browse({"refused", h.base(), (shots() / "ajukan-ditolak.png").string()});
    CHECK(j["title"] == "Sampaikan Keluhan");
    CHECK(j["width"] == 390);
    REQUIRE(j["alert"].size() == 1);
    CHECK(j["beside"]["description"] == "Isi keluhan wajib diisi.");
    CHECK(j["beside"]["service"] == "Pilih layanan yang Anda keluhkan.");
    CHECK(j["beside"].contains("consent"));
    CHECK(j["beside"].contains("phone")); // a name needs a way to answer
    CHECK(j["described"] == "h-description e-description");
    CHECK(j["invalid"] == "true");
    CHECK(j["name_kept"] == "Andi Wijaya");
    CHECK(j["organization_kept"] == "PT Sumber Rejeki");
    CHECK(h.count("SELECT count(*) FROM complaints") == 0);
}

TEST_CASE("a form posted with a forged token is refused in the browser with everything kept") {
    WebHub h;
    const json j = browse({"csrf", h.base(), (shots() / "ajukan-token.png").string()});
    REQUIRE(j["alert"].size() == 1);
    REQUIRE_MESSAGE(!j["alert"].empty(), j.dump(2)); // indexing an empty one is undefined
    CHECK(j["alert"][0].get<std::string>().find("kedaluwarsa") != std::string::npos);
    CHECK(j["description_kept"].get<std::string>().find("14 hari kerja") != std::string::npos);
    CHECK(j["consent_kept"] == true);
    CHECK(h.count("SELECT count(*) FROM complaints") == 0);
}

TEST_CASE("the Kepala Balai signs in at /staf on his phone and sends the disposition") {
    WebHub h;
    const auto code = h.complaint_at("disposisi");
    const json j = browse({"staf", h.base(), "kepala", kWebPassword, code.grouped(),
                           "Segera tanggapi, koordinasikan dengan laboratorium.",
                           (shots() / "staf-selesai.png").string()});
    CHECK(j["sign_in_title"] == "Masuk");
    CHECK(j["tasks_title"] == "Tugas saya");
    CHECK(j["tasks"] == json::array({code.grouped()}));
    REQUIRE_MESSAGE(!j["when"].empty(), j.dump(2)); // indexing an empty one is undefined
    CHECK(j["when"][0] == "10 menit lagi");
    CHECK(j["complaint_title"] == code.grouped());
    CHECK(j["step"].get<std::string>().rfind("Menerima laporan tentang keluhan", 0) == 0);
    CHECK(j["after_title"] == "Tugas saya");
    REQUIRE_MESSAGE(!j["status"].empty(), j.dump(2)); // indexing an empty one is undefined
    CHECK(j["status"][0].get<std::string>().find("Langkah berikutnya: 5.") != std::string::npos);
    CHECK(j["width"] == 390);
    bool session_cookie = false;
    for (const auto& c : j["cookies"])
        if (c["name"] == "keluhan_staf") {
            session_cookie = true;
            CHECK(c["httpOnly"] == true);
            CHECK(c["secure"] == true);
            CHECK(c["sameSite"] == "Strict");
        }
    CHECK(session_cookie);
    CHECK(h.stored(code).current_step == "tanggapi");
    CHECK(sqlite_text(h.db, "SELECT actor || ': ' || note FROM events WHERE step_id = 'disposisi' "
                            "AND kind = 'complete'") ==
          "kepala: Segera tanggapi, koordinasikan dengan laboratorium.");
}

TEST_CASE("the status page and the form fit a phone at 200 % text, nothing scrolled sideways") {
    WebHub h;
    const auto code = h.complaint_at("disposisi");
    for (const std::string& path : {"/s/" + code.compact(), std::string("/ajukan")}) {
        CAPTURE(path);
        const auto name = path == "/ajukan" ? "ajukan-200.png" : "status-200.png";
        const json j = browse({"zoom", h.base(), path, (shots() / name).string()});
        CHECK(j["width"] == 390);
        // Every text grew with the reader's setting (none fixed in pixels),
        // and still nothing is wider than the phone.
        CHECK(j["smallest"].get<double>() >= 12.0);
        CHECK(j["smallest_200"].get<double>() >= 2 * j["smallest"].get<double>() - 0.5);
        CHECK_MESSAGE(j["width_200"] == 390, j["wider"].dump());
    }
}

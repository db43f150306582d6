// The hub's web pages over real loopback HTTP, as a hostile or careless
// client would use them: the complaint form (/ajukan) with forged tokens,
// filled honeypots, files that lie about what they are, too many and too
// large, floods from one address; the officials' pages (/staf) with wrong
// passwords, forged tokens, another role's step and plain HTTP from afar.
// What a real browser does with them is in test_web_browser.cpp.
#include "web_forms.hpp"
#include "web_hub.hpp"
#include "web_pages.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

using namespace keluhan;
using namespace keluhan::test;

namespace {

const std::string kPdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0');

std::vector<std::pair<std::string, std::string>> good_fields(const std::string& csrf) {
    return {{"csrf", csrf},
            {"name", "Andi Wijaya"},
            {"organization", "PT Sumber Rejeki"},
            {"phone", "0812 3456 7890"},
            {"email", "andi@example.co.id"},
            {"service", "pengujian"},
            {"reference", "LHU-2026-0412"},
            {"description", "Laporan hasil uji belum terbit."},
            {"expectation", "Terbit minggu ini."},
            {"consent", "1"},
            {"website", ""}};
}

// Opens the form as a browser does: its cookie and its token.
std::string open_form(Browser& b, const std::string& path = "/ajukan") {
    auto r = b.get(path);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const std::string token = hidden(r->body, "csrf");
    REQUIRE(!token.empty());
    return token;
}

std::int64_t complaints(const WebHub& h) {
    return h.count("SELECT count(*) FROM complaints");
}

// Sends `request` as is on a new connection and reads the answer to its end.
std::string raw_exchange(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size()));
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
        out.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return out;
}

std::string location_of(const httplib::Result& r) {
    return r ? r->get_header_value("Location") : std::string();
}

} // namespace

// --- the multipart reader on its own ----------------------------------------------------

TEST_CASE("a multipart body is read part by part and a broken one is refused") {
    using hub::web::parse_multipart;
    const std::string body = "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                             "one\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; "
                             "filename=\"C:\\x\\surat %221%22.pdf\"\r\nContent-Type: "
                             "application/pdf\r\n\r\n%PDF\r\n--b\r\n\r\n--b--\r\n";
    // (the last part has no name: refused below; first the good body)
    const std::string good = body.substr(0, body.find("--b\r\n\r\n")) + "--b--\r\n";
    auto parts = parse_multipart("multipart/form-data; boundary=\"b\"", good);
    REQUIRE(parts);
    REQUIRE(parts->size() == 2);
    CHECK((*parts)[0].name == "a");
    CHECK((*parts)[0].data == "one");
    CHECK(!(*parts)[0].filename);
    CHECK((*parts)[1].filename.value() == "C:\\x\\surat %221%22.pdf");
    CHECK((*parts)[1].content_type == "application/pdf");
    CHECK((*parts)[1].data == "%PDF");

    CHECK(!parse_multipart("multipart/form-data; boundary=b", body)); // a part without a name
    CHECK(!parse_multipart("multipart/form-data", good));             // no boundary
    CHECK(!parse_multipart("multipart/form-data; boundary=" + std::string(71, 'b'), good));
    CHECK(!parse_multipart("text/plain; boundary=b", good));
    CHECK(!parse_multipart("multipart/form-data; boundary=b", good.substr(0, good.size() - 9)));
    CHECK(!parse_multipart("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: "
                                                              "form-data; name=\"a\"\r\n\r\nx"));
    std::string many;
    for (int i = 0; i < 40; ++i)
        many += "--b\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nx\r\n";
    CHECK(!parse_multipart("multipart/form-data; boundary=b", many + "--b--\r\n"));
    CHECK(parse_multipart("multipart/form-data; boundary=b", many + "--b--\r\n", 40));
}

TEST_CASE("a form token is good only for its browser, its form and its time") {
    hub::web::Signer s;
    const TimeMs now = 1'800'000'000'000;
    const std::string t = s.issue("ajukan", "browser-a", now, 60'000);
    CHECK(s.check(t, "ajukan", "browser-a", now + 59'000));
    CHECK(!s.check(t, "ajukan", "browser-a", now + 61'000)); // expired
    CHECK(!s.check(t, "ajukan", "browser-b", now));          // another browser
    CHECK(!s.check(t, "staf", "browser-a", now));            // another form
    CHECK(!s.check(t, "ajukan", "", now));                   // no cookie at all
    std::string forged = t;
    forged.back() = forged.back() == '0' ? '1' : '0';
    CHECK(!s.check(forged, "ajukan", "browser-a", now));
    // A later expiry written in does not carry the signature along.
    CHECK(!s.check("9999999999" + t.substr(t.find('.')), "ajukan", "browser-a", now));
    // Two forms opened in the same instant are two forms.
    CHECK(s.issue("ajukan", "browser-a", now, 60'000) != t);
    CHECK(!hub::web::Signer().check(t, "ajukan", "browser-a", now)); // a restarted hub
}

// --- /ajukan ------------------------------------------------------------------------------

TEST_CASE("the web form is served in Indonesian and English with a cookie only this site sends") {
    WebHub h;
    Browser b{h.port};
    auto r = b.get("/ajukan");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("<html lang=\"id\">") != std::string::npos);
    CHECK(r->body.find("Sampaikan Keluhan") != std::string::npos);
    CHECK(r->body.find("enctype=\"multipart/form-data\"") != std::string::npos);
    REQUIRE(b.set_cookie.size() == 1);
    CHECK(b.set_cookie[0].find("HttpOnly") != std::string::npos);
    CHECK(b.set_cookie[0].find("SameSite=Strict") != std::string::npos);
    // Every field of `keluhan submit --stdin` is there by its name.
    for (const char* f : {"name", "organization", "phone", "email", "anonymous", "service",
                          "reference", "description", "expectation", "consent", "attachment"})
        CHECK_MESSAGE(r->body.find(std::string("name=\"") + f + "\"") != std::string::npos, f);
    auto en = b.get("/ajukan?lang=en");
    REQUIRE(en);
    CHECK(en->body.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en->body.find("Make a complaint") != std::string::npos);
    CHECK(b.set_cookie.size() == 1); // the browser's cookie is kept, not made again
}

TEST_CASE("a complaint from the web form is stored as electronic from the web with its files") {
    WebHub h;
    Browser b{h.port};
    const std::string token = open_form(b, "/ajukan?lang=en");
    auto r = b.post("/ajukan?lang=en",
                    multipart(good_fields(token),
                              {{"attachment", "surat.pdf", "application/pdf", kPdf},
                               // a name that lies: the content is a PNG
                               {"attachment", "C:\\foto\\bukti.pdf", "application/pdf", kPng}}),
                    kMultipart);
    REQUIRE(r);
    REQUIRE(r->status == 303);
    const std::string where = location_of(r);
    REQUIRE(where.rfind("/ajukan/diterima/", 0) == 0);
    CHECK(where.find("lang=en") != std::string::npos);
    const std::string compact = where.substr(17, where.find('?') - 17);
    const auto code = TrackingCode::parse(compact).value();
    const Complaint c = h.stored(code);
    CHECK(c.channel == Channel::Elektronik);
    CHECK(c.origin == "web");
    CHECK(c.language == "en");
    CHECK(c.complainant.name == "Andi Wijaya");
    CHECK(c.reference == "LHU-2026-0412");
    CHECK(c.current_step == "terima");
    CHECK(h.count("SELECT count(*) FROM attachments") == 2);
    CHECK(sqlite_text(h.db, "SELECT group_concat(media_type || ' ' || filename, ', ') FROM "
                            "(SELECT * FROM attachments ORDER BY id)") ==
          "application/pdf surat.pdf, image/png bukti.pdf");

    // The page after: the code in large type, its QR, the receipt.
    auto done = b.get(where);
    REQUIRE(done);
    CHECK(done->status == 200);
    CHECK(done->body.find(code.grouped()) != std::string::npos);
    CHECK(done->body.find("<svg") != std::string::npos);
    CHECK(done->body.find("Download the receipt (PDF)") != std::string::npos);
    const std::string sig =
        where.substr(where.find("?t=") + 3, where.find('&') - where.find("?t=") - 3);
    auto pdf = b.get("/ajukan/diterima/" + compact + "/tanda-terima.pdf?t=" + sig);
    REQUIRE(pdf);
    CHECK(pdf->status == 200);
    CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
    REQUIRE(pdf->body.rfind("%PDF", 0) == 0);
    const auto file = h.dir / "receipt.pdf";
    { std::ofstream(file, std::ios::binary) << pdf->body; }
    const auto text = run_process({"/usr/bin/pdftotext", file.string(), "-"});
    CHECK(text.out.find(code.grouped()) != std::string::npos);
    CHECK(text.out.find("Andi Wijaya") != std::string::npos);

    // The receipt holds a name: the link works only in the browser that sent
    // the complaint, and not at all without its signature.
    Browser elsewhere{h.port};
    CHECK(elsewhere.get("/ajukan/diterima/" + compact + "/tanda-terima.pdf?t=" + sig)->status ==
          404);
    CHECK(elsewhere.get(where)->status == 404);
    CHECK(b.get("/ajukan/diterima/" + compact + "/tanda-terima.pdf")->status == 404);
    std::string forged = sig;
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    CHECK(b.get("/ajukan/diterima/" + compact + "/tanda-terima.pdf?t=" + forged)->status == 404);
    const auto other = h.complaint_at("terima");
    CHECK(b.get("/ajukan/diterima/" + other.compact() + "/tanda-terima.pdf?t=" + sig)->status ==
          404);
}

TEST_CASE("a refused web form keeps what was typed and says what to fix beside each field") {
    WebHub h;
    Browser b{h.port};
    const std::string token = open_form(b);
    auto fields = good_fields(token);
    for (auto& [k, v] : fields)
        if (k == "description" || k == "consent" || k == "phone" || k == "email") v.clear();
    fields.emplace_back("email", "bukan-alamat");
    auto r = b.post("/ajukan", multipart(fields), kMultipart);
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(complaints(h) == 0);
    const std::string& page = r->body;
    CHECK(page.find("value=\"Andi Wijaya\"") != std::string::npos);
    CHECK(page.find("value=\"LHU-2026-0412\"") != std::string::npos);
    CHECK(page.find("<option value=\"pengujian\" selected>") != std::string::npos);
    CHECK(page.find("role=\"alert\"") != std::string::npos);
    // Each error beside its field, and tied to it for a screen reader.
    for (const char* f : {"description", "consent", "email"}) {
        CAPTURE(f);
        CHECK(page.find(std::string("id=\"e-") + f + "\"") != std::string::npos);
        const std::string hint = f == std::string("consent") ? "" : "h-" + std::string(f) + " ";
        CHECK(page.find("aria-describedby=\"" + hint + "e-" + f + "\"") != std::string::npos);
    }
    CHECK(page.find("Isi keluhan wajib diisi.") != std::string::npos);
    // A fresh token comes with it: sending again works.
    auto again = good_fields(hidden(page, "csrf"));
    CHECK(b.post("/ajukan", multipart(again), kMultipart)->status == 303);
    CHECK(complaints(h) == 1);
}

TEST_CASE("a forged, missing or borrowed form token is refused and nothing is stored") {
    WebHub h;
    Browser b{h.port};
    const std::string token = open_form(b);
    std::string forged = token;
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    auto r = b.post("/ajukan", multipart(good_fields(forged)), kMultipart);
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("Formulir ini sudah kedaluwarsa") != std::string::npos);
    CHECK(r->body.find("Laporan hasil uji belum terbit.") != std::string::npos); // kept
    // Another browser's token with this browser's cookie (or none at all).
    Browser other{h.port};
    const std::string theirs = open_form(other);
    CHECK(b.post("/ajukan", multipart(good_fields(theirs)), kMultipart)->status == 403);
    Browser bare{h.port};
    CHECK(bare.post("/ajukan", multipart(good_fields(token)), kMultipart)->status == 403);
    CHECK(complaints(h) == 0);
    // The browser's own token still works.
    CHECK(b.post("/ajukan", multipart(good_fields(token)), kMultipart)->status == 303);
    CHECK(complaints(h) == 1);
}

TEST_CASE("the hidden field a script fills in stores nothing") {
    WebHub h;
    Browser b{h.port};
    auto fields = good_fields(open_form(b));
    for (auto& [k, v] : fields)
        if (k == "website") v = "http://spam.example";
    auto r = b.post("/ajukan", multipart(fields), kMultipart);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(complaints(h) == 0);
    // Urlencoded (a script's favourite) takes the same checks.
    auto plain = b.post("/ajukan", form(fields));
    CHECK(plain->status == 400);
    CHECK(complaints(h) == 0);
}

TEST_CASE("attachments are checked by their content, their number and their size") {
    WebHub h;
    Browser b{h.port};
    const std::string token = open_form(b);
    auto send = [&](const std::vector<FilePart>& files) {
        auto r = b.post("/ajukan", multipart(good_fields(token), files), kMultipart);
        REQUIRE(r);
        return std::make_pair(r->status, r->body);
    };
    // A program renamed to .pdf.
    auto [s1, p1] = send({{"attachment", "surat.pdf", "application/pdf", "MZ\x90\x00 not a pdf"}});
    CHECK(s1 == 422);
    CHECK(p1.find("id=\"e-attachment\"") != std::string::npos);
    CHECK(p1.find("bukan PDF, JPEG atau PNG") != std::string::npos);
    CHECK(p1.find("pilih lagi berkasnya") != std::string::npos);
    // Four files.
    std::vector<FilePart> four(4, FilePart{"attachment", "a.pdf", "application/pdf", kPdf});
    auto [s2, p2] = send(four);
    CHECK(s2 == 422);
    CHECK(p2.find("Paling banyak 3 lampiran") != std::string::npos);
    // Two files of 2.8 MB: 5.6 MB in all.
    const std::string big = kPdf + std::string((28u << 20) / 10, 'x');
    auto [s3, p3] = send({{"attachment", "a.pdf", "application/pdf", big},
                          {"attachment", "b.pdf", "application/pdf", big}});
    CHECK(s3 == 422);
    CHECK(p3.find("5,60 MB") != std::string::npos);
    // A phone's 7 MB photo: refused beside the field, the words kept.
    auto [s5, p5] = send({{"attachment", "IMG_2041.jpg", "image/jpeg",
                           std::string("\xFF\xD8\xFF\xE0", 4) + std::string(7u << 20, 'x')}});
    CHECK(s5 == 422);
    CHECK(p5.find("id=\"e-attachment\"") != std::string::npos);
    CHECK(p5.find("Laporan hasil uji belum terbit.") != std::string::npos);
    CHECK(complaints(h) == 0);
    // Over the body's limit: refused on its headers, before it is read, with a page.
    const std::string head =
        "POST /ajukan HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + std::string(kMultipart) +
        "\r\nContent-Length: " + std::to_string(25u << 20) + "\r\nConnection: close\r\n\r\n";
    const std::string huge = raw_exchange(h.port, head);
    CHECK(huge.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(huge.find("Content-Type: text/html") != std::string::npos);
    CHECK(huge.find("paling besar 5 MB") != std::string::npos);
    CHECK(huge.find("tombol Kembali") != std::string::npos);
    CHECK(complaints(h) == 0);
    // An empty file input (no file chosen) is no attachment.
    auto [s4, p4] = send({{"attachment", "", "application/octet-stream", ""}});
    CHECK(s4 == 303);
    CHECK(h.count("SELECT count(*) FROM attachments") == 0);
}

TEST_CASE("one address may send only so many web complaints an hour") {
    HubConfig cfg;
    cfg.web_submissions_per_hour = 2;
    WebHub h(cfg);
    Browser b{h.port};
    // (A fresh form each time: one form sent twice is one complaint.)
    CHECK(b.post("/ajukan", multipart(good_fields(open_form(b))), kMultipart)->status == 303);
    CHECK(b.post("/ajukan", multipart(good_fields(open_form(b))), kMultipart)->status == 303);
    auto third = b.post("/ajukan", multipart(good_fields(open_form(b))), kMultipart);
    REQUIRE(third);
    CHECK(third->status == 429);
    CHECK(!third->get_header_value("Retry-After").empty());
    CHECK(third->body.find("Coba lagi dalam") != std::string::npos);
    CHECK(complaints(h) == 2);
}

TEST_CASE("an office that takes no complaints online says so at /ajukan") {
    HubConfig cfg;
    cfg.web_intake = false;
    WebHub h(cfg);
    Browser b{h.port};
    auto r = b.get("/ajukan");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("tidak dibuka oleh kantor ini") != std::string::npos);
    CHECK(b.post("/ajukan", multipart(good_fields("x")), kMultipart)->status == 404);
    CHECK(complaints(h) == 0);
}

// --- /staf --------------------------------------------------------------------------------

namespace {

// Signs in as `name`; the browser keeps the session's cookie.
httplib::Result sign_in(Browser& b, const std::string& name, const std::string& password) {
    auto page = b.get("/staf");
    REQUIRE(page);
    return b.post(
        "/staf/masuk",
        form({{"csrf", hidden(page->body, "csrf")}, {"name", name}, {"password", password}}));
}

} // namespace

TEST_CASE("an official signs in at /staf with a session cookie no script and no other site gets") {
    WebHub h;
    const auto code = h.complaint_at("disposisi");
    Browser b{h.port};
    auto first = b.get("/staf");
    REQUIRE(first);
    CHECK(first->body.find("name=\"password\"") != std::string::npos);
    auto r = sign_in(b, "kepala", kWebPassword);
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(location_of(r) == "/staf");
    std::string session_line;
    for (const auto& line : b.set_cookie)
        if (line.rfind("keluhan_staf=", 0) == 0) session_line = line;
    CHECK(session_line.find("HttpOnly") != std::string::npos);
    CHECK(session_line.find("Secure") != std::string::npos);
    CHECK(session_line.find("SameSite=Strict") != std::string::npos);
    CHECK(session_line.find("Path=/staf") != std::string::npos);
    // The token is kept hashed: the cookie's value is nowhere in the database.
    const std::string token = b.cookies.at("keluhan_staf");
    CHECK(h.count("SELECT count(*) FROM sessions") == 1);
    std::string files;
    for (const char* suffix : {"", "-wal"})
        if (std::filesystem::exists(h.db.string() + suffix))
            files += read_file(h.db.string() + suffix);
    CHECK(files.find("kepala") != std::string::npos); // (the files were read)
    CHECK(files.find(token) == std::string::npos);
    auto tasks = b.get("/staf");
    REQUIRE(tasks);
    CHECK(tasks->status == 200);
    CHECK(tasks->body.find(code.grouped()) != std::string::npos);
    CHECK(tasks->body.find("10 menit lagi") != std::string::npos);
    // Nobody else's session: a made-up cookie is a sign-in page.
    Browser stranger{h.port};
    stranger.cookies["keluhan_staf"] = std::string(43, 'A');
    auto s = stranger.get("/staf");
    CHECK(s->status == 401);
    CHECK(s->body.find(code.grouped()) == std::string::npos);
}

TEST_CASE("wrong passwords at /staf lock the account as the panel does") {
    WebHub h;
    Browser b{h.port};
    for (int i = 0; i < 5; ++i) {
        auto r = sign_in(b, "kepala", "salah-sekali");
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(r->body.find("value=\"kepala\"") != std::string::npos); // the name is kept
    }
    auto locked = sign_in(b, "kepala", kWebPassword);
    REQUIRE(locked);
    CHECK(locked->status == 401);
    CHECK(locked->body.find("Akun terkunci") != std::string::npos);
    CHECK(b.cookies.count("keluhan_staf") == 0);
    // A sign-in form without its token is refused before the password is tried.
    Browser bare{h.port};
    auto r = bare.post("/staf/masuk", form({{"name", "staf"}, {"password", kWebPassword}}));
    CHECK(r->status == 403);
    CHECK(bare.cookies.count("keluhan_staf") == 0);
}

TEST_CASE("the Kepala Balai disposes from /staf and no other role can do his step") {
    WebHub h;
    const auto code = h.complaint_at("disposisi");
    const std::string path = "/staf/k/" + code.compact();

    // Staf PJI sees the complaint but not the form, and a forged post is refused in the core.
    Browser staf{h.port};
    REQUIRE(sign_in(staf, "staf", kWebPassword)->status == 303);
    auto seen = staf.get(path);
    REQUIRE(seen);
    CHECK(seen->status == 200);
    CHECK(seen->body.find("name=\"note\"") == std::string::npos);
    CHECK(seen->body.find("dikerjakan oleh Kepala Balai") != std::string::npos);
    auto pushed = staf.post(path, form({{"csrf", hidden(seen->body, "csrf")},
                                        {"step", "disposisi"},
                                        {"note", "saya yang putuskan"},
                                        {"do", "complete"}}));
    REQUIRE(pushed);
    CHECK(pushed->status == 403);
    CHECK(h.stored(code).current_step == "disposisi");

    Browser kepala{h.port};
    REQUIRE(sign_in(kepala, "kepala", kWebPassword)->status == 303);
    auto page = kepala.get(path);
    REQUIRE(page);
    CHECK(page->body.find("Kirim disposisi") != std::string::npos);
    const std::string csrf = hidden(page->body, "csrf");
    // Another session's token: refused, nothing done.
    CHECK(kepala
              .post(path, form({{"csrf", hidden(seen->body, "csrf")},
                                {"step", "disposisi"},
                                {"note", "x"},
                                {"do", "complete"}}))
              ->status == 403);
    // No note: said beside the note, the form as it was.
    auto empty = kepala.post(
        path, form({{"csrf", csrf}, {"step", "disposisi"}, {"note", " "}, {"do", "complete"}}));
    REQUIRE(empty);
    CHECK(empty->status == 422);
    CHECK(empty->body.find("id=\"e-note\"") != std::string::npos);
    CHECK(h.stored(code).current_step == "disposisi");
    // Done.
    auto done = kepala.post(path, form({{"csrf", csrf},
                                        {"step", "disposisi"},
                                        {"note", "Mohon segera ditanggapi <hari ini>."},
                                        {"do", "complete"}}));
    REQUIRE(done);
    CHECK(done->status == 303);
    CHECK(location_of(done) == "/staf?selesai=" + code.compact());
    const Complaint after = h.stored(code);
    CHECK(after.current_step == "tanggapi");
    CHECK(sqlite_text(h.db,
                      "SELECT actor || ' ' || note FROM events WHERE step_id = 'disposisi' "
                      "AND kind = 'complete'") == "kepala Mohon segera ditanggapi <hari ini>.");
    auto told = kepala.get(location_of(done));
    CHECK(told->body.find("Langkah berikutnya: 5.") != std::string::npos);
    CHECK(told->body.find(code.grouped()) == std::string::npos); // no longer his task
    // The page sent twice (a second tab) does not act on the next step.
    auto twice = kepala.post(
        path, form({{"csrf", csrf}, {"step", "disposisi"}, {"note", "lagi"}, {"do", "complete"}}));
    CHECK(twice->status == 409);
    CHECK(h.stored(code).current_step == "tanggapi");
    // What the complainant wrote is shown; what anyone typed is escaped.
    CHECK(page->body.find("Laporan hasil uji terlambat.") != std::string::npos);
    auto history = kepala.get(path);
    CHECK(history->body.find("Mohon segera ditanggapi &lt;hari ini&gt;.") != std::string::npos);
    CHECK(history->body.find("<hari ini>") == std::string::npos);
}

TEST_CASE("a step returned from /staf needs its reason") {
    WebHub h;
    const auto code = h.complaint_at("periksa");
    const std::string path = "/staf/k/" + code.compact();
    Browser b{h.port};
    REQUIRE(sign_in(b, "koordinator", kWebPassword)->status == 303);
    auto page = b.get(path);
    REQUIRE(page);
    CHECK(page->body.find("value=\"return\"") != std::string::npos);
    CHECK(page->body.find("/surat.pdf") != std::string::npos);
    const std::string csrf = hidden(page->body, "csrf");
    auto bare = b.post(path, form({{"csrf", csrf}, {"step", "periksa"}, {"do", "return"}}));
    CHECK(bare->status == 422);
    CHECK(h.stored(code).current_step == "periksa");
    auto back = b.post(path, form({{"csrf", csrf},
                                   {"step", "periksa"},
                                   {"note", "Paragraf kedua belum menjawab."},
                                   {"do", "return"}}));
    CHECK(back->status == 303);
    CHECK(h.stored(code).current_step == "konsep");
    // The letter as it stands, as a PDF.
    auto letter = b.get(path + "/surat.pdf");
    REQUIRE(letter);
    CHECK(letter->status == 200);
    CHECK(letter->body.rfind("%PDF", 0) == 0);
}

TEST_CASE("the staff pages refuse plain HTTP from another machine") {
    HubConfig cfg;
    cfg.trusted_proxies = {"127.0.0.1"};
    WebHub h(cfg);
    Browser far{h.port};
    far.extra.emplace("X-Forwarded-For", "203.0.113.9");
    auto r = far.get("/staf");
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("HTTPS") != std::string::npos);
    auto post = far.post("/staf/masuk", form({{"name", "kepala"}, {"password", kWebPassword}}));
    CHECK(post->status == 403);
    CHECK(post->body.find("HTTPS") != std::string::npos); // the guard, not the form's token
    CHECK(h.count("SELECT failed_attempts FROM users WHERE name = 'kepala'") == 0);
    // Through nginx's HTTPS it is served.
    far.extra.emplace("X-Forwarded-Proto", "https");
    CHECK(far.get("/staf")->status == 200);
}

TEST_CASE("signing out of /staf ends the session for good") {
    WebHub h;
    Browser b{h.port};
    REQUIRE(sign_in(b, "kepala", kWebPassword)->status == 303);
    const std::string token = b.cookies.at("keluhan_staf");
    auto tasks = b.get("/staf");
    auto out = b.post("/staf/keluar", form({{"csrf", hidden(tasks->body, "csrf")}}));
    REQUIRE(out);
    CHECK(out->status == 200);
    CHECK(out->body.find("Anda sudah keluar") != std::string::npos);
    CHECK(b.cookies.count("keluhan_staf") == 0);
    CHECK(h.count("SELECT count(*) FROM sessions") == 0);
    // The old cookie, kept by someone: dead.
    Browser thief{h.port};
    thief.cookies["keluhan_staf"] = token;
    CHECK(thief.get("/staf")->status == 401);
    // Another site's page cannot sign an official out.
    Browser c{h.port};
    REQUIRE(sign_in(c, "kepala", kWebPassword)->status == 303);
    CHECK(c.post("/staf/keluar", form({{"csrf", "1.2"}}))->status == 403);
    CHECK(h.count("SELECT count(*) FROM sessions") == 1);
}

TEST_CASE("the CAPA SOP from /staf: the coordinator's corrective action and letter, then signing") {
    WebHub h({}, "balai-capa");
    const auto code = h.complaint_at("tindak_lanjut");
    const std::string path = "/staf/k/" + code.compact();
    Browser b{h.port};
    REQUIRE(sign_in(b, "terkait", kWebPassword)->status == 303);
    auto page = b.get(path);
    REQUIRE(page);
    for (const char* f : {"root_cause", "correction", "corrective_action", "preventive_action",
                          "responsible", "due_date", "letter"})
        CHECK_MESSAGE(page->body.find(std::string("name=\"") + f + "\"") != std::string::npos, f);
    CHECK(page->body.find("tidak dicetak pada surat") != std::string::npos);
    const std::string csrf = hidden(page->body, "csrf");
    std::vector<std::pair<std::string, std::string>> fields{
        {"csrf", csrf},
        {"step", "tindak_lanjut"},
        {"root_cause", "Antrian alat uji tarik."},
        {"correction", "Sampel diuji hari ini."},
        {"corrective_action", "Jadwal alat ditambah satu sif."},
        {"preventive_action", "Antrian dipantau tiap pekan."},
        {"responsible", "Koordinator Pengujian"},
        {"due_date", "2026-12-05"},
        {"letter", "Laporan hasil uji Bapak terbit pada 25 November 2026."},
        {"do", "complete"}};
    // A field left out: said beside it; what was typed is kept (and saved).
    auto missing = fields;
    missing[6].second.clear();
    auto r = b.post(path, form(missing));
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(r->body.find("id=\"e-responsible\"") != std::string::npos);
    CHECK(r->body.find("Jadwal alat ditambah satu sif.") != std::string::npos);
    CHECK(h.stored(code).current_step == "tindak_lanjut");
    CHECK(sqlite_text(h.db, "SELECT root_cause FROM capa") == "Antrian alat uji tarik.");
    // A bad date.
    auto bad = fields;
    bad[7].second = "5 Desember";
    CHECK(b.post(path, form(bad))->status == 422);
    // All there.
    auto done = b.post(path, form(fields));
    REQUIRE(done);
    CHECK(done->status == 303);
    CHECK(h.stored(code).current_step == "tandatangani");
    CHECK(sqlite_text(h.db, "SELECT responsible || ' ' || due_date FROM capa") ==
          "Koordinator Pengujian 2026-12-05");
    // The Kepala Balai reads the letter and signs.
    Browser kepala{h.port};
    REQUIRE(sign_in(kepala, "kepala", kWebPassword)->status == 303);
    auto sign = kepala.get(path);
    REQUIRE(sign);
    CHECK(sign->body.find("Tandatangani surat") != std::string::npos);
    auto letter = kepala.get(path + "/surat.pdf");
    REQUIRE(letter);
    REQUIRE(letter->body.rfind("%PDF", 0) == 0);
    const auto file = h.dir / "surat.pdf";
    { std::ofstream(file, std::ios::binary) << letter->body; }
    CHECK(run_process({"/usr/bin/pdftotext", file.string(), "-"}).out.find("25 November 2026") !=
          std::string::npos);
    auto signed_ = kepala.post(
        path,
        form({{"csrf", hidden(sign->body, "csrf")}, {"step", "tandatangani"}, {"do", "complete"}}));
    CHECK(signed_->status == 303);
    CHECK(h.stored(code).current_step == "terima_jawaban");
}

TEST_CASE("staff record an official's paper decision from /staf only when they say so") {
    WebHub h({}, "bspji-palembang", [](Office& o) { o.config.allow_on_behalf = true; });
    const auto code = h.complaint_at("disposisi");
    const std::string path = "/staf/k/" + code.compact();
    Browser b{h.port};
    REQUIRE(sign_in(b, "staf", kWebPassword)->status == 303);
    auto page = b.get(path);
    REQUIRE(page);
    CHECK(page->body.find("name=\"on_behalf\"") != std::string::npos);
    const std::string csrf = hidden(page->body, "csrf");
    auto unticked = b.post(path, form({{"csrf", csrf},
                                       {"step", "disposisi"},
                                       {"note", "Disposisi di kertas: segera tanggapi."},
                                       {"do", "complete"}}));
    REQUIRE(unticked);
    CHECK(unticked->status == 422);
    CHECK(unticked->body.find("id=\"e-on_behalf\"") != std::string::npos);
    CHECK(unticked->body.find("Disposisi di kertas: segera tanggapi.") != std::string::npos);
    CHECK(h.stored(code).current_step == "disposisi");
    auto ticked = b.post(path, form({{"csrf", csrf},
                                     {"step", "disposisi"},
                                     {"note", "Disposisi di kertas: segera tanggapi."},
                                     {"on_behalf", "1"},
                                     {"do", "complete"}}));
    CHECK(ticked->status == 303);
    CHECK(sqlite_text(h.db, "SELECT actor || ' ' || on_behalf_of FROM events WHERE step_id = "
                            "'disposisi' AND kind = 'complete'") == "staf kepala_balai");
}

TEST_CASE("posts with a bad token from another site do not use up a visitor's quota") {
    HubConfig cfg;
    cfg.web_submissions_per_hour = 2;
    WebHub h(cfg);
    Browser victim{h.port};
    const std::string token = open_form(victim);
    // Another site's page posting from the visitor's browser: no cookie (SameSite=Strict).
    Browser other_site{h.port};
    for (int i = 0; i < 10; ++i) {
        other_site.cookies.clear(); // SameSite=Strict: never sent from another site
        auto r = other_site.post("/ajukan", multipart(good_fields("1.2")), kMultipart);
        REQUIRE(r);
        CHECK(r->status == 403);
        // What it sent is not put back in our form to be sent with one tap.
        CHECK(r->body.find("Andi Wijaya") == std::string::npos);
    }
    CHECK(victim.post("/ajukan", multipart(good_fields(token)), kMultipart)->status == 303);
    CHECK(victim.post("/ajukan", multipart(good_fields(open_form(victim))), kMultipart)->status ==
          303);
    CHECK(complaints(h) == 2);
}

TEST_CASE("the pages are not framed, not cached and run no script") {
    WebHub h;
    Browser b{h.port};
    for (const char* path : {"/ajukan", "/staf"}) {
        CAPTURE(path);
        auto r = b.get(path);
        REQUIRE(r);
        CHECK(r->get_header_value("Cache-Control") == "no-store");
        CHECK(r->get_header_value("X-Frame-Options") == "DENY");
        CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
        const std::string csp = r->get_header_value("Content-Security-Policy");
        CHECK(csp.find("default-src 'none'") != std::string::npos);
        CHECK(csp.find("form-action 'self'") != std::string::npos);
        CHECK(csp.find("script-src") == std::string::npos);
    }
    // Signing out clears the session and sets the form's cookie in one answer.
    Browser c{h.port};
    REQUIRE(sign_in(c, "kepala", kWebPassword)->status == 303);
    c.cookies.erase("keluhan_staf_form");
    auto tasks = c.get("/staf");
    c.set_cookie.clear();
    auto out = c.post("/staf/keluar", form({{"csrf", hidden(tasks->body, "csrf")}}));
    REQUIRE(out);
    CHECK(out->status == 200);
    CHECK(c.set_cookie.size() == 2);
    CHECK(c.cookies.count("keluhan_staf") == 0);
    CHECK(c.cookies.count("keluhan_staf_form") == 1);
}

TEST_CASE("a web form sent twice (Back, then Send) makes one complaint") {
    WebHub h;
    Browser b{h.port};
    const std::string token = open_form(b);
    auto first = b.post("/ajukan", multipart(good_fields(token)), kMultipart);
    auto again = b.post("/ajukan", multipart(good_fields(token)), kMultipart);
    REQUIRE(first);
    REQUIRE(again);
    CHECK(first->status == 303);
    CHECK(again->status == 303);
    const std::string a = location_of(first), z = location_of(again);
    CHECK(a.substr(0, a.find('?')) == z.substr(0, z.find('?')));
    CHECK(complaints(h) == 1);
    // The page after keeps its signature when the language is switched.
    auto done = b.get(z);
    REQUIRE(done);
    CHECK(done->body.find("?lang=en&amp;t=") != std::string::npos);
    const std::string sig = z.substr(z.find("?t=") + 3);
    CHECK(b.get(z.substr(0, z.find('?')) + "?lang=en&t=" + sig)->status == 200);
}

TEST_CASE("an anonymous web complaint with a name typed in asks, and drops nothing silently") {
    WebHub h;
    Browser b{h.port};
    auto fields = good_fields(open_form(b));
    fields.emplace_back("anonymous", "1");
    auto r = b.post("/ajukan", multipart(fields), kMultipart);
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(r->body.find("id=\"e-anonymous\"") != std::string::npos);
    CHECK(complaints(h) == 0);
    // Anonymous with no name: stored without one.
    auto plain = good_fields(hidden(r->body, "csrf"));
    for (auto& [k, v] : plain)
        if (k == "name" || k == "organization" || k == "phone" || k == "email") v.clear();
    plain.emplace_back("anonymous", "1");
    CHECK(b.post("/ajukan", multipart(plain), kMultipart)->status == 303);
    CHECK(sqlite_text(h.db, "SELECT anonymous FROM complaints") == "1");
}

TEST_CASE("a returned letter comes back to its drafter as it was written") {
    WebHub h;
    const auto code = h.complaint_at("periksa");
    const std::string path = "/staf/k/" + code.compact();
    Browser koordinator{h.port};
    REQUIRE(sign_in(koordinator, "koordinator", kWebPassword)->status == 303);
    auto page = koordinator.get(path);
    auto unknown = koordinator.post(
        path, form({{"csrf", hidden(page->body, "csrf")}, {"step", "periksa"}, {"do", "hack"}}));
    CHECK(unknown->status == 400);
    CHECK(h.stored(code).current_step == "periksa");
    auto back = koordinator.post(path, form({{"csrf", hidden(page->body, "csrf")},
                                             {"step", "periksa"},
                                             {"note", "Paragraf kedua belum menjawab."},
                                             {"do", "return"}}));
    REQUIRE(back->status == 303);
    CHECK(koordinator.get(location_of(back))->body.find("Dikembalikan ke langkah 7") !=
          std::string::npos);
    Browser staf{h.port};
    REQUIRE(sign_in(staf, "staf", kWebPassword)->status == 303);
    auto redo = staf.get(path);
    REQUIRE(redo);
    // complaint_at drafted the letter with the note "catatan langkah konsep".
    CHECK(redo->body.find(">catatan langkah konsep</textarea>") != std::string::npos);
    CHECK(redo->body.find("Paragraf kedua belum menjawab.") != std::string::npos);
}

// The hub published the supported way: a real nginx (Debian's nginx-light)
// started with the shipped assets/nginx/keluhan-hub.conf - only its
// addresses, ports and certificate paths changed - in front of a real hub
// on loopback. What it must hold: TLS with forward-secret ciphers only and
// HSTS, plain HTTP sent to HTTPS, a slow-loris header cut off, a body over
// its location's limit refused before the hub sees it, and the client's
// address passed on so the hub's per-visitor limits count visitors (a
// forged X-Forwarded-For neither through nginx nor straight to the hub
// changes whom a request is counted against).
#include "hub.hpp"

#include "keluhan/ops/workflow.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

// A port free right now on 127.0.0.1.
int free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
}

// A TCP connection to 127.0.0.1:port, closed at the end.
struct Tcp {
    int fd = -1;
    explicit Tcp(int port) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    }
    ~Tcp() {
        if (fd >= 0) ::close(fd);
    }
    Tcp(const Tcp&) = delete;
    Tcp& operator=(const Tcp&) = delete;
    void send(const std::string& s) const {
        REQUIRE(::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()));
    }
    // Waits up to `seconds` for the peer to close; what it sent meanwhile.
    std::optional<std::string> closed_within(int seconds) const {
        timeval tv{seconds, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        std::string got;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno == ECONNRESET)) return got;
            if (n < 0) return std::nullopt; // still open after the wait
            got.append(buf, static_cast<std::size_t>(n));
        }
    }
};

struct Published {
    TempDir dir;
    Office office = test::load_office();
    hub::Hub hub;
    int https = free_port();
    int http = free_port();
    pid_t nginx = -1;
    std::string code; // a complaint on the hub

    Published() {
        {
            auto store = Store::open(dir / "hub.db").value();
            code =
                submit_complaint(*store, office, test::sample_submission()).value().code.compact();
        }
        HubConfig cfg;
        cfg.listen = "127.0.0.1";
        cfg.port = 0;
        cfg.lookups_per_minute = 3; // low, to see whom lookups are counted against
        cfg.misses_per_10_minutes = 0;
        // nginx talks to the hub from 127.0.0.2 (proxy_bind below); the test
        // itself, like any other client, from 127.0.0.1.
        cfg.trusted_proxies = {"127.0.0.2"};
        hub.set_log([this](std::string_view l) {
            std::lock_guard lock(log_mu);
            log.append(l).push_back('\n');
        });
        REQUIRE(hub.start(office, dir / "hub.db", cfg));

        const auto crt = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
        const auto made = test::run_process({"/usr/bin/openssl", "req", "-x509", "-newkey",
                                             "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                                             "-days", "2", "-subj", "/CN=localhost"});
        REQUIRE_MESSAGE(made.exit_code == 0, made.err);

        // The shipped site, with this machine's addresses, ports and certificate.
        std::ifstream in(test::source_dir() / "assets" / "nginx" / "keluhan-hub.conf");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string site = ss.str();
        auto must_replace = [&](const std::string& from, const std::string& to) {
            const auto at = site.find(from);
            REQUIRE_MESSAGE(at != std::string::npos, from);
            site.replace(at, from.size(), to);
        };
        must_replace("server 127.0.0.1:8080;",
                     "server 127.0.0.1:" + std::to_string(hub.port()) + ";");
        must_replace("    listen 80;\n    listen [::]:80;",
                     "    listen 127.0.0.1:" + std::to_string(http) + ";");
        must_replace("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;",
                     "    listen 127.0.0.1:" + std::to_string(https) +
                         " ssl http2;\n    proxy_bind 127.0.0.2;");
        must_replace("/etc/ssl/keluhan/fullchain.pem", crt);
        must_replace("/etc/ssl/keluhan/privkey.pem", key);
        must_replace("/var/log/nginx/keluhan-access.log", (dir / "keluhan-access.log").string());
        std::ofstream(dir / "keluhan-hub.conf") << site;
        // nginx's own frame: everything in the test's folder, in the foreground.
        const std::string d = dir.path().string();
        std::filesystem::create_directories(dir / "tmp");
        std::filesystem::permissions(dir / "tmp", std::filesystem::perms::all);
        // nginx's workers (user nobody) reach the body buffers through it.
        std::filesystem::permissions(
            dir.path(), std::filesystem::perms::group_exec | std::filesystem::perms::others_exec,
            std::filesystem::perm_options::add);
        std::ofstream(dir / "nginx.conf")
            << "worker_processes 1;\ndaemon off;\npid " << d << "/nginx.pid;\nerror_log " << d
            << "/error.log info;\nevents { worker_connections 1024; }\nhttp {\n  access_log " << d
            << "/access.log;\n  client_body_temp_path " << d << "/tmp/body;\n  proxy_temp_path "
            << d << "/tmp/proxy;\n  fastcgi_temp_path " << d << "/tmp/fcgi;\n  uwsgi_temp_path "
            << d << "/tmp/uwsgi;\n  scgi_temp_path " << d << "/tmp/scgi;\n  include " << d
            << "/keluhan-hub.conf;\n}\n";
        const auto t = test::run_process(
            {"/usr/sbin/nginx", "-t", "-p", d, "-c", (dir / "nginx.conf").string()});
        REQUIRE_MESSAGE(t.exit_code == 0, t.err);
        std::vector<std::string> argv{"/usr/sbin/nginx", "-p", d, "-c",
                                      (dir / "nginx.conf").string()};
        std::vector<char*> c;
        for (auto& a : argv)
            c.push_back(a.data());
        c.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        REQUIRE(posix_spawn(&nginx, argv[0].c_str(), &fa, nullptr, c.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&fa);
        for (int i = 0; i < 200; ++i) {
            if (httplib::Client("127.0.0.1", http).Get("/")) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        FAIL("nginx did not start");
    }
    ~Published() {
        if (nginx > 0) {
            ::kill(nginx, SIGQUIT);
            int st = 0;
            ::waitpid(nginx, &st, 0);
        }
        hub.stop();
    }
    Published(const Published&) = delete;
    Published& operator=(const Published&) = delete;

    // `openssl s_client` with only `cipher` offered over TLS 1.2: did the
    // handshake succeed?
    [[nodiscard]] bool handshake(const std::string& cipher) const {
        const auto r = test::run_process({"/usr/bin/openssl", "s_client", "-connect",
                                          "127.0.0.1:" + std::to_string(https), "-tls1_2",
                                          "-cipher", cipher, "-brief"},
                                         "Q\n");
        return r.exit_code == 0;
    }
    std::mutex log_mu;
    std::string log;
};

} // namespace

TEST_CASE("nginx in front of the hub, with the shipped config: TLS, HSTS, slow and huge "
          "requests, and each visitor counted by their own address") {
    Published p;
    // The customer's page through nginx, over TLS, with HSTS.
    httplib::SSLClient c("127.0.0.1", p.https);
    c.enable_server_certificate_verification(false);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    auto page = c.Get("/s/" + p.code);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Strict-Transport-Security") == "max-age=31536000");
    CHECK(page->body.find(p.code.substr(0, 4)) != std::string::npos);
    // Plain HTTP only points to HTTPS.
    auto plain = httplib::Client("127.0.0.1", p.http).Get("/s/" + p.code);
    REQUIRE(plain);
    CHECK(plain->status == 301);
    CHECK(plain->get_header_value("Location").rfind("https://", 0) == 0);
    // Forward-secret AEAD ciphers only: static RSA and CBC-SHA1 are refused.
    CHECK(p.handshake("ECDHE-RSA-AES128-GCM-SHA256"));
    CHECK_FALSE(p.handshake("AES128-SHA"));
    CHECK_FALSE(p.handshake("AES256-GCM-SHA384"));
    CHECK_FALSE(p.handshake("ECDHE-RSA-AES128-SHA"));
    // Only the hub's routes: the rest is nginx's 404, the health page is
    // for the office's network (here: loopback, allowed).
    CHECK(c.Get("/etc/passwd")->status == 404);
    CHECK(c.Get("/healthz")->status == 200);

    // A body over the staff API's limit is refused by nginx; the hub never
    // sees it (its log has no such request).
    auto huge = c.Post("/api/v1/session", std::string(300 * 1024, 'x'), "application/json");
    REQUIRE(huge);
    CHECK(huge->status == 413);
    // A header that never ends (one byte now and then) is cut off after 5 s.
    {
        Tcp slow(p.http);
        slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        std::this_thread::sleep_for(std::chrono::seconds(2));
        slow.send("X");
        const auto closed = slow.closed_within(8);
        CHECK(closed.has_value());
    }

    // The hub counts lookups per visitor, by the address nginx saw (3 a
    // minute here; the page above was the first). A forged X-Forwarded-For
    // does not change it: nginx sets its own.
    for (int i = 0; i < 2; ++i) {
        auto r =
            c.Get("/api/v1/status/" + p.code,
                  httplib::Headers{{"X-Forwarded-For", "198.51.100." + std::to_string(i + 1)}});
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    auto fourth =
        c.Get("/api/v1/status/" + p.code, httplib::Headers{{"X-Forwarded-For", "203.0.113.9"}});
    REQUIRE(fourth);
    CHECK(fourth->status == 429);
    {
        std::lock_guard lock(p.log_mu);
        // Logged as the visitor (127.0.0.1), not as nginx (127.0.0.2), nor forged.
        CHECK(p.log.find("/api/v1/status/") != std::string::npos);
        CHECK(p.log.find(" 127.0.0.2\n") == std::string::npos);
        CHECK(p.log.find("198.51.100.") == std::string::npos);
        CHECK(p.log.find("POST /api/v1/session") == std::string::npos);
    }
    // Straight to the hub, from an address that is not a trusted proxy, a
    // forged header is ignored too: the same visitor, the same count.
    httplib::Client direct("127.0.0.1", p.hub.port());
    auto forged =
        direct.Get("/api/v1/status/" + p.code, httplib::Headers{{"X-Forwarded-For", "192.0.2.44"}});
    REQUIRE(forged);
    CHECK(forged->status == 429);
}

TEST_CASE("the web form, the officials' pages and the survey through nginx") {
    Published p;
    httplib::SSLClient c("127.0.0.1", p.https);
    c.enable_server_certificate_verification(false);
    c.set_connection_timeout(5);
    c.set_read_timeout(20);
    // The form, and a complaint sent with it through nginx.
    auto page = c.Get("/ajukan");
    REQUIRE(page);
    CHECK(page->status == 200);
    const std::string set = page->get_header_value("Set-Cookie");
    CHECK(set.find("; Secure") != std::string::npos); // nginx said HTTPS
    const std::string cookie = set.substr(0, set.find(';'));
    const std::string marker = "name=\"csrf\" value=\"";
    const auto at = page->body.find(marker) + marker.size();
    const std::string token = page->body.substr(at, page->body.find('"', at) - at);
    std::string body;
    for (const auto& [k, v] :
         std::vector<std::pair<std::string, std::string>>{{"csrf", token},
                                                          {"name", "Andi"},
                                                          {"phone", "081234567890"},
                                                          {"service", "pengujian"},
                                                          {"description", "Lewat nginx."},
                                                          {"consent", "1"}})
        body += "--B\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    body += "--B--\r\n";
    auto sent = c.Post("/ajukan", httplib::Headers{{"Cookie", cookie}}, body,
                       "multipart/form-data; boundary=B");
    REQUIRE(sent);
    CHECK(sent->status == 303);
    // The page after, by its signed link: served, and the signature kept out of the log.
    const std::string where = sent->get_header_value("Location");
    REQUIRE(where.find("?t=") != std::string::npos);
    auto done = c.Get(where, httplib::Headers{{"Cookie", cookie}});
    REQUIRE(done);
    CHECK(done->status == 200);
    // Past the form's 24 MB: nginx refuses it before the hub reads a byte.
    auto huge = c.Post("/ajukan", httplib::Headers{{"Cookie", cookie}}, std::string(25u << 20, 'x'),
                       "multipart/form-data; boundary=B");
    REQUIRE(huge);
    CHECK_MESSAGE(huge->status == 413, huge->body << test::read_file(p.dir / "error.log"));
    // The officials' pages: served, since nginx says HTTPS.
    auto staf = c.Get("/staf");
    REQUIRE(staf);
    CHECK(staf->status == 200);
    CHECK(staf->body.find("name=\"password\"") != std::string::npos);
    // The survey's form reaches the hub (which says the complaint is not settled yet).
    auto survey = c.Post("/s/" + p.code + "/survei", "U1=4", "application/x-www-form-urlencoded");
    REQUIRE(survey);
    CHECK(survey->status == 409);
    ::kill(p.nginx, SIGUSR1); // reopen: the log is written out
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string log = test::read_file(p.dir / "keluhan-access.log");
    CHECK(log.find("/ajukan/diterima/") != std::string::npos);
    CHECK(log.find("t=") == std::string::npos);
}

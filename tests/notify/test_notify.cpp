// Messages to complainants, end to end on real parts: the SOP's steps queue
// them in the office's outbox (a real SQLite file), the notify module sends
// them to a real SMTP server on loopback (Debian's aiosmtpd, STARTTLS and
// login required, tests/tools/smtp_server.py), writes SMS files the way
// gammu-smsd reads them, and POSTs to a real HTTP server standing in for a
// WhatsApp gateway. The server down then back loses nothing and sends
// nothing twice; a refused address fails for good and says so; anonymous
// complaints are never told; anonymising cancels what had not gone yet.
#include "hub.hpp"
#include "keluhan/notify/notify.hpp"
#include "keluhan/ops/personal.hpp"

#include "office_fixture.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

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
#include <thread>

extern char** environ;

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

int free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
}

constexpr const char* kUser = "keluhan@bspji.test";
constexpr const char* kPassword = "sandi-smtp-rahasia";

// aiosmtpd on loopback with a throwaway certificate; stopped and started
// again on the same port for the outage case.
struct SmtpServer {
    TempDir dir;
    int port = free_port();
    pid_t pid = -1;
    std::vector<std::string> refuse;
    bool smtps = false; // TLS from the start instead of STARTTLS
    std::filesystem::path cert = dir / "cert.pem", key = dir / "key.pem";
    std::filesystem::path mail = dir / "mail";

    SmtpServer() {
        std::filesystem::create_directories(mail);
        const auto made = test::run_process(
            {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
             key.string(), "-out", cert.string(), "-days", "2", "-subj", "/CN=localhost", "-addext",
             "subjectAltName=IP:127.0.0.1,DNS:localhost"});
        REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    }
    ~SmtpServer() { stop(); }
    SmtpServer(const SmtpServer&) = delete;
    SmtpServer& operator=(const SmtpServer&) = delete;

    void start() {
        std::filesystem::remove(mail / "port");
        std::vector<std::string> argv{"/usr/bin/python3",
                                      (test::source_dir() / "tests/tools/smtp_server.py").string(),
                                      "--dir",
                                      mail.string(),
                                      "--port",
                                      std::to_string(port),
                                      "--cert",
                                      cert.string(),
                                      "--key",
                                      key.string(),
                                      "--user",
                                      kUser,
                                      "--password",
                                      kPassword};
        for (const auto& r : refuse) {
            argv.emplace_back("--refuse");
            argv.push_back(r);
        }
        if (smtps) argv.emplace_back("--smtps");
        std::vector<char*> c;
        for (auto& a : argv)
            c.push_back(a.data());
        c.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        REQUIRE(posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, c.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&fa);
        for (int i = 0; i < 400; ++i) {
            if (std::filesystem::exists(mail / "port")) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        FAIL("the SMTP server did not start");
    }
    void stop() {
        if (pid <= 0) return;
        ::kill(pid, SIGTERM);
        int st = 0;
        ::waitpid(pid, &st, 0);
        pid = -1;
    }
    // The messages received, in order.
    std::vector<std::string> received() const {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(mail))
            if (e.path().extension() == ".eml") files.push_back(e.path());
        std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
            return std::stoi(a.stem().string().substr(5)) < std::stoi(b.stem().string().substr(5));
        });
        std::vector<std::string> out;
        for (const auto& f : files)
            out.push_back(test::read_file(f));
        return out;
    }
};

// A secret in a file only its owner reads.
std::string secret_file(const TempDir& dir, const std::string& name, const std::string& value,
                        mode_t mode = 0600) {
    const auto p = dir / name;
    std::ofstream(p) << value << "\n";
    ::chmod(p.c_str(), mode);
    return p.string();
}

// An office whose [notify] sends through `smtp`.
void mail_through(test::SeededOffice& d, const SmtpServer& smtp) {
    auto& n = d.office.config.notify;
    n.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port);
    n.smtp_user = kUser;
    n.smtp_password_file = secret_file(d.dir, "smtp-password", kPassword);
    n.smtp_from = "keluhan@bspji.test";
    n.smtp_ca_file = smtp.cert.string();
    n.timeout_seconds = 10;
    d.office.config.status_base_url = "https://keluhan.bspji.test";
}

Submission with_contact(const std::string& email, const std::string& phone = "0812-3456-7890",
                        const std::string& language = "") {
    Submission s = test::sample_submission("Sertifikat kalibrasi timbangan belum kami terima.");
    s.complainant = {false, "Budi Santoso", "CV Maju", phone, email};
    s.language = language;
    return s;
}

// Completes the current step as the role that acts on it, through the operation.
Complaint step(test::SeededOffice& d, const Complaint& c) {
    const SopStep& s = *d.office.profile.step(c.current_step);
    if (!s.capa.empty()) d.fill_capa(c);
    auto r = advance_complaint(
        *d.store, d.office, d.users[SopEngine::acting_role(s)], TrackingCode::parse(c.code).value(),
        AdvanceRequest{"Sertifikat dikirim ulang melalui pos tercatat.", false, std::nullopt, {}});
    REQUIRE_MESSAGE(r.ok(), r.error().key);
    return *r;
}

// The decoded bytes of the MIME part of `type` in a message (base64).
std::string part_bytes(const std::string& mail, const std::string& type) {
    const auto at = mail.find("Content-Type: " + type);
    if (at == std::string::npos) return "";
    const auto body = mail.find("\r\n\r\n", at);
    const auto end = mail.find("\r\n--", body + 4);
    const std::string b64 = mail.substr(body + 4, end - body - 4);
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int bits = 0;
    unsigned value = 0;
    for (const char ch : b64) {
        const auto i = alphabet.find(ch);
        if (i == std::string::npos) continue;
        value = (value << 6) | static_cast<unsigned>(i);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((value >> bits) & 0xFF));
        }
    }
    return out;
}

// The text of a message with quoted-printable soft breaks and =XX undone.
std::string plain(const std::string& mail) {
    std::string out;
    for (std::size_t i = 0; i < mail.size(); ++i) {
        if (mail[i] == '=' && i + 2 < mail.size() && mail[i + 1] == '\r' && mail[i + 2] == '\n') {
            i += 2;
        } else if (mail[i] == '=' && i + 2 < mail.size() && std::isxdigit(mail[i + 1]) &&
                   std::isxdigit(mail[i + 2])) {
            out.push_back(static_cast<char>(std::stoi(mail.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(mail[i]);
        }
    }
    return out;
}

} // namespace

TEST_CASE("notify: the complainant is told by e-mail when received, sent the letter as a PDF, "
          "and invited to the survey when closed") {
    SmtpServer smtp;
    smtp.start();
    test::SeededOffice d;
    mail_through(d, smtp);
    auto notifier = Notifier::create(d.office);
    REQUIRE_MESSAGE(notifier, (notifier ? "" : notifier.error().key));

    auto c = d.submit_at(with_contact("budi@contoh.test"), now_ms());
    // Nothing is said at the kiosk's submission: the SOP's step 2 tells them.
    CHECK(d.store->notices_of(c.seq)->empty());
    c = step(d, c); // terima: the register number, and "menginformasikan"
    REQUIRE_FALSE(c.register_number.empty());
    auto round = notifier->run_once(*d.store, d.office, now_ms());
    REQUIRE(round);
    CHECK(round->sent == 1);
    auto mails = smtp.received();
    REQUIRE(mails.size() == 1);
    const std::string received = plain(mails[0]);
    CHECK(received.find("X-Envelope-To: budi@contoh.test") != std::string::npos);
    CHECK(received.find("X-Authenticated: yes") != std::string::npos);
    CHECK(received.find("X-TLS: yes") != std::string::npos); // STARTTLS, then the login
    CHECK(received.find("Subject: Keluhan Anda telah kami terima - " + c.register_number) !=
          std::string::npos);
    CHECK(received.find("Yth. Budi Santoso,") != std::string::npos);
    const std::string code = TrackingCode::parse(c.code)->grouped();
    CHECK(received.find(code) != std::string::npos);
    CHECK(received.find("https://keluhan.bspji.test/s/" + c.code) != std::string::npos);
    CHECK(received.find("(0711) 412005") != std::string::npos);

    // Through the SOP to the letter's sending; one message, with the letter.
    const std::size_t steps = d.office.profile.steps.size();
    for (std::size_t guard = 0; guard < steps && c.status == ComplaintStatus::Open; ++guard) {
        const SopStep* s = d.office.profile.step(c.current_step);
        if (s->form == StepForm::Receipt) break;
        c = step(d, c);
    }
    REQUIRE(d.office.profile.step(c.current_step)->form == StepForm::Receipt);
    round = notifier->run_once(*d.store, d.office, now_ms());
    REQUIRE(round);
    CHECK(round->sent == 1);
    mails = smtp.received();
    REQUIRE(mails.size() == 2);
    const std::string letter = plain(mails[1]);
    CHECK(letter.find("Subject: Jawaban atas keluhan Anda - " + c.register_number) !=
          std::string::npos);
    const std::string pdf = part_bytes(mails[1], "application/pdf");
    REQUIRE(pdf.rfind("%PDF-", 0) == 0);
    CHECK(mails[1].find("surat-tanggapan-" + c.code + ".pdf") != std::string::npos);
    {
        const auto file = d.dir / "letter.pdf";
        std::ofstream(file, std::ios::binary) << pdf;
        const auto text = test::run_process({"/usr/bin/pdftotext", file.string(), "-"});
        CHECK(text.out.find("Sertifikat dikirim ulang melalui pos tercatat.") != std::string::npos);
    }

    // The customer's receipt closes it: the last message has the survey's link.
    while (c.status == ComplaintStatus::Open)
        c = step(d, c);
    round = notifier->run_once(*d.store, d.office, now_ms());
    REQUIRE(round);
    CHECK(round->sent == 1);
    mails = smtp.received();
    REQUIRE(mails.size() == 3);
    CHECK(plain(mails[2]).find("https://keluhan.bspji.test/s/" + c.code + "/survei") !=
          std::string::npos);
    // Each was sent once, and says so.
    auto list = d.store->notices_of(c.seq).value();
    REQUIRE(list.size() == 3);
    for (const auto& n : list) {
        CHECK(n.state == NoticeState::Sent);
        CHECK(n.attempts == 1);
    }
    CHECK(notifier->run_once(*d.store, d.office, now_ms() + 86'400'000)->sent == 0);
    CHECK(smtp.received().size() == 3);
}

TEST_CASE("notify: SMTPS (TLS from the start) works too, and a certificate not trusted is refused "
          "and tried again") {
    SmtpServer smtp;
    smtp.smtps = true;
    smtp.start();
    test::SeededOffice d;
    mail_through(d, smtp);
    d.office.config.notify.smtp_url = "smtps://127.0.0.1:" + std::to_string(smtp.port);
    auto c = step(d, d.submit_at(with_contact("budi@contoh.test"), now_ms()));
    // Without the office's CA the server's certificate is not trusted: no
    // message goes in the clear or to a server that may not be the office's.
    d.office.config.notify.smtp_ca_file = "";
    auto untrusted = Notifier::create(d.office).value();
    auto round = untrusted.run_once(*d.store, d.office, now_ms());
    REQUIRE(round);
    CHECK(round->retrying == 1);
    CHECK(smtp.received().empty());
    d.office.config.notify.smtp_ca_file = smtp.cert.string();
    auto notifier = Notifier::create(d.office).value();
    round = notifier.run_once(*d.store, d.office, d.store->notices_of(c.seq).value().at(0).next_at);
    REQUIRE(round);
    CHECK_MESSAGE(round->sent == 1, d.store->notices_of(c.seq).value().at(0).error);
    const auto mails = smtp.received();
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].find("X-TLS: yes") != std::string::npos);
    CHECK(plain(mails[0]).find(c.register_number) != std::string::npos);
}

TEST_CASE("notify: in English for a complainant who used English, and never to the anonymous") {
    SmtpServer smtp;
    smtp.start();
    test::SeededOffice d;
    mail_through(d, smtp);
    auto notifier = Notifier::create(d.office).value();
    auto en = d.submit_at(with_contact("jane@example.test", "", "en"), now_ms());
    CHECK(en.language == "en");
    step(d, en);
    Submission anon = test::sample_submission();
    anon.complainant = {true, "", "", "", ""};
    auto a = d.submit_at(anon, now_ms());
    step(d, a);
    CHECK(d.store->notices_of(a.seq)->empty());
    REQUIRE(notifier.run_once(*d.store, d.office, now_ms())->sent == 1);
    const auto mails = smtp.received();
    REQUIRE(mails.size() == 1);
    const std::string m = plain(mails[0]);
    CHECK(m.find("Subject: We have received your complaint") != std::string::npos);
    CHECK(m.find("Dear Budi Santoso,") != std::string::npos);
    CHECK(m.find("Yth.") == std::string::npos);
}

TEST_CASE("notify: an SMTP server that is down then back loses nothing and sends nothing twice") {
    SmtpServer smtp; // not started yet
    test::SeededOffice d;
    mail_through(d, smtp);
    auto notifier = Notifier::create(d.office).value();
    auto c = step(d, d.submit_at(with_contact("budi@contoh.test"), now_ms()));
    const TimeMs t0 = now_ms();
    auto round = notifier.run_once(*d.store, d.office, t0);
    REQUIRE(round);
    CHECK(round->sent == 0);
    CHECK(round->retrying == 1);
    auto n = d.store->notices_of(c.seq).value().at(0);
    CHECK(n.state == NoticeState::Pending);
    CHECK(n.attempts == 1);
    CHECK_FALSE(n.error.empty());
    // Tried again a minute after the try (the try's own time, a few ms on).
    CHECK(n.next_at >= t0 + notice_backoff_ms(1));
    CHECK(n.next_at < t0 + notice_backoff_ms(1) + 10'000);
    // Not again before its time, and the step's work was never held up.
    CHECK(notifier.run_once(*d.store, d.office, t0 + 1000)->retrying == 0);
    CHECK(c.status == ComplaintStatus::Open);

    smtp.start();
    round = notifier.run_once(*d.store, d.office, n.next_at);
    REQUIRE(round);
    CHECK(round->sent == 1);
    n = d.store->notices_of(c.seq).value().at(0);
    CHECK(n.state == NoticeState::Sent);
    CHECK(n.attempts == 2);
    CHECK(n.error.empty());
    CHECK(notifier.run_once(*d.store, d.office, n.next_at + 86'400'000)->sent == 0);
    const auto mails = smtp.received();
    REQUIRE(mails.size() == 1);
    // Two senders on one database: the message already claimed is not sent twice.
    auto c2 = step(d, d.submit_at(with_contact("siti@contoh.test"), now_ms()));
    auto due = d.store->notices_due(n.next_at + 86'400'000, 10).value();
    REQUIRE(due.size() == 1);
    CHECK(d.store->claim_notice(due[0].id, due[0].next_at, due[0].next_at + 600'000).value());
    CHECK_FALSE(d.store->claim_notice(due[0].id, due[0].next_at, due[0].next_at + 600'000).value());
    CHECK(notifier.run_once(*d.store, d.office, due[0].next_at)->sent == 0);
    CHECK(smtp.received().size() == 1);
    CHECK(d.store->notices_of(c2.seq).value().at(0).state == NoticeState::Pending);
}

TEST_CASE("notify: an address the server refuses fails for good and is shown, and anonymising "
          "cancels what has not gone") {
    SmtpServer smtp;
    smtp.refuse = {"salah@contoh.test"};
    smtp.start();
    test::SeededOffice d;
    mail_through(d, smtp);
    auto notifier = Notifier::create(d.office).value();
    auto bad = step(d, d.submit_at(with_contact("salah@contoh.test"), now_ms()));
    auto round = notifier.run_once(*d.store, d.office, now_ms());
    REQUIRE(round);
    CHECK(round->failed == 1);
    const auto n = d.store->notices_of(bad.seq).value().at(0);
    CHECK(n.state == NoticeState::Failed);
    CHECK(n.error.find("550") != std::string::npos);
    CHECK(smtp.received().empty());
    // A failed try is not retried.
    CHECK(notifier.run_once(*d.store, d.office, now_ms() + 86'400'000)->failed == 0);

    // The office's own sender refused (a wrong smtp_from) is the office's to
    // fix: the message waits for it instead of failing.
    smtp.stop();
    smtp.refuse.emplace_back("pengirim-salah@bspji.test");
    smtp.start();
    auto sender = d.submit_at(with_contact("budi@contoh.test"), now_ms());
    sender = step(d, sender);
    Office wrong = d.office;
    wrong.config.notify.smtp_from = "pengirim-salah@bspji.test";
    auto misconfigured = Notifier::create(wrong).value();
    auto waits = misconfigured.run_once(*d.store, wrong, now_ms());
    REQUIRE(waits);
    CHECK(waits->retrying == 1);
    CHECK(waits->failed == 0);
    const auto kept = d.store->notices_of(sender.seq).value().at(0);
    CHECK(kept.state == NoticeState::Pending);
    CHECK(kept.error.find("553") != std::string::npos);
    CHECK(notifier.run_once(*d.store, d.office, kept.next_at)->sent == 1); // once it is fixed

    // Queued but not sent, then anonymised: cancelled, and nothing of the
    // person is left in the outbox (it never held the address).
    smtp.stop();
    auto c = d.submit_at(with_contact("budi@contoh.test"), now_ms());
    c = step(d, c);
    CHECK(notifier.run_once(*d.store, d.office, now_ms())->retrying == 1);
    c = d.close(c, now_ms());
    REQUIRE(c.status == ComplaintStatus::Closed);
    auto gone = anonymise_complaint(*d.store, d.office, d.users[Role::StafPji],
                                    TrackingCode::parse(c.code).value(), "Permintaan pelapor");
    REQUIRE_MESSAGE(gone.ok(), gone.error().key);
    const auto after = d.store->notices_of(c.seq).value();
    REQUIRE_FALSE(after.empty());
    for (const auto& m : after) {
        CHECK(m.state == NoticeState::Cancelled);
        CHECK(m.error.empty());
    }
    CHECK(d.scalar("SELECT count(*) FROM notifications WHERE error LIKE '%budi%'") == 0);
    smtp.start();
    CHECK(notifier.run_once(*d.store, d.office, now_ms() + 86'400'000)->sent == 0);
    CHECK(smtp.received().size() == 1); // only the one sent once the sender was right
}

TEST_CASE("notify: SMS files in gammu-smsd's outbox and a JSON POST to the office's gateway") {
    test::SeededOffice d;
    const auto outbox = d.dir / "gammu-outbox";
    std::filesystem::create_directories(outbox);
    httplib::Server gateway;
    std::vector<std::pair<std::string, std::string>> posts; // Authorization, body
    std::mutex mu;
    int status = 503;
    gateway.Post("/kirim", [&](const httplib::Request& req, httplib::Response& res) {
        const std::lock_guard lock(mu);
        posts.emplace_back(req.get_header_value("Authorization") + "|" +
                               req.get_header_value("Idempotency-Key"),
                           req.body);
        res.status = status;
    });
    const int port = gateway.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { gateway.listen_after_bind(); });
    auto& n = d.office.config.notify;
    n.sms_outbox = outbox.string();
    n.webhook_url = "http://127.0.0.1:" + std::to_string(port) + "/kirim";
    n.webhook_token_file = secret_file(d.dir, "gateway-token", "token-gateway-123");
    n.timeout_seconds = 5;
    auto notifier = Notifier::create(d.office).value();
    auto c = step(d, d.submit_at(with_contact("", "0812-3456-7890"), now_ms()));
    auto list = d.store->notices_of(c.seq).value();
    REQUIRE(list.size() == 2); // no e-mail address: SMS and the gateway
    auto round = notifier.run_once(*d.store, d.office, now_ms());
    REQUIRE(round);
    CHECK(round->sent == 1);     // the SMS file
    CHECK(round->retrying == 1); // the gateway answered 503
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(outbox))
        files.push_back(e.path());
    REQUIRE(files.size() == 1);
    const std::string name = files[0].filename().string();
    CHECK(name.rfind("OUTB", 0) == 0);
    CHECK(name.find("_+6281234567890_") != std::string::npos);
    CHECK(files[0].extension() == ".txt");
    const std::string sms = test::read_file(files[0]);
    CHECK(sms.find(c.register_number) != std::string::npos);
    CHECK(sms.find("https://") == std::string::npos); // no status.base_url: the kiosk's way
    CHECK(sms.find("Cek Status") != std::string::npos);

    {
        const std::lock_guard lock(mu);
        status = 200;
    }
    TimeMs later = 0;
    const auto queued = d.store->notices_of(c.seq).value();
    for (const auto& m : queued)
        if (m.channel == NoticeChannel::Webhook) later = m.next_at;
    round = notifier.run_once(*d.store, d.office, later);
    REQUIRE(round);
    CHECK(round->sent == 1);
    gateway.stop();
    serving.join();
    REQUIRE(posts.size() == 2);
    CHECK(posts[0].first == posts[1].first); // the same idempotency key on the retry
    CHECK(posts[1].first.rfind("Bearer token-gateway-123|keluhan-notice-", 0) == 0);
    const auto body = nlohmann::json::parse(posts[1].second);
    CHECK(body["to"] == "+6281234567890");
    CHECK(body["kind"] == "received");
    CHECK(body["register_number"] == c.register_number);
    CHECK(body["text"].get<std::string>().find(c.register_number) != std::string::npos);
    CHECK(std::filesystem::directory_iterator(outbox) != std::filesystem::directory_iterator());
}

TEST_CASE("notify: a secret file others can read, or a missing one, is refused before anything "
          "is sent") {
    test::SeededOffice d;
    auto& n = d.office.config.notify;
    n.smtp_url = "smtp://127.0.0.1:1";
    n.smtp_user = kUser;
    n.smtp_from = "keluhan@bspji.test";
    n.smtp_password_file = secret_file(d.dir, "open-password", kPassword, 0644);
    auto open = Notifier::create(d.office);
    REQUIRE_FALSE(open);
    CHECK(open.error().key == "err.notify.secret_mode");
    n.smtp_password_file = (d.dir / "nowhere").string();
    auto missing = Notifier::create(d.office);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().key == "err.notify.secret");
    CHECK(d.office.catalog.tr("err.notify.secret_mode", open.error().params).find("chmod 600") !=
          std::string::npos);
}

TEST_CASE("notify: the hub sends what the steps queue on its own, every interval") {
    SmtpServer smtp;
    smtp.start();
    test::SeededOffice d;
    mail_through(d, smtp);
    d.office.config.notify.interval_seconds = 1;
    hub::Hub hub;
    hub.set_log([](std::string_view) {});
    HubConfig cfg;
    cfg.listen = "127.0.0.1";
    cfg.port = 0;
    REQUIRE(hub.start(d.office, d.dir / "k.db", cfg));
    // A step taken through the operation while the hub runs (the panel on
    // the same database, or the staff API): the hub's sender finds it.
    auto c = step(d, d.submit_at(with_contact("budi@contoh.test"), now_ms()));
    for (int i = 0; i < 200 && smtp.received().empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    hub.stop();
    const auto mails = smtp.received();
    REQUIRE(mails.size() == 1);
    CHECK(plain(mails[0]).find(c.register_number) != std::string::npos);
    CHECK(d.store->notices_of(c.seq).value().at(0).state == NoticeState::Sent);
    // A hub whose password file others can read does not start.
    ::chmod(d.office.config.notify.smtp_password_file.c_str(), 0644);
    hub::Hub refused;
    refused.set_log([](std::string_view) {});
    auto st = refused.start(d.office, d.dir / "k.db", cfg);
    REQUIRE_FALSE(st);
    CHECK(st.error().key == "err.notify.secret_mode");
}

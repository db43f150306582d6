// Printing through a real cupsd (scripts/cups-test-server.sh, started and
// stopped by each test): the receipt that comes out decodes to the code the
// complaint got; a disabled queue and a device that cannot be written are
// reported within seconds and leave the complaint intact; a reprint after
// the fix prints; the kiosk's PrintService and the command line do the same.
#include "keluhan/documents/qr.hpp"
#include "keluhan/printing/print.hpp"

#include "print_support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace keluhan;
using keluhan::test::CupsServer;
using keluhan::test::TempDir;
using std::chrono::milliseconds;

namespace {

struct Fixture {
    CupsServer cups;
    TempDir dir;
    Office office = test::load_office();
    std::unique_ptr<Store> store = Store::open(dir / "k.db").value();

    Fixture() {
        office.config.data_dir = dir / "var";
        office.config.printer.timeout_seconds = 20;
    }
    Complaint submit(const std::string& name = "Budi Santoso") {
        Submission s = test::sample_submission();
        s.complainant.name = name;
        return submit_complaint(*store, office, s).value().complaint;
    }
    PrintRequest request() const {
        PrintRequest r;
        r.cups_server = cups.server();
        r.requested_by = "staf";
        return r;
    }
    // The QR text on what the test printer wrote.
    std::vector<std::string> printed_qr(const std::string& stem) const {
        REQUIRE(test::wait_for_file(cups.output(), milliseconds(10000)));
        return test::decode_qr(test::pdf_to_png(cups.output(), dir / stem));
    }
    void check_intact(const Complaint& c) const {
        auto again = store->find_by_code(TrackingCode::parse(c.code).value());
        REQUIRE(again.ok());
        CHECK(again->id == c.id);
        CHECK(again->current_step == c.current_step);
        CHECK(again->description == c.description);
        CHECK(store->check().value().empty());
    }
};

} // namespace

TEST_CASE("a printed receipt comes out of CUPS and its QR decodes to the complaint's status URL") {
    Fixture f;
    f.office.config.status_base_url = "https://keluhan.bspji-palembang.go.id";
    const Complaint c = f.submit();
    const CupsClient cups(f.cups.server());
    auto printers = cups.printers().value();
    REQUIRE(printers.size() == 1);
    CHECK(printers[0].name == f.cups.printer());
    CHECK(printers[0].is_default);
    CHECK(printers[0].state == PrinterState::Idle);
    CHECK(cups.default_printer().value() == f.cups.printer());

    auto r = print_document(*f.store, f.office, c, f.request());
    REQUIRE(r.ok());
    CHECK_MESSAGE(r->outcome == PrintState::Completed, f.office.say(r->message)
                                                           << " " << r->detail);
    CHECK(r->printer == f.cups.printer());
    CHECK(r->cups_job_id > 0);
    CHECK(r->accepted_after < milliseconds(5000));
    const auto qr = f.printed_qr("printed");
    REQUIRE(qr.size() == 1);
    const auto code = TrackingCode::parse(c.code).value();
    CHECK(qr[0] == "https://keluhan.bspji-palembang.go.id/s/" + code.grouped());
    CHECK(qr[0] == qr_payload(f.office.config, code));
    const std::string txt = test::pdf_text(f.cups.output());
    CHECK(txt.find(code.grouped()) != std::string::npos);
    auto jobs = f.store->print_jobs({c.seq, false, 10}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].state == PrintState::Completed);
    CHECK(jobs[0].cups_job_id == r->cups_job_id);
    CHECK(jobs[0].printer == f.cups.printer());
}

TEST_CASE(
    "a disabled queue: held with a clear message within seconds, reprint after resume prints") {
    Fixture f;
    const Complaint c = f.submit();
    REQUIRE(f.cups.tool({"cupsdisable", f.cups.printer()}).exit_code == 0);
    const CupsClient cups(f.cups.server());
    auto info = cups.printer(f.cups.printer()).value();
    CHECK(info.state == PrinterState::Stopped);
    REQUIRE_FALSE(printer_problems(info).empty());
    CHECK(printer_problems(info)[0].key == "label.printer_reason.paused");

    const auto t0 = std::chrono::steady_clock::now();
    auto r = print_document(*f.store, f.office, c, f.request());
    const auto took = std::chrono::steady_clock::now() - t0;
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Held);
    CHECK(took < std::chrono::seconds(5));
    CHECK(r->message.key == "err.print.stopped");
    const std::string said = f.office.say(r->message);
    CHECK(said.find(f.cups.printer()) != std::string::npos);
    CHECK(said.find("antrean dihentikan") != std::string::npos);
    CHECK(visitor_message_key(*r) == "label.print.visitor_trouble");
    // The held job was cancelled: resuming the queue must not print it.
    auto job = cups.job(r->cups_job_id);
    REQUIRE(job.ok());
    CHECK(job->state == CupsJobState::Cancelled);
    f.check_intact(c);
    auto failed = f.store->print_jobs({std::nullopt, true, 10}).value();
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].state == PrintState::Held);

    REQUIRE(cups.resume(f.cups.printer()).ok());
    CHECK(cups.printer(f.cups.printer())->state != PrinterState::Stopped);
    std::this_thread::sleep_for(milliseconds(500));
    CHECK_FALSE(std::filesystem::exists(f.cups.output())); // nothing printed by surprise

    r = print_document(*f.store, f.office, c, f.request());
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Completed);
    const auto qr = f.printed_qr("reprint");
    REQUIRE(qr.size() == 1);
    CHECK(qr[0] == TrackingCode::parse(c.code)->grouped());
}

TEST_CASE(
    "a device that cannot be written: reported within seconds, after the fix the reprint prints") {
    Fixture f;
    const Complaint c = f.submit();
    REQUIRE(f.cups
                .tool({"lpadmin", "-p", f.cups.printer(), "-v",
                       "file:///nonexistent-keluhan-dir/out.pdf"})
                .exit_code == 0);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = print_document(*f.store, f.office, c, f.request());
    REQUIRE(r.ok());
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(8));
    CHECK(r->outcome != PrintState::Completed);
    CHECK((r->outcome == PrintState::Held || r->outcome == PrintState::Failed));
    CHECK_FALSE(r->message.key.empty());
    CHECK(f.office.say(r->message).find(f.cups.printer()) != std::string::npos);
    f.check_intact(c);

    REQUIRE(f.cups.tool({"lpadmin", "-p", f.cups.printer(), "-v", f.cups.device()}).exit_code == 0);
    REQUIRE(CupsClient(f.cups.server()).resume(f.cups.printer()).ok());
    r = print_document(*f.store, f.office, c, f.request());
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Completed);
    CHECK(f.printed_qr("fixed").size() == 1);
    auto jobs = f.store->print_jobs({c.seq, false, 10}).value();
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].state == PrintState::Completed);
    CHECK(jobs[1].state != PrintState::Completed);
}

TEST_CASE("an unknown queue and a rejecting queue are refused with their names") {
    Fixture f;
    const Complaint c = f.submit();
    PrintRequest req = f.request();
    req.printer = "tidak-ada";
    auto r = print_document(*f.store, f.office, c, req);
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Failed);
    CHECK(r->message.key == "err.print.unknown_printer");
    REQUIRE(f.cups.tool({"cupsreject", f.cups.printer()}).exit_code == 0);
    r = print_document(*f.store, f.office, c, f.request());
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Failed);
    CHECK(r->message.key == "err.print.not_accepting");
    REQUIRE(CupsClient(f.cups.server()).resume(f.cups.printer()).ok());
    CHECK(CupsClient(f.cups.server()).printer(f.cups.printer())->accepting);
}

TEST_CASE(
    "PrintService prints on its own thread, reports progress, and limits the visitor's reprints") {
    Fixture f;
    f.office.config.printer.reprint_limit = 1;
    const Complaint c = f.submit();
    std::mutex mu;
    std::vector<PrintProgress> seen;
    std::thread::id caller = std::this_thread::get_id(), worker;
    PrintService service(*f.store, f.office, [&](const PrintProgress& p) {
        std::lock_guard lock(mu);
        seen.push_back(p);
        worker = std::this_thread::get_id();
    });
    PrintRequest req = f.request();
    req.visitor = true;
    req.requested_by = "pelanggan";
    const auto code = TrackingCode::parse(c.code).value();
    const auto t1 = service.print(code, req);
    const auto t2 = service.print(code, req); // the one reprint allowed
    const auto t3 = service.print(code, req); // one too many
    REQUIRE(service.wait_idle(milliseconds(60000)));
    CHECK(worker != caller);
    auto finished = [&](std::int64_t ticket) -> std::optional<PrintReport> {
        std::lock_guard lock(mu);
        for (const auto& p : seen)
            if (p.ticket == ticket && p.stage == PrintProgress::Stage::Finished) return p.report;
        return std::nullopt;
    };
    REQUIRE(finished(t1));
    CHECK(finished(t1)->outcome == PrintState::Completed);
    CHECK(visitor_message_key(*finished(t1)) == "label.print.visitor_done");
    REQUIRE(finished(t2));
    CHECK(finished(t2)->outcome == PrintState::Completed);
    REQUIRE(finished(t3));
    CHECK(finished(t3)->outcome == PrintState::Refused);
    CHECK(finished(t3)->message.key == "err.print.reprint_limit");
    CHECK(visitor_message_key(*finished(t3)) == "label.print.visitor_limit");
    {
        std::lock_guard lock(mu);
        bool waited = false;
        for (const auto& p : seen)
            waited = waited || (p.ticket == t1 && p.stage == PrintProgress::Stage::Waiting);
        CHECK(waited);
    }
    // The same updates are there for a UI that polls.
    const auto polled = service.take_updates();
    CHECK(polled.size() >= 6);
    CHECK(service.take_updates().empty());
    CHECK(visitor_reprints_left(*f.store, f.office, c).value() == 0);
}

TEST_CASE("PrintService stops following at once when it is destroyed") {
    Fixture f;
    const Complaint c = f.submit();
    REQUIRE(f.cups.tool({"cupsdisable", f.cups.printer()}).exit_code == 0);
    f.office.config.printer.timeout_seconds = 60;
    std::atomic<bool> waiting{false};
    const auto t0 = std::chrono::steady_clock::now();
    {
        PrintService service(*f.store, f.office, [&](const PrintProgress& p) {
            if (p.stage == PrintProgress::Stage::Waiting) waiting = true;
        });
        PrintRequest req = f.request();
        req.cups_server = f.cups.server();
        (void)service.print(TrackingCode::parse(c.code).value(), req);
        while (!waiting && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10))
            std::this_thread::sleep_for(milliseconds(10));
    }
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
}

TEST_CASE("keluhan print, printers, print-jobs and printer resume on the real binary") {
    Fixture f;
    const auto db = (f.dir / "cli.db").string();
    const std::map<std::string, std::string> env{{"CUPS_SERVER", f.cups.server()},
                                                 {"KELUHAN_DB", "\x01unset"},
                                                 {"KELUHAN_CONFIG", "\x01unset"},
                                                 {"KELUHAN_LANG", "\x01unset"}};
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {KELUHAN_BIN, "--db", db});
        return test::run_process(args, {}, env);
    };
    REQUIRE(run({"init"}).exit_code == 0);
    auto sub = run({"submit", "--name", "Budi", "--phone", "081234567890", "--service", "pengujian",
                    "--description", "Hasil uji terlambat", "--consent"});
    REQUIRE(sub.exit_code == 0);
    const std::string code = sub.out.substr(0, sub.out.find('\n'));

    auto printers = run({"printers"});
    CHECK(printers.exit_code == 0);
    CHECK(printers.out.find(f.cups.printer()) != std::string::npos);
    auto pj = run({"--json", "printers"});
    REQUIRE(pj.exit_code == 0);
    CHECK(nlohmann::json::parse(pj.out)[0]["name"] == f.cups.printer());

    auto ok = run({"print", code});
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    CHECK(ok.out.find(code) != std::string::npos);
    CHECK(test::decode_qr(test::pdf_to_png(f.cups.output(), f.dir / "cli")) ==
          std::vector<std::string>{code});

    REQUIRE(f.cups.tool({"cupsdisable", f.cups.printer()}).exit_code == 0);
    auto held = run({"print", code});
    CHECK(held.exit_code == 3);
    CHECK(held.err.find("keluhan print " + code) != std::string::npos);
    auto failed = run({"print-jobs", "--failed"});
    CHECK(failed.exit_code == 0);
    CHECK(failed.out.find("held") != std::string::npos);
    auto jobs = run({"--json", "print-jobs", "--code", code});
    REQUIRE(jobs.exit_code == 0);
    CHECK(nlohmann::json::parse(jobs.out).size() == 2);

    auto resumed = run({"printer", "resume", f.cups.printer()});
    CHECK_MESSAGE(resumed.exit_code == 0, resumed.err);
    CHECK(run({"print", code}).exit_code == 0);
    CHECK(run({"printer", "resume", "tidak-ada"}).exit_code == 1);
    CHECK(run({"print", "ZZZZ-ZZZZ-ZZZZ-Z"}).exit_code == 1);
    CHECK(run({"print"}).exit_code == 2);

    auto receipt = run({"receipt", code, "--pdf", (f.dir / "r.pdf").string(), "--png",
                        (f.dir / "r.png").string(), "--paper", "a6"});
    CHECK_MESSAGE(receipt.exit_code == 0, receipt.err);
    CHECK(test::pdf_page_mm(f.dir / "r.pdf").first == doctest::Approx(105).epsilon(0.001));
    CHECK(test::decode_qr(f.dir / "r.png").size() == 1);
    CHECK(run({"receipt", code}).exit_code == 1);
    CHECK(run({"receipt", code, "--pdf", (f.dir / "x.pdf").string(), "--paper", "a5"}).exit_code ==
          1);
    auto letter = run({"letter", code, "--pdf", (f.dir / "l.pdf").string()});
    CHECK_MESSAGE(letter.exit_code == 0, letter.err);
    CHECK(test::pdf_text(f.dir / "l.pdf").find("Tanggapan atas Keluhan Pelanggan") !=
          std::string::npos);
}

TEST_CASE("a cupsd with no queue at all: the receipt is saved under the data folder") {
    Fixture f;
    REQUIRE(f.cups.tool({"lpadmin", "-x", f.cups.printer()}).exit_code == 0);
    const Complaint c = f.submit();
    auto r = print_document(*f.store, f.office, c, f.request());
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Saved);
    CHECK(r->message.key == "label.print.saved_no_printer");
    CHECK(std::filesystem::exists(r->saved));
}

TEST_CASE(
    "the response letter goes to printer.letter_name through the same path, A4, recorded as a "
    "letter") {
    Fixture f;
    f.office.config.printer.name = "struk-yang-tidak-ada"; // the receipts' queue is not used
    f.office.config.printer.letter_name = f.cups.printer();
    const Complaint c = f.submit();
    auto req = f.request();
    req.document = PrintDocument::SuratTanggapan;
    auto r = print_document(*f.store, f.office, c, req);
    REQUIRE(r.ok());
    CHECK_MESSAGE(r->outcome == PrintState::Completed, f.office.say(r->message)
                                                           << " " << r->detail);
    CHECK(r->printer == f.cups.printer());
    REQUIRE(test::wait_for_file(f.cups.output(), milliseconds(10000)));
    // The letter, not a receipt (the test queue's filter sets its own paper).
    const auto code = TrackingCode::parse(c.code).value().grouped();
    const std::string text = test::pdf_text(f.cups.output());
    CHECK(text.find(code) != std::string::npos);
    CHECK(text.find(f.office.catalog.tr("label.letter.subject")) != std::string::npos);
    auto jobs = f.store->print_jobs({}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].document == PrintDocument::SuratTanggapan);
    CHECK(jobs[0].state == PrintState::Completed);
    CHECK(jobs[0].printer == f.cups.printer());
    f.check_intact(c);
}

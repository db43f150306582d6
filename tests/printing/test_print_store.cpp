// The print-job record and the visitor's reprint limit (no cupsd needed),
// and what happens when there is no printer at all.
#include "keluhan/printing/print.hpp"

#include "print_support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

struct Fixture {
    TempDir dir;
    Office office = test::load_office();
    std::unique_ptr<Store> store = Store::open(dir / "k.db").value();
    Complaint c = submit_complaint(*store, office, test::sample_submission()).value().complaint;
};

} // namespace

TEST_CASE("print jobs are recorded, updated and listed newest first") {
    Fixture f;
    auto j = f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "pelanggan", true, 2);
    REQUIRE(j.ok());
    CHECK(j->state == PrintState::Queued);
    CHECK(j->code == f.c.code);
    CHECK(j->finished_at == 0);
    j->state = PrintState::Held;
    j->printer = "lobi";
    j->cups_job_id = 42;
    j->message = Error{ErrorKind::Storage,
                       "err.print.stopped",
                       {{"printer", "lobi"}, {"reason", "label.printer_reason.media_empty"}}};
    j->detail = "Out of paper";
    REQUIRE(f.store->update_print_job(*j).ok());
    auto back = f.store->print_job(j->id).value();
    CHECK(back.state == PrintState::Held);
    CHECK(back.cups_job_id == 42);
    CHECK(back.message.param("reason") == "label.printer_reason.media_empty");
    CHECK(back.finished_at > 0);
    CHECK(f.office.say(back.message).find("kertas habis") != std::string::npos);

    auto k = f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "staf", false, 2).value();
    k.state = PrintState::Completed;
    REQUIRE(f.store->update_print_job(k).ok());
    auto all = f.store->print_jobs({}).value();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == k.id);
    // The held receipt was printed since: nothing left to do about it, and
    // "failed only" no longer lists it. The letter that failed is another
    // document: still to do.
    CHECK(all[1].reprinted);
    CHECK_FALSE(all[0].reprinted);
    auto l =
        f.store->add_print_job(f.c.seq, PrintDocument::SuratTanggapan, "staf", false, 2).value();
    l.state = PrintState::Failed;
    REQUIRE(f.store->update_print_job(l).ok());
    auto failed = f.store->print_jobs({std::nullopt, true, 100}).value();
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].id == l.id);
    CHECK_FALSE(failed[0].reprinted);
    // Before the reprint it was listed (a newer failure does not count).
    auto m = f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "staf", false, 2).value();
    m.state = PrintState::Failed;
    REQUIRE(f.store->update_print_job(m).ok());
    CHECK(f.store->print_jobs({std::nullopt, true, 100}).value().size() == 2);
    CHECK(f.store->print_jobs({f.c.seq + 1000, false, 100}).value().empty());
    PrintJob ghost;
    ghost.id = 999;
    CHECK(f.store->update_print_job(ghost).error().key == "err.print.job_unknown");
    CHECK(f.store->check().value().empty());
}

TEST_CASE("a visitor gets the first print and reprint_limit reprints, staff are not limited") {
    Fixture f;
    const int limit = f.office.config.printer.reprint_limit;
    REQUIRE(limit == 2);
    CHECK(visitor_reprints_left(*f.store, f.office, f.c).value() == 2);
    for (int i = 0; i < 1 + limit; ++i)
        REQUIRE(
            f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "pelanggan", true, limit)
                .ok());
    CHECK(visitor_reprints_left(*f.store, f.office, f.c).value() == 0);
    auto refused =
        f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "pelanggan", true, limit);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().key == "err.print.reprint_limit");
    CHECK(refused.error().kind == ErrorKind::Denied);
    // Nothing was recorded for the refusal; staff may still print.
    CHECK(f.store->print_jobs({}).value().size() == 3);
    CHECK(f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "staf", false, limit).ok());
    // The limit is per complaint.
    auto other = submit_complaint(*f.store, f.office, test::sample_submission()).value().complaint;
    CHECK(f.store->add_print_job(other.seq, PrintDocument::TandaTerima, "pelanggan", true, limit)
              .ok());
}

TEST_CASE("the print_jobs table survives reopening, and the database stays consistent") {
    TempDir dir;
    const auto db = dir / "k.db";
    const Office office = test::load_office();
    std::int64_t id = 0;
    {
        auto s = Store::open(db).value();
        CHECK(s->schema_version() == Store::latest_schema_version());
        auto c = submit_complaint(*s, office, test::sample_submission()).value().complaint;
        id = s->add_print_job(c.seq, PrintDocument::TandaTerima, "staf", false, 2).value().id;
    }
    auto r = Store::open(db, StoreOptions{StoreOptions::Access::Read, "test", 1000}).value();
    CHECK(r->print_job(id).value().requested_by == "staf");
    CHECK(r->check().value().empty());
}

TEST_CASE("no CUPS at all: the receipt is saved as a PDF under the data folder, and said so") {
    Fixture f;
    f.office.config.data_dir = f.dir / "var";
    PrintRequest req;
    req.cups_server = (f.dir / "no-such-cups.sock").string();
    req.visitor = true;
    std::vector<PrintProgress::Stage> stages;
    auto r = print_document(*f.store, f.office, f.c, req,
                            [&](const PrintProgress& p) { stages.push_back(p.stage); });
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Saved);
    CHECK(r->message.key == "label.print.saved_no_cups");
    REQUIRE(std::filesystem::exists(r->saved));
    CHECK(r->saved.parent_path() == f.dir / "var" / "tanda-terima");
    CHECK(test::pdf_page_mm(r->saved).first == doctest::Approx(80).epsilon(0.001));
    CHECK(f.office.say(r->message).find(r->saved.string()) != std::string::npos);
    CHECK(visitor_message_key(*r) == "label.print.visitor_saved");
    CHECK(stages.front() == PrintProgress::Stage::Rendering);
    auto jobs = f.store->print_jobs({}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].state == PrintState::Saved);
    CHECK(jobs[0].file == r->saved.string());
    // A named printer on an unreachable CUPS is a failure, not a silent save.
    req.printer = "lobi";
    r = print_document(*f.store, f.office, f.c, req);
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Failed);
    CHECK(r->message.key == "err.print.no_cups");
}

TEST_CASE("printer states and reasons in plain words") {
    const Office office = test::load_office();
    PrinterInfo p;
    p.name = "lobi";
    p.state = PrinterState::Stopped;
    p.reasons = {"media-empty-error", "marker-supply-low-warning", "vendor-specific-thing-error"};
    const auto problems = printer_problems(p);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].key == "label.printer_reason.media_empty");
    CHECK(problems[0].blocking);
    CHECK(problems[1].key == "label.printer_reason.other");
    CHECK(problems[1].blocking);
    CHECK(problems[2].key == "label.printer_reason.stopped");
    CHECK(problems[3].key == "label.printer_reason.supply_low");
    CHECK_FALSE(problems[3].blocking);
    const std::string words = describe_printer(office.catalog, p);
    CHECK(words.find("berhenti") != std::string::npos);
    CHECK(words.find("kertas habis") != std::string::npos);
    CHECK(words.find("vendor-specific-thing") != std::string::npos);
    PrinterInfo paused;
    paused.state = PrinterState::Stopped;
    paused.reasons = {"paused"};
    const auto pp = printer_problems(paused);
    REQUIRE(pp.size() == 1);
    CHECK(pp[0].key == "label.printer_reason.paused");
    PrinterInfo fine;
    fine.state = PrinterState::Idle;
    CHECK(printer_problems(fine).empty());
    for (const char* r :
         {"offline-report", "media-jam-error", "door-open-error", "cover-open-warning"})
        CHECK(office.catalog.has(printer_problems(PrinterInfo{
            "x", false, PrinterState::Idle, {r}, {}, true, {}, {}, {}, {}, {}})[0]
                                     .key));
}

TEST_CASE("PrintService closing at once still saves every receipt already asked for") {
    Fixture f;
    f.office.config.data_dir = f.dir / "var";
    PrintRequest req;
    req.cups_server = (f.dir / "no-such-cups.sock").string();
    req.requested_by = "staf";
    const auto code = TrackingCode::parse(f.c.code).value();
    {
        PrintService service(*f.store, f.office);
        for (int i = 0; i < 3; ++i)
            (void)service.print(code, req);
    } // destroyed before the worker got to them
    auto jobs = f.store->print_jobs({}).value();
    REQUIRE(jobs.size() == 3);
    for (const auto& j : jobs) {
        CHECK(j.state == PrintState::Saved);
        CHECK(std::filesystem::exists(j.file));
    }
}

TEST_CASE("the response letter prints the same way: with no printer its A4 PDF is saved under "
          "surat-tanggapan/ and recorded as a letter") {
    Fixture f;
    f.office.config.data_dir = f.dir / "var";
    PrintRequest req;
    req.document = PrintDocument::SuratTanggapan;
    req.cups_server = (f.dir / "no-such-cups.sock").string();
    req.requested_by = "staf";
    auto r = print_document(*f.store, f.office, f.c, req);
    REQUIRE(r.ok());
    CHECK(r->outcome == PrintState::Saved);
    REQUIRE(std::filesystem::exists(r->saved));
    CHECK(r->saved.parent_path() == f.dir / "var" / "surat-tanggapan");
    CHECK(test::pdf_page_mm(r->saved).first == doctest::Approx(210).epsilon(0.01));
    const auto code = TrackingCode::parse(f.c.code).value().grouped();
    CHECK(test::pdf_text(r->saved).find(code) != std::string::npos);
    auto jobs = f.store->print_jobs({}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].document == PrintDocument::SuratTanggapan);
    CHECK(jobs[0].state == PrintState::Saved);
    CHECK(jobs[0].requested_by == "staf");
    // No .partial file is left beside it.
    for (const auto& e : std::filesystem::directory_iterator(r->saved.parent_path()))
        CHECK(e.path().extension() == ".pdf");
}

TEST_CASE("a refusal is never stored as a print job's state") {
    Fixture f;
    auto j = f.store->add_print_job(f.c.seq, PrintDocument::TandaTerima, "staf", false, 2).value();
    j.state = PrintState::Refused;
    CHECK_FALSE(f.store->update_print_job(j).ok());
    CHECK(f.store->print_job(j.id).value().state == PrintState::Queued);
}

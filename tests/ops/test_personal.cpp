// Personal data on request: the export finds every complaint of the person
// however the contact was written; anonymisation clears the personal
// data of a closed complaint, wherever it was written, and keeps the record
// and the statistics.
#include "keluhan/ops/personal.hpp"
#include "keluhan/ops/report.hpp"

#include "keluhan/domain/text.hpp"

#include "office_fixture.hpp"

#include <fstream>
#include <set>

using namespace keluhan;
using keluhan::test::SeededOffice;

namespace {

Submission person(const std::string& phone, const std::string& email, const std::string& what) {
    Submission s = test::sample_submission(what);
    s.complainant.phone = phone;
    s.complainant.email = email;
    return s;
}

std::set<std::string> codes(const nlohmann::json& doc) {
    std::set<std::string> out;
    for (const auto& c : doc["complaints"])
        out.insert(c["code"].get<std::string>());
    return out;
}

std::string grouped(const Complaint& c) {
    return TrackingCode::parse(c.code)->grouped();
}

ListQuery words(const std::string& text) {
    ListQuery q;
    q.text = text;
    return q;
}

} // namespace

TEST_CASE("personal: the export holds every complaint of the person and nobody else's") {
    SeededOffice d;
    const TimeMs t0 = now_ms() - 10 * 86400'000LL;
    auto a = d.submit_at(person("0812-3456-7890", "budi@karetmusi.co.id", "Pertama"), t0);
    auto b = d.submit_at(person("+62 812 3456 7890", "", "Kedua, nomor ditulis lain"), t0 + 60'000);
    auto c = d.submit_at(person("", "BUDI@KaretMusi.co.id", "Ketiga, hanya email"), t0 + 120'000);
    Submission other = person("0813 1111 2222", "siti@contoh.co.id", "Orang lain");
    other.complainant.name = "Siti";
    (void)d.submit_at(other, t0 + 180'000);
    Submission anon = test::sample_submission("Anonim");
    anon.complainant = {true, "", "", "", ""};
    auto n = d.submit_at(anon, t0 + 240'000);
    a = d.close(a, t0 + 300'000);

    const User& staf = d.users[Role::StafPji];
    const std::set<std::string> budi{grouped(a), grouped(b), grouped(c)};

    // By the code of the first: its phone and e-mail find the other two.
    auto by_code = export_personal_data(*d.store, d.office, staf, PersonQuery{grouped(a), "", ""});
    REQUIRE_MESSAGE(by_code.ok(), by_code.error().key);
    CHECK(codes(*by_code) == budi);
    // By the phone however it is written: the two with that number.
    for (const char* phone : {"0812 3456 7890", "+6281234567890", "(0812) 3456-7890"}) {
        auto by_phone = export_personal_data(*d.store, d.office, staf, PersonQuery{"", phone, ""});
        REQUIRE_MESSAGE(by_phone.ok(), phone);
        CHECK(codes(*by_phone) == std::set<std::string>{grouped(a), grouped(b)});
    }
    auto by_email =
        export_personal_data(*d.store, d.office, staf, PersonQuery{"", "", "Budi@karetmusi.co.id"});
    REQUIRE(by_email.ok());
    CHECK(codes(*by_email) == std::set<std::string>{grouped(a), grouped(c)});
    // An anonymous complaint is only itself.
    auto alone = export_personal_data(*d.store, d.office, staf, PersonQuery{grouped(n), "", ""});
    REQUIRE(alone.ok());
    CHECK(codes(*alone) == std::set<std::string>{grouped(n)});

    // Everything held: the data, the history, the steps, the attachment list.
    const auto& first = (*by_code)["complaints"][0];
    CHECK(first["name"] == "Budi Santoso");
    CHECK(first["phone"] == "0812-3456-7890");
    CHECK(first["description"] == "Pertama");
    CHECK(first["events"].size() == d.store->events(a.seq)->size());
    CHECK(first["steps"].size() == d.office.profile.steps.size());
    CHECK(first["attachments"].is_array());
    CHECK(first.contains("capa"));

    // Refusals.
    CHECK(export_personal_data(*d.store, d.office, staf, PersonQuery{}).error().key ==
          "err.personal.query");
    CHECK(export_personal_data(*d.store, d.office, staf,
                               PersonQuery{grouped(a), "0812 3456 7890", ""})
              .error()
              .key == "err.personal.query");
    CHECK(export_personal_data(*d.store, d.office, staf, PersonQuery{"", "0899 0000 0000", ""})
              .error()
              .key == "err.personal.none");
    CHECK(export_personal_data(*d.store, d.office, staf, PersonQuery{"", "12", ""}).error().key ==
          "err.phone.format");
    CHECK(export_personal_data(*d.store, d.office, User{0, "p", "p", Role::Pelanggan},
                               PersonQuery{grouped(a), "", ""})
              .error()
              .key == "err.auth.denied");
    // Audited, with the contact masked.
    CHECK(d.scalar(
              "SELECT count(*) FROM audit WHERE action = 'personal.export' AND actor = 'staf'") ==
          6);
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE detail LIKE '%3456 7890%' OR subject LIKE "
                   "'%3456 7890%'") == 0);
}

TEST_CASE("personal: anonymising clears exactly the personal fields of a closed complaint") {
    SeededOffice d;
    const TimeMs t0 = now_ms() - 10 * 86400'000LL;
    Submission s =
        person("0812 3456 7890", "budi@karetmusi.co.id", "Timbangan kami salah kalibrasi");
    s.channel = Channel::Lisan;
    s.attachments.push_back({0, "audio/wav", "rekaman.wav", std::vector<std::uint8_t>(400, 7)});
    s.attachments.push_back({0, "application/pdf", "surat.pdf", std::vector<std::uint8_t>(300, 1)});
    auto c = d.submit_at(s, t0);
    const auto code = TrackingCode::parse(c.code).value();
    const User& staf = d.users[Role::StafPji];

    // Open: refused, nothing changed.
    auto open =
        anonymise_complaint(*d.store, d.office, staf, code, "Permintaan tertulis pelanggan");
    REQUIRE_FALSE(open.ok());
    CHECK(open.error().key == "err.personal.open");
    CHECK(d.store->find_by_code(code)->complainant.name == "Budi Santoso");

    c = d.close(c, t0 + 60'000);
    // A saved receipt PDF with the name on it.
    const auto receipt = d.dir / "tanda-terima.pdf";
    std::ofstream(receipt) << "%PDF Budi Santoso";
    auto job = d.store->add_print_job(c.seq, PrintDocument::TandaTerima, "staf", false, 2).value();
    job.state = PrintState::Saved;
    job.file = receipt.string();
    REQUIRE(d.store->update_print_job(job).ok());

    const auto month = d.office.config.calendar.local_date(t0);
    auto before = month_report(*d.store, d.office, d.users[Role::KepalaBalai], month.year,
                               month.month, now_ms())
                      .value();
    const auto events_before = d.store->events(c.seq).value();
    CHECK(d.store->count(words("Budi")).value() == 1);

    CHECK(anonymise_complaint(*d.store, d.office, d.users[Role::KoordinatorPji], code, "x")
              .error()
              .key == "err.auth.denied");
    CHECK(anonymise_complaint(*d.store, d.office, staf, code, "  ").error().key ==
          "err.text.required");
    auto done = anonymise_complaint(*d.store, d.office, staf, code,
                                    "Permintaan tertulis pelanggan 20-11-2026");
    REQUIRE_MESSAGE(done.ok(), done.error().key);

    // Cleared: name, organization, phone, e-mail; the texts replaced.
    CHECK(done->complainant.name.empty());
    CHECK(done->complainant.organization.empty());
    CHECK(done->complainant.phone.empty());
    CHECK(done->complainant.email.empty());
    CHECK(done->description == kAnonymisedMarker);
    CHECK(done->expectation == kAnonymisedMarker);
    // Kept: everything else of the record.
    CHECK(done->id == c.id);
    CHECK(done->code == c.code);
    CHECK(done->register_number == c.register_number);
    CHECK(done->service == c.service);
    CHECK(done->channel == c.channel);
    CHECK(done->reference == c.reference);
    CHECK(done->created_at == c.created_at);
    CHECK(done->status == ComplaintStatus::Closed);
    CHECK(done->complainant.anonymous == c.complainant.anonymous);
    CHECK(d.store->anonymised_at(c.seq).value() > 0);
    // The voice recording and the letter they handed in are gone; so is the saved receipt.
    CHECK(d.store->attachments(c.seq, false)->empty());
    CHECK_FALSE(std::filesystem::exists(receipt));
    CHECK(d.store->print_job(job.id)->file.empty());
    // The search no longer finds the person or the words.
    CHECK(d.store->count(words("Budi")).value() == 0);
    CHECK(d.store->count(words("Timbangan")).value() == 0);
    CHECK(d.store->count(words("dianonimkan")).value() == 1);
    // The SOP history stays, with the anonymisation at its end.
    const auto events = d.store->events(c.seq).value();
    REQUIRE(events.size() == events_before.size() + 1);
    CHECK(events.back().kind == "anonymise");
    CHECK(events.back().actor == "staf");
    CHECK(events.back().note == "Permintaan tertulis pelanggan 20-11-2026");
    // The statistics are the same.
    auto after = month_report(*d.store, d.office, d.users[Role::KepalaBalai], month.year,
                              month.month, now_ms())
                     .value();
    CHECK(after.total == before.total);
    CHECK(after.overall.done == before.overall.done);
    CHECK(after.overall.on_time == before.overall.on_time);
    CHECK(after.by_service.front().count == before.by_service.front().count);
    CHECK(
        d.scalar(
            "SELECT count(*) FROM audit WHERE action = 'personal.anonymise' AND actor = 'staf'") ==
        1);

    CHECK(anonymise_complaint(*d.store, d.office, staf, code, "lagi").error().key ==
          "err.personal.already");
    // Nothing personal is found for the old phone any more.
    CHECK(export_personal_data(*d.store, d.office, staf, PersonQuery{"", "0812 3456 7890", ""})
              .error()
              .key == "err.personal.none");
}

TEST_CASE("personal: after anonymising, the person is nowhere in the database file") {
    SeededOffice d("balai-capa");
    const TimeMs t0 = now_ms() - 10 * 86400'000LL;
    // Others around it, so the search index has segments to merge.
    for (int i = 0; i < 30; ++i)
        (void)d.submit_at(test::sample_submission("Keluhan lain nomor " + std::to_string(i)),
                          t0 + i * 1000);
    Submission s = test::sample_submission("Wiryawan melapor: alat ukur tekanan tidak akurat");
    s.complainant = {false, "Wiryawan Hadiprojo", "CV Sumber Rejeki Abadi", "0857 1234 9876",
                     "wiryawan.h@sumberrejeki.id"};
    s.attachments.push_back({0, "application/pdf", "surat-wiryawan.pdf",
                             std::vector<std::uint8_t>{'%', 'P', 'D', 'F', ' ', 'H', 'a', 'd', 'i',
                                                       'p', 'r', 'o', 'j', 'o'}});
    Complaint c = d.submit_at(s, t0 + 60'000);
    const auto code = TrackingCode::parse(c.code).value();
    // Staff write the person into their notes and the corrective action.
    TimeMs t = t0 + 120'000;
    const char* notes[] = {
        "Pak Wiryawan minta ditangani cepat; hubungi +62 857-1234-9876",
        "Konsep surat untuk Bapak Wiryawan Hadiprojo, CV Sumber Rejeki Abadi", "Ditandatangani",
        "Dikirim ke wiryawan.h@sumberrejeki.id, diterima (0857)1234 9876", "Efektif"};
    for (int i = 0; c.status == ComplaintStatus::Open; ++i) {
        const SopStep& step = *d.office.profile.step(c.current_step);
        if (!step.capa.empty()) {
            d.fill_capa(c);
            Capa k = d.store->capa(c.seq).value().value();
            if (step.form == StepForm::Capa)
                k.root_cause = "Keterangan Sdr. Hadiprojo di telepon 085712349876";
            else
                k.notulen = "Rapat bersama Wiryawan Hadiprojo";
            REQUIRE(
                save_capa(*d.store, d.office, d.users[SopEngine::acting_role(step)], code, k).ok());
        }
        c = d.act_at(c, t += 60'000, false, notes[std::min(i, 4)]);
    }
    auto done = anonymise_complaint(*d.store, d.office, d.users[Role::StafPji], code,
                                    "Permintaan tertulis Bapak Wiryawan");
    REQUIRE_MESSAGE(done.ok(), done.error().key);

    // The history keeps its steps and what was done, without the person.
    const auto events = d.store->events(c.seq).value();
    CHECK(events[1].note == "Pak [dianonimkan] minta ditangani cepat; hubungi [dianonimkan]");
    CHECK(events.back().note == "Permintaan tertulis Bapak [dianonimkan]");
    const auto capa = d.store->capa(c.seq).value().value();
    CHECK(capa.root_cause == "Keterangan Sdr. [dianonimkan] di telepon [dianonimkan]");
    CHECK(capa.notulen == "Rapat bersama [dianonimkan]");
    CHECK(d.store->attachments(c.seq, false)->empty());
    // The other complaints are untouched.
    CHECK(d.store->count(words("Santoso")).value() == 30);

    // Nothing in the database file or its log spells them, in any case:
    // not the search index's old segments, not freed pages, not the log. A
    // reader stays open, as on a hub, so closing the store cannot delete the
    // log or checkpoint it: what the log holds is what anonymising left.
    sqlite3* reader = nullptr;
    REQUIRE(sqlite3_open_v2((d.dir / "k.db").string().c_str(), &reader, SQLITE_OPEN_READONLY,
                            nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(reader, "SELECT count(*) FROM complaints", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    d.store.reset();
    REQUIRE(std::filesystem::exists(d.dir / "k.db-wal"));
    std::string bytes;
    for (const char* suffix : {"", "-wal"}) {
        const auto f = d.dir / (std::string("k.db") + suffix);
        if (std::filesystem::exists(f)) bytes += test::read_file(f);
    }
    REQUIRE(bytes.size() > 10000);
    const std::string lower = text::ascii_lower(bytes);
    for (const std::string trace : {"wiryawan", "hadiprojo", "sumber rejeki", "sumberrejeki",
                                    "1234 9876", "12349876", "tekanan tidak akurat"}) {
        CAPTURE(trace);
        CHECK(lower.find(trace) == std::string::npos);
    }
    // The test can fail: the others' data is in the same file.
    CHECK(lower.find("karetmusi") != std::string::npos);
    sqlite3_close(reader);
}

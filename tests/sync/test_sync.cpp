// The sync wire format (sync.hpp) and the sync tables of the store
// (storage/src/sync_hub.cpp, sync_kiosk.cpp): a kiosk's outbox pushed into a hub's database and the
// status pulled back, on real SQLite files.
#include "keluhan/sync/sync.hpp"

#include "closing.hpp"
#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/skm.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <functional>

using namespace keluhan;
using keluhan::test::TempDir;
using nlohmann::json;

namespace {

std::unique_ptr<Store> open_store(const std::filesystem::path& p, bool write = true) {
    auto s = Store::open(
        p, StoreOptions{write ? StoreOptions::Access::Write : StoreOptions::Access::Read, "test",
                        2000});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().key + " " + s.error().detail));
    return std::move(s).value();
}

Submitted submit(Store& store, const Office& office, const Submission& s) {
    auto r = submit_complaint(store, office, s);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().key));
    return std::move(r).value();
}

Submission spoken() {
    Submission s;
    s.channel = Channel::Lisan;
    s.complainant.anonymous = true;
    s.service = "kalibrasi";
    s.description = "";
    s.consent = true;
    std::vector<std::uint8_t> wav(5000);
    for (std::size_t i = 0; i < wav.size(); ++i)
        wav[i] = static_cast<std::uint8_t>(i * 7 + 3);
    s.attachments.push_back(Attachment{0, "audio/wav", "rekaman.wav", wav});
    return s;
}

std::string one_complaint(const std::string& fields) {
    return R"({"version":1,"complaints":[{"id":"0b6f2f0e-4a4b-4c1e-9a57-1d1d2b3c4d5e","code":"7KQ2M9XD4HTAJ",)"
           R"("created_at":1790000000000,"channel":"tertulis","anonymous":false,"name":"Budi","phone":"081234567890",)"
           R"("service":"pengujian","description":"Terlambat","consent":true)" +
           fields + "}]}";
}

std::string refusal_key(std::string_view body) {
    auto r = parse_push(body);
    REQUIRE_FALSE(r.ok());
    return r.error().key;
}

} // namespace

TEST_CASE("a push body made from the outbox parses back to the same complaints") {
    TempDir dir;
    const Office office = test::load_office();
    auto kiosk = open_store(dir / "kiosk.db");
    auto english = test::sample_submission("Laporan uji terlambat dua minggu.");
    english.language = "en"; // the visitor's language at the kiosk, for what the office sends
    const auto a = submit(*kiosk, office, english);
    const auto b = submit(*kiosk, office, spoken());
    auto items = kiosk->outbox_pending(10);
    REQUIRE(items.ok());
    REQUIRE(items->size() == 2);
    CHECK(items->at(0).complaint.id == a.complaint.id); // oldest first
    CHECK(items->at(1).attachments.size() == 1);

    auto parsed = parse_push(push_body(*items));
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().detail));
    REQUIRE(parsed->size() == 2);
    const auto& p0 = parsed->at(0);
    CHECK(p0.id == a.complaint.id);
    CHECK(p0.code == a.code.compact());
    CHECK(p0.created_at == a.complaint.created_at);
    CHECK(p0.submission.complainant.name == "Budi Santoso");
    CHECK(p0.submission.complainant.email == "budi@karetmusi.co.id");
    CHECK(p0.submission.description == "Laporan uji terlambat dua minggu.");
    CHECK(p0.submission.reference == "LHU-001/2026");
    CHECK(p0.submission.consent);
    CHECK(p0.submission.language == "en");
    const auto& p1 = parsed->at(1);
    CHECK(p1.submission.language.empty());
    CHECK(p1.id == b.complaint.id);
    CHECK(p1.submission.channel == Channel::Lisan);
    CHECK(p1.submission.complainant.anonymous);
    REQUIRE(p1.submission.attachments.size() == 1);
    CHECK(p1.submission.attachments[0].media_type == "audio/wav");
    CHECK(p1.submission.attachments[0].filename == "rekaman.wav");
    CHECK(p1.submission.attachments[0].data == spoken().attachments[0].data);
    for (const auto& p : *parsed)
        CHECK(check_imported(p, office.config.limits, office.config.services, now_ms()).ok());
}

TEST_CASE("parse_push refuses every malformed body with a reason, and never throws") {
    CHECK(parse_push(one_complaint("")).ok());
    CHECK(refusal_key("") == "err.sync.payload");
    CHECK(refusal_key("{") == "err.sync.payload");
    CHECK(refusal_key("[]") == "err.sync.payload");
    CHECK(refusal_key("null") == "err.sync.payload");
    CHECK(refusal_key(R"({"complaints":[]})") == "err.sync.payload");
    CHECK(refusal_key(R"({"version":2,"complaints":[]})") == "err.sync.version");
    CHECK(refusal_key(R"({"version":"1","complaints":[]})") == "err.sync.version");
    CHECK(refusal_key(R"({"version":1,"complaints":{}})") == "err.sync.payload");
    CHECK(refusal_key(R"({"version":1,"complaints":[5]})") == "err.sync.payload");
    CHECK(refusal_key(one_complaint(R"(,"consent":"ya")")) ==
          "err.sync.payload"); // duplicate key: last wins
    CHECK(refusal_key(one_complaint(R"(,"created_at":1.5)")) == "err.sync.payload");
    CHECK(refusal_key(one_complaint(R"(,"channel":"fax")")) == "err.sync.payload");
    CHECK(refusal_key(one_complaint(R"(,"name":7)")) == "err.sync.payload");
    CHECK(refusal_key(one_complaint(R"(,"attachments":{})")) == "err.sync.payload");
    CHECK(
        refusal_key(one_complaint(R"(,"attachments":[{"media_type":"audio/wav","data":"@@@"}])")) ==
        "err.sync.payload");
    CHECK(refusal_key(one_complaint(R"(,"attachments":[{"media_type":"audio/wav"}])")) ==
          "err.sync.payload");
    CHECK(refusal_key(one_complaint(R"(,"attachments":[{"data":""}])")) == "err.sync.payload");
    // a missing required field names itself
    CHECK(parse_push(one_complaint(R"(,"language":"en")")).ok());
    CHECK(parse_push(one_complaint(R"(,"language":"tlh")")).error().detail.find("language") !=
          std::string::npos);
    auto missing = parse_push(R"({"version":1,"complaints":[{"id":"x"}]})");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().param("where") == "complaints[0].code");
    CHECK(missing.error().param("reason") == "missing");
    // bad UTF-8 inside a string
    CHECK(refusal_key(one_complaint(",\"reference\":\"\xC3\x28\"")) == "err.sync.payload");
    // deep nesting is refused before parsing
    CHECK(refusal_key(std::string(100000, '[') + std::string(100000, ']')) == "err.sync.payload");
    // more than 200 complaints
    std::string many = R"({"version":1,"complaints":[)";
    for (int i = 0; i < 201; ++i)
        many += std::string(i ? "," : "") + "{}";
    many += "]}";
    CHECK(refusal_key(many) == "err.sync.too_many");
    // larger than the limit
    auto big = parse_push(one_complaint(""), 100);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().key == "err.hub.too_large");
    // unknown keys (a newer kiosk, or an origin) are ignored
    CHECK(parse_push(one_complaint(R"(,"origin":"someone-else","extra":[1,2])")).ok());
}

TEST_CASE("check_imported applies the core's rules to each pushed complaint") {
    const Office office = test::load_office();
    auto parsed = parse_push(one_complaint(""));
    REQUIRE(parsed.ok());
    ImportedComplaint good = parsed->front();
    good.code = TrackingCode::generate().grouped(); // codes are read leniently
    const auto& l = office.config.limits;
    const auto& sv = office.config.services;
    const TimeMs now = 1790000000000 + 1000;
    CHECK(check_imported(good, l, sv, now).ok());
    auto bad = good;
    bad.id = "not-a-uuid";
    CHECK(check_imported(bad, l, sv, now).error().key == "err.sync.id");
    bad = good;
    bad.id = "0B6F2F0E-4A4B-4C1E-9A57-1D1D2B3C4D5E"; // upper case: not the form kiosks make
    CHECK(check_imported(bad, l, sv, now).error().key == "err.sync.id");
    bad = good;
    bad.code = "7KQ2M9XD4HTAK"; // check symbol wrong
    CHECK(check_imported(bad, l, sv, now).error().key == "err.code.check");
    bad = good;
    bad.created_at = 1000;
    CHECK(check_imported(bad, l, sv, now).error().key == "err.sync.created_at");
    bad.created_at = now + 2 * 24 * 3600 * 1000LL;
    CHECK(check_imported(bad, l, sv, now).error().key == "err.sync.created_at");
    bad = good;
    bad.submission.service = "pijat";
    CHECK(check_imported(bad, l, sv, now).error().key == "err.service.unknown");
    bad = good;
    bad.submission.consent = false;
    CHECK(check_imported(bad, l, sv, now).error().key == "err.consent.required");
    bad = good;
    bad.submission.attachments.push_back(Attachment{0, "audio/wav", "a\x01.wav", {1, 2}});
    CHECK(check_imported(bad, l, sv, now).error().key == "err.text.control");
    // The media type is sent back as a Content-Type header: it cannot carry
    // a line break (a split answer) or be anything but type/subtype.
    for (const char* type : {"audio/wav\r\nSet-Cookie: a=1", "audio wav", "wav", "audio/\x7f"}) {
        bad = good;
        bad.submission.attachments.push_back(Attachment{0, type, "a.wav", {1, 2}});
        const auto st = check_imported(bad, l, sv, now);
        REQUIRE_FALSE_MESSAGE(st.ok(), type);
        CHECK_MESSAGE((st.error().key == "err.json.field" || st.error().key == "err.text.control"),
                      type);
    }
    bad = good;
    bad.submission.attachments.push_back(Attachment{0, "audio/wav", "a.wav", {1, 2}});
    CHECK(check_imported(bad, l, sv, now).ok());
}

TEST_CASE("the hub imports a batch once: stored, then duplicate, a taken code is rejected") {
    TempDir dir;
    const Office office = test::load_office();
    auto kiosk = open_store(dir / "kiosk.db");
    auto hub = open_store(dir / "hub.db");
    const auto a = submit(*kiosk, office,
                          test::sample_submission("Sertifikat kalibrasi salah nama perusahaan."));
    const auto b = submit(*kiosk, office, spoken());
    auto batch = parse_push(push_body(*kiosk->outbox_pending(10)));
    REQUIRE(batch.ok());

    auto first = import_push(*hub, office, "kiosk-lobi", *batch);
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().key));
    REQUIRE(first->size() == 2);
    CHECK(first->at(0).outcome == ImportResult::Outcome::Stored);
    CHECK(first->at(1).outcome == ImportResult::Outcome::Stored);

    auto got = hub->find_by_id(a.complaint.id);
    REQUIRE(got.ok());
    CHECK(got->origin == "kiosk-lobi");
    CHECK(got->code == a.code.compact());
    CHECK(got->created_at == a.complaint.created_at);
    CHECK(got->current_step == a.complaint.current_step);
    CHECK(got->due_at == a.complaint.due_at); // same SOP and calendar: same due time
    CHECK(got->complainant.name == "Budi Santoso");
    CHECK(got->register_number.empty());
    auto ev = hub->events(got->seq);
    REQUIRE(ev->size() == 1);
    CHECK(ev->at(0).kind == "submit");
    CHECK(ev->at(0).actor == "pelanggan");
    CHECK(ev->at(0).at == a.complaint.created_at);
    // full-text search finds the imported words
    ListQuery q;
    q.text = "sertifikat kalibrasi";
    auto found = hub->list(q);
    REQUIRE(found.ok());
    REQUIRE(found->rows.size() == 1);
    CHECK(found->rows[0].id == a.complaint.id);
    auto att = hub->attachments(hub->find_by_id(b.complaint.id)->seq, true);
    REQUIRE(att->size() == 1);
    CHECK(att->at(0).data == spoken().attachments[0].data);
    // the hub keeps no outbox of its own for imported complaints
    CHECK(*hub->outbox_pending_count() == 0);

    auto again = import_push(*hub, office, "kiosk-lobi", *batch);
    REQUIRE(again.ok());
    CHECK(again->at(0).outcome == ImportResult::Outcome::Duplicate);
    CHECK(again->at(1).outcome == ImportResult::Outcome::Duplicate);
    CHECK(*hub->count(ListQuery{}) == 2);

    // Another id with a code the hub already holds; and an invalid one in the
    // same batch: each is rejected alone, the good one is stored.
    auto clash = batch->at(0);
    clash.id = new_uuid();
    auto invalid = batch->at(0);
    invalid.id = new_uuid();
    invalid.submission.service = "pijat";
    auto fresh = batch->at(0);
    fresh.id = new_uuid();
    fresh.code = TrackingCode::generate().compact();
    auto mixed = import_push(*hub, office, "kiosk-lobi", {clash, invalid, fresh});
    REQUIRE(mixed.ok());
    CHECK(mixed->at(0).outcome == ImportResult::Outcome::Rejected);
    CHECK(mixed->at(0).error.key == "err.sync.code_conflict");
    CHECK(mixed->at(1).outcome == ImportResult::Outcome::Rejected);
    CHECK(mixed->at(1).error.key == "err.service.unknown");
    CHECK(mixed->at(2).outcome == ImportResult::Outcome::Stored);
    CHECK(*hub->count(ListQuery{}) == 3);

    // the reply body carries every result, with messages for the rejected
    const auto reply = parse_push_reply(push_reply_body(*mixed, office.catalog));
    REQUIRE(reply.ok());
    REQUIRE(reply->size() == 3);
    CHECK(reply->at(0).result == PushResult::Kind::Rejected);
    CHECK(reply->at(0).error.key == "err.sync.code_conflict");
    CHECK_FALSE(reply->at(0).error.detail.empty());
    CHECK(reply->at(2).result == PushResult::Kind::Stored);
    CHECK(reply->at(2).id == fresh.id);
    CHECK_FALSE(parse_push_reply(R"({"results":[{"id":"x","result":"maybe"}]})").ok());
    CHECK_FALSE(parse_push_reply("<html>").ok());
}

TEST_CASE("the outbox: pending oldest first, sent and rejected rows leave it") {
    TempDir dir;
    const Office office = test::load_office();
    auto kiosk = open_store(dir / "kiosk.db");
    std::vector<Submitted> made;
    for (int i = 0; i < 5; ++i)
        made.push_back(
            submit(*kiosk, office, test::sample_submission("Keluhan " + std::to_string(i))));
    CHECK(*kiosk->outbox_pending_count() == 5);
    auto first = kiosk->outbox_pending(2);
    REQUIRE(first->size() == 2);
    CHECK(first->at(0).complaint.seq == made[0].complaint.seq);
    CHECK(first->at(1).complaint.seq == made[1].complaint.seq);
    REQUIRE(kiosk->mark_sent({made[0].complaint.seq, made[1].complaint.seq}, now_ms()).ok());
    REQUIRE(kiosk
                ->mark_failed(made[2].complaint.seq,
                              Error{ErrorKind::Invalid, "err.sync.unreachable"}, false)
                .ok());
    REQUIRE(kiosk
                ->mark_rejected(made[3].complaint.seq,
                                Error{ErrorKind::Invalid, "err.sync.code_conflict"})
                .ok());
    CHECK(*kiosk->outbox_pending_count() == 2);
    CHECK(*kiosk->outbox_rejected_count() == 1);
    auto rest = kiosk->outbox_pending(10);
    REQUIRE(rest->size() == 2);
    CHECK(rest->at(0).complaint.seq == made[2].complaint.seq);
    CHECK(rest->at(0).attempts == 1);
    CHECK(rest->at(0).last_error == "err.sync.unreachable");
    CHECK(rest->at(1).complaint.seq == made[4].complaint.seq);
    // marking again is harmless
    REQUIRE(kiosk->mark_sent({made[0].complaint.seq}, now_ms()).ok());
    CHECK(*kiosk->outbox_pending_count() == 2);
}

TEST_CASE(
    "changes_since: only this kiosk's complaints, cursor advances, staff changes show again") {
    TempDir dir;
    const Office office = test::load_office();
    auto kiosk = open_store(dir / "kiosk.db");
    auto other = open_store(dir / "other.db");
    auto hub = open_store(dir / "hub.db");
    for (int i = 0; i < 3; ++i)
        (void)submit(*kiosk, office, test::sample_submission("Dari lobi " + std::to_string(i)));
    (void)submit(*other, office, test::sample_submission("Dari kiosk lain"));
    REQUIRE(
        import_push(*hub, office, "lobi", *parse_push(push_body(*kiosk->outbox_pending(10)))).ok());
    REQUIRE(
        import_push(*hub, office, "lain", *parse_push(push_body(*other->outbox_pending(10)))).ok());

    auto p1 = hub->changes_since("lobi", 0, 2);
    REQUIRE(p1.ok());
    CHECK(p1->rows.size() == 2);
    CHECK(p1->more);
    for (const auto& r : p1->rows)
        CHECK(r.complaint.origin == "lobi");
    auto p2 = hub->changes_since("lobi", p1->next, 2);
    REQUIRE(p2->rows.size() == 1);
    CHECK_FALSE(p2->more);
    CHECK(p2->rows[0].complaint.origin == "lobi");
    CHECK(p2->next > p1->next);
    auto p3 = hub->changes_since("lobi", p2->next, 2);
    CHECK(p3->rows.empty());
    CHECK(p3->next == p2->next);
    CHECK(hub->changes_since("lain", 0, 10)->rows.size() == 1);
    CHECK(hub->changes_since("nobody", 0, 10)->rows.empty());

    // Staff receive one of the lobby's complaints on the hub: it comes back.
    const auto target = p1->rows[0].complaint;
    auto staff = create_user(*hub, "staf", "Staf PJI", Role::StafPji, "rahasia-staf-1");
    REQUIRE(staff.ok());
    auto advanced = advance_complaint(*hub, office, *staff, *TrackingCode::parse(target.code), {});
    REQUIRE_MESSAGE(advanced.ok(), (advanced.ok() ? "" : advanced.error().key));
    auto p4 = hub->changes_since("lobi", p2->next, 10);
    REQUIRE(p4->rows.size() == 1);
    CHECK(p4->rows[0].complaint.id == target.id);
    CHECK(p4->rows[0].complaint.current_step == advanced->current_step);
    CHECK(p4->rows[0].events.size() >= 2);

    // a read-only store answers too
    auto reader = open_store(dir / "hub.db", false);
    CHECK(reader->changes_since("lobi", 0, 10)->rows.size() == 3);
}

namespace {

SkmSubmission kiosk_survey(std::vector<std::pair<std::string, int>> scores) {
    SkmSubmission s;
    s.scores = std::move(scores);
    s.origin = "kiosk-lobi";
    s.for_hub = true;
    return s;
}

std::string skm_refusal(std::string_view body) {
    auto r = parse_skm_push(body);
    REQUIRE_FALSE(r.ok());
    return r.error().key;
}

std::string one_response(const std::string& fields) {
    return R"({"version":1,"responses":[{"id":"5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",)"
           R"("day":"2026-11-23","code":"","scores":{"U1":4})" +
           fields + "}]}";
}

} // namespace

TEST_CASE("survey push: a kiosk's queued responses reach the hub once - a closed complaint's and "
          "a walk-in, and a second for that code is refused and kept with its reason") {
    TempDir dir;
    const Office office = test::load_office();
    auto kiosk = open_store(dir / "kiosk.db");
    auto hub = open_store(dir / "hub.db");
    // A complaint that went through the hub to its end; the kiosk never had it.
    const auto done = submit(*hub, office, test::sample_submission());
    test::close_complaint(*hub, office, done.code);

    auto for_code = kiosk_survey({{"U1", 4}, {"U3", 2}});
    for_code.code = done.code;
    for_code.profile = {{"umur", "30-39 tahun"}, {"pekerjaan", "Swasta"}};
    for_code.suggestion = "Ruang tunggu perlu kipas.";
    auto walk_in = kiosk_survey({{"U9", 3}});
    walk_in.service = "kalibrasi";
    const auto a = submit_skm(*kiosk, office, for_code);
    REQUIRE_MESSAGE(a.ok(), a.error().key);
    const auto b = submit_skm(*kiosk, office, walk_in);
    REQUIRE_MESSAGE(b.ok(), b.error().key);
    // The kiosk counts them itself, and queues both for the hub.
    CHECK(*kiosk->skm_outbox_pending_count() == 2);

    auto queued = kiosk->skm_outbox_pending(10);
    REQUIRE(queued.ok());
    REQUIRE(queued->size() == 2);
    CHECK(queued->at(0).response.id == *a);
    CHECK(queued->at(0).code == done.code.compact());
    CHECK(queued->at(1).code.empty());
    auto batch = parse_skm_push(skm_push_body(*queued));
    REQUIRE_MESSAGE(batch.ok(), batch.error().detail);
    REQUIRE(batch->size() == 2);
    CHECK(batch->at(0).submission.id == *a);
    REQUIRE(batch->at(0).submission.code);
    CHECK(batch->at(0).submission.code->compact() == done.code.compact());
    CHECK(batch->at(0).submission.scores.size() == 2);
    CHECK(batch->at(0).submission.profile.size() == 2);
    CHECK(batch->at(0).submission.suggestion == "Ruang tunggu perlu kipas.");
    CHECK(batch->at(1).submission.service == "kalibrasi");
    CHECK_FALSE(batch->at(1).submission.code);

    auto first = import_skm_push(*hub, office, "kiosk-lobi", *batch);
    REQUIRE_MESSAGE(first.ok(), first.error().key);
    REQUIRE(first->size() == 2);
    CHECK(first->at(0).outcome == ImportResult::Outcome::Stored);
    CHECK(first->at(1).outcome == ImportResult::Outcome::Stored);
    CHECK(*hub->skm_answered(done.code));
    // A retried push (the reply lost): duplicates, nothing stored twice.
    auto again = import_skm_push(*hub, office, "kiosk-lobi", *batch);
    REQUIRE(again.ok());
    CHECK(again->at(0).outcome == ImportResult::Outcome::Duplicate);
    CHECK(again->at(1).outcome == ImportResult::Outcome::Duplicate);
    const Date today = test::today_at_office();
    auto on_hub = hub->skm_responses(today, today);
    REQUIRE(on_hub.ok());
    REQUIRE(on_hub->size() == 2);
    for (const auto& r : *on_hub)
        CHECK(r.origin == "kiosk-lobi");
    // The complaint's response takes the complaint's service, and keeps no
    // link to it beyond "for a complaint".
    const auto mine =
        std::find_if(on_hub->begin(), on_hub->end(), [&](const auto& r) { return r.id == *a; });
    REQUIRE(mine != on_hub->end());
    CHECK(mine->for_complaint);
    CHECK(mine->service == done.complaint.service);
    auto report = skm_report(*hub, office, today, today);
    REQUIRE(report.ok());
    CHECK(report->index.respondents == 2);

    REQUIRE(kiosk->mark_skm_sent({*a, *b}, now_ms()).ok());
    CHECK(*kiosk->skm_outbox_pending_count() == 0);

    // A second response for the same code (given at another kiosk, or
    // after one on the phone): the hub refuses it alone, and the kiosk
    // keeps it with the reason, not offered again.
    auto twice = kiosk_survey({{"U2", 1}});
    twice.code = done.code;
    auto c = submit_skm(*kiosk, office, twice);
    REQUIRE(c.ok());
    auto late = kiosk_survey({{"U4", 4}});
    auto d = submit_skm(*kiosk, office, late);
    REQUIRE(d.ok());
    auto second = parse_skm_push(skm_push_body(*kiosk->skm_outbox_pending(10)));
    REQUIRE(second.ok());
    auto refused = import_skm_push(*hub, office, "kiosk-lobi", *second);
    REQUIRE(refused.ok());
    REQUIRE(refused->size() == 2);
    CHECK(refused->at(0).outcome == ImportResult::Outcome::Rejected);
    CHECK(refused->at(0).error.key == "err.skm.already");
    CHECK(refused->at(1).outcome == ImportResult::Outcome::Stored);
    REQUIRE(kiosk->mark_skm_rejected(*c, refused->at(0).error).ok());
    REQUIRE(kiosk->mark_skm_sent({*d}, now_ms()).ok());
    CHECK(*kiosk->skm_outbox_pending_count() == 0);
    CHECK(*kiosk->skm_outbox_rejected_count() == 1);
    CHECK(hub->skm_responses(today, today)->size() == 3);

    // A code the hub never had, and a day from the future: refused alone.
    std::vector<PushedSkm> odd(2);
    odd[0].submission = kiosk_survey({{"U1", 3}});
    odd[0].submission.id = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b";
    odd[0].submission.code = TrackingCode::generate();
    odd[0].day = today;
    odd[1].submission = kiosk_survey({{"U1", 3}});
    odd[1].submission.id = "2b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b";
    odd[1].day = Date{today.year + 1, today.month, 1};
    auto odd_r = import_skm_push(*hub, office, "kiosk-lobi", odd);
    REQUIRE(odd_r.ok());
    CHECK(odd_r->at(0).error.key == "err.complaint.not_found");
    CHECK(odd_r->at(1).error.key == "err.skm.day");
    CHECK(hub->skm_responses(Date{2020, 1, 1}, Date{today.year + 1, 12, 31})->size() == 3);

    // The hub's questionnaire file missing (a broken install): the whole
    // push fails, to be sent again later, not each response refused for good.
    Office broken = office;
    broken.config.skm_questionnaire = "tidak-ada";
    auto failed = import_skm_push(*hub, broken, "kiosk-lobi", odd);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().key.rfind("err.config.", 0) == 0);
}

TEST_CASE("survey push: parse_skm_push refuses every malformed body with a reason, and never "
          "throws") {
    CHECK(parse_skm_push(one_response("")).ok());
    CHECK(parse_skm_push(R"({"version":1,"responses":[]})").ok());
    CHECK(skm_refusal("") == "err.sync.payload");
    CHECK(skm_refusal("{") == "err.sync.payload");
    CHECK(skm_refusal("[]") == "err.sync.payload");
    CHECK(skm_refusal(R"({"responses":[]})") == "err.sync.payload");
    CHECK(skm_refusal(R"({"version":2,"responses":[]})") == "err.sync.version");
    CHECK(skm_refusal(R"({"version":1,"responses":{}})") == "err.sync.payload");
    CHECK(skm_refusal(R"({"version":1,"responses":[7]})") == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"day":"23-11-2026")")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"code":"not-a-code")")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"code":")" + std::string(5000, 'A') + "\"")) ==
          "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"scores":[4])")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"scores":{"U1":"4"})")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"scores":{"U1":3.5})")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"profile":{"umur":20})")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(R"(,"suggestion":["a"])")) == "err.sync.payload");
    CHECK(skm_refusal(one_response(",\"suggestion\":\"\xC3\x28\"")) == "err.sync.payload");
    auto missing = parse_skm_push(R"({"version":1,"responses":[{"id":"x"}]})");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().param("where") == "responses[0].day");
    CHECK(missing.error().param("reason") == "missing");
    CHECK(skm_refusal(std::string(100000, '[') + std::string(100000, ']')) == "err.sync.payload");
    std::string many = R"({"version":1,"responses":[)";
    for (int i = 0; i < 101; ++i)
        many += std::string(i ? "," : "") + "{}";
    many += "]}";
    CHECK(skm_refusal(many) == "err.sync.too_many");
    CHECK(skm_refusal(one_response(R"(,"suggestion":")" + std::string(3 << 20, 'a') + "\"")) ==
          "err.hub.too_large");
    // A score out of range parses, and is refused by the core's rules on import.
    auto wild = parse_skm_push(one_response(R"(,"scores":{"U1":99999999999})"));
    REQUIRE(wild.ok());
    CHECK(wild->at(0).submission.scores.at(0).second == 100);
}

TEST_CASE("status view: the steps in both languages and nothing personal, changes round-trip") {
    TempDir dir;
    const Office office = test::load_office();
    auto store = open_store(dir / "hub.db");
    const auto s =
        submit(*store, office, test::sample_submission("Rahasia: nilai uji kami dipalsukan."));
    const auto ev = *store->events(s.complaint.seq);
    const json view =
        status_view(office.profile, office.config.calendar, s.complaint, ev, "en", now_ms());
    const std::string text = view.dump();
    for (const char* secret : {"Budi", "Karet", "0812", "karetmusi", "Rahasia", "LHU-001"})
        CHECK_MESSAGE(text.find(secret) == std::string::npos, secret);
    CHECK(view["code"] == s.code.grouped());
    CHECK(view["status"] == "open");
    REQUIRE(view["steps"].size() == office.profile.steps.size());
    CHECK(view["steps"][0]["state"] == "done");
    CHECK(view["steps"][1]["state"] == "current");
    CHECK(view["current"] == 1);
    CHECK(view["steps"][1]["text"] == view["steps"][1]["text_en"]);
    CHECK(view["steps"][1]["text_id"] != view["steps"][1]["text_en"]);

    auto back = parse_status_view(text, "id");
    REQUIRE(back.ok());
    CHECK(back->code == s.code.grouped());
    CHECK(back->current == 1);
    CHECK(back->steps.size() == office.profile.steps.size());
    CHECK(back->steps[1].text == office.profile.steps[1].visitor_text_id);
    CHECK(back->steps[0].finished == s.complaint.created_at);

    ChangesPage page;
    page.changes.push_back(
        StatusChange{s.complaint.id, s.code.compact(), ComplaintStatus::Open, 42, text});
    page.next = "17";
    page.more = true;
    auto parsed = parse_changes(changes_body(page));
    REQUIRE(parsed.ok());
    CHECK(parsed->next == "17");
    CHECK(parsed->more);
    REQUIRE(parsed->changes.size() == 1);
    CHECK(parsed->changes[0].code == s.code.compact());
    CHECK(parsed->changes[0].updated_at == 42);
    CHECK(json::parse(parsed->changes[0].status_view) == view);
    CHECK_FALSE(parse_changes(R"({"changes":[],"next":"x","more":false})").ok());
    CHECK_FALSE(parse_changes(R"({"changes":{},"next":"1","more":false})").ok());

    // the kiosk keeps the copy and the cursor together
    REQUIRE(store->put_remote_status(parsed->changes, parsed->next, 1234).ok());
    auto copy = store->remote_status(s.code.compact());
    REQUIRE(copy.ok());
    REQUIRE(copy->has_value());
    CHECK((*copy)->fetched_at == 1234);
    CHECK((*copy)->change.id == s.complaint.id);
    CHECK(*store->sync_state("pull_cursor") == std::optional<std::string>("17"));
    CHECK(*store->sync_state("pulled_at") == std::optional<std::string>("1234"));
    CHECK_FALSE(store->remote_status("0000000000000")->has_value());
    REQUIRE(store->set_sync_state("x", "y").ok());
    CHECK(*store->sync_state("x") == std::optional<std::string>("y"));
    CHECK_FALSE(store->sync_state("nothing")->has_value());
}

TEST_CASE("status view: read back strictly - every field the kiosk reads there and of its type") {
    TempDir dir;
    const Office office = test::load_office();
    auto store = open_store(dir / "hub.db");
    const auto s = submit(*store, office, test::sample_submission());
    const json good = status_view(office.profile, office.config.calendar, s.complaint,
                                  *store->events(s.complaint.seq), "id", now_ms());
    REQUIRE(parse_status_view(good.dump(), "en").ok());
    CHECK(parse_status_view(good.dump(), "en")->steps[1].text ==
          office.profile.steps[1].visitor_text_en);
    // Fields it does not read may come and go.
    json extra = good;
    extra["office"] = "BSPJI";
    extra.erase("submitted");
    extra["steps"][0].erase("text");
    CHECK(parse_status_view(extra.dump(), "id").ok());

    const std::vector<std::pair<std::string, std::function<void(json&)>>> broken{
        {"no code", [](json& j) { j.erase("code"); }},
        {"a code that is not one", [](json& j) { j["code"] = "HALO-HALO"; }},
        {"a code as a number", [](json& j) { j["code"] = 42; }},
        {"an unknown status", [](json& j) { j["status"] = "lost"; }},
        {"no submitted_ms", [](json& j) { j.erase("submitted_ms"); }},
        {"updated_ms as text", [](json& j) { j["updated_ms"] = "1764000000000"; }},
        {"a negative time", [](json& j) { j["submitted_ms"] = -5; }},
        {"no current", [](json& j) { j.erase("current"); }},
        {"current past the steps", [](json& j) { j["current"] = 99; }},
        {"current on a step not under way", [](json& j) { j["current"] = 0; }},
        {"current below -1", [](json& j) { j["current"] = -2; }},
        {"no steps", [](json& j) { j.erase("steps"); }},
        {"steps empty", [](json& j) { j["steps"] = json::array(); }},
        {"steps as an object", [](json& j) { j["steps"] = json::object(); }},
        {"a step as text", [](json& j) { j["steps"][0] = "done"; }},
        {"an unknown step state", [](json& j) { j["steps"][2]["state"] = "skipped"; }},
        {"a step without number", [](json& j) { j["steps"][0].erase("number"); }},
        {"a step numbered 0", [](json& j) { j["steps"][0]["number"] = 0; }},
        {"a step without text_en", [](json& j) { j["steps"][1].erase("text_en"); }},
        {"a step with an empty text", [](json& j) { j["steps"][1]["text_en"] = ""; }},
        {"finished_ms as a fraction", [](json& j) { j["steps"][0]["finished_ms"] = 1.5; }},
        {"a top level array", [](json& j) { j = json::array({j}); }},
    };
    for (const auto& [what, spoil] : broken) {
        json j = good;
        spoil(j);
        auto r = parse_status_view(j.dump(), "en");
        CHECK_MESSAGE(!r.ok(), what);
        if (!r.ok()) CHECK(r.error().key == "err.sync.reply");
    }
    CHECK_FALSE(parse_status_view("", "id").ok());
    CHECK_FALSE(parse_status_view("{\"code\":", "id").ok());

    // The hub's error body reads back the same way.
    auto e = parse_error_body(
        error_body(Error{ErrorKind::NotFound, "err.hub.no_complaint"}, office.catalog));
    REQUIRE(e.ok());
    CHECK(e->key == "err.hub.no_complaint");
    CHECK_FALSE(e->message.empty());
    CHECK_FALSE(parse_error_body("<html>Not Found</html>").ok());
    CHECK_FALSE(parse_error_body(R"({"error":"no_complaint"})").ok());
    CHECK_FALSE(parse_error_body(R"({"error":{"key":"","message":""}})").ok());
}

TEST_CASE("cursor parameters") {
    CHECK(parse_cursor_param("") == 0);
    CHECK(parse_cursor_param("0") == 0);
    CHECK(parse_cursor_param("123") == 123);
    CHECK_FALSE(parse_cursor_param("-1"));
    CHECK_FALSE(parse_cursor_param("12a"));
    CHECK_FALSE(parse_cursor_param("1e3"));
    CHECK_FALSE(parse_cursor_param("99999999999999999999"));
}

TEST_CASE("kiosk tokens: made once, stored as a hash, checked in constant time") {
    const auto t = make_kiosk_token("kiosk-lobi");
    CHECK(t.secret.size() == 43);
    CHECK(t.text().rfind("kiosk-lobi.", 0) == 0);
    CHECK(make_kiosk_token("kiosk-lobi").secret != t.secret);
    auto parsed = parse_kiosk_token(t.text());
    REQUIRE(parsed.ok());
    CHECK(parsed->name == "kiosk-lobi");
    CHECK(parsed->secret == t.secret);
    const auto hash = hash_token_secret(t.secret);
    CHECK(hash.size() == 64);
    CHECK(hash.find(t.secret) == std::string::npos);
    CHECK(verify_token_secret(t.secret, hash));
    auto wrong = t.secret;
    wrong[5] = wrong[5] == 'A' ? 'B' : 'A';
    CHECK_FALSE(verify_token_secret(wrong, hash));
    CHECK_FALSE(verify_token_secret(t.secret, hash.substr(1)));
    // a dotted kiosk name splits at the last dot
    auto dotted = parse_kiosk_token(make_kiosk_token("lt2.lobi").text());
    REQUIRE(dotted.ok());
    CHECK(dotted->name == "lt2.lobi");
    CHECK(parse_bearer("Bearer " + t.text()).ok());
    CHECK(parse_bearer("bearer  " + t.text()).ok());
    for (const std::string& bad :
         std::vector<std::string>{"", "Basic abc", "Bearer", "Bearer nodot",
                                  "Bearer kiosk-lobi.short", "Bearer X." + t.secret,
                                  "Bearer kiosk-lobi." + t.secret + "=", "Bearer ab." + t.secret})
        CHECK_MESSAGE(parse_bearer(bad).error().key == "err.sync.token", bad);
}

TEST_CASE("kiosks on the hub: add, list, find, touch, revoke") {
    TempDir dir;
    auto hub = open_store(dir / "hub.db");
    auto k = hub->add_kiosk("kiosk-lobi", hash_token_secret("s"), "cli");
    REQUIRE(k.ok());
    CHECK(k->revoked_at == 0);
    CHECK(hub->add_kiosk("kiosk-lobi", "x", "cli").error().key == "err.kiosk.exists");
    REQUIRE(hub->add_kiosk("kiosk-lt2", "y", "cli").ok());
    REQUIRE(hub->touch_kiosk("kiosk-lt2", 777).ok());
    auto all = hub->kiosks();
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).name == "kiosk-lobi");
    CHECK(all->at(1).last_seen_at == 777);
    auto r = hub->revoke_kiosk("kiosk-lobi", "cli");
    REQUIRE(r.ok());
    CHECK(r->revoked_at > 0);
    CHECK(hub->revoke_kiosk("kiosk-lobi", "cli")->revoked_at == r->revoked_at);
    CHECK(hub->revoke_kiosk("nobody", "cli").error().key == "err.kiosk.unknown");
    CHECK(hub->find_kiosk("nobody").error().key == "err.kiosk.unknown");
    CHECK(hub->find_kiosk("kiosk-lobi")->revoked_at == r->revoked_at);
    CHECK(check_kiosk_name("ab").error().key == "err.kiosk.name");
    CHECK(check_kiosk_name("Kiosk").error().key == "err.kiosk.name");
    CHECK(check_kiosk_name("kiosk-lobi.lt1").ok());
}

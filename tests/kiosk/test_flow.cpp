// The kiosk's flow state machine, driven directly (no ImGui, no SDL).
#include "../../kiosk/flow/kiosk_flow.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;
using namespace keluhan::kiosk;

namespace {

struct Fixture {
    Office office = test::load_office();
    FlowOptions options = [] {
        FlowOptions o;
        o.idle_seconds = 60;
        o.warning_seconds = 30;
        o.done_seconds = 45;
        o.reprint_limit = 2;
        o.admin_pin = "2468";
        return o;
    }();
    KioskFlow flow{office, options};
    TimeMs t = 1'000'000;

    // Fills a valid written complaint up to the review.
    void to_review() {
        flow.start_complaint();
        flow.choose_channel(Channel::Tertulis);
        flow.type("Budi Santoso");
        flow.focus(Field::Phone);
        flow.type("0812 3456 7890");
        REQUIRE(flow.next());
        flow.choose_service("pengujian");
        REQUIRE(flow.next());
        flow.type("Laporan hasil uji terlambat");
        REQUIRE(flow.next());
        flow.set_consent(true);
        REQUIRE(flow.next());
        REQUIRE(flow.screen() == Screen::Review);
    }
};

Submitted fake_submitted() {
    return Submitted{Complaint{}, TrackingCode::generate()};
}

} // namespace

TEST_CASE("flow: a written complaint, screen by screen, with the step count") {
    Fixture f;
    CHECK(f.flow.screen() == Screen::Welcome);
    CHECK(f.flow.step_number() == 0);
    f.flow.start_complaint();
    CHECK(f.flow.screen() == Screen::Channel);
    CHECK(f.flow.step_number() == 1);
    f.flow.choose_channel(Channel::Tertulis);
    CHECK(f.flow.screen() == Screen::Identity);
    CHECK(f.flow.focused() == Field::Name);
    CHECK(f.flow.keys_for(Field::Phone) == Keys::Phone);
    CHECK(f.flow.keys_for(Field::Email) == Keys::Email);
    f.to_review();
    CHECK(f.flow.step_number() == 6);
    f.flow.back();
    CHECK(f.flow.screen() == Screen::Privacy);
    f.flow.back();
    CHECK(f.flow.screen() == Screen::Complaint);
    CHECK(f.flow.form().description == "Laporan hasil uji terlambat"); // kept going back
}

TEST_CASE("flow: each screen refuses what is missing, next to the field") {
    Fixture f;
    f.flow.start_complaint();
    f.flow.choose_channel(Channel::Tertulis);
    CHECK_FALSE(f.flow.next());
    REQUIRE(f.flow.field_error(Field::Name));
    CHECK(f.flow.field_error(Field::Name)->key == "err.text.required");
    CHECK(f.flow.field_error(Field::Phone)->key == "err.contact.required");
    f.flow.type("Budi");
    f.flow.focus(Field::Email);
    f.flow.type("budi@");
    CHECK_FALSE(f.flow.next());
    CHECK(f.flow.field_error(Field::Email)->key == "err.email.format");
    CHECK(f.flow.focused() == Field::Email); // the cursor goes to the problem
    f.flow.type("karet.co.id");
    REQUIRE(f.flow.next());
    CHECK_FALSE(f.flow.next()); // no service chosen
    CHECK(f.flow.field_error("service")->key == "kiosk.service.required");
    f.flow.choose_service("sihir"); // not configured: ignored
    CHECK(f.flow.form().service.empty());
    f.flow.choose_service("kalibrasi");
    REQUIRE(f.flow.next());
    CHECK_FALSE(f.flow.next());
    CHECK(f.flow.field_error(Field::Description)->key == "err.text.required");
    f.flow.type("Sertifikat salah");
    REQUIRE(f.flow.next());
    CHECK_FALSE(f.flow.next());
    CHECK(f.flow.field_error("consent")->key == "err.consent.required");
}

TEST_CASE("flow: anonymous clears personal data and needs none") {
    Fixture f;
    f.flow.start_complaint();
    f.flow.choose_channel(Channel::Tertulis);
    f.flow.type("Budi");
    f.flow.set_anonymous(true);
    CHECK(f.flow.form().name.empty());
    CHECK(f.flow.next());
}

TEST_CASE("flow: typing respects each field's characters and limit, never crashes") {
    Fixture f;
    f.office.config.limits.description_max = 100;
    KioskFlow flow(f.office, f.options);
    flow.start_complaint();
    flow.choose_channel(Channel::Tertulis);
    flow.focus(Field::Phone);
    flow.type("08ab12-34\x01 56");
    CHECK(flow.value(Field::Phone) == "0812-34 56");
    flow.focus(Field::Name);
    flow.type("Ani\xC3\xA9");
    flow.backspace(); // removes the whole é, not half of it
    CHECK(flow.value(Field::Name) == "Ani");
    flow.type("bad \xC3");
    CHECK(flow.value(Field::Name) == "Ani"); // invalid UTF-8 is dropped whole
    flow.focus(Field::Phone);
    flow.type("1");
    REQUIRE(flow.next());
    flow.choose_service("pengujian");
    REQUIRE(flow.next());
    flow.type(std::string(150, 'x'));
    CHECK(flow.value(Field::Description).size() == 100);
    REQUIRE(flow.notice());
    CHECK(flow.notice()->key == "kiosk.text.limit");
    CHECK(flow.notice()->param("max") == "100");
    CHECK(flow.limit(Field::Description) == 100);
}

TEST_CASE("flow: one tap sends once, a failed save keeps everything for a retry") {
    Fixture f;
    f.to_review();
    auto first = f.flow.begin_send(f.t);
    REQUIRE(first.has_value());
    CHECK(first->complainant.name == "Budi Santoso");
    CHECK(first->origin == f.office.config.device_name);
    CHECK(f.flow.screen() == Screen::Sending);
    CHECK_FALSE(f.flow.begin_send(f.t).has_value()); // double tap, touch bounce
    f.flow.send_done(Error{ErrorKind::Storage, "err.store.full"}, f.t);
    CHECK(f.flow.screen() == Screen::Review);
    REQUIRE(f.flow.notice());
    CHECK(f.flow.notice()->key == "err.store.full");
    CHECK(f.flow.form().name == "Budi Santoso");
    CHECK(f.flow.form().description == "Laporan hasil uji terlambat");
    REQUIRE(f.flow.begin_send(f.t).has_value()); // retry
    const auto done = fake_submitted();
    f.flow.send_done(done, f.t);
    CHECK(f.flow.screen() == Screen::Done);
    CHECK(*f.flow.receipt_code() == done.code);
    CHECK(f.flow.form().name.empty()); // stored, so wiped from the kiosk
    CHECK(f.flow.form().description.empty());
}

TEST_CASE("flow: 'Masih di sana?' after the idle time, then a wipe") {
    Fixture f;
    f.flow.touched(f.t);
    f.flow.start_complaint();
    f.flow.choose_channel(Channel::Tertulis);
    f.flow.type("Budi Santoso");
    f.flow.tick(f.t + 59'000);
    CHECK_FALSE(f.flow.idle_warning());
    CHECK(*f.flow.next_deadline(f.t) == f.t + 60'000);
    f.flow.tick(f.t + 60'000);
    CHECK(f.flow.idle_warning());
    CHECK(f.flow.warning_seconds_left(f.t + 60'000) == 30);
    CHECK(f.flow.warning_seconds_left(f.t + 70'500) == 20);
    // "Ya, lanjutkan" keeps everything.
    f.flow.keep_going(f.t + 75'000);
    CHECK_FALSE(f.flow.idle_warning());
    CHECK(f.flow.form().name == "Budi Santoso");
    f.flow.tick(f.t + 135'000);
    CHECK(f.flow.idle_warning());
    f.flow.tick(f.t + 165'000);
    CHECK(f.flow.screen() == Screen::Welcome);
    CHECK_FALSE(f.flow.idle_warning());
    CHECK(f.flow.form().name.empty());
    CHECK_FALSE(f.flow.next_deadline(f.t + 165'000).has_value()); // the welcome screen sleeps
}

TEST_CASE("flow: the done screen counts down and a touch gives more time") {
    Fixture f;
    f.to_review();
    (void)f.flow.begin_send(f.t);
    f.flow.send_done(fake_submitted(), f.t);
    CHECK(f.flow.done_seconds_left(f.t) == 45);
    f.flow.tick(f.t + 30'000);
    f.flow.touched(f.t + 30'000);
    f.flow.tick(f.t + 60'000);
    CHECK(f.flow.screen() == Screen::Done);
    f.flow.tick(f.t + 75'000);
    CHECK(f.flow.screen() == Screen::Welcome);
    CHECK_FALSE(f.flow.receipt_code().has_value());
}

TEST_CASE("flow: reprints are limited") {
    Fixture f;
    f.to_review();
    (void)f.flow.begin_send(f.t);
    f.flow.send_done(fake_submitted(), f.t);
    CHECK(f.flow.request_reprint());
    CHECK(f.flow.request_reprint());
    CHECK_FALSE(f.flow.request_reprint());
    CHECK(f.flow.reprints_left() == 0);
}

TEST_CASE("flow: spoken complaints need a microphone and a recording") {
    Fixture f;
    f.flow.set_mic_available(false);
    f.flow.start_complaint();
    f.flow.choose_channel(Channel::Lisan);
    CHECK(f.flow.screen() == Screen::Channel);
    CHECK(f.flow.notice()->key == "kiosk.channel.no_mic");
    f.flow.set_mic_available(true);
    f.flow.choose_channel(Channel::Lisan);
    f.flow.set_anonymous(true);
    REQUIRE(f.flow.next());
    f.flow.choose_service("pengujian");
    REQUIRE(f.flow.next());
    CHECK(f.flow.screen() == Screen::Record);
    CHECK_FALSE(f.flow.next());
    CHECK(f.flow.notice()->key == "kiosk.record.missing");
    f.flow.recording_done({1, 2, 3, 4}, 2.5);
    REQUIRE(f.flow.next());
    f.flow.set_consent(true);
    REQUIRE(f.flow.next());
    auto s = f.flow.begin_send(f.t);
    REQUIRE(s.has_value());
    REQUIRE(s->attachments.size() == 1);
    CHECK(s->attachments[0].media_type == "audio/wav");
    CHECK(s->description.empty());
    CHECK(s->complainant.anonymous);
}

TEST_CASE("flow: status check takes a code or a scanned URL, and says what is wrong") {
    Fixture f;
    f.flow.start_status();
    CHECK(f.flow.focused() == Field::Code);
    CHECK(f.flow.keys_for(Field::Code) == Keys::Code);
    const auto code = TrackingCode::generate();
    std::string typo = code.grouped();
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    f.flow.type(typo);
    CHECK_FALSE(f.flow.begin_lookup().has_value());
    CHECK(f.flow.field_error(Field::Code)->key == "err.code.check");
    for (std::size_t i = 0; i < typo.size(); ++i)
        f.flow.backspace();
    f.flow.type("https://keluhan.bspji.go.id/s/" + code.grouped());
    auto got = f.flow.begin_lookup();
    REQUIRE(got.has_value());
    CHECK(*got == code);
    CHECK(f.flow.lookup_pending());
    CHECK_FALSE(f.flow.begin_lookup().has_value()); // one lookup at a time
    f.flow.lookup_done(Error{ErrorKind::NotFound, "err.complaint.not_found"});
    CHECK(f.flow.field_error(Field::Code)->key == "kiosk.status.unknown");
    REQUIRE(f.flow.begin_lookup().has_value());
    VisitorStatus vs;
    vs.code = code.grouped();
    f.flow.lookup_done(vs);
    CHECK(f.flow.screen() == Screen::StatusResult);
    f.flow.back(); // "Cek kode lain"
    CHECK(f.flow.screen() == Screen::StatusEntry);
    // The old code is gone: what is typed now is the whole new code.
    const auto other = TrackingCode::generate();
    f.flow.type(other.grouped());
    auto again = f.flow.begin_lookup();
    REQUIRE(again.has_value());
    CHECK(*again == other);
}

TEST_CASE(
    "flow: a hub that cannot be asked is a calm notice, not 'not found', and the code stays") {
    Fixture f;
    f.flow.start_status();
    const auto code = TrackingCode::generate();
    f.flow.type(code.grouped());
    REQUIRE(f.flow.begin_lookup().has_value());
    f.flow.lookup_done(Error{ErrorKind::Storage, "err.sync.status_unreachable"});
    CHECK(f.flow.screen() == Screen::StatusEntry);
    CHECK_FALSE(f.flow.lookup_pending());
    CHECK(f.flow.field_error(Field::Code) == nullptr);
    REQUIRE(f.flow.notice().has_value());
    CHECK(f.flow.notice()->key == "err.sync.status_unreachable");
    CHECK(f.flow.value(Field::Code) == code.grouped());
    // Cek again: the notice goes, and the hub's "unknown" reads as not found.
    REQUIRE(f.flow.begin_lookup().has_value());
    CHECK_FALSE(f.flow.notice().has_value());
    f.flow.lookup_done(Error{ErrorKind::NotFound, "err.sync.status_unknown"});
    CHECK(f.flow.field_error(Field::Code)->key == "kiosk.status.unknown");
    CHECK_FALSE(f.flow.notice().has_value());
}

TEST_CASE("flow: the staff exit is behind five taps and the PIN") {
    Fixture f;
    for (int i = 0; i < 4; ++i)
        f.flow.secret_tap(f.t + i * 500);
    CHECK(f.flow.screen() == Screen::Welcome);
    f.flow.secret_tap(f.t + 10'000); // too slow: the count starts again
    CHECK(f.flow.screen() == Screen::Welcome);
    for (int i = 0; i < 5; ++i)
        f.flow.secret_tap(f.t + 20'000 + i * 300);
    REQUIRE(f.flow.screen() == Screen::StaffPin);
    f.flow.type("1111");
    f.flow.submit_pin(f.t + 22'000);
    CHECK(f.flow.field_error(Field::Pin)->key == "kiosk.pin.wrong");
    f.flow.type("2468");
    f.flow.submit_pin(f.t + 23'000);
    REQUIRE(f.flow.screen() == Screen::StaffMenu);
    f.flow.request_exit();
    CHECK(f.flow.exit_requested());
}

TEST_CASE("flow: three wrong PINs lock the pad for a minute") {
    Fixture f;
    for (int i = 0; i < 5; ++i)
        f.flow.secret_tap(f.t + i * 100);
    for (int i = 0; i < 3; ++i) {
        f.flow.type("0000");
        f.flow.submit_pin(f.t + 1000);
    }
    CHECK(f.flow.screen() == Screen::Welcome);
    for (int i = 0; i < 5; ++i)
        f.flow.secret_tap(f.t + 2000 + i * 100);
    CHECK(f.flow.screen() == Screen::Welcome); // locked
    for (int i = 0; i < 5; ++i)
        f.flow.secret_tap(f.t + 70'000 + i * 100);
    CHECK(f.flow.screen() == Screen::StaffPin);
}

TEST_CASE("flow: no PIN configured, no way out") {
    Fixture f;
    f.options.admin_pin.clear();
    KioskFlow flow(f.office, f.options);
    for (int i = 0; i < 10; ++i)
        flow.secret_tap(f.t + i * 100);
    CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("flow: the language goes back to the office's for the next visitor") {
    Fixture f;
    f.flow.set_language("en");
    f.flow.start_complaint();
    CHECK(f.flow.language() == "en");
    f.flow.cancel();
    CHECK(f.flow.language() == "id");
    f.flow.set_language("fr");
    CHECK(f.flow.language() == "id");
}

TEST_CASE("flow: the satisfaction survey - a walk-in's answers, skips, profile toggles, and the "
          "wipe") {
    Fixture fx;
    auto& f = fx.flow;
    // No questionnaire: no survey.
    f.start_survey();
    CHECK(f.screen() == Screen::Welcome);
    f.set_questionnaire(skm_questionnaire(fx.office).value());
    const auto& q = *f.questionnaire();
    REQUIRE(q.elements.size() == 9);

    f.start_survey();
    REQUIRE(f.screen() == Screen::SurveyService);
    f.choose_survey_service("pengujian");
    CHECK(f.survey().service == "pengujian");
    f.choose_survey_service("pengujian"); // touched again: left out
    CHECK(f.survey().service.empty());
    f.choose_survey_service("bukan-layanan");
    CHECK(f.survey().service.empty());
    f.choose_survey_service("kalibrasi");
    REQUIRE(f.next());
    REQUIRE(f.screen() == Screen::SurveyQuestion);
    CHECK(f.survey_question() == 0);

    f.answer(0); // not a score: nothing
    f.answer(5);
    CHECK(f.survey().scores.empty());
    CHECK(f.survey_question() == 0);
    f.answer(3); // answered: the next question by itself
    CHECK(f.survey_question() == 1);
    REQUIRE(f.next()); // skipped
    CHECK(f.survey_question() == 2);
    f.answer(4);
    f.back();
    f.back();
    CHECK(f.survey_question() == 1);
    f.answer(2); // a skipped one answered after all
    CHECK(f.survey_question() == 2);
    f.answer(1); // an answer changed
    for (int i = 3; i < 9; ++i)
        REQUIRE(f.next());
    REQUIRE(f.screen() == Screen::SurveyProfile);
    CHECK(f.survey().scores ==
          std::map<std::string, int, std::less<>>{{"U1", 3}, {"U2", 2}, {"U3", 1}});

    f.set_profile("umur", "30-39 tahun");
    f.set_profile("umur", "40-49 tahun"); // another option replaces it
    f.set_profile("jenis_kelamin", "Perempuan");
    f.set_profile("jenis_kelamin", "Perempuan"); // the same again: cleared
    f.set_profile("umur", "tiga puluh");         // not an option
    f.set_profile("alamat", "Palembang");        // not a field
    CHECK(f.survey().profile ==
          std::map<std::string, std::string, std::less<>>{{"umur", "40-49 tahun"}});
    REQUIRE(f.next());
    REQUIRE(f.screen() == Screen::SurveySuggestion);
    CHECK(f.focused() == Field::Suggestion);
    f.type("Antrian loket\nterlalu lama.");
    CHECK(f.value(Field::Suggestion) == "Antrian loket\nterlalu lama.");

    auto s = f.begin_survey_send(fx.t, true);
    REQUIRE(s);
    CHECK_FALSE(f.begin_survey_send(fx.t, true)); // a second tap sends nothing
    CHECK(f.screen() == Screen::SurveySending);
    CHECK(s->service == "kalibrasi");
    CHECK(s->scores == std::vector<std::pair<std::string, int>>{{"U1", 3}, {"U2", 2}, {"U3", 1}});
    CHECK(s->suggestion == "Antrian loket\nterlalu lama.");
    CHECK(s->for_hub);
    CHECK_FALSE(s->code);
    CHECK(s->origin == fx.office.config.device_name);

    // Refused (a busy database): back, everything kept.
    f.survey_done(Error{ErrorKind::Conflict, "err.store.locked"}, fx.t);
    REQUIRE(f.screen() == Screen::SurveySuggestion);
    REQUIRE(f.notice());
    CHECK(f.notice()->key == "err.store.locked");
    CHECK(f.survey().scores.size() == 3);
    s = f.begin_survey_send(fx.t, false);
    REQUIRE(s);
    f.survey_done(std::string("id"), fx.t);
    REQUIRE(f.screen() == Screen::SurveyDone);
    CHECK(f.survey().scores.empty());
    CHECK(f.value(Field::Suggestion).empty());
    // The thanks go back to Welcome by themselves.
    f.tick(fx.t + fx.options.done_seconds * 1000LL);
    CHECK(f.screen() == Screen::Welcome);

    // Nothing answered: not sent, and it says so.
    f.start_survey();
    REQUIRE(f.next());
    for (int i = 0; i < 9; ++i)
        REQUIRE(f.next());
    REQUIRE(f.next());
    REQUIRE(f.screen() == Screen::SurveySuggestion);
    CHECK_FALSE(f.begin_survey_send(fx.t, false));
    REQUIRE(f.notice());
    CHECK(f.notice()->key == "kiosk.survey.none");

    // Left half done: the idle timeout wipes it like a form.
    f.back();
    f.back();
    f.answer(4);
    CHECK_FALSE(f.survey().scores.empty());
    f.touched(fx.t);
    f.tick(fx.t + 61'000);
    REQUIRE(f.idle_warning());
    f.tick(fx.t + 61'000 + 31'000);
    CHECK(f.screen() == Screen::Welcome);
    CHECK(f.survey().scores.empty());
}

TEST_CASE("flow: the survey from Cek Status - only for a closed complaint, with its code") {
    Fixture fx;
    auto& f = fx.flow;
    f.set_questionnaire(skm_questionnaire(fx.office).value());
    const TrackingCode code = TrackingCode::generate();
    f.start_status();
    f.type(code.grouped());
    REQUIRE(f.begin_lookup());
    VisitorStatus open;
    open.code = code.grouped();
    open.status = ComplaintStatus::Open;
    f.lookup_done(open);
    REQUIRE(f.screen() == Screen::StatusResult);
    f.start_survey_for_status();
    CHECK(f.screen() == Screen::StatusResult); // not closed: no survey

    f.back();
    f.type(code.grouped());
    REQUIRE(f.begin_lookup());
    VisitorStatus closed = open;
    closed.status = ComplaintStatus::Closed;
    f.lookup_done(closed);
    f.start_survey_for_status();
    REQUIRE(f.screen() == Screen::SurveyQuestion); // no service to choose: the complaint's
    REQUIRE(f.survey().code);
    CHECK(*f.survey().code == code);
    f.back(); // back to the status, the survey dropped
    CHECK(f.screen() == Screen::StatusResult);
    CHECK_FALSE(f.survey().code);
    f.start_survey_for_status();
    f.answer(4);
    for (int i = 1; i < 9; ++i)
        REQUIRE(f.next());
    REQUIRE(f.next());
    REQUIRE(f.screen() == Screen::SurveySuggestion);
    auto s = f.begin_survey_send(fx.t, true);
    REQUIRE(s);
    REQUIRE(s->code);
    CHECK(*s->code == code);
    CHECK(s->service.empty());
}

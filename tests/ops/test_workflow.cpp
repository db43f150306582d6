#include "keluhan/ops/workflow.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/users.hpp"

#include "office_fixture.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

// An office with a real store and one user per role.
using Desk = test::SeededOffice;

} // namespace

TEST_CASE("both SOPs from submit to close through the store, with a refusal and a return") {
    for (const char* profile : {"bspji-palembang", "balai-capa"}) {
        CAPTURE(profile);
        Desk d(profile);
        auto sub = submit_complaint(*d.store, d.office, test::sample_submission()).value();
        int refused = 0, returned = 0, completed = 0, capa_saved = 0;
        bool letter_numbered = false;
        for (int guard = 0; guard < 40; ++guard) {
            auto c = d.store->find_by_code(sub.code).value();
            if (c.status == ComplaintStatus::Closed) break;
            const SopStep& step = *d.office.profile.step(c.current_step);
            const Role role = SopEngine::acting_role(step);
            // The administrator may never act on a step, whatever it is.
            auto admin = advance_complaint(*d.store, d.office, d.users[Role::Administrator],
                                           sub.code, AdvanceRequest{"x", false, std::nullopt, {}});
            CHECK(admin.error().key == "err.auth.denied");
            const Role wrong = role == Role::KepalaBalai ? Role::StafPji : Role::KepalaBalai;
            auto no = advance_complaint(*d.store, d.office, d.users[wrong], sub.code,
                                        AdvanceRequest{"catatan", false, std::nullopt, {}});
            REQUIRE_FALSE(no.ok());
            CHECK(no.error().key == "err.sop.wrong_role");
            ++refused;
            // Refusals change nothing.
            CHECK(d.store->find_by_code(sub.code)->current_step == c.current_step);
            CHECK(d.store->events(c.seq)->size() ==
                  static_cast<std::size_t>(1 + completed + returned + capa_saved +
                                           (c.register_number.empty() ? 0 : 1) +
                                           (letter_numbered ? 1 : 0)));
            AdvanceRequest req{"Dikerjakan sesuai SOP", false, std::nullopt, {}};
            if (!step.return_to.empty() && returned == 0) {
                req = {"Perbaiki tanggal pada paragraf kedua", true, std::nullopt, {}};
                ++returned;
            } else {
                ++completed;
                // Its number is an event, where the office numbers letters.
                letter_numbered |=
                    step.form == StepForm::Sign && !d.office.config.office.letter_pattern.empty();
            }
            if (!step.capa.empty() && !req.send_back) {
                // The corrective action this step asks for (ops/capa.hpp) comes first.
                Capa k;
                for (const auto f : step.capa)
                    k.get(f) = f == CapaField::Effective                              ? "ya"
                               : f == CapaField::DueDate || f == CapaField::CheckedOn ? "2026-12-01"
                                                                                      : "Dicatat";
                REQUIRE(save_capa(*d.store, d.office, d.users[role], sub.code, k).ok());
                ++capa_saved;
            }
            auto after = advance_complaint(*d.store, d.office, d.users[role], sub.code, req);
            REQUIRE_MESSAGE(after.ok(), step.id << ": " << (after.ok() ? "" : after.error().key));
        }
        auto c = d.store->find_by_code(sub.code).value();
        CHECK(c.status == ComplaintStatus::Closed);
        CHECK(c.current_step.empty());
        CHECK_FALSE(c.register_number.empty());
        CHECK(returned == 1);
        CHECK(completed ==
              static_cast<int>(d.office.profile.steps.size()) - 1 + 1); // one step done twice
        auto events = d.store->events(c.seq).value();
        const auto steps = timeline(d.office.profile, d.office.config.calendar, events, now_ms());
        for (const auto& v : steps)
            CHECK(v.state == StepView::State::Done);
        const auto& all = d.office.profile.steps;
        const auto checker =
            std::find_if(all.begin(), all.end(), [](auto& s) { return !s.return_to.empty(); });
        REQUIRE(checker != all.end());
        const SopStep* returned_to = d.office.profile.step(checker->return_to);
        const auto it = std::find_if(steps.begin(), steps.end(),
                                     [&](auto& v) { return v.step == returned_to; });
        REQUIRE(it != steps.end());
        CHECK(it->returned == 1);
        CHECK(advance_complaint(*d.store, d.office, d.users[Role::StafPji], sub.code, {})
                  .error()
                  .key == "err.sop.closed");
    }
}

TEST_CASE("the timeline shows standard and actual working time, and late marks") {
    Desk d("bspji-palembang");
    auto sub = submit_complaint(*d.store, d.office, test::sample_submission()).value();
    auto events = d.store->events(sub.complaint.seq).value();
    // Far in the future, the current step (10 minutes) is late.
    const TimeMs later = sub.complaint.created_at + 10LL * 24 * 3600 * 1000;
    auto steps = timeline(d.office.profile, d.office.config.calendar, events, later);
    CHECK(steps[0].state == StepView::State::Done);
    CHECK(steps[1].state == StepView::State::Current);
    CHECK(steps[1].late);
    CHECK(steps[1].working_minutes > 10);
    CHECK(steps[2].state == StepView::State::Pending);
    // Right after submission nothing is late.
    steps = timeline(d.office.profile, d.office.config.calendar, events, sub.complaint.created_at);
    CHECK_FALSE(steps[1].late);
}

TEST_CASE("invalid input writes nothing") {
    Desk d("bspji-palembang");
    auto s = test::sample_submission(std::string(20001, 'x'));
    CHECK(submit_complaint(*d.store, d.office, s).error().key == "err.text.too_long");
    CHECK(d.store->count(ListQuery{}).value() == 0);
    auto sub = submit_complaint(*d.store, d.office, test::sample_submission()).value();
    auto before = d.store->events(sub.complaint.seq)->size();
    AdvanceRequest big{std::string(20001, 'n'), false, std::nullopt, {}};
    CHECK(
        advance_complaint(*d.store, d.office, d.users[Role::StafPji], sub.code, big).error().key ==
        "err.text.too_long");
    CHECK(d.store->events(sub.complaint.seq)->size() == before);
    CHECK(d.store->find_by_code(sub.code)->current_step == "terima");
}

TEST_CASE("on-behalf recording is refused unless the office allows it") {
    Desk d("bspji-palembang");
    auto sub = submit_complaint(*d.store, d.office, test::sample_submission()).value();
    // Walk to the Kepala Balai's disposition.
    REQUIRE(advance_complaint(*d.store, d.office, d.users[Role::StafPji], sub.code, {}).ok());
    REQUIRE(
        advance_complaint(*d.store, d.office, d.users[Role::KoordinatorPji], sub.code, {}).ok());
    AdvanceRequest paper{"Disposisi kertas: segera tanggapi", false, Role::KepalaBalai, {}};
    CHECK(advance_complaint(*d.store, d.office, d.users[Role::StafPji], sub.code, paper)
              .error()
              .key == "err.sop.on_behalf_off");
    d.office.config.allow_on_behalf = true;
    CHECK(advance_complaint(*d.store, d.office, d.users[Role::KoordinatorPji], sub.code, paper)
              .error()
              .key == "err.auth.denied");
    auto ok = advance_complaint(*d.store, d.office, d.users[Role::StafPji], sub.code, paper);
    REQUIRE(ok.ok());
    const auto ev = d.store->events(ok->seq).value().back();
    CHECK(ev.actor == "staf");
    CHECK(ev.on_behalf_of == "kepala_balai");
}

TEST_CASE("the visitor's status: steps in plain words, nothing personal") {
    Desk d("bspji-palembang");
    auto sub =
        submit_complaint(*d.store, d.office, test::sample_submission("Rahasia sekali")).value();
    REQUIRE(advance_complaint(*d.store, d.office, d.users[Role::StafPji], sub.code, {}).ok());
    auto c = d.store->find_by_code(sub.code).value();
    auto ev = d.store->events(c.seq).value();
    const auto id =
        visitor_status(d.office.profile, d.office.config.calendar, c, ev, "id", now_ms());
    CHECK(id.code == sub.code.grouped());
    REQUIRE(id.steps.size() == 11);
    CHECK(id.current == 2);
    CHECK(id.steps[1].state == StepView::State::Done);
    CHECK(id.steps[1].text == "Diterima petugas layanan dan dicatat dalam daftar keluhan");
    CHECK(id.steps[2].state == StepView::State::Current);
    const auto en =
        visitor_status(d.office.profile, d.office.config.calendar, c, ev, "en", now_ms());
    CHECK(en.steps[1].text == "Received by the service desk and entered in the register");
    for (const auto& s : id.steps) {
        CHECK(s.text.find("Budi") == std::string::npos);
        CHECK(s.text.find("Rahasia") == std::string::npos);
    }
}

TEST_CASE("a return resumes the clock of the step sent back to, not its full standard time") {
    SUBCASE("the corrective action (7 days) returned after 3 days of work has 4 days left") {
        Desk d("balai-capa");
        const auto& cal = d.office.config.calendar;
        Complaint c =
            d.submit_at(test::sample_submission(), cal.from_local({2026, 11, 16}, 8 * 60));
        c = d.act_at(c, cal.from_local({2026, 11, 16}, 8 * 60 + 10)); // disposition
        REQUIRE(c.current_step == "tindak_lanjut");
        const TimeMs first_due = c.due_at;
        CHECK(first_due == cal.add(cal.from_local({2026, 11, 16}, 8 * 60 + 10),
                                   Duration{Duration::Unit::Days, 7}));
        d.fill_capa(c);
        const TimeMs handed_on = cal.from_local({2026, 11, 19}, 8 * 60 + 10); // Thursday
        c = d.act_at(c, handed_on);
        REQUIRE(c.current_step == "tandatangani");
        const TimeMs returned_at = cal.from_local({2026, 11, 19}, 9 * 60);
        c = d.act_at(c, returned_at, /*send_back=*/true, "Tanggal perbaikan keliru");
        REQUIRE(c.current_step == "tindak_lanjut");
        const std::int64_t left = cal.working_minutes_between(handed_on, first_due);
        CHECK(left > 0);
        CHECK(c.due_at ==
              cal.add(returned_at, Duration{Duration::Unit::Minutes, static_cast<int>(left)}));
        // Not the seven days again.
        CHECK(c.due_at < cal.add(returned_at, Duration{Duration::Unit::Days, 7}));
        // The timeline shows the same due time, and both attempts' work.
        const TimeMs redone = cal.from_local({2026, 11, 19}, 10 * 60);
        c = d.act_at(c, redone);
        const auto steps = timeline(d.office.profile, cal, d.store->events(c.seq).value(), redone);
        const StepView& tl = steps[2];
        REQUIRE(tl.step->id == "tindak_lanjut");
        CHECK(tl.state == StepView::State::Done);
        CHECK(tl.returned == 1);
        CHECK(tl.due ==
              cal.add(returned_at, Duration{Duration::Unit::Minutes, static_cast<int>(left)}));
        CHECK(tl.working_minutes ==
              cal.working_minutes_between(cal.from_local({2026, 11, 16}, 8 * 60 + 10), handed_on) +
                  60);
        CHECK_FALSE(tl.late);
        // The signing step that returned it starts on a fresh clock.
        CHECK(steps[3].state == StepView::State::Current);
        CHECK(steps[3].due == cal.add(redone, steps[3].step->standard_time));
    }
    SUBCASE("a draft handed on late has no time left: the revision is due at once") {
        Desk d("bspji-palembang");
        const auto& cal = d.office.config.calendar;
        TimeMs t = cal.from_local({2026, 11, 17}, 8 * 60);
        Complaint c = d.submit_at(test::sample_submission(), t);
        while (c.current_step != "konsep")
            c = d.act_at(c, t += 60'000);
        c = d.act_at(c, t += 20 * 60'000); // 20 minutes for a 15-minute draft
        REQUIRE(c.current_step == "periksa");
        c = d.act_at(c, t += 5 * 60'000, /*send_back=*/true, "Nomor surat salah");
        REQUIRE(c.current_step == "konsep");
        CHECK(c.due_at == t);
        const auto steps = timeline(d.office.profile, cal, d.store->events(c.seq).value(), t + 1);
        const auto konsep = std::find_if(steps.begin(), steps.end(),
                                         [](const StepView& v) { return v.step->id == "konsep"; });
        CHECK(konsep->late);
        CHECK(konsep->working_minutes == 20);
    }
}

TEST_CASE("a signed letter gets the next outgoing number of its year from the office's pattern") {
    for (const char* profile : {"bspji-palembang", "balai-capa"}) {
        CAPTURE(profile);
        Desk d(profile);
        const auto& cal = d.office.config.calendar;
        // Off unless the office sets it (its agenda book may number letters).
        CHECK(d.office.config.office.letter_pattern.empty());
        d.office.config.office.letter_pattern = "B/{seq}/BSPJI-PLG/PJI/{month_roman}/{year}";
        auto number_of = [&](const Complaint& c) {
            std::string n;
            const auto events = d.store->events(c.seq).value();
            for (const auto& e : events)
                if (e.kind == "letter_number") n = e.note;
            return n;
        };
        auto sign = [&](Complaint c, TimeMs t) {
            while (c.status == ComplaintStatus::Open &&
                   d.office.profile.step(c.current_step)->form != StepForm::Sign) {
                if (!d.office.profile.step(c.current_step)->capa.empty()) d.fill_capa(c);
                c = d.act_at(c, t += 60'000);
            }
            CHECK(number_of(c).empty()); // nothing before the signature
            return d.act_at(c, t + 60'000);
        };
        const TimeMs dec = cal.from_local({2026, 12, 30}, 9 * 60);
        const Complaint a = sign(d.submit_at(test::sample_submission(), dec), dec);
        const Complaint b = sign(d.submit_at(test::sample_submission(), dec + 1000), dec + 1000);
        CHECK(number_of(a) == "B/1/BSPJI-PLG/PJI/XII/2026");
        CHECK(number_of(b) == "B/2/BSPJI-PLG/PJI/XII/2026");
        // A new year starts again at 1; the register's own counter is apart.
        const TimeMs jan = cal.from_local({2027, 1, 4}, 9 * 60);
        const Complaint n = sign(d.submit_at(test::sample_submission(), jan), jan);
        CHECK(number_of(n) == "B/1/BSPJI-PLG/PJI/I/2027");
        // The letter prints it.
        const auto letter = draft_response_letter(d.office, d.office.catalog, a,
                                                  d.store->events(a.seq).value(), "kepala");
        CHECK(letter.number == "B/1/BSPJI-PLG/PJI/XII/2026");
        // With no pattern the number is left to be written by hand.
        d.office.config.office.letter_pattern.clear();
        const Complaint h = sign(d.submit_at(test::sample_submission(), jan + 1000), jan + 1000);
        CHECK(number_of(h).empty());
        CHECK(draft_response_letter(d.office, d.office.catalog, h, d.store->events(h.seq).value(),
                                    "kepala")
                  .number.empty());
    }
}

TEST_CASE("without a letter pattern, the front desk types the signed letter's agenda number") {
    for (const char* profile : {"bspji-palembang", "balai-capa"}) {
        CAPTURE(profile);
        Desk d(profile);
        const TimeMs t0 = now_ms() - 3 * 86'400'000LL;
        Complaint c = d.submit_at(test::sample_submission(), t0);
        const auto code = TrackingCode::parse(c.code).value();
        const User& staf = d.users[Role::StafPji];
        auto numbers = [&] {
            std::vector<std::string> n;
            const auto events = d.store->events(c.seq).value();
            for (const auto& e : events)
                if (e.kind == "letter_number") n.push_back(e.note);
            return n;
        };
        auto refused = [&](const User& u, const std::string& number) {
            auto r = record_letter_number(*d.store, d.office, u, code, number);
            REQUIRE_FALSE(r.ok());
            return r.error().key;
        };
        // Not before the Kepala Balai has signed the letter.
        CHECK(refused(staf, "B/7/PJI/XII/2026") == "err.letter_number.unsigned");
        TimeMs t = t0;
        while (d.office.profile.step(c.current_step)->form != StepForm::Sign) {
            if (!d.office.profile.step(c.current_step)->capa.empty()) d.fill_capa(c);
            c = d.act_at(c, t += 60'000);
        }
        CHECK(refused(staf, "B/7/PJI/XII/2026") == "err.letter_number.unsigned");
        c = d.act_at(c, t += 60'000); // signed
        CHECK(numbers().empty());

        // Only those who keep the agenda book; one line, not empty, not too long.
        for (const Role r : {Role::KepalaBalai, Role::KoordinatorTerkait, Role::Administrator})
            CHECK(refused(d.users[r], "B/7/PJI/XII/2026") == "err.auth.denied");
        CHECK(refused(staf, "   ") == "err.text.required");
        CHECK(refused(staf, "B/7\nXII") == "err.letter_number.one_line");
        CHECK(refused(staf, std::string(81, '7')) == "err.text.too_long");
        CHECK(numbers().empty());

        auto done = record_letter_number(*d.store, d.office, staf, code, "  B/7/PJI/XII/2026 ");
        REQUIRE_MESSAGE(done.ok(), done.error().key);
        CHECK(numbers() == std::vector<std::string>{"B/7/PJI/XII/2026"});
        // The same again (a retried request) adds nothing; a correction is kept
        // beside it, and the letter prints the last.
        REQUIRE(record_letter_number(*d.store, d.office, staf, code, "B/7/PJI/XII/2026").ok());
        CHECK(numbers().size() == 1);
        REQUIRE(record_letter_number(*d.store, d.office, d.users[Role::KoordinatorPji], code,
                                     "B/8/PJI/XII/2026")
                    .ok());
        CHECK(numbers() == std::vector<std::string>{"B/7/PJI/XII/2026", "B/8/PJI/XII/2026"});
        auto letter = draft_response_letter(d.office, d.office.catalog, c,
                                            d.store->events(c.seq).value(), "kepala");
        CHECK(letter.number == "B/8/PJI/XII/2026");
        auto events = d.store->events(c.seq).value();
        CHECK(events.back().actor == "koordinator");

        // Once the letter has gone out (the send step, or the customer's
        // receipt where the SOP has none), its number stays; closed too.
        bool has_send = false;
        for (const auto& s : d.office.profile.steps)
            has_send |= s.form == StepForm::Send;
        c = d.store->find_by_code(code).value();
        for (;;) {
            const StepForm f = d.office.profile.step(c.current_step)->form;
            const bool sends = f == StepForm::Send || (!has_send && f == StepForm::Receipt);
            CHECK(record_letter_number(*d.store, d.office, staf, code, "B/8/PJI/XII/2026").ok());
            c = d.act_at(c, t += 60'000);
            if (sends) break;
        }
        CHECK(refused(staf, "B/9/PJI/XII/2026") == "err.letter_number.sent");
        c = d.close(c, t + 60'000);
        CHECK(c.status == ComplaintStatus::Closed);
        CHECK(refused(staf, "B/9/PJI/XII/2026") == "err.letter_number.sent");
        CHECK(numbers().size() == 2);

        // Where the office gives a pattern, the number is not typed.
        d.office.config.office.letter_pattern = "B/{seq}/PJI/{year}";
        CHECK(refused(staf, "B/7/PJI/XII/2026") == "err.letter_number.automatic");
    }
}

TEST_CASE("staff type the summary of a spoken complaint: it is its text, found and quoted") {
    Desk d;
    Submission s = test::sample_submission("");
    s.channel = Channel::Lisan;
    s.attachments.push_back({0, "audio/wav", "rekaman.wav", std::vector<std::uint8_t>(400, 7)});
    auto c = d.submit_at(s, now_ms() - 3600'000);
    const auto code = TrackingCode::parse(c.code).value();
    const std::string said = "Sertifikat kalibrasi timbangan belum diterima setelah tiga minggu";
    auto find = [&](const std::string& words) {
        ListQuery q;
        q.text = words;
        return d.store->list(q).value().rows.size();
    };
    CHECK(find("timbangan") == 0);

    // Only the front desk and the coordinator of PJI type it; empty is refused.
    for (const Role r : {Role::KepalaBalai, Role::KoordinatorTerkait, Role::Administrator}) {
        auto no = record_spoken_summary(*d.store, d.office, d.users[r], code, said);
        REQUIRE_FALSE(no.ok());
        CHECK(no.error().key == "err.auth.denied");
    }
    auto empty = record_spoken_summary(*d.store, d.office, d.users[Role::StafPji], code, "  \n ");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().key == "err.text.required");
    CHECK(d.store->find_by_code(code)->description.empty());

    auto done =
        record_spoken_summary(*d.store, d.office, d.users[Role::StafPji], code, "  " + said + "\n");
    REQUIRE_MESSAGE(done.ok(), done.error().key);
    CHECK(done->description == said);
    CHECK(find("timbangan") == 1);
    // The recording stays; the history says who typed it.
    CHECK(d.store->attachments(c.seq, false)->size() == 1);
    auto events = d.store->events(c.seq).value();
    const auto typed = std::find_if(events.begin(), events.end(),
                                    [](const Event& e) { return e.kind == "transcript"; });
    REQUIRE(typed != events.end());
    CHECK(typed->actor == "staf");
    CHECK(typed->actor_role == "staf_pji");

    // Typed again by the coordinator: replaced, both times in the history.
    auto again = record_spoken_summary(*d.store, d.office, d.users[Role::KoordinatorPji], code,
                                       "Sertifikat kalibrasi belum dikirim");
    REQUIRE(again.ok());
    CHECK(find("timbangan") == 0);
    CHECK(find("dikirim") == 1);
    events = d.store->events(c.seq).value();
    CHECK(std::count_if(events.begin(), events.end(),
                        [](const Event& e) { return e.kind == "transcript"; }) == 2);

    // The letter's opening says what the complaint was about.
    const auto letter = draft_response_letter(d.office, d.office.catalog, *again, events);
    REQUIRE_FALSE(letter.paragraphs.empty());
    CHECK(letter.paragraphs[0].find("perihal \u201cSertifikat kalibrasi belum dikirim\u201d") !=
          std::string::npos);

    // Closed, the letter quoting it has gone out: not changed any more. A
    // closed one never summarised may still get its summary.
    const auto closed = d.close(*again, now_ms() - 1000);
    auto late = record_spoken_summary(*d.store, d.office, d.users[Role::StafPji], code, "Lain");
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().key == "err.transcript.closed");
    CHECK(d.store->find_by_code(code)->description == closed.description);
    auto bare = d.close(d.submit_at(s, now_ms() - 7200'000), now_ms() - 500);
    CHECK(record_spoken_summary(*d.store, d.office, d.users[Role::StafPji],
                                TrackingCode::parse(bare.code).value(), said)
              .ok());

    // A written complaint is the customer's own words: never retyped.
    auto written = d.submit_at(test::sample_submission(), now_ms() - 60'000);
    auto no = record_spoken_summary(*d.store, d.office, d.users[Role::StafPji],
                                    TrackingCode::parse(written.code).value(), said);
    REQUIRE_FALSE(no.ok());
    CHECK(no.error().key == "err.transcript.not_spoken");
    CHECK(d.store->find_by_code(TrackingCode::parse(written.code).value())->description ==
          "Laporan hasil uji terlambat.");
}

TEST_CASE("a disposition goes to one related function: only its coordinator acts on the "
          "complaint") {
    Desk d;
    d.office.config.office.functions = {"Pengujian", "Kalibrasi"};
    const User& admin = d.users[Role::Administrator];
    auto kalibrasi =
        d.store->add_user("kalib", "Koordinator Kalibrasi", Role::KoordinatorTerkait, "x");
    REQUIRE(kalibrasi.ok());
    const auto& fns = d.office.config.office.functions;
    // Who leads which function: only a related function's coordinator, only
    // a function the office has; written to the audit trail.
    auto wrong_role = admin_set_function(*d.store, admin, fns, "staf", "Pengujian");
    REQUIRE_FALSE(wrong_role.ok());
    CHECK(wrong_role.error().key == "err.user.function_role");
    auto unknown = admin_set_function(*d.store, admin, fns, "kalib", "Sertifikasi");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().key == "err.function.unknown");
    CHECK(unknown.error().param("functions") == "Pengujian, Kalibrasi");
    auto not_admin =
        admin_set_function(*d.store, d.users[Role::KepalaBalai], fns, "kalib", "Kalibrasi");
    CHECK(not_admin.error().key == "err.auth.denied");
    const User kal = admin_set_function(*d.store, admin, fns, "kalib", " kalibrasi ").value();
    CHECK(kal.function == "Kalibrasi"); // as the office spells it
    const User uji = admin_set_function(*d.store, admin, fns, "terkait", "Pengujian").value();
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE action = 'user.function'") == 2);
    CHECK(d.store->find_user("kalib")->first.function == "Kalibrasi");

    auto c = d.submit_at(test::sample_submission(), now_ms() - 3600'000);
    const auto code = TrackingCode::parse(c.code).value();
    while (d.office.profile.step(c.current_step)->form != StepForm::Disposition)
        c = d.act_at(c, now_ms() - 1000);
    const User& kepala = d.users[Role::KepalaBalai];
    auto go = [&](const std::string& function) {
        AdvanceRequest r{"Segera ditanggapi", false, std::nullopt, {}};
        r.function = function;
        return advance_complaint(*d.store, d.office, kepala, code, r);
    };
    CHECK(go("").error().key == "err.disposition.function_required");
    CHECK(go("Sertifikasi").error().key == "err.function.unknown");
    CHECK(d.store->find_by_code(code)->current_step == c.current_step);
    auto sent = go("pengujian");
    REQUIRE_MESSAGE(sent.ok(), sent.error().key);
    CHECK(sent->function == "Pengujian");
    const auto events = d.store->events(c.seq).value();
    CHECK(std::any_of(events.begin(), events.end(), [](const Event& e) {
        return e.kind == "function" && e.note == "Pengujian" && e.actor == "kepala";
    }));

    // The related function's step: the Kalibrasi coordinator is refused,
    // the Pengujian one acts.
    REQUIRE(SopEngine::acting_role(*d.office.profile.step(sent->current_step)) ==
            Role::KoordinatorTerkait);
    auto other = advance_complaint(*d.store, d.office, kal, code,
                                   AdvanceRequest{"Jawaban", false, std::nullopt, {}});
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().key == "err.sop.other_function");
    CHECK(other.error().param("function") == "Pengujian");
    // A function is chosen only at the disposition.
    AdvanceRequest moved{"Jawaban", false, std::nullopt, {}};
    moved.function = "Kalibrasi";
    CHECK(advance_complaint(*d.store, d.office, uji, code, moved).error().key ==
          "err.disposition.not_here");
    auto own = advance_complaint(*d.store, d.office, uji, code,
                                 AdvanceRequest{"Jawaban", false, std::nullopt, {}});
    REQUIRE_MESSAGE(own.ok(), own.error().key);

    // Another role for a coordinator: the function they led goes with it.
    REQUIRE(admin_change_role(*d.store, admin, "kalib", Role::StafPji).ok());
    CHECK(d.store->find_user("kalib")->first.function.empty());
    REQUIRE(admin_change_role(*d.store, admin, "kalib", Role::KoordinatorTerkait).ok());
    CHECK(d.store->find_user("kalib")->first.function.empty());

    // An office without a list routes nothing: any coordinator acts.
    Desk plain;
    auto p = plain.submit_at(test::sample_submission(), now_ms() - 3600'000);
    while (plain.office.profile.step(p.current_step)->form != StepForm::Disposition)
        p = plain.act_at(p, now_ms() - 1000);
    AdvanceRequest routed{"Segera", false, std::nullopt, {}};
    routed.function = "Pengujian";
    CHECK(advance_complaint(*plain.store, plain.office, plain.users[Role::KepalaBalai],
                            TrackingCode::parse(p.code).value(), routed)
              .error()
              .key == "err.disposition.no_functions");
    auto unrouted = advance_complaint(*plain.store, plain.office, plain.users[Role::KepalaBalai],
                                      TrackingCode::parse(p.code).value(),
                                      AdvanceRequest{"Segera", false, std::nullopt, {}});
    REQUIRE(unrouted.ok());
    CHECK(unrouted->function.empty());
}

TEST_CASE("CAPA: another function's coordinator may not write a routed complaint's corrective "
          "action") {
    Desk d("balai-capa");
    d.office.config.office.functions = {"Pengujian", "Kalibrasi"};
    const User& admin = d.users[Role::Administrator];
    REQUIRE(d.store->add_user("kalib", "Koordinator Kalibrasi", Role::KoordinatorTerkait, "x"));
    const auto& fns = d.office.config.office.functions;
    const User kal = admin_set_function(*d.store, admin, fns, "kalib", "Kalibrasi").value();
    const User uji = admin_set_function(*d.store, admin, fns, "terkait", "Pengujian").value();
    auto c = d.submit_at(test::sample_submission(), now_ms() - 3600'000);
    const auto code = TrackingCode::parse(c.code).value();
    AdvanceRequest r{"Cari penyebabnya", false, std::nullopt, {}};
    r.function = "Pengujian";
    REQUIRE(advance_complaint(*d.store, d.office, d.users[Role::KepalaBalai], code, r).ok());
    REQUIRE_FALSE(d.office.profile.step(d.store->find_by_code(code)->current_step)->capa.empty());
    Capa k;
    k.root_cause = "Ditulis fungsi lain";
    auto other = save_capa(*d.store, d.office, kal, code, k);
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().key == "err.sop.other_function");
    CHECK_FALSE(d.store->capa(c.seq).value());
    k.root_cause = "Alat belum dikalibrasi";
    auto own = save_capa(*d.store, d.office, uji, code, k);
    REQUIRE_MESSAGE(own.ok(), own.error().key);
    CHECK(own->root_cause == "Alat belum dikalibrasi");
}

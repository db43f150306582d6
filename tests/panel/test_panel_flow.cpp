// The admin panel's flow without any UI: the idle lock, the register's
// filter and keyset pager (against a real store), the step-action checks
// (required note, return reason, the letter's length), who may act, and the
// desk form's field errors; the pages' state (flow/pages.hpp) as results come back.
#include "../../admin/panel/flow/panel_flow.hpp"
#include "keluhan/ops/report.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;
using namespace keluhan::panel;

namespace {
User user(Role r, const std::string& name = "u") {
    User u;
    u.name = name;
    u.role = r;
    return u;
}
} // namespace

TEST_CASE("the session locks after the idle time and only input postpones it") {
    Session s(10);
    CHECK_FALSE(s.lock_at());
    s.sign_in(user(Role::StafPji), 1000);
    REQUIRE(s.lock_at());
    CHECK(*s.lock_at() == 1000 + 10 * 60000);
    s.input(1000 + 9 * 60000);
    s.tick(1000 + 10 * 60000);
    CHECK_FALSE(s.locked());
    s.tick(1000 + 19 * 60000 + 1);
    CHECK(s.locked());
    // Input under the lock does not unlock it; only the password does.
    s.input(1000 + 20 * 60000);
    s.tick(1000 + 20 * 60000);
    CHECK(s.locked());
    CHECK(s.signed_in()); // the work stays
    s.unlock(1000 + 21 * 60000);
    CHECK_FALSE(s.locked());
    s.sign_out();
    CHECK_FALSE(s.signed_in());
    CHECK_FALSE(s.can(Permission::AdvanceSteps));
}

TEST_CASE("login form: blank fields are refused before the core is asked, the password is wiped") {
    LoginForm f;
    CHECK(f.check()->key == "err.admin.login_empty");
    f.name = "staf";
    CHECK(f.check());
    f.password = "rahasia";
    CHECK_FALSE(f.check());
    f.wipe_password();
    CHECK(f.password.empty());
}

TEST_CASE("register filter: dates, status, service and channel become the store's query") {
    const auto office = test::load_office();
    RegisterFilter f;
    f.status = 1;
    f.service = 2; // kalibrasi
    f.channel = 2; // lisan
    f.from = "2026-11-01";
    f.to = "2026-11-30";
    f.overdue = true;
    f.text = "timbangan";
    auto q = f.query(office.config, 5).value();
    CHECK(q.status == ComplaintStatus::Open);
    CHECK(q.service == office.config.services[1]);
    CHECK(q.channel == Channel::Lisan);
    REQUIRE(q.from);
    REQUIRE(q.to);
    CHECK(*q.to - *q.from == 30LL * 24 * 3600 * 1000); // "to" counts the whole last day
    CHECK(q.overdue_only);
    CHECK(q.text == "timbangan");
    f.to = "30-11-2026";
    CHECK(f.query(office.config, 5).error().key == "err.date.format");
}

TEST_CASE("register pager: pages come in order, a jump streams forward, far pages are dropped") {
    test::TempDir dir;
    auto store = Store::open(dir / "k.db").value();
    const auto office = test::load_office();
    const int n = RegisterPager::kPageRows * 3 + 17;
    for (int i = 0; i < n; ++i)
        REQUIRE(submit_complaint(*store, office, test::sample_submission()).ok());

    RegisterPager p;
    CHECK_FALSE(p.want(0, 10)); // nothing before the first reset
    p.reset(ListQuery{});
    auto fetch = [&](const RegisterPager::Request& r) {
        auto page = store->list(r.query).value();
        std::vector<RegisterRow> rows;
        for (const auto& c : page.rows)
            rows.push_back(RegisterRow::from(c));
        p.loaded(r.generation, r.page, std::move(rows), page.next);
    };
    auto r = p.want(0, 30);
    REQUIRE(r);
    CHECK(r->page == 0);
    CHECK_FALSE(p.want(0, 30)); // one in flight at a time
    fetch(*r);
    CHECK(p.row(0) != nullptr);
    CHECK(p.row(RegisterPager::kPageRows) == nullptr);
    CHECK_FALSE(p.want(0, 30)); // all on screen is loaded

    // Jump to the last rows: pages 1 and 2 are fetched on the way.
    std::vector<int> asked;
    while (auto q = p.want(n - 20, n)) {
        asked.push_back(q->page);
        fetch(*q);
    }
    CHECK(asked == std::vector<int>{1, 2, 3});
    REQUIRE(p.row(n - 1) != nullptr);
    CHECK(p.row(n) == nullptr);
    CHECK(p.rows() == n); // the end is known now
    // Newest first: the last row is the first complaint.
    CHECK(p.row(n - 1)->seq == 1);
    CHECK(p.row(0)->seq == n);

    // A page that comes back after the filter changed is ignored.
    auto stale = p.generation();
    p.reset(ListQuery{});
    p.loaded(stale, 0, {}, std::nullopt);
    CHECK(p.row(0) == nullptr);
    p.counted(p.generation(), n);
    CHECK(p.rows() == n);
}

TEST_CASE("step actions: the note a step requires, the return reason, the letter's length") {
    const auto office = test::load_office();
    const auto& cfg = office.config;
    const SopStep& disposisi = *office.profile.step("disposisi");
    const SopStep& konsep = *office.profile.step("konsep");
    const SopStep& periksa = *office.profile.step("periksa");
    const SopStep& terima = *office.profile.step("terima");
    ActionForm f;
    // A disposition needs its instructions.
    CHECK(action_request(f, disposisi, user(Role::KepalaBalai), cfg).error().key ==
          "err.text.required");
    f.note = "   ";
    CHECK(action_request(f, disposisi, user(Role::KepalaBalai), cfg).error().key ==
          "err.text.required");
    f.note = "Mohon segera ditanggapi.";
    CHECK(action_request(f, disposisi, user(Role::KepalaBalai), cfg)->note == f.note);
    // Receiving needs no note.
    CHECK(action_request(ActionForm{}, terima, user(Role::StafPji), cfg).ok());
    // The letter: required, and within limits.letter_max characters.
    ActionForm d;
    CHECK(action_request(d, konsep, user(Role::StafPji), cfg).error().param("field") ==
          "field.letter");
    d.letter = std::string(cfg.limits.letter_max + 1, 'a');
    auto too_long = action_request(d, konsep, user(Role::StafPji), cfg);
    REQUIRE_FALSE(too_long.ok());
    CHECK(too_long.error().key == "err.text.too_long");
    d.letter = std::string(cfg.limits.letter_max, 'a');
    CHECK(action_request(d, konsep, user(Role::StafPji), cfg)->note.size() ==
          cfg.limits.letter_max);
    // Returning for revision needs the reason, and only where the profile allows it.
    ActionForm back;
    back.send_back = true;
    CHECK(action_request(back, periksa, user(Role::KoordinatorPji), cfg).error().param("field") ==
          "field.return_reason");
    back.note = "Tanggal surat salah.";
    CHECK(action_request(back, periksa, user(Role::KoordinatorPji), cfg)->send_back);
    CHECK(action_request(back, disposisi, user(Role::KepalaBalai), cfg).error().key ==
          "err.sop.no_return");
}

TEST_CASE(
    "who may act: the step's role, or staff on behalf of an official when the office allows it") {
    const auto office = test::load_office();
    const SopStep& disposisi = *office.profile.step("disposisi");
    const SopStep& terima_jawaban = *office.profile.step("terima_jawaban");
    CHECK(may_act(disposisi, user(Role::KepalaBalai), false) == MayAct::Yes);
    CHECK(may_act(disposisi, user(Role::StafPji), false) == MayAct::No);
    CHECK(may_act(disposisi, user(Role::StafPji), true) == MayAct::OnBehalfOnly);
    CHECK(may_act(disposisi, user(Role::KoordinatorPji), true) == MayAct::No);
    // The customer's step is recorded by staff.
    CHECK(may_act(terima_jawaban, user(Role::StafPji), false) == MayAct::Yes);
    CHECK(may_act(terima_jawaban, user(Role::Administrator), false) == MayAct::No);

    ActionForm f;
    f.note = "Disposisi kertas no. 12";
    f.on_behalf = true;
    auto r = action_request(f, disposisi, user(Role::StafPji), office.config).value();
    REQUIRE(r.on_behalf_of);
    CHECK(*r.on_behalf_of == Role::KepalaBalai);
    // The core refuses the same without the office's setting.
    test::TempDir dir;
    auto store = Store::open(dir / "k.db").value();
    auto code = submit_complaint(*store, office, test::sample_submission()).value().code;
    auto staf = create_user(*store, "staf", "Staf", Role::StafPji, "rahasia-staf").value();
    auto koor = create_user(*store, "koor", "Koor", Role::KoordinatorPji, "rahasia-koor").value();
    REQUIRE(advance_complaint(*store, office, staf, code, {}).ok());
    REQUIRE(advance_complaint(*store, office, koor, code, {}).ok());
    auto refused = advance_complaint(*store, office, staf, code, r);
    CHECK(refused.error().key == "err.sop.on_behalf_off");
    CHECK(store->find_by_code(code)->current_step == "disposisi");
}

TEST_CASE("desk form: field errors before anything is saved, the submission is spoken (lisan)") {
    const auto office = test::load_office();
    DeskForm f;
    CHECK_FALSE(f.check(office.config));
    CHECK(f.error_for("description"));
    CHECK(f.error_for("consent"));
    REQUIRE(f.error_for("service"));
    CHECK(f.error_for("service")->key ==
          "err.text.required"); // "choose one", not "\"\" is unknown"
    f.draft.name = "Budi";
    f.draft.phone = "0812 3456 7890";
    f.service = 0;
    f.draft.description = "Sertifikat belum terbit.";
    f.draft.consent = true;
    CHECK(f.check(office.config));
    const auto s = f.submission(office.config, "admin-desk");
    CHECK(s.channel == Channel::Lisan);
    CHECK(s.service == office.config.services[0]);
    CHECK(s.origin == "admin-desk");
    f.draft.anonymous = true;
    CHECK(f.submission(office.config, "x").complainant.name.empty());
}

TEST_CASE("tasks: the steps of a role, and time left") {
    const auto office = test::load_office();
    CHECK(steps_for_role(office.profile, Role::KoordinatorPji) ==
          std::vector<std::string>{"teruskan", "instruksi", "periksa"});
    // The customer's last step is staff work in the system.
    const auto staf = steps_for_role(office.profile, Role::StafPji);
    CHECK(std::find(staf.begin(), staf.end(), "terima_jawaban") != staf.end());
    CHECK(minutes_left(10 * 60000, 0) == 10);
    CHECK(minutes_left(0, 90000) == -2);
}

TEST_CASE("origin: where a complaint was taken, in words, not the device's code name") {
    const auto office = test::load_office();
    const auto& tr = office.catalog;
    CHECK(origin_text(tr, "cli") == "Baris perintah (keluhan)");
    CHECK(origin_text(tr, "admin-pc-loket") == "Loket (panel pc-loket)");
    CHECK(origin_text(tr, "web") == "Formulir web");
    CHECK(origin_text(tr, "kiosk-lobi") == "Kiosk kiosk-lobi");
    CHECK(origin_text(tr, "") == "-");
}

TEST_CASE("step times: actual time in the unit of the standard, in the panel's language") {
    const auto office = test::load_office("balai-capa");
    const auto& tr = office.catalog;
    CHECK(format_working_minutes(tr, 45) == "45 menit");
    CHECK(format_working_minutes(tr, 120) == "2 jam");
    CHECK(format_working_minutes(tr, 190) == "3 jam 10 menit");
    // Seven working days of the corrective action, started on a Monday.
    const auto& cal = office.config.calendar;
    const TimeMs start = cal.from_local({2026, 11, 16}, 7 * 60 + 30);
    StepView v;
    v.step = office.profile.step("tindak_lanjut");
    REQUIRE(v.step);
    CHECK(standard_text(tr, v.step->standard_time) == "7 hari");
    v.first_started = start;
    v.standard_minutes = cal.working_minutes_between(start, cal.add(start, v.step->standard_time));
    REQUIRE(v.standard_minutes > 7 * 8 * 60);
    const std::int64_t day = v.standard_minutes / 7;
    v.working_minutes = 2 * day + 3 * 60 + 20; // two days, three hours and a bit
    CHECK(step_time_text(tr, v) == "2 hari 3 jam");
    v.working_minutes = 13 * day;
    CHECK(step_time_text(tr, v) == "13 hari");
    v.working_minutes = 200; // under a day: hours and minutes
    CHECK(step_time_text(tr, v) == "3 jam 20 menit");
    // A step whose standard is in minutes shows hours and minutes however long.
    StepView m;
    m.step = office.profile.step("tandatangani");
    m.working_minutes = 6570;
    CHECK(step_time_text(tr, m) == "109 jam 30 menit");
}

TEST_CASE("pages: a re-read keeps what is being typed, another complaint starts afresh") {
    // Administrasi: a value being edited survives reading the settings back.
    const SettingInfo* info = find_setting("office.name");
    REQUIRE(info);
    SettingsState st;
    st.loading = true;
    std::vector<SettingRow> rows{SettingRow{info, "BSPJI Palembang", false, 0, ""}};
    st.read(ok(), rows, std::vector<User>{user(Role::Administrator, "admin")}, {"a", "b"}, "b");
    CHECK(st.loaded);
    CHECK_FALSE(st.loading);
    REQUIRE(st.rows.size() == 1);
    CHECK(st.profile_choice == 1);
    st.rows[0].value = "BSPJI Palembang (baru)";
    rows[0].stored = true;
    st.read(ok(), rows, std::vector<User>{}, {}, "");
    CHECK(st.rows[0].value == "BSPJI Palembang (baru)");
    CHECK(st.rows[0].original == "BSPJI Palembang");
    CHECK(st.rows[0].stored);
    st.saved("office.name", ok(), "BSPJI Palembang (baru)", "Tersimpan");
    CHECK(st.rows[0].original == "BSPJI Palembang (baru)");
    CHECK_FALSE(st.loaded); // read back who stored it

    // CAPA: a field typed and not yet saved is not overwritten by a refresh.
    CapaState capa;
    capa.follow("AAAA-BBBB-CCCC-D");
    Capa stored;
    stored.root_cause = "lama";
    stored.correction = "koreksi";
    capa.read(std::optional<Capa>(stored));
    CHECK(capa.edit.root_cause == "lama");
    capa.edit.root_cause = "diketik";
    stored.correction = "koreksi baru";
    capa.read(std::optional<Capa>(stored));
    CHECK(capa.edit.root_cause == "diketik");
    CHECK(capa.edit.correction == "koreksi baru");
    capa.effective = 1;
    CHECK(capa.values().effective == "ya");
    capa.follow("AAAA-BBBB-CCCC-D");
    CHECK(capa.edit.root_cause == "diketik");
    capa.follow("EEEE-FFFF-GGGG-H");
    CHECK(capa.edit.root_cause.empty());
    CHECK_FALSE(capa.stored);
}

TEST_CASE("Survei kepuasan's period: months quarters semesters and years step across the year") {
    SurveyState st;
    st.start(Date{2026, 11, 23});
    CHECK(st.period() == "2026-Q4");
    CHECK(st.at_or_after(Date{2026, 11, 23}));
    CHECK_FALSE(st.at_or_after(Date{2027, 1, 1}));
    st.step(1);
    CHECK(st.period() == "2027-Q1");
    st.step(-2);
    CHECK(st.period() == "2026-Q3");
    CHECK_FALSE(st.at_or_after(Date{2026, 11, 23}));
    // Another kind keeps the first month shown: July is in S2, month 7.
    st.show(SurveyState::Span::Semester);
    CHECK(st.period() == "2026-S2");
    st.step(-1);
    CHECK(st.period() == "2026-S1");
    st.step(-1);
    CHECK(st.period() == "2025-S2");
    st.show(SurveyState::Span::Month);
    CHECK(st.period() == "2025-07");
    st.step(-7);
    CHECK(st.period() == "2024-12");
    st.show(SurveyState::Span::Year);
    CHECK(st.period() == "2024");
    st.step(2);
    CHECK(st.period() == "2026");
    CHECK(st.at_or_after(Date{2026, 1, 1}));
    // Each period is one skm_period() reads.
    for (const auto* p : {"2026-Q4", "2026-S2", "2024-12", "2026"})
        CHECK(skm_period(p));
    CHECK(st.stale());
    st.loaded = st.period();
    CHECK_FALSE(st.stale());
}

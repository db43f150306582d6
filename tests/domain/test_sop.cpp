#include "keluhan/domain/sop.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

namespace {

const char* kHead = R"(
[sop]
title = "T"
number = "N"
office = "O"
)";

std::string step(const std::string& id, int no, const std::string& actor, const std::string& next,
                 const std::string& extra = "") {
    return "\n[[step]]\nid = \"" + id + "\"\nno = " + std::to_string(no) + "\nactor = \"" + actor +
           "\"\naction = \"a\"\nkelengkapan = \"k\"\nwaktu = \"10 menit\"\noutput = \"o\"\nnext = "
           "\"" +
           next + "\"\nvisitor = \"v\"\nvisitor_en = \"v\"\n" + extra;
}

// A minimal valid profile: customer -> staff (registers) -> end.
std::string good() {
    return kHead + step("a", 1, "pelanggan", "b") +
           step("b", 2, "staf_pji", "selesai", "register = true\n");
}

Error refusal(const std::string& text) {
    auto r = parse_sop_profile(text, "test.toml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().key == "err.sop.invalid");
    CHECK(r.error().param("file") == "test.toml");
    return r.error();
}

} // namespace

TEST_CASE("a minimal profile loads") {
    auto p = parse_sop_profile(good(), "x/minimal.toml");
    REQUIRE(p.ok());
    CHECK(p->name == "minimal");
    CHECK(p->steps.size() == 2);
    CHECK(p->steps[1].assigns_register);
}

TEST_CASE("bad profiles are refused with file, line and reason") {
    SUBCASE("missing field names the step's line") {
        std::string t = good();
        t.replace(t.find("output = \"o\"\n"), 13, "");
        const auto e = refusal(t);
        CHECK(e.param("reason") == "missing field output");
        CHECK(e.param("line") == "7"); // the first [[step]] header
    }
    SUBCASE("unknown role names the actor line") {
        std::string t = kHead + step("a", 1, "pelanggan", "b") +
                        step("b", 2, "lurah", "selesai", "register = true\n");
        const auto e = refusal(t);
        CHECK(e.param("reason").find("unknown role \"lurah\"") != std::string::npos);
        CHECK(e.param("line") == "22");
    }
    SUBCASE("dangling next step") {
        const auto e = refusal(kHead + step("a", 1, "pelanggan", "b") +
                               step("b", 2, "staf_pji", "c", "register = true\n"));
        CHECK(e.param("reason") == "next step \"c\" does not exist");
    }
    SUBCASE("a cycle without exit") {
        const auto e =
            refusal(kHead + step("a", 1, "pelanggan", "b") +
                    step("b", 2, "staf_pji", "c", "register = true\n") +
                    step("c", 3, "kepala_balai", "b") + step("d", 4, "staf_pji", "selesai"));
        CHECK(e.param("reason").find("cycle without exit") != std::string::npos);
    }
    SUBCASE("an unreachable step") {
        const auto e = refusal(kHead + step("a", 1, "pelanggan", "b") +
                               step("b", 2, "staf_pji", "selesai", "register = true\n") +
                               step("c", 3, "kepala_balai", "selesai"));
        CHECK(e.param("reason") == "step \"c\" can never be reached");
    }
    SUBCASE("return must go back") {
        const auto e =
            refusal(kHead + step("a", 1, "pelanggan", "b") +
                    step("b", 2, "staf_pji", "selesai", "register = true\nreturn_to = \"b\"\n"));
        CHECK(e.param("reason") == "return_to must name an earlier step");
    }
    SUBCASE("bad standard time") {
        std::string t = good();
        t.replace(t.find("10 menit"), 8, "sebentar");
        CHECK(refusal(t).param("reason") == "bad standard time \"sebentar\"");
    }
    SUBCASE("unknown key, caught where it is") {
        std::string t = good() + "warna = \"merah\"\n";
        const auto e = refusal(t);
        CHECK(e.param("reason") == "unknown key warna");
    }
    SUBCASE("a customer step after the first needs recorded_by") {
        const auto e = refusal(kHead + step("a", 1, "pelanggan", "b", "") +
                               step("b", 2, "staf_pji", "c", "register = true\n") +
                               step("c", 3, "pelanggan", "selesai"));
        CHECK(e.param("reason").find("recorded_by") != std::string::npos);
    }
    SUBCASE("no register step") {
        std::string t =
            kHead + step("a", 1, "pelanggan", "b") + step("b", 2, "staf_pji", "selesai");
        CHECK(refusal(t).param("reason").find("register") != std::string::npos);
    }
    SUBCASE("TOML syntax error") {
        const auto e = refusal(good() + "\nid = \n");
        CHECK(e.param("line") == "32");
    }
}

TEST_CASE("the shipped profiles load, in the SOP's order, with their standard times") {
    auto plg = load_sop_profile(test::assets_dir() / "sop" / "bspji-palembang.toml");
    REQUIRE_MESSAGE(plg.ok(), (plg.ok() ? "" : plg.error().detail));
    REQUIRE(plg->steps.size() == 11);
    for (std::size_t i = 0; i < plg->steps.size(); ++i)
        CHECK(plg->steps[i].number == static_cast<int>(i) + 1);
    CHECK(plg->number == "SOP12-BSPJI/5");
    CHECK(plg->step("instruksi")->standard_time.amount == 120);
    CHECK(plg->step("periksa")->return_to == "konsep");
    CHECK(plg->step("disposisi")->actor == Role::KepalaBalai);
    CHECK(plg->step("terima_jawaban")->recorded_by == Role::StafPji);

    auto capa = load_sop_profile(test::assets_dir() / "sop" / "balai-capa.toml");
    REQUIRE_MESSAGE(capa.ok(), (capa.ok() ? "" : capa.error().detail));
    REQUIRE(capa->steps.size() == 6);
    CHECK(capa->step("tindak_lanjut")->standard_time.unit == Duration::Unit::Days);
    CHECK(capa->step("tindak_lanjut")->form == StepForm::Capa);
    CHECK(capa->step("evaluasi")->output == "Notulen");
}

namespace {

// Walks a profile with the engine alone: every step by its own role, one
// refused attempt by a wrong role, one return where the profile allows.
void walk(const SopProfile& p) {
    WorkingCalendar cal;
    SopEngine engine(p, cal);
    const TimeMs t0 = parse_iso_time("2026-11-23T09:00:00+07:00").value();
    Transition start = engine.start(t0);
    Complaint c;
    c.code = "TEST";
    c.current_step = start.to_step;
    c.status = ComplaintStatus::Open;
    int steps_done = 1, returns = 0, refused = 0;
    bool registered = false;
    for (TimeMs t = t0 + 60'000; c.status == ComplaintStatus::Open; t += 60'000) {
        const SopStep& s = *p.step(c.current_step);
        const Role role = SopEngine::acting_role(s);
        // Someone else tries first and is refused.
        const Role wrong = role == Role::StafPji ? Role::KepalaBalai : Role::StafPji;
        auto no = engine.complete(c, Actor{"x", wrong, std::nullopt}, "catatan", t);
        REQUIRE_FALSE(no.ok());
        CHECK(no.error().key == "err.sop.wrong_role");
        ++refused;
        if (!s.return_to.empty() && returns == 0) {
            CHECK(engine.send_back(c, Actor{"u", role, std::nullopt}, "", t, {}).error().key ==
                  "err.text.required");
            auto back =
                engine.send_back(c, Actor{"u", role, std::nullopt}, "Perbaiki paragraf dua", t, {});
            REQUIRE(back.ok());
            CHECK(back->to_step == s.return_to);
            CHECK(back->event.kind == "return");
            c.current_step = back->to_step;
            ++returns;
            continue;
        }
        if (s.return_to.empty())
            CHECK(engine.send_back(c, Actor{"u", role, std::nullopt}, "x", t, {}).error().key ==
                  "err.sop.no_return");
        auto done = engine.complete(c, Actor{"u", role, std::nullopt}, "Dikerjakan", t);
        REQUIRE_MESSAGE(done.ok(), s.id);
        CHECK(done->from_step == s.id);
        CHECK(done->event.actor_role == to_string(role));
        registered |= done->assign_register_number;
        if (done->to_step.empty()) {
            c.status = ComplaintStatus::Closed;
            c.current_step.clear();
            CHECK(done->due_at == 0);
        } else {
            CHECK(done->due_at > t);
            c.current_step = done->to_step;
        }
        ++steps_done;
    }
    CHECK(registered);
    CHECK(returns == 1);
    CHECK(refused == steps_done - 1 + returns);
    CHECK(engine.complete(c, Actor{"u", Role::StafPji, std::nullopt}, "", t0).error().key ==
          "err.sop.closed");
}

} // namespace

TEST_CASE("both SOP profiles walk end to end, with a refused step and a returned letter") {
    for (const char* name : {"bspji-palembang", "balai-capa"}) {
        CAPTURE(name);
        auto p = load_sop_profile(test::assets_dir() / "sop" / (std::string(name) + ".toml"));
        REQUIRE(p.ok());
        walk(*p);
    }
}

TEST_CASE("required notes: a disposition without instructions is refused") {
    auto p = load_sop_profile(test::assets_dir() / "sop" / "bspji-palembang.toml").value();
    WorkingCalendar cal;
    SopEngine engine(p, cal);
    Complaint c;
    c.current_step = "disposisi";
    auto r = engine.complete(c, Actor{"kepala", Role::KepalaBalai, std::nullopt}, "   ", 0);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().key == "err.text.required");
}

TEST_CASE("recording on behalf of an official needs the office's config and the right role") {
    auto p = load_sop_profile(test::assets_dir() / "sop" / "bspji-palembang.toml").value();
    WorkingCalendar cal;
    Complaint c;
    c.current_step = "disposisi";
    const Actor staff_for_head{"staf", Role::StafPji, Role::KepalaBalai};
    SopEngine off(p, cal, EngineOptions{false});
    CHECK(off.complete(c, staff_for_head, "Segera tanggapi", 0).error().key ==
          "err.sop.on_behalf_off");
    SopEngine on(p, cal, EngineOptions{true});
    auto r = on.complete(c, staff_for_head, "Segera tanggapi", 0);
    REQUIRE(r.ok());
    CHECK(r->event.actor == "staf");
    CHECK(r->event.on_behalf_of == "kepala_balai");
    CHECK(on.complete(c, Actor{"staf", Role::StafPji, Role::KoordinatorPji}, "x", 0).error().key ==
          "err.sop.wrong_role");
    CHECK(on.complete(c, Actor{"k", Role::KoordinatorPji, Role::KepalaBalai}, "x", 0).error().key ==
          "err.sop.on_behalf_staff");
}

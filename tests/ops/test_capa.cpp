// Corrective and preventive action: the profile says which step needs which
// fields, the loader checks it, the core refuses completing such a step
// until they are recorded, and the record is kept with the complaint.
#include "keluhan/documents/letter.hpp"
#include "keluhan/domain/json.hpp"

#include "office_fixture.hpp"

#include <algorithm>

using namespace keluhan;
using keluhan::test::SeededOffice;

namespace {

std::string capa_profile_text() {
    return test::read_file(test::assets_dir() / "sop" / "balai-capa.toml");
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("capa: the profile lists the fields per step and the loader checks them") {
    const auto office = test::load_office("balai-capa");
    const auto* step3 = office.profile.step("tindak_lanjut");
    const auto* step6 = office.profile.step("evaluasi");
    REQUIRE(step3);
    REQUIRE(step6);
    CHECK(step3->capa == std::vector<CapaField>{CapaField::RootCause, CapaField::Correction,
                                                CapaField::CorrectiveAction,
                                                CapaField::PreventiveAction, CapaField::Responsible,
                                                CapaField::DueDate});
    CHECK(step6->capa == std::vector<CapaField>{CapaField::Effective, CapaField::Effectiveness,
                                                CapaField::Notulen, CapaField::CheckedOn});
    // The minutes are the evaluation's record: no separate note is required.
    CHECK_FALSE(step6->note_required);
    for (const auto& s : test::load_office("bspji-palembang").profile.steps)
        CHECK(s.capa.empty());

    const std::string text = capa_profile_text();
    auto unknown = parse_sop_profile(
        replace_once(text, "\"root_cause\", \"correction\"", "\"akar\", \"correction\""), "x.toml");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().param("reason").find("unknown CAPA field \"akar\"") != std::string::npos);
    auto twice = parse_sop_profile(
        replace_once(text, "\"root_cause\", \"correction\"", "\"root_cause\", \"root_cause\""),
        "x.toml");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().param("reason").find("twice") != std::string::npos);
    auto empty = parse_sop_profile(
        replace_once(text, "capa = [\"effective\", \"effectiveness\", \"notulen\", \"checked_on\"]",
                     "capa = []"),
        "x.toml");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().param("line") != "0");
    auto customer = parse_sop_profile(
        replace_once(text, "next = \"perintah\"", "next = \"perintah\"\ncapa = [\"root_cause\"]"),
        "x.toml");
    REQUIRE_FALSE(customer.ok());
    CHECK(customer.error().param("reason").find("cannot ask for corrective action") !=
          std::string::npos);
}

TEST_CASE(
    "capa: completing the step is refused until the fields are recorded - nothing half-saved") {
    SeededOffice d("balai-capa");
    auto c = d.submit_at(test::sample_submission(), now_ms() - 86400'000);
    const auto code = TrackingCode::parse(c.code).value();
    c = d.act_at(c, now_ms() - 80000'000); // Kepala Balai's disposition
    REQUIRE(c.current_step == "tindak_lanjut");
    const User& terkait = d.users[Role::KoordinatorTerkait];

    const AdvanceRequest req{
        "Konsep surat balasan: mohon maaf atas keterlambatan.", false, std::nullopt, {}};
    auto refused = advance_complaint(*d.store, d.office, terkait, code, req);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().key == "err.capa.missing");
    CHECK(refused.error().param("field") == "field.capa.root_cause");
    CHECK(refused.error().param("count") == "6");
    CHECK(d.office.say(refused.error()).find("Penyebab ketidaksesuaian") != std::string::npos);
    CHECK(d.store->find_by_code(code)->current_step == "tindak_lanjut");

    // Who may record it: the step's actor only; and only where the SOP asks.
    Capa k;
    k.root_cause = "Alat uji kadar air belum dikalibrasi ulang.";
    CHECK(save_capa(*d.store, d.office, d.users[Role::StafPji], code, k).error().key ==
          "err.sop.wrong_role");
    CHECK(save_capa(*d.store, d.office, d.users[Role::KepalaBalai], code, k).error().key ==
          "err.sop.wrong_role");
    Capa bad = k;
    bad.due_date = "besok";
    CHECK(save_capa(*d.store, d.office, terkait, code, bad).error().key == "err.capa.date");
    bad = k;
    bad.root_cause = std::string(5001, 'x');
    CHECK(save_capa(*d.store, d.office, terkait, code, bad).error().key == "err.text.too_long");
    CHECK_FALSE(d.store->capa(c.seq).value().has_value());

    // Work in progress is kept; still refused with the next blank field named.
    auto partial = save_capa(*d.store, d.office, terkait, code, k);
    REQUIRE(partial.ok());
    CHECK(partial->updated_by == "terkait");
    auto still = advance_complaint(*d.store, d.office, terkait, code, req);
    CHECK(still.error().param("field") == "field.capa.correction");
    CHECK(still.error().param("count") == "5");

    k.correction = "Laporan dikirim hari ini dengan permohonan maaf.";
    k.corrective_action = "Jadwal kalibrasi alat dimasukkan ke kalender laboratorium.";
    k.preventive_action = "Pengecekan mingguan status kalibrasi semua alat.";
    k.responsible = "Ketua Pokja Pengujian";
    k.due_date = "2026-12-05";
    k.effective = "ya"; // not this step's field: ignored here
    auto full = save_capa(*d.store, d.office, terkait, code, k);
    REQUIRE(full.ok());
    CHECK(full->effective.empty());
    CHECK(missing_capa(*d.office.profile.step("tindak_lanjut"), *full).empty());
    auto done = advance_complaint(*d.store, d.office, terkait, code, req);
    REQUIRE_MESSAGE(done.ok(), done.error().key);
    CHECK(done->current_step == "tandatangani");

    // The answer drafted at this step is the response letter's body.
    const auto letter =
        draft_response_letter(d.office, d.office.catalog, *done, d.store->events(c.seq).value());
    CHECK(std::find(letter.paragraphs.begin(), letter.paragraphs.end(),
                    "Konsep surat balasan: mohon maaf atas keterlambatan.") !=
          letter.paragraphs.end());

    // At a step without CAPA, nothing can be recorded.
    CHECK(save_capa(*d.store, d.office, d.users[Role::KepalaBalai], code, k).error().key ==
          "err.capa.not_here");

    // Two "capa" events in the history, each naming the fields it changed.
    const auto events = d.store->events(c.seq).value();
    std::vector<std::string> notes;
    for (const auto& e : events)
        if (e.kind == "capa") notes.push_back(e.note);
    REQUIRE(notes.size() == 2);
    CHECK(notes[0] == "root_cause");
    CHECK(notes[1].find("preventive_action") != std::string::npos);
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE action = 'capa.save'") == 2);
}

TEST_CASE(
    "capa: the evaluation needs the verdict the check and its minutes - the whole SOP closes") {
    SeededOffice d("balai-capa");
    auto c = d.submit_at(test::sample_submission(), now_ms() - 86400'000);
    const auto code = TrackingCode::parse(c.code).value();
    TimeMs t = now_ms() - 80000'000;
    while (c.current_step != "evaluasi") {
        if (!d.office.profile.step(c.current_step)->capa.empty()) d.fill_capa(c);
        c = d.act_at(c, t += 60'000);
    }
    const User& terkait = d.users[Role::KoordinatorTerkait];
    CHECK(advance_complaint(*d.store, d.office, terkait, code, {}).error().param("field") ==
          "field.capa.effective");
    Capa k = d.store->capa(c.seq).value().value();
    k.effective = "mungkin";
    CHECK(save_capa(*d.store, d.office, terkait, code, k).error().key == "err.capa.effective");
    k.effective = "tidak";
    k.effectiveness = "Dua minggu dipantau: satu alat masih terlambat dikalibrasi.";
    k.notulen = "Rapat evaluasi 19-12-2026: jadwal diperketat, dilaporkan ke Ka Balai.";
    k.checked_on = "2026-12-19";
    REQUIRE(save_capa(*d.store, d.office, terkait, code, k).ok());
    auto closed = advance_complaint(*d.store, d.office, terkait, code, {});
    REQUIRE_MESSAGE(closed.ok(), closed.error().key);
    CHECK(closed->status == ComplaintStatus::Closed);
    const Capa kept = d.store->capa(c.seq).value().value();
    CHECK(kept.root_cause == "Isian root_cause"); // step 3's fields untouched by step 6
    CHECK(kept.notulen == k.notulen);
    CHECK(to_json(kept)["checked_on"] == "2026-12-19");
}

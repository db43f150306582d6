// The administration pages of the real keluhan-admin, run headless and driven by
// scripts at 1366x768: Laporan (month, tables, chart, PDF export to a file),
// Survei kepuasan (the SKM index per quarter and year, its chart, PDF and CSV),
// Administrasi (a setting saved, a user added and disabled; refused for other
// roles), and in a complaint's detail the CAPA form and the personal-data
// actions - each checked in the database or on disk afterwards.
// Screenshots: $KELUHAN_SHOTS/<name>/ (else a temporary folder).
#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/personal.hpp"
#include "keluhan/ops/settings.hpp"
#include "keluhan/ops/skm.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

struct Panel {
    TempDir dir;
    std::string db = (dir / "panel.db").string();
    std::string profile;
    std::map<std::string, std::string> env{
        {"SDL_AUDIODRIVER", "dummy"}, {"KELUHAN_CONFIG", "\x01unset"}, {"KELUHAN_DB", "\x01unset"}};

    explicit Panel(std::string sop = "bspji-palembang") : profile(std::move(sop)) {
        env["CUPS_SERVER"] = (dir / "no-cupsd-here.sock").string();
        auto store = Store::open(db).value();
        for (const auto& [name, role] :
             {std::pair{"staf", Role::StafPji}, std::pair{"koor", Role::KoordinatorPji},
              std::pair{"kabalai", Role::KepalaBalai},
              std::pair{"terkait", Role::KoordinatorTerkait},
              std::pair{"admin", Role::Administrator}})
            REQUIRE(create_user(*store, name, std::string(role_title(role)), role,
                                std::string(name) + "-rahasia")
                        .ok());
    }
    Office office() const { return test::load_office(profile); }
    std::unique_ptr<Store> store() const { return Store::open(db).value(); }

    // A taller window shows a complaint's detail down to the CAPA and
    // personal-data panels without scrolling (the script driver cannot scroll).
    std::string size = "1366x768";

    test::ProcessResult run(const std::string& script, const std::string& name) {
        const auto file = dir / (name + ".script");
        std::ofstream(file) << script;
        const auto cfg = dir / "panel.toml";
        std::ofstream(cfg) << "[storage]\ndata_dir = \"" << (dir / "data").string()
                           << "\"\n[sop]\nprofile = \"" << profile << "\"\n";
        const char* e = std::getenv("KELUHAN_SHOTS");
        const auto out = e && *e ? std::filesystem::path(e) / name : dir / "shots" / name;
        return test::run_process({KELUHAN_ADMIN_BIN, "--headless", "--size", size, "--db", db,
                                  "--script", file.string(), "--screenshots", out.string(),
                                  "--config", cfg.string()},
                                 {}, env);
    }
};

// Walks a complaint to `step` (or to its end) as the users of each role.
void walk(Panel& p, const TrackingCode& code, const std::string& step) {
    auto store = p.store();
    const Office office = p.office();
    for (int guard = 0; guard < 30; ++guard) {
        auto c = store->find_by_code(code).value();
        if (c.status == ComplaintStatus::Closed || c.current_step == step) return;
        const SopStep& s = *office.profile.step(c.current_step);
        const Role role = SopEngine::acting_role(s);
        const char* name = role == Role::StafPji          ? "staf"
                           : role == Role::KoordinatorPji ? "koor"
                           : role == Role::KepalaBalai    ? "kabalai"
                                                          : "terkait";
        if (!s.capa.empty()) {
            Capa k;
            for (const auto f : s.capa)
                k.get(f) = f == CapaField::Effective                              ? "ya"
                           : f == CapaField::DueDate || f == CapaField::CheckedOn ? "2026-12-01"
                                                                                  : "Diisi";
            REQUIRE(save_capa(*store, office, store->find_user(name)->first, code, k).ok());
        }
        auto r =
            advance_complaint(*store, office, store->find_user(name)->first, code,
                              AdvanceRequest{"Dikerjakan sesuai SOP", false, std::nullopt, {}});
        REQUIRE_MESSAGE(r.ok(), r.error().key);
    }
}

std::string login(const std::string& user) {
    return "tap Nama pengguna\ntype " + user + "\ntap Kata sandi\ntype " + user +
           "-rahasia\nkey Return\nwait 1\n";
}

} // namespace

TEST_CASE("panel Laporan: the month's figures the chart and the PDF written through the worker") {
    Panel p;
    {
        auto store = p.store();
        const auto office = p.office();
        for (int i = 0; i < 3; ++i) {
            auto s = test::sample_submission("Keluhan nomor " + std::to_string(i));
            s.service = i == 2 ? "kalibrasi" : "pengujian";
            REQUIRE(submit_complaint(*store, office, s).ok());
        }
    }
    // The page opens on the month of the frozen now (the test main's KELUHAN_NOW).
    const Date today = test::today_at_office();
    const auto office = p.office();
    const std::string month = office.catalog.tr("label.month." + std::to_string(today.month)) +
                              " " + std::to_string(today.year);
    auto r = p.run(login("kabalai") + R"(tap Laporan
wait 2
expect Laporan bulanan
expect )" + month + R"(
expect Kalibrasi
expect Kepatuhan waktu baku per langkah
shot 01-laporan
tap Cetak PDF
wait 3
expect Berkas tersimpan
shot 02-laporan-pdf
)",
                   "laporan");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto pdf =
        p.dir / "data" / "laporan" / ("laporan-keluhan-" + test::month_iso(today) + ".pdf");
    REQUIRE(std::filesystem::exists(pdf));
    const auto text = test::run_process({"/usr/bin/pdftotext", pdf.string(), "-"});
    CHECK(text.out.find("Jumlah keluhan: 3") != std::string::npos);
}

TEST_CASE("panel Survei kepuasan: the index of the quarter and the year with its chart and "
          "the PDF and CSV written") {
    Panel p;
    {
        auto store = p.store();
        const auto office = p.office();
        // All nine at 4, all nine at 3, one that scored only U1 at 2: U1's
        // NRR 3.00 (75.00, C), the others' 3.50; IKM (3 + 8 x 3.5) / 9 x 25 = 86.11, B.
        std::vector<std::vector<std::pair<std::string, int>>> forms(3);
        for (int e = 1; e <= 9; ++e) {
            forms[0].emplace_back("U" + std::to_string(e), 4);
            forms[1].emplace_back("U" + std::to_string(e), 3);
        }
        forms[2] = {{"U1", 2}};
        for (std::size_t i = 0; i < forms.size(); ++i) {
            SkmSubmission s;
            s.scores = forms[i];
            s.origin = "kiosk-lobi";
            s.service = "pengujian";
            s.profile = {{"pendidikan", "S1"}};
            if (i == 1) s.suggestion = "Ruang tunggu perlu kipas angin.";
            auto r = submit_skm(*store, office, s);
            REQUIRE_MESSAGE(r, (r ? "" : r.error().key));
        }
    }
    // The page opens on the quarter of the frozen now.
    const Date today = test::today_at_office();
    const char* roman[] = {"I", "II", "III", "IV"};
    const int quarter = (today.month - 1) / 3 + 1;
    const int before_year = quarter == 1 ? today.year - 1 : today.year;
    const int before = quarter == 1 ? 4 : quarter - 1;
    const std::string period = std::to_string(today.year) + "-Q" + std::to_string(quarter);
    auto r = p.run(login("kabalai") + "tap Survei kepuasan\nwait 2\n" +
                       "expect Survei Kepuasan Masyarakat (SKM)\n" + "expect Triwulan " +
                       roman[quarter - 1] + " " + std::to_string(today.year) + "\n" +
                       R"(expect Jumlah responden: 3
expect 86,11   B (Baik)
expect Unsur dengan nilai terendah: U1 Persyaratan
absent terendah: U1 Persyaratan,
expect 75,00  C
expect 87,50  B
expect Pengujian
expect Ruang tunggu perlu kipas angin.
shot 01-survei-triwulan
tap Cetak PDF
wait 3
expect Berkas tersimpan
tap Ekspor CSV
wait 3
expect survei-kepuasan-)" +
                       period +
                       R"(.csv
tap < Sebelumnya
wait 2
expect Triwulan )" + roman[before - 1] +
                       " " + std::to_string(before_year) + R"(
expect Belum ada jawaban survei pada periode ini.
absent 86,11
absent Berkas tersimpan
shot 02-survei-kosong
tap Berikutnya >
wait 2
tap Tahun
wait 2
expect Tahun )" + std::to_string(today.year) +
                       R"(
expect 86,11   B (Baik)
shot 03-survei-tahun
)",
                   "survei");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto dir = p.dir / "data" / "laporan";
    const auto pdf = dir / ("survei-kepuasan-" + period + ".pdf");
    REQUIRE(std::filesystem::exists(pdf));
    const auto text = test::run_process({"/usr/bin/pdftotext", pdf.string(), "-"});
    CHECK(text.out.find("86.11") != std::string::npos);
    CHECK(text.out.find("Ruang tunggu perlu kipas angin.") != std::string::npos);
    std::ifstream csv(dir / ("survei-kepuasan-" + period + ".csv"));
    const std::string body((std::istreambuf_iterator<char>(csv)), {});
    CHECK(body.find("IKM;3.44;86.11;B") != std::string::npos);

    // The rest of the page, in a window tall enough to show it whole: the
    // respondents' profile counted and the table's last rows.
    p.size = "1366x1700";
    auto whole = p.run(login("kabalai") + R"(tap Survei kepuasan
wait 2
expect Profil responden
expect Pendidikan
expect S1
expect U9 Sarana dan prasarana
expect Saran dan masukan (1)
shot 04-survei-lengkap
)",
                       "survei-lengkap");
    REQUIRE_MESSAGE(whole.exit_code == 0, whole.err);
}

TEST_CASE(
    "panel Administrasi: only the administrator - a setting saved a user added and disabled") {
    Panel p;
    auto refused = p.run(login("staf") + "expect Tugas saya\n", "administrasi-staf");
    REQUIRE_MESSAGE(refused.exit_code == 0, refused.err);
    // The page is not in the staff member's navigation at all.
    auto no_nav = p.run(login("staf") + "tap Administrasi\n", "administrasi-staf-tap");
    CHECK(no_nav.exit_code != 0);

    auto ok = p.run(login("admin") + R"(tap Administrasi
wait 1
expect Tambah pengguna
tap Nama pengguna
type budi
tap Nama lengkap
type Budi Santoso
tap Kata sandi
type rahasia-budi
tap Tambah
wait 2
expect Pengguna budi ditambahkan.
tap Nonaktifkan
wait 2
expect Akun budi dinonaktifkan.
shot 01-pengguna
tap Penanda tangan surat
wait 1
tap Nama penanda tangan surat
type Dr. Ir. Rina Kartika, M.T.
tap Simpan
wait 2
expect Nama penanda tangan surat tersimpan.
shot 02-penanda-tangan
tap Identitas kantor
wait 1
shot 03-identitas
tap Telepon
type x
tap Simpan
wait 2
expect Telepon tidak sah
shot 04-ditolak
tap Jam kerja dan libur
wait 1
shot 05-kalender
tap Profil SOP
wait 1
shot 06-sop
)",
                    "administrasi");
    REQUIRE_MESSAGE(ok.exit_code == 0, ok.err);
    auto store = p.store();
    Office office = p.office();
    REQUIRE(apply_settings(office, *store).ok());
    CHECK(office.config.office.signer_name == "Dr. Ir. Rina Kartika, M.T.");
    CHECK(office.config.office.phone ==
          p.office().config.office.phone); // the bad number was not stored
    auto budi = store->find_user("budi");
    REQUIRE(budi.ok());
    CHECK_FALSE(budi->first.active);
    CHECK(budi->first.role == Role::StafPji);
}

TEST_CASE("panel Administrasi: the year's national holidays shipped as data are shown beside the "
          "office's and added once confirmed") {
    Panel p;
    // The page speaks of this year and the next: pinned to a day of 2026
    // whatever date the suite runs at (scripts/test-dates.sh moves it).
    p.env["KELUHAN_NOW"] = "2026-11-23T10:00:00+07:00";
    {
        auto store = p.store();
        Office office = p.office();
        REQUIRE(change_setting(*store, office, store->find_user("admin")->first,
                               "calendar.holidays", "2026-12-25\n2026-12-31")
                    .ok());
    }
    auto r = p.run(login("admin") + R"(tap Administrasi
wait 1
tap Jam kerja dan libur
wait 1
expect Hari libur nasional dan cuti bersama 2026
expect 25 hari; 24 belum ada di hari libur kantor.
expect Daftar hari libur 2027 belum ada
hover Hari libur
wheel 40
shot 01-national
tap Tambahkan 24 tanggal 2026 ke hari libur kantor
wait 2
expect 24 tanggal 2026 ditambahkan ke hari libur kantor.
expect Semua 25 hari sudah ada di hari libur kantor.
absent Tambahkan 24 tanggal
shot 02-added
)",
                   "holidays");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto store = p.store();
    Office office = p.office();
    REQUIRE(apply_settings(office, *store).ok());
    const auto& days = office.config.calendar.holidays();
    CHECK(days.size() == 26); // the office's own 31 December stays
    CHECK(days.contains(Date{2026, 12, 31}));
    CHECK(days.contains(Date{2026, 3, 20})); // cuti bersama Idul Fitri
    CHECK(days.contains(Date{2026, 1, 1}));
}

TEST_CASE("panel CAPA: the form in the detail - the step completes once it is filled in") {
    Panel p("balai-capa");
    p.size = "1366x1500";
    std::string code;
    {
        auto store = p.store();
        auto r = submit_complaint(*store, p.office(), test::sample_submission());
        REQUIRE(r.ok());
        code = r->code.grouped();
    }
    walk(p, TrackingCode::parse(code).value(), "tindak_lanjut");
    auto r = p.run(login("terkait") + "tap " + code + R"(
wait 2
expect Tindakan koreksi dan pencegahan
expect 6 isian wajib masih kosong.
shot 01-capa-kosong
tap Penyebab ketidaksesuaian *
type Alat uji kadar air belum dikalibrasi ulang.
tap Simpan tindakan koreksi
wait 2
expect 5 isian wajib masih kosong.
tap Tindakan koreksi *
type Laporan dikirim hari ini.
tap Tindakan perbaikan *
type Jadwal kalibrasi masuk kalender lab.
tap Tindakan pencegahan *
type Cek mingguan status kalibrasi.
tap Penanggung jawab *
type Ketua Pokja Pengujian
tap Batas waktu *
type 2026-12-05
tap Simpan tindakan koreksi
wait 2
shot 02-capa-lengkap
)",
                   "capa");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto store = p.store();
    auto c = store->find_by_code(TrackingCode::parse(code).value()).value();
    auto k = store->capa(c.seq).value();
    REQUIRE(k.has_value());
    CHECK(k->root_cause == "Alat uji kadar air belum dikalibrasi ulang.");
    CHECK(k->due_date == "2026-12-05");
    CHECK(k->updated_by == "terkait");
    CHECK(missing_capa(*p.office().profile.step("tindak_lanjut"), k).empty());
}

TEST_CASE("panel personal data: export to a file anonymise a closed complaint") {
    Panel p;
    p.size = "1366x1800";
    std::string code;
    {
        auto store = p.store();
        auto r = submit_complaint(*store, p.office(),
                                  test::sample_submission("Timbangan kami salah kalibrasi."));
        REQUIRE(r.ok());
        code = r->code.grouped();
    }
    walk(p, TrackingCode::parse(code).value(), "");
    auto r = p.run(login("staf") + "tap Daftar keluhan\nwait 2\ntap " + code + R"(
wait 2
expect Data pribadi pelanggan
tap Ekspor data pribadi (JSON)
wait 2
expect 1 keluhan diekspor
tap Alasan penganoniman
type Surat permintaan pelanggan 20-11-2026
tap Saya sudah menerima permintaan pelanggan; penghapusan ini tidak dapat dibatalkan.
tap Anonimkan data pribadi
wait 3
expect Data pribadi keluhan ini sudah dianonimkan.
shot 01-dianonimkan
)",
                   "personal");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::size_t exports = 0;
    for (const auto& e : std::filesystem::directory_iterator(p.dir / "data" / "data-pribadi")) {
        ++exports;
        CHECK(test::read_file(e.path()).find("Timbangan kami salah kalibrasi.") !=
              std::string::npos);
    }
    CHECK(exports == 1);
    auto store = p.store();
    auto c = store->find_by_code(TrackingCode::parse(code).value()).value();
    CHECK(c.complainant.name.empty());
    CHECK(c.description == kAnonymisedMarker);
    CHECK(store->events(c.seq)->back().kind == "anonymise");
}

TEST_CASE("panel detail: the messages to the complainant with how each went, a refused address "
          "in red with the server's words") {
    Panel p;
    std::string code;
    {
        auto store = p.store();
        Office office = p.office();
        // The office tells by e-mail and by the gateway (the panel itself
        // sends nothing: the hub does).
        office.config.notify.smtp_url = "smtp://127.0.0.1:1";
        office.config.notify.smtp_from = "keluhan@bspji.test";
        office.config.notify.webhook_url = "http://127.0.0.1:1/kirim";
        auto s = test::sample_submission("Timbangan kami salah kalibrasi.");
        s.complainant.email = "salah@contoh.test";
        auto r = submit_complaint(*store, office, s);
        REQUIRE(r.ok());
        code = r->code.grouped();
        auto staf = store->find_user("staf")->first;
        REQUIRE(advance_complaint(*store, office, staf, r->code,
                                  AdvanceRequest{"Diterima", false, std::nullopt, {}})
                    .ok());
        const auto list = store->notices_of(r->complaint.seq).value();
        REQUIRE(list.size() == 2);
        REQUIRE(store->notice_sent(list[1].id, list[1].next_at, now_ms()).ok());
        REQUIRE(store
                    ->notice_failed(list[0].id, list[0].next_at,
                                    "550 5.1.1 <salah@contoh.test>: mailbox unavailable", true,
                                    now_ms())
                    .ok());
    }
    auto r = p.run(login("staf") + "tap Daftar keluhan\nwait 2\ntap " + code + R"(
wait 2
expect Pemberitahuan kepada pelapor
expect Kabar diterima · E-mail: gagal: 550 5.1.1 <salah@contoh.test>: mailbox unavailable
expect Kabar diterima · WhatsApp/gateway: terkirim
shot 01-pemberitahuan
)",
                   "pemberitahuan");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

// The real keluhan-kiosk, run headless (SDL's dummy video driver, the
// software renderer) and driven by scripts: whole flows end in the
// database, every screen is captured, and failures show calm messages.
#include "keluhan/storage/store.hpp"

#include "../printing/print_support.hpp"
#include "office_fixture.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <thread>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

struct Kiosk {
    TempDir dir;
    std::string db = (dir / "kiosk.db").string();
    std::filesystem::path shots = [] {
        // Screenshots are kept for people to look at: $KELUHAN_SHOTS, or the temp folder.
        const char* e = std::getenv("KELUHAN_SHOTS");
        return e && *e ? std::filesystem::path(e) : std::filesystem::path();
    }();
    std::map<std::string, std::string> env{
        {"SDL_AUDIODRIVER", "dummy"}, {"KELUHAN_CONFIG", "\x01unset"}, {"KELUHAN_DB", "\x01unset"}};
    std::vector<std::string> extra;

    std::string config_text;

    test::ProcessResult run(const std::string& script, const std::string& name) {
        const auto file = dir / (name + ".script");
        std::ofstream(file) << script;
        // Its own data folder: saved receipts never land in the working directory.
        const auto cfg = dir / "kiosk.toml";
        std::ofstream(cfg) << "[storage]\ndata_dir = \"" << (dir / "data").string() << "\"\n"
                           << config_text;
        const auto out = shots.empty() ? dir / "shots" : shots / name;
        std::vector<std::string> args{
            KELUHAN_KIOSK_BIN, "--headless",    "--db",       db,         "--script",
            file.string(),     "--screenshots", out.string(), "--config", cfg.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = test::run_process(args, {}, env);
        last_shots = out;
        return r;
    }
    void config(const std::string& toml) { config_text += toml; }
    std::unique_ptr<Store> open() const {
        return Store::open(db, StoreOptions{StoreOptions::Access::Read, "test", 1000}).value();
    }
    std::filesystem::path last_shots;
};

const char* kWritten = R"(shot 01-welcome
tap Sampaikan Keluhan
shot 02-channel
tap Tertulis
shot 03-identity
type Budi Santoso
tap Instansi/perusahaan
type PT Karet Musi
tap Nomor telepon
type 0812 3456 7890
tap Email
type budi@karetmusi.co.id
shot 04-identity-filled
tap Lanjut
shot 05-service
tap Pengujian
tap Nomor order atau laporan hasil uji
type LHU-0912/2026
tap Lanjut
shot 06-complaint
type Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu.
tap Harapan
type Laporan dikirim minggu ini.
shot 07-complaint-filled
tap Lanjut
shot 08-privacy
tap Saya mengerti dan setuju
tap Lanjut
shot 09-review
expect Budi Santoso
expect LHU-0912/2026
tap Kirim Keluhan
expect Kode pelacakan Anda
shot 10-done
)";

std::string code_on_screen(const std::filesystem::path& png) {
    // zbarimg reads the QR on the screenshot, as a visitor's phone would.
    auto r = test::run_process({"/usr/bin/zbarimg", "-q", "--raw", png.string()});
    std::string s = r.out;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

} // namespace

TEST_CASE(
    "kiosk: a written complaint from the welcome screen to the done screen lands in the database") {
    Kiosk k;
    auto r = k.run(kWritten, "written");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto store = k.open();
    auto page = store->list(ListQuery{}).value();
    REQUIRE(page.rows.size() == 1);
    const auto& c = page.rows[0];
    CHECK(c.channel == Channel::Tertulis);
    CHECK(c.complainant.name == "Budi Santoso");
    CHECK(c.complainant.organization == "PT Karet Musi");
    CHECK(c.complainant.phone == "0812 3456 7890");
    CHECK(c.complainant.email == "budi@karetmusi.co.id");
    CHECK(c.service == "pengujian");
    CHECK(c.reference == "LHU-0912/2026");
    CHECK(c.description == "Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu.");
    CHECK(c.expectation == "Laporan dikirim minggu ini.");
    CHECK(c.consent);
    CHECK(c.current_step == "terima");
    for (const char* shot : {"01-welcome", "03-identity", "06-complaint", "09-review", "10-done"})
        CHECK_MESSAGE(
            std::filesystem::file_size(k.last_shots / (std::string(shot) + ".png")) > 10000, shot);
    if (std::filesystem::exists("/usr/bin/zbarimg")) {
        const auto tc = TrackingCode::parse(c.code).value();
        CHECK(code_on_screen(k.last_shots / "10-done.png") == tc.grouped());
    }
}

TEST_CASE(
    "kiosk: the same flow in landscape and in English, moving between fields with the keyboard") {
    Kiosk k;
    k.extra = {"--landscape"};
    auto r = k.run(R"(tap EN
expect Submit a Complaint
shot 01-welcome
tap Submit a Complaint
tap Written
type Siti Rahmawati
tap next
type CV Kopi Sumsel Jaya
tap next
shot 02-identity-phone
type 0812 7788 9900
tap next
type siti@kopisumsel.co.id
shot 03-identity-email
tap Next
tap Calibration
tap Next
type The calibration certificate shows the wrong date.
tap next
type A corrected certificate.
shot 04-complaint
tap Next
tap I understand and agree
tap Next
shot 05-review
tap Send Complaint
expect Your tracking code
shot 06-done
)",
                   "landscape-en");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto c = k.open()->list(ListQuery{}).value().rows.at(0);
    CHECK(c.complainant.organization == "CV Kopi Sumsel Jaya");
    CHECK(c.complainant.email == "siti@kopisumsel.co.id");
    CHECK(c.service == "kalibrasi");
    CHECK(c.expectation == "A corrected certificate.");
}

TEST_CASE("kiosk: a spoken complaint recorded from the microphone (SDL's disk audio driver)") {
    Kiosk k;
    // Six seconds of a 440 Hz tone as the microphone's input.
    const auto tone = k.dir / "tone.raw";
    {
        std::ofstream out(tone, std::ios::binary);
        for (int i = 0; i < 16000 * 6; ++i) {
            const auto s =
                static_cast<std::int16_t>(9000 * std::sin(2 * 3.14159265 * 440 * i / 16000.0));
            out.write(reinterpret_cast<const char*>(&s), 2);
        }
    }
    k.env["SDL_AUDIODRIVER"] = "disk";
    k.env["SDL_DISKAUDIOFILEIN"] = tone.string();
    k.env["SDL_DISKAUDIOFILE"] = (k.dir / "speaker.raw").string();
    auto r = k.run(R"(tap Sampaikan Keluhan
tap Lisan
tap Kirim tanpa identitas (anonim)
shot 01-anonymous
tap Lanjut
tap Konsultansi
tap Lanjut
shot 02-record-ready
tap Mulai rekam
wait 2
shot 03-recording
expect Merekam
tap Berhenti
expect Rekaman tersimpan
tap Putar
shot 04-playing
tap Lanjut
tap Saya mengerti dan setuju
tap Lanjut
expect Rekaman suara
shot 05-review
tap Kirim Keluhan
expect Kode pelacakan Anda
)",
                   "spoken");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto store = k.open();
    auto c = store->list(ListQuery{}).value().rows.at(0);
    CHECK(c.channel == Channel::Lisan);
    CHECK(c.complainant.anonymous);
    CHECK(c.complainant.name.empty());
    auto files = store->attachments(c.seq, true).value();
    REQUIRE(files.size() == 1);
    CHECK(files[0].media_type == "audio/wav");
    const auto& wav = files[0].data;
    REQUIRE(wav.size() > 44 + 16000 * 2); // more than a second of sound
    CHECK(std::string(wav.begin(), wav.begin() + 4) == "RIFF");
    // It is the tone, not silence.
    double sum = 0;
    for (std::size_t i = 44; i + 1 < wav.size(); i += 2) {
        const auto s = static_cast<std::int16_t>(wav[i] | (wav[i + 1] << 8));
        sum += static_cast<double>(s) * s;
    }
    const double rms = std::sqrt(sum / static_cast<double>((wav.size() - 44) / 2));
    CHECK(rms > 3000);
}

TEST_CASE("kiosk: no microphone - the spoken choice says to ask at the front desk") {
    Kiosk k;
    k.env["SDL_AUDIODRIVER"] = "disk";
    k.env["SDL_DISKAUDIOFILEIN"] = (k.dir / "no-such-microphone.raw").string();
    k.env["SDL_DISKAUDIOFILE"] = (k.dir / "speaker.raw").string();
    auto r = k.run("tap Sampaikan Keluhan\nexpect Mikrofon tidak tersedia\ntap Lisan\nexpect meja "
                   "layanan\nshot no-mic\n"
                   "tap Tertulis\nexpect Identitas Anda\n",
                   "no-mic");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("kiosk: Cek Status by typing, by a scanned URL, and for a mistyped code") {
    Kiosk k;
    std::string code;
    const std::string unknown = TrackingCode::generate().grouped(); // valid, but never issued here
    {
        auto store = Store::open(k.db).value();
        const auto office = test::load_office();
        code = submit_complaint(*store, office, test::sample_submission()).value().code.grouped();
    }
    std::string typo = code;
    typo[1] = typo[1] == 'A' ? 'B' : 'A';
    auto r = k.run(
        "tap Cek Status\nshot 01-entry\ntype " + typo +
            "\ntap Cek\nexpect salah ketik\nshot 02-typo\n" + "tap Kembali\ntap Cek Status\ntype " +
            unknown + "\nkey Return\nexpect tidak ditemukan\nshot 03-unknown\n" +
            "tap Kembali\ntap Cek Status\ntype https://keluhan.bspji-palembang.go.id/s/" + code +
            "\nkey Return\n" +
            "expect Status keluhan\nexpect Keluhan diterima sistem\nexpect Diterima petugas "
            "layanan\n" +
            "expect sedang ditangani\nexpect Target jawaban:\nabsent melewati target\n"
            "shot 04-result\n",
        "status");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.find("Budi") == std::string::npos);
}

TEST_CASE("kiosk: Cek Status of a complaint past its answer date says so and whom to ask") {
    test::SeededOffice d;
    const Complaint late =
        d.submit_at(test::sample_submission(), now_ms() - 14LL * 86'400'000); // two weeks ago
    const std::string code = TrackingCode::parse(late.code).value().grouped();
    d.store.reset();
    Kiosk k;
    k.db = (d.dir / "k.db").string();
    auto r = k.run("tap Cek Status\ntype " + code +
                       "\nkey Return\nexpect Target jawaban:\nexpect Sudah melewati target "
                       "jawaban\nexpect (0711) 412005\nshot 01-late\n",
                   "status-late");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("kiosk: the satisfaction survey - a walk-in from the welcome screen, and one for a "
          "closed complaint from Cek Status, once") {
    // An office PC with its kiosk (no hub): a complaint settled by the SOP.
    test::SeededOffice d;
    const Complaint closed = d.close(d.submit_at(test::sample_submission(), now_ms() - 86'400'000),
                                     now_ms() - 3'600'000);
    REQUIRE(closed.status == ComplaintStatus::Closed);
    const std::string code = TrackingCode::parse(closed.code).value().grouped();
    d.store.reset();
    Kiosk k;
    k.db = (d.dir / "k.db").string();

    auto walk_in = k.run("tap Survei Kepuasan\nexpect Survei Kepuasan Masyarakat\nshot 01-service\n"
                         "tap Kalibrasi\ntap Lanjut\nexpect Pertanyaan 1 dari 9\nshot 02-q1\n"
                         "tap Sangat sesuai\nexpect Pertanyaan 2 dari 9\ntap Lewati\n"
                         "expect Pertanyaan 3 dari 9\ntap Cepat\n"
                         "tap EN\nexpect Question 4 of 9\nexpect Free\nshot 03-q4-en\ntap ID\n"
                         "tap Gratis\ntap Lewati\ntap Lewati\ntap Lewati\ntap Lewati\ntap Lewati\n"
                         "expect Tentang Anda\ntap 50-59 tahun\ntap Laki-laki\nshot 04-profile\n"
                         "tap Lanjut\nexpect Dijawab: 3 dari 9\n"
                         "type Papan petunjuk ruang layanan kurang jelas.\nshot 05-suggestion\n"
                         "tap Kirim Survei\nawait 5 Terima kasih\nshot 06-thanks\n"
                         "tap Selesai\nexpect Sampaikan keluhan Anda\n",
                         "survey-walk-in");
    REQUIRE_MESSAGE(walk_in.exit_code == 0, walk_in.err);
    {
        auto s = k.open();
        auto rows = s->skm_responses(Date{2026, 1, 1}, Date{2026, 12, 31}).value();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].service == "kalibrasi");
        CHECK_FALSE(rows[0].for_complaint);
        CHECK(rows[0].suggestion == "Papan petunjuk ruang layanan kurang jelas.");
        std::map<std::string, int> scores(rows[0].scores.begin(), rows[0].scores.end());
        CHECK(scores == std::map<std::string, int>{{"U1", 4}, {"U3", 3}, {"U4", 4}});
        std::map<std::string, std::string> profile(rows[0].profile.begin(), rows[0].profile.end());
        CHECK(profile == std::map<std::string, std::string>{{"umur", "50-59 tahun"},
                                                            {"jenis_kelamin", "Laki-laki"}});
        // No hub: nothing queued.
        CHECK(s->skm_outbox_pending_count().value() == 0);
    }

    const std::string for_code = "tap Cek Status\ntype " + code +
                                 "\nkey Return\nexpect sudah selesai ditangani\n"
                                 "expect Isi Survei Kepuasan\nshot 07-status-closed\n"
                                 "tap Isi Survei Kepuasan\nexpect Pertanyaan 1 dari 9\n"
                                 "tap Kurang sesuai\n";
    std::string rest;
    for (int i = 1; i < 9; ++i)
        rest += "tap Lewati\n";
    rest += "tap Lanjut\ntap Kirim Survei\n";
    auto answered = k.run(for_code + rest + "await 5 Terima kasih\n", "survey-for-code");
    REQUIRE_MESSAGE(answered.exit_code == 0, answered.err);
    {
        auto s = k.open();
        CHECK(s->skm_answered(TrackingCode::parse(code).value()).value());
        auto rows = s->skm_responses(Date{2026, 1, 1}, Date{2026, 12, 31}).value();
        REQUIRE(rows.size() == 2);
        CHECK(rows[1].for_complaint);
        CHECK(rows[1].service == closed.service); // the complaint's, not chosen
    }
    // The same code again: refused with the reason, nothing stored twice.
    auto again = k.run(for_code + rest + "await 5 sudah diisi\nshot 08-already\n", "survey-again");
    CHECK_MESSAGE(again.exit_code == 0, again.err);
    CHECK(k.open()->skm_responses(Date{2026, 1, 1}, Date{2026, 12, 31}).value().size() == 2);
}

TEST_CASE("kiosk: 'Masih di sana?' after a minute, then the form is wiped") {
    Kiosk k;
    auto r = k.run(
        "tap Sampaikan Keluhan\ntap Tertulis\ntype Budi Santoso\nwait 59\nexpect Identitas Anda\n"
        "wait 2\nexpect Masih di sana?\nshot 01-still-there\ntap Ya, lanjutkan\nexpect Budi "
        "Santoso\n"
        "wait 61\nexpect Masih di sana?\nwait 30\nexpect Sampaikan keluhan Anda\n"
        "tap Sampaikan Keluhan\ntap Tertulis\nshot 02-after-wipe\n",
        "idle");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(k.open()->count(ListQuery{}).value() == 0);
}

TEST_CASE("kiosk: over-long text meets a counter and a limit, never a crash") {
    Kiosk k;
    k.config("[limits]\ndescription_max = 100\n");
    auto r = k.run(
        "tap Sampaikan Keluhan\ntap Tertulis\ntype Ani\ntap Email\ntype ani@maju.id\ntap Lanjut\n"
        "tap Lainnya\ntap Lanjut\ntype " +
            std::string(150, 'k') + "\nexpect 100 / 100\nexpect Batas 100 karakter\nshot limit\n",
        "limit");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("kiosk: a locked database gives a calm message and keeps the form") {
    Kiosk k;
    { auto w = Store::open(k.db).value(); } // create it
    // Another connection holds the write lock for the whole run.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(k.db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    std::string script = kWritten;
    script = script.substr(0, script.find("tap Kirim Keluhan"));
    script += "tap Kirim Keluhan\nexpect sedang sibuk\nexpect Budi Santoso\nexpect Periksa sebelum "
              "mengirim\nshot busy\n";
    auto r = k.run(script, "locked");
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(k.open()->count(ListQuery{}).value() == 0);
}

TEST_CASE("kiosk: the staff exit is behind five taps and the PIN") {
    Kiosk k;
    k.config("[kiosk]\nadmin_pin = \"2468\"\n");
    auto r =
        k.run("tap #staf\ntap #staf\ntap #staf\ntap #staf\ntap #staf\nexpect Masukkan PIN petugas\n"
              "type 1111\nkey Return\nexpect PIN salah\ntype 2468\nkey Return\nshot staff-menu\n"
              "tap Tutup aplikasi kiosk\n",
              "staff");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE(
    "kiosk: a script that taps a missing label or expects absent text fails, naming the line") {
    Kiosk k;
    auto missing = k.run("tap Sampaikan Keluhan\ntap Terbang\n", "bad-tap");
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("line 2") != std::string::npos);
    CHECK(missing.err.find("Terbang") != std::string::npos);
    auto absent = k.run("expect Selamat tinggal\n", "bad-expect");
    CHECK(absent.exit_code == 1);
    CHECK(absent.err.find("line 1") != std::string::npos);
    // `absent` fails on text that is there, passes on text that is not.
    auto shown = k.run("absent Sampaikan Keluhan\n", "bad-absent");
    CHECK(shown.exit_code == 1);
    CHECK(shown.err.find("line 1") != std::string::npos);
    CHECK(k.run("absent Selamat tinggal\n", "good-absent").exit_code == 0);
    auto verb = k.run("sentuh Tombol\n", "bad-verb");
    CHECK(verb.exit_code == 1);
}

TEST_CASE("kiosk: the README's tour script runs") {
    Kiosk k;
    const auto tour = test::source_dir() / "tests" / "kiosk" / "tour.script";
    auto r = k.run(test::read_file(tour), "tour");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(std::filesystem::exists(k.last_shots / "10-status-entry.png"));
}

TEST_CASE("kiosk: with no printer the receipt is saved and the visitor told so") {
    Kiosk k;
    k.env["CUPS_SERVER"] = (k.dir / "no-cupsd-here.sock").string();
    auto r =
        k.run(std::string(kWritten) + "expect petugas dapat mencetak\nshot saved\n", "no-printer");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    bool saved = false;
    for (const auto& e : std::filesystem::recursive_directory_iterator(k.dir / "data"))
        saved |= e.path().extension() == ".pdf";
    CHECK(saved);
}

TEST_CASE("kiosk: the receipt prints on a real (private) cupsd, and a reprint is limited") {
    test::CupsServer cups;
    Kiosk k;
    k.env["CUPS_SERVER"] = cups.server();
    k.config("[printer]\nname = \"" + cups.printer() + "\"\nreprint_limit = 1\n");
    auto r = k.run(std::string(kWritten) +
                       "expect sudah dicetak\nshot printed\n"
                       "tap Tanda terima tidak keluar? Cetak ulang\nexpect sudah dicetak\n",
                   "printed");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(std::filesystem::exists(cups.output()));
}

TEST_CASE("kiosk: the staff menu shows a stopped printer and resumes it") {
    test::CupsServer cups;
    REQUIRE(cups.tool({"cupsdisable", cups.printer()}).exit_code == 0);
    Kiosk k;
    k.env["CUPS_SERVER"] = cups.server();
    k.config("[kiosk]\nadmin_pin = \"2468\"\n[printer]\nname = \"" + cups.printer() + "\"\n");
    auto r = k.run(
        "tap #staf\ntap #staf\ntap #staf\ntap #staf\ntap #staf\ntype 2468\nkey Return\n"
        "expect Printer tanda terima\nexpect berhenti\nexpect antrean dihentikan\nshot 01-stopped\n"
        "tap Lanjutkan printer\nexpect siap\nshot 02-resumed\n",
        "staff-printer");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    auto state = cups.tool({"lpstat", "-p", cups.printer()});
    CHECK(state.out.find("disabled") == std::string::npos);
}

// The real keluhan-admin, run headless (SDL's dummy video driver, the
// software renderer) and driven by scripts: logging in, a refused action,
// both seed SOPs from submission to close through the UI with a user of each
// role, bad input refused with nothing half-saved - each checked in the
// database. Screenshots: $KELUHAN_SHOTS/<test>/ (else a temporary folder).
#include "keluhan/documents/letter.hpp"
#include "keluhan/storage/store.hpp"

#include "../printing/print_support.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

struct Panel {
    TempDir dir;
    std::string db = (dir / "panel.db").string();
    std::string profile;
    std::string config_text;
    std::filesystem::path shots = [] {
        const char* e = std::getenv("KELUHAN_SHOTS");
        return e && *e ? std::filesystem::path(e) : std::filesystem::path();
    }();
    std::map<std::string, std::string> env{
        {"SDL_AUDIODRIVER", "dummy"}, {"KELUHAN_CONFIG", "\x01unset"}, {"KELUHAN_DB", "\x01unset"}};
    std::filesystem::path last_shots;

    explicit Panel(std::string sop = "bspji-palembang") : profile(std::move(sop)) {
        // No printer anywhere: receipts are saved as PDF (tests with a printer set their own).
        env["CUPS_SERVER"] = (dir / "no-cupsd-here.sock").string();
        auto store = Store::open(db).value();
        const auto office = test::load_office(profile);
        struct U {
            const char* name;
            const char* display;
            Role role;
        };
        for (const U& u : {U{"staf", "Siti Staf", Role::StafPji},
                           U{"koor", "Kurniawan Koordinator", Role::KoordinatorPji},
                           U{"kabalai", "Hendra Kepala", Role::KepalaBalai},
                           U{"terkait", "Tuti Terkait", Role::KoordinatorTerkait},
                           U{"admin", "Adi Admin", Role::Administrator}})
            REQUIRE(create_user(*store, u.name, u.display, u.role, std::string(u.name) + "-rahasia")
                        .ok());
    }

    Office office() const { return test::load_office(profile); }

    // A complaint as the kiosk would take it; returns the grouped code.
    std::string
    submit(const std::string& description = "Laporan hasil uji kadar air terlambat dua minggu.") {
        auto store = Store::open(db).value();
        auto s = test::sample_submission(description);
        auto r = submit_complaint(*store, office(), s);
        REQUIRE(r.ok());
        return r->code.grouped();
    }

    // A spoken complaint from the kiosk: its recording and no text.
    std::string submit_spoken() {
        auto store = Store::open(db).value();
        auto s = test::sample_submission("");
        s.channel = Channel::Lisan;
        s.attachments.push_back({0, "audio/wav", "rekaman.wav", std::vector<std::uint8_t>(400, 7)});
        auto r = submit_complaint(*store, office(), s);
        REQUIRE(r.ok());
        return r->code.grouped();
    }

    void config(const std::string& toml) { config_text += toml; }

    // Takes the complaint through its next steps in the core, each by the
    // named user with the note given ("" for none).
    void advance(const std::string& code,
                 std::initializer_list<std::pair<const char*, const char*>> steps) const {
        auto store = Store::open(db).value();
        const auto o = office();
        const auto tc = TrackingCode::parse(code).value();
        for (const auto& [user, note] : steps) {
            const User u = store->find_user(user).value().first;
            REQUIRE_MESSAGE(advance_complaint(*store, o, u, tc, {note, false, {}, {}}).ok(), user);
        }
    }

    test::ProcessResult run(const std::string& script, const std::string& name) {
        const auto file = dir / (name + ".script");
        std::ofstream(file) << script;
        const auto cfg = dir / "panel.toml";
        std::ofstream(cfg) << "[storage]\ndata_dir = \"" << (dir / "data").string()
                           << "\"\n[sop]\nprofile = \"" << profile << "\"\n"
                           << config_text;
        const auto out = shots.empty() ? dir / "shots" / name : shots / name;
        last_shots = out;
        return test::run_process({KELUHAN_ADMIN_BIN, "--headless", "--db", db, "--script",
                                  file.string(), "--screenshots", out.string(), "--config",
                                  cfg.string()},
                                 {}, env);
    }

    std::unique_ptr<Store> read() const {
        return Store::open(db, StoreOptions{StoreOptions::Access::Read, "test", 1000}).value();
    }
    Complaint complaint(const std::string& code) const {
        return read()->find_by_code(TrackingCode::parse(code).value()).value();
    }
    std::vector<Event> events(const std::string& code) const {
        auto s = read();
        return s->events(s->find_by_code(TrackingCode::parse(code).value()).value().seq).value();
    }
};

std::string login(const std::string& user) {
    return "tap Nama pengguna\ntype " + user + "\ntap Kata sandi\ntype " + user +
           "-rahasia\nkey Return\nexpect Tugas saya\n";
}
const char* kLogout = "tap Keluar\nexpect Masuk ke panel\n";

// One user's turn: sign in, open the complaint from "Tugas saya", do `body`, sign out.
std::string turn(const std::string& user, const std::string& code, const std::string& body) {
    return login(user) + "tap " + code + "\nexpect " + code + "\n" + body + kLogout;
}

} // namespace

TEST_CASE("panel: a wrong password is refused, the right one signs in") {
    Panel p;
    auto r = p.run(R"(shot 01-login
tap Masuk
expect Isi nama pengguna dan kata sandi.
tap Nama pengguna
type staf
tap Kata sandi
type salah-sekali
key Return
expect Nama pengguna atau kata sandi salah.
shot 02-wrong-password
tap Kata sandi
type staf-rahasia
tap Masuk
expect Tugas saya
expect Siti Staf
shot 03-tasks-empty
)",
                   "login");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    auto u = p.read()->find_user("staf").value().first;
    CHECK(u.failed_attempts == 0); // reset by the good login
}

TEST_CASE("panel: repeated failures lock the account, the lock is said plainly") {
    Panel p;
    p.config("[auth]\nmax_failures = 2\n");
    auto r = p.run(R"(tap Nama pengguna
type koor
tap Kata sandi
type salah-1
key Return
expect Nama pengguna atau kata sandi salah.
tap Kata sandi
type salah-2
key Return
tap Kata sandi
type koor-rahasia
key Return
expect Akun terkunci
shot 01-locked
)",
                   "lockout");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(p.read()->find_user("koor").value().first.locked_until > 0);
}

TEST_CASE(
    "panel: the whole Palembang SOP, submit to close, through the UI with a user of each role") {
    Panel p;
    const std::string code = p.submit();
    std::string script;
    script += turn("staf", code, R"(shot 01-terima
expect Menerima dan menginformasikan keluhan yang diterima
tap Terima dan catat keluhan
expect Langkah dicatat
expect Langkah ini dikerjakan oleh Koordinator Fungsi PJI
)");
    script += turn("koor", code, R"(shot 02-teruskan
tap Selesaikan langkah
expect Langkah dicatat
)");
    script += turn("kabalai", code, R"(expect Disposisi
tap Kirim disposisi
expect Instruksi disposisi kepada koordinator fungsi terkait wajib diisi.
shot 03-disposisi-empty
tap Instruksi disposisi kepada koordinator fungsi terkait *
type Mohon dicek jadwal pengujian dan dijawab hari ini.
tap Kirim disposisi
expect Langkah dicatat
tap Riwayat
expect Mohon dicek jadwal pengujian dan dijawab hari ini.
shot 04-disposisi-done
)");
    script += turn("terkait", code, R"(tap Tanggapan atas keluhan *
type Pengujian tertunda karena alat kalibrasi; laporan dikirim Jumat ini.
shot 05-tanggapi
tap Kirim tanggapan
expect Langkah dicatat
)");
    script += turn("koor", code, R"(tap Instruksi penyusunan surat tanggapan
type Buat surat dengan permohonan maaf.
tap Instruksikan konsep surat
expect Langkah dicatat
)");
    script += turn("staf", code, R"(expect Pengujian tertunda karena alat kalibrasi
tap Isi surat tanggapan *
type  Kami mohon maaf atas keterlambatan ini.
wait 1
shot 06-konsep
tap Simpan konsep surat
expect Langkah dicatat
)");
    // The check returns the draft once (a reason is required), then approves it.
    script += turn("koor", code, R"(shot 07-periksa
tap Kembalikan ke langkah 7 untuk perbaikan
expect Alasan pengembalian wajib diisi.
tap Catatan pemeriksaan (wajib bila dikembalikan)
type Tanggal pengiriman laporan harus disebut.
tap Kembalikan ke langkah 7 untuk perbaikan
expect Langkah dicatat
)");
    // The reason is on the action card of whoever acts now, not only in the history.
    script += turn(
        "staf", code,
        R"(expect Dikembalikan dari langkah 8 oleh Kurniawan Koordinator (Koordinator Fungsi PJI)
expect Alasannya: Tanggal pengiriman laporan harus disebut.
shot 07b-dikembalikan
tap Isi surat tanggapan *
type  Laporan dikirim pada Jumat, 27 November 2026.
tap Simpan konsep surat
expect Langkah dicatat
)");
    script += turn("koor", code, R"(tap Setujui surat
expect Langkah dicatat
)");
    script += turn("kabalai", code, R"(wait 1
shot 08-tandatangani
tap Tandatangani surat
expect Langkah dicatat
)");
    script += turn("staf", code, R"(tap Cara pengiriman
tap Diserahkan langsung
tap Keterangan pengiriman (nomor resi, alamat email, ...)
type Diserahkan kepada Budi di loket.
shot 09-kirim
tap Catat pengiriman surat
expect Langkah dicatat
)");
    script += turn("staf", code, R"(tap Keterangan tanda terima (siapa menerima, kapan)
type Diterima Budi, tanda tangan di buku ekspedisi.
tap Catat tanda terima jawaban
expect selesai
expect Keluhan selesai
tap Alur SOP
shot 10-closed
)");
    auto r = p.run(script, "palembang");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);

    const auto c = p.complaint(code);
    CHECK(c.status == ComplaintStatus::Closed);
    CHECK(c.current_step.empty());
    CHECK_FALSE(c.register_number.empty());
    const auto ev = p.events(code);
    std::vector<std::string> steps;
    for (const auto& e : ev)
        if (e.kind == "complete" || e.kind == "return")
            steps.push_back(e.kind + ":" + e.step_id + ":" + e.actor);
    CHECK(steps == std::vector<std::string>{"complete:terima:staf", "complete:teruskan:koor",
                                            "complete:disposisi:kabalai",
                                            "complete:tanggapi:terkait", "complete:instruksi:koor",
                                            "complete:konsep:staf", "return:periksa:koor",
                                            "complete:konsep:staf", "complete:periksa:koor",
                                            "complete:tandatangani:kabalai", "complete:kirim:staf",
                                            "complete:terima_jawaban:staf"});
    auto note_of = [&](const std::string& kind, const std::string& step) {
        std::string last;
        for (const auto& e : ev)
            if (e.kind == kind && e.step_id == step) last = e.note;
        return last;
    };
    CHECK(note_of("complete", "disposisi") == "Mohon dicek jadwal pengujian dan dijawab hari ini.");
    CHECK(note_of("return", "periksa") == "Tanggal pengiriman laporan harus disebut.");
    // The letter: the response, with what the staff added in the editor (the
    // editor breaks long lines; a line break inside a paragraph is a space).
    auto letter = note_of("complete", "konsep");
    std::replace(letter.begin(), letter.end(), '\n', ' ');
    CHECK(letter.find("Pengujian tertunda karena alat kalibrasi") == 0);
    CHECK(letter.find("Kami mohon maaf atas keterlambatan ini.") != std::string::npos);
    CHECK(letter.find("Laporan dikirim pada Jumat, 27 November 2026.") != std::string::npos);
    CHECK(note_of("complete", "kirim") == "Diserahkan langsung. Diserahkan kepada Budi di loket.");
    CHECK(note_of("complete", "terima_jawaban") ==
          "Diterima Budi, tanda tangan di buku ekspedisi.");
}

TEST_CASE("panel: a step of another role is not offered, the core's refusal would say the same") {
    Panel p;
    const std::string code = p.submit();
    auto r = p.run(login("kabalai") + "tap Daftar keluhan\ntap " + code + R"(
expect Langkah ini dikerjakan oleh Staf PJI
shot 01-not-yours
)" + kLogout,
                   "wrong-role");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(p.complaint(code).current_step == "terima");
    CHECK(p.events(code).size() == 1);
}

TEST_CASE("panel: a letter over the length limit is refused and nothing is saved") {
    Panel p;
    p.config("[limits]\nletter_max = 500\n");
    const std::string code = p.submit();
    // Up to the draft step through the core.
    p.advance(code, {{"staf", ""},
                     {"koor", ""},
                     {"kabalai", "Segera."},
                     {"terkait", "Jawaban singkat."},
                     {"koor", ""}});
    std::string long_text(520, 'x');
    for (std::size_t i = 9; i < long_text.size(); i += 10)
        long_text[i] = ' ';
    auto r =
        p.run(login("staf") + "tap " + code + "\ntap Isi surat tanggapan *\ntype " + long_text + R"(
tap Simpan konsep surat
expect Isi surat tanggapan terlalu panjang
shot 01-too-long
)" + kLogout,
              "letter-too-long");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(p.complaint(code).current_step == "konsep");
    CHECK(p.events(code).back().step_id == "instruksi");
}

TEST_CASE("panel: a PDF or photo attachment opens in this PC's viewer from a private copy that "
          "goes at sign-out - anything else is not opened") {
    Panel p;
    auto bytes = [](std::string_view s) { return std::vector<std::uint8_t>(s.begin(), s.end()); };
    const auto pdf = bytes("%PDF-1.4\n% surat pelanggan\n%%EOF\n");
    const std::vector<std::uint8_t> png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 1, 2, 3};
    std::string code;
    {
        auto store = Store::open(p.db).value();
        auto s = test::sample_submission("Foto alat yang rusak terlampir.");
        s.attachments = {{0, "application/pdf", "surat.pdf", pdf},
                         {0, "image/png", "foto.png", png},
                         // Named as a photo, a script inside: never handed to the opener.
                         {0, "image/png", "bukan-foto.png", bytes("#!/bin/sh\necho x\n")}};
        auto r = submit_complaint(*store, p.office(), s);
        REQUIRE(r.ok());
        code = r->code.grouped();
    }
    // The "viewer": writes down the file it was given, its mode and its
    // folder's, and keeps a copy of what it saw.
    const auto log = p.dir / "opened.log";
    const auto viewer = p.dir / "viewer.sh";
    std::ofstream(viewer) << "#!/bin/sh\nprintf '%s %s %s\\n' \"$1\" \"$(stat -c %a \"$1\")\" "
                             "\"$(stat -c %a \"$(dirname \"$1\")\")\" >> "
                          << log.string() << "\ncp \"$1\" " << p.dir.path().string()
                          << "/seen-$(basename \"$1\")\n";
    std::filesystem::permissions(viewer, std::filesystem::perms::owner_all);
    p.config("[panel]\nopen_command = \"" + viewer.string() + "\"\n");
    p.env["XDG_RUNTIME_DIR"] = (p.dir / "run").string();
    std::filesystem::create_directories(p.dir / "run");
    auto r = p.run(login("staf") + "tap Daftar keluhan\ntap " + code + R"(
expect surat.pdf
hover Catatan
wheel 20
tap Buka surat.pdf
await 10 dibuka di penampil
wait 1
tap Buka foto.png
await 10 Lampiran foto.png dibuka
wait 1
shot 01-opened
tap Buka bukan-foto.png
expect bukan PDF, JPEG atau PNG
shot 02-refused
)" + kLogout,
                   "attachments-open");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::ifstream in(log);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    REQUIRE(lines.size() == 2);
    const std::string compact = TrackingCode::parse(code).value().compact();
    for (const auto& [line, ext] : {std::pair{lines[0], ".pdf"}, std::pair{lines[1], ".png"}}) {
        CAPTURE(line);
        // Named by what the bytes are, 0600 in a 0700 folder of this session.
        const auto file = std::filesystem::path(line.substr(0, line.find(' ')));
        CHECK(file.parent_path().parent_path() == p.dir / "run");
        CHECK(file.filename().string().rfind("lampiran-" + compact + "-", 0) == 0);
        CHECK(file.extension() == ext);
        CHECK(line.substr(line.find(' ')) == " 600 700");
        // Gone once the user signed out.
        CHECK_FALSE(std::filesystem::exists(file));
        CHECK_FALSE(std::filesystem::exists(file.parent_path()));
    }
    auto seen = [&](const std::string& name) {
        std::ifstream f(p.dir / ("seen-" + name), std::ios::binary);
        return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(f), {});
    };
    CHECK(seen(std::filesystem::path(lines[0].substr(0, lines[0].find(' '))).filename()) == pdf);
    CHECK(seen(std::filesystem::path(lines[1].substr(0, lines[1].find(' '))).filename()) == png);

    // No viewer on this PC: said plainly.
    Panel q;
    q.config("[panel]\nopen_command = \"/bin/false\"\n");
    q.env["XDG_RUNTIME_DIR"] = (q.dir / "run").string();
    std::filesystem::create_directories(q.dir / "run");
    std::string other;
    {
        auto store = Store::open(q.db).value();
        auto s = test::sample_submission("Surat terlampir.");
        s.attachments = {{0, "application/pdf", "surat.pdf", pdf}};
        other = submit_complaint(*store, q.office(), s).value().code.grouped();
    }
    auto no = q.run(login("staf") + "tap Daftar keluhan\ntap " + other + R"(
hover Catatan
wheel 20
tap Buka surat.pdf
await 10 tidak ada aplikasi penampil
absent dibuka di penampil
shot 03-no-viewer
)" + kLogout,
                    "attachments-no-viewer");
    REQUIRE_MESSAGE(no.exit_code == 0, no.err);
}

TEST_CASE("panel: the signed letter printed at the Send step goes through the print service: "
          "with no printer its PDF is kept and staff are told where") {
    Panel p;
    const std::string code = p.submit();
    // Up to the Send step through the core.
    p.advance(code, {{"staf", ""},
                     {"koor", ""},
                     {"kabalai", "Segera."},
                     {"terkait", "Jawaban singkat."},
                     {"koor", ""},
                     {"staf", "Laporan hasil uji dikirim hari ini."},
                     {"koor", ""},
                     {"kabalai", ""}});
    const std::string before = p.complaint(code).current_step;
    auto r = p.run(login("staf") + "tap " + code + R"(
expect Belum ada nomor
tap Nomor surat
type B/17/BSPJI-PLG/PJI/XII/2026
tap Simpan nomor surat
expect Nomor surat keluhan
expect Nomor surat: B/17/BSPJI-PLG/PJI/XII/2026
shot 00-letter-number
tap Cetak surat
expect Surat tidak tercetak
expect surat tanggapan disimpan sebagai PDF
shot 01-letter-saved
tap Cetak
shot 02-print-jobs
expect Surat tanggapan
)" + kLogout,
                   "letter-print");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    // Printing is not sending: the step stays until staff record how it went.
    CHECK(p.complaint(code).current_step == before);
    auto store = p.read();
    auto jobs = store->print_jobs({}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].document == PrintDocument::SuratTanggapan);
    CHECK(jobs[0].state == PrintState::Saved);
    CHECK(jobs[0].requested_by == "staf");
    CHECK(jobs[0].file.find("surat-tanggapan") != std::string::npos);
    CHECK(std::filesystem::exists(jobs[0].file));
    // The agenda number typed before printing is on the paper.
    auto text = test::run_process({"/usr/bin/pdftotext", "-layout", jobs[0].file, "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("B/17/BSPJI-PLG/PJI/XII/2026") != std::string::npos);
    CHECK(p.events(code).back().kind == "letter_number");
}

TEST_CASE("panel: the whole second SOP (balai-capa) with its corrective action, submit to close, "
          "through the UI") {
    Panel p("balai-capa");
    const std::string code = p.submit("Sertifikat produk kami belum terbit setelah tiga bulan.");
    std::string script;
    script += turn("kabalai", code, R"(tap Instruksi disposisi kepada koordinator fungsi terkait *
type Ketua Pokja sertifikasi: cari penyebabnya dan perbaiki.
tap Kirim disposisi
expect Langkah dicatat
)");
    // The follow-up cannot be completed before its corrective action is recorded.
    script += turn("terkait", code, R"(tap Penyebab ketidaksesuaian *
wheel 10
expect dicetak sebagai isi surat balasan kepada pelanggan
tap Konsep surat balasan kepada pelanggan *
type Sertifikat produk Saudara telah kami terbitkan pada hari ini.
tap Selesaikan tindak lanjut
expect wajib
shot 01-capa-missing
wheel -10
tap Penyebab ketidaksesuaian *
type Berkas permohonan tertahan di meja evaluator yang cuti.
key Tab
type Sertifikat diterbitkan hari ini.
key Tab
type Pembagian berkas ke evaluator pengganti saat cuti.
key Tab
type Pemantauan mingguan berkas yang lewat 30 hari.
key Tab
type Ketua Pokja Sertifikasi
key Tab
type 2026-12-31
shot 02-capa-filled
wheel 3
tap Simpan tindakan koreksi
expect Tindakan koreksi
absent langkah ini memerlukan catatan tindakan koreksi
wheel 10
wait 1
shot 02b-capa-saved
tap Selesaikan tindak lanjut
expect Langkah dicatat
)");
    // The Kepala Balai sends the draft back; its author sees why, with the
    // draft as it was, and revises it instead of typing it again.
    script += turn("kabalai", code, R"(wait 1
shot 03-sign
tap Catatan (wajib bila dikembalikan)
type Sebutkan nomor sertifikatnya.
tap Kembalikan ke langkah 3 untuk perbaikan
expect Langkah dicatat
)");
    script += turn("terkait", code, R"(expect Sebutkan nomor sertifikatnya.
expect Sertifikat produk Saudara telah kami terbitkan pada hari ini.
shot 03b-returned
wheel 10
tap Konsep surat balasan kepada pelanggan *
key End
type  Nomornya 123/SPPT/2026.
tap Selesaikan tindak lanjut
expect Langkah dicatat
)");
    script += turn("kabalai", code, R"(wait 1
tap Tandatangani surat
expect Langkah dicatat
)");
    // No step of its own sends the letter in this SOP: it is printed where
    // the customer's receipt is recorded.
    script += turn("staf", code, R"(tap Cetak surat
expect surat tanggapan disimpan sebagai PDF
shot 04a-receipt-print
tap Keterangan tanda terima (siapa menerima, kapan)
type Diterima melalui email, balasan pelanggan 2 Des.
wheel 10
tap Catat tanda terima jawaban
expect Langkah dicatat
)");
    script += turn("terkait", code, R"(tap Efektif? *
tap ya, efektif
tap Hasil evaluasi keefektifan *
type Tidak ada lagi berkas lewat 30 hari selama sebulan.
key Tab
type Rapat evaluasi 5 Januari: tindakan efektif, dilaporkan ke Ka Balai.
key Tab
type 2027-01-05
wheel 10
tap Simpan tindakan koreksi
wheel 10
tap Ringkasan evaluasi keefektifan
type Efektif; dilaporkan ke Ka Balai.
shot 04-evaluasi
tap Catat evaluasi keefektifan
expect Keluhan selesai
shot 05-closed
tap Simpan catatan CAPA untuk dicetak (PDF)
expect Catatan CAPA disimpan
)");
    auto r = p.run(script, "balai-capa");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);

    const auto c = p.complaint(code);
    CHECK(c.status == ComplaintStatus::Closed);
    CHECK_FALSE(c.register_number.empty()); // given at the Kepala Balai's first step in this SOP
    std::vector<std::string> steps;
    for (const auto& e : p.events(code))
        if (e.kind == "complete") steps.push_back(e.step_id + ":" + e.actor);
    CHECK(steps == std::vector<std::string>{"perintah:kabalai", "tindak_lanjut:terkait",
                                            "tindak_lanjut:terkait", "tandatangani:kabalai",
                                            "terima_jawaban:staf", "evaluasi:terkait"});
    // The letter says what was written for the customer, and nothing of
    // the internal record.
    const auto events = p.events(code);
    const auto letter = draft_response_letter(p.office(), p.office().catalog, c, events);
    std::string body;
    for (const auto& para : letter.paragraphs)
        body += para + "\n";
    CHECK(body.find("Sertifikat produk Saudara telah kami terbitkan pada hari ini. Nomornya "
                    "123/SPPT/2026.") != std::string::npos);
    CHECK(body.find("evaluator") == std::string::npos);
    auto jobs = p.read()->print_jobs({}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].document == PrintDocument::SuratTanggapan);
    auto capa = p.read()->capa(c.seq).value();
    REQUIRE(capa);
    CHECK(capa->root_cause == "Berkas permohonan tertahan di meja evaluator yang cuti.");
    CHECK(capa->preventive_action == "Pemantauan mingguan berkas yang lewat 30 hari.");
    CHECK(capa->responsible == "Ketua Pokja Sertifikasi");
    CHECK(capa->due_date == "2026-12-31");
    CHECK(capa->effective == "ya");
    CHECK(capa->notulen == "Rapat evaluasi 5 Januari: tindakan efektif, dilaporkan ke Ka Balai.");
    CHECK(capa->checked_on == "2027-01-05");
    // The record for the Kepala Balai's file, minutes and all.
    std::vector<std::filesystem::path> saved;
    for (const auto& f : std::filesystem::directory_iterator(p.dir / "data" / "capa"))
        saved.push_back(f.path());
    REQUIRE(saved.size() == 1);
    auto text = test::run_process({"/usr/bin/pdftotext", saved[0].string(), "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Rapat evaluasi 5 Januari") != std::string::npos);
    CHECK(text.out.find("Ya, tindakan efektif") != std::string::npos);
    CHECK(text.out.find("Tuti Terkait") != std::string::npos); // who prepared it, by name
}

TEST_CASE("panel: a spoken complaint typed in at the desk, refused until complete, then saved and "
          "its receipt made") {
    Panel p;
    auto r = p.run(login("staf") + R"(tap Keluhan baru (lisan di loket)
shot 01-desk
tap Simpan dan cetak Tanda Terima
expect Periksa isian yang ditandai merah.
expect Isi keluhan wajib diisi.
shot 02-desk-refused
tap Nama
type Rudi Hartono
tap Nomor telepon
type 0813 7000 1234
tap Layanan
tap Kalibrasi
tap Isi keluhan *
type Timbangan kami dikalibrasi ulang tetapi sertifikatnya salah nama perusahaan.
tap Pengunjung menyetujui pemberitahuan privasi
tap Simpan dan cetak Tanda Terima
expect Keluhan tersimpan.
expect Tidak ada printer
shot 03-desk-saved
tap Cetak
expect Disimpan (PDF)
shot 04-print-jobs
)" + kLogout,
                   "desk");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto page = p.read()->list(ListQuery{}).value();
    REQUIRE(page.rows.size() == 1);
    const auto& c = page.rows[0];
    CHECK(c.channel == Channel::Lisan);
    CHECK(c.complainant.name == "Rudi Hartono");
    CHECK(c.service == "kalibrasi");
    CHECK(c.origin.rfind("admin-", 0) == 0);
    auto jobs = p.read()->print_jobs(PrintJobQuery{}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].state == PrintState::Saved);
    CHECK(jobs[0].requested_by == "staf");
    CHECK(std::filesystem::exists(jobs[0].file));
}

TEST_CASE("panel: the session locks after the idle time, keeps the page, and opens again with the "
          "password") {
    Panel p;
    p.config("[auth]\nidle_lock_minutes = 5\n");
    const std::string code = p.submit();
    auto r = p.run(login("staf") + "tap " + code + R"(
tap Catatan
type Sudah dikonfirmasi lewat telepon.
wait 301
expect Sesi terkunci
shot 01-locked
tap Buka kunci
expect Isi nama pengguna dan kata sandi.
tap Kata sandi
type salah-sekali
key Return
expect Nama pengguna atau kata sandi salah.
tap Kata sandi
type staf-rahasia
key Return
expect Sudah dikonfirmasi lewat telepon.
tap Terima dan catat keluhan
expect Langkah dicatat
)" + kLogout,
                   "idle-lock");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto ev = p.events(code);
    CHECK(p.complaint(code).current_step == "teruskan");
    bool noted = false;
    for (const auto& e : ev)
        noted |= e.step_id == "terima" && e.note == "Sudah dikonfirmasi lewat telepon.";
    CHECK(noted);
}

TEST_CASE("panel: with [panel] serve_hub the hub runs inside the panel") {
    Panel p;
    p.config("[panel]\nserve_hub = true\n[hub]\nlisten = \"127.0.0.1\"\nport = 0\n");
    auto r =
        p.run(login("staf") + "expect Hub aktif di port\nshot 01-hub\n" + kLogout, "serve-hub");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("panel: the register finds a complaint by the tracking code a customer reads out, "
          "typed without dashes") {
    Panel p;
    const std::string wanted = p.submit("Sertifikat kalibrasi belum diterima.");
    for (int i = 0; i < 3; ++i)
        (void)p.submit("Sertifikat kalibrasi lain.");
    std::string compact = wanted;
    compact.erase(std::remove(compact.begin(), compact.end(), '-'), compact.end());
    auto r = p.run(login("staf") +
                       "tap Daftar keluhan\nexpect 4 keluhan\n"
                       "tap Cari kode pelacakan, nomor register, atau kata dalam "
                       "keluhan, nama, instansi, nomor order\ntype " +
                       compact + "\nkey Return\nexpect 1 keluhan\nexpect " + wanted +
                       "\nshot 01-found-by-code\n" + kLogout,
                   "search-code");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("panel: staff type the summary of a spoken complaint from its recording, others only "
          "read it") {
    Panel p;
    const std::string code = p.submit_spoken();
    auto r = p.run(login("kabalai") + "tap Daftar keluhan\ntap " + code + R"(
expect Belum ada ringkasan
absent Ketik ringkasan
wheel 10
shot 01-no-summary-kabalai
)" + kLogout + turn("staf", code, R"(wheel 10
tap Ketik ringkasan
tap Simpan ringkasan
expect Ringkasan keluhan lisan wajib diisi
tap Ringkasan keluhan lisan *
type Sertifikat kalibrasi timbangan belum diterima setelah tiga minggu.
shot 02-typing
tap Simpan ringkasan
expect Ringkasan keluhan
expect Diketik dari rekaman oleh Siti Staf
shot 03-saved
)") + login("staf") + R"(tap Daftar keluhan
tap Cari kode pelacakan, nomor register, atau kata dalam keluhan, nama, instansi, nomor order
type timbangan
key Return
expect )" + code + "\nshot 04-found\n" +
                       kLogout,
                   "spoken-summary");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto c = p.complaint(code);
    CHECK(c.description == "Sertifikat kalibrasi timbangan belum diterima setelah tiga minggu.");
    int typed = 0;
    for (const auto& e : p.events(code))
        if (e.kind == "transcript") {
            ++typed;
            CHECK(e.actor == "staf");
        }
    CHECK(typed == 1);
}

TEST_CASE("panel: the Kepala Balai sends the disposition to one function, whose coordinator "
          "alone has it as a task") {
    Panel p;
    p.config("[office]\nfunctions = [\"Pengujian\", \"Kalibrasi\"]\n");
    {
        auto store = Store::open(p.db).value();
        REQUIRE(create_user(*store, "kalib", "Kurnia Kalibrasi", Role::KoordinatorTerkait,
                            "kalib-rahasia")
                    .ok());
        const User admin = store->find_user("admin").value().first;
        for (const auto& [who, fn] : {std::pair{"terkait", "Pengujian"}, {"kalib", "Kalibrasi"}}) {
            UserChange ch;
            ch.name = who;
            ch.function = fn;
            REQUIRE(store->change_user(admin, ch).ok());
        }
    }
    const std::string code = p.submit();
    p.advance(code, {{"staf", ""}, {"koor", ""}});
    auto r =
        p.run(
            turn("kabalai", code, R"(tap Instruksi disposisi kepada koordinator fungsi terkait *
type Mohon segera ditanggapi.
tap Kirim disposisi
expect Pilih fungsi terkait yang dituju disposisi ini.
tap Fungsi terkait yang dituju
tap Pengujian
shot 01-function
tap Kirim disposisi
expect Langkah dicatat
)") + login("kalib") +
                "expect Tidak ada keluhan yang menunggu tindakan Anda.\ntap Daftar keluhan\ntap " +
                code + R"(
expect Keluhan ini didisposisikan kepada fungsi Pengujian
shot 02-other-function
)" + kLogout + turn("terkait", code, R"(expect Fungsi terkait
shot 03-own-task
tap Tanggapan atas keluhan *
type Hasil uji dikirim hari ini.
tap Kirim tanggapan
expect Langkah dicatat
)"),
            "disposition-function");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto c = p.complaint(code);
    CHECK(c.function == "Pengujian");
    std::vector<std::string> steps;
    for (const auto& e : p.events(code))
        if (e.kind == "complete") steps.push_back(e.step_id + ":" + e.actor);
    CHECK(steps.back() == "tanggapi:terkait");
}

TEST_CASE("panel: Cetak: a receipt held by a stopped printer is red until printed again, and the "
          "printer is started again from the page") {
    Panel p;
    test::CupsServer cups;
    p.env["CUPS_SERVER"] = cups.server();
    p.config("[printer]\nname = \"" + cups.printer() + "\"\n");
    REQUIRE(cups.tool({"cupsdisable", cups.printer()}).exit_code == 0);
    const std::string code = p.submit();
    {
        // The receipt the kiosk could not print: its queue had stopped.
        auto store = Store::open(p.db).value();
        const auto c = store->find_by_code(TrackingCode::parse(code).value()).value();
        auto j =
            store->add_print_job(c.seq, PrintDocument::TandaTerima, "pelanggan", true, 2).value();
        j.state = PrintState::Held;
        j.printer = cups.printer();
        j.message = Error{ErrorKind::Storage,
                          "err.print.stopped",
                          {{"printer", cups.printer()}, {"reason", "label.printer_reason.paused"}}};
        REQUIRE(store->update_print_job(j).ok());
    }
    auto r = p.run(login("staf") + R"(tap Cetak
expect Dibatalkan: printer berhenti
absent sudah dicetak ulang
absent (disabled)
shot 01-held
tap Jalankan printer lagi
expect dijalankan lagi
shot 02-resumed
tap Cetak ulang
expect Tanda Terima
await 20 Selesai
expect sudah dicetak ulang
shot 03-reprinted
)" + kLogout,
                   "print-resume");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto lp = cups.tool({"lpstat", "-p", cups.printer()});
    CHECK(lp.out.find("disabled") == std::string::npos);
    auto jobs = p.read()->print_jobs({}).value();
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].state == PrintState::Completed);
    CHECK(jobs[1].reprinted);
}

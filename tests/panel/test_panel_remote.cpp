// keluhan-admin --hub URL, headless and driven by scripts: the panel on an
// official's own PC, with its own home and data folder and no database file
// there, working on the office's Hub (in this process, on a real SQLite
// file, over loopback HTTP). Screenshots: $KELUHAN_SHOTS/<test>/.
#include "hub.hpp"

#include "../printing/print_support.hpp"
#include "keluhan/ops/auth.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

struct Office2 {
    TempDir dir;
    std::filesystem::path db = dir / "hub.db";
    Office office = test::load_office();
    hub::Hub hub;

    int port = 0;

    Office2() {
        {
            auto store = Store::open(db).value();
            for (const auto& [name, role] :
                 {std::pair{"staf", Role::StafPji}, std::pair{"koor", Role::KoordinatorPji},
                  std::pair{"kabalai", Role::KepalaBalai},
                  std::pair{"terkait", Role::KoordinatorTerkait}})
                REQUIRE(create_user(*store, name, std::string("Bapak ") + name, role,
                                    std::string(name) + "-rahasia"));
        }
        start(0);
    }
    void start(int on_port) { REQUIRE(try_start(on_port)); }
    // (For another thread, where REQUIRE may not be used.)
    bool try_start(int on_port) {
        HubConfig cfg;
        cfg.listen = "127.0.0.1";
        cfg.port = on_port;
        hub.set_log([](std::string_view) {});
        if (!hub.start(office, db, cfg)) return false;
        port = hub.port();
        return true;
    }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    // A complaint taken and passed on to the Kepala Balai's disposition.
    TrackingCode at_disposition() {
        auto store = Store::open(db).value();
        auto sub = submit_complaint(*store, office, test::sample_submission()).value();
        for (const char* who : {"staf", "koor"}) {
            const User u = store->find_user(who).value().first;
            AdvanceRequest req;
            req.note = "diteruskan";
            REQUIRE(advance_complaint(*store, office, u, sub.code, req));
        }
        return sub.code;
    }
    Complaint complaint(const TrackingCode& c) const {
        return Store::open(db, StoreOptions{StoreOptions::Access::Read})
            .value()
            ->find_by_code(c)
            .value();
    }

    // The panel on another PC: its own folder as home and data_dir, and its
    // own CUPS (`cups`, none when empty) with `config` added to its file.
    test::ProcessResult panel(const std::string& pc, const std::string& script,
                              const std::string& hub_url, const std::string& cups = {},
                              const std::string& config = {}) {
        const auto home = dir / pc;
        std::filesystem::create_directories(home);
        std::ofstream(home / "panel.script") << script;
        std::ofstream(home / "panel.toml") << "[storage]\ndata_dir = \"" << (home / "data").string()
                                           << "\"\n[panel]\nhub_url = \"" << hub_url << "\"\n"
                                           << config;
        const char* shots = std::getenv("KELUHAN_SHOTS");
        const auto out = shots && *shots ? std::filesystem::path(shots) / pc : home / "shots";
        return test::run_process(
            {KELUHAN_ADMIN_BIN, "--headless", "--config", (home / "panel.toml").string(),
             "--script", (home / "panel.script").string(), "--screenshots", out.string()},
            {},
            {{"HOME", home.string()},
             {"SDL_AUDIODRIVER", "dummy"},
             {"KELUHAN_CONFIG", "\x01unset"},
             {"KELUHAN_DB", "\x01unset"},
             {"CUPS_SERVER", cups.empty() ? (home / "no-cupsd.sock").string() : cups}});
    }
};

std::string login(const std::string& user) {
    return "tap Nama pengguna\ntype " + user + "\ntap Kata sandi\ntype " + user +
           "-rahasia\nkey Return\nexpect Tugas saya\n";
}
const char* kLogout = "tap Keluar\nexpect Masuk ke panel\n";

// One user's turn at their own PC: sign in, open the complaint from "Tugas
// saya", do `body`, sign out.
std::string turn(const std::string& user, const std::string& code, const std::string& body) {
    return login(user) + "tap " + code + "\nexpect " + code + "\n" + body + kLogout;
}

bool has_database(const std::filesystem::path& dir) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".db") return true;
    return false;
}

} // namespace

TEST_CASE("panel --hub: the Kepala Balai gives his disposition from his own PC, with no database "
          "file there") {
    Office2 o;
    const auto code = o.at_disposition();
    auto r = o.panel("pc-kepala",
                     "tap Nama pengguna\ntype kabalai\ntap Kata sandi\n"
                     "type kabalai-rahasia\nkey Return\nexpect Tugas saya\n"
                     "shot 01-tugas\ntap " +
                         code.grouped() + "\nexpect " + code.grouped() +
                         "\ntap Instruksi disposisi kepada koordinator fungsi "
                         "terkait *\ntype Mohon dijawab hari ini.\n"
                         "shot 02-disposisi\ntap Kirim disposisi\n"
                         "expect Langkah dicatat\nshot 03-tercatat\n"
                         "tap Keluar\nexpect Masuk ke panel\n",
                     o.url());
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    const auto c = o.complaint(code);
    CHECK(c.current_step != "disposisi");
    CHECK_FALSE(has_database(o.dir / "pc-kepala"));
    // The hub ended the session at sign-out.
    CHECK(Store::open(o.db).value()->count_sessions(3).value() == 0);
}

TEST_CASE("panel --hub: a hub out of reach is said calmly at sign-in, and the panel starts") {
    Office2 o;
    auto r = o.panel("pc-staf",
                     "tap Nama pengguna\ntype staf\ntap Kata sandi\ntype staf-rahasia\n"
                     "key Return\nexpect tidak terjangkau\nshot 01-offline\n",
                     "http://127.0.0.1:9");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("panel --hub: the whole Palembang SOP with each official at their own PC, and the "
          "letter printed on the front desk's own CUPS") {
    Office2 o;
    test::CupsServer desk_cups; // the printer beside the front desk, not the hub's
    auto store = Store::open(o.db).value();
    const auto code = submit_complaint(*store, o.office, test::sample_submission()).value().code;
    store.reset();
    const std::string c = code.grouped();
    const std::string desk_printer = "[printer]\nletter_name = \"" + desk_cups.printer() + "\"\n";
    struct Turn {
        const char* pc;
        const char* user;
        std::string body;
    };
    const std::vector<Turn> turns{
        {"pc-staf", "staf", "tap Terima dan catat keluhan\nexpect Langkah dicatat\n"},
        {"pc-koor", "koor", "tap Selesaikan langkah\nexpect Langkah dicatat\n"},
        {"pc-kepala", "kabalai",
         "tap Instruksi disposisi kepada koordinator fungsi terkait *\n"
         "type Mohon dicek jadwal pengujian.\ntap Kirim disposisi\nexpect Langkah dicatat\n"},
        {"pc-terkait", "terkait",
         "tap Tanggapan atas keluhan *\ntype Pengujian tertunda karena kalibrasi.\n"
         "tap Kirim tanggapan\nexpect Langkah dicatat\n"},
        {"pc-koor", "koor",
         "tap Instruksi penyusunan surat tanggapan\ntype Buat surat.\n"
         "tap Instruksikan konsep surat\nexpect Langkah dicatat\n"},
        {"pc-staf", "staf",
         "tap Isi surat tanggapan *\ntype  Laporan dikirim Jumat.\nwait 1\n"
         "tap Simpan konsep surat\nexpect Langkah dicatat\n"},
        {"pc-koor", "koor", "tap Setujui surat\nexpect Langkah dicatat\n"},
        {"pc-kepala", "kabalai", "wait 1\ntap Tandatangani surat\nexpect Langkah dicatat\n"},
        {"pc-staf", "staf",
         "tap Cetak surat\nexpect Surat tanggapan dicetak di\nshot 01-letter-printed\n"
         "tap Catat pengiriman surat\nexpect Langkah dicatat\n"},
        {"pc-staf", "staf",
         "tap Keterangan tanda terima (siapa menerima, kapan)\ntype Diterima Budi.\n"
         "tap Catat tanda terima jawaban\nexpect Keluhan selesai\nshot 02-closed\n"},
    };
    int n = 0;
    for (const auto& t : turns) {
        CAPTURE(n);
        CAPTURE(t.user);
        const bool desk = std::string(t.pc) == "pc-staf";
        auto r = o.panel(t.pc, turn(t.user, c, t.body), o.url(),
                         desk ? desk_cups.server() : std::string(), desk ? desk_printer : "");
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        ++n;
    }

    const auto closed = o.complaint(code);
    CHECK(closed.status == ComplaintStatus::Closed);
    auto hub_store = Store::open(o.db, StoreOptions{StoreOptions::Access::Read}).value();
    std::vector<std::string> steps;
    const auto events = hub_store->events(closed.seq).value();
    for (const auto& e : events)
        if (e.kind == "complete") steps.push_back(e.step_id + ":" + e.actor);
    CHECK(steps == std::vector<std::string>{"terima:staf", "teruskan:koor", "disposisi:kabalai",
                                            "tanggapi:terkait", "instruksi:koor", "konsep:staf",
                                            "periksa:koor", "tandatangani:kabalai", "kirim:staf",
                                            "terima_jawaban:staf"});
    // The letter came out of the desk's printer, and the office's list of
    // prints on the hub says so, with who asked.
    CHECK(std::filesystem::exists(desk_cups.output()));
    const auto jobs = hub_store->print_jobs({}).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].document == PrintDocument::SuratTanggapan);
    CHECK(jobs[0].state == PrintState::Completed);
    CHECK(jobs[0].printer == desk_cups.printer());
    CHECK(jobs[0].requested_by == "staf");
    for (const char* pc : {"pc-staf", "pc-koor", "pc-kepala", "pc-terkait"})
        CHECK_MESSAGE(!has_database(o.dir / pc), pc);
}

TEST_CASE("panel --hub: a hub stopped mid-edit and started again: the banner, the typed "
          "disposition kept, and sent once the hub is back") {
    Office2 o;
    const auto code = o.at_disposition();
    const char* shots = std::getenv("KELUHAN_SHOTS");
    const auto out = shots && *shots ? std::filesystem::path(shots) / "pc-kepala-restart"
                                     : o.dir / "pc-kepala-restart" / "shots";
    // The test plays the office's IT person: the hub goes down once the
    // Kepala Balai has typed, and comes back once the panel says it is gone.
    std::atomic<bool> done{false};
    std::atomic<bool> restarted{false};
    std::thread it([&] {
        auto seen = [&](const char* shot) {
            while (!done && !std::filesystem::exists(out / shot))
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        };
        seen("01-typed.png");
        o.hub.stop();
        seen("02-offline.png");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        if (!done) restarted = o.try_start(o.port);
    });
    const std::string typed = "Mohon dijawab hari ini, sebelum pukul 15.00.";
    auto r = o.panel("pc-kepala-restart",
                     login("kabalai") + "tap " + code.grouped() + "\nexpect " + code.grouped() +
                         "\ntap Instruksi disposisi kepada koordinator fungsi terkait *\n"
                         "type " +
                         typed +
                         "\nshot 01-typed\nawait 40 tidak terjangkau\n"
                         "tap Kirim disposisi\nexpect tidak terjangkau\nexpect " +
                         typed + "\nshot 02-offline\nawait 30 Terhubung kembali\nexpect " + typed +
                         "\ntap Kirim disposisi\nexpect Langkah dicatat\nshot 03-sent\n" + kLogout,
                     o.url());
    done = true;
    it.join();
    CHECK(restarted);
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    const auto c = o.complaint(code);
    CHECK(c.current_step != "disposisi");
    auto s = Store::open(o.db, StoreOptions{StoreOptions::Access::Read}).value();
    int dispositions = 0;
    const auto events = s->events(c.seq).value();
    for (const auto& e : events)
        if (e.kind == "complete" && e.step_id == "disposisi") {
            ++dispositions;
            CHECK(e.note == typed);
            CHECK(e.actor == "kabalai");
        }
    CHECK(dispositions == 1);
}

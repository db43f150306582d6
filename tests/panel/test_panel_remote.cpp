// keluhan-admin --hub URL, headless and driven by scripts: the panel on an
// official's own PC, with its own home and data folder and no database file
// there, working on the office's Hub (in this process, on a real SQLite
// file, over loopback HTTP). Screenshots: $KELUHAN_SHOTS/<test>/.
#include "hub.hpp"

#include "keluhan/ops/auth.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

struct Office2 {
    TempDir dir;
    std::filesystem::path db = dir / "hub.db";
    Office office = test::load_office();
    hub::Hub hub;

    Office2() {
        auto store = Store::open(db).value();
        for (const auto& [name, role] :
             {std::pair{"staf", Role::StafPji}, std::pair{"koor", Role::KoordinatorPji},
              std::pair{"kabalai", Role::KepalaBalai}})
            REQUIRE(create_user(*store, name, std::string("Bapak ") + name, role,
                                std::string(name) + "-rahasia"));
        HubConfig cfg;
        cfg.listen = "127.0.0.1";
        cfg.port = 0;
        hub.set_log([](std::string_view) {});
        REQUIRE(hub.start(office, db, cfg));
    }
    [[nodiscard]] std::string url() const {
        return "http://127.0.0.1:" + std::to_string(hub.port());
    }
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

    // The panel on another PC: its own folder as home and data_dir.
    test::ProcessResult panel(const std::string& pc, const std::string& script,
                              const std::string& hub_url) {
        const auto home = dir / pc;
        std::filesystem::create_directories(home);
        std::ofstream(home / "panel.script") << script;
        std::ofstream(home / "panel.toml") << "[storage]\ndata_dir = \"" << (home / "data").string()
                                           << "\"\n[panel]\nhub_url = \"" << hub_url << "\"\n";
        const char* shots = std::getenv("KELUHAN_SHOTS");
        const auto out = shots && *shots ? std::filesystem::path(shots) / pc : home / "shots";
        return test::run_process({KELUHAN_ADMIN_BIN, "--headless", "--config",
                                  (home / "panel.toml").string(), "--script",
                                  (home / "panel.script").string(), "--screenshots", out.string()},
                                 {},
                                 {{"HOME", home.string()},
                                  {"SDL_AUDIODRIVER", "dummy"},
                                  {"KELUHAN_CONFIG", "\x01unset"},
                                  {"KELUHAN_DB", "\x01unset"},
                                  {"CUPS_SERVER", (home / "no-cupsd.sock").string()}});
    }
};

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

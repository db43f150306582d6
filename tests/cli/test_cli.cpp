// Runs the real `keluhan` binary: exit codes, messages in the user's
// language, and that refused input leaves the database as it was.
#include "keluhan/storage/store.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace keluhan;
using keluhan::test::ProcessResult;
using keluhan::test::TempDir;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kCleanEnv{{"KELUHAN_DB", "\x01unset"},
                                                   {"KELUHAN_CONFIG", "\x01unset"},
                                                   {"KELUHAN_LANG", "\x01unset"},
                                                   {"KELUHAN_PASSWORD", "\x01unset"}};

struct Cli {
    TempDir dir;
    std::string db = (dir / "keluhan.db").string();

    ProcessResult run(std::vector<std::string> args, const std::string& input = {},
                      std::map<std::string, std::string> env = {}) const {
        args.insert(args.begin(), {KELUHAN_BIN, "--db", db});
        for (const auto& [k, v] : kCleanEnv)
            env.emplace(k, v);
        return test::run_process(args, input, env);
    }
    // Everything a refusal must leave untouched: the register and each
    // complaint's steps and events.
    std::string snapshot(const std::vector<std::string>& codes) const {
        std::string s = run({"--json", "list", "--all"}).out;
        for (const auto& c : codes)
            s += run({"--json", "show", c}).out;
        return s;
    }
    std::string submit_sample(const std::string& description = "Hasil uji terlambat") const {
        auto r = run({"submit", "--name", "Budi", "--phone", "081234567890", "--service",
                      "pengujian", "--description", description, "--consent"});
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return r.out.substr(0, r.out.find('\n'));
    }
    void add_user(const std::string& name, const std::string& role) const {
        auto r = run({"user", "add", name, "--role", role}, "kata-sandi-" + name + "\n");
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
    ProcessResult advance(const std::string& code, const std::string& user,
                          std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"advance", code, "--user", user};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args, {}, {{"KELUHAN_PASSWORD", "kata-sandi-" + user}});
    }
};

const std::regex kCodeShape(
    "^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$");

} // namespace

TEST_CASE("cli: help everywhere, usage errors exit 2") {
    Cli cli;
    auto help = cli.run({"--help"});
    CHECK(help.exit_code == 0);
    for (const char* cmd :
         {"init", "submit", "list", "show", "advance", "sop", "user", "export", "backup", "check"})
        CHECK_MESSAGE(help.out.find(cmd) != std::string::npos, cmd);
    CHECK(cli.run({"advance", "--help"}).exit_code == 0);
    CHECK(cli.run({"user", "add", "--help"}).out.find("--role") != std::string::npos);
    CHECK(cli.run({}).exit_code == 2);
    CHECK(cli.run({"terbang"}).exit_code == 2);
    CHECK(cli.run({"list", "--limit", "banyak"}).exit_code == 2);
    CHECK(cli.run({"advance", "ABCD"}).exit_code == 2); // --user missing
    CHECK(cli.run({"--lang", "jv", "check"}).exit_code == 2);
}

TEST_CASE("cli: init is harmless to repeat, commands on a missing database say how to make it") {
    Cli cli;
    auto missing = cli.run({"list"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("keluhan --db " + cli.db + " init") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(cli.db));
    auto first = cli.run({"init"});
    CHECK(first.exit_code == 0);
    auto again = cli.run({"--json", "init"});
    CHECK(again.exit_code == 0);
    CHECK(json::parse(again.out)["schema_version"] == Store::latest_schema_version());
    CHECK(cli.run({"check"}).exit_code == 0);
}

TEST_CASE("cli: submit from flags and from JSON, show gives steps with times, and events") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const auto code = cli.submit_sample();
    CHECK(std::regex_match(code, kCodeShape));
    auto js =
        cli.run({"--json", "submit", "--stdin"},
                R"({"channel":"lisan","name":"Ani","organization":"UD Maju","phone":"0811223344",
                          "email":"ani@maju.id","anonymous":false,"service":"kalibrasi","reference":"K-9",
                          "description":"Timbangan tidak akurat","expectation":"Kalibrasi ulang","consent":true})");
    REQUIRE_MESSAGE(js.exit_code == 0, js.err);
    const auto code2 = json::parse(js.out)["code"].get<std::string>();
    CHECK(std::regex_match(code2, kCodeShape));

    auto show = cli.run({"--json", "show", code2});
    REQUIRE(show.exit_code == 0);
    const auto j = json::parse(show.out);
    CHECK(j["channel"] == "lisan");
    CHECK(j["name"] == "Ani");
    CHECK(j["current_step"] == "terima");
    REQUIRE(j["steps"].size() == 11);
    CHECK(j["steps"][0]["state"] == "done");
    CHECK(j["steps"][1]["state"] == "current");
    CHECK(j["steps"][1]["standard_time"] == "10 menit");
    CHECK(j["steps"][5]["standard_time"] == "2 jam");
    CHECK(j["steps"][1].contains("working_minutes"));
    CHECK(j["events"].size() == 1);
    // The code is read leniently: lower case, no dashes.
    std::string lower = code2;
    lower.erase(std::remove(lower.begin(), lower.end(), '-'), lower.end());
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(cli.run({"show", lower}).exit_code == 0);
    auto text = cli.run({"show", code});
    CHECK(text.out.find("Budi") != std::string::npos);
    CHECK(text.out.find("[>]") != std::string::npos);
}

TEST_CASE("cli: refused input exits 1 with a clear reason and writes nothing") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const auto code = cli.submit_sample();
    cli.add_user("staf", "staf_pji");
    cli.add_user("kepala", "kepala_balai");
    const auto before = cli.snapshot({code});

    auto submit = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"submit",       "--name",    "Budi",      "--phone",
                                      "081234567890", "--service", "pengujian", "--consent"};
        args.insert(args.end(), extra.begin(), extra.end());
        return cli.run(args);
    };
    auto too_long = submit({"--description", std::string(20001, 'a')});
    CHECK(too_long.exit_code == 1);
    CHECK(too_long.err.find("terlalu panjang: 20001 karakter, paling banyak 20000") !=
          std::string::npos);
    auto bad_utf8 = submit({"--description", "rusak \xC3\x28"});
    CHECK(bad_utf8.exit_code == 1);
    CHECK(bad_utf8.err.find("tidak sah") != std::string::npos);
    auto bad_json = cli.run({"submit", "--stdin"}, "{\"description\": \"x\xFF\"}");
    CHECK(bad_json.exit_code == 1);
    auto missing = submit({});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("Isi keluhan wajib diisi") != std::string::npos);
    auto no_consent = cli.run({"submit", "--name", "Budi", "--phone", "081234567890", "--service",
                               "pengujian", "--description", "x"});
    CHECK(no_consent.exit_code == 1);
    CHECK(no_consent.err.find("privasi") != std::string::npos);
    auto bad_service = cli.run({"submit", "--name", "Budi", "--phone", "081234567890", "--service",
                                "sulap", "--description", "x", "--consent"});
    CHECK(bad_service.exit_code == 1);
    CHECK(bad_service.err.find("Layanan \"sulap\" tidak dikenal") != std::string::npos);

    // A typo in the code: change one symbol, the check symbol catches it.
    std::string typo = code;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    auto t = cli.run({"show", typo});
    CHECK(t.exit_code == 1);
    CHECK(t.err.find("salah ketik") != std::string::npos);
    CHECK(cli.advance(typo, "staf").exit_code == 1);

    auto unknown = cli.advance(code, "hantu");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("Nama pengguna atau kata sandi salah") != std::string::npos);
    auto wrong_pw =
        cli.run({"advance", code, "--user", "staf"}, {}, {{"KELUHAN_PASSWORD", "salah-sekali"}});
    CHECK(wrong_pw.exit_code == 1);
    auto wrong_role = cli.advance(code, "kepala");
    CHECK(wrong_role.exit_code == 1);
    CHECK(wrong_role.err.find("dijalankan oleh Staf PJI, bukan Kepala Balai") != std::string::npos);
    auto no_return = cli.advance(code, "staf", {"--return", "--note", "x"});
    CHECK(no_return.exit_code == 1);

    CHECK(cli.snapshot({code}) == before);
}

TEST_CASE("cli: messages in English with --lang en") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    auto r = cli.run({"--lang", "en", "show", "ABCD-EFGH-JKMN-P"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("typing mistake") != std::string::npos);
}

TEST_CASE("cli: text that looks like SQL is stored verbatim") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const std::string evil = "x'); DROP TABLE complaints; --";
    const auto code = cli.submit_sample(evil);
    auto j = json::parse(cli.run({"--json", "show", code}).out);
    CHECK(j["description"] == evil);
    CHECK(cli.run({"check"}).exit_code == 0);
}

TEST_CASE("cli: the whole Palembang SOP with advance, including a returned letter") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    for (auto [n, r] : {std::pair{"staf", "staf_pji"},
                        {"koordinator", "koordinator_pji"},
                        {"kepala", "kepala_balai"},
                        {"terkait", "koordinator_terkait"}})
        cli.add_user(n, r);
    auto users = json::parse(cli.run({"--json", "user", "list"}).out);
    CHECK(users.size() == 4);
    const auto code = cli.submit_sample();
    const std::vector<std::pair<std::string, std::vector<std::string>>> walk{
        {"staf", {}},
        {"koordinator", {}},
        {"kepala", {"--note", "Segera tanggapi"}},
        {"terkait", {"--note", "Laporan dikirim Senin"}},
        {"koordinator", {}},
        {"staf",
         {"--note", "Dengan hormat, laporan hasil uji Bapak kami kirim hari ini."}}, // the draft
        {"koordinator", {"--return", "--note", "Tambahkan tanggal pengiriman"}},
        {"staf",
         {"--note", "Dengan hormat, laporan hasil uji Bapak kami kirim Senin, 23 November."}},
        {"koordinator", {}},
        {"kepala", {}},
        {"staf", {"--note", "Dikirim lewat email"}},
        {"staf", {}},
    };
    for (std::size_t i = 0; i < walk.size(); ++i) {
        const auto& [user, extra] = walk[i];
        if (i == 5) {
            // The draft step carries the letter's text: without it, refused.
            auto empty = cli.advance(code, user, {});
            CHECK(empty.exit_code == 1);
            CHECK(empty.err.find("wajib") != std::string::npos);
        }
        auto r = cli.advance(code, user, extra);
        REQUIRE_MESSAGE(r.exit_code == 0, user << ": " << r.err);
    }
    auto j = json::parse(cli.run({"--json", "show", code}).out);
    CHECK(j["status"] == "closed");
    CHECK(std::regex_match(j["register_number"].get<std::string>(),
                           std::regex("^001/KEL/BSPJI-PLG/[IVX]+/20[0-9]{2}$")));
    for (const auto& s : j["steps"])
        CHECK(s["state"] == "done");
    CHECK(j["steps"][6]["returned"] == 1);
    int returns = 0;
    for (const auto& e : j["events"])
        returns += e["kind"] == "return";
    CHECK(returns == 1);
    auto done = cli.advance(code, "staf");
    CHECK(done.exit_code == 1);
    CHECK(done.err.find("sudah selesai") != std::string::npos);
    auto closed = json::parse(cli.run({"--json", "list", "--status", "closed"}).out);
    CHECK(closed["complaints"].size() == 1);
}

TEST_CASE("cli: list filters, search, paging and CSV export") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    for (int i = 0; i < 7; ++i)
        (void)cli.submit_sample(i % 2 ? "Timbangan rusak" : "=HYPERLINK(\"http://x\")");
    auto page = json::parse(cli.run({"--json", "list", "--limit", "3"}).out);
    CHECK(page["complaints"].size() == 3);
    REQUIRE(page.contains("next"));
    auto page2 =
        json::parse(cli.run({"--json", "list", "--limit", "3", "--after", page["next"]}).out);
    CHECK(page2["complaints"][0]["code"] != page["complaints"][0]["code"]);
    CHECK(json::parse(cli.run({"--json", "list", "--search", "timbangan"}).out)["complaints"]
              .size() == 3);
    CHECK(json::parse(cli.run({"--json", "list", "--status", "open", "--all"}).out)["complaints"]
              .size() == 7);
    CHECK(cli.run({"list", "--status", "lost"}).exit_code == 1);
    CHECK(cli.run({"list", "--from", "2026-13-01"}).exit_code == 1);
    // The register with every contact: only for a signed-in user whose role keeps it.
    cli.add_user("staf", "staf_pji");
    cli.add_user("admin", "administrator");
    CHECK(cli.run({"export", "csv"}).exit_code == 2); // --user is required
    auto denied = cli.run({"export", "csv", "--user", "admin"}, {},
                          {{"KELUHAN_PASSWORD", "kata-sandi-admin"}});
    CHECK(denied.exit_code == 1);
    CHECK(denied.out.empty());
    CHECK(denied.err.find("Administrator") != std::string::npos);
    CHECK(cli.run({"export", "csv", "--user", "staf"}, {}, {{"KELUHAN_PASSWORD", "salah-sandi"}})
              .exit_code == 1);
    auto csv =
        cli.run({"export", "csv", "--user", "staf"}, {}, {{"KELUHAN_PASSWORD", "kata-sandi-staf"}});
    REQUIRE_MESSAGE(csv.exit_code == 0, csv.err);
    CHECK(csv.out.rfind("\xEF\xBB\xBF\"No\",\"Nomor Register\"", 0) == 0);
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 8);
    CHECK(csv.out.find("\"'=HYPERLINK(\"\"http://x\"\")\"") !=
          std::string::npos); // formula defused
    const auto file = cli.dir / "daftar.csv";
    auto written = cli.run({"export", "csv", "--out", file.string(), "--user", "staf"}, {},
                           {{"KELUHAN_PASSWORD", "kata-sandi-staf"}});
    CHECK(written.exit_code == 0);
    CHECK(written.out.find("7 keluhan") != std::string::npos);
    CHECK(test::read_file(file) == csv.out);
    // Both exports are in the audit trail, by whom and where to; the refused one is not.
    const std::string audit = test::sqlite_text(
        cli.db, "SELECT group_concat(actor || ' ' || action || ' ' || subject || ' ' || detail, "
                "'|') FROM audit WHERE action = 'register.export'");
    CHECK(audit == "staf register.export - 7 complaint(s)|staf register.export " + file.string() +
                       " 7 complaint(s)");
}

TEST_CASE("cli: sop list and show") {
    Cli cli;
    auto list = cli.run({"sop", "list"});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("* bspji-palembang") != std::string::npos);
    CHECK(list.out.find("balai-capa") != std::string::npos);
    auto j = json::parse(cli.run({"--json", "sop", "show", "balai-capa"}).out);
    CHECK(j["steps"].size() == 6);
    CHECK(j["steps"][2]["standard_time"] == "7 hari");
    CHECK(j["steps"][4]["acting_role"] == "staf_pji");
    CHECK(cli.run({"sop", "show", "../../etc/passwd"}).exit_code == 1);
    CHECK(cli.run({"sop", "show", "tidak-ada"}).exit_code == 1);
}

TEST_CASE("cli: backup and check, storage failures exit 3") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const auto code = cli.submit_sample();
    const auto copy = (cli.dir / "cadangan.db").string();
    CHECK(cli.run({"backup", copy}).exit_code == 0);
    auto again = cli.run({"backup", copy});
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("sudah ada") != std::string::npos);
    auto from_copy = test::run_process({KELUHAN_BIN, "--db", copy, "show", code}, {}, kCleanEnv);
    CHECK(from_copy.exit_code == 0);
    CHECK(test::run_process({KELUHAN_BIN, "--db", copy, "check"}, {}, kCleanEnv).exit_code == 0);

    auto cannot =
        test::run_process({KELUHAN_BIN, "--db", "/proc/keluhan/x.db", "init"}, {}, kCleanEnv);
    CHECK(cannot.exit_code == 3);

    // Another program has the file open for writing: the command line writes
    // too, between that program's transactions.
    {
        auto other =
            Store::open(cli.db, StoreOptions{StoreOptions::Access::Write, "keluhan serve", 100});
        REQUIRE(other.ok());
        auto meanwhile = cli.run({"submit", "--name", "Budi", "--phone", "081234567890",
                                  "--service", "pengujian", "--description", "x", "--consent"});
        CHECK_MESSAGE(meanwhile.exit_code == 0, meanwhile.err);
    }
    // Another program is in the middle of a write that outlasts the wait:
    // refused, naming it, and reading is fine meanwhile.
    test::HeldWriterLock held(cli.db, "keluhan-kiosk");
    auto locked = cli.run({"submit", "--name", "Budi", "--phone", "081234567890", "--service",
                           "pengujian", "--description", "x", "--consent"});
    CHECK(locked.exit_code == 3);
    CHECK(locked.err.find("keluhan-kiosk") != std::string::npos);
    CHECK(cli.run({"show", code}).exit_code == 0);
}

TEST_CASE("cli: backup --dir and restore, and what a user can get wrong with them") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const auto first = cli.submit_sample("Yang pertama");
    const auto dir = cli.dir / "backups";

    // Neither a file nor a folder, or both: said which one to give.
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"backup"},
          std::vector<std::string>{"backup", (cli.dir / "x.db").string(), "--dir", dir.string()}}) {
        auto r = cli.run(args);
        CHECK(r.exit_code == 1);
        CHECK_MESSAGE(r.err.find("Sebutkan satu") != std::string::npos, r.err);
    }
    CHECK(cli.run({"backup", "--dir", dir.string(), "--keep-days", "0"}).exit_code == 2);

    // The nightly copy, named by the office's (frozen) date.
    auto nightly = cli.run({"backup", "--dir", dir.string()});
    REQUIRE_MESSAGE(nightly.exit_code == 0, nightly.err);
    const auto copy = dir / "keluhan-2026-11-23.db";
    CHECK(nightly.out.find("diperiksa (utuh)") != std::string::npos);
    CHECK(std::filesystem::exists(copy));
    const auto second = cli.submit_sample("Sesudah salinan");

    // A restore: a missing file, then no terminal to ask on, are refused
    // with the database untouched.
    const auto before = cli.snapshot({first, second});
    auto missing = cli.run({"restore", (cli.dir / "tidak-ada.db").string()});
    CHECK(missing.exit_code == 1);
    CHECK_MESSAGE(missing.err.find("tidak ada") != std::string::npos, missing.err);
    auto unasked = cli.run({"restore", copy.string()});
    CHECK(unasked.exit_code == 1);
    CHECK_MESSAGE(unasked.err.find("--yes") != std::string::npos, unasked.err);
    CHECK(cli.snapshot({first, second}) == before);

    auto restored = cli.run({"restore", copy.string(), "--yes"});
    REQUIRE_MESSAGE(restored.exit_code == 0, restored.err);
    CHECK(restored.out.find("dipulihkan") != std::string::npos);
    CHECK(cli.run({"show", first}).exit_code == 0);
    CHECK(cli.run({"show", second}).exit_code != 0); // taken after the copy
}

TEST_CASE("cli: a backup onto a full disk fails with a clear message and leaves neither the copy "
          "nor a .partial") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    (void)cli.submit_sample();
    const auto copy = cli.dir / "cadangan.db";
    // The disk is "full" after 4 KiB: a file-size limit on the process
    // (its signal ignored, so the write fails with EFBIG as on ENOSPC).
    auto full = test::run_process({"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"",
                                   KELUHAN_BIN, "--db", cli.db, "backup", copy.string()},
                                  {}, kCleanEnv);
    CHECK(full.exit_code == 3);
    CHECK_MESSAGE(!full.err.empty(), full.out);
    CHECK(full.err.find("tidak dapat dibaca atau ditulis") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(copy));
    CHECK_FALSE(std::filesystem::exists(copy.string() + ".partial"));
    // With room, the same command makes the copy.
    CHECK(cli.run({"backup", copy.string()}).exit_code == 0);
    CHECK(std::filesystem::exists(copy));
}

TEST_CASE("cli: user add refuses bad names, roles and short passwords") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    CHECK(
        cli.run({"user", "add", "Staf Satu", "--role", "staf_pji"}, "kata-sandi-ok\n").exit_code ==
        1);
    CHECK(cli.run({"user", "add", "staf", "--role", "lurah"}, "kata-sandi-ok\n").exit_code == 1);
    auto short_pw = cli.run({"user", "add", "staf", "--role", "staf_pji"}, "pendek\n");
    CHECK(short_pw.exit_code == 1);
    CHECK(short_pw.err.find("paling sedikit 8") != std::string::npos);
    CHECK(cli.run({"user", "add", "staf", "--role", "staf_pji"}, "kata-sandi-ok\n").exit_code == 0);
    CHECK(cli.run({"user", "add", "staf", "--role", "staf_pji"}, "kata-sandi-ok\n").exit_code == 1);
}

TEST_CASE("cli: a device, a folder or a flood given as input is refused at once by name, not read "
          "without end") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const auto before = cli.snapshot({});
    auto submit = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{
            "submit",    "--name",    "Budi",      "--phone",       "081234567890",
            "--service", "pengujian", "--consent", "--description", "Hasil uji terlambat"};
        args.insert(args.end(), extra.begin(), extra.end());
        return cli.run(args);
    };
    // /dev/zero never ends: each of these read it whole (4 GB in 4 s) before.
    auto config = cli.run({"--config", "/dev/zero", "list"});
    CHECK(config.exit_code != 0);
    CHECK(config.err.find("/dev/zero bukan berkas biasa") != std::string::npos);
    auto device = submit({"--attach", "/dev/zero"});
    CHECK(device.exit_code == 1);
    CHECK(device.err.find("/dev/zero bukan berkas biasa") != std::string::npos);
    auto folder = submit({"--attach", cli.dir.path().string()});
    CHECK(folder.exit_code == 1);
    CHECK(folder.err.find("bukan berkas biasa") != std::string::npos);
    CHECK(folder.err.find("internal") == std::string::npos);
    auto missing = submit({"--attach", (cli.dir / "tidak-ada.wav").string()});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("tidak-ada.wav tidak ada") != std::string::npos);
    // A file over the attachment limit, told by its size before it is read.
    const auto big = cli.dir / "besar.wav";
    std::ofstream(big).put('R');
    std::filesystem::resize_file(big, 65 * 1024 * 1024); // sparse: costs no disk
    auto large = submit({"--attach", big.string()});
    CHECK(large.exit_code == 1);
    CHECK(large.err.find("terlalu besar") != std::string::npos);
    // Standard input: a JSON submission is a few KiB; a flood is refused.
    auto flood = test::run_process({"/bin/sh", "-c",
                                    std::string("head -c 3000000 /dev/zero | ") + KELUHAN_BIN +
                                        " --db " + cli.db + " submit --stdin"},
                                   {}, kCleanEnv);
    CHECK(flood.exit_code == 1);
    CHECK(flood.err.find("stdin terlalu besar") != std::string::npos);
    CHECK(cli.snapshot({}) == before);
}

TEST_CASE("cli: the letter carries the signer's NIP stored in the settings, unless --nip says "
          "another") {
    Cli cli;
    REQUIRE(cli.run({"init"}).exit_code == 0);
    const auto code = cli.submit_sample();
    cli.add_user("admin", "administrator");
    auto set =
        cli.run({"settings", "set", "office.signer_nip", "197001012000031001", "--user", "admin"},
                {}, {{"KELUHAN_PASSWORD", "kata-sandi-admin"}});
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    auto text_of = [&](std::vector<std::string> extra) {
        const auto pdf = (cli.dir / "surat.pdf").string();
        std::vector<std::string> args{"letter", code, "--pdf", pdf};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = cli.run(args);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return test::run_process({"/usr/bin/pdftotext", pdf, "-"}).out;
    };
    CHECK(text_of({}).find("NIP 197001012000031001") != std::string::npos);
    const auto other = text_of({"--nip", "198502022010121002"});
    CHECK(other.find("NIP 198502022010121002") != std::string::npos);
    CHECK(other.find("197001012000031001") == std::string::npos);
}

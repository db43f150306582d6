// The admin commands on the real `keluhan` binary: settings, user
// administration, CAPA, the monthly report and personal data - exit codes,
// messages in the user's language, and that a refusal writes nothing.
#include "support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace keluhan;
using keluhan::test::ProcessResult;
using keluhan::test::TempDir;
using nlohmann::json;

namespace {

struct Cli {
    TempDir dir;
    std::string db = (dir / "keluhan.db").string();
    std::string config;

    explicit Cli(const std::string& profile = "bspji-palembang") {
        config = (dir / "kantor.toml").string();
        std::ofstream(config) << "[sop]\nprofile = \"" << profile << "\"\n";
        REQUIRE(run({"init"}).exit_code == 0);
        for (const auto& [name, role] :
             {std::pair{"admin", "administrator"}, std::pair{"staf", "staf_pji"},
              std::pair{"koordinator", "koordinator_pji"}, std::pair{"kepala", "kepala_balai"},
              std::pair{"terkait", "koordinator_terkait"}}) {
            auto r =
                run({"user", "add", name, "--role", role}, std::string("sandi-") + name + "\n");
            REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        }
    }
    ProcessResult run(std::vector<std::string> args, const std::string& input = {},
                      std::map<std::string, std::string> env = {}) const {
        args.insert(args.begin(), {KELUHAN_BIN, "--db", db, "--config", config});
        for (const auto& [k, v] :
             std::map<std::string, std::string>{{"KELUHAN_DB", "\x01unset"},
                                                {"KELUHAN_CONFIG", "\x01unset"},
                                                {"KELUHAN_LANG", "\x01unset"},
                                                {"KELUHAN_PASSWORD", "\x01unset"}})
            env.emplace(k, v);
        return test::run_process(args, input, env);
    }
    ProcessResult as(const std::string& user, std::vector<std::string> args,
                     const std::string& input = {}) const {
        args.push_back("--user");
        args.push_back(user);
        return run(args, input, {{"KELUHAN_PASSWORD", "sandi-" + user}});
    }
    std::string submit() const {
        auto r = run({"submit", "--name", "Budi", "--phone", "0812 3456 7890", "--service",
                      "pengujian", "--description", "Hasil uji terlambat", "--consent"});
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return r.out.substr(0, r.out.find('\n'));
    }
    // Advances as whoever acts on the current step until it is at `step` (or closed).
    void advance_to(const std::string& code, const std::string& step) const {
        for (int guard = 0; guard < 20; ++guard) {
            const auto show = json::parse(run({"--json", "show", code}).out);
            if (show["status"] == "closed" || show["current_step"] == step) return;
            std::string who = "staf";
            for (const auto& s : show["steps"])
                if (s["state"] == "current") {
                    // The customer's steps are recorded by the front desk in both profiles.
                    const std::string role = s["actor"].get<std::string>();
                    who = role == "staf_pji"              ? "staf"
                          : role == "koordinator_pji"     ? "koordinator"
                          : role == "kepala_balai"        ? "kepala"
                          : role == "koordinator_terkait" ? "terkait"
                                                          : "staf";
                }
            auto r = as(who, {"advance", code, "--note", "Dikerjakan sesuai SOP"});
            REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        }
    }
};

} // namespace

TEST_CASE("cli settings: list get set by the administrator refused with the reason reset") {
    Cli cli;
    auto list = cli.run({"settings", "list"});
    REQUIRE(list.exit_code == 0);
    for (const char* key : {"office.name", "office.signer_nip", "printer.letter_name",
                            "sop.profile", "calendar.holidays"})
        CHECK_MESSAGE(list.out.find(key) != std::string::npos, key);
    CHECK(cli.run({"settings", "get", "sop.profile"}).out == "bspji-palembang\n");
    CHECK(cli.run({"settings", "get", "office.warna"}).exit_code == 1);

    auto bad = cli.as("admin", {"settings", "set", "office.email", "bukan-email"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("Email tidak sah") != std::string::npos);
    auto denied = cli.as("staf", {"settings", "set", "office.name", "Kantor Lain"});
    CHECK(denied.exit_code == 1);
    CHECK(denied.err.find("tidak berwenang") != std::string::npos);
    auto wrong_pw = cli.run({"settings", "set", "office.name", "X", "--user", "admin"}, {},
                            {{"KELUHAN_PASSWORD", "salah"}});
    CHECK(wrong_pw.exit_code == 1);
    CHECK(cli.run({"--json", "settings", "list"}).out.find("\"stored\": true") ==
          std::string::npos);

    auto set = cli.as("admin", {"settings", "set", "office.name", "BSPJI Uji Coba"});
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    CHECK(cli.run({"settings", "get", "office.name"}).out == "BSPJI Uji Coba\n");
    CHECK(cli.run({"settings", "list"}).out.find("disimpan oleh admin") != std::string::npos);
    REQUIRE(cli.as("admin", {"settings", "set", "calendar.holidays", "2026-12-25\\n2026-12-31"})
                .exit_code == 0);
    CHECK(cli.run({"settings", "get", "calendar.holidays"}).out == "2026-12-25\n2026-12-31\n");
    CHECK(cli.run({"--lang", "en", "settings", "set", "calendar.monday", "8-16", "--user", "admin"},
                  {}, {{"KELUHAN_PASSWORD", "sandi-admin"}})
              .err.find("Monday office hours is not valid") != std::string::npos);

    // The register pattern applies to the next register number given.
    REQUIRE(cli.as("admin", {"settings", "set", "office.register_pattern", "{seq:04}/UJI/{year}"})
                .exit_code == 0);
    const auto code = cli.submit();
    REQUIRE(cli.as("staf", {"advance", code}).exit_code == 0);
    // Received at the frozen now (the test main's KELUHAN_NOW): its year at the office.
    CHECK(json::parse(cli.run({"--json", "show", code}).out)["register_number"] ==
          "0001/UJI/" + std::to_string(test::today_at_office().year));

    REQUIRE(cli.as("admin", {"settings", "reset", "office.name"}).exit_code == 0);
    CHECK(cli.run({"settings", "get", "office.name"}).out.find("Palembang") != std::string::npos);

    // The SOP profile: refused while a complaint is open under the old one.
    auto sop = cli.as("admin", {"settings", "set", "sop.profile", "balai-capa"});
    CHECK(sop.exit_code == 1);
    CHECK(sop.err.find("masih terbuka") != std::string::npos);
    CHECK(cli.run({"settings", "get", "sop.profile"}).out == "bspji-palembang\n");
}

TEST_CASE("cli users: disable enable password role - an administrator cannot disable themself") {
    Cli cli;
    auto self = cli.as("admin", {"user", "disable", "admin"});
    CHECK(self.exit_code == 1);
    CHECK(self.err.find("akun Anda sendiri") != std::string::npos);
    CHECK(cli.as("staf", {"user", "disable", "koordinator"}).exit_code == 1);

    REQUIRE(cli.as("admin", {"user", "disable", "staf"}).exit_code == 0);
    const auto code = cli.submit();
    auto refused = cli.as("staf", {"advance", code});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("dinonaktifkan") != std::string::npos);
    REQUIRE(cli.as("admin", {"user", "enable", "staf"}).exit_code == 0);
    // New password: the administrator's, then the new one, each a line of stdin.
    auto pw =
        cli.run({"user", "password", "staf", "--user", "admin"}, "sandi-admin\nsandi-baru-staf\n");
    REQUIRE_MESSAGE(pw.exit_code == 0, pw.err);
    CHECK(cli.as("staf", {"advance", code}).exit_code == 1); // the old password no longer works
    CHECK(
        cli.run({"advance", code, "--user", "staf"}, {}, {{"KELUHAN_PASSWORD", "sandi-baru-staf"}})
            .exit_code == 0);
    auto role = cli.as("admin", {"user", "role", "koordinator", "kepala_balai"});
    REQUIRE(role.exit_code == 0);
    CHECK(role.out.find("Kepala Balai") != std::string::npos);
    CHECK(cli.as("admin", {"user", "role", "koordinator", "raja"}).exit_code == 1);
    auto users = json::parse(cli.run({"--json", "user", "list"}).out);
    for (const auto& u : users)
        if (u["name"] == "koordinator") CHECK(u["role"] == "kepala_balai");
}

TEST_CASE("cli capa: advance refused until the corrective action is recorded - shown with the "
          "complaint") {
    Cli cli("balai-capa");
    const auto code = cli.submit();
    cli.advance_to(code, "tindak_lanjut");
    auto refused = cli.as("terkait", {"advance", code, "--note", "Konsep surat balasan"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("Penyebab ketidaksesuaian belum diisi") != std::string::npos);
    CHECK(cli.as("terkait", {"capa", code, "--due-date", "besok"}).exit_code == 1);
    auto partial = cli.as("terkait", {"capa", code, "--root-cause", "Alat belum dikalibrasi"});
    REQUIRE_MESSAGE(partial.exit_code == 0, partial.err);
    CHECK(partial.out.find("masih kosong: Tindakan koreksi") != std::string::npos);
    auto rest =
        cli.as("terkait", {"capa", code, "--correction", "Laporan dikirim", "--corrective-action",
                           "Kalibrasi terjadwal", "--preventive-action", "Cek mingguan",
                           "--responsible", "Ketua Pokja Uji", "--due-date", "2026-12-05"});
    REQUIRE_MESSAGE(rest.exit_code == 0, rest.err);
    CHECK(rest.out.find("masih kosong") == std::string::npos);
    REQUIRE(cli.as("terkait", {"advance", code, "--note", "Konsep surat balasan"}).exit_code == 0);
    const auto show = json::parse(cli.run({"--json", "show", code}).out);
    CHECK(show["capa"]["root_cause"] == "Alat belum dikalibrasi");
    CHECK(show["capa"]["due_date"] == "2026-12-05");
    CHECK(cli.run({"show", code}).out.find("Tindakan pencegahan: Cek mingguan") !=
          std::string::npos);
    auto csv = cli.as("kepala", {"export", "csv"});
    CHECK(csv.out.find("Penyebab ketidaksesuaian") != std::string::npos);
    CHECK(csv.out.find("Kalibrasi terjadwal") != std::string::npos);

    // The record on paper: A4 with every field, the effectiveness check
    // still to come, and who prepared it by name.
    const auto pdf = cli.dir / "capa.pdf";
    auto rec = cli.run({"--json", "capa-record", code, "--pdf", pdf.string()});
    REQUIRE_MESSAGE(rec.exit_code == 0, rec.err);
    CHECK(json::parse(rec.out)["pages"] == 1);
    auto text = test::run_process({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"});
    REQUIRE(text.exit_code == 0);
    for (const char* want :
         {"CATATAN TINDAKAN KOREKSI DAN PENCEGAHAN", "Alat belum dikalibrasi", "Cek mingguan",
          "Ketua Pokja Uji", "5 Desember 2026", "Hasil evaluasi keefektifan", "(belum diisi)",
          "Dokumen internal", "Notulen"})
        CHECK_MESSAGE(text.out.find(want) != std::string::npos, want);
    // The draft answer is the letter's, not the record's.
    CHECK(text.out.find("Konsep surat balasan") == std::string::npos);
    // Only for an SOP that keeps such a record.
    Cli plain;
    const auto other = plain.submit();
    auto no = plain.run({"capa-record", other, "--pdf", (plain.dir / "x.pdf").string()});
    CHECK(no.exit_code == 1);
    CHECK(no.err.find("tidak meminta catatan tindakan koreksi") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(plain.dir / "x.pdf"));
}

TEST_CASE("cli report and personal data") {
    Cli cli;
    const auto a = cli.submit();
    const auto b = cli.submit();
    cli.advance_to(a, "");
    // The month of the frozen now (the test main's KELUHAN_NOW), when both were submitted.
    const std::string month = test::month_iso(test::today_at_office());
    auto r = cli.run({"--json", "report", "--month", month, "--csv", (cli.dir / "r.csv").string(),
                      "--pdf", (cli.dir / "r.pdf").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto j = json::parse(r.out);
    CHECK(j["total"] == 2);
    CHECK(j["by_status"]["closed"] == 1);
    CHECK(j["by_status"]["open"] == 1);
    CHECK(j["steps"].size() == 10);
    CHECK(j["steps"][0]["done"] == 1); // only the first was received; the second waits
    CHECK(j["steps"][0]["open_in_time"] == 1);
    CHECK(test::read_file(cli.dir / "r.csv").rfind("\xEF\xBB\xBF", 0) == 0);
    auto text = test::run_process({"/usr/bin/pdftotext", (cli.dir / "r.pdf").string(), "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("LAPORAN PENANGANAN KELUHAN PELANGGAN") != std::string::npos);
    CHECK(cli.run({"report", "--month", "11-2026"}).exit_code == 1);
    CHECK(cli.run({"report"}).exit_code == 2);

    auto exp = cli.as("staf", {"personal", "export", "--phone", "+62 812-3456-7890", "--out",
                               (cli.dir / "p.json").string()});
    REQUIRE_MESSAGE(exp.exit_code == 0, exp.err);
    const auto doc = json::parse(test::read_file(cli.dir / "p.json"));
    CHECK(doc["complaints"].size() == 2);
    CHECK(cli.as("staf", {"personal", "export", a, "--phone", "0812"}).exit_code == 1);

    auto open = cli.as("staf", {"personal", "anonymise", b, "--reason", "Permintaan pelanggan"});
    CHECK(open.exit_code == 1);
    CHECK(open.err.find("masih terbuka") != std::string::npos);
    // The code as the receipt prints it, with its dashes.
    CHECK(open.err.find("Keluhan " + b + " masih terbuka") != std::string::npos);
    CHECK(cli.as("koordinator", {"personal", "anonymise", a, "--reason", "x"}).exit_code == 1);
    auto anon =
        cli.as("staf", {"personal", "anonymise", a, "--reason", "Permintaan tertulis pelanggan"});
    REQUIRE_MESSAGE(anon.exit_code == 0, anon.err);
    const auto shown = json::parse(cli.run({"--json", "show", a}).out);
    CHECK(shown["name"] == "");
    CHECK(shown["phone"] == "");
    CHECK(shown["events"].back()["kind"] == "anonymise");
    CHECK(json::parse(cli.run({"--json", "report", "--month", month}).out)["total"] == 2);
}

TEST_CASE("cli: the office's functions, who leads which, and a disposition routed to one") {
    Cli cli;
    auto set = cli.as("admin", {"settings", "set", "office.functions", "Pengujian\nKalibrasi"});
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    auto wrong = cli.as("admin", {"user", "function", "staf", "Pengujian"});
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.err.find("bukan Koordinator Fungsi Terkait") != std::string::npos);
    auto lead = cli.as("admin", {"--json", "user", "function", "terkait", "pengujian"});
    REQUIRE_MESSAGE(lead.exit_code == 0, lead.err);
    CHECK(json::parse(lead.out)["function"] == "Pengujian");

    const auto code = cli.submit();
    cli.advance_to(code, "disposisi");
    auto bare = cli.as("kepala", {"advance", code, "--note", "Segera"});
    CHECK(bare.exit_code == 1);
    CHECK(bare.err.find("Pilih fungsi terkait") != std::string::npos);
    auto odd = cli.as("kepala", {"advance", code, "--note", "Segera", "--function", "Mutu"});
    CHECK(odd.exit_code == 1);
    CHECK(odd.err.find("Pengujian, Kalibrasi") != std::string::npos);
    auto sent = cli.as("kepala", {"advance", code, "--note", "Segera", "--function", "Pengujian"});
    REQUIRE_MESSAGE(sent.exit_code == 0, sent.err);
    CHECK(json::parse(cli.run({"--json", "show", code}).out)["function"] == "Pengujian");
    CHECK(cli.run({"show", code}).out.find("Fungsi terkait") != std::string::npos);
}

TEST_CASE("cli letter-number: the agenda number typed once the letter is signed, printed on it") {
    Cli cli;
    const auto code = cli.submit();
    auto early = cli.as("staf", {"letter-number", code, "--number", "B/41/PJI/XII/2026"});
    CHECK(early.exit_code == 1);
    CHECK(early.err.find("belum ditandatangani") != std::string::npos);
    cli.advance_to(code, "kirim");
    auto kepala = cli.as("kepala", {"letter-number", code, "--number", "B/41/PJI/XII/2026"});
    CHECK(kepala.exit_code == 1);
    CHECK(kepala.err.find("Kepala Balai") != std::string::npos);
    auto done = cli.as("staf", {"letter-number", code, "--number", "B/41/PJI/XII/2026"});
    REQUIRE_MESSAGE(done.exit_code == 0, done.err);
    CHECK(done.out.find("B/41/PJI/XII/2026") != std::string::npos);
    CHECK(cli.run({"show", code}).out.find("B/41/PJI/XII/2026") != std::string::npos);
    const auto pdf = cli.dir / "surat.pdf";
    auto letter = cli.run({"letter", code, "--pdf", pdf.string()});
    REQUIRE_MESSAGE(letter.exit_code == 0, letter.err);
    auto text = test::run_process({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("B/41/PJI/XII/2026") != std::string::npos);
    // The office numbering by pattern does not take a typed number.
    auto set = cli.as("admin", {"settings", "set", "office.letter_pattern", "B/{seq}/PJI/{year}"});
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    auto automatic = cli.as("staf", {"letter-number", code, "--number", "B/42"});
    CHECK(automatic.exit_code == 1);
    CHECK(automatic.err.find("otomatis") != std::string::npos);
}

TEST_CASE("cli holidays: the shipped year is listed against the office's days and adopted by the "
          "administrator only") {
    Cli cli;
    auto list = cli.run({"holidays", "list", "2026"});
    REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    CHECK(list.out.find("[ ] 2026-03-20  cuti bersama: Idul Fitri 1447 Hijriah") !=
          std::string::npos);
    auto staf = cli.as("staf", {"holidays", "adopt", "2026"});
    CHECK(staf.exit_code == 1);
    CHECK(staf.err.find("Staf PJI") != std::string::npos);
    auto none = cli.as("admin", {"holidays", "adopt", "2031"});
    CHECK(none.exit_code == 1);
    CHECK(none.err.find("Tidak ada daftar hari libur 2031") != std::string::npos);
    auto done = cli.as("admin", {"--json", "holidays", "adopt", "2026"});
    REQUIRE_MESSAGE(done.exit_code == 0, done.err);
    CHECK(json::parse(done.out)["added"] == 25);
    auto again = cli.as("admin", {"--json", "holidays", "adopt", "2026"});
    CHECK(json::parse(again.out)["added"] == 0);
    // Nothing to add is still the administrator's to do.
    auto staf_again = cli.as("staf", {"holidays", "adopt", "2026"});
    CHECK(staf_again.exit_code == 1);
    const auto value = cli.run({"settings", "get", "calendar.holidays"}).out;
    CHECK(value.find("2026-03-20\n") != std::string::npos);
    CHECK(value.find("2026-12-25\n") != std::string::npos);
    CHECK(cli.run({"holidays", "list"}).out.find("[x] 2026-12-24") != std::string::npos);
}

TEST_CASE("cli skm: paper forms keyed in by staff, the period's report as text, CSV and PDF") {
    Cli cli;
    for (const char* form :
         {R"({"scores": {"U1": 4, "U2": 3, "U9": 4}, "profile": {"pendidikan": "S1"},
              "service": "kalibrasi", "suggestion": "Parkir sempit."})",
          R"({"scores": {"U1": 2, "U2": 3, "U9": 3}})"}) {
        auto r = cli.as("staf", {"skm", "submit"}, form);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        CHECK(r.out.find("Jawaban survei Anda tersimpan") != std::string::npos);
    }
    auto bad = cli.as("staf", {"skm", "submit"}, R"({"scores": {"U1": 9}})");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("harus 1 sampai 4") != std::string::npos);
    auto odd = cli.as("staf", {"skm", "submit"}, R"({"score": {"U1": 3}})");
    CHECK(odd.exit_code == 1);
    auto kepala = cli.as("kepala", {"skm", "submit"}, R"({"scores": {"U1": 3}})");
    CHECK(kepala.exit_code == 1);
    CHECK(kepala.err.find("Kepala Balai") != std::string::npos);

    const Date today = test::today_at_office();
    const std::string year = std::to_string(today.year);
    const auto csv = cli.dir / "skm.csv";
    const auto pdf = cli.dir / "skm.pdf";
    auto r = cli.run({"--json", "skm", "report", "--period", year, "--csv", csv.string(), "--pdf",
                      pdf.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto j = json::parse(r.out);
    CHECK(j["respondents"] == 2);
    CHECK(j["elements"][0]["nrr"].get<double>() == doctest::Approx(3.0));
    // (3 + 3 + 3.5) / 3 x 25 = 79.17: B.
    CHECK(j["converted"].get<double>() == doctest::Approx(79.17));
    CHECK(j["grade"] == "B");
    std::ifstream in(csv);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(text.find("IKM;3.17;79.17;B") != std::string::npos);
    auto read = test::run_process({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"});
    REQUIRE(read.exit_code == 0);
    for (const char* want : {"Survei Kepuasan Masyarakat", "79.17", "B (Baik)", "Parkir sempit.",
                             "Sarana dan prasarana", "S1 1"})
        CHECK_MESSAGE(read.out.find(want) != std::string::npos, want);
    auto wrong = cli.run({"skm", "report", "--period", "2026-Q5"});
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.err.find("2026-Q3") != std::string::npos);
}

// Office settings: checked by the config file's rules, stored with an audit
// row, seen by every program that opens the database, refused where they
// would strand open complaints, and used by the response letter.
#include "keluhan/documents/letter.hpp"
#include "keluhan/ops/settings.hpp"

#include "office_fixture.hpp"

#include <fstream>

using namespace keluhan;
using keluhan::test::SeededOffice;

TEST_CASE("settings: each kind of value is checked by the config file's rules") {
    Config cfg = default_config(test::assets_dir());
    CHECK(apply_setting(cfg, "office.name", "  BSPJI Contoh  ").ok());
    CHECK(cfg.office.name == "BSPJI Contoh");
    CHECK(setting_value(cfg, "office.name") == "BSPJI Contoh");

    struct Bad {
        const char* key;
        const char* value;
    };
    for (const auto& [key, value] :
         {Bad{"office.email", "bukan-email"}, Bad{"office.phone", "12"}, Bad{"office.name", ""},
          Bad{"office.address", "baris\nkedua"}, Bad{"office.register_pattern", "KEL/{year}"},
          Bad{"office.signer_nip", "1972 0101 1999"}, Bad{"printer.name", "printer lobi"},
          Bad{"printer.letter_name", "a/b"}, Bad{"calendar.monday", "16:00-07:30"},
          Bad{"calendar.friday", "-"}, Bad{"calendar.holidays", "2026-13-01"},
          Bad{"office.letterhead", "1\n2\n3\n4"}}) {
        CAPTURE(key);
        CAPTURE(value);
        Config before = cfg;
        auto st = apply_setting(cfg, key, value);
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().key == "err.setting.invalid");
        CHECK(st.error().param("setting") == setting_label_key(key));
        // The message names the setting and what it accepts, in the user's language.
        const auto office = test::load_office();
        CHECK(office.say(st.error()).find(office.catalog.tr(setting_label_key(key))) !=
              std::string::npos);
        CHECK(setting_value(cfg, key) == setting_value(before, key));
    }
    CHECK(apply_setting(cfg, "office.colour", "merah").error().key == "err.setting.unknown");
    CHECK(apply_setting(cfg, "sop.profile", "tidak-ada").error().key == "err.sop.not_found");
    CHECK(apply_setting(cfg, "sop.profile", "../etc").error().key == "err.setting.invalid");

    REQUIRE(apply_setting(cfg, "calendar.saturday", "08:00-12:00").ok());
    CHECK(cfg.calendar.hours(5).start_min == 8 * 60);
    CHECK(cfg.calendar.is_working_day(Date{2026, 11, 28})); // a Saturday
    REQUIRE(apply_setting(cfg, "calendar.saturday", "").ok());
    CHECK_FALSE(cfg.calendar.is_working_day(Date{2026, 11, 28}));

    // Holidays replace the list; commas, spaces and new lines all separate.
    REQUIRE(apply_setting(cfg, "calendar.holidays", "2026-12-25, 2026-12-31\n2027-01-01").ok());
    CHECK(cfg.calendar.holidays().size() == 3);
    CHECK_FALSE(cfg.calendar.is_working_day(Date{2026, 12, 31}));
    REQUIRE(apply_setting(cfg, "calendar.holidays", "2026-12-25").ok());
    CHECK(cfg.calendar.holidays().size() == 1);
    CHECK(cfg.calendar.is_working_day(Date{2026, 12, 31}));
    CHECK(setting_value(cfg, "calendar.holidays") == "2026-12-25");

    REQUIRE(apply_setting(cfg, "office.letterhead",
                          "Fax (0711) 412006\n\nTerakreditasi SNI ISO/IEC 17025")
                .ok());
    CHECK(cfg.office.letterhead ==
          std::vector<std::string>{"Fax (0711) 412006", "Terakreditasi SNI ISO/IEC 17025"});
    REQUIRE(apply_setting(cfg, "office.signer_nip", "19720101 199903 1 002").ok());
    REQUIRE(apply_setting(cfg, "printer.letter_name", "surat-a4").ok());
    CHECK(cfg.printer.letter_name == "surat-a4");
}

TEST_CASE("settings: the config file refuses what the settings refuse") {
    auto bad = parse_config("[office]\nemail = \"x\"\n", "k.toml", test::assets_dir());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().param("key") == "office.email");
    auto good = parse_config(
        "[office]\nsigner_name = \"Dr. Ir. Contoh, M.T.\"\nsigner_nip = \"197201011999031002\"\n"
        "letterhead = [\"Fax 1\"]\n[printer]\nletter_name = \"surat\"\n",
        "k.toml", test::assets_dir());
    REQUIRE(good.ok());
    CHECK(good->office.signer_name == "Dr. Ir. Contoh, M.T.");
    CHECK(good->printer.letter_name == "surat");
}

TEST_CASE("settings: only the administrator sets them - stored with an audit row - every program "
          "sees them") {
    SeededOffice d;
    auto denied =
        change_setting(*d.store, d.office, d.users[Role::StafPji], "office.name", "Kantor Lain");
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.error().key == "err.auth.denied");
    CHECK(d.store->settings()->empty());

    auto bad =
        change_setting(*d.store, d.office, d.users[Role::Administrator], "office.email", "x@");
    CHECK(bad.error().key == "err.setting.invalid");
    CHECK(d.store->settings()->empty());
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE action LIKE 'setting.%'") == 0);

    REQUIRE(change_setting(*d.store, d.office, d.users[Role::Administrator], "office.name",
                           "BSPJI Uji Coba")
                .ok());
    CHECK(d.office.config.office.name == "BSPJI Uji Coba");
    const auto stored = d.store->settings().value();
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].key == "office.name");
    CHECK(stored[0].updated_by == "admin");
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE action = 'setting.set' AND subject = "
                   "'office.name' AND actor = 'admin'") == 1);

    // Another program: its own office from the config file, then the database's settings.
    Office other = test::load_office();
    CHECK(other.config.office.name != "BSPJI Uji Coba");
    auto reader = Store::open(d.dir / "k.db", StoreOptions{StoreOptions::Access::Read}).value();
    REQUIRE(apply_settings(other, *reader).ok());
    CHECK(other.config.office.name == "BSPJI Uji Coba");

    // Reset: the config file's (here the default) value again.
    REQUIRE(reset_setting(*d.store, d.office, d.users[Role::Administrator], "office.name").ok());
    CHECK(d.office.config.office.name == default_config(test::assets_dir()).office.name);
    CHECK(d.store->settings()->empty());
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE action = 'setting.reset'") == 1);
}

TEST_CASE(
    "settings: a stored value that no longer passes is refused and leaves the office as it was") {
    SeededOffice d;
    d.sql("INSERT INTO settings(key, value, updated_at, updated_by) VALUES ('office.email', "
          "'rusak', 0, 'x')");
    Office o = test::load_office();
    const auto before = o.config.office.email;
    auto st = apply_settings(o, *d.store);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().key == "err.setting.stored");
    CHECK(st.error().param("key") == "office.email");
    CHECK(o.config.office.email == before);
    // A key of a newer version is left alone.
    d.sql("DELETE FROM settings; INSERT INTO settings VALUES ('future.key', 'x', 0, 'x')");
    CHECK(apply_settings(o, *d.store).ok());
}

TEST_CASE("settings: the SOP profile changes only when no complaint is open under the old one") {
    SeededOffice d;
    const User& admin = d.users[Role::Administrator];
    auto c = d.submit_at(test::sample_submission(), now_ms() - 3600'000);
    auto st = change_setting(*d.store, d.office, admin, "sop.profile", "balai-capa");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().key == "err.setting.sop_open");
    CHECK(st.error().param("count") == "1");
    CHECK(st.error().param("sop") == "bspji-palembang");
    CHECK(d.office.profile.name == "bspji-palembang");
    CHECK(d.store->settings()->empty());
    CHECK(d.store->count_open_outside_sop("balai-capa").value() == 1);

    d.close(c, now_ms() - 3000'000);
    REQUIRE(change_setting(*d.store, d.office, admin, "sop.profile", "balai-capa").ok());
    CHECK(d.office.profile.name == "balai-capa");
    CHECK(d.office.profile.steps.size() == 6);
    // New complaints follow the new profile.
    auto sub = submit_complaint(*d.store, d.office, test::sample_submission()).value();
    CHECK(sub.complaint.sop == "balai-capa");
    Office other = test::load_office();
    REQUIRE(apply_settings(other, *d.store).ok());
    CHECK(other.profile.name == "balai-capa");
    // And back is refused now, for the same reason.
    CHECK(change_setting(*d.store, d.office, admin, "sop.profile", "bspji-palembang").error().key ==
          "err.setting.sop_open");
}

TEST_CASE("settings: the response letter is signed by the name title and NIP of the settings") {
    SeededOffice d;
    const User& admin = d.users[Role::Administrator];
    REQUIRE(change_setting(*d.store, d.office, admin, "office.signer_name",
                           "Dr. Ir. Rina Kartika, M.T.")
                .ok());
    REQUIRE(
        change_setting(*d.store, d.office, admin, "office.signer_title", "Kepala Balai Uji").ok());
    REQUIRE(
        change_setting(*d.store, d.office, admin, "office.signer_nip", "197201011999032002").ok());
    REQUIRE(change_setting(*d.store, d.office, admin, "office.city", "Kota Uji").ok());
    REQUIRE(
        change_setting(*d.store, d.office, admin, "office.letterhead", "Baris kop tambahan").ok());
    auto c = d.submit_at(test::sample_submission(), now_ms() - 3600'000);
    auto events = d.store->events(c.seq).value();
    auto letter = draft_response_letter(d.office, d.office.catalog, c, events, "kepala");
    CHECK(letter.signer_name == "Dr. Ir. Rina Kartika, M.T.");
    CHECK(letter.signer_title == "Kepala Balai Uji");
    CHECK(letter.signer_id == "197201011999032002");
    CHECK(letter.place == "Kota Uji");
    auto pdf = render_response_letter(d.office, d.office.catalog, letter);
    REQUIRE(pdf.ok());
    {
        std::ofstream(d.dir / "surat.pdf", std::ios::binary)
            .write(reinterpret_cast<const char*>(pdf->bytes.data()),
                   static_cast<std::streamsize>(pdf->bytes.size()));
    }
    auto text =
        test::run_process({"/usr/bin/pdftotext", "-layout", (d.dir / "surat.pdf").string(), "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Dr. Ir. Rina Kartika, M.T.") != std::string::npos);
    CHECK(text.out.find("197201011999032002") != std::string::npos);
    CHECK(text.out.find("Baris kop tambahan") != std::string::npos);
    CHECK(text.out.find("Kota Uji") != std::string::npos);
}

TEST_CASE("settings: every key has a name and a rule in both languages") {
    for (const char* lang : {"id", "en"}) {
        auto cat = Catalog::load(test::assets_dir() / "i18n", lang, false).value();
        for (const auto& s : setting_keys()) {
            CHECK_MESSAGE(cat.has(setting_label_key(s.key)), lang << " " << s.key);
            CHECK_MESSAGE(cat.has(setting_rule_key(s.key)), lang << " " << s.key);
        }
    }
}

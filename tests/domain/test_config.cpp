#include "keluhan/domain/config.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

namespace {
Error refusal(const std::string& text) {
    auto r = parse_config(text, "kiosk.toml", test::assets_dir());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().key == "err.config.invalid");
    CHECK(r.error().param("file") == "kiosk.toml");
    return r.error();
}
} // namespace

TEST_CASE("an empty config gives the defaults") {
    auto c = parse_config("", "empty.toml", test::assets_dir());
    REQUIRE(c.ok());
    CHECK(c->sop_profile == "bspji-palembang");
    CHECK(c->language == "id");
    CHECK(c->services.size() == 7);
    CHECK(c->calendar.zone_abbrev() == "WIB");
    CHECK(std::filesystem::exists(c->sop_path()));
}

TEST_CASE("services at the top level, and every section") {
    auto c = parse_config(R"(
services = ["pengujian", "kalibrasi"]
[office]
short_name = "BSPJI Makassar"
register_pattern = "{seq:04}/KEL/BSPJI-MKS/{month_roman}/{year}"
[calendar]
zone = "Asia/Makassar"
saturday = "08:00-12:00"
holidays = ["2026-12-25"]
[sop]
profile = "balai-capa"
allow_on_behalf = true
[ui]
language = "en"
[auth]
max_failures = 3
[status]
base_url = "https://keluhan.bspji-mks.go.id/"
)",
                          "full.toml", test::assets_dir());
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().detail));
    CHECK(c->services == std::vector<std::string>{"pengujian", "kalibrasi"});
    CHECK(c->calendar.zone_abbrev() == "WITA");
    CHECK(c->calendar.is_working_day(Date{2026, 11, 21}));
    CHECK_FALSE(c->calendar.is_working_day(Date{2026, 12, 25}));
    CHECK(c->sop_profile == "balai-capa");
    CHECK(c->allow_on_behalf);
    CHECK(c->language == "en");
    CHECK(c->auth.max_failures == 3);
    CHECK(c->status_base_url == "https://keluhan.bspji-mks.go.id");
}

TEST_CASE("unknown keys and bad values are refused with line and key") {
    CHECK(refusal("[office]\nnama = \"x\"\n").param("key") == "office.nama");
    CHECK(refusal("[office]\nnama = \"x\"\n").param("line") == "2");
    CHECK(refusal("[kiosk2]\n").param("reason") == "unknown section");
    CHECK(refusal("[calendar]\nzone = \"Europe/Paris\"\n").param("key") == "calendar.zone");
    CHECK(refusal("[calendar]\nmonday = \"8-16\"\n").param("key") == "calendar.monday");
    CHECK(refusal("[calendar]\nholidays = [\"25-12-2026\"]\n").param("key") == "calendar.holidays");
    CHECK(refusal("[auth]\nmax_failures = 0\n").param("key") == "auth.max_failures");
    // One program given the file, never a command line for a shell.
    CHECK(refusal("[panel]\nopen_command = \"xdg-open; rm -rf ~\"\n").param("key") ==
          "panel.open_command");
    CHECK(refusal("[panel]\nopen_command = \"\"\n").param("key") == "panel.open_command");
    CHECK(refusal("[auth]\nmax_failures = \"five\"\n").param("key") == "auth.max_failures");
    CHECK(refusal("[ui]\nlanguage = \"jv\"\n").param("key") == "ui.language");
    CHECK(refusal("[office]\nregister_pattern = \"KEL/{year}\"\n").param("key") ==
          "office.register_pattern");
    CHECK(refusal("[status]\nbase_url = \"ftp://x\"\n").param("key") == "status.base_url");
    CHECK(refusal("services = []\n").param("key") == "services");
    CHECK(refusal("[sop]\nprofile = \"../etc/passwd\"\n").param("key") == "sop.profile");
    CHECK(refusal("[office\n").param("line") == "1");
    CHECK(refusal("[printer]\npaper = \"A4\"\n").param("key") == "printer.paper");
    CHECK(refusal("[kiosk]\nwarning_seconds = 5\n").param("key") == "kiosk.warning_seconds");
    CHECK(refusal("[kiosk]\nadmin_pin = \"12ab\"\n").param("key") == "kiosk.admin_pin");
    CHECK(refusal("[storage]\ndata_dir = \"\"\n").param("key") == "storage.data_dir");
}

TEST_CASE("the hub and sync sections") {
    auto c = parse_config(R"(
[hub]
listen = "0.0.0.0"
port = 8443
tls_cert = "/etc/keluhan/hub.crt"
tls_key = "/etc/keluhan/hub.key"
threads = 4
max_body_mb = 16
lookups_per_minute = 0
misses_per_10_minutes = 5
block_minutes = 3
[sync]
hub_url = "https://hub.bspji.go.id:8443/"
token = "kiosk-lobi.abcdEFGH_-12"
interval_seconds = 10
batch_size = 200
timeout_seconds = 5
)",
                          "hub.toml", test::assets_dir());
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().detail));
    CHECK(c->hub.listen == "0.0.0.0");
    CHECK(c->hub.port == 8443);
    CHECK(c->hub.tls_cert == "/etc/keluhan/hub.crt");
    CHECK(c->hub.tls_key == "/etc/keluhan/hub.key");
    CHECK(c->hub.threads == 4);
    CHECK(c->hub.max_body_mb == 16);
    CHECK(c->hub.lookups_per_minute == 0);
    CHECK(c->hub.misses_per_10_minutes == 5);
    CHECK(c->hub.block_minutes == 3);
    CHECK(c->sync.hub_url == "https://hub.bspji.go.id:8443");
    CHECK(c->sync.token == "kiosk-lobi.abcdEFGH_-12");
    CHECK(c->sync.interval_seconds == 10);
    CHECK(c->sync.batch_size == 200);
    CHECK(c->sync.timeout_seconds == 5);

    const auto d = default_config(test::assets_dir());
    CHECK(d.hub.listen == "127.0.0.1");
    CHECK(d.hub.port == 8080);
    CHECK(d.sync.hub_url.empty());
    CHECK(d.sync.interval_seconds == 30);
    CHECK(d.sync.batch_size == 100);

    CHECK(refusal("[hub]\nprt = 1\n").param("key") == "hub.prt");
    CHECK(refusal("[hub]\nport = -1\n").param("key") == "hub.port");
    CHECK(refusal("[hub]\nport = 70000\n").param("key") == "hub.port");
    CHECK(refusal("[hub]\ntls_cert = \"a.pem\"\n").param("key") == "hub.tls_key");
    CHECK(refusal("[hub]\nlookups_per_minute = -1\n").param("key") == "hub.lookups_per_minute");
    CHECK(refusal("[hub]\nlisten = \"\"\n").param("key") == "hub.listen");
    CHECK(refusal("[sync]\nhub_url = \"hub:8080\"\n").param("key") == "sync.hub_url");
    CHECK(refusal("[sync]\nhub_url = \"http://hub:8080\"\n").param("key") == "sync.token");
    CHECK(refusal("[sync]\ntoken = \"nodot\"\n").param("key") == "sync.token");
    CHECK(refusal("[sync]\nbatch_size = 201\n").param("key") == "sync.batch_size");
    CHECK(refusal("[sync]\ninterval_seconds = 0\n").param("key") == "sync.interval_seconds");
    CHECK(refusal("[sync]\nhub_url = 5\n").param("line") == "2");
}

TEST_CASE("the notify section: each channel off until set, and what cannot work refused") {
    const auto d = default_config(test::assets_dir());
    CHECK_FALSE(d.notify.any());
    auto c = parse_config(R"(
[notify]
smtp_url = "smtp://mail.bspji.go.id:587"
smtp_user = "keluhan"
smtp_password_file = "/etc/keluhan/smtp-password"
smtp_from = "keluhan@bspji.go.id"
sms_outbox = "/var/spool/gammu/outbox"
interval_seconds = 30
)",
                          "hub.toml", test::assets_dir());
    REQUIRE_MESSAGE(c, (c ? "" : c.error().key));
    CHECK(c->notify.email());
    CHECK(c->notify.sms());
    CHECK_FALSE(c->notify.webhook());
    CHECK(c->notify.interval_seconds == 30);
    CHECK(refusal("[notify]\nsmtp_url = \"mail:25\"\n").param("key") == "notify.smtp_url");
    CHECK(refusal("[notify]\nsmtp_url = \"smtp://m:587\"\n").param("key") == "notify.smtp_from");
    CHECK(refusal("[notify]\nsmtp_url = \"smtp://m:587\"\nsmtp_from = \"Kantor <k@b.id>\"\n")
              .param("key") == "notify.smtp_from");
    CHECK(refusal("[notify]\nsmtp_url = \"smtp://m:587\"\nsmtp_from = \"k@b.id\"\nsmtp_user = "
                  "\"k\"\n")
              .param("key") == "notify.smtp_password_file");
    CHECK(refusal("[notify]\nwebhook_url = \"http://wa.kantor/kirim\"\n").param("key") ==
          "notify.webhook_url"); // the token in the clear over the network
    CHECK(refusal("[notify]\nwebhook_url = \"wa.kantor/kirim\"\n").param("key") ==
          "notify.webhook_url");
    CHECK(refusal("[notify]\nsmtp_password = \"rahasia\"\n").param("key") ==
          "notify.smtp_password");
}

TEST_CASE("a missing file is reported") {
    auto r = load_config("/nonexistent/keluhan.toml", test::assets_dir());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().key == "err.config.missing");
}

TEST_CASE("the shipped example config loads and says what the defaults are") {
    auto c = load_config(test::assets_dir() / "keluhan.example.toml", test::assets_dir());
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().detail));
    const auto d = default_config(test::assets_dir());
    CHECK(c->office.register_pattern == d.office.register_pattern);
    CHECK(c->services == d.services);
    CHECK(c->sop_profile == d.sop_profile);
    CHECK(c->limits.description_max == d.limits.description_max);
    CHECK(c->auth.max_failures == d.auth.max_failures);
    CHECK(c->printer.paper == d.printer.paper);
    CHECK(c->kiosk.idle_seconds == d.kiosk.idle_seconds);
    CHECK(c->kiosk.warning_seconds >= 20);
    CHECK(c->data_dir == d.data_dir);
    CHECK(c->hub.listen == d.hub.listen);
    CHECK(c->hub.port == d.hub.port);
    CHECK(c->hub.lookups_per_minute == d.hub.lookups_per_minute);
    CHECK(c->sync.hub_url == d.sync.hub_url);
    CHECK(c->sync.interval_seconds == d.sync.interval_seconds);
    CHECK(c->sync.batch_size == d.sync.batch_size);
    CHECK(c->notify.any() == d.notify.any());
    CHECK(c->notify.interval_seconds == d.notify.interval_seconds);
    // The office's own day; national holidays come from assets/holidays.
    CHECK_FALSE(c->calendar.is_working_day(Date{2026, 12, 31}));
}

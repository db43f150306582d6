// Configuration (TOML). Every key is optional with a sane default; unknown
// keys and bad values are refused with file, line and reason.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/validate.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

struct OfficeConfig {
    std::string name = "Balai Standardisasi dan Pelayanan Jasa Industri Palembang";
    std::string short_name = "BSPJI Palembang";
    std::string parent = "Kementerian Perindustrian Republik Indonesia";
    std::string address = "Jl. Perindustrian II No. 12, Sukarami, Palembang 30152";
    std::string phone = "(0711) 412005";
    std::string email = "bspjipalembang@kemenperin.go.id";
    std::string website = "bspjipalembang.kemenperin.go.id";
    std::string register_pattern = "{seq:03}/KEL/BSPJI-PLG/{month_roman}/{year}";
    // The response letter's number (agenda surat keluar), given when the
    // letter is signed, its own sequence per year; "" (the default, so an
    // office's own agenda book is never doubled by surprise) leaves "Nomor"
    // a dotted blank to be written in by hand.
    std::string letter_pattern;
    // The related functions (each led by a Koordinator Fungsi Terkait) a
    // disposition may route a complaint to, e.g. "Pengujian", "Kalibrasi";
    // empty = dispositions are not routed and every coordinator sees every
    // related-function task.
    std::vector<std::string> functions;
    // Extra letterhead lines under the address (e.g. a fax number, an ISO
    // certificate line); empty = none.
    std::vector<std::string> letterhead;
    // Who signs the response letter (the Kepala Balai), as it is printed.
    std::string signer_name;  // "" leaves a dotted blank to sign over
    std::string signer_title; // "" = "Kepala <office name>"
    std::string signer_nip;   // NIP, 18 digits (spaces allowed); "" = no NIP line
    std::string city;         // before the letter's date; "" = from short_name ("BSPJI Palembang")
    // The office's own logo (a PNG) for the letterhead and the receipt; ""
    // = the one shipped in the assets. A relative path is read beside the
    // config file.
    std::filesystem::path logo;
};

// The office's function named `name` (case and outer spaces aside), as the
// office spells it (OfficeConfig::functions).
[[nodiscard]] std::optional<std::string> find_function(const std::vector<std::string>& functions,
                                                       std::string_view name);
// A complaint routed to `routed` is another function's than the one
// `mine` a coordinator leads (names compared case aside); false when either
// is "" (not routed, or a coordinator of any function).
[[nodiscard]] bool other_function(std::string_view mine, std::string_view routed);
// "Pengujian, Kalibrasi" (for messages); "-" when there are none.
[[nodiscard]] std::string join_functions(const std::vector<std::string>& functions);

struct AuthConfig {
    int max_failures = 5;       // failed logins before the account locks
    int lockout_minutes = 15;   // how long it stays locked
    int idle_lock_minutes = 10; // admin panel locks after this long without input
    // A hub session (keluhan-admin --hub) ends after this long unused, and
    // in any case this many hours after sign-in.
    int session_idle_minutes = 60;
    int session_hours = 12;
};

struct PrinterConfig {
    std::string name;           // CUPS queue; "" = the CUPS default printer
    std::string letter_name;    // CUPS queue for A4 letters; "" = the CUPS default printer
    std::string paper = "80mm"; // receipt paper: "80mm" roll or "a6"
    int timeout_seconds = 60;   // how long to follow a job before calling it stuck
    int reprint_limit = 2;      // reprints a visitor may ask for at the kiosk
};

struct KioskConfig {
    int idle_seconds = 60;           // no touch for this long: "Masih di sana?"
    int warning_seconds = 30;        // the countdown of that question (at least 20, WCAG 2.2.1)
    int done_seconds = 60;           // the done screen returns to welcome after this long
    int recording_max_seconds = 180; // longest spoken complaint
    std::string admin_pin;           // staff exit and settings; "" = exit disabled
};

// `keluhan serve` (and the admin panel when it runs the hub): the sync API
// for kiosks and the QR status page.
struct HubConfig {
    std::string listen = "127.0.0.1"; // address to bind; "0.0.0.0" for every interface
    int port = 8080;                  // 0 = any free port (tests; the log says which)
    std::string tls_cert;             // PEM files; both set = HTTPS, both empty = plain HTTP
    std::string tls_key;
    int threads = 8;      // threads for requests' work (the database); not one per connection
    int max_body_mb = 32; // largest push body (413 beyond)
    // Status lookups (/s/<code>, /api/v1/status/<code>) per client address;
    // 0 turns a limit off. A miss (bad or unknown code) counts against both.
    int lookups_per_minute = 120;
    int misses_per_10_minutes = 20;
    int block_minutes = 10; // how long an address that hit a limit gets 429
    // /healthz says 503 when the database's disk has less free than this
    // (a push or a step could no longer be stored), and "low" under 10 times it.
    int min_free_mb = 64;
    // The reverse proxies (nginx, assets/nginx/keluhan.conf) whose
    // X-Forwarded-For the hub believes: a request from one of these
    // addresses counts as from the address the proxy names (limits, logs).
    // From any other address the header is ignored, so nobody can forge it.
    std::vector<std::string> trusted_proxies;
    // The complaint form on the web (/ajukan): on, and how many complaints
    // one client address may send through it in an hour (0 = no limit).
    bool web_intake = true;
    int web_submissions_per_hour = 10;
};

// The kiosk's sync agent (and `keluhan sync --once`).
struct SyncConfig {
    std::string hub_url;       // "http(s)://host:port"; "" = sync off
    std::string token;         // from `keluhan kiosk add NAME` on the hub
    int interval_seconds = 30; // between rounds while all is well
    int batch_size = 100;      // complaints per push (at most 200)
    int timeout_seconds = 30;  // per request
};

// The admin panel (keluhan-admin).
struct PanelConfig {
    bool serve_hub = false; // run the hub ([hub]) inside the panel while it is open
    // The office's hub ("https://keluhan.kantor:8443"): the panel works on
    // it through the staff API and keeps no database ("" = the local file).
    std::string hub_url;
    std::filesystem::path ca_file; // PEM to trust for the hub's certificate ("" = the system's)
    // The program that opens an attachment (a PDF, a photo) in this PC's
    // viewer, given the file as its one argument: a name on PATH or a path.
    std::string open_command = "xdg-open";
};

// [notify]: telling complainants who gave a contact (the notify module).
// Each channel is off until it is set; with none set nothing is queued.
struct NotifyConfig {
    // E-mail: "smtp://host:587" (the submission port; STARTTLS is required)
    // or "smtps://host:465" (TLS from the start).
    std::string smtp_url;
    std::string smtp_user;          // "" = no login
    std::string smtp_password_file; // the password alone in a file (0600), never in the config
    std::string smtp_from;          // the sender's address, "keluhan@bspji-palembang.go.id"
    std::string smtp_ca_file;       // PEM to trust for a private certificate ("" = the system's)
    // SMS: gammu-smsd's outbox folder (OutboxPath in /etc/gammu-smsdrc).
    std::string sms_outbox;
    // The office's WhatsApp (or other) gateway: a JSON POST per message.
    std::string webhook_url;
    std::string webhook_token_file; // sent as "Authorization: Bearer <token>" ("" = none)
    int interval_seconds = 15;      // how often the hub sends what is due
    int timeout_seconds = 30;       // per delivery
    [[nodiscard]] bool email() const { return !smtp_url.empty(); }
    [[nodiscard]] bool sms() const { return !sms_outbox.empty(); }
    [[nodiscard]] bool webhook() const { return !webhook_url.empty(); }
    [[nodiscard]] bool any() const { return email() || sms() || webhook(); }
};

struct Config {
    OfficeConfig office;
    WorkingCalendar calendar;
    std::string sop_profile = "bspji-palembang"; // file stem under assets/sop/
    std::vector<std::string> services = {"pengujian",       "kalibrasi",   "sertifikasi",
                                         "inspeksi_teknis", "konsultansi", "pelatihan",
                                         "lainnya"};
    std::string language = "id";
    Limits limits;
    AuthConfig auth;
    bool allow_on_behalf = false; // staff may record a step for an official (paper dispositions)
    std::string
        status_base_url; // e.g. "https://keluhan.bspji-palembang.go.id"; "" = bare code in QR
    std::string device_name = "keluhan";
    PrinterConfig printer;
    KioskConfig kiosk;
    HubConfig hub;
    SyncConfig sync;
    PanelConfig panel;
    NotifyConfig notify;
    // The satisfaction survey's questionnaire: assets/skm/<name>.toml.
    std::string skm_questionnaire = "permenpanrb-14-2017";
    std::filesystem::path data_dir = "var"; // database, saved receipts, recordings
    std::filesystem::path assets_dir;       // where sop/, i18n/ and the logo are
    std::filesystem::path source;           // the file it came from ("" = defaults)

    [[nodiscard]] std::filesystem::path sop_path() const {
        return assets_dir / "sop" / (sop_profile + ".toml");
    }
    [[nodiscard]] std::filesystem::path i18n_dir() const { return assets_dir / "i18n"; }
    [[nodiscard]] std::filesystem::path skm_path() const {
        return assets_dir / "skm" / (skm_questionnaire + ".toml");
    }
    // The logo printed on the letterhead and the receipt (office.logo, else
    // the shipped one).
    [[nodiscard]] std::filesystem::path logo_file() const {
        return office.logo.empty() ? assets_dir / "logo.png" : office.logo;
    }
};

// Defaults, with assets found at `assets_dir`.
[[nodiscard]] Config default_config(const std::filesystem::path& assets_dir);
// The largest config file read (a real one is a few KiB).
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;
// Reads `file` over the defaults. err.config.* names the file, line and key;
// a file that is not a regular one, or over kMaxConfigBytes, is refused
// (err.file.not_regular, err.file.too_large: read_file.hpp).
[[nodiscard]] Result<Config> load_config(const std::filesystem::path& file,
                                         const std::filesystem::path& assets_dir);
[[nodiscard]] Result<Config> parse_config(std::string_view toml_text, const std::string& source,
                                          const std::filesystem::path& assets_dir);

// The assets folder: $KELUHAN_ASSETS, else the one beside the executable
// (../share/keluhan), else the source tree's (set at build time).
[[nodiscard]] std::filesystem::path find_assets_dir();

} // namespace keluhan

#include "keluhan/domain/config.hpp"

#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/read_file.hpp"
#include "keluhan/domain/text.hpp"

#include <toml++/toml.h>

#include <arpa/inet.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#ifndef KELUHAN_SOURCE_ASSETS_DIR
#define KELUHAN_SOURCE_ASSETS_DIR "assets"
#endif

namespace keluhan {
namespace {

Error config_error(const std::string& file, const toml::node& n, const std::string& key,
                   const std::string& reason) {
    const auto line = std::to_string(n.source().begin.line);
    return Error{ErrorKind::Invalid,
                 "err.config.invalid",
                 {{"file", file}, {"line", line}, {"key", key}, {"reason", reason}},
                 file + ":" + line + ": " + key + ": " + reason};
}

// Reads one table's known keys; anything else is refused.
class Section {
  public:
    Section(const toml::table& t, std::string name, const std::string& file)
        : t_(t), name_(std::move(name)), file_(file) {}

    Status only(std::initializer_list<std::string_view> keys) const {
        const std::set<std::string_view> allowed(keys);
        for (const auto& [k, v] : t_)
            if (!allowed.count(k.str()))
                return config_error(file_, v, name_ + "." + std::string(k.str()), "unknown key");
        return ok();
    }
    Status str(std::string_view key, std::string& out) const {
        const auto* v = t_.get(key);
        if (!v) return ok();
        if (!v->is_string()) return config_error(file_, *v, full(key), "must be text");
        out = v->as_string()->get();
        return ok();
    }
    Status integer(std::string_view key, int& out, int lo, int hi) const {
        const auto* v = t_.get(key);
        if (!v) return ok();
        if (!v->is_integer() || v->as_integer()->get() < lo || v->as_integer()->get() > hi)
            return config_error(file_, *v, full(key),
                                "must be a whole number from " + std::to_string(lo) + " to " +
                                    std::to_string(hi));
        out = static_cast<int>(v->as_integer()->get());
        return ok();
    }
    Status size(std::string_view key, std::size_t& out, std::int64_t lo, std::int64_t hi) const {
        int v = static_cast<int>(out);
        if (auto st = integer(key, v, static_cast<int>(lo), static_cast<int>(hi)); !st) return st;
        out = static_cast<std::size_t>(v);
        return ok();
    }
    Status boolean(std::string_view key, bool& out) const {
        const auto* v = t_.get(key);
        if (!v) return ok();
        if (!v->is_boolean()) return config_error(file_, *v, full(key), "must be true or false");
        out = v->as_boolean()->get();
        return ok();
    }
    Status strings(std::string_view key, std::vector<std::string>& out) const {
        const auto* v = t_.get(key);
        if (!v) return ok();
        const auto* arr = v->as_array();
        if (!arr) return config_error(file_, *v, full(key), "must be a list of text");
        std::vector<std::string> got;
        for (const auto& e : *arr) {
            if (!e.is_string()) return config_error(file_, e, full(key), "must be a list of text");
            got.push_back(e.as_string()->get());
        }
        out = std::move(got);
        return ok();
    }
    const toml::node* node(std::string_view key) const { return t_.get(key); }
    std::string full(std::string_view key) const { return name_ + "." + std::string(key); }
    const std::string& file() const { return file_; }

  private:
    const toml::table& t_;
    std::string name_;
    const std::string& file_;
};

#define KELUHAN_TRY(expr)                                                                          \
    do {                                                                                           \
        if (auto st_ = (expr); !st_) return st_.error();                                           \
    } while (0)

} // namespace

std::optional<std::string> find_function(const std::vector<std::string>& functions,
                                         std::string_view name) {
    const std::string want = text::ascii_lower(text::trim(name));
    for (const auto& f : functions)
        if (text::ascii_lower(f) == want) return f;
    return std::nullopt;
}

bool other_function(std::string_view mine, std::string_view routed) {
    return !mine.empty() && !routed.empty() && text::ascii_lower(mine) != text::ascii_lower(routed);
}

std::string join_functions(const std::vector<std::string>& functions) {
    std::string out;
    for (const auto& f : functions)
        out += (out.empty() ? "" : ", ") + f;
    return out.empty() ? "-" : out;
}

Config default_config(const std::filesystem::path& assets_dir) {
    Config c;
    c.assets_dir = assets_dir;
    return c;
}

std::filesystem::path find_assets_dir() {
    if (const char* e = std::getenv("KELUHAN_ASSETS"); e && *e) return e;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "keluhan";
        if (std::filesystem::exists(installed / "sop", ec)) return installed;
    }
    return KELUHAN_SOURCE_ASSETS_DIR;
}

Result<Config> parse_config(std::string_view text, const std::string& file,
                            const std::filesystem::path& assets_dir) {
    Config c = default_config(assets_dir);
    c.source = file;
    toml::table doc;
    try {
        doc = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        return Error{ErrorKind::Invalid,
                     "err.config.invalid",
                     {{"file", file},
                      {"line", std::to_string(e.source().begin.line)},
                      {"key", "-"},
                      {"reason", std::string(e.description())}}};
    }
    const std::set<std::string_view> sections{
        "office",  "calendar", "sop",     "services", "ui",   "limits", "auth", "status", "device",
        "printer", "kiosk",    "storage", "hub",      "sync", "panel",  "skm",  "notify"};
    for (const auto& [k, v] : doc) {
        if (!sections.count(k.str()))
            return config_error(file, v, std::string(k.str()), "unknown section");
        if (k.str() != "services" && !v.is_table())
            return config_error(file, v, std::string(k.str()), "must be a [section]");
    }
    auto section = [&](const char* name) -> const toml::table* { return doc[name].as_table(); };

    if (const auto* t = section("office")) {
        Section s(*t, "office", file);
        KELUHAN_TRY(s.only({"name", "short_name", "parent", "address", "phone", "email", "website",
                            "register_pattern", "letter_pattern", "letterhead", "signer_name",
                            "signer_title", "signer_nip", "city", "logo", "functions"}));
        KELUHAN_TRY(s.str("name", c.office.name));
        KELUHAN_TRY(s.str("short_name", c.office.short_name));
        KELUHAN_TRY(s.str("parent", c.office.parent));
        KELUHAN_TRY(s.str("address", c.office.address));
        KELUHAN_TRY(s.str("phone", c.office.phone));
        KELUHAN_TRY(s.str("email", c.office.email));
        KELUHAN_TRY(s.str("website", c.office.website));
        KELUHAN_TRY(s.str("register_pattern", c.office.register_pattern));
        if (auto st = validate_register_pattern(c.office.register_pattern); !st)
            return config_error(file, *s.node("register_pattern"), "office.register_pattern",
                                st.error().param("reason"));
        KELUHAN_TRY(s.str("letter_pattern", c.office.letter_pattern));
        if (!c.office.letter_pattern.empty())
            if (auto st = validate_register_pattern(c.office.letter_pattern); !st)
                return config_error(file, *s.node("letter_pattern"), "office.letter_pattern",
                                    st.error().param("reason"));
        KELUHAN_TRY(s.strings("letterhead", c.office.letterhead));
        KELUHAN_TRY(s.strings("functions", c.office.functions));
        if (s.node("functions")) {
            std::set<std::string> seen;
            if (c.office.functions.size() > 30)
                return config_error(file, *s.node("functions"), "office.functions",
                                    "must have at most 30 functions");
            for (auto& f : c.office.functions) {
                f = text::trim(f);
                if (f.empty() || f.size() > 100 || !check_text("field.name", f, 100, true) ||
                    f.find('\n') != std::string::npos)
                    return config_error(file, *s.node("functions"), "office.functions",
                                        "each function must be one line of 1 to 100 characters");
                if (!seen.insert(text::ascii_lower(f)).second)
                    return config_error(file, *s.node("functions"), "office.functions",
                                        "\"" + f + "\" is listed twice");
            }
        }
        KELUHAN_TRY(s.str("signer_name", c.office.signer_name));
        KELUHAN_TRY(s.str("signer_title", c.office.signer_title));
        KELUHAN_TRY(s.str("signer_nip", c.office.signer_nip));
        KELUHAN_TRY(s.str("city", c.office.city));
        if (s.node("logo")) {
            std::string logo;
            KELUHAN_TRY(s.str("logo", logo));
            if (!logo.empty()) {
                std::filesystem::path p = logo;
                if (p.is_relative()) p = std::filesystem::path(file).parent_path() / p;
                // Read now, so a wrong path or a JPEG is said at start-up,
                // not found on the first letter.
                std::ifstream in(p, std::ios::binary);
                char magic[8] = {};
                in.read(magic, sizeof magic);
                if (!in || std::string_view(magic, 8) != std::string_view("\x89PNG\r\n\x1a\n", 8))
                    return config_error(file, *s.node("logo"), "office.logo",
                                        "must be a PNG file that can be read (" + p.string() + ")");
                c.office.logo = p;
            }
        }
        // The office's identity goes on every receipt and letter: one line
        // each, no control characters, sensible lengths, real contacts.
        // (The admin panel's settings are checked by these same rules.)
        const std::pair<const char*, const std::string*> lines[] = {
            {"name", &c.office.name},
            {"short_name", &c.office.short_name},
            {"parent", &c.office.parent},
            {"address", &c.office.address},
            {"phone", &c.office.phone},
            {"email", &c.office.email},
            {"website", &c.office.website},
            {"signer_name", &c.office.signer_name},
            {"signer_title", &c.office.signer_title},
            {"signer_nip", &c.office.signer_nip},
            {"city", &c.office.city}};
        for (const auto& [key, value] : lines) {
            if (!s.node(key)) continue;
            const bool required =
                std::string_view(key) == "name" || std::string_view(key) == "short_name";
            if (required && value->find_first_not_of(" \t") == std::string::npos)
                return config_error(file, *s.node(key), s.full(key), "must not be empty");
            if (value->size() > 200)
                return config_error(file, *s.node(key), s.full(key),
                                    "must be at most 200 characters");
            if (!check_text("field.name", *value, 200, false) ||
                value->find('\n') != std::string::npos)
                return config_error(file, *s.node(key), s.full(key), "must be one line of text");
        }
        if (s.node("phone") && !c.office.phone.empty() && !check_phone(c.office.phone))
            return config_error(file, *s.node("phone"), "office.phone",
                                "must be a phone number with 8 to 15 digits, e.g. (0711) 412005");
        if (s.node("email") && !c.office.email.empty() && !check_email(c.office.email))
            return config_error(file, *s.node("email"), "office.email",
                                "must be an e-mail address, e.g. bspji@kemenperin.go.id");
        if (s.node("website") && c.office.website.find_first_of(" \t") != std::string::npos)
            return config_error(file, *s.node("website"), "office.website",
                                "must not contain spaces");
        if (s.node("signer_nip") && !c.office.signer_nip.empty()) {
            std::size_t digits = 0;
            for (const char ch : c.office.signer_nip) {
                if (ch >= '0' && ch <= '9')
                    ++digits;
                else if (ch != ' ')
                    return config_error(file, *s.node("signer_nip"), "office.signer_nip",
                                        "must be the 18 digits of a NIP (spaces allowed)");
            }
            if (digits != 18)
                return config_error(file, *s.node("signer_nip"), "office.signer_nip",
                                    "must be the 18 digits of a NIP (spaces allowed)");
        }
        if (s.node("letterhead")) {
            if (c.office.letterhead.size() > 3)
                return config_error(file, *s.node("letterhead"), "office.letterhead",
                                    "must have at most 3 lines");
            for (const auto& l : c.office.letterhead)
                if (l.size() > 200 || !check_text("field.name", l, 200, false) ||
                    l.find('\n') != std::string::npos)
                    return config_error(file, *s.node("letterhead"), "office.letterhead",
                                        "each line must be one line of at most 200 characters");
        }
    }
    if (const auto* t = section("calendar")) {
        Section s(*t, "calendar", file);
        static constexpr std::string_view days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};
        KELUHAN_TRY(s.only({"zone", "monday", "tuesday", "wednesday", "thursday", "friday",
                            "saturday", "sunday", "holidays"}));
        std::string zone;
        KELUHAN_TRY(s.str("zone", zone));
        if (!zone.empty() && !c.calendar.set_zone(zone))
            return config_error(
                file, *s.node("zone"), "calendar.zone",
                "unknown zone \"" + zone +
                    "\" (use Asia/Jakarta, Asia/Makassar, Asia/Jayapura or +07:00)");
        for (int d = 0; d < 7; ++d) {
            std::string span = "-";
            KELUHAN_TRY(s.str(days[d], span));
            if (span == "-") continue;
            if (!c.calendar.set_hours(d, span))
                return config_error(
                    file, *s.node(days[d]), s.full(days[d]),
                    "office hours must look like \"07:30-16:00\" or \"\" for closed");
        }
        std::vector<std::string> holidays;
        KELUHAN_TRY(s.strings("holidays", holidays));
        for (const auto& h : holidays) {
            auto d = parse_date(h);
            if (!d)
                return config_error(file, *s.node("holidays"), "calendar.holidays",
                                    "\"" + h + "\" is not a date like 2026-12-25");
            c.calendar.add_holiday(*d);
        }
    }
    if (const auto* t = section("sop")) {
        Section s(*t, "sop", file);
        KELUHAN_TRY(s.only({"profile", "allow_on_behalf"}));
        KELUHAN_TRY(s.str("profile", c.sop_profile));
        KELUHAN_TRY(s.boolean("allow_on_behalf", c.allow_on_behalf));
        if (c.sop_profile.empty() || c.sop_profile.find('/') != std::string::npos)
            return config_error(file, *s.node("profile"), "sop.profile",
                                "must be a profile name from assets/sop/");
    }
    if (const auto* v = doc.get("services")) {
        const auto* arr = v->as_array();
        if (!arr || arr->empty())
            return config_error(file, *v, "services", "must be a non-empty list of text");
        std::vector<std::string> got;
        for (const auto& e : *arr) {
            if (!e.is_string() || e.as_string()->get().empty())
                return config_error(file, e, "services", "must be a non-empty list of text");
            got.push_back(e.as_string()->get());
        }
        c.services = std::move(got);
    }
    if (const auto* t = section("ui")) {
        Section s(*t, "ui", file);
        KELUHAN_TRY(s.only({"language"}));
        KELUHAN_TRY(s.str("language", c.language));
        if (c.language != "id" && c.language != "en")
            return config_error(file, *s.node("language"), "ui.language",
                                "must be \"id\" or \"en\"");
    }
    if (const auto* t = section("limits")) {
        Section s(*t, "limits", file);
        KELUHAN_TRY(s.only({"description_max", "expectation_max", "note_max", "letter_max"}));
        KELUHAN_TRY(s.size("description_max", c.limits.description_max, 100, 20000));
        KELUHAN_TRY(s.size("expectation_max", c.limits.expectation_max, 100, 20000));
        KELUHAN_TRY(s.size("note_max", c.limits.note_max, 100, 20000));
        KELUHAN_TRY(s.size("letter_max", c.limits.letter_max, 500, 20000));
    }
    if (const auto* t = section("auth")) {
        Section s(*t, "auth", file);
        KELUHAN_TRY(s.only({"max_failures", "lockout_minutes", "idle_lock_minutes",
                            "session_idle_minutes", "session_hours"}));
        KELUHAN_TRY(s.integer("max_failures", c.auth.max_failures, 1, 100));
        KELUHAN_TRY(s.integer("lockout_minutes", c.auth.lockout_minutes, 1, 24 * 60));
        KELUHAN_TRY(s.integer("idle_lock_minutes", c.auth.idle_lock_minutes, 1, 24 * 60));
        KELUHAN_TRY(s.integer("session_idle_minutes", c.auth.session_idle_minutes, 1, 24 * 60));
        KELUHAN_TRY(s.integer("session_hours", c.auth.session_hours, 1, 24 * 7));
    }
    if (const auto* t = section("status")) {
        Section s(*t, "status", file);
        KELUHAN_TRY(s.only({"base_url"}));
        KELUHAN_TRY(s.str("base_url", c.status_base_url));
        while (!c.status_base_url.empty() && c.status_base_url.back() == '/')
            c.status_base_url.pop_back();
        if (!c.status_base_url.empty() && c.status_base_url.rfind("http://", 0) != 0 &&
            c.status_base_url.rfind("https://", 0) != 0)
            return config_error(file, *s.node("base_url"), "status.base_url",
                                "must start with http:// or https://");
    }
    if (const auto* t = section("device")) {
        Section s(*t, "device", file);
        KELUHAN_TRY(s.only({"name"}));
        KELUHAN_TRY(s.str("name", c.device_name));
    }
    if (const auto* t = section("printer")) {
        Section s(*t, "printer", file);
        KELUHAN_TRY(s.only({"name", "letter_name", "paper", "timeout_seconds", "reprint_limit"}));
        KELUHAN_TRY(s.str("name", c.printer.name));
        KELUHAN_TRY(s.str("letter_name", c.printer.letter_name));
        // CUPS queue names: up to 127 printable characters, no space, / or #.
        for (const char* key : {"name", "letter_name"}) {
            const std::string& q =
                std::string_view(key) == "name" ? c.printer.name : c.printer.letter_name;
            if (!s.node(key)) continue;
            bool bad = q.size() > 127;
            for (const char ch : q)
                if (static_cast<unsigned char>(ch) <= ' ' || ch == '/' || ch == '#' || ch == 0x7f)
                    bad = true;
            if (bad)
                return config_error(
                    file, *s.node(key), s.full(key),
                    "must be a CUPS queue name (no spaces, / or #; at most 127 characters)");
        }
        KELUHAN_TRY(s.str("paper", c.printer.paper));
        if (c.printer.paper != "80mm" && c.printer.paper != "a6")
            return config_error(file, *s.node("paper"), "printer.paper",
                                "must be \"80mm\" or \"a6\"");
        KELUHAN_TRY(s.integer("timeout_seconds", c.printer.timeout_seconds, 5, 3600));
        KELUHAN_TRY(s.integer("reprint_limit", c.printer.reprint_limit, 0, 10));
    }
    if (const auto* t = section("kiosk")) {
        Section s(*t, "kiosk", file);
        KELUHAN_TRY(s.only({"idle_seconds", "warning_seconds", "done_seconds",
                            "recording_max_seconds", "admin_pin"}));
        KELUHAN_TRY(s.integer("idle_seconds", c.kiosk.idle_seconds, 10, 3600));
        KELUHAN_TRY(s.integer("warning_seconds", c.kiosk.warning_seconds, 20, 600));
        KELUHAN_TRY(s.integer("done_seconds", c.kiosk.done_seconds, 10, 600));
        KELUHAN_TRY(s.integer("recording_max_seconds", c.kiosk.recording_max_seconds, 10, 600));
        KELUHAN_TRY(s.str("admin_pin", c.kiosk.admin_pin));
        if (!c.kiosk.admin_pin.empty() &&
            (c.kiosk.admin_pin.size() < 4 || c.kiosk.admin_pin.size() > 12 ||
             c.kiosk.admin_pin.find_first_not_of("0123456789") != std::string::npos))
            return config_error(file, *s.node("admin_pin"), s.full("admin_pin"),
                                "must be 4 to 12 digits");
    }
    if (const auto* t = section("storage")) {
        Section s(*t, "storage", file);
        KELUHAN_TRY(s.only({"data_dir"}));
        std::string dir = c.data_dir.string();
        KELUHAN_TRY(s.str("data_dir", dir));
        if (dir.empty())
            return config_error(file, *s.node("data_dir"), "storage.data_dir", "must not be empty");
        c.data_dir = dir;
    }
    if (const auto* t = section("skm")) {
        Section s(*t, "skm", file);
        KELUHAN_TRY(s.only({"questionnaire"}));
        KELUHAN_TRY(s.str("questionnaire", c.skm_questionnaire));
        if (c.skm_questionnaire.empty() ||
            c.skm_questionnaire.find_first_of("/\\. ") != std::string::npos)
            return config_error(file, *s.node("questionnaire"), "skm.questionnaire",
                                "must name a file of assets/skm, such as permenpanrb-14-2017");
    }
    if (const auto* t = section("panel")) {
        Section s(*t, "panel", file);
        KELUHAN_TRY(s.only({"serve_hub", "hub_url", "ca_file", "open_command"}));
        KELUHAN_TRY(s.boolean("serve_hub", c.panel.serve_hub));
        KELUHAN_TRY(s.str("hub_url", c.panel.hub_url));
        std::string ca = c.panel.ca_file.string();
        KELUHAN_TRY(s.str("ca_file", ca));
        c.panel.ca_file = ca;
        KELUHAN_TRY(s.str("open_command", c.panel.open_command));
        if (c.panel.open_command.empty() ||
            c.panel.open_command.find_first_of(" \t\n") != std::string::npos)
            return config_error(file, *s.node("open_command"), "panel.open_command",
                                "must be one program, such as xdg-open or /usr/bin/evince");
    }
    if (const auto* t = section("hub")) {
        Section s(*t, "hub", file);
        KELUHAN_TRY(
            s.only({"listen", "port", "tls_cert", "tls_key", "threads", "max_body_mb",
                    "lookups_per_minute", "misses_per_10_minutes", "block_minutes", "min_free_mb",
                    "trusted_proxies", "web_intake", "web_submissions_per_hour"}));
        KELUHAN_TRY(s.str("listen", c.hub.listen));
        if (c.hub.listen.empty() || c.hub.listen.find_first_of(" /") != std::string::npos)
            return config_error(file, *s.node("listen"), "hub.listen",
                                "must be an address such as 127.0.0.1 or 0.0.0.0");
        KELUHAN_TRY(s.integer("port", c.hub.port, 0, 65535)); // 0 = any free port
        KELUHAN_TRY(s.str("tls_cert", c.hub.tls_cert));
        KELUHAN_TRY(s.str("tls_key", c.hub.tls_key));
        if (c.hub.tls_cert.empty() != c.hub.tls_key.empty())
            return config_error(file,
                                *(s.node("tls_cert") ? s.node("tls_cert") : s.node("tls_key")),
                                c.hub.tls_cert.empty() ? "hub.tls_cert" : "hub.tls_key",
                                "tls_cert and tls_key must be set together");
        KELUHAN_TRY(s.integer("threads", c.hub.threads, 1, 256));
        KELUHAN_TRY(s.integer("max_body_mb", c.hub.max_body_mb, 1, 1024));
        KELUHAN_TRY(s.integer("lookups_per_minute", c.hub.lookups_per_minute, 0, 1000000));
        KELUHAN_TRY(s.integer("misses_per_10_minutes", c.hub.misses_per_10_minutes, 0, 1000000));
        KELUHAN_TRY(s.integer("block_minutes", c.hub.block_minutes, 1, 24 * 60));
        KELUHAN_TRY(s.integer("min_free_mb", c.hub.min_free_mb, 0, 10'000'000));
        KELUHAN_TRY(s.boolean("web_intake", c.hub.web_intake));
        KELUHAN_TRY(
            s.integer("web_submissions_per_hour", c.hub.web_submissions_per_hour, 0, 1000000));
        KELUHAN_TRY(s.strings("trusted_proxies", c.hub.trusted_proxies));
        for (const auto& a : c.hub.trusted_proxies) {
            unsigned char buf[16];
            if (inet_pton(AF_INET, a.c_str(), buf) != 1 && inet_pton(AF_INET6, a.c_str(), buf) != 1)
                return config_error(file, *s.node("trusted_proxies"), "hub.trusted_proxies",
                                    "\"" + a + "\" is not an IP address");
        }
    }
    if (const auto* t = section("notify")) {
        Section s(*t, "notify", file);
        auto& n = c.notify;
        KELUHAN_TRY(s.only({"smtp_url", "smtp_user", "smtp_password_file", "smtp_from",
                            "smtp_ca_file", "sms_outbox", "webhook_url", "webhook_token_file",
                            "interval_seconds", "timeout_seconds"}));
        KELUHAN_TRY(s.str("smtp_url", n.smtp_url));
        if (!n.smtp_url.empty() && n.smtp_url.rfind("smtp://", 0) != 0 &&
            n.smtp_url.rfind("smtps://", 0) != 0)
            return config_error(file, *s.node("smtp_url"), "notify.smtp_url",
                                "must be smtp://host:587 (STARTTLS) or smtps://host:465");
        KELUHAN_TRY(s.str("smtp_user", n.smtp_user));
        KELUHAN_TRY(s.str("smtp_password_file", n.smtp_password_file));
        KELUHAN_TRY(s.str("smtp_from", n.smtp_from));
        KELUHAN_TRY(s.str("smtp_ca_file", n.smtp_ca_file));
        if (!n.smtp_url.empty() && (n.smtp_from.find('@') == std::string::npos ||
                                    n.smtp_from.find_first_of(" <>\r\n") != std::string::npos))
            return config_error(
                file, *(s.node("smtp_from") ? s.node("smtp_from") : s.node("smtp_url")),
                "notify.smtp_from", "must be the sender's address, such as keluhan@bspji.go.id");
        if (!n.smtp_user.empty() && n.smtp_password_file.empty())
            return config_error(file, *s.node("smtp_user"), "notify.smtp_password_file",
                                "must name the file holding the password when smtp_user is set");
        KELUHAN_TRY(s.str("sms_outbox", n.sms_outbox));
        KELUHAN_TRY(s.str("webhook_url", n.webhook_url));
        // The token travels with each message: in the clear only to this machine.
        const bool local_http = n.webhook_url.rfind("http://localhost", 0) == 0 ||
                                n.webhook_url.rfind("http://127.0.0.1", 0) == 0 ||
                                n.webhook_url.rfind("http://[::1]", 0) == 0;
        if (!n.webhook_url.empty() && !local_http && n.webhook_url.rfind("https://", 0) != 0)
            return config_error(file, *s.node("webhook_url"), "notify.webhook_url",
                                "must start with https:// (or http://127.0.0.1 on this machine)");
        KELUHAN_TRY(s.str("webhook_token_file", n.webhook_token_file));
        KELUHAN_TRY(s.integer("interval_seconds", n.interval_seconds, 1, 3600));
        KELUHAN_TRY(s.integer("timeout_seconds", n.timeout_seconds, 1, 600));
    }
    if (const auto* t = section("sync")) {
        Section s(*t, "sync", file);
        KELUHAN_TRY(
            s.only({"hub_url", "token", "interval_seconds", "batch_size", "timeout_seconds"}));
        KELUHAN_TRY(s.str("hub_url", c.sync.hub_url));
        while (!c.sync.hub_url.empty() && c.sync.hub_url.back() == '/')
            c.sync.hub_url.pop_back();
        if (!c.sync.hub_url.empty() && c.sync.hub_url.rfind("http://", 0) != 0 &&
            c.sync.hub_url.rfind("https://", 0) != 0)
            return config_error(file, *s.node("hub_url"), "sync.hub_url",
                                "must start with http:// or https://");
        KELUHAN_TRY(s.str("token", c.sync.token));
        if (!c.sync.token.empty() && (c.sync.token.find('.') == std::string::npos ||
                                      c.sync.token.find_first_of(" \t\r\n") != std::string::npos))
            return config_error(file, *s.node("token"), "sync.token",
                                "must be the token `keluhan kiosk add NAME` printed on the hub");
        if (!c.sync.hub_url.empty() && c.sync.token.empty())
            return config_error(
                file, *s.node("hub_url"), "sync.token",
                "must be set when sync.hub_url is (from `keluhan kiosk add NAME` on the hub)");
        KELUHAN_TRY(s.integer("interval_seconds", c.sync.interval_seconds, 1, 24 * 3600));
        KELUHAN_TRY(s.integer("batch_size", c.sync.batch_size, 1, 200));
        KELUHAN_TRY(s.integer("timeout_seconds", c.sync.timeout_seconds, 1, 600));
    }
    return c;
}

Result<Config> load_config(const std::filesystem::path& file,
                           const std::filesystem::path& assets_dir) {
    // A config file is a few KiB; a device or a huge file given by mistake
    // is refused, not read without end.
    auto text = read_regular_file(file, kMaxConfigBytes);
    if (!text && text.error().kind == ErrorKind::NotFound)
        return Error{ErrorKind::NotFound, "err.config.missing", {{"file", file.string()}}};
    if (!text) return text.error();
    return parse_config(*text, file.string(), assets_dir);
}

} // namespace keluhan

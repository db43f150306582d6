#include "keluhan/ops/settings.hpp"

#include "keluhan/domain/text.hpp"

#include <toml++/toml.h>

#include <functional>
#include <sstream>

namespace keluhan {
namespace {

std::string hhmm(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

// Copies one key's value from a freshly parsed config into the target.
using Copy = std::function<void(Config& dst, const Config& src)>;

struct Entry {
    SettingInfo info;
    std::function<std::string(const Config&)> get;
    Copy copy;
};

std::string join_lines(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : "\n") + s;
    return out;
}

const std::vector<Entry>& entries() {
    static const std::vector<Entry> all = [] {
        std::vector<Entry> e;
        auto office = [&](std::string_view key, std::string_view group,
                          std::string OfficeConfig::*field) {
            e.push_back(
                {{key, group, false, false},
                 [field](const Config& c) { return c.office.*field; },
                 [field](Config& d, const Config& s) { d.office.*field = s.office.*field; }});
        };
        office("office.name", "office", &OfficeConfig::name);
        office("office.short_name", "office", &OfficeConfig::short_name);
        office("office.parent", "office", &OfficeConfig::parent);
        office("office.address", "office", &OfficeConfig::address);
        office("office.phone", "office", &OfficeConfig::phone);
        office("office.email", "office", &OfficeConfig::email);
        office("office.website", "office", &OfficeConfig::website);
        e.push_back(
            {{"office.letterhead", "office", true, true},
             [](const Config& c) { return join_lines(c.office.letterhead); },
             [](Config& d, const Config& s) { d.office.letterhead = s.office.letterhead; }});
        office("office.register_pattern", "office", &OfficeConfig::register_pattern);
        e.push_back({{"office.functions", "sop", true, true},
                     [](const Config& c) { return join_lines(c.office.functions); },
                     [](Config& d, const Config& s) { d.office.functions = s.office.functions; }});
        office("office.letter_pattern", "letter", &OfficeConfig::letter_pattern);
        office("office.signer_name", "letter", &OfficeConfig::signer_name);
        office("office.signer_title", "letter", &OfficeConfig::signer_title);
        office("office.signer_nip", "letter", &OfficeConfig::signer_nip);
        office("office.city", "letter", &OfficeConfig::city);
        e.push_back({{"printer.name", "printer", false, false},
                     [](const Config& c) { return c.printer.name; },
                     [](Config& d, const Config& s) { d.printer.name = s.printer.name; }});
        e.push_back(
            {{"printer.letter_name", "printer", false, false},
             [](const Config& c) { return c.printer.letter_name; },
             [](Config& d, const Config& s) { d.printer.letter_name = s.printer.letter_name; }});
        e.push_back({{"sop.profile", "sop", false, false},
                     [](const Config& c) { return c.sop_profile; },
                     [](Config& d, const Config& s) { d.sop_profile = s.sop_profile; }});
        for (int day = 0; day < 7; ++day) {
            static const std::string keys[] = {
                "calendar.monday", "calendar.tuesday",  "calendar.wednesday", "calendar.thursday",
                "calendar.friday", "calendar.saturday", "calendar.sunday"};
            e.push_back({{keys[day], "calendar", false, false},
                         [day](const Config& c) {
                             const auto s = c.calendar.hours(day);
                             return s.working() ? hhmm(s.start_min) + "-" + hhmm(s.end_min)
                                                : std::string();
                         },
                         [day](Config& d, const Config& s) {
                             const auto sp = s.calendar.hours(day);
                             (void)d.calendar.set_hours(
                                 day, sp.working() ? hhmm(sp.start_min) + "-" + hhmm(sp.end_min)
                                                   : std::string());
                         }});
        }
        e.push_back({{"calendar.holidays", "calendar", true, true},
                     [](const Config& c) {
                         std::string out;
                         for (const auto& d : c.calendar.holidays())
                             out += (out.empty() ? "" : "\n") + format_date(d);
                         return out;
                     },
                     [](Config& d, const Config& s) {
                         d.calendar.clear_holidays();
                         for (const auto& h : s.calendar.holidays())
                             d.calendar.add_holiday(h);
                     }});
        return e;
    }();
    return all;
}

const Entry* entry(std::string_view key) {
    for (const auto& e : entries())
        if (e.info.key == key) return &e;
    return nullptr;
}

std::vector<std::string> split_items(std::string_view value, bool commas) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        auto t = text::trim(cur);
        if (!t.empty()) out.push_back(std::move(t));
        cur.clear();
    };
    for (const char ch : value) {
        if (ch == '\n' || (commas && (ch == ',' || ch == ' ' || ch == ';')))
            flush();
        else if (ch != '\r')
            cur.push_back(ch);
    }
    flush();
    return out;
}

std::string underscore(std::string_view key) {
    std::string s(key);
    for (auto& ch : s)
        if (ch == '.') ch = '_';
    return s;
}

Error invalid(std::string_view key, const Error& why) {
    return Error{ErrorKind::Invalid,
                 "err.setting.invalid",
                 {{"setting", setting_label_key(key)}, {"rule", setting_rule_key(key)}},
                 std::string(key) + ": " + (why.detail.empty() ? why.key : why.detail)};
}

Result<Config> base_config(const Config& current) {
    if (current.source.empty()) return default_config(current.assets_dir);
    return load_config(current.source, current.assets_dir);
}

} // namespace

const std::vector<SettingInfo>& setting_keys() {
    static const std::vector<SettingInfo> keys = [] {
        std::vector<SettingInfo> k;
        for (const auto& e : entries())
            k.push_back(e.info);
        return k;
    }();
    return keys;
}

const SettingInfo* find_setting(std::string_view key) {
    const Entry* e = entry(key);
    return e ? &e->info : nullptr;
}

std::string setting_label_key(std::string_view key) {
    return "label.setting." + underscore(key);
}
std::string setting_rule_key(std::string_view key) {
    return "label.setting_rule." + underscore(key);
}

std::string setting_value(const Config& cfg, std::string_view key) {
    const Entry* e = entry(key);
    return e ? e->get(cfg) : std::string();
}

Status apply_setting(Config& cfg, std::string_view key, std::string_view value) {
    const Entry* e = entry(key);
    if (!e) return Error{ErrorKind::Invalid, "err.setting.unknown", {{"key", std::string(key)}}};
    const auto dot = key.find('.');
    const std::string section(key.substr(0, dot)), name(key.substr(dot + 1));
    // The value as a one-key config file, read by the config file's parser.
    toml::table inner;
    if (e->info.list) {
        toml::array arr;
        for (auto& item : split_items(value, key == "calendar.holidays"))
            arr.push_back(item);
        inner.insert(name, std::move(arr));
    } else {
        std::string v = text::trim(value);
        if (e->info.group == "calendar" && v == "-") v = "?"; // "-" means "unset" in the file
        inner.insert(name, v);
    }
    toml::table doc;
    doc.insert(section, std::move(inner));
    std::ostringstream ss;
    ss << doc;
    auto parsed = parse_config(ss.str(), "pengaturan", cfg.assets_dir);
    if (!parsed) return invalid(key, parsed.error());
    if (key == "sop.profile") {
        auto p = load_sop_profile(parsed->sop_path());
        if (!p) return p.error();
    }
    e->copy(cfg, *parsed);
    return ok();
}

namespace {

// `base` with every stored setting except `skip` laid over it.
Result<Config> with_stored(const std::vector<StoredSetting>& stored, Config cfg,
                           std::string_view skip, bool keep_printers = false) {
    for (const auto& s : stored) {
        if (s.key == skip || !find_setting(s.key)) continue; // a newer program's key: left alone
        if (keep_printers && s.key.rfind("printer.", 0) == 0) continue;
        if (auto st = apply_setting(cfg, s.key, s.value); !st)
            return Error{ErrorKind::Invalid,
                         "err.setting.stored",
                         {{"key", s.key}, {"reason", st.error().key}},
                         st.error().detail};
    }
    return cfg;
}

Result<Config> with_stored(Store& store, Config cfg, std::string_view skip) {
    auto stored = store.settings();
    if (!stored) return stored.error();
    return with_stored(*stored, std::move(cfg), skip);
}

Status use_config(Office& office, Config cfg) {
    if (cfg.sop_profile != office.profile.name) {
        auto p = load_sop_profile(cfg.sop_path());
        if (!p) return p.error();
        office.profile = std::move(p).value();
    }
    office.config = std::move(cfg);
    return ok();
}

} // namespace

Status apply_settings(Office& office, const std::vector<StoredSetting>& stored,
                      bool keep_printers) {
    auto cfg = with_stored(stored, office.config, {}, keep_printers);
    if (!cfg) return cfg.error();
    return use_config(office, std::move(cfg).value());
}

Status apply_settings(Office& office, Store& store) {
    auto cfg = with_stored(store, office.config, {});
    if (!cfg) return cfg.error();
    return use_config(office, std::move(cfg).value());
}

Status change_setting(Store& store, Office& office, const User& user, std::string_view key,
                      std::string_view value) {
    if (auto st = require(user, Permission::ManageSettings); !st) return st.error();
    Config cfg = office.config;
    if (auto st = apply_setting(cfg, key, value); !st) return st.error();
    const std::string normalized = setting_value(cfg, key);
    const bool new_profile = key == "sop.profile" && cfg.sop_profile != office.profile.name;
    if (auto st = store.put_setting(std::string(key), normalized, user.name,
                                    new_profile ? cfg.sop_profile : "");
        !st)
        return st.error();
    return use_config(office, std::move(cfg));
}

Status reset_setting(Store& store, Office& office, const User& user, std::string_view key) {
    if (auto st = require(user, Permission::ManageSettings); !st) return st.error();
    if (!find_setting(key))
        return Error{ErrorKind::Invalid, "err.setting.unknown", {{"key", std::string(key)}}};
    auto base = base_config(office.config);
    if (!base) return base.error();
    auto cfg = with_stored(store, std::move(base).value(), key);
    if (!cfg) return cfg.error();
    const bool new_profile = key == "sop.profile" && cfg->sop_profile != office.profile.name;
    if (auto st = store.put_setting(std::string(key), std::nullopt, user.name,
                                    new_profile ? cfg->sop_profile : "");
        !st)
        return st.error();
    return use_config(office, std::move(cfg).value());
}

Result<std::vector<SettingRow>> settings_in_effect(Store& store, const Office& office) {
    auto stored = store.settings();
    if (!stored) return stored.error();
    std::vector<SettingRow> out;
    for (const auto& info : setting_keys()) {
        SettingRow r;
        r.info = find_setting(info.key);
        r.value = setting_value(office.config, info.key);
        for (const auto& s : *stored)
            if (s.key == info.key) {
                r.stored = true;
                r.updated_at = s.updated_at;
                r.updated_by = s.updated_by;
            }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace keluhan

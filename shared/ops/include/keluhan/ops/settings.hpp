// Office settings that staff edit in the admin panel and every program on
// the database sees: the office's identity (letterhead, register-number
// pattern, the letter's signer), the printers, the SOP profile in use, and
// the working hours and holidays. They are kept in the database (the
// settings table) and laid over the config file: the file gives the
// defaults, a stored setting wins. Every value is checked by the config
// file's own rules, so a setting can hold nothing the file could not.
//
// Keys are the config file's: "office.name", "printer.letter_name",
// "sop.profile", "calendar.monday", "calendar.holidays", ... Values are
// text; lists (office.letterhead, calendar.holidays) are one item a line
// (holidays may also be separated by commas or spaces).
#pragma once

#include "keluhan/domain/config.hpp"
#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

struct SettingInfo {
    std::string_view key;   // "office.name"
    std::string_view group; // "office", "letter", "printer", "sop", "calendar"
    bool list = false;      // one item a line
    bool multiline = false; // shown as a text box
};
// Every key that may be stored, in the order the panel shows them.
[[nodiscard]] const std::vector<SettingInfo>& setting_keys();
[[nodiscard]] const SettingInfo* find_setting(std::string_view key);
// The i18n key of a setting's name: "label.setting.office_name".
[[nodiscard]] std::string setting_label_key(std::string_view key);
// The i18n key of what a setting accepts: "label.setting_rule.office_name".
[[nodiscard]] std::string setting_rule_key(std::string_view key);

// The current value of `key` in `cfg`, as text (lists one item a line).
[[nodiscard]] std::string setting_value(const Config& cfg, std::string_view key);

// Sets one key in `cfg` by the config file's rules. Refuses an unknown key
// (err.setting.unknown) and a bad value (err.setting.invalid naming the
// setting and what it accepts). "sop.profile" must name a profile that loads.
[[nodiscard]] Status apply_setting(Config& cfg, std::string_view key, std::string_view value);

// Lays the stored settings over `office` (config and, for sop.profile, the
// profile). A stored value that no longer passes (say a profile file was
// removed) is refused with err.setting.stored naming the key, and the office
// is left as it was.
[[nodiscard]] Status apply_settings(Office& office, Store& store);
// The same with settings read elsewhere (a panel on the hub: the hub's).
// With `keep_printers`, the printer.* keys are left as `office` has them:
// a desk prints on its own printers.
[[nodiscard]] Status apply_settings(Office& office, const std::vector<StoredSetting>& stored,
                                    bool keep_printers);

// Sets `key` to `value` for `user` (Permission::ManageSettings): checked,
// written with an audit row, then applied to `office`. Changing
// sop.profile is refused while complaints are open under another profile
// (err.setting.sop_open): they could not be advanced under the new one.
[[nodiscard]] Status change_setting(Store& store, Office& office, const User& user,
                                    std::string_view key, std::string_view value);
// Removes the stored value, so the config file's (or the default) applies.
[[nodiscard]] Status reset_setting(Store& store, Office& office, const User& user,
                                   std::string_view key);

// A stored setting with where the value in effect comes from.
struct SettingRow {
    const SettingInfo* info = nullptr;
    std::string value;      // in effect
    bool stored = false;    // from the database (else the config file or default)
    TimeMs updated_at = 0;  // when stored
    std::string updated_by; // who stored it
};
[[nodiscard]] Result<std::vector<SettingRow>> settings_in_effect(Store& store,
                                                                 const Office& office);

} // namespace keluhan

// The office as loaded at start-up: its configuration, the SOP profile it
// follows and the messages in its language.
#pragma once

#include "keluhan/domain/config.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/sop.hpp"

#include <filesystem>
#include <string>

namespace keluhan {

// Everything loaded once at start-up: config, SOP profile, messages.
struct Office {
    Config config;
    SopProfile profile;
    Catalog catalog;

    // Loads the config (or defaults when `config_file` is empty), the SOP
    // profile it names and the catalog for `language` (config's when empty).
    [[nodiscard]] static Result<Office> load(const std::filesystem::path& config_file,
                                             const std::string& language = {});
    [[nodiscard]] SopEngine engine() const {
        return SopEngine(profile, config.calendar, EngineOptions{config.allow_on_behalf});
    }
    [[nodiscard]] std::string say(const Error& e) const { return catalog.message(e); }
    // err.sop.other_profile when `c` follows another SOP profile than the
    // office's: its steps cannot be worked with this profile.
    [[nodiscard]] Status check_profile(const Complaint& c) const;
};

} // namespace keluhan

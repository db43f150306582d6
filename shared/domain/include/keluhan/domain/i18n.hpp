// Message catalogs: Bahasa Indonesia first, English second. Every visible
// string goes through a Catalog. A language is a folder of TOML files,
// assets/i18n/<lang>/*.toml (one per area: core, kiosk, print, ...), merged;
// a key defined twice is refused.
#pragma once

#include "keluhan/domain/error.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

class Catalog {
  public:
    // Loads `lang` with Indonesian ("id") as the fallback for missing keys
    // (none when `with_fallback` is false: tests compare the languages).
    [[nodiscard]] static Result<Catalog> load(const std::filesystem::path& i18n_dir,
                                              std::string_view lang, bool with_fallback = true);
    // From TOML text (tests); `fallback` may be empty.
    [[nodiscard]] static Result<Catalog> parse(std::string_view lang, std::string_view toml_text,
                                               std::string_view fallback_toml = {});

    // The message for `key` with {name} placeholders filled. A parameter whose
    // value is itself a key ("field.name") is translated first. An unknown key
    // comes back as the key itself, so a gap is visible, never blank.
    [[nodiscard]] std::string
    tr(std::string_view key,
       const std::vector<std::pair<std::string, std::string>>& params = {}) const;
    [[nodiscard]] std::string message(const Error& e) const { return tr(e.key, e.params); }
    [[nodiscard]] bool has(std::string_view key) const;
    [[nodiscard]] const std::string& language() const { return lang_; }
    // All keys of this catalog (tests compare catalogs).
    [[nodiscard]] std::vector<std::string> keys() const;

  private:
    std::string lang_;
    std::map<std::string, std::string, std::less<>> own_;
    std::map<std::string, std::string, std::less<>> fallback_;
};

// Languages shipped: {"id", "en"}.
[[nodiscard]] const std::vector<std::string>& supported_languages();

} // namespace keluhan

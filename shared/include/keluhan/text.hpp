// Text checks shared by every entry point: what the core accepts as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keluhan::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s);

// Number of code points in well-formed UTF-8 (what a user calls characters).
[[nodiscard]] std::size_t length(std::string_view s);

// Leading and trailing ASCII whitespace removed.
[[nodiscard]] std::string trim(std::string_view s);

// The first `max_chars` code points of `s` (never cuts a code point).
[[nodiscard]] std::string truncate(std::string_view s, std::size_t max_chars);

// Lower-case ASCII copy.
[[nodiscard]] std::string ascii_lower(std::string_view s);

} // namespace keluhan::text

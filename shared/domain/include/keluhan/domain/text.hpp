// Text checks shared by every entry point: what the core accepts as text.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s);

// Number of code points in well-formed UTF-8 (what a user calls characters).
[[nodiscard]] std::size_t length(std::string_view s);

// Leading and trailing ASCII whitespace removed.
[[nodiscard]] std::string trim(std::string_view s);

// The first `max_chars` code points of `s` (never cuts a code point).
[[nodiscard]] std::string truncate(std::string_view s, std::size_t max_chars);
// A text's first words in at most `max_chars` characters: whitespace
// collapsed to single spaces, cut at a word boundary with an ellipsis.
[[nodiscard]] std::string summarize(std::string_view text, std::size_t max_chars);

// Lower-case ASCII copy.
[[nodiscard]] std::string ascii_lower(std::string_view s);

// One CSV cell (RFC 4180, always quoted), with spreadsheet formulas
// defused: a cell that would start with = + - @ gets a leading apostrophe.
[[nodiscard]] std::string csv_cell(std::string_view v);
// Cells joined by commas, ended by CRLF.
[[nodiscard]] std::string csv_row(std::initializer_list<std::string> cells);

// What a person left in a complaint, to be found again in text written
// about it (step notes, the corrective-action record) when it is anonymised.
struct PersonalMentions {
    std::string name;         // the full name, and each of its words of 3 letters or more
    std::string organization; // the whole name only (its words are often common words)
    std::string email;
    std::string phone; // matched by its digits, whatever the spacing or 0 / +62 prefix
};
// `text` with every mention replaced by `replacement`: names and e-mail in
// any letter case, words of the name only as whole words.
[[nodiscard]] std::string redact(std::string_view text, const PersonalMentions& who,
                                 std::string_view replacement);

// Overwrites the text before clearing it and giving back its memory, so a
// visitor's words do not linger in freed memory of a machine that runs for
// months.
void scrub(std::string& s);

} // namespace keluhan::text

// Input checks shared by the kiosk, the admin panel, the command line and
// the hub, so every door refuses the same things with the same words.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

struct Limits {
    std::size_t description_max = 20000; // characters
    std::size_t expectation_max = 5000;
    std::size_t name_max = 200;
    std::size_t organization_max = 200;
    std::size_t reference_max = 100;
    std::size_t note_max = 20000;
    std::size_t letter_max =
        6000; // the response letter's answer (the Draft step), about two A4 pages
    std::size_t attachment_max_bytes = 64u * 1024 * 1024;
};

// A text field: well-formed UTF-8, no control characters other than
// newline and tab, at most `max_chars` characters, and not blank when
// required. `field` is the i18n key of the field's name ("field.name").
[[nodiscard]] Status check_text(std::string_view field, std::string_view value,
                                std::size_t max_chars, bool required);

// Indonesian phone numbers as people write them: digits, spaces, dashes,
// dots, parentheses and a leading +; 8 to 15 digits.
[[nodiscard]] Status check_phone(std::string_view phone);
[[nodiscard]] Status check_email(std::string_view email);

// What a document is by its first bytes, not by its name: "application/pdf",
// "image/jpeg" or "image/png"; "" for anything else.
[[nodiscard]] std::string_view document_type_of(const std::vector<std::uint8_t>& bytes);
// The file extension for one of those types (".pdf", ".jpg", ".png"), else "".
[[nodiscard]] std::string_view extension_for(std::string_view document_type);

// Every rule for a new complaint; the first problem found, with the field.
// `services` is the configured list (the service must be one of them).
[[nodiscard]] Status validate_submission(const Submission& s, const Limits& limits,
                                         const std::vector<std::string>& services);

// All problems at once, one per field, for forms that mark each field.
struct FieldError {
    std::string field; // "name", "phone", "description", ...
    Error error;
};
[[nodiscard]] std::vector<FieldError> submission_errors(const Submission& s, const Limits& limits,
                                                        const std::vector<std::string>& services);

// "0812****789": keeps the first four and last three digits.
[[nodiscard]] std::string mask_phone(std::string_view phone);

} // namespace keluhan

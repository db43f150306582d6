// Identifiers: complaint UUIDs made on the device, tracking codes a visitor
// reads off the receipt, and register numbers in Indonesian letter style.
#pragma once

#include "keluhan/domain/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace keluhan {

// A random (version 4) UUID in canonical lower-case form.
[[nodiscard]] std::string new_uuid();

// Tracking code: 60 random bits as 12 Crockford base32 symbols plus
// Crockford's mod-37 check symbol, grouped 4-4-4-1 ("7KQ2-M9XD-4HTA-J").
// Codes are drawn so that the check symbol is always one of the 32 ordinary
// symbols (never * ~ $ = U), which keeps the kiosk keyboard plain; that
// costs 0.2 bits of the 60.
class TrackingCode {
  public:
    static constexpr int kDataSymbols = 12;
    static constexpr int kBits = kDataSymbols * 5;

    // A fresh random code (libsodium's CSPRNG).
    [[nodiscard]] static TrackingCode generate();
    // The code for a given 60-bit value (tests, benchmarks); the value must
    // give an ordinary check symbol.
    [[nodiscard]] static Result<TrackingCode> from_value(std::uint64_t value);

    // Lenient parse: case, dashes and spaces ignored; O read as 0, I and L
    // as 1. Refused with err.code.length, err.code.symbol (naming the symbol)
    // or err.code.check (a typo the check symbol caught).
    [[nodiscard]] static Result<TrackingCode> parse(std::string_view input);

    // Pulls a code out of what a QR scanner typed: a bare code or a status
    // URL ".../s/<code>" (with or without query or trailing slash).
    [[nodiscard]] static Result<TrackingCode> from_scan(std::string_view scanned);

    // "7KQ2M9XD4HTAJ": the canonical stored form.
    [[nodiscard]] const std::string& compact() const { return compact_; }
    // "7KQ2-M9XD-4HTA-J": the form printed and shown.
    [[nodiscard]] std::string grouped() const;
    [[nodiscard]] std::uint64_t value() const { return value_; }

    friend bool operator==(const TrackingCode& a, const TrackingCode& b) {
        return a.value_ == b.value_;
    }

  private:
    TrackingCode(std::uint64_t v, std::string c) : value_(v), compact_(std::move(c)) {}
    std::uint64_t value_ = 0;
    std::string compact_;
};

// Roman numeral for 1..12 (months) and beyond (up to 3999).
[[nodiscard]] std::string roman(int n);

// Register number from a pattern such as "{seq:03}/KEL/BSPJI-PLG/{month_roman}/{year}".
// Placeholders: {seq}, {seq:0N} (zero-padded to N), {month}, {month:02},
// {month_roman}, {year}. Unknown placeholders are refused (checked at config
// load by validate_register_pattern).
[[nodiscard]] std::string format_register_number(std::string_view pattern, int seq, int year,
                                                 int month);
[[nodiscard]] Status validate_register_pattern(std::string_view pattern);

// A stored (compact) code as people read it on the receipt, grouped; the
// text itself when it is not a code. For messages.
[[nodiscard]] std::string grouped_code(std::string_view code);

} // namespace keluhan

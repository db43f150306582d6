#include "keluhan/domain/ids.hpp"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace keluhan {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// Crockford's check symbols for values 32..36.
constexpr std::string_view kCheckExtra = "*~$=U";

void ensure_sodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
        return true;
    }();
    (void)ready;
}

// Value of a (normalised, upper-case) data symbol, or -1.
int symbol_value(char c) {
    switch (c) {
    case 'O':
        return 0;
    case 'I':
    case 'L':
        return 1;
    default:
        break;
    }
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

char check_symbol(std::uint64_t value) {
    const auto m = static_cast<std::size_t>(value % 37);
    return m < 32 ? kAlphabet[m] : kCheckExtra[m - 32];
}

std::string encode(std::uint64_t value) {
    std::string out(TrackingCode::kDataSymbols, '0');
    for (int i = TrackingCode::kDataSymbols - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kAlphabet[value & 31u];
        value >>= 5;
    }
    return out;
}

} // namespace

std::string new_uuid() {
    ensure_sodium();
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

TrackingCode TrackingCode::generate() {
    ensure_sodium();
    constexpr std::uint64_t mask = (std::uint64_t{1} << kBits) - 1;
    for (;;) {
        std::uint64_t v = 0;
        randombytes_buf(&v, sizeof v);
        v &= mask;
        if (v % 37 < 32) {
            auto c = from_value(v);
            return std::move(c).value();
        }
    }
}

Result<TrackingCode> TrackingCode::from_value(std::uint64_t value) {
    constexpr std::uint64_t mask = (std::uint64_t{1} << kBits) - 1;
    if ((value & ~mask) != 0 || value % 37 >= 32)
        return Error{ErrorKind::Invalid, "err.code.value"};
    std::string s = encode(value);
    s.push_back(check_symbol(value));
    return TrackingCode(value, std::move(s));
}

Result<TrackingCode> TrackingCode::parse(std::string_view input) {
    std::string sym;
    for (const char raw : input) {
        if (raw == '-' || raw == ' ' || raw == '\t') continue;
        char c = raw;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        sym.push_back(c);
        if (sym.size() > kDataSymbols + 1) break;
    }
    if (sym.size() != kDataSymbols + 1)
        return Error{ErrorKind::Invalid,
                     "err.code.length",
                     {{"expected", std::to_string(kDataSymbols + 1)}}};
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < kDataSymbols; ++i) {
        const int v = symbol_value(sym[i]);
        if (v < 0)
            return Error{
                ErrorKind::Invalid, "err.code.symbol", {{"symbol", std::string(1, sym[i])}}};
        value = (value << 5) | static_cast<std::uint64_t>(v);
    }
    char check = sym.back();
    if (const int v = symbol_value(check); v >= 0)
        check = kAlphabet[static_cast<std::size_t>(v)];
    else if (kCheckExtra.find(check) == std::string_view::npos)
        return Error{ErrorKind::Invalid, "err.code.symbol", {{"symbol", std::string(1, check)}}};
    // A valid check that is one of * ~ $ = U is well-formed but never issued.
    if (check != check_symbol(value) || value % 37 >= 32)
        return Error{ErrorKind::Invalid, "err.code.check"};
    return from_value(value);
}

Result<TrackingCode> TrackingCode::from_scan(std::string_view scanned) {
    std::string_view s = scanned;
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' '))
        s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    if (const auto q = s.find_first_of("?#"); q != std::string_view::npos) s = s.substr(0, q);
    while (!s.empty() && s.back() == '/')
        s.remove_suffix(1);
    if (const auto at = s.rfind("/s/"); at != std::string_view::npos)
        s = s.substr(at + 3);
    else if (const auto slash = s.rfind('/'); slash != std::string_view::npos)
        s = s.substr(slash + 1);
    return parse(s);
}

std::string TrackingCode::grouped() const {
    std::string out;
    for (std::size_t i = 0; i < compact_.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back('-');
        out.push_back(compact_[i]);
    }
    return out;
}

std::string roman(int n) {
    static constexpr std::array<std::pair<int, const char*>, 13> table{{{1000, "M"},
                                                                        {900, "CM"},
                                                                        {500, "D"},
                                                                        {400, "CD"},
                                                                        {100, "C"},
                                                                        {90, "XC"},
                                                                        {50, "L"},
                                                                        {40, "XL"},
                                                                        {10, "X"},
                                                                        {9, "IX"},
                                                                        {5, "V"},
                                                                        {4, "IV"},
                                                                        {1, "I"}}};
    std::string out;
    for (const auto& [v, s] : table)
        while (n >= v) {
            out += s;
            n -= v;
        }
    return out;
}

namespace {

// Calls `emit(text)` for literal runs and `field(name, width)` for placeholders.
template <typename Lit, typename Field>
Status walk_pattern(std::string_view pattern, Lit&& emit, Field&& field) {
    std::size_t i = 0;
    while (i < pattern.size()) {
        const auto open = pattern.find('{', i);
        if (open == std::string_view::npos) {
            emit(pattern.substr(i));
            break;
        }
        emit(pattern.substr(i, open - i));
        const auto close = pattern.find('}', open);
        if (close == std::string_view::npos)
            return Error{
                ErrorKind::Invalid, "err.config.register_pattern", {{"reason", "unclosed {"}}};
        std::string_view spec = pattern.substr(open + 1, close - open - 1);
        int width = 0;
        if (const auto colon = spec.find(':'); colon != std::string_view::npos) {
            const auto w = spec.substr(colon + 1);
            if (w.empty() || w.size() > 2 ||
                w.find_first_not_of("0123456789") != std::string_view::npos)
                return Error{ErrorKind::Invalid,
                             "err.config.register_pattern",
                             {{"reason", "bad width in {" + std::string(spec) + "}"}}};
            width = std::stoi(std::string(w));
            spec = spec.substr(0, colon);
        }
        if (spec != "seq" && spec != "month" && spec != "month_roman" && spec != "year")
            return Error{ErrorKind::Invalid,
                         "err.config.register_pattern",
                         {{"reason", "unknown placeholder {" + std::string(spec) + "}"}}};
        field(spec, width);
        i = close + 1;
    }
    return ok();
}

std::string padded(int v, int width) {
    std::string s = std::to_string(v);
    while (static_cast<int>(s.size()) < width)
        s.insert(s.begin(), '0');
    return s;
}

} // namespace

Status validate_register_pattern(std::string_view pattern) {
    bool has_seq = false;
    auto st = walk_pattern(
        pattern, [](std::string_view) {},
        [&](std::string_view name, int) { has_seq |= name == "seq"; });
    if (!st) return st;
    if (!has_seq)
        return Error{ErrorKind::Invalid, "err.config.register_pattern", {{"reason", "no {seq}"}}};
    return ok();
}

std::string format_register_number(std::string_view pattern, int seq, int year, int month) {
    std::string out;
    (void)walk_pattern(
        pattern, [&](std::string_view lit) { out += lit; },
        [&](std::string_view name, int width) {
            if (name == "seq")
                out += padded(seq, width);
            else if (name == "year")
                out += padded(year, width);
            else if (name == "month")
                out += padded(month, width);
            else
                out += roman(month);
        });
    return out;
}

std::string grouped_code(std::string_view code) {
    auto c = TrackingCode::parse(code);
    return c ? c->grouped() : std::string(code);
}

} // namespace keluhan

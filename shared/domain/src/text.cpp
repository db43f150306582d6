#include "keluhan/domain/text.hpp"

#include <algorithm>
#include <cctype>

namespace keluhan::text {

bool valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (end - p <= extra) return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000))
            return false; // overlong
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += extra + 1;
    }
    return true;
}

std::size_t length(std::string_view s) {
    std::size_t n = 0;
    for (const char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    return n;
}

std::string trim(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

std::string truncate(std::string_view s, std::size_t max_chars) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == max_chars) return std::string(s.substr(0, i));
            ++n;
        }
    }
    return std::string(s);
}

std::string summarize(std::string_view text, std::size_t max_chars) {
    std::string flat;
    bool space = false;
    for (const char ch : text) {
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
            space = !flat.empty();
            continue;
        }
        if (space) flat.push_back(' ');
        space = false;
        flat.push_back(ch);
    }
    if (length(flat) <= max_chars) return flat;
    std::string cut = truncate(flat, max_chars - 1);
    if (const auto sp = cut.rfind(' '); sp != std::string::npos && sp > cut.size() * 2 / 3)
        cut.resize(sp);
    while (!cut.empty() && (cut.back() == ',' || cut.back() == '.' || cut.back() == ' '))
        cut.pop_back();
    return cut + "\u2026";
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& ch : out)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

std::string csv_cell(std::string_view v) {
    std::string out = "\"";
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) out += '\'';
    for (const char c : v) {
        if (c == '"')
            out += "\"\"";
        else
            out.push_back(c);
    }
    return out + "\"";
}

std::string csv_row(std::initializer_list<std::string> cells) {
    std::string out;
    bool first = true;
    for (const auto& c : cells) {
        out += (first ? "" : ",") + csv_cell(c);
        first = false;
    }
    return out + "\r\n";
}

void scrub(std::string& s) {
    // Through a volatile pointer: the writes are not dropped as dead stores.
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i)
        p[i] = '\0';
    s.clear();
    s.shrink_to_fit();
}

namespace {

// The code point whose encoding starts at byte `i` of well-formed UTF-8.
char32_t code_point_at(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) {
        return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u;
    };
    const unsigned c = b(i);
    if (c < 0x80) return c;
    if ((c & 0xE0) == 0xC0) return ((c & 0x1Fu) << 6) | (b(i + 1) & 0x3Fu);
    if ((c & 0xF0) == 0xE0)
        return ((c & 0x0Fu) << 12) | ((b(i + 1) & 0x3Fu) << 6) | (b(i + 2) & 0x3Fu);
    return ((c & 0x07u) << 18) | ((b(i + 1) & 0x3Fu) << 12) | ((b(i + 2) & 0x3Fu) << 6) |
           (b(i + 3) & 0x3Fu);
}

// Start of the code point that ends just before byte `i` (i > 0).
std::size_t previous_start(std::string_view s, std::size_t i) {
    do
        --i;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
    return i;
}

// Part of a word: a letter or digit in ASCII, or any other character except
// the spaces, quotes and dashes around words (no-break space, guillemets,
// General Punctuation such as “ ” ‘ ’ – — …, the ideographic space).
bool word_char(char32_t cp) {
    if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
    if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0x3000 || cp == 0xFEFF) return false;
    return cp < 0x2000 || cp > 0x206F;
}

bool word_before(std::string_view s, std::size_t i) {
    return i > 0 && word_char(code_point_at(s, previous_start(s, i)));
}
bool word_at(std::string_view s, std::size_t i) {
    return i < s.size() && word_char(code_point_at(s, i));
}

// Byte ranges [begin, end) of `needle` in `text`, ignoring ASCII case; with
// `whole_word`, only where no letter or digit touches either end.
void find_all(std::string_view lower_text, std::string_view needle, bool whole_word,
              std::vector<std::pair<std::size_t, std::size_t>>& out) {
    if (needle.empty()) return;
    const std::string n = ascii_lower(needle);
    for (std::size_t at = lower_text.find(n); at != std::string_view::npos;
         at = lower_text.find(n, at + 1)) {
        const std::size_t end = at + n.size();
        if (whole_word && (word_before(lower_text, at) || word_at(lower_text, end))) continue;
        out.emplace_back(at, end);
    }
}

// The national number of a phone: its digits without 0 or 62 in front.
std::string phone_key(std::string_view s) {
    std::string d;
    for (const char ch : s)
        if (std::isdigit(static_cast<unsigned char>(ch))) d += ch;
    if (d.rfind("62", 0) == 0)
        d.erase(0, 2);
    else if (d.rfind('0', 0) == 0)
        d.erase(0, 1);
    return d;
}

} // namespace

std::string redact(std::string_view text, const PersonalMentions& who,
                   std::string_view replacement) {
    const std::string lower = ascii_lower(text);
    std::vector<std::pair<std::size_t, std::size_t>> hits;
    // Whole words only: a one-word name such as "Ani" is not to be cut out
    // of "ditangani". An e-mail address is found wherever it is.
    find_all(lower, trim(who.name), true, hits);
    find_all(lower, trim(who.organization), true, hits);
    find_all(lower, trim(who.email), false, hits);
    // Each word of the name on its own ("Pak Budi" for Budi Santoso).
    const std::string name = trim(who.name);
    for (std::size_t i = 0; i < name.size();) {
        while (i < name.size() && !word_at(name, i))
            ++i;
        std::size_t j = i;
        while (j < name.size() && word_at(name, j))
            ++j;
        if (length(std::string_view(name).substr(i, j - i)) >= 3)
            find_all(lower, std::string_view(name).substr(i, j - i), true, hits);
        i = j;
    }
    // The phone: its digits in order, with spaces, dashes, dots or brackets
    // between them, written with 0, 62 or nothing in front, not inside a
    // longer number.
    if (const std::string key = phone_key(who.phone); key.size() >= 6) {
        const std::string forms[] = {"0" + key, "62" + key, key};
        auto digit = [&](std::size_t i) {
            return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
        };
        auto separator = [](char ch) {
            return ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')';
        };
        for (std::size_t i = 0; i < text.size(); ++i) {
            // A leading '+' or '(' belongs to the number.
            const bool lead = (text[i] == '+' || text[i] == '(') && digit(i + 1);
            if (!lead && !digit(i)) continue;
            if (i > 0 && (digit(i - 1) || (digit(i) && (text[i - 1] == '+' || text[i - 1] == '('))))
                continue;
            for (const auto& form : forms) {
                std::size_t j = lead ? i + 1 : i, k = 0;
                while (k < form.size() && j < text.size()) {
                    if (digit(j)) {
                        if (text[j] != form[k]) break;
                        ++k;
                        ++j;
                    } else if (separator(text[j]) && k > 0) {
                        ++j;
                    } else {
                        break;
                    }
                }
                if (k == form.size() && !digit(j)) {
                    hits.emplace_back(i, j);
                    break;
                }
            }
        }
    }
    if (hits.empty()) return std::string(text);
    // Overlapping mentions (the name inside the e-mail) become one.
    std::sort(hits.begin(), hits.end());
    std::string out;
    std::size_t pos = 0;
    for (std::size_t k = 0; k < hits.size();) {
        std::size_t b = hits[k].first, e = hits[k].second;
        for (++k; k < hits.size() && hits[k].first <= e; ++k)
            e = std::max(e, hits[k].second);
        out.append(text.substr(pos, b - pos));
        out.append(replacement);
        pos = e;
    }
    out.append(text.substr(pos));
    return out;
}

} // namespace keluhan::text

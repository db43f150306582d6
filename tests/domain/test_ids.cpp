#include "keluhan/domain/ids.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>

using namespace keluhan;

TEST_CASE("uuids are version 4, canonical and distinct") {
    const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto u = new_uuid();
        CHECK(std::regex_match(u, shape));
        seen.insert(u);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("tracking codes: 60 bits, grouped 4-4-4-1, round trip through parse") {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const auto c = TrackingCode::generate();
        REQUIRE(c.compact().size() == 13);
        const auto g = c.grouped();
        CHECK(g.size() == 16);
        CHECK(g[4] == '-');
        CHECK(g[9] == '-');
        CHECK(g[14] == '-');
        // The check symbol is always an ordinary symbol, never * ~ $ = U.
        CHECK(std::string("*~$=U").find(c.compact().back()) == std::string::npos);
        auto back = TrackingCode::parse(g);
        REQUIRE(back.ok());
        CHECK(*back == c);
        seen.insert(c.compact());
    }
    CHECK(seen.size() == 2000);
}

TEST_CASE("parsing is lenient: case, dashes, spaces, O/0 and I/L/1") {
    const auto c = TrackingCode::from_value(0x0ABCDEF012345ull).value();
    std::string lower = c.grouped();
    for (auto& ch : lower)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CHECK(TrackingCode::parse(lower).ok());
    CHECK(TrackingCode::parse(c.compact()).ok());
    std::string spaced;
    for (char ch : c.compact())
        (spaced += ch) += ' ';
    CHECK(TrackingCode::parse(spaced).ok());

    // A code containing 0 and 1 read back with O and I/L.
    for (std::uint64_t v = 1;; ++v) {
        auto k = TrackingCode::from_value(v * 7919);
        if (!k) continue;
        const auto s = k->compact();
        if (s.find('0') == std::string::npos || s.find('1') == std::string::npos) continue;
        std::string confused = s;
        for (auto& ch : confused)
            ch = ch == '0' ? 'O' : ch == '1' ? 'l' : ch;
        auto p = TrackingCode::parse(confused);
        REQUIRE(p.ok());
        CHECK(*p == *k);
        break;
    }
}

TEST_CASE("the check symbol catches every single-symbol typo and adjacent swap") {
    const auto c = TrackingCode::generate();
    const std::string s = c.compact();
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    int caught = 0, tried = 0;
    for (std::size_t i = 0; i < 12; ++i) {
        for (char a : alphabet) {
            if (a == s[i]) continue;
            std::string t = s;
            t[i] = a;
            ++tried;
            auto p = TrackingCode::parse(t);
            if (!p) {
                CHECK(p.error().key == "err.code.check");
                ++caught;
            }
        }
        if (i + 1 < 12 && s[i] != s[i + 1]) {
            std::string t = s;
            std::swap(t[i], t[i + 1]);
            ++tried;
            if (!TrackingCode::parse(t)) ++caught;
        }
    }
    CHECK(caught == tried);
}

TEST_CASE("parse refuses with a reason") {
    CHECK(TrackingCode::parse("ABC").error().key == "err.code.length");
    CHECK(TrackingCode::parse("").error().key == "err.code.length");
    auto bad = TrackingCode::parse("7KQ2-M9XD-4H!A-J");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().key == "err.code.symbol");
    CHECK(bad.error().param("symbol") == "!");
    CHECK(TrackingCode::parse("UUUU-UUUU-UUUU-U").error().key == "err.code.symbol");
}

TEST_CASE("from_scan takes a bare code or a status URL") {
    const auto c = TrackingCode::generate();
    CHECK(*TrackingCode::from_scan(c.grouped() + "\n") == c);
    CHECK(*TrackingCode::from_scan("https://keluhan.example.go.id/s/" + c.grouped()) == c);
    CHECK(*TrackingCode::from_scan("http://10.0.0.2:8080/s/" + c.compact() + "?lang=en") == c);
    CHECK(*TrackingCode::from_scan("https://x.go.id/s/" + c.grouped() + "/") == c);
    CHECK_FALSE(TrackingCode::from_scan("https://x.go.id/s/").ok());
}

TEST_CASE("roman numerals and register numbers in Indonesian letter style") {
    CHECK(roman(1) == "I");
    CHECK(roman(4) == "IV");
    CHECK(roman(9) == "IX");
    CHECK(roman(11) == "XI");
    CHECK(roman(12) == "XII");
    CHECK(roman(2026) == "MMXXVI");
    CHECK(format_register_number("{seq:03}/KEL/BSPJI-PLG/{month_roman}/{year}", 7, 2026, 11) ==
          "007/KEL/BSPJI-PLG/XI/2026");
    CHECK(format_register_number("KEL-{year}-{month:02}-{seq}", 1234, 2027, 3) ==
          "KEL-2027-03-1234");
    CHECK(validate_register_pattern("{seq:03}/KEL/{month_roman}/{year}").ok());
    CHECK_FALSE(validate_register_pattern("KEL/{year}").ok()); // no sequence
    CHECK_FALSE(validate_register_pattern("{seq}/{nomor}").ok());
    CHECK_FALSE(validate_register_pattern("{seq:x}").ok());
    CHECK_FALSE(validate_register_pattern("{seq").ok());
}

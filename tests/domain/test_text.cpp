#include "keluhan/domain/text.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

TEST_CASE("valid_utf8 accepts Indonesian text and emoji, refuses broken sequences") {
    CHECK(text::valid_utf8("Keluhan atas layanan pengujian"));
    CHECK(text::valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
    CHECK_FALSE(text::valid_utf8("\xC3"));             // truncated
    CHECK_FALSE(text::valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(text::valid_utf8("\xED\xA0\x80"));     // UTF-16 surrogate
    CHECK_FALSE(text::valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    CHECK_FALSE(text::valid_utf8("\xFF"));
}

TEST_CASE("length counts characters, not bytes") {
    CHECK(text::length("abc") == 3);
    CHECK(text::length("caf\xC3\xA9") == 4);
    CHECK(text::length("\xF0\x9F\x98\x80") == 1);
}

TEST_CASE("truncate never cuts a character in half") {
    CHECK(text::truncate("caf\xC3\xA9s", 4) == "caf\xC3\xA9");
    CHECK(text::truncate("abc", 10) == "abc");
    CHECK(text::truncate("abc", 0).empty());
}

TEST_CASE("trim and ascii_lower") {
    CHECK(text::trim("  a b \n") == "a b");
    CHECK(text::trim("   ").empty());
    CHECK(text::ascii_lower("AbC-9") == "abc-9");
}

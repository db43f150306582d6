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

TEST_CASE("redact: the person's name, words of it, organization, e-mail and phone in any form") {
    const text::PersonalMentions who{"Budi Santoso", "CV Maju Jaya", "Budi.S@contoh.co.id",
                                     "0812 3456 7890"};
    const std::string x = "[X]";
    CHECK(text::redact("Telah ditelepon Pak Budi di +62 812-3456-7890 pada 20-11-2026.", who, x) ==
          "Telah ditelepon Pak [X] di [X] pada 20-11-2026.");
    CHECK(text::redact("Surat ke BUDI SANTOSO (cv maju jaya), budi.s@CONTOH.co.id", who, x) ==
          "Surat ke [X] ([X]), [X]");
    CHECK(text::redact("Nomor 081234567890 dan (0812) 3456.7890", who, x) == "Nomor [X] dan [X]");
    // Not inside a longer number, not a word that only contains the name.
    CHECK(text::redact("Order 908123456789012 untuk Budiman", who, x) ==
          "Order 908123456789012 untuk Budiman");
    // The organization's words alone are common words: left.
    CHECK(text::redact("Usaha maju bersama", who, x) == "Usaha maju bersama");
    // Nothing given, nothing changed; short name parts are not words to hunt.
    CHECK(text::redact("Dikirim melalui email", text::PersonalMentions{}, x) ==
          "Dikirim melalui email");
    // A one-word name is found as a word, never inside another word.
    const text::PersonalMentions ani{"Ani", "Maju", "", "812 3456 7890"};
    CHECK(text::redact("Keluhan Ani sudah ditangani hari ini; CV Majunya lain. Ani.", ani, x) ==
          "Keluhan [X] sudah ditangani hari ini; CV Majunya lain. [X].");
    // Around curly quotes, dashes and a no-break space, and a phone stored
    // without its 0 found however it is written.
    CHECK(text::redact("\u201cBudi\u201d\u2014Santoso\u00a0Budi: 0812-3456-7890", who, x) ==
          "\u201c[X]\u201d\u2014[X]\u00a0[X]: [X]");
    CHECK(text::redact("Telp 0812-3456-7890 atau +62 812 3456 7890", ani, x) ==
          "Telp [X] atau [X]");
    const text::PersonalMentions siti{"Siti Ab", "", "", ""};
    CHECK(text::redact("Ab datang; Siti menunggu", siti, x) == "Ab datang; [X] menunggu");
    CHECK(text::redact("Untuk Siti Ab.", siti, x) == "Untuk [X].");
}

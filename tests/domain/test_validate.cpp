#include "keluhan/domain/validate.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace keluhan;

namespace {
const std::vector<std::string> kServices{"pengujian", "kalibrasi"};
std::string first_error(const Submission& s) {
    auto st = validate_submission(s, Limits{}, kServices);
    return st ? std::string() : st.error().key;
}
} // namespace

TEST_CASE("a complete written complaint passes") {
    CHECK(first_error(test::sample_submission()).empty());
}

TEST_CASE("each rule refuses with its own message and field") {
    auto s = test::sample_submission();
    s.complainant.name = "  ";
    CHECK(first_error(s) == "err.text.required");
    s = test::sample_submission();
    s.complainant.phone = "12ab";
    CHECK(first_error(s) == "err.phone.format");
    s = test::sample_submission();
    s.complainant.email = "budi@";
    CHECK(first_error(s) == "err.email.format");
    s = test::sample_submission();
    s.complainant.phone.clear();
    s.complainant.email.clear();
    CHECK(first_error(s) == "err.contact.required");
    s = test::sample_submission();
    s.service = "sulap";
    CHECK(first_error(s) == "err.service.unknown");
    s = test::sample_submission("");
    CHECK(first_error(s) == "err.text.required");
    s = test::sample_submission(std::string(20001, 'a'));
    CHECK(first_error(s) == "err.text.too_long");
    s = test::sample_submission("bad \xC3");
    CHECK(first_error(s) == "err.text.utf8");
    s = test::sample_submission("bell \x07");
    CHECK(first_error(s) == "err.text.control");
    s = test::sample_submission();
    s.consent = false;
    CHECK(first_error(s) == "err.consent.required");
}

TEST_CASE("20,000 characters is the limit, counted in characters") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += "\xC3\xA9"; // 2 bytes each
    CHECK(first_error(test::sample_submission(text)).empty());
    CHECK(first_error(test::sample_submission(text + "x")) == "err.text.too_long");
}

TEST_CASE("anonymous complaints carry no personal data") {
    auto s = test::sample_submission();
    s.complainant = {true, "", "", "", ""};
    CHECK(first_error(s).empty());
    s.complainant.name = "Budi";
    CHECK(first_error(s) == "err.anonymous.personal");
}

TEST_CASE("a spoken complaint may leave the text to its recording") {
    auto s = test::sample_submission("");
    s.channel = Channel::Lisan;
    CHECK(first_error(s) == "err.text.required");
    s.attachments.push_back(Attachment{0, "audio/wav", "r.wav", {1, 2, 3}});
    CHECK(first_error(s).empty());
}

TEST_CASE("all field errors at once, for forms") {
    Submission s;
    s.service = "x";
    const auto errs = submission_errors(s, Limits{}, kServices);
    std::vector<std::string> fields;
    for (const auto& e : errs)
        fields.push_back(e.field);
    CHECK(std::find(fields.begin(), fields.end(), "name") != fields.end());
    CHECK(std::find(fields.begin(), fields.end(), "phone") != fields.end());
    CHECK(std::find(fields.begin(), fields.end(), "service") != fields.end());
    CHECK(std::find(fields.begin(), fields.end(), "description") != fields.end());
    CHECK(std::find(fields.begin(), fields.end(), "consent") != fields.end());
}

TEST_CASE("phone masking for receipts") {
    CHECK(mask_phone("0812-3456-789") == "0812****789");
    CHECK(mask_phone("+62 812 3456 7890") == "+628*******890");
    CHECK(mask_phone("12345") == "*****");
}

TEST_CASE("a document is known by its first bytes, not by its name") {
    auto of = [](std::initializer_list<std::uint8_t> b) { return std::vector<std::uint8_t>(b); };
    CHECK(document_type_of(of({'%', 'P', 'D', 'F', '-', '1', '.', '7'})) == "application/pdf");
    CHECK(document_type_of(of({0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10})) == "image/jpeg");
    CHECK(document_type_of(of({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0})) == "image/png");
    // A PNG signature cut short, a script, nothing: none of them.
    CHECK(document_type_of(of({0x89, 'P', 'N', 'G', '\r', '\n'})).empty());
    CHECK(document_type_of(of({'#', '!', '/', 'b', 'i', 'n'})).empty());
    CHECK(document_type_of({}).empty());
    CHECK(extension_for("image/jpeg") == ".jpg");
    CHECK(extension_for("application/x-sh").empty());
}

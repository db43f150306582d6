#include "keluhan/domain/json.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

TEST_CASE("a submission from the documented JSON") {
    auto s = parse_submission(
        R"({"channel":"lisan","name":"Ani","organization":"UD Maju","phone":"0811223344",
        "email":"ani@maju.id","anonymous":false,"service":"kalibrasi","reference":"K-9",
        "description":"Timbangan","expectation":"Ulang","consent":true})");
    REQUIRE(s.ok());
    CHECK(s->channel == Channel::Lisan);
    CHECK(s->complainant.name == "Ani");
    CHECK(s->consent);
}

TEST_CASE("strict JSON: syntax, shape, types and keys") {
    CHECK(parse_submission("{").error().key == "err.json.parse");
    CHECK(parse_submission("[1]").error().key == "err.json.object");
    CHECK(parse_submission(R"({"name": 5})").error().param("key") == "name");
    CHECK(parse_submission(R"({"consent": "ya"})").error().param("key") == "consent");
    CHECK(parse_submission(R"({"channel": "telepati"})").error().param("key") == "channel");
    CHECK(parse_submission(R"({"umur": 30})").error().param("reason") == "unknown key");
    CHECK(parse_submission("{\"name\": \"\\udc00\"}").ok() == false);
    CHECK(parse_submission(R"({"name": null})").ok());
}

TEST_CASE("public JSON leaves personal data out") {
    Complaint c;
    c.code = TrackingCode::generate().compact();
    c.complainant = {false, "Budi", "PT X", "0812", "b@x.id"};
    const auto pub = to_json(c, WorkingCalendar{}, false);
    CHECK_FALSE(pub.contains("name"));
    CHECK_FALSE(pub.contains("phone"));
    CHECK_FALSE(pub.dump().find("Budi") != std::string::npos);
    const auto staff = to_json(c, WorkingCalendar{}, true);
    CHECK(staff["name"] == "Budi");
    CHECK(staff["code"].get<std::string>().size() == 16);
}

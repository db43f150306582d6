#include "keluhan/ui/script.hpp"

#include <doctest/doctest.h>

using namespace keluhan;
using namespace keluhan::ui;

TEST_CASE("script: one action a line, comments and blanks ignored") {
    auto s = parse_script("# a flow\n\ntap Sampaikan Keluhan\ntype Budi Santoso \nkey Return\nwait "
                          "2.5\nshot welcome-1\n"
                          "expect Kode pelacakan\nbench 30\n");
    REQUIRE(s.ok());
    REQUIRE(s->size() == 7);
    CHECK((*s)[0].kind == ScriptAction::Kind::Tap);
    CHECK((*s)[0].arg == "Sampaikan Keluhan");
    CHECK((*s)[0].line == 3);
    CHECK((*s)[1].arg == "Budi Santoso "); // typed text keeps its spaces
    CHECK((*s)[3].seconds == doctest::Approx(2.5));
    CHECK((*s)[6].frames == 30);
}

TEST_CASE("script: mistakes are refused with the line") {
    auto bad = parse_script("tap A\nsentuh B\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().key == "err.script.verb");
    CHECK(bad.error().param("line") == "2");
    CHECK(parse_script("wait soon").error().key == "err.script.number");
    CHECK(parse_script("wait -1").error().key == "err.script.number");
    CHECK(parse_script("tap").error().key == "err.script.argument");
    CHECK(parse_script("shot ../etc/x").error().key == "err.script.shot_name");
    CHECK(parse_script("bench 0").error().key == "err.script.number");
    CHECK(parse_script("await soon Terhubung").error().key == "err.script.number");
    CHECK(parse_script("await 0 Terhubung").error().key == "err.script.number");
    CHECK(parse_script("await nan Terhubung").error().key == "err.script.number");
    CHECK(parse_script("await 10").error().key == "err.script.argument");
}

TEST_CASE("script: await takes its seconds and the text to wait for") {
    auto s = parse_script("await 20 Terhubung kembali ke server\n");
    REQUIRE(s.ok());
    REQUIRE(s->size() == 1);
    CHECK((*s)[0].kind == ScriptAction::Kind::Await);
    CHECK((*s)[0].seconds == doctest::Approx(20));
    CHECK((*s)[0].arg == "Terhubung kembali ke server");
}

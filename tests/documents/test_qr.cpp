#include "keluhan/documents/qr.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

TEST_CASE("a tracking code's QR has the three finder patterns") {
    const auto code = TrackingCode::generate();
    auto qr = QrMatrix::encode(code.grouped());
    REQUIRE(qr.ok());
    CHECK(qr->size() >= 21);
    // Finder patterns: dark 7x7 rings in three corners.
    const int n = qr->size();
    for (auto [x0, y0] : {std::pair{0, 0}, {n - 7, 0}, {0, n - 7}}) {
        for (int i = 0; i < 7; ++i) {
            CHECK(qr->dark(x0 + i, y0));
            CHECK(qr->dark(x0 + i, y0 + 6));
            CHECK(qr->dark(x0, y0 + i));
            CHECK(qr->dark(x0 + 6, y0 + i));
        }
        CHECK_FALSE(qr->dark(x0 + 1, y0 + 1));
        CHECK(qr->dark(x0 + 3, y0 + 3));
    }
    // Timing patterns: row 6 and column 6 alternate between the finders.
    for (int i = 8; i < n - 8; ++i) {
        CHECK(qr->dark(i, 6) == (i % 2 == 0));
        CHECK(qr->dark(6, i) == (i % 2 == 0));
    }
}

TEST_CASE("the payload is the status URL when the office has one") {
    auto cfg = default_config(test::assets_dir());
    const auto code = TrackingCode::generate();
    CHECK(qr_payload(cfg, code) == code.grouped());
    cfg.status_base_url = "https://keluhan.bspji-palembang.go.id";
    CHECK(qr_payload(cfg, code) == "https://keluhan.bspji-palembang.go.id/s/" + code.grouped());
    CHECK(QrMatrix::encode(qr_payload(cfg, code)).ok());
    CHECK_FALSE(QrMatrix::encode(std::string(8000, 'x')).ok());
}

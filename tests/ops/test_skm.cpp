// The satisfaction survey through the core on a real store: one response
// per closed complaint, walk-ins allowed, nothing linking a response to the
// complainant, every refusal, and the report for a period with its CSV.
#include "keluhan/ops/skm.hpp"

#include "office_fixture.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

namespace {

SkmSubmission form(std::vector<std::pair<std::string, int>> scores) {
    SkmSubmission s;
    s.scores = std::move(scores);
    s.origin = "kiosk-lobi";
    return s;
}

} // namespace

TEST_CASE("SKM: one response per closed complaint, none for an open one, walk-ins any number") {
    test::SeededOffice d;
    Complaint open = d.submit_at(test::sample_submission(), now_ms() - 86'400'000);
    Complaint closed =
        d.close(d.submit_at(test::sample_submission(), now_ms() - 86'400'000), now_ms() - 3600'000);
    REQUIRE(closed.status == ComplaintStatus::Closed);

    auto s = form({{"U1", 4}, {"U3", 2}});
    s.code = TrackingCode::parse(open.code).value();
    auto early = submit_skm(*d.store, d.office, s);
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().key == "err.skm.not_closed");

    s.code = TrackingCode::parse(closed.code).value();
    s.profile = {{"umur", "40-49 tahun"}};
    s.suggestion = "  Antrian loket lama.  ";
    auto first = submit_skm(*d.store, d.office, s);
    REQUIRE_MESSAGE(first.ok(), first.error().key);
    auto second = submit_skm(*d.store, d.office, s);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().key == "err.skm.already");
    CHECK(d.store->skm_answered(*s.code).value());
    CHECK_FALSE(d.store->skm_answered(TrackingCode::parse(open.code).value()).value());

    // Walk-ins at the kiosk: no code, as many as come.
    for (int i = 0; i < 3; ++i)
        REQUIRE(submit_skm(*d.store, d.office, form({{"U9", 3}})).ok());
    // The same id again (a retried sync) is stored once.
    auto again = form({{"U2", 4}});
    again.id = "7f0c6a55-2f5e-4b8e-9a51-2d1f6c1e0a01";
    REQUIRE(submit_skm(*d.store, d.office, again).ok());
    REQUIRE(submit_skm(*d.store, d.office, again).ok());
    CHECK(d.scalar("SELECT count(*) FROM skm_responses") == 5);

    // Nothing in a response points at the complaint or its complainant.
    CHECK(d.scalar("SELECT count(*) FROM skm_responses WHERE profile LIKE '%Budi%' OR "
                   "suggestion LIKE '%" +
                   closed.code + "%'") == 0);
    CHECK(d.scalar("SELECT count(*) FROM pragma_table_info('skm_responses') WHERE name IN "
                   "('code', 'complaint_seq', 'name', 'phone', 'email', 'created_at')") == 0);
    CHECK(d.scalar("SELECT count(*) FROM skm_responses WHERE suggestion = 'Antrian loket lama.' "
                   "AND for_complaint = 1") == 1);
}

TEST_CASE("SKM: every bad answer is refused and writes nothing") {
    test::SeededOffice d;
    auto refused = [&](SkmSubmission s) {
        auto r = submit_skm(*d.store, d.office, s);
        REQUIRE_FALSE(r.ok());
        return r.error().key;
    };
    CHECK(refused(form({})) == "err.skm.empty");
    CHECK(refused(form({{"U1", 0}})) == "err.skm.score");
    CHECK(refused(form({{"U1", 5}})) == "err.skm.score");
    CHECK(refused(form({{"U10", 3}})) == "err.skm.element");
    CHECK(refused(form({{"U1", 3}, {"U1", 4}})) == "err.skm.element");
    auto p = form({{"U1", 3}});
    p.profile = {{"umur", "27 tahun"}};
    CHECK(refused(p) == "err.skm.profile");
    p.profile = {{"agama", "x"}};
    CHECK(refused(p) == "err.skm.profile");
    auto sv = form({{"U1", 3}});
    sv.service = "salon";
    CHECK(refused(sv) == "err.service.unknown");
    auto long_text = form({{"U1", 3}});
    long_text.suggestion = std::string(2001, 'a');
    CHECK(refused(long_text) == "err.text.too_long");
    auto nobody = form({{"U1", 3}});
    nobody.origin.clear();
    CHECK(refused(nobody) == "err.skm.origin");
    auto unknown = form({{"U1", 3}});
    unknown.code = TrackingCode::generate();
    CHECK(refused(unknown) == "err.complaint.not_found");
    CHECK(d.scalar("SELECT count(*) FROM skm_responses") == 0);
}

TEST_CASE("SKM: the report counts the period's responses only, and its CSV reads back") {
    test::SeededOffice d;
    for (const int s : {4, 3, 3})
        REQUIRE(submit_skm(*d.store, d.office, form({{"U1", s}, {"U2", 4}})).ok());
    auto late = form({{"U1", 1}});
    late.suggestion = "Tolong; \"cepat\"";
    REQUIRE(submit_skm(*d.store, d.office, late).ok());
    // One from last year, moved there by hand: not in this year's report.
    d.sql("UPDATE skm_responses SET day = '2025-12-31' WHERE rowid = 1");
    const Date today = test::today_at_office();
    auto r = skm_report(*d.store, d.office, Date{today.year, 1, 1}, Date{today.year, 12, 31});
    REQUIRE_MESSAGE(r.ok(), r.error().key);
    CHECK(r->index.respondents == 3);
    CHECK(r->index.elements[0].nrr == doctest::Approx(7.0 / 3)); // 3 + 3 + 1
    CHECK(r->index.elements[1].nrr == doctest::Approx(4.0));
    REQUIRE(r->suggestions.size() == 1);
    const auto csv = skm_report_csv(*r, "id");
    CHECK(csv.find("U1;Persyaratan;3;2.33;58.33\r\n") != std::string::npos);
    CHECK(csv.find("\"Tolong; \"\"cepat\"\"\"") != std::string::npos);
    auto backwards = skm_report(*d.store, d.office, Date{2026, 12, 1}, Date{2026, 11, 1});
    CHECK(backwards.error().key == "err.skm.period");
}

TEST_CASE("SKM: periods by year, semester, quarter and month") {
    CHECK(skm_period("2026").value() == std::pair{Date{2026, 1, 1}, Date{2026, 12, 31}});
    CHECK(skm_period("2026-S2").value() == std::pair{Date{2026, 7, 1}, Date{2026, 12, 31}});
    CHECK(skm_period("2028-Q1").value() == std::pair{Date{2028, 1, 1}, Date{2028, 3, 31}});
    CHECK(skm_period("2028-02").value() == std::pair{Date{2028, 2, 1}, Date{2028, 2, 29}});
    CHECK(skm_period("2026-12").value() == std::pair{Date{2026, 12, 1}, Date{2026, 12, 31}});
    for (const char* bad : {"", "26", "2026-13", "2026-Q5", "2026-S3", "2026/11", "abcd"})
        CHECK(skm_period(bad).error().key == "err.skm.period_text");
}

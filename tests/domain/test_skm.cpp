// The satisfaction survey's questionnaire as shipped, and the index worked
// out as PermenPANRB 14/2017 does, against figures computed by hand.
#include "keluhan/domain/config.hpp"
#include "keluhan/domain/skm.hpp"

#include <doctest/doctest.h>

using namespace keluhan;

namespace {

SkmQuestionnaire shipped() {
    auto q = load_skm_questionnaire(find_assets_dir() / "skm" / "permenpanrb-14-2017.toml");
    REQUIRE_MESSAGE(q.ok(), q.error().detail);
    return *q;
}

// Scores for U1..U9 in order; 0 = left out.
SkmResponse answered(std::initializer_list<int> scores) {
    SkmResponse r;
    int i = 1;
    for (const int s : scores) {
        if (s != 0) r.scores.emplace_back("U" + std::to_string(i), s);
        ++i;
    }
    return r;
}

} // namespace

TEST_CASE("the shipped questionnaire: the nine elements, four answers each, both languages") {
    const auto q = shipped();
    REQUIRE(q.elements.size() == 9);
    CHECK(q.elements[0].name.id == "Persyaratan");
    CHECK(q.elements[7].name.id == "Penanganan pengaduan, saran dan masukan");
    CHECK(q.elements[8].name.id == "Sarana dan prasarana");
    for (const auto& e : q.elements) {
        CAPTURE(e.id);
        CHECK_FALSE(e.question.en.empty());
        for (const auto& a : e.answers) {
            CHECK_FALSE(a.id.empty());
            CHECK_FALSE(a.en.empty());
        }
    }
    CHECK(q.elements[3].answers[3].id == "Gratis"); // biaya: 4 = free
    REQUIRE(q.field("pendidikan") != nullptr);
    CHECK(q.field("pendidikan")->options.size() == 7);
}

TEST_CASE("the index worked by hand: unanswered elements count only where answered") {
    const auto q = shipped();
    const std::vector<SkmResponse> rs{
        answered({4, 4, 3, 4, 3, 4, 4, 3, 4}), answered({3, 3, 3, 2, 3, 3, 4, 3, 3}),
        answered({2, 3, 0, 3, 3, 3, 3, 3, 3}), answered({4, 0, 2, 0, 4, 4, 4, 0, 3})};
    const auto ix = compute_skm_index(q, rs);
    CHECK(ix.respondents == 4);
    // U1 13/4, U2 10/3, U3 8/3, U4 9/3, U5 13/4, U6 14/4, U7 15/4, U8 9/3, U9 13/4.
    const double want[] = {3.25, 10.0 / 3, 8.0 / 3, 3.0, 3.25, 3.5, 3.75, 3.0, 3.25};
    const int answers[] = {4, 3, 3, 3, 4, 4, 4, 3, 4};
    REQUIRE(ix.elements.size() == 9);
    for (std::size_t i = 0; i < 9; ++i) {
        CAPTURE(i);
        CHECK(ix.elements[i].nrr == doctest::Approx(want[i]));
        CHECK(ix.elements[i].converted == doctest::Approx(want[i] * 25));
        CHECK(ix.elements[i].answers == answers[i]);
    }
    // Sum of NRR 29.0; x 1/9 = 3.2222; x 25 = 80.555... -> 80.56, grade B.
    CHECK(ix.ikm == doctest::Approx(29.0 / 9));
    CHECK(ix.converted == doctest::Approx(80.56));
    CHECK(ix.grade == 'B');
    CHECK(ix.weakest == std::vector<std::string>{"U3", "U4", "U8"});
    // Only elements below the index are weakest: with every one alike, none.
    const auto alike = compute_skm_index(q, {answered({3, 3, 3, 3, 3, 3, 3, 3, 3})});
    CHECK(alike.weakest.empty());
    // Ties below the index keep the questionnaire's order.
    const auto two = compute_skm_index(q, {answered({2, 4, 4, 4, 2, 4, 4, 4, 4})});
    CHECK(two.weakest == std::vector<std::string>{"U1", "U5"});
}

TEST_CASE("an element nobody answered does not weigh, and no answers at all is no grade") {
    const auto q = shipped();
    const auto ix = compute_skm_index(q, {answered({4, 4}), answered({4})});
    CHECK(ix.elements[2].answers == 0);
    CHECK(ix.ikm == doctest::Approx(4.0)); // U1 and U2 at 1/2 each
    CHECK(ix.converted == doctest::Approx(100.0));
    CHECK(ix.grade == 'A');
    const auto none = compute_skm_index(q, {});
    CHECK(none.grade == '-');
    CHECK(none.converted == 0);
    CHECK(skm_grade_key(none.grade) == "label.skm.grade_none");
}

TEST_CASE("the grades' edges, in hundredths") {
    CHECK(skm_grade(100.00) == 'A');
    CHECK(skm_grade(88.31) == 'A');
    CHECK(skm_grade(88.30) == 'B');
    CHECK(skm_grade(76.61) == 'B');
    CHECK(skm_grade(76.60) == 'C');
    CHECK(skm_grade(65.00) == 'C');
    CHECK(skm_grade(64.99) == 'D');
    CHECK(skm_grade(25.00) == 'D');
}

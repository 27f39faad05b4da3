// Tests of the reference scorer (include/vitals/score.hpp): renormalisation over missing measures,
// nested groups and weakest-link aggregation, bands, minimum coverage, contributions / points lost,
// drivers, ratio inputs, user-defined normalisers, and the errors of score_account.
//
// Most scorecards here use the identity normaliser linear{0, 1}, so an input value *is* the
// sub-score and every expected number below can be worked out by hand from the weights.
#include <doctest/doctest.h>

#include "spec_helpers.hpp"

#include "vitals/normalise.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

using vitals_test::make_group;
using vitals_test::make_measure;

vitals::scorecard build(vitals::scorecard_spec spec) {
    auto r = vitals::scorecard::build(std::move(spec));
    if (!r) FAIL("scorecard did not build: " << r.error().message);
    return std::move(r).value();
}

vitals::account_score score(const vitals::scorecard& card, const std::vector<double>& inputs,
                            vitals::score_options options = {}) {
    auto r = vitals::score_account(card, std::span<const double>(inputs), options);
    if (!r) FAIL("scoring failed: " << r.error().message);
    return std::move(r).value();
}

/// Top-level measures x (weight 1), y (2), z (3); identity normalisers; no minimum coverage.
vitals::scorecard flat_card() {
    vitals::scorecard_spec s;
    s.measures = {make_measure("x", "x", "", 1.0), make_measure("y", "y", "", 2.0), make_measure("z", "z", "", 3.0)};
    s.min_coverage = 0.0;
    return build(s);
}

/// Three levels of nesting:
///   top: outer (3), other (1)
///   outer: m_outer (1), middle (1)      middle: m_mid (1), inner (1)      inner: m_in1 (1), m_in2 (3)
///   other: m_other (1)
/// Shares: m_outer 3/8, m_mid 3/16, m_in1 3/64, m_in2 9/64, m_other 1/4.
vitals::scorecard nested_card() {
    vitals::scorecard_spec s;
    s.groups = {make_group("outer", 3.0), make_group("middle", 1.0, "outer"), make_group("inner", 1.0, "middle"),
                make_group("other", 1.0)};
    s.measures = {make_measure("m_outer", "m_outer", "outer"), make_measure("m_mid", "m_mid", "middle"),
                  make_measure("m_in1", "m_in1", "inner"), make_measure("m_in2", "m_in2", "inner", 3.0),
                  make_measure("m_other", "m_other", "other")};
    s.min_coverage = 0.0;
    return build(s);
}

double sum_contributions(const vitals::account_score& r) {
    double s = 0.0;
    for (const auto& m : r.measures)
        if (m.present()) s += m.contribution;
    return s;
}

double sum_contributions_and_lost(const vitals::account_score& r) {
    double s = 0.0;
    for (const auto& m : r.measures)
        if (m.present()) s += m.contribution + m.points_lost;
    return s;
}

}  // namespace

// ---- renormalisation over missing measures ------------------------------------------------------

TEST_CASE("renormalisation: the weighted mean over the measures present") {
    const auto card = flat_card();

    SUBCASE("everything present") {
        // (1 x 0.9 + 2 x 0.6 + 3 x 0.3) / 6 = 3.0 / 6 = 0.5
        const auto r = score(card, {0.9, 0.6, 0.3});
        CHECK(r.status == vitals::status::ok);
        CHECK(r.score == doctest::Approx(50.0).epsilon(1e-13));
        CHECK(r.coverage == doctest::Approx(1.0).epsilon(1e-15));
        CHECK(r.measures[0].weight == doctest::Approx(1.0 / 6.0).epsilon(1e-15));
        CHECK(r.measures[1].effective_weight == doctest::Approx(2.0 / 6.0).epsilon(1e-15));
        CHECK(r.measures[2].contribution == doctest::Approx(100.0 * 0.5 * 0.3).epsilon(1e-13));
        CHECK(r.measures[2].points_lost == doctest::Approx(100.0 * 0.5 * 0.7).epsilon(1e-13));
    }
    SUBCASE("one measure missing: y drops out, x and z share its weight 1 : 3") {
        // (1 x 0.9 + 3 x 0.3) / 4 = 1.8 / 4 = 0.45
        const auto r = score(card, {0.9, NaN, 0.3});
        CHECK(r.status == vitals::status::ok);
        CHECK(r.score == doctest::Approx(45.0).epsilon(1e-13));
        CHECK(r.coverage == doctest::Approx(4.0 / 6.0).epsilon(1e-15));
        CHECK_FALSE(r.measures[1].present());
        CHECK(std::isnan(r.measures[1].raw));
        CHECK(r.measures[1].weight == doctest::Approx(2.0 / 6.0).epsilon(1e-15));  // share if present
        CHECK(r.measures[1].effective_weight == 0.0);
        CHECK(r.measures[1].contribution == 0.0);
        CHECK(r.measures[1].points_lost == 0.0);
        CHECK(r.measures[0].effective_weight == doctest::Approx(0.25).epsilon(1e-15));
        CHECK(r.measures[2].effective_weight == doctest::Approx(0.75).epsilon(1e-15));
    }
    SUBCASE("several measures missing: the one left is the score") {
        const auto r = score(card, {0.9, NaN, NaN});
        CHECK(r.status == vitals::status::ok);
        CHECK(r.score == doctest::Approx(90.0).epsilon(1e-13));
        CHECK(r.coverage == doctest::Approx(1.0 / 6.0).epsilon(1e-15));
        CHECK(r.measures[0].effective_weight == 1.0);
    }
    SUBCASE("all measures missing: no score, even with min_coverage 0") {
        const auto r = score(card, {NaN, NaN, NaN});
        CHECK(r.status == vitals::status::insufficient_data);
        CHECK(std::isnan(r.score));
        CHECK(r.band == vitals::bands::none);
        CHECK(r.coverage == 0.0);
        CHECK(r.drivers.empty());
        CHECK(std::isnan(r.groups[0].score));
    }
}

TEST_CASE("renormalisation: a zero-weight measure counts for nothing, present or not") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("a", "a", "", 1.0), make_measure("zero", "zero", "", 0.0)};
    const auto card = build(s);
    const auto r = score(card, {0.6, 0.0});
    CHECK(r.score == doctest::Approx(60.0).epsilon(1e-13));
    CHECK(r.coverage == 1.0);
    CHECK(r.measures[1].present());
    CHECK(r.measures[1].effective_weight == 0.0);
    CHECK(r.measures[1].points_lost == 0.0);
    CHECK(r.drivers == std::vector<std::size_t>{0});
    const auto alone = score(card, {NaN, 0.0});  // only the weightless measure: nothing to score
    CHECK(alone.status == vitals::status::insufficient_data);
}

// ---- nested groups and weakest link -------------------------------------------------------------

TEST_CASE("nested groups, three levels") {
    const auto card = nested_card();
    // input order is measure order: m_outer, m_mid, m_in1, m_in2, m_other
    REQUIRE(card.inputs().size() == 5);

    SUBCASE("everything present") {
        // inner  = (1 x 1.0 + 3 x 0.2) / 4 = 0.4
        // middle = (0.0 + 0.4) / 2         = 0.2
        // outer  = (0.8 + 0.2) / 2         = 0.5
        // top    = (3 x 0.5 + 1 x 0.2) / 4 = 0.425 -> 42.5
        const auto r = score(card, {0.8, 0.0, 1.0, 0.2, 0.2});
        CHECK(r.score == doctest::Approx(42.5).epsilon(1e-13));
        CHECK(r.band == 1);
        CHECK(r.groups[0].score == doctest::Approx(42.5).epsilon(1e-13));
        CHECK(r.groups[1].score == doctest::Approx(50.0).epsilon(1e-13));  // outer
        CHECK(r.groups[2].score == doctest::Approx(20.0).epsilon(1e-13));  // middle
        CHECK(r.groups[3].score == doctest::Approx(40.0).epsilon(1e-13));  // inner
        CHECK(r.groups[4].score == doctest::Approx(20.0).epsilon(1e-13));  // other
        // effective weights are the shares: 3/8, 3/16, 3/64, 9/64, 1/4
        CHECK(r.measures[0].effective_weight == doctest::Approx(0.375).epsilon(1e-15));
        CHECK(r.measures[1].effective_weight == doctest::Approx(0.1875).epsilon(1e-15));
        CHECK(r.measures[2].effective_weight == doctest::Approx(0.046875).epsilon(1e-15));
        CHECK(r.measures[3].effective_weight == doctest::Approx(0.140625).epsilon(1e-15));
        CHECK(r.measures[4].effective_weight == doctest::Approx(0.25).epsilon(1e-15));
        // contributions 30 + 0 + 4.6875 + 2.8125 + 5 = 42.5
        CHECK(r.measures[0].contribution == doctest::Approx(30.0).epsilon(1e-13));
        CHECK(r.measures[2].contribution == doctest::Approx(4.6875).epsilon(1e-13));
        CHECK(r.measures[3].contribution == doctest::Approx(2.8125).epsilon(1e-13));
        CHECK(r.groups[1].effective_weight == doctest::Approx(0.75).epsilon(1e-15));
        CHECK(r.groups[3].effective_weight == doctest::Approx(0.1875).epsilon(1e-15));
        CHECK(r.groups[1].coverage == doctest::Approx(1.0).epsilon(1e-15));
    }
    SUBCASE("the innermost group missing drops out of its parent") {
        // inner missing; middle = 0.0 (m_mid alone); outer = (0.8 + 0.0) / 2 = 0.4
        // top = (3 x 0.4 + 0.2) / 4 = 0.35 -> 35; coverage = 1 - 3/16 = 0.8125
        const auto r = score(card, {0.8, 0.0, NaN, NaN, 0.2});
        CHECK(r.score == doctest::Approx(35.0).epsilon(1e-13));
        CHECK(r.coverage == doctest::Approx(0.8125).epsilon(1e-15));
        CHECK(std::isnan(r.groups[3].score));
        CHECK(r.groups[3].coverage == 0.0);
        CHECK(r.groups[2].coverage == doctest::Approx(0.5).epsilon(1e-15));    // middle: 3/16 of 3/8
        CHECK(r.groups[1].coverage == doctest::Approx(0.75).epsilon(1e-15));   // outer: 9/16 of 3/4
        CHECK(r.measures[1].effective_weight == doctest::Approx(0.375).epsilon(1e-15));  // all of middle
        CHECK(r.measures[0].contribution + r.measures[4].contribution == doctest::Approx(35.0).epsilon(1e-13));
    }
    SUBCASE("two levels missing") {
        // middle and inner missing: outer = 0.8; top = (3 x 0.8 + 0.2) / 4 = 0.65 -> 65
        const auto r = score(card, {0.8, NaN, NaN, NaN, 0.2});
        CHECK(r.score == doctest::Approx(65.0).epsilon(1e-13));
        CHECK(r.coverage == doctest::Approx(0.625).epsilon(1e-15));
        CHECK(r.measures[0].effective_weight == doctest::Approx(0.75).epsilon(1e-15));
    }
    SUBCASE("a whole top-level branch missing") {
        const auto r = score(card, {NaN, NaN, NaN, NaN, 0.2});
        CHECK(r.score == doctest::Approx(20.0).epsilon(1e-13));
        CHECK(r.coverage == doctest::Approx(0.25).epsilon(1e-15));
        CHECK(std::isnan(r.groups[1].score));
    }
}

TEST_CASE("weakest_link: a group is as healthy as its lowest present member") {
    vitals::scorecard_spec s;
    s.groups = {make_group("w", 1.0, "", vitals::aggregation::weakest_link)};
    s.measures = {make_measure("t", "t", "", 1.0), make_measure("a", "a", "w", 1.0),
                  make_measure("b", "b", "w", 2.0), make_measure("c", "c", "w", 1.0),
                  make_measure("d", "d", "w", 0.0)};
    s.min_coverage = 0.0;
    const auto card = build(s);

    SUBCASE("the lowest member takes the group's whole weight; zero-weight members are ignored") {
        // w = min(0.9, 0.3, 0.6) = 0.3 (d = 0 weighs nothing); top = (0.7 + 0.3) / 2 = 0.5
        const auto r = score(card, {0.7, 0.9, 0.3, 0.6, 0.0});
        CHECK(r.score == doctest::Approx(50.0).epsilon(1e-13));
        CHECK(r.groups[1].score == doctest::Approx(30.0).epsilon(1e-13));
        CHECK(r.measures[2].effective_weight == 0.5);
        CHECK(r.measures[1].effective_weight == 0.0);
        CHECK(r.measures[3].effective_weight == 0.0);
        CHECK(r.measures[4].effective_weight == 0.0);
        CHECK(r.measures[2].contribution == doctest::Approx(15.0).epsilon(1e-13));
        CHECK(r.measures[2].points_lost == doctest::Approx(35.0).epsilon(1e-13));
        CHECK(r.measures[1].points_lost == 0.0);
        // t loses 15, b loses 35; a and c lose nothing (they do not count)
        CHECK(r.drivers == std::vector<std::size_t>{2, 0});
    }
    SUBCASE("the weakest member missing: the next lowest present one counts") {
        // w = min(0.9, 0.6) = 0.6; top = (0.7 + 0.6) / 2 = 0.65
        const auto r = score(card, {0.7, 0.9, NaN, 0.6, 0.0});
        CHECK(r.score == doctest::Approx(65.0).epsilon(1e-13));
        CHECK(r.measures[3].effective_weight == 0.5);
    }
    SUBCASE("a tie goes to the first member in scorecard order") {
        const auto r = score(card, {0.7, 0.3, 0.3, 0.6, 0.0});
        CHECK(r.score == doctest::Approx(50.0).epsilon(1e-13));
        CHECK(r.measures[1].effective_weight == 0.5);
        CHECK(r.measures[2].effective_weight == 0.0);
    }
}

TEST_CASE("weakest_link over a sub-group passes its weight down into the sub-group's mean") {
    // top: guard (weakest_link) = min(g1, sub); sub (mean) = (s1 + s2) / 2
    vitals::scorecard_spec s;
    s.groups = {make_group("guard", 1.0, "", vitals::aggregation::weakest_link), make_group("sub", 1.0, "guard")};
    s.measures = {make_measure("g1", "g1", "guard"), make_measure("s1", "s1", "sub"), make_measure("s2", "s2", "sub")};
    const auto card = build(s);
    // sub = (0.2 + 0.6) / 2 = 0.4 < g1 = 0.8, so guard = 0.4 and the score is 40
    const auto r = score(card, {0.8, 0.2, 0.6});
    CHECK(r.score == doctest::Approx(40.0).epsilon(1e-13));
    CHECK(r.measures[0].effective_weight == 0.0);
    CHECK(r.measures[1].effective_weight == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(r.measures[2].effective_weight == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(r.measures[1].contribution == doctest::Approx(10.0).epsilon(1e-13));
    CHECK(r.measures[2].contribution == doctest::Approx(30.0).epsilon(1e-13));
    CHECK(r.drivers == std::vector<std::size_t>{1, 2});  // s1 loses 40, s2 loses 20
}

// ---- bands --------------------------------------------------------------------------------------

TEST_CASE("bands: a score exactly at a cutoff falls in the band above") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("v", "v")};
    const auto card = build(s);
    const auto at = [&](double v) { return score(card, {v}); };

    const auto forty = at(0.4);
    REQUIRE(forty.score == 40.0);  // 100 x 0.4 rounds to exactly 40
    CHECK(forty.band == 1);
    CHECK(card.bands().label(forty.band) == "yellow");

    const auto below = at(0.39);
    CHECK(below.band == 0);
    CHECK(card.bands().label(below.band) == "red");

    const auto seventy = at(0.7);
    REQUIRE(seventy.score == 70.0);
    CHECK(card.bands().label(seventy.band) == "green");
    CHECK(card.bands().label(at(0.69).band) == "yellow");
    CHECK(card.bands().label(at(0.0).band) == "red");
    CHECK(card.bands().label(at(1.0).band) == "green");
}

TEST_CASE("bands: custom cutoffs and labels") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("v", "v")};
    s.bands = vitals::bands{{25.0, 50.0, 75.0}, {"critical", "at risk", "healthy", "champion"}};
    const auto card = build(s);
    const auto label = [&](double v) { return std::string(card.bands().label(score(card, {v}).band)); };
    CHECK(label(0.1) == "critical");
    CHECK(label(0.25) == "at risk");
    CHECK(label(0.5) == "healthy");
    CHECK(label(0.74) == "healthy");
    CHECK(label(0.75) == "champion");
    CHECK(score(card, {0.75}).band == 3);
}

// ---- minimum coverage ---------------------------------------------------------------------------

TEST_CASE("min_coverage: at the boundary the account is scored; below it, no data (never red)") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("a", "a"), make_measure("b", "b"), make_measure("c", "c"), make_measure("d", "d")};
    s.min_coverage = 0.75;
    const auto card = build(s);

    SUBCASE("coverage exactly 0.75 is enough") {
        const auto r = score(card, {0.0, 0.0, 0.3, NaN});
        CHECK(r.coverage == 0.75);
        CHECK(r.status == vitals::status::ok);
        CHECK(r.score == doctest::Approx(10.0).epsilon(1e-13));
        CHECK(card.bands().label(r.band) == "red");  // a scored account with a low score is red
    }
    SUBCASE("coverage 0.5 is not: score NaN, band none, label \"no data\", whatever the values") {
        const auto r = score(card, {0.0, 0.0, NaN, NaN});
        CHECK(r.coverage == 0.5);
        CHECK(r.status == vitals::status::insufficient_data);
        CHECK(vitals::to_string(r.status) == "insufficient_data");
        CHECK(std::isnan(r.score));
        CHECK(r.band == vitals::bands::none);
        CHECK(card.bands().label(r.band) == "no data");
        CHECK(r.drivers.empty());
        // sub-scores are still reported; contributions and points lost are not
        CHECK(r.measures[0].sub_score == 0.0);
        CHECK(std::isnan(r.measures[0].contribution));
        CHECK(std::isnan(r.measures[0].points_lost));
    }
}

TEST_CASE("min_coverage: a coverage that is a float sum of shares meets an equal minimum") {
    // ten measures of weight 1 (share 0.1 each); 8 present: 0.1 + ... + 0.1 (8 times) is
    // 0.7999999999999999 in IEEE doubles, just below 0.8, and must still meet min_coverage 0.8
    vitals::scorecard_spec s;
    for (int i = 0; i < 10; ++i) {
        const std::string n = "m" + std::to_string(i);
        s.measures.push_back(make_measure(n, n));
    }
    s.min_coverage = 0.8;
    const auto card = build(s);
    std::vector<double> in(10, NaN);
    for (std::size_t i = 0; i < 8; ++i) in[i] = 0.5;
    const auto r = score(card, in);
    CHECK(r.coverage == doctest::Approx(0.8).epsilon(1e-14));
    CHECK(r.status == vitals::status::ok);
    CHECK(r.score == doctest::Approx(50.0).epsilon(1e-13));
    in[7] = NaN;  // 0.7 < 0.8
    CHECK(score(card, in).status == vitals::status::insufficient_data);
}

// ---- contributions and points lost ---------------------------------------------------------------

TEST_CASE("contributions sum to the score and contributions + points lost to 100") {
    // a scorecard mixing nested mean groups, a weakest-link group, a zero weight and several kinds
    vitals::scorecard_spec s;
    s.groups = {make_group("g1", 2.0), make_group("g2", 1.5, "g1"), make_group("g3", 1.0, "g2"),
                make_group("wl", 1.0, "", vitals::aggregation::weakest_link), make_group("g4", 0.5, "wl")};
    s.measures = {make_measure("a", "a", "g1", 1.0, vitals::linear{0.0, 10.0}),
                  make_measure("b", "b", "g2", 2.0, vitals::piecewise{{0.0, 3.0, 10.0}, {0.0, 0.7, 1.0}}),
                  make_measure("c", "c", "g3", 0.7, vitals::logistic{5.0, 0.8}),
                  make_measure("d", "d", "g3", 0.0, vitals::linear{10.0, 0.0}),
                  make_measure("e", "e", "wl", 1.0, vitals::steps{{2.0, 6.0}, {0.1, 0.6, 0.9}}),
                  make_measure("f", "f", "g4", 3.0, vitals::linear{10.0, 0.0}),
                  make_measure("g", "g", "g4", 1.0, vitals::flag{true}),
                  make_measure("h", vitals::input::ratio("a", "f"), "", 0.5, vitals::linear{0.0, 2.0})};
    s.min_coverage = 0.0;
    const auto card = build(s);
    REQUIRE(card.inputs().size() == 7);

    std::uint64_t state = 12345;
    const auto next = [&] {  // a small LCG: deterministic values in [0, 1)
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    int scored = 0;
    for (int account = 0; account < 500; ++account) {
        std::vector<double> in(card.inputs().size());
        for (double& v : in) v = next() < 0.2 ? NaN : 10.0 * next();
        const auto r = score(card, in, vitals::score_options{100});
        if (r.status != vitals::status::ok) continue;
        ++scored;
        CAPTURE(account);
        CHECK(r.score >= 0.0);
        CHECK(r.score <= 100.0);
        CHECK(std::abs(sum_contributions(r) - r.score) <= 1e-12);
        CHECK(std::abs(sum_contributions_and_lost(r) - 100.0) <= 1e-12);
        double eff = 0.0, lost = 0.0;
        for (const auto& m : r.measures) {
            eff += m.effective_weight;
            if (m.present()) lost += m.points_lost;
        }
        CHECK(std::abs(eff - 1.0) <= 1e-12);
        CHECK(std::abs(lost - (100.0 - r.score)) <= 1e-12);
    }
    CHECK(scored > 400);  // the test exercised something
}

// ---- drivers ------------------------------------------------------------------------------------

TEST_CASE("drivers: most points lost first, ties in scorecard order, only measures losing points") {
    vitals::scorecard_spec s;
    for (const char* n : {"m0", "m1", "m2", "m3", "m4"}) s.measures.push_back(make_measure(n, n));
    const auto card = build(s);
    // m4 missing: the other four weigh 1/4 each. Points lost: m0 12.5, m1 12.5, m2 0, m3 25.
    const std::vector<double> in{0.5, 0.5, 1.0, 0.0, NaN};

    SUBCASE("default top_k = 3") {
        const auto r = score(card, in);
        CHECK(r.measures[3].points_lost == doctest::Approx(25.0).epsilon(1e-13));
        CHECK(r.measures[0].points_lost == r.measures[1].points_lost);
        CHECK(r.drivers == std::vector<std::size_t>{3, 0, 1});
    }
    SUBCASE("top_k limits the list") {
        CHECK(score(card, in, vitals::score_options{2}).drivers == std::vector<std::size_t>{3, 0});
        CHECK(score(card, in, vitals::score_options{1}).drivers == std::vector<std::size_t>{3});
        CHECK(score(card, in, vitals::score_options{0}).drivers.empty());
    }
    SUBCASE("a large top_k lists every measure that loses points, not the perfect or missing ones") {
        CHECK(score(card, in, vitals::score_options{10}).drivers == std::vector<std::size_t>{3, 0, 1});
    }
    SUBCASE("ties keep scorecard order even when listed after a larger loss") {
        const auto r = score(card, {0.9, 0.2, 0.9, 0.2, 0.9}, vitals::score_options{5});
        CHECK(r.drivers == std::vector<std::size_t>{1, 3, 0, 2, 4});
    }
    SUBCASE("a perfect account has no drivers") {
        CHECK(score(card, {1.0, 1.0, 1.0, 1.0, 1.0}).drivers.empty());
    }
}

// ---- ratio inputs -------------------------------------------------------------------------------

TEST_CASE("ratio inputs: numerator / denominator; missing when the denominator is 0 or either is NaN") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("adoption", vitals::input::ratio("active", "seats")), make_measure("other", "other")};
    s.min_coverage = 0.0;
    const auto card = build(s);
    REQUIRE(card.inputs().size() == 3);  // active, seats, other
    const auto raw = [&](double active, double seats) { return score(card, {active, seats, 0.5}).measures[0]; };

    CHECK(raw(5.0, 10.0).raw == 0.5);
    CHECK(raw(5.0, 10.0).sub_score == 0.5);
    CHECK(raw(-5.0, -10.0).raw == 0.5);
    CHECK(raw(0.0, 10.0).sub_score == 0.0);
    CHECK(raw(20.0, 10.0).raw == 2.0);
    CHECK(raw(20.0, 10.0).sub_score == 1.0);  // clamped by the normaliser
    CHECK_FALSE(raw(5.0, 0.0).present());
    CHECK_FALSE(raw(5.0, -0.0).present());
    CHECK_FALSE(raw(5.0, NaN).present());
    CHECK_FALSE(raw(NaN, 10.0).present());
    CHECK_FALSE(raw(0.0, 0.0).present());

    const auto r = score(card, {5.0, 0.0, 0.5});  // the ratio drops out, "other" alone scores
    CHECK(r.score == doctest::Approx(50.0).epsilon(1e-13));
    CHECK(r.coverage == 0.5);

    CHECK(std::isnan(vitals::ratio_value(1.0, 0.0)));
    CHECK(std::isnan(vitals::ratio_value(NaN, 2.0)));
    CHECK(vitals::ratio_value(3.0, 4.0) == 0.75);
}

// ---- user-defined normalisers -------------------------------------------------------------------

namespace {

/// A plain struct with apply(): half the raw value (NaN stays NaN).
struct half {
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = 0.5 * in[i];
    }
};

/// One with a name and parameter checks.
struct power_curve {
    double exponent = 2.0;
    [[nodiscard]] std::string name() const { return "power_curve"; }
    [[nodiscard]] std::vector<vitals::problem> validate() const {
        if (!(exponent > 0.0)) return {vitals::problem{"/exponent", "exponent must be positive"}};
        return {};
    }
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = std::pow(in[i], exponent);
    }
};

/// A broken one: always returns `value`.
struct constant {
    double value = 1.5;
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = value;
    }
};

}  // namespace

TEST_CASE("user-defined normalisers plug into a scorecard and are scored") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("h", "h", "", 1.0, half{}), make_measure("p", "p", "", 3.0, power_curve{2.0})};
    const auto card = build(s);
    CHECK(card.measures()[0].normaliser.kind() == "custom");
    CHECK(card.measures()[1].normaliser.name() == "power_curve");
    // h: 0.5 x 1.2 = 0.6; p: 0.5^2 = 0.25; score = (1 x 0.6 + 3 x 0.25) / 4 = 1.35 / 4 = 0.3375
    const auto r = score(card, {1.2, 0.5});
    CHECK(r.measures[0].sub_score == doctest::Approx(0.6).epsilon(1e-15));
    CHECK(r.measures[1].sub_score == 0.25);
    CHECK(r.score == doctest::Approx(33.75).epsilon(1e-13));
    // NaN in, NaN out: missing, renormalised away
    const auto m = score(card, {NaN, 0.5});
    CHECK(m.score == doctest::Approx(25.0).epsilon(1e-13));
}

TEST_CASE("a user-defined normaliser's validate() problems appear under the measure's pointer") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("h", "h", "", 1.0, half{}), make_measure("p", "p", "", 1.0, power_curve{-1.0})};
    auto r = vitals::scorecard::build(s);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == vitals::errc::invalid_scorecard);
    CHECK(r.error().message == "/measures/1/normaliser/exponent: exponent must be positive");
}

TEST_CASE("out_of_range: a user normaliser returning a sub-score outside [0, 1]") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("fine", "fine"), make_measure("bad", "bad", "", 1.0, constant{1.5})};
    const auto card = build(s);
    const std::vector<double> in{0.5, 3.0};
    auto r = vitals::score_account(card, std::span<const double>(in));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == vitals::errc::out_of_range);
    CHECK(r.error().message.rfind("/measures/1 (bad): the custom normaliser returned 1.5", 0) == 0);

    vitals::scorecard_spec neg;
    neg.measures = {make_measure("bad", "bad", "", 1.0, constant{-0.25})};
    const std::vector<double> one{0.0};
    auto n = vitals::score_account(build(neg), std::span<const double>(one));
    REQUIRE_FALSE(n.has_value());
    CHECK(n.error().code == vitals::errc::out_of_range);

    // NaN is not out of range: it means missing
    vitals::scorecard_spec miss;
    miss.measures = {make_measure("fine", "fine"), make_measure("nan", "nan", "", 1.0, constant{NaN})};
    const auto ok = score(build(miss), {0.5, 3.0});
    CHECK(ok.score == doctest::Approx(50.0).epsilon(1e-13));
    CHECK_FALSE(ok.measures[1].present());
}

// ---- score_account by name and input errors -----------------------------------------------------

TEST_CASE("score_account by column name") {
    const auto card = flat_card();
    SUBCASE("any order; the same as positional") {
        auto r = vitals::score_account(card, {{"z", 0.3}, {"x", 0.9}, {"y", 0.6}});
        REQUIRE(r.has_value());
        CHECK(r.value().score == doctest::Approx(50.0).epsilon(1e-13));
    }
    SUBCASE("columns not named are missing") {
        auto r = vitals::score_account(card, {{"x", 0.9}, {"z", 0.3}});
        REQUIRE(r.has_value());
        CHECK(r.value().score == doctest::Approx(45.0).epsilon(1e-13));
        CHECK_FALSE(r.value().measures[1].present());
    }
    SUBCASE("an unknown column is errc::unknown_column") {
        auto r = vitals::score_account(card, {{"x", 0.9}, {"w", 0.3}});
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == vitals::errc::unknown_column);
        CHECK(r.error().message == "account: unknown input column \"w\" (the scorecard reads: x, y, z)");
    }
    SUBCASE("a column given twice is errc::invalid_argument") {
        auto r = vitals::score_account(card, {{"x", 0.9}, {"y", 0.1}, {"x", 0.2}});
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == vitals::errc::invalid_argument);
        CHECK(r.error().message == "account: column \"x\" given twice");
    }
}

TEST_CASE("shape_mismatch: the wrong number of input values") {
    const auto card = flat_card();
    const std::vector<double> two{0.1, 0.2};
    auto r = vitals::score_account(card, std::span<const double>(two));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    CHECK(r.error().message == "inputs: 2 values given, the scorecard reads 3 columns");
    const std::vector<double> four{0.1, 0.2, 0.3, 0.4};
    auto f = vitals::score_account(card, std::span<const double>(four));
    REQUIRE_FALSE(f.has_value());
    CHECK(f.error().code == vitals::errc::shape_mismatch);
}

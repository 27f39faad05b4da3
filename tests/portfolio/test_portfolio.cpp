// Tests of the portfolio views (include/vitals/portfolio/): the value x health quadrant with its
// tie rules, the prioritised list by revenue at risk, and the parent / child roll-up. Each part is
// also compared with a straightforward reference on random inputs with missing values.
#include <doctest/doctest.h>

#include "vitals/band.hpp"
#include "vitals/portfolio/priority.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/portfolio/rollup.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
namespace pf = vitals::portfolio;
using pf::quadrant;

struct classified {
    pf::quadrant_summary summary;
    std::vector<quadrant> q;
};

classified classify(const std::vector<double>& arr, const std::vector<double>& score, pf::quadrant_rule rule = {}) {
    classified c;
    c.q.assign(arr.size(), quadrant::unknown);
    auto r = pf::classify(arr, score, rule, std::span<quadrant>(c.q));
    if (!r) FAIL("classify failed: " << r.error().message);
    c.summary = r.value();
    return c;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

TEST_CASE("quadrant: the four quadrants and unknown, with counts and revenue") {
    // total 1000; top 50 %: 400 + 300 = 700 >= 500 -> cut-off 300
    const std::vector<double> arr{400, 300, 200, 100, NaN, 250};
    const std::vector<double> score{80, 30, 90, 10, 75, NaN};
    const auto c = classify(arr, score);
    CHECK(c.q == std::vector<quadrant>{quadrant::committed, quadrant::at_risk, quadrant::growth_candidate,
                                       quadrant::maintenance, quadrant::unknown, quadrant::unknown});
    CHECK(c.summary.value_cutoff == 300.0);
    CHECK(c.summary.health_threshold == 70.0);
    CHECK(c.summary.high_value == 2);
    CHECK(c.summary.count(quadrant::committed) == 1);
    CHECK(c.summary.count(quadrant::unknown) == 2);
    CHECK(c.summary.revenue_of(quadrant::committed) == 400.0);
    CHECK(c.summary.revenue_of(quadrant::at_risk) == 300.0);
    CHECK(c.summary.revenue_of(quadrant::growth_candidate) == 200.0);
    CHECK(c.summary.revenue_of(quadrant::maintenance) == 100.0);
    CHECK(c.summary.revenue_of(quadrant::unknown) == 250.0);  // known ARR, no score
    CHECK(c.summary.total_revenue == 1250.0);
    CHECK(pf::to_string(quadrant::growth_candidate) == "growth_candidate");
    CHECK(pf::label(quadrant::at_risk) == "At Risk");
}

TEST_CASE("quadrant: ties at the boundaries") {
    SUBCASE("an ARR exactly at the cut-off is high value") {
        const auto c = classify({1000, 999.99, 1000.01}, {90, 90, 90}, {pf::value_rule::arr_at_least(1000), 70});
        CHECK(c.q == std::vector<quadrant>{quadrant::committed, quadrant::growth_candidate, quadrant::committed});
        CHECK(c.summary.value_cutoff == 1000.0);
    }
    SUBCASE("a score exactly at the health threshold is healthy") {
        const auto c = classify({10, 10, 10}, {70, 69.999, 70.001}, {pf::value_rule::arr_at_least(5), 70});
        CHECK(c.q == std::vector<quadrant>{quadrant::committed, quadrant::at_risk, quadrant::committed});
    }
    SUBCASE("cumulative revenue exactly reaching P % stops there") {
        // total 100, 50 % = 50: the first account alone holds exactly 50
        const auto c = classify({50, 30, 20}, {90, 90, 90});
        CHECK(c.summary.value_cutoff == 50.0);
        CHECK(c.summary.high_value == 1);
    }
    SUBCASE("equal ARR straddling the P % boundary: the whole tie is high value, in any input order") {
        // total 100, target 50: 40 < 50, then 40 + 30 = 70 >= 50 -> cut-off 30, and the other 30 joins
        std::vector<double> arr{30, 0, 40, 30, NaN};
        const std::vector<double> score{50, 50, 50, 50, 50};
        const auto c = classify(arr, score);
        CHECK(c.summary.value_cutoff == 30.0);
        CHECK(c.summary.high_value == 3);
        CHECK(c.q == std::vector<quadrant>{quadrant::at_risk, quadrant::maintenance, quadrant::at_risk,
                                           quadrant::at_risk, quadrant::unknown});
        const auto nan_last = [](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a < b); };
        std::sort(arr.begin(), arr.end(), nan_last);
        do {
            CHECK(pf::high_value_cutoff(arr, pf::value_rule::top_revenue()).value() == 30.0);
        } while (std::next_permutation(arr.begin(), arr.end() - 1));  // the NaN stays last; 0..40 permuted
    }
    SUBCASE("P = 100 % takes every account with revenue, not the zero-ARR ones") {
        const auto c = classify({5, 0, 1, 1}, {80, 80, 80, 80}, {pf::value_rule::top_revenue(100), 70});
        CHECK(c.summary.value_cutoff == 1.0);
        CHECK(c.q == std::vector<quadrant>{quadrant::committed, quadrant::growth_candidate, quadrant::committed,
                                           quadrant::committed});
    }
}

TEST_CASE("quadrant: zero total revenue and an empty portfolio") {
    SUBCASE("zero total revenue: no account is high value") {
        const auto c = classify({0, 0, NaN}, {80, 20, 50});
        CHECK(c.summary.value_cutoff == inf);
        CHECK(c.summary.high_value == 0);
        CHECK(c.q == std::vector<quadrant>{quadrant::growth_candidate, quadrant::maintenance, quadrant::unknown});
        CHECK(c.summary.total_revenue == 0.0);
    }
    SUBCASE("an ARR cut-off of 0 makes every known ARR high value, even with zero revenue") {
        const auto c = classify({0, 0}, {80, 20}, {pf::value_rule::arr_at_least(0), 70});
        CHECK(c.q == std::vector<quadrant>{quadrant::committed, quadrant::at_risk});
    }
    SUBCASE("empty") {
        const auto c = classify({}, {});
        CHECK(c.summary.value_cutoff == inf);
        for (std::size_t k = 0; k < pf::quadrant_count; ++k) {
            CHECK(c.summary.counts[k] == 0);
            CHECK(c.summary.revenue[k] == 0.0);
        }
    }
    SUBCASE("summary only: no per-account output") {
        const std::vector<double> arr{1, 2}, score{10, 90};
        auto r = pf::classify(arr, score, pf::quadrant_rule{});
        REQUIRE(r);
        CHECK(r.value().count(quadrant::growth_candidate) == 0);
        CHECK(r.value().count(quadrant::committed) == 1);  // 2 holds 2/3 >= 50 %
        CHECK(r.value().count(quadrant::maintenance) == 1);
    }
}

TEST_CASE("quadrant: the health threshold from the scorecard's bands, and the errors") {
    CHECK(pf::health_threshold_of(vitals::bands{}).value() == 70.0);
    vitals::bands four{{25, 50, 85}, {"a", "b", "c", "d"}};
    CHECK(pf::health_threshold_of(four).value() == 85.0);
    vitals::bands one{{}, {"all"}};
    CHECK(pf::health_threshold_of(one).error().code == vitals::errc::invalid_argument);

    const std::vector<double> ok{1, 2};
    const auto err = [](const std::vector<double>& a, const std::vector<double>& s, pf::quadrant_rule rule = {}) {
        auto r = pf::classify(a, s, rule);
        REQUIRE_FALSE(r);
        return r.error();
    };
    CHECK(err({1, 2, 3}, ok).code == vitals::errc::shape_mismatch);
    auto e = err({1, -2}, ok);
    CHECK(e.code == vitals::errc::invalid_argument);
    CHECK(e.message.find("arr[1]") != std::string::npos);
    e = err({1, inf}, ok);
    CHECK(e.message.find("arr[1]") != std::string::npos);
    e = err(ok, {101, 2});
    CHECK(e.message == "score[0]: must be NaN (not scored) or lie in [0, 100], not 101");
    CHECK(err(ok, ok, {pf::value_rule::top_revenue(0), 70}).message.find("revenue_percent") != std::string::npos);
    CHECK(err(ok, ok, {pf::value_rule::top_revenue(100.5), 70}).code == vitals::errc::invalid_argument);
    CHECK(err(ok, ok, {pf::value_rule::arr_at_least(NaN), 70}).message.find("arr_cutoff") != std::string::npos);
    CHECK(err(ok, ok, {pf::value_rule::top_revenue(), -1}).message.find("health_threshold") != std::string::npos);
    std::vector<quadrant> small(1);
    CHECK(pf::classify(ok, ok, pf::quadrant_rule{}, std::span<quadrant>(small)).error().code ==
          vitals::errc::shape_mismatch);
}

namespace {

/// The high-value set the plain way: an account with ARR v > 0 is high value when the accounts with
/// ARR strictly above v hold less than P % of the revenue (so its tie group is needed to reach it).
std::vector<bool> reference_high_value(const std::vector<double>& arr, double percent) {
    double total = 0.0;
    for (double a : arr)
        if (!std::isnan(a)) total += a;
    std::vector<bool> high(arr.size(), false);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (std::isnan(arr[i]) || arr[i] <= 0.0) continue;
        double above = 0.0;
        for (double a : arr)
            if (!std::isnan(a) && a > arr[i]) above += a;
        high[i] = above < total * percent / 100.0;
    }
    return high;
}

std::vector<double> random_column(std::mt19937_64& rng, std::size_t n, double lo, double hi, double missing,
                                  bool whole) {
    std::uniform_real_distribution<double> u(lo, hi), p(0.0, 1.0);
    std::vector<double> v(n);
    for (double& x : v) {
        x = p(rng) < missing ? NaN : u(rng);
        if (whole && !std::isnan(x)) x = std::floor(x);
    }
    return v;
}

}  // namespace

TEST_CASE("quadrant: random portfolios agree with the reference, whatever the input order") {
    std::mt19937_64 rng(20261123);
    for (int round = 0; round < 200; ++round) {
        const std::size_t n = static_cast<std::size_t>(rng() % 40);
        // whole-number ARR from a small range: many ties, and sums are exact in any order
        const std::vector<double> arr = random_column(rng, n, 0.0, 8.0, 0.15, true);
        const std::vector<double> score = random_column(rng, n, 0.0, 100.0, 0.15, round % 2 == 0);
        const double percent = (round % 5 == 0) ? 100.0 : 1.0 + static_cast<double>(rng() % 99);
        const double threshold = static_cast<double>(rng() % 101);
        const pf::quadrant_rule rule{pf::value_rule::top_revenue(percent), threshold};
        const auto c = classify(arr, score, rule);
        const auto high = reference_high_value(arr, percent);
        std::array<std::int64_t, pf::quadrant_count> counts{};
        for (std::size_t i = 0; i < n; ++i) {
            quadrant want = quadrant::unknown;
            if (!std::isnan(arr[i]) && !std::isnan(score[i])) {
                const bool healthy = score[i] >= threshold;
                want = high[i] ? (healthy ? quadrant::committed : quadrant::at_risk)
                               : (healthy ? quadrant::growth_candidate : quadrant::maintenance);
            }
            CHECK(c.q[i] == want);
            ++counts[static_cast<std::size_t>(want)];
        }
        CHECK(c.summary.counts == counts);
        // the same accounts in another order land in the same quadrants
        std::vector<std::size_t> perm(n);
        std::iota(perm.begin(), perm.end(), std::size_t{0});
        std::shuffle(perm.begin(), perm.end(), rng);
        std::vector<double> arr2(n), score2(n);
        for (std::size_t k = 0; k < n; ++k) {
            arr2[k] = arr[perm[k]];
            score2[k] = score[perm[k]];
        }
        const auto c2 = classify(arr2, score2, rule);
        for (std::size_t k = 0; k < n; ++k) CHECK(c2.q[k] == c.q[perm[k]]);
        CHECK(same(c2.summary.value_cutoff, c.summary.value_cutoff));
    }
}

// ---- prioritised list ------------------------------------------------------------------------

namespace {

struct listed {
    pf::priority_summary summary;
    std::vector<std::int64_t> order;
    std::vector<double> at_risk;
};

listed prioritise(const std::vector<double>& arr, const std::vector<double>& score, pf::priority_options o = {}) {
    listed l;
    const auto cap = static_cast<std::size_t>(pf::priority_capacity(static_cast<std::int64_t>(arr.size()), o));
    l.order.assign(cap, 99);
    l.at_risk.assign(cap, 99.0);
    auto r = pf::prioritise(arr, score, o, l.order, l.at_risk);
    if (!r) FAIL("prioritise failed: " << r.error().message);
    l.summary = r.value();
    return l;
}

}  // namespace

TEST_CASE("priority: ordered by revenue at risk, ties by ARR, score, then position") {
    //            0     1    2    3    4    5     6    7
    const std::vector<double> arr{100, 200, 50, NaN, 100, 0, 0, 300};
    const std::vector<double> score{50, 80, 0, 10, 50, 90, 20, NaN};
    // at risk:   50    40   50   -    50   0    0   -
    const auto l = prioritise(arr, score);
    CHECK(l.summary.listed == 6);
    CHECK(l.summary.eligible == 6);
    CHECK(l.summary.left_out == 2);  // 3 has no ARR, 7 no score
    // 50: ARR 100 (0, 4: same ARR and score -> position) before ARR 50 (2); 40; 0: score 20 (6) before 90 (5)
    CHECK(l.order == std::vector<std::int64_t>{0, 4, 2, 1, 6, 5, -1, -1});
    CHECK(l.at_risk[0] == 50.0);
    CHECK(l.at_risk[3] == 40.0);
    CHECK(l.at_risk[5] == 0.0);
    CHECK(std::isnan(l.at_risk[6]));
    CHECK(pf::revenue_at_risk(1000, 75) == 250.0);
    CHECK(std::isnan(pf::revenue_at_risk(NaN, 75)));
}

TEST_CASE("priority: top n, high-value only, empty and zero revenue") {
    const std::vector<double> arr{400, 300, 200, 100, 250};
    const std::vector<double> score{80, 30, 90, 10, NaN};
    SUBCASE("top 2") {
        pf::priority_options o;
        o.limit = 2;
        const auto l = prioritise(arr, score, o);
        CHECK(l.order == std::vector<std::int64_t>{1, 3});  // 210, 90
        CHECK(l.summary.eligible == 4);
        CHECK(l.summary.listed == 2);
    }
    SUBCASE("a limit above the accounts lists them all") {
        pf::priority_options o;
        o.limit = 10;
        const auto l = prioritise(arr, score, o);
        CHECK(l.summary.listed == 4);
        CHECK(l.order.size() == 5);
    }
    SUBCASE("high value only: total 1250, 50 % = 625: 400 + 300 = 700 -> cut-off 300") {
        pf::priority_options o;
        o.high_value_only = true;
        const auto l = prioritise(arr, score, o);
        CHECK(l.summary.value_cutoff == 300.0);
        CHECK(l.order == std::vector<std::int64_t>{1, 0, -1, -1, -1});
        CHECK(l.summary.left_out == 0);
        o.value = pf::value_rule::arr_at_least(250);  // 250 is high value but has no score
        const auto l2 = prioritise(arr, score, o);
        CHECK(l2.order == std::vector<std::int64_t>{1, 0, -1, -1, -1});
        CHECK(l2.summary.left_out == 1);
    }
    SUBCASE("empty portfolio") {
        const auto l = prioritise({}, {});
        CHECK(l.summary.listed == 0);
        CHECK(l.summary.left_out == 0);
    }
    SUBCASE("zero total revenue: everything listed at 0, by score; none high value") {
        const auto l = prioritise({0, 0, 0}, {60, 10, 90});
        CHECK(l.order == std::vector<std::int64_t>{1, 0, 2});
        pf::priority_options o;
        o.high_value_only = true;
        CHECK(prioritise({0, 0, 0}, {60, 10, 90}, o).summary.listed == 0);
    }
    SUBCASE("errors") {
        std::vector<std::int64_t> small(3);
        auto r = pf::prioritise(arr, score, {}, small);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::shape_mismatch);
        std::vector<std::int64_t> order(5);
        std::vector<double> risk(4);
        CHECK(pf::prioritise(arr, score, {}, order, risk).error().code == vitals::errc::shape_mismatch);
        const std::vector<double> bad{1, 2, 3, 4, 200};
        CHECK(pf::prioritise(arr, bad, {}, order).error().message.find("score[4]") != std::string::npos);
        pf::priority_options o;
        o.limit = -1;
        CHECK(pf::prioritise(arr, score, o, order).error().message.find("limit") != std::string::npos);
    }
}

TEST_CASE("priority: random portfolios agree with a sort on the documented key") {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 200; ++round) {
        const std::size_t n = static_cast<std::size_t>(rng() % 50);
        const auto arr = random_column(rng, n, 0.0, 6.0, 0.2, true);
        const auto score = random_column(rng, n, 0.0, 5.0, 0.2, true);  // few values: many ties
        pf::priority_options o;
        o.limit = (round % 3 == 0) ? 0 : 1 + static_cast<std::int64_t>(rng() % 10);
        o.high_value_only = round % 4 == 1;
        const auto l = prioritise(arr, score, o);
        const auto high = reference_high_value(arr, 50.0);
        std::vector<std::tuple<double, double, double, std::int64_t>> keys;
        std::int64_t left_out = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (o.high_value_only && !high[i]) continue;
            if (std::isnan(arr[i]) || std::isnan(score[i])) {
                ++left_out;
                continue;
            }
            keys.emplace_back(-(arr[i] * (100.0 - score[i]) / 100.0), -arr[i], score[i], static_cast<std::int64_t>(i));
        }
        std::sort(keys.begin(), keys.end());
        const std::size_t want = o.limit == 0 ? keys.size() : std::min(keys.size(), static_cast<std::size_t>(o.limit));
        REQUIRE(l.summary.listed == static_cast<std::int64_t>(want));
        CHECK(l.summary.left_out == left_out);
        for (std::size_t k = 0; k < want; ++k) {
            CHECK(l.order[k] == std::get<3>(keys[k]));
            CHECK(l.at_risk[k] == -std::get<0>(keys[k]));
        }
    }
}

// ---- roll-up ---------------------------------------------------------------------------------

namespace {

struct rolled {
    std::vector<double> score, coverage;
    std::vector<std::int64_t> leaves, scored;
};

rolled roll_up(const std::vector<double>& arr, const std::vector<double>& score,
               const std::vector<std::int64_t>& parent) {
    rolled r;
    r.score.assign(arr.size(), -1);
    r.coverage.assign(arr.size(), -1);
    r.leaves.assign(arr.size(), -1);
    r.scored.assign(arr.size(), -1);
    auto res = pf::roll_up(arr, score, parent, {r.score, r.coverage, r.leaves, r.scored});
    if (!res) FAIL("roll_up failed: " << res.error().message);
    return r;
}

}  // namespace

TEST_CASE("roll-up: ARR-weighted mean of the children, recursively, with coverage") {
    //   0 group  <- 1 parent <- 2 (100, 80), 3 (300, 40), 4 (50, no score)
    //            <- 5 (100, 90)
    //   6 alone (20, 55)
    const std::vector<double> arr{0, 999, 100, 300, 50, 100, 20};
    const std::vector<double> score{10, 10, 80, 40, NaN, 90, 55};
    const std::vector<std::int64_t> parent{-1, 0, 1, 1, 1, 0, -1};
    const auto r = roll_up(arr, score, parent);
    CHECK(r.score[1] == doctest::Approx((100 * 80 + 300 * 40) / 400.0));  // 50; its own 10 and 999 not used
    CHECK(r.coverage[1] == doctest::Approx(400.0 / 450.0));
    CHECK(r.leaves[1] == 3);
    CHECK(r.scored[1] == 2);
    // level by level: (400 x 50 + 100 x 90) / 500 = 58, the same as over the leaves at once
    CHECK(r.score[0] == doctest::Approx(58.0));
    CHECK(r.coverage[0] == doctest::Approx(500.0 / 550.0));
    CHECK(r.leaves[0] == 4);
    CHECK(r.scored[0] == 3);
    CHECK(r.score[2] == 80.0);
    CHECK(r.coverage[2] == 1.0);
    CHECK(std::isnan(r.score[4]));
    CHECK(r.coverage[4] == 0.0);
    CHECK(r.scored[4] == 0);
    CHECK(r.score[6] == 55.0);
    CHECK(r.leaves[6] == 1);
}

TEST_CASE("roll-up: children without scores or revenue, empty, and errors naming the accounts") {
    SUBCASE("no child scored: NaN, coverage 0") {
        const auto r = roll_up({0, 10, 20}, {50, NaN, NaN}, {-1, 0, 0});
        CHECK(std::isnan(r.score[0]));
        CHECK(r.coverage[0] == 0.0);
    }
    SUBCASE("zero total revenue below a parent: NaN score and coverage, never invented") {
        const auto r = roll_up({0, 0, 0}, {50, 80, 20}, {-1, 0, 0});
        CHECK(std::isnan(r.score[0]));
        CHECK(std::isnan(r.coverage[0]));
        CHECK(r.scored[0] == 2);
    }
    SUBCASE("empty") {
        auto res = pf::roll_up({}, {}, {}, {});
        CHECK(res.has_value());
    }
    SUBCASE("a cycle names its accounts") {
        const std::vector<std::string_view> ids{"acme", "acme-eu", "acme-de", "solo"};
        const std::vector<double> arr{1, 1, 1, 1}, score{1, 1, 1, 1};
        const std::vector<std::int64_t> parent{2, 0, 1, -1};
        auto res = pf::roll_up(arr, score, parent, {}, ids);
        REQUIRE_FALSE(res);
        CHECK(res.error().code == vitals::errc::invalid_argument);
        CHECK(res.error().message ==
              "parent: accounts form a cycle: \"acme\" -> \"acme-de\" -> \"acme-eu\" -> \"acme\"");
        const std::vector<std::int64_t> self{-1, 1, -1, -1};
        res = pf::roll_up(arr, score, self, {});
        REQUIRE_FALSE(res);
        CHECK(res.error().message == "parent: accounts form a cycle: account 1 -> account 1");
    }
    SUBCASE("a parent index out of range") {
        const std::vector<double> v{1, 1};
        const std::vector<std::int64_t> parent{-1, 2};
        auto res = pf::roll_up(v, v, parent, {});
        REQUIRE_FALSE(res);
        CHECK(res.error().message.find("parent[1]: account 1 has parent index 2") != std::string::npos);
        const std::vector<std::int64_t> neg{-2, -1};
        CHECK(pf::roll_up(v, v, neg, {}).error().code == vitals::errc::invalid_argument);
    }
    SUBCASE("parents from text ids") {
        const std::vector<std::string_view> ids{"acme", "acme-eu", "beta"};
        std::vector<std::int64_t> parent(3);
        REQUIRE(pf::resolve_parents(ids, std::vector<std::string_view>{"", "acme", ""}, parent));
        CHECK(parent == std::vector<std::int64_t>{-1, 0, -1});
        auto res = pf::resolve_parents(ids, std::vector<std::string_view>{"", "acme", "gamma"}, parent);
        REQUIRE_FALSE(res);
        CHECK(res.error().code == vitals::errc::unknown_column);
        CHECK(res.error().message == "parent_ids[2]: account \"beta\" names an unknown parent \"gamma\"");
        const std::vector<std::string_view> dup{"acme", "beta", "acme"};
        res = pf::resolve_parents(dup, std::vector<std::string_view>{"", "", ""}, parent);
        REQUIRE_FALSE(res);
        CHECK(res.error().message == "ids[2]: duplicate account id \"acme\" (first at row 0)");
    }
}

TEST_CASE("roll-up: random forests agree with a recursive reference") {
    std::mt19937_64 rng(99);
    for (int round = 0; round < 100; ++round) {
        const std::size_t n = static_cast<std::size_t>(rng() % 60);
        const auto arr = random_column(rng, n, 0.0, 1000.0, 0.1, round % 2 == 0);
        const auto score = random_column(rng, n, 0.0, 100.0, 0.25, false);
        // acyclic by construction (a parent comes earlier), then shuffled
        std::vector<std::int64_t> tmp(n, -1);
        for (std::size_t i = 1; i < n; ++i)
            if (rng() % 4 != 0) tmp[i] = static_cast<std::int64_t>(rng() % i);
        std::vector<std::size_t> perm(n), pos(n);
        std::iota(perm.begin(), perm.end(), std::size_t{0});
        std::shuffle(perm.begin(), perm.end(), rng);
        for (std::size_t k = 0; k < n; ++k) pos[perm[k]] = k;
        std::vector<std::int64_t> parent(n);
        std::vector<double> a(n), s(n);
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t old = perm[k];
            a[k] = arr[old];
            s[k] = score[old];
            parent[k] = tmp[old] < 0 ? -1 : static_cast<std::int64_t>(pos[static_cast<std::size_t>(tmp[old])]);
        }
        const auto r = roll_up(a, s, parent);
        std::vector<std::vector<std::size_t>> children(n);
        for (std::size_t i = 0; i < n; ++i)
            if (parent[i] >= 0) children[static_cast<std::size_t>(parent[i])].push_back(i);
        // reference: ARR-weighted mean of the children's rolled scores, each weighing the ARR behind it
        struct agg {
            double sum = 0, weight = 0, known = 0;
            std::int64_t leaves = 0, scored = 0;
        };
        std::function<agg(std::size_t)> walk = [&](std::size_t i) {
            agg g;
            if (children[i].empty()) {
                g.leaves = 1;
                if (!std::isnan(a[i])) g.known = a[i];
                if (!std::isnan(a[i]) && !std::isnan(s[i])) {
                    g.sum = a[i] * s[i];
                    g.weight = a[i];
                    g.scored = 1;
                }
                return g;
            }
            for (std::size_t c : children[i]) {
                const agg h = walk(c);
                if (h.weight > 0) {  // child's rolled score h.sum / h.weight, weighing h.weight
                    g.sum += h.weight * (h.sum / h.weight);
                    g.weight += h.weight;
                }
                g.known += h.known;
                g.leaves += h.leaves;
                g.scored += h.scored;
            }
            return g;
        };
        for (std::size_t i = 0; i < n; ++i) {
            const agg g = walk(i);
            CHECK(r.leaves[i] == g.leaves);
            CHECK(r.scored[i] == g.scored);
            if (children[i].empty()) {
                CHECK(same(r.score[i], s[i]));
            } else if (g.weight > 0) {
                CHECK(r.score[i] == doctest::Approx(g.sum / g.weight).epsilon(1e-9));
                CHECK(r.coverage[i] == doctest::Approx(g.weight / g.known).epsilon(1e-12));
            } else {
                CHECK(std::isnan(r.score[i]));
            }
        }
    }
}

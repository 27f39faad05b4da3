// Tests of drift and calibration on a book (include/vitals/portfolio/stability.hpp,
// band_proposal.hpp): the population stability index against a fixture computed by hand, and band
// cut-offs proposed from a wanted share per band, checked against brute force on random books with
// ties and missing scores.
#include <doctest/doctest.h>

#include "vitals/portfolio/band_proposal.hpp"
#include "vitals/portfolio/stability.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace vitals;
using namespace vitals::portfolio;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("population_stability: a fixture computed by hand") {
    // expected 1..10 in 5 bins: cut-offs at ranks 2, 4, 6, 8 of the sorted values (3, 5, 7, 9), 0.2 each
    const std::vector<double> expected{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const std::vector<double> actual{1, 2, 2, 4, 5, 6, 8, NaN, NaN, NaN};
    const auto r = population_stability(expected, actual, 5);
    REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    REQUIRE(r.value().bins.size() == 6);  // five of values and one of missing ones
    const std::vector<double> lower{-HUGE_VAL, 3, 5, 7, 9};
    const std::vector<double> a_share{0.3, 0.1, 0.2, 0.1, 0.0, 0.3};
    for (std::size_t b = 0; b < 5; ++b) {
        CHECK(r.value().bins[b].lower == lower[b]);
        CHECK(r.value().bins[b].expected_share == doctest::Approx(0.2).epsilon(1e-15));
        CHECK(r.value().bins[b].actual_share == doctest::Approx(a_share[b]).epsilon(1e-15));
    }
    CHECK(r.value().bins[4].upper == HUGE_VAL);
    CHECK(r.value().bins[5].missing);
    CHECK(r.value().bins[5].expected_count == 0);
    CHECK(r.value().bins[5].actual_count == 3);
    // the terms, bin by bin: (a - e) ln(a / e), an empty share taken as 0.0001
    const double by_hand = (0.3 - 0.2) * std::log(0.3 / 0.2)        // below 3: 1, 2, 2
                           + (0.1 - 0.2) * std::log(0.1 / 0.2)      // [3, 5): 4
                           + 0.0                                    // [5, 7): 5, 6
                           + (0.1 - 0.2) * std::log(0.1 / 0.2)      // [7, 9): 8
                           + (1e-4 - 0.2) * std::log(1e-4 / 0.2)    // 9 and above: none
                           + (0.3 - 1e-4) * std::log(0.3 / 1e-4);   // missing: 3 of 10, none before
    CHECK(r.value().psi == doctest::Approx(by_hand).epsilon(1e-14));
    CHECK(r.value().psi == doctest::Approx(4.0997).epsilon(1e-4));
    CHECK(r.value().verdict == stability::significant_shift);
}

TEST_CASE("population_stability: the same population is stable; repeated values merge bins") {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> d(50, 12);
    std::vector<double> a(5000);
    for (double& v : a) v = d(rng);
    const auto same = population_stability(a, a);
    REQUIRE(same);
    CHECK(same.value().psi == 0.0);
    CHECK(same.value().bins.size() == 10);
    for (const auto& b : same.value().bins) CHECK(b.expected_count == 500);  // deciles of distinct values
    // a shift of half a standard deviation is a moderate one; of two, a significant one
    std::vector<double> shifted(a), far(a);
    for (double& v : shifted) v += 4.5;
    for (double& v : far) v += 24;
    CHECK(population_stability(a, shifted).value().verdict == stability::moderate_shift);
    CHECK(population_stability(a, far).value().verdict == stability::significant_shift);
    // three distinct values: at most three bins, whatever is asked
    const std::vector<double> few{1, 1, 1, 2, 2, 3, 3, 3, 3, 3};
    const auto r = population_stability(few, few, 10);
    REQUIRE(r);
    CHECK(r.value().bins.size() == 3);
    std::uint64_t total = 0;
    for (const auto& b : r.value().bins) total += b.expected_count;
    CHECK(total == few.size());
}

TEST_CASE("population_stability: verdicts and bad input") {
    CHECK(stability_verdict(0.0999) == stability::stable);
    CHECK(stability_verdict(0.10) == stability::moderate_shift);
    CHECK(stability_verdict(0.2499) == stability::moderate_shift);
    CHECK(stability_verdict(0.25) == stability::significant_shift);
    CHECK(stability_label(stability::moderate_shift) == "moderate shift");
    const std::vector<double> a{1, 2, 3};
    CHECK(population_stability(a, a, 1).error().code == errc::invalid_argument);
    CHECK(population_stability({}, a).error().code == errc::invalid_argument);
    const std::vector<double> inf{1, HUGE_VAL};
    const auto r = population_stability(a, inf);
    REQUIRE(!r);
    CHECK(r.error().message.find("actual[1] is infinite") != std::string::npos);
    // every value missing on both sides: one bin, no drift
    const std::vector<double> none{NaN, NaN};
    CHECK(population_stability(none, none).value().psi == 0.0);
}

namespace {

/// The counts a cut-off can give on sorted scores: 0, n, and every rank where a tie ends.
std::set<std::size_t> achievable(const std::vector<double>& sorted) {
    std::set<std::size_t> s{0};
    for (std::size_t j = 1; j <= sorted.size(); ++j)
        if (j == sorted.size() || sorted[j] != sorted[j - 1]) s.insert(j);
    return s;
}

double nearest_gap(const std::set<std::size_t>& counts, double want) {
    double g = HUGE_VAL;
    for (std::size_t c : counts) g = std::min(g, std::fabs(static_cast<double>(c) - want));
    return g;
}

}  // namespace

TEST_CASE("propose_bands: the share wanted, within one account, on random books") {
    std::mt19937_64 rng(11);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t n = 1 + rng() % 400;
        const bool ties = trial % 2 == 1;
        std::vector<double> scores(n);
        std::uniform_real_distribution<double> u(0, 100);
        for (double& s : scores) {
            s = ties ? std::round(u(rng) / 5) * 5 : u(rng);
            if (rng() % 10 == 0) s = NaN;
        }
        std::vector<double> known;
        for (double s : scores)
            if (!std::isnan(s)) known.push_back(s);
        if (known.empty()) continue;
        std::sort(known.begin(), known.end());
        const double red = static_cast<double>(rng() % 51) / 100.0;
        const double yellow = static_cast<double>(rng() % 41) / 100.0;
        const bands now;
        const std::vector<double> targets{red, yellow, NaN};
        const auto r = propose_bands(scores, now, targets);
        REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
        const band_proposal& p = r.value();
        CHECK(p.scored == known.size());
        CHECK(p.proposed.validate().empty());
        CHECK(p.count_proposed == band_counts(scores, p.proposed));
        CHECK(p.count_now == band_counts(scores, now));
        const auto counts = achievable(known);
        const double want_red = red * static_cast<double>(known.size());
        const double got_red = static_cast<double>(p.count_proposed[0]);
        // as near as any cut-off can be; with distinct scores, within one account
        CHECK(std::fabs(got_red - want_red) == doctest::Approx(nearest_gap(counts, want_red)));
        if (!ties) CHECK(std::fabs(got_red - want_red) <= 1.0);
        const double want_below_green = got_red + yellow * static_cast<double>(known.size());
        const double got_below_green = static_cast<double>(p.count_proposed[0] + p.count_proposed[1]);
        if (!ties && p.count_proposed[1] > 0) CHECK(std::fabs(got_below_green - want_below_green) <= 1.0);
        // the roundest cut-off: one decimal fewer would give another count
        for (std::size_t k = 0; k < p.proposed.cutoffs.size(); ++k) {
            const double c = p.proposed.cutoffs[k];
            int decimals = 0;
            while (decimals < 17 && std::round(c * std::pow(10.0, decimals)) / std::pow(10.0, decimals) != c) ++decimals;
            if (decimals == 0) continue;
            const double rounder = portfolio::detail::floor_to_decimals(c, decimals - 1);
            const auto below = [&](double x) { return std::lower_bound(known.begin(), known.end(), x) - known.begin(); };
            if (k == 0 || rounder > p.proposed.cutoffs[k - 1]) CHECK(below(rounder) != below(c));
        }
    }
}

TEST_CASE("propose_bands: the top band alone, every band, and targets that cannot be met") {
    std::vector<double> scores(100);
    for (std::size_t i = 0; i < scores.size(); ++i) scores[i] = 0.5 + static_cast<double>(i);  // 0.5 .. 99.5
    const bands now;
    const auto green = propose_bands(scores, now, std::vector<double>{NaN, NaN, 0.10});
    REQUIRE(green);
    CHECK(green.value().proposed.cutoffs == std::vector<double>{40, 90});  // red kept, the top 10 green
    CHECK(green.value().count_proposed == std::vector<std::uint64_t>{40, 50, 10});
    const auto all = propose_bands(scores, now, std::vector<double>{0.2, 0.3, 0.5});
    REQUIRE(all);
    CHECK(all.value().proposed.cutoffs == std::vector<double>{20, 50});
    CHECK(all.value().count_proposed == std::vector<std::uint64_t>{20, 30, 50});
    CHECK(all.value().count_now == std::vector<std::uint64_t>{40, 30, 30});
    // 80 % red would pass the yellow cut-off that is kept (70)
    const auto past = propose_bands(scores, now, std::vector<double>{0.8, NaN, NaN});
    REQUIRE(!past);
    CHECK(past.error().message.find("give a target for yellow too") != std::string::npos);
    CHECK(!propose_bands(scores, now, std::vector<double>{0.5, 0.3, 0.3}));  // 110 %
    CHECK(!propose_bands(scores, now, std::vector<double>{0.5, 0.3, 0.1}));  // every band, 90 %
    CHECK(!propose_bands(scores, now, std::vector<double>{NaN, NaN, NaN}));
    CHECK(!propose_bands(scores, now, std::vector<double>{1.5, NaN, NaN}));
    CHECK(!propose_bands(std::vector<double>{NaN}, now, std::vector<double>{0.2, NaN, NaN}));
    // no red at all, and everything red but what the kept cut-off holds
    CHECK(propose_bands(scores, now, std::vector<double>{0.0, NaN, NaN}).value().count_proposed[0] == 0);
    CHECK(propose_bands(scores, now, std::vector<double>{0.7, NaN, NaN}).value().count_proposed[0] == 70);
}

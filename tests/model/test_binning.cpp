// Monotone binning (include/vitals/model/binning.hpp): invariants on random data (cutoffs strictly
// increasing and observed, churn rates monotone, bins big enough and few enough, counts adding up,
// sub-scores in [0, 1] ordered against the churn rates), a threshold effect found, ties never
// split, no relation -> not informative, and argument errors.
#include <doctest/doctest.h>

#include "vitals/model/binning.hpp"
#include "vitals/model/metrics.hpp"
#include "vitals/normalise.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace {

namespace vm = vitals::model;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

void check_invariants(const vm::binning_result& r, const std::vector<double>& x, const vm::binning_options& o) {
    REQUIRE(r.bins.size() >= 1);
    CHECK(r.bins.size() <= o.max_bins);
    double total = 0.0;
    std::set<double> observed;
    for (double v : x)
        if (v == v) observed.insert(v);
    for (std::size_t b = 0; b < r.bins.size(); ++b) {
        const auto& bn = r.bins[b];
        total += bn.accounts;
        CHECK(bn.lower <= bn.upper);
        CHECK(observed.count(bn.lower) == 1);
        CHECK(bn.accounts >= o.min_share * static_cast<double>(r.present) - 1e-9);
        CHECK(bn.score >= 0.0);
        CHECK(bn.score <= 1.0);
        if (b > 0) {
            CHECK(bn.lower > r.bins[b - 1].upper);  // ties never straddle bins
            if (r.churn_rises) {
                CHECK(bn.churn_rate > r.bins[b - 1].churn_rate);
                CHECK(bn.score <= r.bins[b - 1].score);
            } else {
                CHECK(bn.churn_rate < r.bins[b - 1].churn_rate);
                CHECK(bn.score >= r.bins[b - 1].score);
            }
        }
    }
    CHECK(total == static_cast<double>(r.present));
    if (r.informative) {
        CHECK(r.normaliser.validate().empty());
        CHECK(r.normaliser.cutoffs.size() + 1 == r.bins.size());
        // every present value gets its bin's score
        for (double v : x) {
            if (v != v) continue;
            const vitals::normaliser n = r.normaliser;
            double expect = -1;
            for (const auto& bn : r.bins)
                if (v >= bn.lower && v <= bn.upper) expect = bn.score;
            CHECK(n(v) == expect);
        }
    }
}

}  // namespace

TEST_CASE("monotone binning invariants on random books") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        vm::portable_rng rng(seed);
        const std::size_t n = 500 + rng.below(3000);
        std::vector<double> x(n), y(n);
        const bool rising = rng.below(2) == 1;
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = static_cast<double>(rng.below(seed % 3 == 0 ? 7 : 1000));  // some books heavily tied
            if (rng.below(20) == 0) x[i] = NaN;
            const double p = 0.1 + 0.6 * (rising ? x[i] : 999.0 - x[i]) / 999.0;
            y[i] = static_cast<double>(rng.below(1000)) / 1000.0 < (p == p ? p : 0.3) ? 1.0 : 0.0;
        }
        vm::binning_options o;
        o.prebins = 5 + seed % 20;
        o.max_bins = 2 + seed % 6;
        auto r = vm::monotone_binning(x, y, o);
        REQUIRE(r.has_value());
        check_invariants(r.value(), x, o);
    }
}

TEST_CASE("monotone binning finds a threshold effect: four or more support calls") {
    // churn 10 % below 4 calls, 60 % from 4 on
    std::vector<double> x, y;
    for (int calls = 0; calls <= 9; ++calls)
        for (int k = 0; k < 100; ++k) {
            x.push_back(calls);
            y.push_back(k < (calls >= 4 ? 60 : 10) ? 1.0 : 0.0);
        }
    auto r = vm::monotone_binning(x, y);
    REQUIRE(r.has_value());
    CHECK(r.value().informative);
    CHECK(r.value().churn_rises);
    REQUIRE(r.value().normaliser.cutoffs == std::vector<double>{4.0});
    CHECK(r.value().normaliser.scores == std::vector<double>{1.0, 0.0});
    check_invariants(r.value(), x, {});
}

TEST_CASE("information value from a hand count: 4+ support calls, 400 + 600 accounts") {
    std::vector<double> x, y;
    for (int calls = 0; calls <= 9; ++calls)
        for (int k = 0; k < 100; ++k) {
            x.push_back(calls);
            y.push_back(k < (calls >= 4 ? 60 : 10) ? 1.0 : 0.0);
        }
    const auto r = vm::monotone_binning(x, y).value();
    REQUIRE(r.bins.size() == 2);
    // below 4: 400 accounts, 40 churned; from 4: 600 accounts, 360 churned; 400 churned, 600 stayed
    const double stay[2] = {360.5 / 600.5, 240.5 / 600.5}, churn[2] = {40.5 / 400.5, 360.5 / 400.5};
    double total = 0.0;
    for (int b = 0; b < 2; ++b) {
        CHECK(r.bins[b].accounts == (b == 0 ? 400.0 : 600.0));
        const double woe = std::log(stay[b] / churn[b]);
        CHECK(r.bins[b].woe == doctest::Approx(woe).epsilon(1e-14));
        CHECK(r.bins[b].information_value == doctest::Approx((stay[b] - churn[b]) * woe).epsilon(1e-14));
        CHECK(r.bins[b].information_value > 0.0);
        total += (stay[b] - churn[b]) * woe;
    }
    CHECK(r.information_value == doctest::Approx(total).epsilon(1e-14));
    CHECK(r.information_value > 0.5);  // a strong predictor by the usual reading (> 0.5)
}

TEST_CASE("no relation with churn: one bin, not informative") {
    std::vector<double> x, y;
    for (int v = 0; v < 10; ++v)
        for (int k = 0; k < 10; ++k) {
            x.push_back(v);
            y.push_back(k < 3 ? 1.0 : 0.0);  // 30 % at every value
        }
    auto r = vm::monotone_binning(x, y);
    REQUIRE(r.has_value());
    CHECK(!r.value().informative);
    CHECK(r.value().bins.size() == 1);
    CHECK(r.value().normaliser.cutoffs.empty());
}

TEST_CASE("binning argument errors") {
    const std::vector<double> x{1, 2, 3}, y{0, 1, 0};
    CHECK(vm::monotone_binning(x, std::vector<double>{0, 1}).error().code == vitals::errc::shape_mismatch);
    CHECK(vm::monotone_binning(x, std::vector<double>{0, 1, 5}).error().message == "labels[2]: must be 0 or 1");
    CHECK(vm::monotone_binning(std::vector<double>{1, NaN, NaN}, y).error().message == "x: fewer than two present values");
    vm::binning_options o;
    o.prebins = 1;
    CHECK(vm::monotone_binning(x, y, o).error().message == "options.prebins: at least 2");
    o = {};
    o.min_share = 0.7;
    CHECK(vm::monotone_binning(x, y, o).error().message == "options.min_share: must lie in [0, 0.5]");
}

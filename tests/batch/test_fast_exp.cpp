// The branch-free exp behind the logistic normaliser, against std::exp.
#include "vitals/detail/fast_exp.hpp"
#include "vitals/normalise/logistic.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

TEST_CASE("fast_exp is within 1e-14 relative of std::exp over its whole normal range") {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> wide(-708.0, 709.0), narrow(-3.0, 3.0);
    double worst = 0.0;
    for (int i = 0; i < 200000; ++i) {
        const double x = (i % 2) ? wide(rng) : narrow(rng);
        const double want = std::exp(x);
        worst = std::max(worst, std::abs(vitals::detail::fast_exp(x) - want) / want);
    }
    CHECK(worst < 1e-14);
    // the points where range reduction changes k, and exact small cases
    for (double x : {0.0, -0.0, 0.34657359027997264, -0.34657359027997264, 1.0, -1.0, 709.0, -708.0})
        CHECK(std::abs(vitals::detail::fast_exp(x) - std::exp(x)) <= 1e-14 * std::exp(x));
}

TEST_CASE("fast_exp at the edges: NaN, infinities, overflow and underflow") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(std::isnan(vitals::detail::fast_exp(std::numeric_limits<double>::quiet_NaN())));
    CHECK(vitals::detail::fast_exp(inf) == inf);
    CHECK(vitals::detail::fast_exp(-inf) == 0.0);
    CHECK(vitals::detail::fast_exp(710.0) == inf);
    CHECK(vitals::detail::fast_exp(-708.5) == 0.0);
    CHECK(vitals::detail::fast_exp(709.78) == doctest::Approx(std::exp(709.78)).epsilon(1e-14));
}

TEST_CASE("the logistic normaliser stays within 1e-12 relative of std::exp-based code") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-1000.0, 1000.0), steep(-50.0, 50.0);
    for (int trial = 0; trial < 200; ++trial) {
        const vitals::logistic l{u(rng) / 10.0, steep(rng)};
        if (l.steepness == 0.0) continue;
        std::vector<double> x(1000), y(1000);
        for (double& v : x) v = u(rng) / 10.0;
        l.apply(x, y);
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double want = 1.0 / (1.0 + std::exp(-l.steepness * (x[i] - l.midpoint)));
            if (want < 1e-300) {
                CHECK(y[i] <= 1e-300);
            } else {
                CHECK(std::abs(y[i] - want) <= 1e-12 * want);
            }
        }
    }
}

// Tests of the normalisers (include/vitals/normalise/*.hpp): every built-in at and between its
// knots / cutoffs, beyond its ends, with NaN (missing -> missing) and +/-Inf as each header
// documents them; validate() problems with their relative JSON pointers; percentile::fit; and the
// type-erased vitals::normaliser holding built-in and user-defined types.
#include <doctest/doctest.h>

#include "vitals/normalise.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

using vitals::normaliser;
using vitals::problem;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

/// One value through the type-erased path (the same code as the chunked path).
double at(const normaliser& n, double x) { return n(x); }

bool has_problem(const std::vector<problem>& ps, const std::string& where, const std::string& what) {
    for (const problem& p : ps)
        if (p.where == where && p.what == what) return true;
    return false;
}

}  // namespace

// ---- linear ------------------------------------------------------------------------------------

TEST_CASE("linear, higher is better (worst < best)") {
    const normaliser n = vitals::linear{10.0, 20.0};
    SUBCASE("at the ends: worst -> 0, best -> 1") {
        CHECK(at(n, 10.0) == 0.0);
        CHECK(at(n, 20.0) == 1.0);
    }
    SUBCASE("between the ends: (x - worst) / (best - worst)") {
        CHECK(at(n, 15.0) == doctest::Approx(0.5).epsilon(1e-15));
        CHECK(at(n, 12.5) == doctest::Approx(0.25).epsilon(1e-15));
        CHECK(at(n, 19.0) == doctest::Approx(0.9).epsilon(1e-15));
    }
    SUBCASE("beyond the ends clamps to [0, 1]") {
        CHECK(at(n, 0.0) == 0.0);
        CHECK(at(n, -1e300) == 0.0);
        CHECK(at(n, 25.0) == 1.0);
        CHECK(at(n, 1e300) == 1.0);
    }
    SUBCASE("NaN -> NaN, +Inf -> 1, -Inf -> 0") {
        CHECK(std::isnan(at(n, NaN)));
        CHECK(at(n, Inf) == 1.0);
        CHECK(at(n, -Inf) == 0.0);
    }
}

TEST_CASE("linear, lower is better (worst > best)") {
    const normaliser n = vitals::linear{20.0, 10.0};
    CHECK(at(n, 20.0) == 0.0);
    CHECK(at(n, 10.0) == 1.0);
    CHECK(at(n, 12.5) == doctest::Approx(0.75).epsilon(1e-15));  // (12.5 - 20) / (10 - 20)
    CHECK(at(n, 30.0) == 0.0);
    CHECK(at(n, 0.0) == 1.0);
    CHECK(std::isnan(at(n, NaN)));
    CHECK(at(n, Inf) == 0.0);   // +Inf lies beyond worst
    CHECK(at(n, -Inf) == 1.0);  // -Inf lies beyond best
}

TEST_CASE("linear gives exactly 1 at best (a measure at its best value loses no points)") {
    // With best - worst = 49, x * (1 / 49) is 0.9999999999999999, not 1: the division must be exact.
    for (int b = 1; b <= 200; ++b) {
        CAPTURE(b);
        const double best = static_cast<double>(b);
        CHECK(at(vitals::linear{0.0, best}, best) == 1.0);
        CHECK(at(vitals::linear{best, 0.0}, 0.0) == 1.0);
    }
    // the default scorecard's tickets_per_seat thresholds
    CHECK(at(vitals::linear{0.5, 0.05}, 0.05) == 1.0);
    CHECK(at(vitals::linear{0.5, 0.05}, 0.5) == 0.0);
}

TEST_CASE("linear::validate") {
    CHECK(vitals::linear{0.0, 1.0}.validate().empty());
    CHECK(vitals::linear{5.0, -5.0}.validate().empty());

    const auto same = vitals::linear{3.0, 3.0}.validate();
    REQUIRE(same.size() == 1);
    CHECK(same[0] == problem{"/best", "best must differ from worst"});

    const auto bad_worst = vitals::linear{NaN, 1.0}.validate();
    REQUIRE(bad_worst.size() == 1);
    CHECK(bad_worst[0] == problem{"/worst", "worst must be a finite number"});

    const auto both = vitals::linear{-Inf, Inf}.validate();
    REQUIRE(both.size() == 2);
    CHECK(has_problem(both, "/worst", "worst must be a finite number"));
    CHECK(has_problem(both, "/best", "best must be a finite number"));
}

// ---- steps -------------------------------------------------------------------------------------

TEST_CASE("steps: ranges with one sub-score each") {
    const normaliser n = vitals::steps{{0.2, 0.6}, {0.0, 0.5, 1.0}};
    SUBCASE("below the first cutoff -> s_0") {
        CHECK(at(n, 0.0) == 0.0);
        CHECK(at(n, 0.19) == 0.0);
        CHECK(at(n, std::nextafter(0.2, 0.0)) == 0.0);
    }
    SUBCASE("a value exactly at a cutoff belongs to the range above it") {
        CHECK(at(n, 0.2) == 0.5);
        CHECK(at(n, 0.6) == 1.0);
    }
    SUBCASE("between cutoffs") {
        CHECK(at(n, 0.4) == 0.5);
        CHECK(at(n, std::nextafter(0.6, 0.0)) == 0.5);
        CHECK(at(n, 0.99) == 1.0);
    }
    SUBCASE("NaN -> NaN, -Inf -> s_0, +Inf -> s_k") {
        CHECK(std::isnan(at(n, NaN)));
        CHECK(at(n, -Inf) == 0.0);
        CHECK(at(n, Inf) == 1.0);
    }
}

TEST_CASE("steps with falling scores (lower is better)") {
    // the default scorecard's days_late: on time 1, < 15 days 0.7, < 45 days 0.3, later 0
    const normaliser n = vitals::steps{{1.0, 15.0, 45.0}, {1.0, 0.7, 0.3, 0.0}};
    CHECK(at(n, 0.0) == 1.0);
    CHECK(at(n, 0.5) == 1.0);
    CHECK(at(n, 1.0) == 0.7);
    CHECK(at(n, 14.9) == 0.7);
    CHECK(at(n, 15.0) == 0.3);
    CHECK(at(n, 44.0) == 0.3);
    CHECK(at(n, 45.0) == 0.0);
    CHECK(at(n, 400.0) == 0.0);
    CHECK(at(n, -Inf) == 1.0);
    CHECK(at(n, Inf) == 0.0);
    CHECK(std::isnan(at(n, NaN)));
}

TEST_CASE("steps::validate") {
    CHECK(vitals::steps{{1.0}, {0.0, 1.0}}.validate().empty());

    SUBCASE("no cutoffs") {
        const auto p = vitals::steps{{}, {1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/cutoffs", "at least one cutoff is required"});
    }
    SUBCASE("a non-finite cutoff is named by index") {
        const auto p = vitals::steps{{0.0, 1.0, Inf}, {0.0, 0.2, 0.5, 1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/cutoffs/2", "cutoffs must be finite numbers"});
    }
    SUBCASE("cutoffs must strictly increase (equal is not enough)") {
        const auto p = vitals::steps{{0.0, 1.0, 1.0}, {0.0, 0.2, 0.5, 1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/cutoffs/2", "cutoffs must be strictly increasing"});
    }
    SUBCASE("one more score than cutoffs") {
        const auto p = vitals::steps{{0.0, 1.0}, {0.0, 1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/scores", "there must be one more score than cutoffs (3 expected, 2 given)"});
    }
    SUBCASE("scores lie in [0, 1]; NaN is not a score") {
        const auto p = vitals::steps{{0.0, 1.0}, {-0.1, NaN, 1.5}}.validate();
        REQUIRE(p.size() == 3);
        CHECK(p[0] == problem{"/scores/0", "scores must lie in [0, 1]"});
        CHECK(p[1] == problem{"/scores/1", "scores must lie in [0, 1]"});
        CHECK(p[2] == problem{"/scores/2", "scores must lie in [0, 1]"});
    }
}

// ---- piecewise ---------------------------------------------------------------------------------

TEST_CASE("piecewise: straight lines through knots") {
    // up then down: 0 at 0, 0.8 at 10, 0.2 at 20
    const normaliser n = vitals::piecewise{{0.0, 10.0, 20.0}, {0.0, 0.8, 0.2}};
    SUBCASE("exactly the knot's score at each knot") {
        CHECK(at(n, 0.0) == 0.0);
        CHECK(at(n, 10.0) == 0.8);
        CHECK(at(n, 20.0) == 0.2);
    }
    SUBCASE("linear between knots") {
        CHECK(at(n, 5.0) == doctest::Approx(0.4).epsilon(1e-15));   // 0 + 0.5 * 0.8
        CHECK(at(n, 2.5) == doctest::Approx(0.2).epsilon(1e-15));   // 0 + 0.25 * 0.8
        CHECK(at(n, 15.0) == doctest::Approx(0.5).epsilon(1e-15));  // 0.8 + 0.5 * (0.2 - 0.8)
        CHECK(at(n, 17.5) == doctest::Approx(0.35).epsilon(1e-15)); // 0.8 + 0.75 * (-0.6)
    }
    SUBCASE("flat beyond the first and last knot") {
        CHECK(at(n, -5.0) == 0.0);
        CHECK(at(n, 1e300) == 0.2);
    }
    SUBCASE("NaN -> NaN, -Inf -> first score, +Inf -> last score") {
        CHECK(std::isnan(at(n, NaN)));
        CHECK(at(n, -Inf) == 0.0);
        CHECK(at(n, Inf) == 0.2);
    }
}

TEST_CASE("piecewise with a flat segment: +Inf does not turn into NaN (Inf x 0)") {
    const normaliser n = vitals::piecewise{{0.0, 1.0, 2.0}, {0.0, 1.0, 1.0}};
    CHECK(at(n, 1.5) == 1.0);
    CHECK(at(n, Inf) == 1.0);
    CHECK(at(n, -Inf) == 0.0);
}

TEST_CASE("piecewise::validate") {
    CHECK(vitals::piecewise{{0.0, 1.0}, {1.0, 0.0}}.validate().empty());

    SUBCASE("at least two knots") {
        const auto p = vitals::piecewise{{1.0}, {0.5}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/knots", "at least two knots are required"});
    }
    SUBCASE("a non-finite knot is named by index") {
        const auto p = vitals::piecewise{{0.0, Inf}, {0.0, 1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/knots/1", "knots must be finite numbers"});
    }
    SUBCASE("knots strictly increasing, reported once") {
        const auto p = vitals::piecewise{{0.0, 2.0, 1.0, 1.0}, {0.0, 0.2, 0.4, 1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/knots", "knots must be strictly increasing"});
    }
    SUBCASE("one score per knot") {
        const auto p = vitals::piecewise{{0.0, 1.0, 2.0}, {0.0, 1.0}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/scores", "there must be one score per knot (3 expected, 2 given)"});
    }
    SUBCASE("scores lie in [0, 1]") {
        const auto p = vitals::piecewise{{0.0, 1.0, 2.0}, {0.0, 1.0, 1.01}}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/scores/2", "scores must lie in [0, 1]"});
    }
}

// ---- logistic ----------------------------------------------------------------------------------

TEST_CASE("logistic, positive steepness (higher is better)") {
    const normaliser n = vitals::logistic{12.0, 0.25};
    const auto expected = [](double x) { return 1.0 / (1.0 + std::exp(-0.25 * (x - 12.0))); };
    CHECK(at(n, 12.0) == doctest::Approx(0.5).epsilon(1e-14));
    CHECK(at(n, 16.0) == doctest::Approx(0.7310585786300049).epsilon(1e-13));  // 1 / (1 + e^-1)
    CHECK(at(n, 8.0) == doctest::Approx(0.2689414213699951).epsilon(1e-13));   // 1 / (1 + e^1)
    CHECK(at(n, 0.0) == doctest::Approx(expected(0.0)).epsilon(1e-13));
    CHECK(at(n, 36.0) == doctest::Approx(expected(36.0)).epsilon(1e-13));
    // symmetric about the midpoint
    CHECK(at(n, 12.0 + 7.0) + at(n, 12.0 - 7.0) == doctest::Approx(1.0).epsilon(1e-14));
    // monotone
    CHECK(at(n, 11.0) < at(n, 12.0));
    CHECK(at(n, 12.0) < at(n, 13.0));
    // within [0, 1] far out, and the documented limits
    CHECK(at(n, 1e6) == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(at(n, -1e6) == doctest::Approx(0.0).epsilon(1e-15));
    CHECK(std::isnan(at(n, NaN)));
    CHECK(at(n, Inf) == 1.0);
    CHECK(at(n, -Inf) == 0.0);
}

TEST_CASE("logistic, negative steepness (lower is better)") {
    const normaliser n = vitals::logistic{0.0, -2.0};
    CHECK(at(n, 0.0) == doctest::Approx(0.5).epsilon(1e-14));
    CHECK(at(n, 1.0) == doctest::Approx(1.0 / (1.0 + std::exp(2.0))).epsilon(1e-13));
    CHECK(at(n, -1.0) == doctest::Approx(1.0 / (1.0 + std::exp(-2.0))).epsilon(1e-13));
    CHECK(at(n, 1.0) < at(n, -1.0));
    CHECK(std::isnan(at(n, NaN)));
    CHECK(at(n, Inf) == 0.0);
    CHECK(at(n, -Inf) == 1.0);
}

#if defined(__GNUC__)
TEST_CASE("logistic: the exp eight lanes at a time gives the same bits as four, at every length") {
    // the batch scorer's AVX-512 kernel takes eight lanes, every other caller four
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-60.0, 60.0);
    const double inf = std::numeric_limits<double>::infinity();
    const vitals::logistic l{1.5, 0.8};
    for (std::size_t n : {0u, 1u, 3u, 4u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 513u}) {
        std::vector<double> x(n);
        for (std::size_t i = 0; i < n; ++i) x[i] = u(rng);
        const double special[] = {std::nan(""), inf, -inf, 1e308, -1e308, 0.8, -0.0};
        for (std::size_t i = 0; i < n && i < 7; ++i) x[(i * 5) % n] = special[i];
        std::vector<double> four(n, -1.0), eight(n, -2.0);
        l.apply_lanes<vitals::detail::v4d>(x, four);
        l.apply_lanes<vitals::detail::v8d>(x, eight);
        for (std::size_t i = 0; i < n; ++i) {
            CAPTURE(n);
            CAPTURE(x[i]);
            CHECK(std::bit_cast<std::uint64_t>(four[i]) == std::bit_cast<std::uint64_t>(eight[i]));
        }
    }
}
#endif

TEST_CASE("logistic::validate") {
    CHECK(vitals::logistic{3.0, -0.5}.validate().empty());
    const auto zero = vitals::logistic{0.0, 0.0}.validate();
    REQUIRE(zero.size() == 1);
    CHECK(zero[0] == problem{"/steepness", "steepness must be a finite, non-zero number"});
    const auto bad = vitals::logistic{NaN, Inf}.validate();
    REQUIRE(bad.size() == 2);
    CHECK(bad[0] == problem{"/midpoint", "midpoint must be a finite number"});
    CHECK(bad[1] == problem{"/steepness", "steepness must be a finite, non-zero number"});
}

// ---- percentile --------------------------------------------------------------------------------

TEST_CASE("percentile: levels at and between distinct quantiles") {
    // L = 4: levels 0, 0.25, 0.5, 0.75, 1
    const vitals::percentile p{{10.0, 20.0, 30.0, 40.0, 50.0}, vitals::direction::higher_is_better};
    const normaliser n = p;
    CHECK(at(n, 10.0) == 0.0);
    CHECK(at(n, 20.0) == 0.25);
    CHECK(at(n, 30.0) == 0.5);
    CHECK(at(n, 50.0) == 1.0);
    CHECK(at(n, 25.0) == doctest::Approx(0.375).epsilon(1e-15));  // (1 + 0.5) / 4
    CHECK(at(n, 47.5) == doctest::Approx(0.9375).epsilon(1e-15)); // (3 + 0.75) / 4
    CHECK(at(n, 5.0) == 0.0);
    CHECK(at(n, 60.0) == 1.0);
    CHECK(std::isnan(at(n, NaN)));
    CHECK(at(n, -Inf) == 0.0);
    CHECK(at(n, Inf) == 1.0);
    CHECK(p.level(40.0) == 0.75);
}

TEST_CASE("percentile: tied quantiles get the middle of their levels") {
    // q = {0, 10, 10, 10, 20}: 10 spans levels 1/4 .. 3/4
    const normaliser n = vitals::percentile{{0.0, 10.0, 10.0, 10.0, 20.0}, vitals::direction::higher_is_better};
    CHECK(at(n, 10.0) == 0.5);                                    // (1/4 + 3/4) / 2
    CHECK(at(n, 5.0) == doctest::Approx(0.125).epsilon(1e-15));   // halfway from q_0 (0) to q_1 (1/4)
    CHECK(at(n, 15.0) == doctest::Approx(0.875).epsilon(1e-15));  // halfway from q_3 (3/4) to q_4 (1)

    // ties at the minimum: {0, 0, 10}: 0 spans levels 0 .. 1/2 -> 1/4
    const normaliser low = vitals::percentile{{0.0, 0.0, 10.0}, vitals::direction::higher_is_better};
    CHECK(at(low, 0.0) == 0.25);
    CHECK(at(low, -1.0) == 0.0);
    CHECK(at(low, 5.0) == doctest::Approx(0.75).epsilon(1e-15));  // (1 + 0.5) / 2
}

TEST_CASE("percentile, lower is better reports 1 - level") {
    const normaliser n = vitals::percentile{{0.0, 10.0, 10.0, 10.0, 20.0}, vitals::direction::lower_is_better};
    CHECK(at(n, 0.0) == 1.0);
    CHECK(at(n, 20.0) == 0.0);
    CHECK(at(n, 10.0) == 0.5);
    CHECK(at(n, 5.0) == doctest::Approx(0.875).epsilon(1e-15));
    CHECK(at(n, 15.0) == doctest::Approx(0.125).epsilon(1e-15));
    CHECK(std::isnan(at(n, NaN)));
    CHECK(at(n, -Inf) == 1.0);
    CHECK(at(n, Inf) == 0.0);
}

TEST_CASE("percentile::fit") {
    SUBCASE("levels + 1 quantiles by linear interpolation between order statistics") {
        const std::vector<double> ref{5.0, 1.0, 4.0, 2.0, 3.0};
        auto f = vitals::percentile::fit(ref, vitals::direction::higher_is_better, 4);
        REQUIRE(f.has_value());
        CHECK(f.value().quantiles == std::vector<double>{1.0, 2.0, 3.0, 4.0, 5.0});
        CHECK(f.value().dir == vitals::direction::higher_is_better);

        // {1, 2, 3, 4} at levels 0, 1/2, 1: positions 0, 1.5, 3 -> 1, 2.5, 4 (numpy's default)
        const std::vector<double> four{4.0, 3.0, 2.0, 1.0};
        auto g = vitals::percentile::fit(four, vitals::direction::lower_is_better, 2);
        REQUIRE(g.has_value());
        CHECK(g.value().quantiles == std::vector<double>{1.0, 2.5, 4.0});
        CHECK(g.value().dir == vitals::direction::lower_is_better);
    }
    SUBCASE("default 100 levels; NaN and Inf in the reference are ignored") {
        std::vector<double> ref;
        for (int i = 0; i <= 200; ++i) ref.push_back(static_cast<double>(i));  // 0 .. 200
        ref.push_back(NaN);
        ref.push_back(Inf);
        ref.push_back(-Inf);
        auto f = vitals::percentile::fit(ref);
        REQUIRE(f.has_value());
        const auto& q = f.value().quantiles;
        REQUIRE(q.size() == 101);
        CHECK(q.front() == 0.0);
        CHECK(q.back() == 200.0);
        CHECK(q[50] == 100.0);  // position 200 * 50 / 100
        CHECK(q[1] == 2.0);
        const normaliser n = f.value();
        CHECK(at(n, 100.0) == 0.5);
        CHECK(at(n, 150.0) == doctest::Approx(0.75).epsilon(1e-14));
        CHECK(f.value().validate().empty());
    }
    SUBCASE("errors: invalid_argument") {
        const std::vector<double> one{1.0, NaN, Inf};
        auto a = vitals::percentile::fit(one);
        REQUIRE_FALSE(a.has_value());
        CHECK(a.error().code == vitals::errc::invalid_argument);
        CHECK(a.error().message.find("(1 given)") != std::string::npos);

        const std::vector<double> constant{3.0, 3.0, 3.0};
        auto b = vitals::percentile::fit(constant);
        REQUIRE_FALSE(b.has_value());
        CHECK(b.error().code == vitals::errc::invalid_argument);

        const std::vector<double> fine{1.0, 2.0};
        auto c = vitals::percentile::fit(fine, vitals::direction::higher_is_better, 0);
        REQUIRE_FALSE(c.has_value());
        CHECK(c.error().code == vitals::errc::invalid_argument);
        CHECK(c.error().message == "levels: must be at least 1");
    }
}

TEST_CASE("percentile::validate") {
    CHECK(vitals::percentile{{0.0, 0.0, 1.0}, vitals::direction::higher_is_better}.validate().empty());
    SUBCASE("at least two quantiles") {
        const auto p = vitals::percentile{{1.0}, vitals::direction::higher_is_better}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/quantiles", "at least two quantiles are required"});
    }
    SUBCASE("finite, named by index") {
        const auto p = vitals::percentile{{0.0, NaN, 2.0}, vitals::direction::higher_is_better}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/quantiles/1", "quantiles must be finite numbers"});
    }
    SUBCASE("must not decrease") {
        const auto p = vitals::percentile{{0.0, 2.0, 1.0}, vitals::direction::higher_is_better}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/quantiles", "quantiles must not decrease"});
    }
    SUBCASE("not constant") {
        const auto p = vitals::percentile{{4.0, 4.0}, vitals::direction::higher_is_better}.validate();
        REQUIRE(p.size() == 1);
        CHECK(p[0] == problem{"/quantiles", "the reference population must not be constant"});
    }
}

// ---- flag --------------------------------------------------------------------------------------

TEST_CASE("flag, good when true") {
    const normaliser n = vitals::flag{true};
    CHECK(at(n, 1.0) == 1.0);
    CHECK(at(n, 0.0) == 0.0);
    CHECK(at(n, -0.0) == 0.0);
    CHECK(at(n, 2.5) == 1.0);   // any non-zero value is true
    CHECK(at(n, -1.0) == 1.0);
    CHECK(at(n, Inf) == 1.0);
    CHECK(at(n, -Inf) == 1.0);
    CHECK(std::isnan(at(n, NaN)));
}

TEST_CASE("flag, good when false") {
    const normaliser n = vitals::flag{false};
    CHECK(at(n, 1.0) == 0.0);
    CHECK(at(n, 0.0) == 1.0);
    CHECK(at(n, 7.0) == 0.0);
    CHECK(at(n, Inf) == 0.0);
    CHECK(at(n, -Inf) == 0.0);
    CHECK(std::isnan(at(n, NaN)));
}

// ---- the type-erased normaliser ----------------------------------------------------------------

namespace {

/// A user-defined normaliser with nothing but apply(): doubles the value, clamped to 1.
struct doubled {
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) {
            const double y = 2.0 * in[i];
            out[i] = (y > 1.0) ? 1.0 : y;  // NaN stays NaN
        }
    }
};

/// One with a kind, a name, validate() and equality.
struct power_curve {
    double exponent = 2.0;
    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "custom"; }
    [[nodiscard]] std::string name() const { return "power_curve"; }
    [[nodiscard]] std::vector<problem> validate() const {
        if (!(exponent > 0.0)) return {problem{"/exponent", "exponent must be positive"}};
        return {};
    }
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = std::pow(in[i], exponent);
    }
    friend bool operator==(const power_curve&, const power_curve&) = default;
};

}  // namespace

static_assert(vitals::normaliser_model<vitals::linear>);
static_assert(vitals::normaliser_model<vitals::steps>);
static_assert(vitals::normaliser_model<vitals::piecewise>);
static_assert(vitals::normaliser_model<vitals::logistic>);
static_assert(vitals::normaliser_model<vitals::percentile>);
static_assert(vitals::normaliser_model<vitals::flag>);
static_assert(vitals::normaliser_model<doubled>);
static_assert(!vitals::normaliser_model<int>);

TEST_CASE("normaliser: kind, target and equality of built-ins") {
    const normaliser lin = vitals::linear{0.0, 2.0};
    CHECK(lin.kind() == "linear");
    CHECK(normaliser(vitals::steps{{1.0}, {0.0, 1.0}}).kind() == "steps");
    CHECK(normaliser(vitals::piecewise{{0.0, 1.0}, {0.0, 1.0}}).kind() == "piecewise");
    CHECK(normaliser(vitals::logistic{}).kind() == "logistic");
    CHECK(normaliser(vitals::percentile{{0.0, 1.0}, vitals::direction::higher_is_better}).kind() == "percentile");
    CHECK(normaliser(vitals::flag{}).kind() == "flag");
    CHECK(lin.name().empty());

    REQUIRE(lin.target<vitals::linear>() != nullptr);
    CHECK(lin.target<vitals::linear>()->best == 2.0);
    CHECK(lin.target<vitals::steps>() == nullptr);

    CHECK(lin == normaliser(vitals::linear{0.0, 2.0}));        // equal parameters, separate objects
    CHECK_FALSE(lin == normaliser(vitals::linear{0.0, 3.0}));
    CHECK_FALSE(lin == normaliser(vitals::logistic{0.0, 2.0}));  // different types
}

TEST_CASE("normaliser: the empty normaliser") {
    const normaliser empty;
    CHECK_FALSE(static_cast<bool>(empty));
    CHECK(empty.kind() == "empty");
    const auto p = empty.validate();
    REQUIRE(p.size() == 1);
    CHECK(p[0] == problem{"", "normaliser is missing"});
    CHECK(empty == normaliser());
    CHECK_FALSE(empty == normaliser(vitals::flag{}));
}

TEST_CASE("normaliser: chunked apply equals one value at a time, out shorter than in") {
    const normaliser n = vitals::piecewise{{-1.0, 0.0, 3.0}, {0.0, 0.5, 1.0}};
    const std::vector<double> in{-2.0, -1.0, -0.5, 0.0, 1.5, 3.0, 4.0, NaN, Inf, -Inf};
    std::vector<double> out(in.size(), -7.0);
    n.apply(in, out);
    for (std::size_t i = 0; i < in.size(); ++i) {
        CAPTURE(i);
        const double one = n(in[i]);
        if (std::isnan(one))
            CHECK(std::isnan(out[i]));
        else
            CHECK(out[i] == one);
    }
    // an `out` shorter than `in` maps only out.size() values and writes nothing past them
    std::vector<double> buffer(in.size(), -7.0);
    n.apply(in, std::span<double>(buffer).first(3));
    CHECK(buffer[0] == 0.0);
    CHECK(buffer[1] == 0.0);
    CHECK(buffer[2] == 0.25);
    for (std::size_t i = 3; i < buffer.size(); ++i) {
        CAPTURE(i);
        CHECK(buffer[i] == -7.0);
    }
}

TEST_CASE("normaliser: a user-defined type with apply() only") {
    const normaliser n = doubled{};
    CHECK(static_cast<bool>(n));
    CHECK(n.kind() == "custom");
    CHECK(n.name().empty());
    CHECK(n.validate().empty());
    CHECK(n(0.25) == 0.5);
    CHECK(n(0.75) == 1.0);
    CHECK(std::isnan(n(NaN)));
    REQUIRE(n.target<doubled>() != nullptr);
    // no operator==: copies share one object and are equal; separately made ones are not
    const normaliser copy = n;
    CHECK(copy == n);
    CHECK_FALSE(n == normaliser(doubled{}));
}

TEST_CASE("normaliser: a user-defined type with kind, name, validate and ==") {
    const normaliser n = power_curve{3.0};
    CHECK(n.kind() == "custom");
    CHECK(n.name() == "power_curve");
    CHECK(n.validate().empty());
    CHECK(n(0.5) == doctest::Approx(0.125).epsilon(1e-15));
    CHECK(n == normaliser(power_curve{3.0}));
    CHECK_FALSE(n == normaliser(power_curve{2.0}));

    const auto p = normaliser(power_curve{-1.0}).validate();
    REQUIRE(p.size() == 1);
    CHECK(p[0] == problem{"/exponent", "exponent must be positive"});
}

// Random scorecards and account books for property tests (tests only).
#pragma once

#include "vitals/vitals.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace vitals_test {

/// A user-defined normaliser: the batch path must call it through the same interface.
struct cube_root_ramp {
    double lo = -1.0, hi = 1.0;
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) {
            const double t = (in[i] - lo) / (hi - lo);
            out[i] = in[i] != in[i] ? in[i] : std::cbrt(std::clamp(t, 0.0, 1.0));
        }
    }
    std::string name() const { return "cube_root_ramp"; }
};

/// A random expression (vitals/expression.hpp) over `names`, nesting at most `depth` deep: every
/// operator and function, constants (0 among them, for division by zero).
inline std::string random_expression(std::mt19937_64& rng, const std::vector<std::string>& names, int depth) {
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    if (depth <= 0 || pick(4) == 0) {
        if (pick(5) == 0) {
            static const char* constants[] = {"0", "1", "2.5", "1e-1", "100"};
            return constants[pick(5)];
        }
        return names[pick(names.size())];
    }
    const auto sub = [&] { return random_expression(rng, names, depth - 1); };
    switch (pick(9)) {
    case 0: return sub() + " + " + sub();
    case 1: return sub() + " - " + sub();
    case 2: return sub() + " * " + sub();
    case 3: return sub() + " / " + sub();
    case 4: return "(" + sub() + " - " + sub() + ") * " + sub();
    case 5: return "-" + sub();
    case 6: return "min(" + sub() + ", " + sub() + (pick(2) ? ", " + sub() : std::string()) + ")";
    case 7: return "max(" + sub() + ", " + sub() + ")";
    default: return "abs(" + sub() + ")";
    }
}

/// A random but valid scorecard over columns c0..c{columns-1}: every normaliser kind, nested
/// groups (mean and weakest link), ratio measures, zero weights, random bands and min coverage.
/// With `derived` > 0, it declares derived columns d0..d{derived-1} (random expressions over the
/// columns and the earlier derived ones), and measures read them as well as the columns.
inline vitals::scorecard random_scorecard(std::mt19937_64& rng, std::size_t columns, std::size_t derived = 0) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    vitals::scorecard_spec spec;
    spec.name = "random";
    std::vector<std::string> names;
    for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
    for (std::size_t d = 0; d < derived; ++d) {
        spec.derived.push_back({"d" + std::to_string(d), random_expression(rng, names, 3), ""});
        names.push_back("d" + std::to_string(d));
    }
    const auto column = [&](std::size_t c) {  // without derived columns: c{c}, as it always was
        return derived == 0 ? "c" + std::to_string(c) : names[pick(names.size())];
    };
    const std::size_t G = pick(5);
    for (std::size_t g = 0; g < G; ++g) {
        vitals::group gr;
        gr.name = "g" + std::to_string(g);
        gr.weight = 0.5 + 4.0 * u(rng);
        if (g > 0 && u(rng) < 0.5) gr.parent = "g" + std::to_string(pick(g));
        gr.aggregation = u(rng) < 0.3 ? vitals::aggregation::weakest_link : vitals::aggregation::mean;
        spec.groups.push_back(gr);
    }
    const std::size_t M = std::max<std::size_t>(G, 1) + pick(10);
    for (std::size_t m = 0; m < M; ++m) {
        vitals::measure me;
        me.name = "m" + std::to_string(m);
        const std::size_t c = pick(columns);
        if (columns > 1 && u(rng) < 0.25) {
            std::size_t d = pick(columns);
            if (d == c) d = (c + 1) % columns;
            me.input = vitals::input::ratio(column(c), column(d));
            if (me.input.column == me.input.denominator) me.input = column(c);
        } else {
            me.input = column(c);
        }
        // the first G measures seat one per group, so no group is empty
        if (m < G) me.group = "g" + std::to_string(m);
        else if (G > 0 && u(rng) < 0.7) me.group = "g" + std::to_string(pick(G));
        me.weight = u(rng) < 0.1 ? 0.0 : 0.1 + 3.0 * u(rng);
        const double a = -1.5 + 3.0 * u(rng), w = 0.2 + 2.0 * u(rng);
        switch (pick(8)) {
        case 0: me.normaliser = vitals::linear{a, a + w}; break;
        case 1: me.normaliser = vitals::linear{a + w, a}; break;
        case 2: me.normaliser = vitals::steps{{a, a + w, a + 2 * w}, {u(rng), u(rng), u(rng), u(rng)}}; break;
        case 3: me.normaliser = vitals::piecewise{{a, a + w, a + 1.5 * w}, {u(rng), u(rng), u(rng)}}; break;
        case 4: me.normaliser = vitals::logistic{a, (u(rng) < 0.5 ? -1.0 : 1.0) * (0.5 + 5.0 * u(rng))}; break;
        case 5: {
            std::vector<double> ref(200);
            for (double& x : ref) x = std::round((-2.0 + 4.0 * u(rng)) * 4.0) / 4.0;  // ties on purpose
            me.normaliser = vitals::percentile::fit(ref, u(rng) < 0.5 ? vitals::direction::higher_is_better
                                                                      : vitals::direction::lower_is_better,
                                                    1 + pick(40))
                                .value();
            break;
        }
        case 6: me.normaliser = vitals::flag{u(rng) < 0.5}; break;
        default: me.normaliser = cube_root_ramp{a, a + w}; break;
        }
        spec.measures.push_back(std::move(me));
    }
    // no group (or the top level) may have only zero weights: give every first member weight 1
    for (std::size_t m = 0; m < M; ++m) spec.measures[m].weight = std::max(spec.measures[m].weight, m < G + 1 ? 1.0 : 0.0);
    spec.min_coverage = u(rng) < 0.3 ? 0.0 : 0.8 * u(rng);
    const double c1 = 10.0 + 40.0 * u(rng);
    spec.bands = {{c1, c1 + 5.0 + 40.0 * u(rng)}, {"low", "mid", "high"}};
    auto card = vitals::scorecard::build(std::move(spec));
    if (!card) throw std::runtime_error(card.error().message);
    return card.value();
}

/// N x columns values in [-2.5, 2.5] (some exact zeros for flags), column-major, with `missing`
/// probability of NaN per cell; also +-Inf now and then.
inline std::vector<double> random_book(std::mt19937_64& rng, std::size_t rows, std::size_t columns, double missing) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> v(rows * columns);
    for (double& x : v) {
        const double r = u(rng);
        if (r < missing) x = std::numeric_limits<double>::quiet_NaN();
        else if (r < missing + 0.02) x = 0.0;
        else if (r < missing + 0.025) x = u(rng) < 0.5 ? -INFINITY : INFINITY;
        else x = -2.5 + 5.0 * u(rng);
    }
    return v;
}

/// Every output of one batch run, allocated for `rows` accounts, `measures` and `k` drivers.
struct outputs {
    std::vector<double> score, coverage, contributions, points_lost;
    std::vector<std::int32_t> band, status, drivers;
    outputs(std::size_t rows, std::size_t measures, std::size_t k)
        : score(rows), coverage(rows), contributions(rows * measures), points_lost(rows * measures),
          band(rows), status(rows), drivers(rows * k) {}
    vitals::batch_output view() {
        return {score, band, coverage, status, contributions, points_lost, drivers};
    }
};

/// The same bit pattern (a NaN equals a NaN of the same pattern).
inline bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace vitals_test

// Vitals — the percentile normaliser: where a value stands in a fitted reference population.
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/error.hpp"
#include "vitals/normalise/direction.hpp"
#include "vitals/normalise/normaliser.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// The share of a reference population at or below a value, from stored quantiles
/// q_0 <= q_1 <= ... <= q_L at probability levels 0, 1/L, ..., 1 (q_0 the minimum, q_L the
/// maximum). Between two distinct quantiles the level is interpolated linearly; a value equal to
/// one or more (tied) quantiles gets the middle of their levels; below q_0 -> 0, above q_L -> 1.
/// `lower_is_better` reports 1 - level. NaN -> NaN; -Inf and +Inf lie below and above everything.
///
/// The quantiles come from `percentile::fit(reference column)`; a scorecard file stores them, so
/// a scorecard scores the same way wherever it is loaded.
struct percentile {
    std::vector<double> quantiles;
    direction dir = direction::higher_is_better;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "percentile"; }

    /// Fit `levels + 1` quantiles (linear interpolation between order statistics, as numpy's
    /// default) from the finite values of `reference`. Fails with invalid_argument when fewer
    /// than two finite values are given, all are equal, or `levels` is 0.
    [[nodiscard]] static result<percentile> fit(std::span<const double> reference,
                                                direction d = direction::higher_is_better,
                                                std::size_t levels = 100) {
        if (levels == 0) return fail(errc::invalid_argument, "levels: must be at least 1");
        std::vector<double> v;
        v.reserve(reference.size());
        for (double x : reference)
            if (std::isfinite(x)) v.push_back(x);
        if (v.size() < 2)
            return fail(errc::invalid_argument,
                        "reference: at least two finite values are needed to fit a percentile "
                        "normaliser (" + std::to_string(v.size()) + " given)");
        std::sort(v.begin(), v.end());
        if (v.front() == v.back())
            return fail(errc::invalid_argument,
                        "reference: all finite values are equal; a constant population ranks nothing");
        percentile p;
        p.dir = d;
        p.quantiles.resize(levels + 1);
        const double last = static_cast<double>(v.size() - 1);
        for (std::size_t j = 0; j <= levels; ++j) {
            const double h = last * static_cast<double>(j) / static_cast<double>(levels);
            const auto lo = static_cast<std::size_t>(std::floor(h));
            const std::size_t hi = std::min(lo + 1, v.size() - 1);
            p.quantiles[j] = v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
        }
        p.quantiles.front() = v.front();
        p.quantiles.back() = v.back();
        return p;
    }

    /// The level of one value (before applying the direction).
    [[nodiscard]] double level(double x) const noexcept {
        const auto& q = quantiles;
        if (x != x) return x;
        const double L = static_cast<double>(q.size() - 1);
        if (x < q.front()) return 0.0;
        if (x > q.back()) return 1.0;
        const auto lo = static_cast<std::size_t>(std::lower_bound(q.begin(), q.end(), x) - q.begin());
        const auto hi = static_cast<std::size_t>(std::upper_bound(q.begin(), q.end(), x) - q.begin());
        if (lo < hi)  // x equals q[lo .. hi-1]
            return 0.5 * static_cast<double>(lo + hi - 1) / L;
        // q[lo-1] < x < q[lo]
        const double t = (x - q[lo - 1]) / (q[lo] - q[lo - 1]);
        return (static_cast<double>(lo - 1) + t) / L;
    }

    void apply(std::span<const double> in, std::span<double> out) const noexcept {
        const bool flip = dir == direction::lower_is_better;
        for (std::size_t i = 0; i < in.size(); ++i) {
            const double l = level(in[i]);
            out[i] = flip ? 1.0 - l : l;
        }
    }

    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (quantiles.size() < 2) p.push_back({"/quantiles", "at least two quantiles are required"});
        for (std::size_t j = 0; j < quantiles.size(); ++j)
            if (!detail::finite(quantiles[j]))
                p.push_back({"/quantiles/" + std::to_string(j), "quantiles must be finite numbers"});
        for (std::size_t j = 1; j < quantiles.size(); ++j)
            if (quantiles[j] < quantiles[j - 1]) {
                p.push_back({"/quantiles", "quantiles must not decrease"});
                break;
            }
        if (quantiles.size() >= 2 && quantiles.front() == quantiles.back() &&
            detail::finite(quantiles.front()))
            p.push_back({"/quantiles", "the reference population must not be constant"});
        return p;
    }

    friend bool operator==(const percentile&, const percentile&) = default;
};

}  // namespace v1
}  // namespace vitals

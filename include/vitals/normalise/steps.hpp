// Vitals — the steps normaliser: ranges with one sub-score each (thresholds).
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/normalise/normaliser.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Ranges with a fixed sub-score each. With cutoffs c_0 < c_1 < ... < c_{k-1} and scores
/// s_0 .. s_k: x < c_0 -> s_0; c_{i-1} <= x < c_i -> s_i; x >= c_{k-1} -> s_k.
/// Example: cutoffs {0.2, 0.6}, scores {0, 0.5, 1}: below 20 % -> 0, 20-60 % -> 0.5, >= 60 % -> 1.
/// A value exactly at a cutoff belongs to the range above it. NaN -> NaN; -Inf -> s_0; +Inf -> s_k.
struct steps {
    std::vector<double> cutoffs;
    std::vector<double> scores;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "steps"; }

    void apply(std::span<const double> in, std::span<double> out) const noexcept {
        const std::size_t n = in.size();
        const std::size_t k = cutoffs.size();
        const double* c = cutoffs.data();
        const double* s = scores.data();
        const double* x = in.data();
        double* y = out.data();
        // Branch-free selects, one pass per cutoff so the inner loop vectorises: cutoffs
        // increase, so the last cutoff a value reached picks its score.
        // Comparisons go through detail::order_key: integer compares vectorise where GCC will not
        // if-convert floating-point ones (-ftrapping-math).
        for (std::size_t i = 0; i < n; ++i) y[i] = s[0];
        for (std::size_t j = 0; j < k; ++j) {
            const std::int64_t cj = detail::order_key(c[j] == 0.0 ? -0.0 : c[j]);  // -0.0 >= 0.0 too
            const double sj = s[j + 1];
            for (std::size_t i = 0; i < n; ++i) y[i] = detail::order_key(x[i]) >= cj ? sj : y[i];
        }
        for (std::size_t i = 0; i < n; ++i) y[i] = detail::select_bits(detail::present_mask(x[i]), y[i], x[i]);
    }

    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (cutoffs.empty()) p.push_back({"/cutoffs", "at least one cutoff is required"});
        for (std::size_t j = 0; j < cutoffs.size(); ++j) {
            if (!detail::finite(cutoffs[j]))
                p.push_back({"/cutoffs/" + std::to_string(j), "cutoffs must be finite numbers"});
            else if (j > 0 && !(cutoffs[j] > cutoffs[j - 1]))
                p.push_back({"/cutoffs/" + std::to_string(j), "cutoffs must be strictly increasing"});
        }
        if (scores.size() != cutoffs.size() + 1)
            p.push_back({"/scores", "there must be one more score than cutoffs (" +
                                        std::to_string(cutoffs.size() + 1) + " expected, " +
                                        std::to_string(scores.size()) + " given)"});
        for (std::size_t j = 0; j < scores.size(); ++j)
            if (!(scores[j] >= 0.0 && scores[j] <= 1.0))
                p.push_back({"/scores/" + std::to_string(j), "scores must lie in [0, 1]"});
        return p;
    }

    friend bool operator==(const steps&, const steps&) = default;
};

}  // namespace v1
}  // namespace vitals

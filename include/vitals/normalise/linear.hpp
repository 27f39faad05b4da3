// Vitals — the linear normaliser: a straight line from a worst value (0) to a best value (1).
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/normalise/normaliser.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Sub-score (x - worst) / (best - worst), clamped to [0, 1].
/// `worst < best` makes higher values healthier; `worst > best` makes lower values healthier.
/// NaN -> NaN. +Inf and -Inf lie beyond either end and clamp to that end's sub-score
/// (with worst < best: +Inf -> 1, -Inf -> 0).
struct linear {
    double worst = 0.0;
    double best = 1.0;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "linear"; }

    void apply(std::span<const double> in, std::span<double> out) const noexcept {
        // Divide, not multiply by 1 / (best - worst): x * (1 / x) is not always 1 (e.g. 49), and a
        // value at `best` must score exactly 1 (else it loses ~1e-14 points and shows as a driver).
        const double range = best - worst;
        const double w = worst;
        const std::size_t n = in.size();
        const double* x = in.data();
        double* y = out.data();
        for (std::size_t i = 0; i < n; ++i)
            y[i] = detail::clamp_keep_nan((x[i] - w) / range, 0.0, 1.0);
    }

    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (!detail::finite(worst)) p.push_back({"/worst", "worst must be a finite number"});
        if (!detail::finite(best)) p.push_back({"/best", "best must be a finite number"});
        if (p.empty() && worst == best) p.push_back({"/best", "best must differ from worst"});
        return p;
    }

    friend bool operator==(const linear&, const linear&) = default;
};

}  // namespace v1
}  // namespace vitals

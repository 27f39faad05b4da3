// Vitals — the piecewise-linear normaliser: straight lines through knots.
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

/// Straight lines through the points (knots[i], scores[i]); flat beyond the first and last knot.
/// Knots strictly increase; scores lie in [0, 1] and may go up, down or both.
/// NaN -> NaN; -Inf -> scores.front(); +Inf -> scores.back().
struct piecewise {
    std::vector<double> knots;
    std::vector<double> scores;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "piecewise"; }

    void apply(std::span<const double> in, std::span<double> out) const noexcept {
        const std::size_t n = in.size();
        const std::size_t k = knots.size();
        const double* kx = knots.data();
        const double* ky = scores.data();
        const double* x = in.data();
        double* y = out.data();
        // Branch-free selects, one pass per segment so the inner loop vectorises: every segment a
        // value reached overrides the one before, so it lands on its own segment; at a knot the
        // result is exactly that knot's score.
        // Comparisons go through detail::order_key (integer compares vectorise; see steps.hpp).
        for (std::size_t i = 0; i < n; ++i) y[i] = ky[0];
        for (std::size_t j = 0; j + 1 < k; ++j) {
            const double x0 = kx[j], y0 = ky[j], slope_scale = 1.0 / (kx[j + 1] - kx[j]), dy = ky[j + 1] - ky[j];
            const std::int64_t k0 = detail::order_key(x0 == 0.0 ? -0.0 : x0);
            for (std::size_t i = 0; i < n; ++i) {
                const double on_segment = y0 + ((x[i] - x0) * slope_scale) * dy;
                const std::uint64_t reached = detail::order_key(x[i]) >= k0 ? ~0ull : 0ull;
                y[i] = detail::select_bits(reached, on_segment, y[i]);
            }
        }
        const std::int64_t kl = detail::order_key(kx[k - 1] == 0.0 ? -0.0 : kx[k - 1]);
        const double yl = ky[k - 1];
        for (std::size_t i = 0; i < n; ++i) {
            const double v = detail::order_key(x[i]) >= kl ? yl : y[i];
            y[i] = detail::select_bits(detail::present_mask(x[i]), v, x[i]);  // NaN stays NaN
        }
    }

    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (knots.size() < 2) p.push_back({"/knots", "at least two knots are required"});
        for (std::size_t j = 0; j < knots.size(); ++j) {
            if (!detail::finite(knots[j]))
                p.push_back({"/knots/" + std::to_string(j), "knots must be finite numbers"});
        }
        for (std::size_t j = 1; j < knots.size(); ++j)
            if (!(knots[j] > knots[j - 1])) {
                p.push_back({"/knots", "knots must be strictly increasing"});
                break;
            }
        if (scores.size() != knots.size())
            p.push_back({"/scores", "there must be one score per knot (" +
                                        std::to_string(knots.size()) + " expected, " +
                                        std::to_string(scores.size()) + " given)"});
        for (std::size_t j = 0; j < scores.size(); ++j)
            if (!(scores[j] >= 0.0 && scores[j] <= 1.0))
                p.push_back({"/scores/" + std::to_string(j), "scores must lie in [0, 1]"});
        return p;
    }

    friend bool operator==(const piecewise&, const piecewise&) = default;
};

}  // namespace v1
}  // namespace vitals

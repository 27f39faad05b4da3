// Vitals — the piecewise-linear normaliser: straight lines through knots.
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/normalise/normaliser.hpp"

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
        // Branch-free selects: every segment the value reached overrides the one before, so the
        // value lands on its own segment; at a knot the result is exactly that knot's score.
        for (std::size_t i = 0; i < n; ++i) {
            const double xi = x[i];
            double v = ky[0];
            for (std::size_t j = 0; j + 1 < k; ++j) {
                const double t = (xi - kx[j]) / (kx[j + 1] - kx[j]);
                v = (xi >= kx[j]) ? ky[j] + t * (ky[j + 1] - ky[j]) : v;
            }
            v = (xi >= kx[k - 1]) ? ky[k - 1] : v;
            y[i] = (xi == xi) ? v : xi;  // NaN (missing) stays NaN
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

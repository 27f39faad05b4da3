// Vitals — a scorecard's calibration: the churn probability of a 0-100 health score.
//
// P(churn | score) = 1 / (1 + exp(-(intercept + slope x score))). `vitals fit` (model/) fits it on
// the accounts a card was fitted on and stores it in the card ("calibration" in the scorecard
// file); the session then gives every account scored by a calibrated card its churn probability.
// Scores of different cards are not comparable (each card has its own weights and bands); their
// calibrated probabilities are, which is how a scorecard set ranks accounts across segments.
#pragma once

#include <cmath>

namespace vitals {
inline namespace v1 {

struct churn_probability {
    double intercept = 0.0;
    double slope = 0.0;  ///< per score point; negative when a higher score means less churn

    /// The probability of `score`; NaN for a NaN score.
    [[nodiscard]] double operator()(double score) const noexcept {
        return 1.0 / (1.0 + std::exp(-(intercept + slope * score)));
    }
    friend bool operator==(const churn_probability&, const churn_probability&) = default;
};

}  // namespace v1
}  // namespace vitals

// Vitals — alert rules: declared in vitals/card_signals.hpp (alert_rule, its kinds, severities and
// comparisons); this header adds the comparison test the evaluation uses. Evaluation: alert.hpp.
#pragma once

#include "vitals/card_signals.hpp"

namespace vitals {
inline namespace v1 {

/// Whether `value` meets `when threshold`; false for NaN.
[[nodiscard]] constexpr bool crosses(double value, alert_when when, double threshold) noexcept {
    switch (when) {
    case alert_when::below: return value < threshold;
    case alert_when::above: return value > threshold;
    case alert_when::at_most: return value <= threshold;
    case alert_when::at_least: return value >= threshold;
    }
    return false;
}

}  // namespace v1
}  // namespace vitals

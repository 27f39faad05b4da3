// Vitals — small numeric helpers shared by the normalisers (internal, not API).
#pragma once

#include <cmath>
#include <limits>

namespace vitals {
inline namespace v1 {
namespace detail {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Clamp to [lo, hi], propagating NaN (a NaN x stays NaN). Branch-free: compiles to min/max.
[[nodiscard]] constexpr double clamp_keep_nan(double x, double lo, double hi) noexcept {
    // (lo < x ? x : lo) keeps x when x is NaN; likewise the outer select.
    const double a = (x < lo) ? lo : x;
    return (a > hi) ? hi : a;
}

/// True for finite, non-NaN values.
[[nodiscard]] inline bool finite(double x) noexcept { return std::isfinite(x); }

}  // namespace detail
}  // namespace v1
}  // namespace vitals

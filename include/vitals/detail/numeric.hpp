// Vitals — small numeric helpers shared by the normalisers (internal, not API).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
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

/// All ones when x is not NaN, else zero. Integer operations only: GCC will not vectorise selects on
/// floating-point comparisons under its default -ftrapping-math, but it vectorises these (AVX2).
[[nodiscard]] inline std::uint64_t present_mask(double x) noexcept {
    const std::uint64_t b = std::bit_cast<std::uint64_t>(x) & 0x7FFFFFFFFFFFFFFFull;
    return b <= 0x7FF0000000000000ull ? ~0ull : 0ull;
}

/// x where the mask is all ones, +0.0 where it is zero.
[[nodiscard]] inline double keep(double x, std::uint64_t mask) noexcept {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & mask);
}

/// An integer that orders like the double (for non-NaN values; -0.0 sorts just below +0.0), so
/// comparisons can be made with vectorisable integer compares.
[[nodiscard]] inline std::int64_t order_key(double x) noexcept {
    const auto b = std::bit_cast<std::int64_t>(x);
    return b ^ ((b >> 63) & 0x7FFFFFFFFFFFFFFFll);
}

/// x where `mask` is all ones, else `other` (bitwise select).
[[nodiscard]] inline double select_bits(std::uint64_t mask, double x, double other) noexcept {
    return std::bit_cast<double>((std::bit_cast<std::uint64_t>(x) & mask) | (std::bit_cast<std::uint64_t>(other) & ~mask));
}

/// True for finite, non-NaN values.
[[nodiscard]] inline bool finite(double x) noexcept { return std::isfinite(x); }

}  // namespace detail
}  // namespace v1
}  // namespace vitals

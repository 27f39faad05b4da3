// Vitals — a branch-free exp for the logistic normaliser (internal, not API).
//
// exp(x) = 2^k * e^r with k = round(x / ln 2) and |r| <= ln(2) / 2, e^r from its Taylor series
// to degree 12 (truncation error < 3e-16 relative), 2^k built from its bits with 64-bit integer
// adds and shifts only (AVX2 has them). No table, no branch, no call: the loop that uses it
// vectorises. Relative error against std::exp stays below 1e-14 on [-708, 709.78]; beyond, it
// returns +Inf above 709.78 and 0 below -708 (std::exp gives at most 3e-308 there, which no
// sub-score can tell apart from 0). NaN -> NaN.
//
// One algorithm, two lane types: `double`, and with GCC/Clang vector extensions four doubles at
// once (`v4d`), because GCC's auto-vectoriser will not if-convert these selects under its default
// -ftrapping-math. Both take their argument by reference: 32-byte vectors passed by value would
// change the ABI between translation units built with and without AVX.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace vitals {
inline namespace v1 {
namespace detail {

#if defined(__GNUC__)
using v4d = double __attribute__((vector_size(32)));
using v4i = std::int64_t __attribute__((vector_size(32)));
using v8d = double __attribute__((vector_size(64)));  // one AVX-512 register; two or four elsewhere
using v8i = std::int64_t __attribute__((vector_size(64)));
#endif

/// exp of every lane of `v`, in place. V is double or (GCC/Clang) v4d or v8d.
template <class V>
inline void fast_exp_inplace(V& v) noexcept {
    constexpr double log2e = 1.4426950408889634;
    constexpr double ln2_hi = 6.93147180369123816490e-01;  // ln 2 split so k * ln2_hi is exact
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    constexpr double round_magic = 6755399441055744.0;      // 1.5 * 2^52: adding it rounds to an integer
    constexpr double hi = 709.782712893384;                 // log(DBL_MAX)
    constexpr double lo = -708.0;                           // keeps 2^(k-1) a normal number
    constexpr double inf = std::numeric_limits<double>::infinity();
    const V x = v;
    const V zero{};  // 0.0 in every lane
    const V vlo = zero + lo, vhi = zero + hi;
    // one simple select per line: GCC if-converts these into vector blends
    V xc = x < vlo ? vlo : x;
    xc = xc > vhi ? vhi : xc;
    xc = xc == xc ? xc : zero;
    const V t = xc * log2e + round_magic;
    const V k = t - round_magic;
    const V r = (xc - k * ln2_hi) - k * ln2_lo;
    // Horner, degree 12: 1 + r + r^2/2! + ... + r^12/12!
    V p = r * (1.0 / 479001600.0) + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // t = magic + k exactly, so the difference of their bit patterns is k (two's complement);
    // 2^k = 2^(k-1) * 2 from bits, k in [-1021, 1024], so k - 1 + 1023 is a normal exponent
    V scale;
    if constexpr (std::is_same_v<V, double>) {
        const auto ki = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(t) - std::bit_cast<std::uint64_t>(round_magic));
        scale = std::bit_cast<double>(static_cast<std::uint64_t>(ki + 1022) << 52);
    } else {
#if defined(__GNUC__)
        using VI = std::conditional_t<sizeof(V) == sizeof(v8d), v8i, v4i>;  // the same lanes, as integers
        const VI ki = (VI)t - std::bit_cast<std::int64_t>(round_magic);
        scale = (V)((ki + 1022) << 52);
#endif
    }
    V y = (p * scale) * 2.0;
    y = x > vhi ? zero + inf : y;
    y = x < vlo ? zero : y;
    v = x == x ? y : x;
}

/// exp of one value (see fast_exp_inplace).
[[nodiscard]] inline double fast_exp(double x) noexcept {
    fast_exp_inplace(x);
    return x;
}

}  // namespace detail
}  // namespace v1
}  // namespace vitals

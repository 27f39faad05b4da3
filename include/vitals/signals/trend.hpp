// Vitals — trend measures over a metric's recent history.
//
// A metric's history is a frame_view: rows = accounts, columns = periods, oldest first, NaN =
// missing. A trend measure looks at the last `window` periods of each account and returns one
// number per account (NaN when it cannot be told):
//
//   slope           least-squares slope of the present values against their period position,
//                   divided by the absolute mean of those values: the change per period as a
//                   fraction of the account's usual level (0.05 = grows by 5 % of its mean each
//                   period; -0.1 = loses 10 % of its mean each period). Positions are the periods'
//                   places in the window, so a missing period leaves a gap, it does not close up.
//                   NaN with fewer than 2 present values. A flat line (all present values equal)
//                   is 0 whatever its level, including 0; otherwise a zero mean gives NaN (a change
//                   relative to nothing is undefined).
//   percent_change  (last - first) / |first| x 100, where first and last are the oldest and the
//                   newest present values in the window (so a missing newest period falls back to
//                   the newest one present). NaN with fewer than 2 present values; first = 0 gives
//                   0 when last = 0 too, else NaN.
//   declines        the number of consecutive strict declines ending at the newest present value,
//                   comparing each present value with the previous present one (missing periods
//                   are skipped, an equal value ends the run). At most (present values - 1), so at
//                   most window - 1. NaN with fewer than 2 present values.
//
// A history shorter than the window (T < window periods) is read as if the missing older periods
// were NaN: the results are those of a T-period window. All-NaN histories give NaN.
//
// Two paths give the same answers: `trend_value` (one account, clear rather than fast; the
// reference) and `trend_batch` (all accounts, column-wise in blocks, loops the compiler
// vectorises). Tests compare them on random histories with missing values.
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/card_signals.hpp"  // trend_kind, trend_input

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vitals {
inline namespace v1 {

// ---- one account: the reference --------------------------------------------------------------

/// The trend measure of one account's history (`periods`, oldest first, NaN = missing) over its
/// last `window` periods. Precondition: window >= 2 (trend_batch checks it; this does not).
[[nodiscard]] inline double trend_value(trend_kind kind, std::span<const double> periods, std::int64_t window) {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t w = std::min(periods.size(), static_cast<std::size_t>(std::max<std::int64_t>(window, 0)));
    const std::span<const double> last = periods.subspan(periods.size() - w);
    std::vector<double> x, y;  // present points: position in the window, value
    for (std::size_t j = 0; j < last.size(); ++j)
        if (!std::isnan(last[j])) {
            x.push_back(static_cast<double>(j));
            y.push_back(last[j]);
        }
    if (y.size() < 2) return qnan;
    switch (kind) {
    case trend_kind::slope: {
        if (std::all_of(y.begin(), y.end(), [&](double v) { return v == y.front(); })) return 0.0;
        double mx = 0.0, my = 0.0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            mx += x[i];
            my += y[i];
        }
        mx /= static_cast<double>(y.size());
        my /= static_cast<double>(y.size());
        double sxy = 0.0, sxx = 0.0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (my == 0.0) return qnan;
        return (sxy / sxx) / std::fabs(my);
    }
    case trend_kind::percent_change: {
        const double first = y.front(), newest = y.back();
        if (first == 0.0) return newest == 0.0 ? 0.0 : qnan;
        return (newest - first) / std::fabs(first) * 100.0;
    }
    case trend_kind::declines: {
        double run = 0.0;
        for (std::size_t i = 1; i < y.size(); ++i) run = (y[i] < y[i - 1]) ? run + 1.0 : 0.0;
        return run;
    }
    }
    return qnan;
}

// ---- all accounts: the batch path -------------------------------------------------------------

namespace detail {

inline constexpr std::size_t trend_block = 256;

/// Accounts [r0, r0 + b) over window columns [c0, c0 + w) of `h`. `Stride` is the row stride when
/// known at compile time (1: accounts contiguous), else 0; `W` the window when known at compile
/// time, else 0. The loop over accounts carries no state from one account to the next; with both
/// known, the loop over the window unrolls and GCC vectorises the loop over accounts (AVX2: 4
/// accounts at a time) with each account's sums in registers. That needs the body free of
/// branches and of int64 -> double conversions (not in AVX2): selects go
/// through integer masks (detail/numeric.hpp; GCC does not vectorise selects on floating-point
/// compares under its default -ftrapping-math), counts and positions are doubles, and values are
/// compared through their bits after adding +0.0 (which turns -0.0 into +0.0, so equal values have
/// equal bits) or through order keys.
template <class T, std::int64_t Stride, std::int64_t W>
void trend_block_kernel(trend_kind kind, const frame_view<T>& h, std::int64_t r0, std::size_t b, std::int64_t c0,
                        std::int64_t window, double* out) {
    const std::int64_t w = W != 0 ? W : window;
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    const std::int64_t rs = Stride != 0 ? Stride : h.row_stride;
    const std::int64_t cs = h.col_stride;
    const T* first_col = h.data + r0 * h.row_stride + c0 * cs;
    const auto mask_if = [](bool t) { return t ? ~std::uint64_t{0} : std::uint64_t{0}; };
    // n < 2 present values, on the count's bits (counts are small non-negative whole doubles)
    const auto fewer_than_2 = [&](double n) { return mask_if(std::bit_cast<std::int64_t>(n) < std::bit_cast<std::int64_t>(2.0)); };
    switch (kind) {
    case trend_kind::slope:
        for (std::size_t i = 0; i < b; ++i) {
            // n, sum x, sum xx, sum y, sum xy over present points; the first present value and
            // whether any other differs from it (a flat line has slope 0 whatever its level)
            double n = 0.0, sx = 0.0, sxx = 0.0, sy = 0.0, sxy = 0.0, f = 0.0, x = 0.0;
            std::uint64_t differs = 0;
            const T* p = first_col + static_cast<std::int64_t>(i) * rs;
            for (std::int64_t j = 0; j < w; ++j, x += 1.0, p += cs) {
                const double y = static_cast<double>(*p) + 0.0;
                const std::uint64_t pm = present_mask(y);
                const double yp = keep(y, pm);
                f = select_bits(pm & mask_if(std::bit_cast<std::uint64_t>(n) == 0), y, f);
                differs |= pm & (std::bit_cast<std::uint64_t>(y) ^ std::bit_cast<std::uint64_t>(f));
                n += keep(1.0, pm);
                sx += keep(x, pm);
                sxx += keep(x * x, pm);
                sy += yp;
                sxy += x * yp;
            }
            const double mx = sx / n, my = sy / n;
            const double rel = ((sxy - sx * my) / (sxx - sx * mx)) / std::fabs(my);
            const std::uint64_t zero_mean = mask_if((std::bit_cast<std::uint64_t>(my) << 1) == 0);  // +-0
            const double r = select_bits(mask_if(differs == 0), 0.0, select_bits(zero_mean, qnan, rel));
            out[i] = select_bits(fewer_than_2(n), qnan, r);
        }
        return;
    case trend_kind::percent_change:
        for (std::size_t i = 0; i < b; ++i) {
            double n = 0.0, oldest = 0.0, newest = 0.0;
            const T* p = first_col + static_cast<std::int64_t>(i) * rs;
            for (std::int64_t j = 0; j < w; ++j, p += cs) {
                const double y = static_cast<double>(*p);
                const std::uint64_t pm = present_mask(y);
                oldest = select_bits(pm & mask_if(std::bit_cast<std::uint64_t>(n) == 0), y, oldest);
                newest = select_bits(pm, y, newest);
                n += keep(1.0, pm);
            }
            const double pc = (newest - oldest) / std::fabs(oldest) * 100.0;
            const std::uint64_t zero_oldest = mask_if((std::bit_cast<std::uint64_t>(oldest) << 1) == 0);
            const std::uint64_t zero_newest = mask_if((std::bit_cast<std::uint64_t>(newest) << 1) == 0);
            const double r = select_bits(zero_oldest, select_bits(zero_newest, 0.0, qnan), pc);
            out[i] = select_bits(fewer_than_2(n), qnan, r);
        }
        return;
    case trend_kind::declines:
        for (std::size_t i = 0; i < b; ++i) {
            // the order key of the previous present value, and the run of strict declines
            double n = 0.0, run = 0.0;
            std::int64_t before = 0;
            const T* p = first_col + static_cast<std::int64_t>(i) * rs;
            for (std::int64_t j = 0; j < w; ++j, p += cs) {
                const double y = static_cast<double>(*p) + 0.0;
                const std::uint64_t pm = present_mask(y);
                const std::int64_t k = order_key(y);
                const std::uint64_t down = mask_if(k < before) & ~mask_if(std::bit_cast<std::uint64_t>(n) == 0);
                run = select_bits(pm, select_bits(down, run + 1.0, 0.0), run);
                const auto ipm = static_cast<std::int64_t>(pm);
                before = (k & ipm) | (before & ~ipm);
                n += keep(1.0, pm);
            }
            out[i] = select_bits(fewer_than_2(n), qnan, run);
        }
        return;
    }
}

}  // namespace detail

/// The trend measure of every account (row) of `history` over its last `window` periods, into
/// `out` (one value per row; see the top of this header for each kind and its NaN cases).
/// Errors: invalid_argument (window < 2, an unknown kind), shape_mismatch (a bad frame, `out`
/// shorter than the rows). Thread-safe; to use several threads, split the rows (a frame_view of
/// rows [r0, r1) is {data + r0 * row_stride, r1 - r0, ...}).
template <class T>
[[nodiscard]] result<void> trend_batch(trend_kind kind, const frame_view<T>& history, std::int64_t window,
                                       std::span<double> out) {
    static_assert(std::is_same_v<T, double> || std::is_same_v<T, float>, "histories hold double or float");
    VITALS_TRY(history.validate("history"));
    if (!trend_kind_from(to_string(kind))) return fail(errc::invalid_argument, "kind: unknown trend kind");
    if (window < 2) return fail(errc::invalid_argument, "window: must be at least 2 periods, not " + std::to_string(window));
    if (static_cast<std::uint64_t>(out.size()) < static_cast<std::uint64_t>(history.rows))
        return fail(errc::shape_mismatch, "out: " + std::to_string(out.size()) + " elements, " +
                                              std::to_string(history.rows) + " needed (one per account)");
    const std::int64_t w = std::min(window, history.cols);
    const std::int64_t c0 = history.cols - w;
    const auto rows = static_cast<std::size_t>(history.rows);
    if (w < 2) {  // fewer than 2 periods: never 2 present values
        std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(rows), std::numeric_limits<double>::quiet_NaN());
        return boost::outcome_v2::success();
    }
    for (std::size_t r0 = 0; r0 < rows; r0 += detail::trend_block) {
        const std::size_t b = std::min(detail::trend_block, rows - r0);
        const auto first = static_cast<std::int64_t>(r0);
        double* o = out.data() + r0;
        if (history.row_stride != 1) {
            detail::trend_block_kernel<T, 0, 0>(kind, history, first, b, c0, w, o);
            continue;
        }
        switch (w) {  // the common windows (3 months, 6 months, a year; 4 to 13 weeks) at full speed
        case 2: detail::trend_block_kernel<T, 1, 2>(kind, history, first, b, c0, w, o); break;
        case 3: detail::trend_block_kernel<T, 1, 3>(kind, history, first, b, c0, w, o); break;
        case 4: detail::trend_block_kernel<T, 1, 4>(kind, history, first, b, c0, w, o); break;
        case 5: detail::trend_block_kernel<T, 1, 5>(kind, history, first, b, c0, w, o); break;
        case 6: detail::trend_block_kernel<T, 1, 6>(kind, history, first, b, c0, w, o); break;
        case 8: detail::trend_block_kernel<T, 1, 8>(kind, history, first, b, c0, w, o); break;
        case 12: detail::trend_block_kernel<T, 1, 12>(kind, history, first, b, c0, w, o); break;
        case 13: detail::trend_block_kernel<T, 1, 13>(kind, history, first, b, c0, w, o); break;
        default: detail::trend_block_kernel<T, 1, 0>(kind, history, first, b, c0, w, o); break;
        }
    }
    return boost::outcome_v2::success();
}

}  // namespace v1
}  // namespace vitals

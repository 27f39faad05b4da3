// Vitals — score history: the change against the previous score(s) and a trend arrow.
//
// Previous scores are a frame_view<double>: rows = accounts, columns = earlier periods, oldest
// first, NaN = no score that period. For each account:
//   reference  the mean of the newest `window` PRESENT previous scores (window 1 = the latest
//              previous score there is, however old); NaN when there is none;
//   change     score - reference (points; NaN when either is missing);
//   direction  unknown when change is NaN; improving when change > dead_band; declining when
//              change < -dead_band; stable otherwise (|change| <= dead_band), so noise within the
//              dead band does not flip the arrow.
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/card_signals.hpp"  // score_trend_spec

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
#include <vector>

namespace vitals {
inline namespace v1 {

/// The arrow. Values are stable (the C ABI uses them).
enum class score_direction : std::int32_t { declining = -1, stable = 0, improving = 1, unknown = 2 };

/// "declining", "stable", "improving", "unknown".
[[nodiscard]] constexpr std::string_view to_string(score_direction d) noexcept {
    switch (d) {
    case score_direction::declining: return "declining";
    case score_direction::stable: return "stable";
    case score_direction::improving: return "improving";
    case score_direction::unknown: return "unknown";
    }
    return "unknown";
}

/// The direction of a change given a dead band.
[[nodiscard]] constexpr score_direction direction_of(double change, double dead_band) noexcept {
    if (change != change) return score_direction::unknown;
    if (change > dead_band) return score_direction::improving;
    if (change < -dead_band) return score_direction::declining;
    return score_direction::stable;
}

/// The reference of one account: mean of its newest `window` present previous scores, or NaN.
/// `previous` is that account's row, oldest first.
[[nodiscard]] inline double previous_reference(std::span<const double> previous, std::int64_t window) noexcept {
    double sum = 0.0;
    std::int64_t n = 0;
    for (std::size_t j = previous.size(); j-- > 0 && n < window;)
        if (!std::isnan(previous[j])) {
            sum += previous[j];
            ++n;
        }
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(n);
}

/// For each account (row of `previous`, entry of `score`): the change and the direction (see the
/// top of this header). Either output may be empty (not wanted). Errors: invalid_argument (bad
/// spec), shape_mismatch (a bad frame; score and previous of different lengths; a short output).
/// A frame with 0 columns (no history) gives change NaN and direction unknown. Thread-safe.
[[nodiscard]] inline result<void> score_trend(std::span<const double> score, const frame_view<double>& previous,
                                              const score_trend_spec& spec, std::span<double> change,
                                              std::span<std::int32_t> direction) {
    VITALS_TRY(previous.validate("previous"));
    if (auto p = spec.validate(); !p.empty()) return fail(errc::invalid_argument, "spec" + p.front().where + ": " + p.front().what);
    const auto rows = static_cast<std::size_t>(previous.rows);
    if (score.size() != rows)
        return fail(errc::shape_mismatch, "score: " + std::to_string(score.size()) + " accounts, previous has " +
                                              std::to_string(rows));
    if (!change.empty() && change.size() < rows)
        return fail(errc::shape_mismatch, "change: " + std::to_string(change.size()) + " elements, " +
                                              std::to_string(rows) + " needed");
    if (!direction.empty() && direction.size() < rows)
        return fail(errc::shape_mismatch, "direction: " + std::to_string(direction.size()) + " elements, " +
                                              std::to_string(rows) + " needed");
    // blocks of accounts, newest period first: sum the first `window` present scores. The loops
    // are branch-free and compare counts through their bits (small whole doubles >= 0 order like
    // their bit patterns), so GCC vectorises them (see detail/numeric.hpp).
    const std::int64_t P = previous.cols;
    constexpr std::size_t B = 256;
    std::vector<double> sum(B), n(B), ch(B), gathered(B);
    const std::int64_t w_bits = std::bit_cast<std::int64_t>(static_cast<double>(spec.window));
    const double band = spec.dead_band;
    for (std::size_t r0 = 0; r0 < rows; r0 += B) {
        const std::size_t b = std::min(B, rows - r0);
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(n.begin(), n.end(), 0.0);
        for (std::int64_t j = P; j-- > 0;) {
            const double* col = previous.data + static_cast<std::int64_t>(r0) * previous.row_stride + j * previous.col_stride;
            const double* pj = col;
            if (previous.row_stride != 1) {  // gather a strided column
                for (std::size_t i = 0; i < b; ++i) gathered[i] = col[static_cast<std::int64_t>(i) * previous.row_stride];
                pj = gathered.data();
            }
            for (std::size_t i = 0; i < b; ++i) {
                const double p = pj[i];
                const std::uint64_t room = std::bit_cast<std::int64_t>(n[i]) < w_bits ? ~std::uint64_t{0} : 0;
                const std::uint64_t take = detail::present_mask(p) & room;
                sum[i] += detail::keep(p, take);
                n[i] += detail::keep(1.0, take);
            }
        }
        const double* sc = score.data() + r0;
        for (std::size_t i = 0; i < b; ++i) {
            const std::uint64_t none = std::bit_cast<std::uint64_t>(n[i]) == 0 ? ~std::uint64_t{0} : 0;
            ch[i] = detail::select_bits(none, std::numeric_limits<double>::quiet_NaN(), sc[i] - sum[i] / n[i]);
        }
        if (!change.empty()) std::copy(ch.begin(), ch.begin() + static_cast<std::ptrdiff_t>(b), change.begin() + static_cast<std::ptrdiff_t>(r0));
        if (!direction.empty()) {
            // direction_of without branches: improving 1, declining -1, stable 0, unknown (NaN) 2
            std::int32_t* d = direction.data() + r0;
            for (std::size_t i = 0; i < b; ++i) {
                const auto up = static_cast<std::int32_t>(ch[i] > band), down = static_cast<std::int32_t>(ch[i] < -band);
                const auto unknown = static_cast<std::int32_t>(detail::present_mask(ch[i]) == 0);
                d[i] = up - down + 2 * unknown;
            }
        }
    }
    return boost::outcome_v2::success();
}

}  // namespace v1
}  // namespace vitals

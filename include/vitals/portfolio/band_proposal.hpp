// Vitals — band cut-offs proposed from a wanted share per band ("20 % red"), on a period's scores.
//
// A score s falls in band i when cutoffs[i-1] <= s < cutoffs[i] (band.hpp). Given the scores of a
// period and a target share for some bands, `propose_bands` moves the cut-offs so that each of those
// bands holds, of the accounts with a score (NaN scores are "no data" and count in no band), the
// number nearest to share x accounts that the scores allow: with distinct scores that is within one
// account of the target; with tied scores a tie cannot be split, so the count lands on the nearer
// edge of the tie.
//
// Which cut-off a target moves: a target for band i moves cut-off i (the one above it), counting up
// from cut-off i-1 as it ends up; a target for the top band moves the top cut-off, counting down from
// the highest score, unless the band below it has a target too, in which case the shares must add up
// to 1 and the top band takes the rest. Cut-offs no target moves stay as they are, and must stay in
// order with the moved ones: a proposal that would put them out of order is an error naming the
// band, rather than a proposal that silently moves cut-offs nobody asked to move.
//
// Each moved cut-off is the roundest number in [0, 100] that gives its count: the one with the fewest
// decimals among those at or below the score it must not pass (so 31.5, not 31.4827...).
//
// Pure functions; safe to call from many threads at once.
#pragma once

#include "vitals/band.hpp"
#include "vitals/detail/format.hpp"
#include "vitals/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace portfolio {

struct band_proposal {
    vitals::bands proposed;                     ///< the cut-offs proposed (labels as given)
    std::uint64_t scored = 0;                   ///< accounts with a score
    std::vector<std::uint64_t> count_now;       ///< per band, with the cut-offs given
    std::vector<std::uint64_t> count_proposed;  ///< per band, with the proposed cut-offs
    std::vector<double> target_count;           ///< per band: share x scored, NaN without a target
};

/// Accounts per band of `b` among `scores` (NaN scores in none).
[[nodiscard]] inline std::vector<std::uint64_t> band_counts(std::span<const double> scores, const vitals::bands& b) {
    std::vector<std::uint64_t> n(b.labels.size(), 0);
    for (double s : scores) {
        const int k = b.classify(s);
        if (k >= 0 && static_cast<std::size_t>(k) < n.size()) ++n[static_cast<std::size_t>(k)];
    }
    return n;
}

/// Proposes cut-offs for `now` (see the file comment). `target_share` has one entry per band of

namespace detail {
/// The largest number of `d` decimals (as near as a double is to it) not above x: floor(x, d) that
/// 45.3 at one decimal stays 45.3, where std::floor(45.3 * 10) / 10 may give 45.2.
[[nodiscard]] inline double floor_to_decimals(double x, int d) {
    const double scale = std::pow(10.0, d), k = std::round(x * scale);
    const double c = k / scale;
    return c <= x ? c : (k - 1.0) / scale;
}
}  // namespace detail

/// `now`: the wanted share in [0, 1], or NaN for no target. Errors: invalid_argument naming the band
/// or the problem (a share outside [0, 1], no target at all, targets for every band that do not add
/// up to 1, no scored account, a proposal out of order with a cut-off kept).
[[nodiscard]] inline result<band_proposal> propose_bands(std::span<const double> scores, const vitals::bands& now,
                                                         std::span<const double> target_share) {
    const std::size_t B = now.labels.size();
    if (!now.validate().empty() || B < 2) return fail(errc::invalid_argument, "propose_bands: the bands given are not valid");
    if (target_share.size() != B)
        return fail(errc::invalid_argument, "propose_bands: " + std::to_string(target_share.size()) + " target shares for " +
                                                std::to_string(B) + " bands (one per band, NaN for none)");
    std::size_t targets = 0;
    double total = 0;
    for (std::size_t i = 0; i < B; ++i) {
        const double t = target_share[i];
        if (std::isnan(t)) continue;
        if (!(t >= 0.0 && t <= 1.0))
            return fail(errc::invalid_argument, "propose_bands: the target share of band " + now.labels[i] + " must lie in [0, 1]");
        ++targets;
        total += t;
    }
    if (targets == 0) return fail(errc::invalid_argument, "propose_bands: no band has a target share");
    if (total > 1.0 + 1e-9) return fail(errc::invalid_argument, "propose_bands: the target shares add up to more than 100 %");
    if (targets == B && std::fabs(total - 1.0) > 1e-9)
        return fail(errc::invalid_argument, "propose_bands: with a target for every band the shares must add up to 100 %");
    std::vector<double> x;
    x.reserve(scores.size());
    for (double s : scores)
        if (!std::isnan(s)) x.push_back(s);
    if (x.empty()) return fail(errc::invalid_argument, "propose_bands: no account has a score");
    std::sort(x.begin(), x.end());
    const std::size_t n = x.size();
    const auto below = [&](double c) { return static_cast<std::size_t>(std::lower_bound(x.begin(), x.end(), c) - x.begin()); };

    band_proposal p;
    p.scored = n;
    p.count_now = band_counts(x, now);
    p.target_count.assign(B, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < B; ++i)
        if (!std::isnan(target_share[i])) p.target_count[i] = target_share[i] * static_cast<double>(n);
    p.proposed = now;
    std::vector<double>& cut = p.proposed.cutoffs;
    const std::size_t C = cut.size();
    std::vector<char> moved(C, 0);
    // the cumulative count below each moved cut-off, in cut-off order
    std::vector<double> want(C, 0);
    for (std::size_t i = 0; i < C; ++i)
        if (!std::isnan(target_share[i])) moved[i] = 1;
    const bool top_alone = !std::isnan(target_share[B - 1]) && std::isnan(target_share[B - 2]);
    if (top_alone) moved[C - 1] = 1;
    for (std::size_t i = 0; i < C; ++i) {
        if (!moved[i]) continue;
        const double base = i == 0 ? 0.0 : static_cast<double>(below(cut[i - 1]));
        want[i] = (top_alone && i == C - 1) ? static_cast<double>(n) - p.target_count[B - 1] : base + p.target_count[i];
        // above the cut-off before (moved or kept) and below the next kept one
        const double lo = i == 0 ? -1.0 : cut[i - 1];
        std::size_t kept_above = C;
        for (std::size_t k = i + 1; k < C && kept_above == C; ++k)
            if (!moved[k]) kept_above = k;
        const double hi = kept_above < C ? cut[kept_above] : 101.0;
        // the roundest cut-off in (low, limit) giving j, or NaN: at most the score at rank j (100 past the last)
        const auto roundest = [&](std::size_t j, double low, double limit) {
            double top = j < n ? x[j] : 100.0;
            if (top >= limit) top = std::nextafter(limit, -HUGE_VAL);
            const auto fits = [&](double c) { return c >= 0.0 && c <= 100.0 && c > low && c < limit && below(c) == j; };
            for (int d = 0; d <= 17; ++d) {
                const double c = detail::floor_to_decimals(top, d);
                if (fits(c)) return c;
            }
            return fits(top) ? top : std::numeric_limits<double>::quiet_NaN();
        };
        // the cut-off in (low, limit) giving the count nearest the one wanted, and its distance
        const auto nearest = [&](double low, double limit, double& gap_out) {
            double best = std::numeric_limits<double>::quiet_NaN();
            gap_out = HUGE_VAL;
            for (std::size_t j = 0; j <= n; ++j) {
                if (j > 0 && j < n && x[j] == x[j - 1]) continue;  // inside a tie: no cut-off gives j
                const double gap = std::fabs(static_cast<double>(j) - want[i]);
                if (gap >= gap_out) continue;
                const double c = roundest(j, low, limit);
                if (std::isnan(c)) continue;
                best = c;
                gap_out = gap;
            }
            return best;
        };
        double gap = 0, free_gap = 0;
        const double best = nearest(lo, hi, gap);
        const bool kept_below = i > 0 && !moved[i - 1];
        (void)nearest(kept_below ? -1.0 : lo, 101.0, free_gap);
        const std::string& target_band = top_alone && i == C - 1 ? now.labels[B - 1] : now.labels[i];
        if (std::isnan(best) && !(gap > free_gap + 1e-9))
            return fail(errc::invalid_argument, "propose_bands: no cut-off above the one proposed below it gives " + target_band +
                                                    " the share wanted");
        if (gap > free_gap + 1e-9) {
            // a kept cut-off stands in the way: name it, and the band whose target would move it
            double gap_no_hi = 0;
            (void)nearest(lo, 101.0, gap_no_hi);
            const std::size_t k = kept_above < C && gap_no_hi + 1e-9 < gap ? kept_above : i - 1;
            return fail(errc::invalid_argument, "propose_bands: " + target_band + " cannot hold the share wanted with the cut-off between " +
                                                    now.labels[k] + " and " + now.labels[k + 1] + " kept at " +
                                                    vitals::detail::format_number(now.cutoffs[k]) + "; give a target for " + now.labels[k] + " too");
        }
        cut[i] = best;
    }
    if (!p.proposed.validate().empty())
        return fail(errc::invalid_argument, "propose_bands: the proposed cut-offs are out of order with the ones kept; give a target for more bands");
    p.count_proposed = band_counts(x, p.proposed);
    return p;
}

}  // namespace portfolio
}  // namespace v1
}  // namespace vitals

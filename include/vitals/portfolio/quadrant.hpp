// Vitals — the value x health quadrant of each account in a portfolio.
//
//                       healthy (score >= health threshold)   unhealthy (score < threshold)
//   high value          committed                              at_risk
//   low value           growth_candidate                       maintenance
//
// plus `unknown` when the account's value (ARR) or score is missing (NaN): a quadrant is never
// invented for an account the data cannot place.
//
// "High value" is one of two rules (`value_rule`):
//   arr_at_least(c)    an account is high value when ARR >= c (an ARR exactly at the cut-off is high
//                      value, as a score exactly at a band cutoff belongs to the band above);
//   top_revenue(P)     the smallest set of accounts that together hold at least P % of the revenue
//                      (default 50 %): the accounts whose loss would hurt most. Ties: the accounts are
//                      taken by ARR, largest first, until their cumulative ARR reaches P % of the total;
//                      the ARR of the account that reaches it is the effective cut-off, and every
//                      account with ARR >= that cut-off is high value. So accounts with equal ARR are
//                      either all in or all out: when a tie straddles the boundary the set grows to
//                      take the whole tie (it is then not strictly the smallest set), and the result
//                      does not depend on the order of the input. Accounts with ARR 0 are never high
//                      value under this rule; when the total revenue is 0 (or no account has a known
//                      ARR) no account is high value (the effective cut-off is +infinity).
// "Healthy" is score >= health threshold (a score exactly at the threshold is healthy). The
// default threshold is the lower cutoff of the scorecard's top band (`health_threshold_of`), e.g. 70
// with the default red / yellow / green bands.
//
// Inputs are two columns, one entry per account: `arr` (NaN = unknown; otherwise finite and >= 0)
// and `score` (NaN = not scored; otherwise in [0, 100]). Outputs go to caller-owned spans.
// Functions are pure: safe to call from many threads at once on shared inputs.
#pragma once

#include "vitals/band.hpp"
#include "vitals/detail/format.hpp"
#include "vitals/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace portfolio {

/// The quadrant of one account. The values are stable (the C ABI uses the same numbers) and index
/// the per-quadrant arrays of `quadrant_summary`.
enum class quadrant : std::int32_t {
    committed = 0,         ///< high value, healthy
    at_risk = 1,           ///< high value, unhealthy
    growth_candidate = 2,  ///< low value, healthy
    maintenance = 3,       ///< low value, unhealthy
    unknown = 4,           ///< value or score missing
};

/// The number of quadrant values, `unknown` included.
inline constexpr std::size_t quadrant_count = 5;

/// The identifier of a quadrant: "committed", "at_risk", "growth_candidate", "maintenance",
/// "unknown".
[[nodiscard]] constexpr std::string_view to_string(quadrant q) noexcept {
    switch (q) {
    case quadrant::committed: return "committed";
    case quadrant::at_risk: return "at_risk";
    case quadrant::growth_candidate: return "growth_candidate";
    case quadrant::maintenance: return "maintenance";
    case quadrant::unknown: return "unknown";
    }
    return "unknown";
}

/// The display label: "Committed", "At Risk", "Growth Candidate", "Maintenance", "Unknown".
[[nodiscard]] constexpr std::string_view label(quadrant q) noexcept {
    switch (q) {
    case quadrant::committed: return "Committed";
    case quadrant::at_risk: return "At Risk";
    case quadrant::growth_candidate: return "Growth Candidate";
    case quadrant::maintenance: return "Maintenance";
    case quadrant::unknown: return "Unknown";
    }
    return "Unknown";
}

/// Which accounts are high value.
struct value_rule {
    enum class kind : std::int32_t {
        top_revenue = 0,  ///< the smallest set holding `revenue_percent` % of the revenue (ties: see above)
        arr_cutoff = 1,   ///< ARR >= `arr_cutoff`
    };
    kind by = kind::top_revenue;
    double revenue_percent = 50.0;  ///< in (0, 100]; used by top_revenue
    double arr_cutoff = 0.0;        ///< finite, >= 0; used by arr_cutoff

    [[nodiscard]] static value_rule top_revenue(double percent = 50.0) noexcept {
        return {kind::top_revenue, percent, 0.0};
    }
    [[nodiscard]] static value_rule arr_at_least(double cutoff) noexcept { return {kind::arr_cutoff, 50.0, cutoff}; }

    [[nodiscard]] result<void> validate() const {
        if (by == kind::top_revenue) {
            if (!(revenue_percent > 0.0 && revenue_percent <= 100.0))
                return fail(errc::invalid_argument, "revenue_percent: must lie in (0, 100], not " +
                                                        vitals::detail::format_number(revenue_percent));
        } else if (by == kind::arr_cutoff) {
            if (!(std::isfinite(arr_cutoff) && arr_cutoff >= 0.0))
                return fail(errc::invalid_argument, "arr_cutoff: must be a finite number >= 0, not " +
                                                        vitals::detail::format_number(arr_cutoff));
        } else {
            return fail(errc::invalid_argument, "value rule: unknown kind " + std::to_string(static_cast<int>(by)));
        }
        return boost::outcome_v2::success();
    }
};

/// The value rule and the health threshold.
struct quadrant_rule {
    value_rule value = value_rule::top_revenue();
    double health_threshold = 70.0;  ///< in [0, 100]; score >= threshold is healthy

    [[nodiscard]] result<void> validate() const {
        VITALS_TRY(value.validate());
        if (!(health_threshold >= 0.0 && health_threshold <= 100.0))
            return fail(errc::invalid_argument, "health_threshold: must lie in [0, 100], not " +
                                                    vitals::detail::format_number(health_threshold));
        return boost::outcome_v2::success();
    }
};

/// The default health threshold: the lower cutoff of the top band (70 with the default bands).
/// Error when the bands have no cutoff (a single band has no "top band" boundary).
[[nodiscard]] inline result<double> health_threshold_of(const vitals::bands& b) {
    if (b.cutoffs.empty())
        return fail(errc::invalid_argument, "bands: a single band has no top-band cutoff; give a health threshold");
    return b.cutoffs.back();
}

/// Counts and revenue per quadrant, indexed by `static_cast<std::size_t>(quadrant)`.
struct quadrant_summary {
    std::array<std::int64_t, quadrant_count> counts{};  ///< accounts per quadrant; they sum to the accounts
    /// Sum of known ARR per quadrant; `unknown` holds the ARR of accounts with a value but no score.
    std::array<double, quadrant_count> revenue{};
    double total_revenue = 0.0;      ///< sum of all known ARR
    double value_cutoff = 0.0;       ///< effective ARR cut-off (ARR >= it is high value); +inf: none
    double health_threshold = 0.0;   ///< the threshold used
    std::int64_t high_value = 0;     ///< accounts with known ARR >= value_cutoff (scored or not)

    [[nodiscard]] std::int64_t count(quadrant q) const noexcept { return counts[static_cast<std::size_t>(q)]; }
    [[nodiscard]] double revenue_of(quadrant q) const noexcept { return revenue[static_cast<std::size_t>(q)]; }
};

namespace detail {

/// Checks the two input columns: equal length, ARR NaN or finite >= 0, score NaN or in [0, 100].
[[nodiscard]] inline result<void> check_portfolio(std::span<const double> arr, std::span<const double> score) {
    if (arr.size() != score.size())
        return fail(errc::shape_mismatch, "arr: " + std::to_string(arr.size()) + " values, score: " +
                                              std::to_string(score.size()) + " (one of each per account)");
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const double a = arr[i], s = score[i];
        if (!std::isnan(a) && !(std::isfinite(a) && a >= 0.0))
            return fail(errc::invalid_argument,
                        "arr[" + std::to_string(i) + "]: must be NaN (unknown) or a finite number >= 0, not " +
                            vitals::detail::format_number(a));
        if (!std::isnan(s) && !(s >= 0.0 && s <= 100.0))
            return fail(errc::invalid_argument, "score[" + std::to_string(i) +
                                                    "]: must be NaN (not scored) or lie in [0, 100], not " +
                                                    vitals::detail::format_number(s));
    }
    return boost::outcome_v2::success();
}

/// The effective cut-off of a checked ARR column (see the header comment).
[[nodiscard]] inline double value_cutoff_of(std::span<const double> arr, const value_rule& rule) {
    constexpr double none = std::numeric_limits<double>::infinity();
    if (rule.by == value_rule::kind::arr_cutoff) return rule.arr_cutoff;
    std::vector<double> known;
    known.reserve(arr.size());
    for (double a : arr)
        if (!std::isnan(a) && a > 0.0) known.push_back(a);
    if (known.empty()) return none;
    std::sort(known.begin(), known.end(), [](double x, double y) { return x > y; });
    // Sum in one fixed (sorted) order so the result does not depend on the input order; the total is
    // the last cumulative sum, so P = 100 % reaches it exactly.
    double total = 0.0;
    for (double a : known) total += a;
    const double target = total * (rule.revenue_percent / 100.0);
    double cumulative = 0.0;
    for (double a : known) {
        cumulative += a;
        if (cumulative >= target) return a;
    }
    return known.back();  // unreachable up to rounding: P <= 100 %
}

[[nodiscard]] inline quadrant place(double arr, double score, double cutoff, double threshold) noexcept {
    if (std::isnan(arr) || std::isnan(score)) return quadrant::unknown;
    const bool high = arr >= cutoff, healthy = score >= threshold;
    return high ? (healthy ? quadrant::committed : quadrant::at_risk)
                : (healthy ? quadrant::growth_candidate : quadrant::maintenance);
}

template <class Out, class Write>
[[nodiscard]] result<quadrant_summary> classify_into(std::span<const double> arr, std::span<const double> score,
                                                     const quadrant_rule& rule, std::span<Out> out, Write write) {
    VITALS_TRY(rule.validate());
    VITALS_TRY(check_portfolio(arr, score));
    if (!out.empty() && out.size() != arr.size())
        return fail(errc::shape_mismatch, "out: " + std::to_string(out.size()) + " entries for " +
                                              std::to_string(arr.size()) + " accounts (pass one per account, or none)");
    quadrant_summary s;
    s.value_cutoff = value_cutoff_of(arr, rule.value);
    s.health_threshold = rule.health_threshold;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const quadrant q = place(arr[i], score[i], s.value_cutoff, rule.health_threshold);
        const auto k = static_cast<std::size_t>(q);
        ++s.counts[k];
        if (!std::isnan(arr[i])) {
            s.revenue[k] += arr[i];
            s.total_revenue += arr[i];
            if (arr[i] >= s.value_cutoff) ++s.high_value;
        }
        if (!out.empty()) write(out[i], q);
    }
    return s;
}

}  // namespace detail

/// The effective high-value ARR cut-off of a portfolio under `rule` (ARR >= it is high value;
/// +infinity when no account is). Errors: a bad rule, an ARR that is negative or infinite.
[[nodiscard]] inline result<double> high_value_cutoff(std::span<const double> arr, const value_rule& rule) {
    VITALS_TRY(rule.validate());
    for (std::size_t i = 0; i < arr.size(); ++i)
        if (!std::isnan(arr[i]) && !(std::isfinite(arr[i]) && arr[i] >= 0.0))
            return fail(errc::invalid_argument, "arr[" + std::to_string(i) +
                                                    "]: must be NaN (unknown) or a finite number >= 0, not " +
                                                    vitals::detail::format_number(arr[i]));
    return detail::value_cutoff_of(arr, rule);
}

/// Classify every account and summarise. `out` is empty (summary only) or has one entry per
/// account. Errors: shape_mismatch (lengths), invalid_argument (rule, an ARR or score out of its
/// domain, naming the index).
[[nodiscard]] inline result<quadrant_summary> classify(std::span<const double> arr, std::span<const double> score,
                                                       const quadrant_rule& rule, std::span<quadrant> out = {}) {
    return detail::classify_into(arr, score, rule, out, [](quadrant& o, quadrant q) { o = q; });
}

/// As above, writing the quadrant codes (0..4) as int32 (the C ABI's form).
[[nodiscard]] inline result<quadrant_summary> classify(std::span<const double> arr, std::span<const double> score,
                                                       const quadrant_rule& rule, std::span<std::int32_t> out) {
    return detail::classify_into(arr, score, rule, out,
                                 [](std::int32_t& o, quadrant q) { o = static_cast<std::int32_t>(q); });
}

}  // namespace portfolio
}  // namespace v1
}  // namespace vitals

// Vitals — the prioritised assessment list: accounts ordered by revenue at risk.
//
//   revenue at risk = ARR x (100 - score) / 100
//
// the part of an account's revenue its health score does not vouch for (a score of 100 puts nothing
// at risk, a score of 0 all of it). Order: revenue at risk, largest first; ties by ARR, largest
// first (more is at stake); then by score, lowest first; then by input position (lower index first).
// So the order is fully deterministic; only accounts equal in ARR and score keep their input order.
//
// Accounts whose ARR or score is missing (NaN) have no revenue at risk: they are not listed and are
// counted in `priority_summary::left_out` (their quadrant is `unknown`), never ranked on an invented
// number. Options: list only the high-value accounts (under a `value_rule`, as the quadrants use),
// and / or only the first `limit`.
#pragma once

#include "vitals/error.hpp"
#include "vitals/portfolio/quadrant.hpp"

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

/// ARR x (100 - score) / 100; NaN when either is NaN.
[[nodiscard]] constexpr double revenue_at_risk(double arr, double score) noexcept {
    return arr * (100.0 - score) / 100.0;
}

struct priority_options {
    std::int64_t limit = 0;        ///< at most this many entries; 0: no limit (negative: an error)
    bool high_value_only = false;  ///< list only accounts that are high value under `value`
    value_rule value = value_rule::top_revenue();  ///< used when high_value_only
};

struct priority_summary {
    std::int64_t listed = 0;    ///< entries written to the outputs
    std::int64_t eligible = 0;  ///< accounts that could be listed (before the limit)
    /// Accounts left out for a missing ARR or score (among the high-value ones when high_value_only;
    /// an account with a missing ARR is then never high value, so only missing scores count).
    std::int64_t left_out = 0;
    double value_cutoff = 0.0;  ///< the effective high-value cut-off (when high_value_only; else 0)
};

/// The number of entries `prioritise` can write at most for `accounts` accounts: the capacity
/// `order` needs.
[[nodiscard]] constexpr std::int64_t priority_capacity(std::int64_t accounts, const priority_options& o) noexcept {
    return o.limit <= 0 ? accounts : std::min(accounts, o.limit);
}

/// The ordered account indices (`order`) and, when `at_risk` is not empty, their revenue at risk.
/// `order` needs at least `priority_capacity(n, options)` entries; `at_risk` none or as many as
/// `order`. Entries past `listed` are set to -1 / NaN. Errors: shape_mismatch (lengths, capacity),
/// invalid_argument (a negative limit, the value rule, an ARR or score out of its domain, naming the
/// index).
[[nodiscard]] inline result<priority_summary> prioritise(std::span<const double> arr, std::span<const double> score,
                                                         const priority_options& options,
                                                         std::span<std::int64_t> order,
                                                         std::span<double> at_risk = {}) {
    VITALS_TRY(detail::check_portfolio(arr, score));
    if (options.limit < 0)
        return fail(errc::invalid_argument,
                    "limit: must be 0 (no limit) or positive, not " + std::to_string(options.limit));
    if (options.high_value_only) {
        VITALS_TRY(options.value.validate());
    }
    const auto n = static_cast<std::int64_t>(arr.size());
    const std::int64_t need = priority_capacity(n, options);
    if (static_cast<std::int64_t>(order.size()) < need)
        return fail(errc::shape_mismatch, "order: room for " + std::to_string(order.size()) + " entries, " +
                                              std::to_string(need) + " needed");
    if (!at_risk.empty() && at_risk.size() != order.size())
        return fail(errc::shape_mismatch, "at_risk: " + std::to_string(at_risk.size()) +
                                              " entries, must be none or as many as order (" +
                                              std::to_string(order.size()) + ")");
    priority_summary s;
    double cutoff = 0.0;
    if (options.high_value_only) cutoff = s.value_cutoff = detail::value_cutoff_of(arr, options.value);

    std::vector<std::int64_t> ranked;
    ranked.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (options.high_value_only && !(arr[i] >= cutoff)) continue;  // NaN ARR: never high value
        if (std::isnan(arr[i]) || std::isnan(score[i])) {
            ++s.left_out;
            continue;
        }
        ranked.push_back(static_cast<std::int64_t>(i));
    }
    s.eligible = static_cast<std::int64_t>(ranked.size());
    const auto before = [&](std::int64_t a, std::int64_t b) {
        const auto ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
        const double ra = revenue_at_risk(arr[ia], score[ia]), rb = revenue_at_risk(arr[ib], score[ib]);
        if (ra != rb) return ra > rb;
        if (arr[ia] != arr[ib]) return arr[ia] > arr[ib];
        if (score[ia] != score[ib]) return score[ia] < score[ib];
        return a < b;
    };
    const std::int64_t listed = options.limit == 0 ? s.eligible : std::min(s.eligible, options.limit);
    std::partial_sort(ranked.begin(), ranked.begin() + listed, ranked.end(), before);
    s.listed = listed;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool used = static_cast<std::int64_t>(k) < listed;
        order[k] = used ? ranked[k] : -1;
        if (!at_risk.empty()) {
            const auto i = static_cast<std::size_t>(order[k]);
            at_risk[k] = used ? revenue_at_risk(arr[i], score[i]) : std::numeric_limits<double>::quiet_NaN();
        }
    }
    return s;
}

}  // namespace portfolio
}  // namespace v1
}  // namespace vitals

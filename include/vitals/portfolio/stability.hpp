// Vitals — drift: the population stability index (PSI) of a measure, or of the score, between a
// reference population (an earlier period) and a later one.
//
//   PSI = sum over bins b of (a_b - e_b) x ln(a_b / e_b)
//
// where e_b and a_b are the shares of the reference and the later population in bin b. The bins are
// the reference's quantiles: with B bins (default 10) the cut-offs are the reference values at ranks
// floor(k n / B), k = 1 .. B-1, of its n known values sorted, repeated cut-offs merged; bin 0 holds
// values below the first cut-off and bin k values v with cut-off k <= v < cut-off k+1 (a value
// exactly at a cut-off goes to the bin above, as a score at a band cutoff does). Missing values
// (NaN) are a bin of their own when either population has one: a measure that stops being reported
// is drift too. Shares are counts over the whole population, missing values included. A share of 0
// is taken as 0.0001 (`empty_share`) in both terms so that an empty bin adds a large but finite
// amount instead of infinity: the convention of most credit-risk tools.
//
// The usual reading (`stability_verdict`): PSI < 0.10 stable, 0.10 <= PSI < 0.25 a moderate shift
// (look into it), PSI >= 0.25 a significant shift (the scorecard may no longer fit the book).
//
// Pure functions over caller-owned spans; safe to call from many threads at once.
#pragma once

#include "vitals/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace portfolio {

/// The share a bin with no values is given (see the file comment).
inline constexpr double empty_share = 1e-4;
/// The verdicts' thresholds.
inline constexpr double moderate_shift_psi = 0.10;
inline constexpr double significant_shift_psi = 0.25;

enum class stability : std::int32_t {
    stable = 0,             ///< PSI < 0.10
    moderate_shift = 1,     ///< 0.10 <= PSI < 0.25
    significant_shift = 2,  ///< PSI >= 0.25
};

[[nodiscard]] constexpr stability stability_verdict(double psi) noexcept {
    return psi >= significant_shift_psi ? stability::significant_shift
           : psi >= moderate_shift_psi  ? stability::moderate_shift
                                        : stability::stable;
}

[[nodiscard]] constexpr std::string_view stability_label(stability s) noexcept {
    switch (s) {
        case stability::stable: return "stable";
        case stability::moderate_shift: return "moderate shift";
        case stability::significant_shift: return "significant shift";
    }
    return "unknown";
}

/// One bin of a PSI: values in [lower, upper) (lower -infinity for the first, upper +infinity for the
/// last), or the missing values (`missing`, lower and upper NaN).
struct stability_bin {
    double lower = 0, upper = 0;
    bool missing = false;
    std::uint64_t expected_count = 0, actual_count = 0;
    double expected_share = 0, actual_share = 0;  ///< counts over the population size, before empty_share
    double term = 0;                              ///< (a - e) ln(a / e) with empty_share for 0
};

struct stability_report {
    double psi = 0;
    stability verdict = stability::stable;
    std::uint64_t expected_size = 0, actual_size = 0;
    std::vector<stability_bin> bins;
};

/// The PSI of `actual` against `expected` (see the file comment) with `bins` quantile bins.
/// Errors: invalid_argument when `bins` < 2, either population is empty, or a value is infinite.
[[nodiscard]] inline result<stability_report> population_stability(std::span<const double> expected,
                                                                   std::span<const double> actual,
                                                                   std::size_t bins = 10) {
    if (bins < 2) return fail(errc::invalid_argument, "population_stability: bins must be at least 2 (" + std::to_string(bins) + " given)");
    if (expected.empty()) return fail(errc::invalid_argument, "population_stability: the expected (reference) population is empty");
    if (actual.empty()) return fail(errc::invalid_argument, "population_stability: the actual population is empty");
    std::vector<double> known;
    known.reserve(expected.size());
    for (const auto& [pop, name] : {std::pair{expected, "expected"}, std::pair{actual, "actual"}})
        for (std::size_t i = 0; i < pop.size(); ++i)
            if (std::isinf(pop[i]))
                return fail(errc::invalid_argument, std::string("population_stability: ") + name + "[" + std::to_string(i) +
                                                        "] is infinite (use NaN for a missing value)");
    for (double v : expected)
        if (!std::isnan(v)) known.push_back(v);
    std::sort(known.begin(), known.end());
    std::vector<double> cut;
    for (std::size_t k = 1; k < bins && !known.empty(); ++k) {
        const double c = known[k * known.size() / bins];
        if (c > known.front() && (cut.empty() || c > cut.back())) cut.push_back(c);
    }
    const auto bin_of = [&](double v) {
        return static_cast<std::size_t>(std::upper_bound(cut.begin(), cut.end(), v) - cut.begin());
    };
    std::vector<std::uint64_t> e(cut.size() + 2, 0), a(cut.size() + 2, 0);  // the last: missing
    for (double v : expected) ++e[std::isnan(v) ? cut.size() + 1 : bin_of(v)];
    for (double v : actual) ++a[std::isnan(v) ? cut.size() + 1 : bin_of(v)];
    stability_report r;
    r.expected_size = expected.size();
    r.actual_size = actual.size();
    const double inf = HUGE_VAL, nan = std::nan("");
    for (std::size_t b = 0; b < e.size(); ++b) {
        const bool missing = b == cut.size() + 1;
        if (missing && e[b] == 0 && a[b] == 0) continue;
        stability_bin sb;
        sb.missing = missing;
        sb.lower = missing ? nan : b == 0 ? -inf : cut[b - 1];
        sb.upper = missing ? nan : b == cut.size() ? inf : cut[b];
        sb.expected_count = e[b];
        sb.actual_count = a[b];
        sb.expected_share = static_cast<double>(e[b]) / static_cast<double>(expected.size());
        sb.actual_share = static_cast<double>(a[b]) / static_cast<double>(actual.size());
        const double es = e[b] ? sb.expected_share : empty_share, as = a[b] ? sb.actual_share : empty_share;
        sb.term = (as - es) * std::log(as / es);
        r.psi += sb.term;
        r.bins.push_back(sb);
    }
    r.verdict = stability_verdict(r.psi);
    return r;
}

}  // namespace portfolio
}  // namespace v1
}  // namespace vitals

// Vitals — the curves behind the back-testing metrics (metrics.hpp), to draw and to tabulate.
//
// Same inputs and checks as metrics.hpp: `risk` (higher = more likely to churn) and `labels`
// (1 = churned, 0 = stayed), one per scored account. Every curve has one point per distinct risk
// value, riskiest first, so its area is the metric it belongs to, exactly:
//
//   roc_curve               sklearn.metrics.roc_curve(drop_intermediate=False): (0, 0), then the
//                           false and true positive rates at each threshold, ending at (1, 1).
//                           curve_area(fpr, tpr) == roc_auc.
//   precision_recall_curve  recall and precision at each threshold (recall rising), without
//                           sklearn's appended (recall 0, precision 1) end point; the sum of
//                           (recall_k - recall_{k-1}) x precision_k == average_precision.
//   lift_by_group           the accounts cut into `groups` equal shares by risk (deciles by
//                           default), riskiest first: accounts, churned, churn rate, lift (the
//                           group's churn rate over the overall rate) and the share of all churned
//                           accounts found in this group and the riskier ones. Accounts with the
//                           same risk are never split: a run of ties goes to the group its middle
//                           falls in, so a group can hold more or fewer than n / groups accounts,
//                           or none (its rates are then NaN), and the result never depends on the
//                           order of the rows.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/metrics.hpp"

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

struct roc_points {
    std::vector<double> fpr, tpr;  ///< from (0, 0) to (1, 1), one point per distinct threshold after the first
    std::vector<double> threshold;  ///< the risk at each point after the first (the first has +inf, as sklearn's)
};

struct pr_points {
    std::vector<double> recall, precision, threshold;  ///< one per distinct threshold, riskiest first
};

/// One group of lift_by_group.
struct risk_group {
    std::size_t accounts = 0;
    std::size_t churned = 0;
    double churn_rate = std::numeric_limits<double>::quiet_NaN();  ///< NaN for an empty group
    double lift = std::numeric_limits<double>::quiet_NaN();        ///< churn_rate / overall rate
    double cumulative_capture = 0.0;  ///< churned in this group and the riskier ones / all churned
    double risk_high = std::numeric_limits<double>::quiet_NaN();   ///< highest risk in the group (NaN when empty)
    double risk_low = std::numeric_limits<double>::quiet_NaN();    ///< lowest
};

/// The ROC curve. Errors: those of the inputs; invalid_argument when only one class is present.
[[nodiscard]] inline result<roc_points> roc_curve(std::span<const double> risk, std::span<const double> labels) {
    VITALS_TRY(detail::check_scored(risk, labels));
    const auto c = detail::count_by_threshold(risk, labels);
    const double P = c.tp.empty() ? 0.0 : c.tp.back();
    const double N = c.fp.empty() ? 0.0 : c.fp.back();
    if (P == 0.0 || N == 0.0) return fail(errc::invalid_argument, "labels: only one class present; the ROC curve is not defined");
    roc_points r;
    r.fpr.reserve(c.tp.size() + 1);
    r.tpr.reserve(c.tp.size() + 1);
    r.fpr.push_back(0.0);
    r.tpr.push_back(0.0);
    r.threshold.push_back(std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < c.tp.size(); ++k) {
        r.fpr.push_back(c.fp[k] / N);
        r.tpr.push_back(c.tp[k] / P);
        r.threshold.push_back(c.threshold[k]);
    }
    return r;
}

/// The precision-recall curve. Errors: those of the inputs; invalid_argument without a positive label.
[[nodiscard]] inline result<pr_points> precision_recall_curve(std::span<const double> risk, std::span<const double> labels) {
    VITALS_TRY(detail::check_scored(risk, labels));
    const auto c = detail::count_by_threshold(risk, labels);
    const double P = c.tp.empty() ? 0.0 : c.tp.back();
    if (P == 0.0) return fail(errc::invalid_argument, "labels: no positive label; the precision-recall curve is not defined");
    pr_points r;
    r.recall.reserve(c.tp.size());
    r.precision.reserve(c.tp.size());
    for (std::size_t k = 0; k < c.tp.size(); ++k) {
        r.recall.push_back(c.tp[k] / P);
        r.precision.push_back(c.tp[k] / (c.tp[k] + c.fp[k]));
        r.threshold.push_back(c.threshold[k]);
    }
    return r;
}

/// The trapezoidal area under the points (x_k, y_k) (x in the order given; 0 for fewer than two).
[[nodiscard]] inline double curve_area(std::span<const double> x, std::span<const double> y) noexcept {
    double a = 0.0;
    const std::size_t n = std::min(x.size(), y.size());
    for (std::size_t k = 1; k < n; ++k) a += (x[k] - x[k - 1]) * (y[k] + y[k - 1]) / 2.0;
    return a;
}

/// Lift by risk group (deciles for groups = 10). Errors: those of the inputs; invalid_argument for
/// groups = 0, no accounts, or no churned account (lift is not defined).
[[nodiscard]] inline result<std::vector<risk_group>> lift_by_group(std::span<const double> risk, std::span<const double> labels,
                                                                   std::size_t groups = 10) {
    VITALS_TRY(detail::check_scored(risk, labels));
    if (groups == 0) return fail(errc::invalid_argument, "groups: must be at least 1");
    const std::size_t n = risk.size();
    if (n == 0) return fail(errc::invalid_argument, "risk: no accounts");
    double churned = 0.0;
    for (double y : labels) churned += y;
    if (churned == 0.0) return fail(errc::invalid_argument, "labels: no churned account; lift is not defined");
    const double base = churned / static_cast<double>(n);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return risk[a] > risk[b]; });
    std::vector<risk_group> g(groups);
    for (std::size_t a = 0; a < n;) {
        std::size_t b = a + 1;
        while (b < n && risk[order[b]] == risk[order[a]]) ++b;
        // the run of ties [a, b) goes where its middle position falls: floor(mid x groups / n)
        const std::size_t twice_mid = a + b - 1;  // 2 x the middle position
        const std::size_t k = std::min(groups - 1, twice_mid * groups / (2 * n));
        risk_group& r = g[k];
        for (std::size_t i = a; i < b; ++i) {
            ++r.accounts;
            r.churned += labels[order[i]] == 1.0 ? 1u : 0u;
        }
        if (!(r.risk_high >= risk[order[a]])) r.risk_high = risk[order[a]];
        r.risk_low = risk[order[a]];  // runs come riskiest first
        a = b;
    }
    double found = 0.0;
    for (risk_group& r : g) {
        found += static_cast<double>(r.churned);
        r.cumulative_capture = found / churned;
        if (r.accounts == 0) continue;
        r.churn_rate = static_cast<double>(r.churned) / static_cast<double>(r.accounts);
        r.lift = r.churn_rate / base;
    }
    return g;
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

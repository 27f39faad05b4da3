// Vitals — back-testing metrics: how well a risk score ranks and predicts churn.
//
// Every function takes `risk` (higher = more likely to churn; for a health score pass
// `100 - score`, or a churn probability) and `labels` (1 = churned, 0 = stayed), one per account,
// and checks them: same length, labels exactly 0 or 1, risk values not NaN. Accounts a scorecard
// did not score are left out by the caller (vitals::model::evaluate does that and counts them).
//
// The definitions follow scikit-learn 1.2, so results can be checked against it:
//   roc_auc            sklearn.metrics.roc_auc_score: the trapezoidal area under the ROC curve over
//                      distinct thresholds; tied risks form one step (a tied positive/negative pair
//                      counts 1/2). Error when only one class is present.
//   average_precision  sklearn.metrics.average_precision_score: sum over distinct thresholds,
//                      highest first, of (recall_k - recall_{k-1}) x precision_k (no interpolation).
//                      Error without a positive label.
//   brier_score        sklearn.metrics.brier_score_loss: mean (p - y)^2; p must lie in [0, 1].
#pragma once

#include "vitals/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

namespace detail {

inline result<void> check_scored(std::span<const double> risk, std::span<const double> labels,
                                 const char* risk_name = "risk") {
    if (risk.size() != labels.size())
        return fail(errc::shape_mismatch, std::string(risk_name) + ": " + std::to_string(risk.size()) +
                                              " values, labels: " + std::to_string(labels.size()));
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!(labels[i] == 0.0 || labels[i] == 1.0))
            return fail(errc::invalid_argument, "labels[" + std::to_string(i) + "]: must be 0 or 1, not " +
                                                    std::to_string(labels[i]));
        if (std::isnan(risk[i]))
            return fail(errc::invalid_argument,
                        std::string(risk_name) + "[" + std::to_string(i) + "]: is NaN (leave unscored accounts out)");
    }
    return boost::outcome_v2::success();
}

/// Positive and negative counts at each distinct threshold, highest risk first (cumulative), as
/// sklearn's _binary_clf_curve builds them.
struct threshold_counts {
    std::vector<double> tp, fp;    // cumulative, one per distinct risk value
    std::vector<double> threshold;  // that risk value, highest first
};

inline threshold_counts count_by_threshold(std::span<const double> risk, std::span<const double> labels) {
    std::vector<std::size_t> order(risk.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return risk[a] > risk[b]; });
    threshold_counts c;
    double tp = 0.0, fp = 0.0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const double y = labels[order[k]];
        tp += y;
        fp += 1.0 - y;
        if (k + 1 == order.size() || risk[order[k + 1]] != risk[order[k]]) {
            c.tp.push_back(tp);
            c.fp.push_back(fp);
            c.threshold.push_back(risk[order[k]]);
        }
    }
    return c;
}

}  // namespace detail

/// Area under the ROC curve (scikit-learn's roc_auc_score). Counts are integers held exactly in
/// doubles, so the trapezoids are summed exactly and divided once.
[[nodiscard]] inline result<double> roc_auc(std::span<const double> risk, std::span<const double> labels) {
    VITALS_TRY(detail::check_scored(risk, labels));
    const auto c = detail::count_by_threshold(risk, labels);
    const double P = c.tp.empty() ? 0.0 : c.tp.back();
    const double N = c.fp.empty() ? 0.0 : c.fp.back();
    if (P == 0.0 || N == 0.0)
        return fail(errc::invalid_argument, "labels: only one class present; ROC AUC is not defined");
    double area2 = 0.0, tp0 = 0.0, fp0 = 0.0;  // twice the area in count units
    for (std::size_t k = 0; k < c.tp.size(); ++k) {
        area2 += (c.fp[k] - fp0) * (c.tp[k] + tp0);
        tp0 = c.tp[k];
        fp0 = c.fp[k];
    }
    return area2 / (2.0 * P * N);
}

/// Average precision (scikit-learn's average_precision_score).
[[nodiscard]] inline result<double> average_precision(std::span<const double> risk, std::span<const double> labels) {
    VITALS_TRY(detail::check_scored(risk, labels));
    const auto c = detail::count_by_threshold(risk, labels);
    const double P = c.tp.empty() ? 0.0 : c.tp.back();
    if (P == 0.0) return fail(errc::invalid_argument, "labels: no positive label; average precision is not defined");
    double ap = 0.0, tp0 = 0.0;
    for (std::size_t k = 0; k < c.tp.size(); ++k) {
        const double precision = c.tp[k] / (c.tp[k] + c.fp[k]);
        ap += (c.tp[k] - tp0) / P * precision;
        tp0 = c.tp[k];
    }
    return ap;
}

/// Brier score: mean squared difference between churn probability and outcome.
[[nodiscard]] inline result<double> brier_score(std::span<const double> probability, std::span<const double> labels) {
    VITALS_TRY(detail::check_scored(probability, labels, "probability"));
    if (labels.empty()) return fail(errc::invalid_argument, "labels: empty");
    double s = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!(probability[i] >= 0.0 && probability[i] <= 1.0))
            return fail(errc::invalid_argument, "probability[" + std::to_string(i) + "]: must lie in [0, 1]");
        const double d = probability[i] - labels[i];
        s += d * d;
    }
    return s / static_cast<double>(labels.size());
}

/// Precision and lift among the riskiest `fraction` of accounts.
struct top_k_result {
    double fraction = 0.0;   ///< the share asked for, in (0, 1]
    double accounts = 0.0;   ///< ceil(fraction x n) accounts taken
    double precision = 0.0;  ///< churn rate among them
    double lift = 0.0;       ///< precision / overall churn rate
};

/// Precision and lift at the top `fraction` (e.g. 0.1 for the riskiest 10 %): the ceil(fraction x n)
/// riskiest accounts. Accounts tied with the last one taken share the remaining places: each tied
/// account counts with the same share, so the result does not depend on the input order.
[[nodiscard]] inline result<top_k_result> top_fraction(std::span<const double> risk, std::span<const double> labels,
                                                       double fraction) {
    VITALS_TRY(detail::check_scored(risk, labels));
    if (!(fraction > 0.0 && fraction <= 1.0))
        return fail(errc::invalid_argument, "fraction: must lie in (0, 1]");
    if (labels.empty()) return fail(errc::invalid_argument, "labels: empty");
    const double base = std::accumulate(labels.begin(), labels.end(), 0.0) / static_cast<double>(labels.size());
    if (base == 0.0) return fail(errc::invalid_argument, "labels: no positive label; lift is not defined");
    const auto n = static_cast<double>(labels.size());
    const double take = std::ceil(fraction * n - 1e-9);
    const auto c = detail::count_by_threshold(risk, labels);
    double tp = 0.0, before = 0.0, tp0 = 0.0;
    for (std::size_t k = 0; k < c.tp.size(); ++k) {
        const double all = c.tp[k] + c.fp[k];
        if (all >= take) {  // the boundary group: take its share of the remaining places
            const double group = all - before, group_pos = c.tp[k] - tp0;
            tp = tp0 + group_pos * (take - before) / group;
            break;
        }
        before = all;
        tp0 = c.tp[k];
    }
    top_k_result r;
    r.fraction = fraction;
    r.accounts = take;
    r.precision = tp / take;
    r.lift = r.precision / base;
    return r;
}

/// One row of a calibration table.
struct calibration_bin {
    double lower = 0.0, upper = 0.0;  ///< predicted-probability range [lower, upper) (the last bin includes 1)
    std::size_t accounts = 0;
    double mean_predicted = std::numeric_limits<double>::quiet_NaN();  ///< NaN when the bin is empty
    double observed_rate = std::numeric_limits<double>::quiet_NaN();   ///< share churned; NaN when empty
};

/// Calibration table: `bins` equal-width bins of predicted churn probability over [0, 1] (like
/// sklearn.calibration.calibration_curve(strategy="uniform"), but empty bins are kept as rows).
[[nodiscard]] inline result<std::vector<calibration_bin>> calibration_table(std::span<const double> probability,
                                                                            std::span<const double> labels,
                                                                            std::size_t bins = 10) {
    VITALS_TRY(detail::check_scored(probability, labels, "probability"));
    if (bins == 0) return fail(errc::invalid_argument, "bins: must be at least 1");
    std::vector<calibration_bin> t(bins);
    std::vector<double> psum(bins, 0.0), ysum(bins, 0.0);
    const auto B = static_cast<double>(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        t[b].lower = static_cast<double>(b) / B;
        t[b].upper = static_cast<double>(b + 1) / B;
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double p = probability[i];
        if (!(p >= 0.0 && p <= 1.0))
            return fail(errc::invalid_argument, "probability[" + std::to_string(i) + "]: must lie in [0, 1]");
        const auto b = std::min(bins - 1, static_cast<std::size_t>(p * B));
        ++t[b].accounts;
        psum[b] += p;
        ysum[b] += labels[i];
    }
    for (std::size_t b = 0; b < bins; ++b)
        if (t[b].accounts > 0) {
            t[b].mean_predicted = psum[b] / static_cast<double>(t[b].accounts);
            t[b].observed_rate = ysum[b] / static_cast<double>(t[b].accounts);
        }
    return t;
}

/// A seeded random source whose sequence is the same on every platform: std::mt19937_64 is fully
/// specified by the standard, and bounded integers are drawn here (rejection sampling),
/// not with std::uniform_int_distribution, whose algorithm differs between standard libraries.
class portable_rng {
public:
    explicit portable_rng(std::uint64_t seed) : engine_(seed) {}
    /// Uniform in [0, n), n >= 1 (rejection sampling: no modulo bias).
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                    std::numeric_limits<std::uint64_t>::max() % n;
        for (;;) {
            const std::uint64_t x = engine_();
            if (x < limit) return x % n;
        }
    }
    /// Fisher-Yates shuffle.
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::mt19937_64 engine_;
};

/// A bootstrap confidence interval for ROC AUC.
struct auc_interval {
    double auc = 0.0;              ///< on the data as given
    double lower = 0.0, upper = 0.0;  ///< percentile interval of the resampled AUCs
    double level = 0.95;
    std::size_t resamples = 0;     ///< resamples used (those with both classes)
    std::size_t skipped = 0;       ///< resamples drawn with one class only (left out)
};

/// Percentile bootstrap: `resamples` draws of n accounts with replacement, seeded, the same on every
/// platform. Quantiles of the resampled AUCs by linear interpolation (numpy's default).
[[nodiscard]] inline result<auc_interval> bootstrap_auc(std::span<const double> risk, std::span<const double> labels,
                                                        std::size_t resamples = 1000, double level = 0.95,
                                                        std::uint64_t seed = 42) {
    VITALS_TRY(auc, roc_auc(risk, labels));
    if (resamples < 2) return fail(errc::invalid_argument, "resamples: at least 2");
    if (!(level > 0.0 && level < 1.0)) return fail(errc::invalid_argument, "level: must lie in (0, 1)");
    portable_rng rng(seed);
    const std::size_t n = labels.size();
    std::vector<double> r(n), y(n), aucs;
    aucs.reserve(resamples);
    auc_interval out;
    out.auc = auc;
    out.level = level;
    for (std::size_t b = 0; b < resamples; ++b) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto j = static_cast<std::size_t>(rng.below(n));
            r[i] = risk[j];
            y[i] = labels[j];
        }
        auto a = roc_auc(r, y);
        if (!a) {
            ++out.skipped;
            continue;
        }
        aucs.push_back(a.value());
    }
    if (aucs.size() < 2) return fail(errc::invalid_argument, "labels: too few accounts of one class to bootstrap");
    std::sort(aucs.begin(), aucs.end());
    const auto q = [&](double p) {
        const double h = p * static_cast<double>(aucs.size() - 1);
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, aucs.size() - 1);
        return aucs[lo] + (h - static_cast<double>(lo)) * (aucs[hi] - aucs[lo]);
    };
    out.lower = q((1.0 - level) / 2.0);
    out.upper = q(1.0 - (1.0 - level) / 2.0);
    out.resamples = aucs.size();
    return out;
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

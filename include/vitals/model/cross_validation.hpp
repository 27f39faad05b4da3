// Vitals — stratified k-fold cross-validation with a seed.
//
// `stratified_folds` deals the churned and the staying accounts separately: each class is
// shuffled (Fisher-Yates with vitals::model::portable_rng, so the folds are the same on every
// platform for a seed) and dealt to folds 0, 1, ..., k-1 in turn, so every fold has the overall
// churn rate to within one account per class. `cross_validate` fits on k-1 folds and evaluates
// on the one left out, k times, with any fitting procedure (a `fitter`).
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/compare.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/model/metrics.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

/// The fold (0 .. k-1) of every account. Errors: invalid_argument when k < 2, labels are not 0/1,
/// or a class has fewer than k accounts.
[[nodiscard]] inline result<std::vector<std::size_t>> stratified_folds(std::span<const double> labels, std::size_t k,
                                                                       std::uint64_t seed) {
    if (k < 2) return fail(errc::invalid_argument, "k: at least 2 folds");
    std::vector<std::size_t> cls[2];
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!(labels[i] == 0.0 || labels[i] == 1.0))
            return fail(errc::invalid_argument, "labels[" + std::to_string(i) + "]: must be 0 or 1");
        cls[labels[i] == 1.0 ? 1 : 0].push_back(i);
    }
    for (int c = 0; c < 2; ++c)
        if (cls[c].size() < k)
            return fail(errc::invalid_argument, "labels: " + std::to_string(cls[c].size()) + " accounts with label " +
                                                    std::to_string(c) + ", fewer than k = " + std::to_string(k));
    portable_rng rng(seed);
    std::vector<std::size_t> fold(labels.size(), 0);
    std::size_t next = 0;  // continue dealing where the other class stopped: balanced fold sizes
    for (int c = 1; c >= 0; --c) {
        rng.shuffle(cls[c]);
        for (std::size_t i : cls[c]) fold[i] = next++ % k;
    }
    return fold;
}

/// A fitting procedure: training data in, a candidate (scorecard + optional probability) out.
using fitter = std::function<result<candidate>(const labelled_frame& train)>;

struct cross_validation_result {
    std::vector<evaluation> folds;
    double mean_auc = 0.0;
    double sd_auc = 0.0;  ///< sample standard deviation over the folds
};

/// k-fold stratified cross-validation of `fit` on `data`.
[[nodiscard]] inline result<cross_validation_result> cross_validate(const labelled_frame& data, const fitter& fit,
                                                                    std::size_t k = 10, std::uint64_t seed = 42,
                                                                    evaluate_options options = {}) {
    VITALS_TRY(data.validate());
    VITALS_TRY(fold, stratified_folds(data.labels, k, seed));
    options.bootstrap_resamples = 0;
    cross_validation_result out;
    for (std::size_t f = 0; f < k; ++f) {
        std::vector<std::size_t> train, test;
        for (std::size_t i = 0; i < fold.size(); ++i) (fold[i] == f ? test : train).push_back(i);
        VITALS_TRY(tr, select_rows(data, train));
        VITALS_TRY(te, select_rows(data, test));
        auto c = fit(tr.view());
        if (!c) return fail(c.error().code, "fold " + std::to_string(f) + ": " + c.error().message);
        auto e = evaluate(c.value().card, te.view(), c.value().probability, options, "fold " + std::to_string(f));
        if (!e) return fail(e.error().code, "fold " + std::to_string(f) + ": " + e.error().message);
        out.folds.push_back(std::move(e).value());
    }
    double s = 0.0, ss = 0.0;
    for (const evaluation& e : out.folds) s += e.roc_auc;
    out.mean_auc = s / static_cast<double>(k);
    for (const evaluation& e : out.folds) ss += (e.roc_auc - out.mean_auc) * (e.roc_auc - out.mean_auc);
    out.sd_auc = std::sqrt(ss / static_cast<double>(k - 1));
    return out;
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

// Vitals — back-testing scorecards on labelled accounts, one or several side by side.
//
// `evaluate` scores the accounts with the batch scorer and measures how well the score ranks
// churn: risk = 100 - score (a lower health score should mean more churn); `evaluate_set` ranks a
// scorecard set's accounts by their cards' churn probabilities. Accounts the scorecard
// does not score (insufficient data) are left out of every metric and counted in `unscored`.
// With a churn probability model (learned_weights::probability or fit_churn_probability) the
// probabilistic metrics are added: Brier score and a calibration table. `compare` does the same
// for several scorecards on one data set. Every field is a plain number, string or list, so the
// result serialises to JSON or a table directly.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/curves.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/model/learned_weights.hpp"
#include "vitals/model/metrics.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_set.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

struct evaluate_options {
    std::vector<double> top_fractions{0.1};  ///< precision and lift at these top shares
    std::size_t calibration_bins = 10;
    std::size_t bootstrap_resamples = 1000;  ///< 0 = no confidence interval
    double confidence = 0.95;
    std::uint64_t seed = 42;                 ///< bootstrap seed
    unsigned threads = 1;                    ///< batch scorer threads
    bool curves = false;                     ///< also the ROC and precision-recall curves and lift by group (curves.hpp)
    std::size_t lift_groups = 10;            ///< with curves: this many risk groups (deciles)
};

/// A scorecard to evaluate: a name for the table, and optionally its churn probability model.
struct candidate {
    std::string name;
    scorecard card;
    std::optional<churn_probability> probability;
};

struct evaluation {
    std::string name;
    std::size_t accounts = 0;  ///< in the data
    std::size_t scored = 0;
    std::size_t unscored = 0;  ///< insufficient data: left out of the metrics
    std::size_t churned = 0;   ///< among the scored
    double roc_auc = std::numeric_limits<double>::quiet_NaN();
    std::optional<auc_interval> roc_auc_interval;
    double average_precision = std::numeric_limits<double>::quiet_NaN();
    std::vector<top_k_result> top;  ///< one per options.top_fractions
    double brier = std::numeric_limits<double>::quiet_NaN();  ///< NaN without a probability model
    std::vector<calibration_bin> calibration;                  ///< empty without a probability model
    roc_points roc;                 ///< with options.curves (else empty)
    pr_points pr;                   ///< with options.curves
    std::vector<risk_group> lift;   ///< with options.curves: options.lift_groups groups, riskiest first
};

/// The metrics of one ranking: `risk` (higher = more likely to churn) and the label of each scored
/// account, and, when not empty, their churn probabilities. `accounts` counts the data's accounts,
/// scored or not. Errors: invalid_argument when the accounts hold only one class.
[[nodiscard]] inline result<evaluation> evaluate_risk(std::string name, std::size_t accounts, std::span<const double> risk,
                                                      std::span<const double> y, std::span<const double> prob,
                                                      const evaluate_options& options = {}) {
    evaluation e;
    e.name = std::move(name);
    e.accounts = accounts;
    e.scored = risk.size();
    e.unscored = e.accounts - e.scored;
    for (double v : y) e.churned += v == 1.0 ? 1u : 0u;
    VITALS_TRY(auc, roc_auc(risk, y));
    e.roc_auc = auc;
    VITALS_TRY(ap, average_precision(risk, y));
    e.average_precision = ap;
    for (double f : options.top_fractions) {
        VITALS_TRY(t, top_fraction(risk, y, f));
        e.top.push_back(t);
    }
    if (options.bootstrap_resamples > 0) {
        VITALS_TRY(ci, bootstrap_auc(risk, y, options.bootstrap_resamples, options.confidence, options.seed));
        e.roc_auc_interval = ci;
    }
    if (!prob.empty()) {
        VITALS_TRY(b, brier_score(prob, y));
        e.brier = b;
        VITALS_TRY(c, calibration_table(prob, y, options.calibration_bins));
        e.calibration = std::move(c);
    }
    if (options.curves) {
        VITALS_TRY(roc, roc_curve(risk, y));
        e.roc = std::move(roc);
        VITALS_TRY(pr, precision_recall_curve(risk, y));
        e.pr = std::move(pr);
        VITALS_TRY(lift, lift_by_group(risk, y, options.lift_groups));
        e.lift = std::move(lift);
    }
    return e;
}

/// Back-test one scorecard: risk = 100 - score. Errors: those of the data and scorer;
/// invalid_argument when the scored accounts hold only one class.
[[nodiscard]] inline result<evaluation> evaluate(const scorecard& card, const labelled_frame& data,
                                                 const std::optional<churn_probability>& probability = std::nullopt,
                                                 const evaluate_options& options = {}, std::string name = {}) {
    VITALS_TRY(s, scores(card, data, options.threads));
    std::vector<double> risk, y, prob;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != s[i]) continue;
        risk.push_back(100.0 - s[i]);
        y.push_back(data.labels[i]);
        if (probability) prob.push_back((*probability)(s[i]));
    }
    return evaluate_risk(name.empty() ? std::string(card.name()) : std::move(name), s.size(), risk, y, prob, options);
}

/// Back-test a scorecard set: each account is scored by its segment's card (`segments`: one value
/// per row of `data`) and ranked by that card's churn probability — one scale across the cards,
/// which their 0-100 scores are not. Errors: invalid_argument when a card an account needs has no
/// calibration (naming the card), when `segments` is not one per row, or a row's value has no card.
[[nodiscard]] inline result<evaluation> evaluate_set(const scorecard_set& set, std::span<const std::string> segments,
                                                     const labelled_frame& data, const evaluate_options& options = {},
                                                     std::string name = {}) {
    VITALS_TRY(data.validate());
    if (segments.size() != data.rows())
        return fail(errc::shape_mismatch, "segments: " + std::to_string(segments.size()) + " values for " +
                                              std::to_string(data.rows()) + " accounts (one per row)");
    std::vector<std::vector<std::size_t>> rows_of(set.cards().size());
    for (std::size_t r = 0; r < data.rows(); ++r) {
        VITALS_TRY(c, set.card_for(segments[r], "row " + std::to_string(r + 1)));
        rows_of[c].push_back(r);
    }
    // each card scores its own rows only; the probability lands in the row's place
    std::vector<double> probability(data.rows(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t c = 0; c < set.cards().size(); ++c) {
        if (rows_of[c].empty()) continue;
        const auto& calibration = set.cards()[c].calibration();
        if (!calibration)
            return fail(errc::invalid_argument,
                        "the scorecard for " + set.label(c) +
                            " has no calibration: a set ranks accounts on its cards' churn probability (fit its "
                            "cards with vitals fit, which stores one)");
        VITALS_TRY(part, select_rows(data, rows_of[c]));
        VITALS_TRY(s, scores(set.cards()[c], part.view(), options.threads));
        for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i] == s[i]) probability[rows_of[c][i]] = (*calibration)(s[i]);
    }
    std::vector<double> risk, y;
    for (std::size_t r = 0; r < data.rows(); ++r) {
        if (probability[r] != probability[r]) continue;
        risk.push_back(probability[r]);
        y.push_back(data.labels[r]);
    }
    return evaluate_risk(std::move(name), data.rows(), risk, y, risk, options);
}

/// Several scorecards on one labelled data set.
struct comparison {
    std::size_t accounts = 0;
    double churn_rate = 0.0;  ///< over all accounts
    std::vector<evaluation> rows;  ///< in the order given
};

[[nodiscard]] inline result<comparison> compare(std::span<const candidate> candidates, const labelled_frame& data,
                                                const evaluate_options& options = {}) {
    VITALS_TRY(data.validate());
    comparison c;
    c.accounts = data.rows();
    double pos = 0.0;
    for (double v : data.labels) pos += v;
    c.churn_rate = c.accounts ? pos / static_cast<double>(c.accounts) : 0.0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        auto e = evaluate(candidates[k].card, data, candidates[k].probability, options, candidates[k].name);
        if (!e) return fail(e.error().code, "candidates[" + std::to_string(k) + "] (" + candidates[k].name + "): " + e.error().message);
        c.rows.push_back(std::move(e).value());
    }
    return c;
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

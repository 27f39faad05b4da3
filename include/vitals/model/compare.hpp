// Vitals — back-testing scorecards on labelled accounts, one or several side by side.
//
// `evaluate` scores the accounts with the batch scorer and measures how well the score ranks
// churn: risk = 100 - score (a lower health score should mean more churn). Accounts the scorecard
// does not score (insufficient data) are left out of every metric and counted in `unscored`.
// With a churn probability model (learned_weights::probability or fit_churn_probability) the
// probabilistic metrics are added: Brier score and a calibration table. `compare` does the same
// for several scorecards on one data set. Every field is a plain number, string or list, so the
// result serialises to JSON or a table directly.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/model/learned_weights.hpp"
#include "vitals/model/metrics.hpp"
#include "vitals/scorecard.hpp"

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
};

/// Back-test one scorecard. Errors: those of the data and scorer; invalid_argument when the
/// scored accounts hold only one class.
[[nodiscard]] inline result<evaluation> evaluate(const scorecard& card, const labelled_frame& data,
                                                 const std::optional<churn_probability>& probability = std::nullopt,
                                                 const evaluate_options& options = {}, std::string name = {}) {
    VITALS_TRY(s, scores(card, data, options.threads));
    evaluation e;
    e.name = name.empty() ? std::string(card.name()) : std::move(name);
    e.accounts = s.size();
    std::vector<double> risk, y, prob;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != s[i]) continue;
        risk.push_back(100.0 - s[i]);
        y.push_back(data.labels[i]);
        if (probability) prob.push_back((*probability)(s[i]));
    }
    e.scored = risk.size();
    e.unscored = e.accounts - e.scored;
    for (double v : y) e.churned += v == 1.0 ? 1u : 0u;
    {
        auto r_ = roc_auc(risk, y);
        if (!r_) return r_.error();
        e.roc_auc = std::move(r_).value();
    }
    {
        auto r_ = average_precision(risk, y);
        if (!r_) return r_.error();
        e.average_precision = std::move(r_).value();
    }
    for (double f : options.top_fractions) {
        VITALS_TRY(t, top_fraction(risk, y, f));
        e.top.push_back(t);
    }
    if (options.bootstrap_resamples > 0) {
        VITALS_TRY(ci, bootstrap_auc(risk, y, options.bootstrap_resamples, options.confidence, options.seed));
        e.roc_auc_interval = ci;
    }
    if (probability) {
        {
        auto r_ = brier_score(prob, y);
        if (!r_) return r_.error();
        e.brier = std::move(r_).value();
    }
        {
        auto r_ = calibration_table(prob, y, options.calibration_bins);
        if (!r_) return r_.error();
        e.calibration = std::move(r_).value();
    }
    }
    return e;
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

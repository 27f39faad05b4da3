// Vitals — learned weights: measure weights fitted to churn outcomes.
//
// Model: P(churn) = 1 / (1 + exp(-(b0 + sum_m b_m s_m))), s_m = measure m's sub-score in [0, 1]
// (1 = healthy), L2-penalised (logistic_fit.hpp), fitted on the sub-scores as the scorecard's
// normalisers produce them. A healthy sub-score should lower churn, so every b_m is constrained
// to be <= 0 and the measure's share of the score is  w_m = -b_m / sum_k(-b_k).
//
// A measure whose healthy side RAISES churn (its unconstrained coefficient is > 0) is not flipped:
// its weight is held at 0 and it is listed in `learned_weights::wrong_direction` with the
// coefficient it would have had, so a person can look at its normaliser (direction, thresholds).
//
// The calibrated churn probability comes with the score: with every measure present,
//   b0 + sum_m b_m s_m = b0 - W x score / 100,   W = sum_m (-b_m),
// so `churn_probability{intercept = b0, slope = -W / 100}` applied to the 0-100 score is exactly
// the fitted logistic model. With measures missing it applies the same formula to the
// renormalised score, which is the logistic model with each missing sub-score imputed by the
// renormalised mean of its group (see missing_policy::impute).
//
// Missing sub-scores are handled explicitly, never silently (`learned_weights::rows_used`,
// `rows_dropped`):
//   complete_rows (default): fit on the accounts with every sub-score present;
//   impute: a missing sub-score takes the value of its nearest enclosing group that has data (the
//           renormalised mean the scorer itself uses, under the starting scorecard's weights);
//           accounts with nothing present are dropped.
#pragma once

#include "vitals/churn_probability.hpp"
#include "vitals/error.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/model/logistic_fit.hpp"
#include "vitals/model/weighting.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

/// How accounts with missing sub-scores take part in a fit.
enum class missing_policy {
    complete_rows,  ///< only accounts with every sub-score present
    impute,         ///< missing sub-scores take their group's renormalised mean
};

[[nodiscard]] constexpr std::string_view to_string(missing_policy p) noexcept {
    return p == missing_policy::complete_rows ? "complete_rows" : "impute";
}

/// Churn probability from a 0-100 health score (the core type: vitals/churn_probability.hpp).
using vitals::churn_probability;

/// A measure the fit could not give a positive weight because its healthy side raises churn.
struct direction_warning {
    std::size_t measure = 0;
    std::string name;
    double coefficient = 0.0;  ///< its unconstrained logit coefficient per unit sub-score (> 0)
    /// Pearson correlation of its sub-score with churn on the rows used: < 0 means that on its
    /// own its healthy side does go with less churn, and the sign flips only beside other measures.
    double churn_correlation = 0.0;
    /// The other measure whose sub-score correlates most with this one's (npos when it is the only
    /// measure, or no other varies), and that correlation: the usual reason for the flip.
    std::size_t correlated_measure = static_cast<std::size_t>(-1);
    std::string correlated_name;
    double correlation = 0.0;
};

struct learn_options {
    double l2 = 1.0;  ///< penalty on the sub-score coefficients (sklearn's 1 / C)
    missing_policy missing = missing_policy::complete_rows;
    std::size_t max_iterations = 100;
    double tolerance = 1e-10;
};

struct learned_weights {
    scorecard card;                   ///< the input scorecard with the learned weights
    std::vector<double> shares;       ///< per measure, sum 1
    std::vector<double> coefficients;  ///< per measure: logit change per unit sub-score (<= 0)
    double intercept = 0.0;           ///< logit of churn when every sub-score is 0
    churn_probability probability;    ///< churn probability from the score (see the header comment)
    std::vector<direction_warning> wrong_direction;
    std::size_t rows_used = 0;
    std::size_t rows_dropped = 0;     ///< left out under the missing policy
    std::size_t iterations = 0;
    bool converged = false;
    double log_loss = 0.0;            ///< mean log-loss on the rows used (unpenalised)
};

/// Sub-scores ready for fitting under a missing-data policy: the rows kept and their matrix.
struct fit_matrix {
    Eigen::MatrixXd x;              ///< rows_used x M, no NaN
    Eigen::VectorXd y;
    std::vector<std::size_t> rows;  ///< the data rows kept
};

/// The sub-score matrix of `card` over `data` with missing values handled by `policy`.
[[nodiscard]] inline result<fit_matrix> fit_rows(const scorecard& card, const labelled_frame& data,
                                                  missing_policy policy) {
    VITALS_TRY(sub, sub_scores(card, data));
    const Eigen::Index N = sub.rows(), M = sub.cols();
    fit_matrix out;
    out.rows.reserve(static_cast<std::size_t>(N));
    std::vector<double> inputs;
    VITALS_TRY(cols, bind_columns(card, data.columns));
    for (Eigen::Index i = 0; i < N; ++i) {
        bool complete = true;
        for (Eigen::Index m = 0; m < M; ++m) complete = complete && sub(i, m) == sub(i, m);
        if (complete) {
            out.rows.push_back(static_cast<std::size_t>(i));
            continue;
        }
        if (policy == missing_policy::complete_rows) continue;
        // impute: each missing measure takes its nearest present enclosing node's value
        inputs.assign(cols.size(), 0.0);
        for (std::size_t k = 0; k < cols.size(); ++k) inputs[k] = data.frame(i, cols[k]);
        VITALS_TRY(acc, score_account(card, std::span<const double>(inputs)));
        if (!(acc.groups[0].score == acc.groups[0].score)) continue;  // nothing present
        for (Eigen::Index m = 0; m < M; ++m) {
            if (sub(i, m) == sub(i, m)) continue;
            std::size_t n = card.slots()[static_cast<std::size_t>(m)].node;
            while (!(acc.groups[n].score == acc.groups[n].score)) n = card.nodes()[n].parent;
            sub(i, m) = acc.groups[n].score / 100.0;
        }
        out.rows.push_back(static_cast<std::size_t>(i));
    }
    out.x.resize(static_cast<Eigen::Index>(out.rows.size()), M);
    out.y.resize(static_cast<Eigen::Index>(out.rows.size()));
    for (std::size_t r = 0; r < out.rows.size(); ++r) {
        out.x.row(static_cast<Eigen::Index>(r)) = sub.row(static_cast<Eigen::Index>(out.rows[r]));
        out.y[static_cast<Eigen::Index>(r)] = data.labels[out.rows[r]];
    }
    return out;
}

/// Fit the measure weights of `card` to the churn labels of `data`.
/// Errors: those of the data and the scorecard (unknown_column, shape_mismatch, ...),
/// invalid_argument when no row is usable, when only one class is present, or when every measure
/// points the wrong way (no weight can be positive); not_supported for weakest_link groups.
[[nodiscard]] inline result<learned_weights> learn_weights(const scorecard& card, const labelled_frame& data,
                                                           const learn_options& options = {}) {
    VITALS_TRY(fm, fit_rows(card, data, options.missing));
    const std::size_t M = card.measures().size();
    if (fm.rows.empty())
        return fail(errc::invalid_argument, std::string("data: no account usable under missing policy ") +
                                                std::string(to_string(options.missing)));
    const double pos = fm.y.sum();
    if (pos == 0.0 || pos == static_cast<double>(fm.y.size()))
        return fail(errc::invalid_argument, "data.labels: only one class among the rows used; nothing to learn");

    logistic_options lo;
    lo.l2 = options.l2;
    lo.max_iterations = options.max_iterations;
    lo.tolerance = options.tolerance;
    // the unconstrained fit names the measures pointing the wrong way
    VITALS_TRY(free_fit, fit_logistic(fm.x, fm.y, lo));
    lo.signs.assign(M, coefficient_sign::non_positive);
    VITALS_TRY(fit, fit_logistic(fm.x, fm.y, lo));

    std::vector<double> shares(M), coef(M);
    double W = 0.0;
    for (std::size_t m = 0; m < M; ++m) {
        coef[m] = fit.coefficients[static_cast<Eigen::Index>(m)];
        shares[m] = coef[m] < 0.0 ? -coef[m] : 0.0;  // held at 0: +0, not -0
        W += shares[m];
    }
    if (!(W > 0.0))
        return fail(errc::invalid_argument,
                    "data: every measure's healthy side goes with more churn (all weights would be 0); "
                    "check the normalisers' directions");
    VITALS_TRY(ws, with_measure_weights(card, shares));

    learned_weights out{ws.card, ws.shares, coef, fit.intercept, {fit.intercept, -W / 100.0}, {}, 0, 0, 0, false, 0.0};
    // Pearson correlation of two columns (0 when either is constant)
    const auto corr = [](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
        const Eigen::VectorXd da = a.array() - a.mean(), db = b.array() - b.mean();
        const double den = std::sqrt(da.squaredNorm() * db.squaredNorm());
        return den > 0.0 ? da.dot(db) / den : 0.0;
    };
    for (std::size_t m = 0; m < M; ++m) {
        const double b = free_fit.coefficients[static_cast<Eigen::Index>(m)];
        if (!(b > 0.0 || fit.held_at_zero[m])) continue;
        direction_warning w;
        w.measure = m;
        w.name = card.measures()[m].name;
        w.coefficient = b;
        const Eigen::VectorXd xm = fm.x.col(static_cast<Eigen::Index>(m));
        w.churn_correlation = corr(xm, fm.y);
        for (std::size_t k = 0; k < M; ++k) {
            if (k == m) continue;
            const double c = corr(xm, fm.x.col(static_cast<Eigen::Index>(k)));
            if (c != 0.0 && (w.correlated_measure == static_cast<std::size_t>(-1) || std::abs(c) > std::abs(w.correlation))) {
                w.correlated_measure = k;
                w.correlated_name = card.measures()[k].name;
                w.correlation = c;
            }
        }
        out.wrong_direction.push_back(std::move(w));
    }
    out.rows_used = fm.rows.size();
    out.rows_dropped = data.rows() - fm.rows.size();
    out.iterations = free_fit.iterations + fit.iterations;
    out.converged = free_fit.converged && fit.converged;
    double ll = 0.0;
    for (Eigen::Index i = 0; i < fm.x.rows(); ++i) {
        const double eta = fit.intercept + fm.x.row(i).dot(fit.coefficients);
        ll += detail::log1pexp(eta) - fm.y[i] * eta;
    }
    out.log_loss = ll / static_cast<double>(fm.x.rows());
    return out;
}

/// Fit only the churn probability of an existing scorecard's score (a one-variable logistic
/// regression of churn on the 0-100 score, unpenalised), e.g. for a baseline scorecard.
/// Accounts without a score are left out. Errors: as learn_weights.
[[nodiscard]] inline result<churn_probability> fit_churn_probability(const scorecard& card, const labelled_frame& data) {
    VITALS_TRY(s, scores(card, data));
    std::vector<Eigen::Index> keep;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == s[i]) keep.push_back(static_cast<Eigen::Index>(i));
    Eigen::MatrixXd x(static_cast<Eigen::Index>(keep.size()), 1);
    Eigen::VectorXd y(static_cast<Eigen::Index>(keep.size()));
    for (std::size_t k = 0; k < keep.size(); ++k) {
        x(static_cast<Eigen::Index>(k), 0) = s[static_cast<std::size_t>(keep[k])] / 100.0;
        y[static_cast<Eigen::Index>(k)] = data.labels[static_cast<std::size_t>(keep[k])];
    }
    if (keep.empty()) return fail(errc::invalid_argument, "data: no account was scored");
    logistic_options lo;
    lo.l2 = 0.0;
    VITALS_TRY(fit, fit_logistic(x, y, lo));
    if (!fit.converged) return fail(errc::invalid_argument, "data: the churn probability fit did not converge (separable labels?)");
    return churn_probability{fit.intercept, fit.coefficients[0] / 100.0};
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

// Vitals — elicited weights: the Analytic Hierarchy Process (Saaty).
//
// A person compares measures two at a time on Saaty's 1-9 scale: a_ij = how much more important
// measure i is than measure j (a_ji = 1 / a_ij, a_ii = 1). The weights are the principal
// (Perron) eigenvector of A, normalised to sum 1. Consistency: CI = (lambda_max - n) / (n - 1),
// CR = CI / RI(n) with Saaty's random indices RI = 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
// 1.45, 1.49 for n = 1..10 (Saaty 1980; n <= 2 is always consistent, CR = 0).
// `ahp_analyse` reports everything; `ahp_weights` and `fit_ahp_weights` refuse a matrix with
// CR > 0.1 (Saaty's threshold) with an error that gives the CR.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/weighting.hpp"
#include "vitals/scorecard.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <array>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

/// Saaty's random consistency index for n = 1..10 (index n - 1).
inline constexpr std::array<double, 10> ahp_random_index{0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49};

struct ahp_result {
    std::vector<double> weights;  ///< principal eigenvector, sum 1
    double lambda_max = 0.0;
    double consistency_index = 0.0;
    double consistency_ratio = 0.0;  ///< 0 for n <= 2
};

/// Weights and consistency of a pairwise-comparison matrix (n x n, 1 <= n <= 10; entries > 0,
/// finite; diagonal 1; a_ji = 1 / a_ij within a relative 1e-6). Errors: shape_mismatch,
/// invalid_argument naming the offending entry.
[[nodiscard]] inline result<ahp_result> ahp_analyse(const Eigen::Ref<const Eigen::MatrixXd>& a) {
    const Eigen::Index n = a.rows();
    if (a.cols() != n) return fail(errc::shape_mismatch, "comparisons: must be square (" + std::to_string(n) + " x " + std::to_string(a.cols()) + ")");
    if (n < 1 || n > 10) return fail(errc::invalid_argument, "comparisons: 1 to 10 items can be compared (" + std::to_string(n) + " given)");
    const auto at = [](Eigen::Index i, Eigen::Index j) { return "comparisons(" + std::to_string(i) + ", " + std::to_string(j) + ")"; };
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            const double v = a(i, j);
            if (!(std::isfinite(v) && v > 0.0)) return fail(errc::invalid_argument, at(i, j) + ": must be a finite number > 0");
            if (i == j && v != 1.0) return fail(errc::invalid_argument, at(i, j) + ": the diagonal must be 1");
            if (j > i && std::abs(v * a(j, i) - 1.0) > 1e-6)
                return fail(errc::invalid_argument, at(j, i) + ": must be 1 / " + at(i, j) + " (reciprocal)");
        }
    ahp_result r;
    if (n == 1) {
        r.weights = {1.0};
        r.lambda_max = 1.0;
        return r;
    }
    const Eigen::EigenSolver<Eigen::MatrixXd> es(a);
    if (es.info() != Eigen::Success) return fail(errc::internal, "comparisons: the eigenvalue solver did not converge");
    Eigen::Index k = 0;
    for (Eigen::Index i = 1; i < n; ++i)
        if (es.eigenvalues()[i].real() > es.eigenvalues()[k].real()) k = i;
    Eigen::VectorXd v = es.eigenvectors().col(k).real();
    v /= v.sum();  // Perron vector: one sign; normalising by the sum makes it positive
    r.weights.assign(v.data(), v.data() + n);
    r.lambda_max = es.eigenvalues()[k].real();
    const double dn = static_cast<double>(n);
    r.consistency_index = std::max(0.0, (r.lambda_max - dn) / (dn - 1.0));
    const double ri = ahp_random_index[static_cast<std::size_t>(n - 1)];
    r.consistency_ratio = ri > 0.0 ? r.consistency_index / ri : 0.0;
    return r;
}

/// As ahp_analyse, but an error (invalid_argument) when CR > max_ratio (default 0.1), giving CR.
[[nodiscard]] inline result<ahp_result> ahp_weights(const Eigen::Ref<const Eigen::MatrixXd>& a, double max_ratio = 0.1) {
    VITALS_TRY(r, ahp_analyse(a));
    if (r.consistency_ratio > max_ratio) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "comparisons: consistency ratio %.4f exceeds %.2f; revise the judgments (lambda_max %.4f)",
                      r.consistency_ratio, max_ratio, r.lambda_max);
        return fail(errc::invalid_argument, buf);
    }
    return r;
}

struct ahp_scorecard {
    scorecard card;
    ahp_result ahp;
};

/// The scorecard with measure shares from a pairwise comparison of its measures (row/column i =
/// card.measures()[i]). Errors: shape_mismatch (matrix size differs from the measure count), and
/// those of ahp_weights and with_measure_weights.
[[nodiscard]] inline result<ahp_scorecard> fit_ahp_weights(const scorecard& card, const Eigen::Ref<const Eigen::MatrixXd>& a,
                                                          double max_ratio = 0.1) {
    if (static_cast<std::size_t>(a.rows()) != card.measures().size())
        return fail(errc::shape_mismatch, "comparisons: " + std::to_string(a.rows()) + " rows, the scorecard has " +
                                              std::to_string(card.measures().size()) + " measures");
    VITALS_TRY(r, ahp_weights(a, max_ratio));
    VITALS_TRY(ws, with_measure_weights(card, r.weights));
    return ahp_scorecard{ws.card, std::move(r)};
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

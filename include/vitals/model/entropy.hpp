// Vitals — objective weights: the entropy weight method over sub-scores.
//
// A measure whose sub-scores barely differ between accounts cannot tell accounts apart, so it
// should weigh little; one whose sub-scores are spread out should weigh more. For measure j with
// present sub-scores x_1j .. x_nj (n_j of them):
//   p_ij = x_ij / sum_i x_ij,   e_j = -(1 / ln n_j) sum_i p_ij ln p_ij  (0 ln 0 = 0),
//   d_j = 1 - e_j,              w_j = d_j / sum_k d_k.
// Missing sub-scores: each measure uses the accounts where it is present (n_j of them); nothing
// is imputed. Labels are not used (an objective method); pass any labelled_frame.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/model/weighting.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

struct entropy_weights_result {
    std::vector<double> entropy;     ///< e_j per measure (in [0, 1])
    std::vector<double> divergence;  ///< d_j = 1 - e_j
    std::vector<double> shares;      ///< w_j, sum 1
    std::vector<std::size_t> present;  ///< n_j
};

/// Entropy weights of the columns of `x` (N x M sub-scores in [0, 1], NaN = missing).
/// Errors: invalid_argument when a column has fewer than two present values or sums to 0
/// (named by index), or when every column is constant (no dispersion to weigh by).
[[nodiscard]] inline result<entropy_weights_result> entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
    const Eigen::Index N = x.rows(), M = x.cols();
    entropy_weights_result r;
    r.entropy.resize(static_cast<std::size_t>(M));
    r.divergence.resize(static_cast<std::size_t>(M));
    r.shares.resize(static_cast<std::size_t>(M));
    r.present.resize(static_cast<std::size_t>(M));
    double dsum = 0.0;
    for (Eigen::Index j = 0; j < M; ++j) {
        double sum = 0.0;
        std::size_t n = 0;
        for (Eigen::Index i = 0; i < N; ++i) {
            const double v = x(i, j);
            if (v != v) continue;
            if (v < 0.0) return fail(errc::invalid_argument, "x(" + std::to_string(i) + ", " + std::to_string(j) + "): negative");
            sum += v;
            ++n;
        }
        const auto J = static_cast<std::size_t>(j);
        if (n < 2) return fail(errc::invalid_argument, "x column " + std::to_string(j) + ": fewer than two present values");
        if (!(sum > 0.0)) return fail(errc::invalid_argument, "x column " + std::to_string(j) + ": every sub-score is 0");
        double h = 0.0;
        for (Eigen::Index i = 0; i < N; ++i) {
            const double v = x(i, j);
            if (v != v || v == 0.0) continue;
            const double p = v / sum;
            h -= p * std::log(p);
        }
        r.present[J] = n;
        r.entropy[J] = h / std::log(static_cast<double>(n));
        r.divergence[J] = 1.0 - r.entropy[J] > 1e-12 ? 1.0 - r.entropy[J] : 0.0;  // rounding: constant -> 0
        dsum += r.divergence[J];
    }
    if (!(dsum > 0.0)) return fail(errc::invalid_argument, "x: every column is constant; entropy weights are undefined");
    for (std::size_t j = 0; j < r.shares.size(); ++j) r.shares[j] = r.divergence[j] / dsum;
    return r;
}

struct entropy_scorecard {
    scorecard card;
    entropy_weights_result weights;
};

/// The scorecard with entropy weights computed from its sub-scores over `data` (labels unused).
[[nodiscard]] inline result<entropy_scorecard> fit_entropy_weights(const scorecard& card, const labelled_frame& data) {
    VITALS_TRY(sub, sub_scores(card, data));
    auto w = entropy_weights(sub);
    if (!w) {  // name the measure rather than the column index
        std::string msg = w.error().message;
        for (std::size_t m = 0; m < card.measures().size(); ++m) {
            const std::string tag = "x column " + std::to_string(m) + ":";
            if (msg.rfind(tag, 0) == 0) msg = "/measures/" + std::to_string(m) + " (" + card.measures()[m].name + "):" + msg.substr(tag.size());
        }
        return fail(w.error().code, msg);
    }
    VITALS_TRY(ws, with_measure_weights(card, w.value().shares));
    return entropy_scorecard{ws.card, std::move(w).value()};
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

// Vitals — L2-regularised logistic regression, fitted by Newton's method (IRLS) with Eigen.
//
// Minimises   sum_i [ log(1 + exp(eta_i)) - y_i eta_i ]  +  (l2 / 2) ||beta||^2,
//             eta_i = intercept + x_i . beta,
// the intercept not penalised. This is scikit-learn's LogisticRegression(penalty="l2", C) with
// l2 = 1 / C (sklearn minimises C x sum of log-losses + ||beta||^2 / 2: the same minimiser).
// Each Newton step solves (X'WX + l2 I) d = -gradient with a Cholesky (LDLT) factorisation, with a
// backtracking line search on the objective; it stops when the largest step is below `tolerance`.
//
// Sign constraints: a coefficient may be kept <= 0 or >= 0 (an active-set method: a coefficient
// that would take the wrong sign is fixed at 0 and released again when the gradient says the
// objective would fall by moving it back). The learned-weights model uses this to keep health
// weights non-negative while reporting the measures it had to hold at 0.
#pragma once

#include "vitals/error.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

/// A sign constraint on one coefficient.
enum class coefficient_sign { free, non_positive, non_negative };

struct logistic_options {
    double l2 = 1.0;                  ///< penalty strength (sklearn's 1 / C); >= 0
    bool fit_intercept = true;
    std::size_t max_iterations = 100;  ///< Newton steps (per active set)
    double tolerance = 1e-10;         ///< stop when max |step| <= tolerance x (1 + max |theta|)
    std::vector<coefficient_sign> signs;  ///< empty = all free; else one per column of X
};

struct logistic_model {
    double intercept = 0.0;
    Eigen::VectorXd coefficients;      ///< one per column of X
    std::vector<char> held_at_zero;    ///< per coefficient: fixed at 0 by its sign constraint
    double objective = 0.0;            ///< penalised negative log-likelihood at the solution
    std::size_t iterations = 0;        ///< Newton steps in total
    bool converged = false;

    /// P(y = 1 | x).
    [[nodiscard]] double probability(const Eigen::Ref<const Eigen::RowVectorXd>& x) const {
        const double eta = intercept + x.dot(coefficients.transpose());
        return 1.0 / (1.0 + std::exp(-eta));
    }
};

namespace detail {

/// log(1 + exp(eta)) without overflow.
[[nodiscard]] inline double log1pexp(double eta) noexcept {
    return eta > 0.0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta));
}

}  // namespace detail

/// Fit on X (N x p, no NaN) and y (N labels 0 or 1).
/// Errors: shape_mismatch, invalid_argument (NaN in X, a label not 0/1, l2 < 0, bad signs size).
/// A fit that runs out of iterations is returned with converged = false.
[[nodiscard]] inline result<logistic_model> fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                         const Eigen::Ref<const Eigen::VectorXd>& y,
                                                         const logistic_options& options = {}) {
    const Eigen::Index N = X.rows(), p = X.cols();
    if (y.size() != N)
        return fail(errc::shape_mismatch, "y: " + std::to_string(y.size()) + " labels for " + std::to_string(N) + " rows of X");
    if (N == 0) return fail(errc::invalid_argument, "X: no rows");
    if (!(options.l2 >= 0.0 && std::isfinite(options.l2)))
        return fail(errc::invalid_argument, "options.l2: must be a finite number >= 0");
    if (!options.signs.empty() && options.signs.size() != static_cast<std::size_t>(p))
        return fail(errc::invalid_argument, "options.signs: " + std::to_string(options.signs.size()) +
                                                " given for " + std::to_string(p) + " columns");
    if (!X.allFinite()) return fail(errc::invalid_argument, "X: holds NaN or infinite values");
    for (Eigen::Index i = 0; i < N; ++i)
        if (!(y[i] == 0.0 || y[i] == 1.0))
            return fail(errc::invalid_argument, "y[" + std::to_string(i) + "]: must be 0 or 1");

    const Eigen::Index off = options.fit_intercept ? 1 : 0;
    const Eigen::Index q = p + off;                 // parameters: [intercept,] beta
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(q);
    if (options.fit_intercept) {                    // start at the base rate
        const double rate = std::clamp(y.mean(), 1e-6, 1.0 - 1e-6);
        theta[0] = std::log(rate / (1.0 - rate));
    }
    std::vector<char> fixed(static_cast<std::size_t>(p), 0);
    const auto sign_of = [&](Eigen::Index j) {
        return options.signs.empty() ? coefficient_sign::free : options.signs[static_cast<std::size_t>(j)];
    };
    const auto eta_of = [&](const Eigen::VectorXd& t) -> Eigen::VectorXd {
        Eigen::VectorXd eta = X * t.tail(p);
        if (options.fit_intercept) eta.array() += t[0];
        return eta;
    };
    const auto objective_at = [&](const Eigen::VectorXd& t, const Eigen::VectorXd& eta) {
        double f = 0.0;
        for (Eigen::Index i = 0; i < N; ++i) f += detail::log1pexp(eta[i]) - y[i] * eta[i];
        return f + 0.5 * options.l2 * t.tail(p).squaredNorm();
    };
    const auto gradient = [&](const Eigen::VectorXd& t, const Eigen::VectorXd& prob) {
        Eigen::VectorXd g(q);
        const Eigen::VectorXd r = prob - y;
        if (options.fit_intercept) g[0] = r.sum();
        g.tail(p) = X.transpose() * r + options.l2 * t.tail(p);
        return g;
    };
    const auto objective = [&](const Eigen::VectorXd& t) { return objective_at(t, eta_of(t)); };
    const auto probabilities_at = [&](const Eigen::VectorXd& eta) -> Eigen::VectorXd {
        return (1.0 + (-eta.array()).exp()).inverse().matrix();
    };
    const auto probabilities = [&](const Eigen::VectorXd& t) -> Eigen::VectorXd { return probabilities_at(eta_of(t)); };
    Eigen::MatrixXd Xf;  // sqrt(w)-scaled free columns, reused across iterations
    Eigen::VectorXd eta_cur, eta_next;

    logistic_model out;
    double f = objective(theta);
    // active-set loop: solve with the fixed set at 0, then fix violators / release the fixed
    for (std::size_t round = 0; round < 4 * static_cast<std::size_t>(p) + 4; ++round) {
        // free parameters (indices into theta)
        std::vector<Eigen::Index> freeidx;
        if (options.fit_intercept) freeidx.push_back(0);
        for (Eigen::Index j = 0; j < p; ++j)
            if (!fixed[static_cast<std::size_t>(j)]) freeidx.push_back(j + off);
        const auto F = static_cast<Eigen::Index>(freeidx.size());
        bool converged = false;
        eta_cur = eta_of(theta);
        for (std::size_t it = 0; it < options.max_iterations; ++it) {
            ++out.iterations;
            const Eigen::VectorXd prob = probabilities_at(eta_cur);
            const Eigen::VectorXd g = gradient(theta, prob);
            const Eigen::VectorXd w = (prob.array() * (1.0 - prob.array())).matrix();
            // Hessian over the free parameters
            Xf.resize(N, F);
            const Eigen::VectorXd sw = w.cwiseSqrt();
            for (Eigen::Index k = 0; k < F; ++k) {
                const Eigen::Index j = freeidx[static_cast<std::size_t>(k)];
                if (options.fit_intercept && j == 0)
                    Xf.col(k) = sw;
                else
                    Xf.col(k) = X.col(j - off).cwiseProduct(sw);
            }
            Eigen::MatrixXd H = Eigen::MatrixXd::Zero(F, F);
            H.selfadjointView<Eigen::Lower>().rankUpdate(Xf.transpose());
            H = H.selfadjointView<Eigen::Lower>();
            Eigen::VectorXd gf(F);
            for (Eigen::Index k = 0; k < F; ++k) {
                const Eigen::Index j = freeidx[static_cast<std::size_t>(k)];
                gf[k] = g[j];
                if (!(options.fit_intercept && j == 0)) H(k, k) += options.l2;
            }
            const Eigen::LDLT<Eigen::MatrixXd> ldlt(H);
            Eigen::VectorXd d = ldlt.solve(-gf);
            if (!d.allFinite()) break;
            // backtracking line search on the objective
            double step = 1.0;
            Eigen::VectorXd next = theta;
            double fn = f;
            for (int ls = 0; ls < 60; ++ls) {
                next = theta;
                for (Eigen::Index k = 0; k < F; ++k) next[freeidx[static_cast<std::size_t>(k)]] += step * d[k];
                eta_next = eta_of(next);
                fn = objective_at(next, eta_next);
                // Armijo, with room for the objective's rounding noise: near the optimum a full
                // Newton step changes f by less than its last bits, and must still be taken
                if (fn <= f + 1e-4 * step * gf.dot(d) + 1e-12 * std::abs(f) || step < 1e-12) break;
                step *= 0.5;
            }
            const double moved = step * d.cwiseAbs().maxCoeff();
            theta = next;
            f = fn;
            eta_cur.swap(eta_next);
            if (moved <= options.tolerance * (1.0 + theta.cwiseAbs().maxCoeff())) {
                converged = true;
                break;
            }
        }
        out.converged = converged;
        // sign violations among the free coefficients: fix them at 0
        bool changed = false;
        for (Eigen::Index j = 0; j < p; ++j) {
            if (fixed[static_cast<std::size_t>(j)]) continue;
            const double b = theta[j + off];
            if ((sign_of(j) == coefficient_sign::non_positive && b > 0.0) ||
                (sign_of(j) == coefficient_sign::non_negative && b < 0.0)) {
                fixed[static_cast<std::size_t>(j)] = 1;
                theta[j + off] = 0.0;
                changed = true;
            }
        }
        if (changed) {
            f = objective(theta);
            continue;
        }
        // release the fixed coefficient whose gradient points most strongly back into its side
        const Eigen::VectorXd g = gradient(theta, probabilities(theta));
        Eigen::Index release = -1;
        double best = 0.0;
        for (Eigen::Index j = 0; j < p; ++j) {
            if (!fixed[static_cast<std::size_t>(j)]) continue;
            // moving b_j by -delta changes f by -g_j delta: non_positive wants g_j > 0 to move
            const double gain = sign_of(j) == coefficient_sign::non_positive ? g[j + off] : -g[j + off];
            if (gain > best + 1e-12 * (1.0 + std::abs(f))) {
                best = gain;
                release = j;
            }
        }
        if (release < 0) break;
        fixed[static_cast<std::size_t>(release)] = 0;
    }
    out.intercept = options.fit_intercept ? theta[0] : 0.0;
    out.coefficients = theta.tail(p);
    out.held_at_zero = fixed;
    out.objective = f;
    return out;
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

// Weighting models (include/vitals/model/): the L2 logistic fit against scikit-learn's
// LogisticRegression on the same standardised matrix (tests/data/model_logistic.txt); sign
// constraints; learned weights (shares, wrong-direction report, churn probability, missing data);
// AHP on a published example; entropy weights by hand; equal weights and with_measure_weights.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "vitals/model/ahp.hpp"
#include "vitals/model/entropy.hpp"
#include "vitals/model/learned_weights.hpp"
#include "vitals/model/logistic_fit.hpp"
#include "vitals/model/metrics.hpp"
#include "vitals/model/weighting.hpp"
#include "vitals/normalise.hpp"
#include "vitals/score.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace vm = vitals::model;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

struct logistic_fixture {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    struct fit { double C, intercept; std::vector<double> coef; };
    std::vector<fit> fits;
};

logistic_fixture read_logistic() {
    logistic_fixture f;
    std::vector<std::vector<double>> rows;
    for (const std::string& line : model_test::fixture_lines("model_logistic.txt")) {
        const auto k = model_test::key_of(line);
        const auto v = model_test::numbers_of(line);
        if (k == "row") rows.push_back(v);
        if (k == "fit") f.fits.push_back({v[0], v[1], std::vector<double>(v.begin() + 2, v.end())});
    }
    const auto n = static_cast<Eigen::Index>(rows.size());
    const auto p = static_cast<Eigen::Index>(rows[0].size() - 1);
    f.x.resize(n, p);
    f.y.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < p; ++j) f.x(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
        f.y[i] = rows[static_cast<std::size_t>(i)].back();
    }
    return f;
}

/// Three measures at the top level, inputs a, b, c, sub-score = raw value (linear 0..1).
vitals::scorecard abc_card() {
    vitals::scorecard_spec s;
    s.name = "abc";
    for (const char* n : {"a", "b", "c"}) s.measures.push_back({n, n, vitals::linear{0.0, 1.0}, 1.0, "", ""});
    return vitals::scorecard::build(s).value();
}

}  // namespace

TEST_CASE("logistic fit: coefficients equal scikit-learn's LogisticRegression(C) to 1e-6") {
    const auto f = read_logistic();
    REQUIRE(f.fits.size() == 3);
    REQUIRE(f.x.rows() == 300);
    for (const auto& fit : f.fits) {
        CAPTURE(fit.C);
        vm::logistic_options o;
        o.l2 = 1.0 / fit.C;
        auto m = vm::fit_logistic(f.x, f.y, o);
        REQUIRE(m.has_value());
        CHECK(m.value().converged);
        CHECK(std::abs(m.value().intercept - fit.intercept) <= 1e-6);
        for (std::size_t j = 0; j < fit.coef.size(); ++j)
            CHECK(std::abs(m.value().coefficients[static_cast<Eigen::Index>(j)] - fit.coef[j]) <= 1e-6);
    }
}

TEST_CASE("logistic fit: a sign constraint holds a coefficient at 0 and the rest refit") {
    const auto f = read_logistic();
    vm::logistic_options o;
    o.signs.assign(5, vm::coefficient_sign::free);
    o.signs[0] = vm::coefficient_sign::non_positive;  // coefficient 0 is +0.87 when free
    auto m = vm::fit_logistic(f.x, f.y, o);
    REQUIRE(m.has_value());
    CHECK(m.value().coefficients[0] == 0.0);
    CHECK(m.value().held_at_zero[0] == 1);
    // the same as fitting without column 0
    vm::logistic_options plain;
    auto m4 = vm::fit_logistic(f.x.rightCols(4), f.y, plain);
    for (Eigen::Index j = 0; j < 4; ++j) CHECK(std::abs(m.value().coefficients[j + 1] - m4.value().coefficients[j]) <= 1e-8);
    // a constraint that is not binding changes nothing
    o.signs[0] = vm::coefficient_sign::non_negative;
    auto m2 = vm::fit_logistic(f.x, f.y, o);
    CHECK(std::abs(m2.value().coefficients[0] - 0.8669571207666207) <= 1e-6);
}

TEST_CASE("logistic fit: argument errors") {
    Eigen::MatrixXd x(2, 1);
    x << 1, NaN;
    Eigen::VectorXd y(2);
    y << 0, 1;
    CHECK(vm::fit_logistic(x, y).error().message == "X: holds NaN or infinite values");
    x(1, 0) = 2;
    y[1] = 3;
    CHECK(vm::fit_logistic(x, y).error().message == "y[1]: must be 0 or 1");
    CHECK(vm::fit_logistic(x, Eigen::VectorXd::Zero(3)).error().code == vitals::errc::shape_mismatch);
    vm::logistic_options o;
    o.l2 = -1;
    y[1] = 1;
    CHECK(vm::fit_logistic(x, y, o).error().message == "options.l2: must be a finite number >= 0");
}

TEST_CASE("with_measure_weights: shares come out exactly through nested groups") {
    vitals::scorecard_spec s;
    s.groups = {{"usage", 3.0, "", vitals::aggregation::mean, ""}, {"depth", 1.0, "usage", vitals::aggregation::mean, ""}};
    s.measures = {{"a", "a", vitals::linear{0, 1}, 1, "usage", ""},
                  {"b", "b", vitals::linear{0, 1}, 1, "depth", ""},
                  {"c", "c", vitals::linear{0, 1}, 1, "depth", ""},
                  {"d", "d", vitals::linear{0, 1}, 1, "", ""}};
    const auto card = vitals::scorecard::build(s).value();
    const std::vector<double> shares{0.4, 0.1, 0.2, 0.3};
    auto w = vm::with_measure_weights(card, shares);
    REQUIRE(w.has_value());
    for (std::size_t m = 0; m < 4; ++m) CHECK(w.value().card.slots()[m].share == doctest::Approx(shares[m]).epsilon(1e-14));
    CHECK(w.value().card.groups()[0].weight == doctest::Approx(70.0));
    CHECK(w.value().card.measures()[0].weight == doctest::Approx(40.0));
    // a group whose shares are all 0 counts for nothing but keeps the scorecard valid
    auto z = vm::with_measure_weights(card, std::vector<double>{0.5, 0, 0, 0.5});
    REQUIRE(z.has_value());
    CHECK(z.value().card.slots()[1].share == 0.0);
    CHECK(z.value().card.slots()[3].share == doctest::Approx(0.5));
    // errors
    CHECK(vm::with_measure_weights(card, std::vector<double>{1, 2}).error().code == vitals::errc::shape_mismatch);
    CHECK(vm::with_measure_weights(card, std::vector<double>{1, -1, 0, 0}).error().message ==
          "shares[1] (b): must be a finite number >= 0");
    CHECK(vm::with_measure_weights(card, std::vector<double>{0, 0, 0, 0}).error().message == "shares: all are zero");
    s.groups[1].aggregation = vitals::aggregation::weakest_link;
    const auto wl = vitals::scorecard::build(s).value();
    CHECK(vm::with_measure_weights(wl, shares).error().code == vitals::errc::not_supported);
    // equal weights: every measure 1/4, whatever the groups said
    auto eq = vm::equal_weights(card);
    for (std::size_t m = 0; m < 4; ++m) CHECK(eq.value().card.slots()[m].share == doctest::Approx(0.25));
}

TEST_CASE("AHP: Saaty's drink-consumption example gives the published weights") {
    // Saaty, T. L. (2008), "Decision making with the analytic hierarchy process", Int. J. Services
    // Sciences 1(1), 83-98, Table 2 ("Which drink is consumed more in the U.S.?"): coffee, wine,
    // tea, beer, sodas, milk, water; the paper's derived weights are .177 .019 .042 .116 .190
    // .129 .327 (three decimals). CR: (lambda_max - 7) / 6 / RI(7) with RI(7) = 1.32; lambda_max =
    // 7.1766 (numpy.linalg.eig gives 7.17662903933035), CR = 0.0223.
    Eigen::MatrixXd a(7, 7);
    a << 1, 9, 5, 2, 1, 1, 1.0 / 2,          //
        1.0 / 9, 1, 1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9,  //
        1.0 / 5, 3, 1, 1.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 9,        //
        1.0 / 2, 9, 3, 1, 1.0 / 2, 1, 1.0 / 3,                    //
        1, 9, 4, 2, 1, 2, 1.0 / 2,                                //
        1, 9, 3, 1, 1.0 / 2, 1, 1.0 / 3,                          //
        2, 9, 9, 3, 2, 3, 1;
    auto r = vm::ahp_weights(a);
    REQUIRE(r.has_value());
    const std::vector<double> published{.177, .019, .042, .116, .190, .129, .327};
    for (std::size_t i = 0; i < 7; ++i) CHECK(std::abs(r.value().weights[i] - published[i]) <= 0.0005);
    CHECK(r.value().lambda_max == doctest::Approx(7.17662903933035).epsilon(1e-10));
    CHECK(r.value().consistency_ratio == doctest::Approx((7.17662903933035 - 7) / 6 / 1.32).epsilon(1e-9));
}

TEST_CASE("AHP: a consistent matrix gives its exact ratios and CR 0; an inconsistent one is refused") {
    // a_ij = w_i / w_j for w = (4, 2, 1, 1) / 8: perfectly consistent (Saaty: lambda_max = n)
    const std::vector<double> w{0.5, 0.25, 0.125, 0.125};
    Eigen::MatrixXd a(4, 4);
    for (Eigen::Index i = 0; i < 4; ++i)
        for (Eigen::Index j = 0; j < 4; ++j) a(i, j) = w[static_cast<std::size_t>(i)] / w[static_cast<std::size_t>(j)];
    auto r = vm::ahp_weights(a);
    REQUIRE(r.has_value());
    for (std::size_t i = 0; i < 4; ++i) CHECK(r.value().weights[i] == doctest::Approx(w[i]).epsilon(1e-12));
    CHECK(r.value().consistency_ratio == doctest::Approx(0.0).epsilon(1e-12));
    // a cycle: 1 > 2 (x9), 2 > 3 (x9), 3 > 1 (x9)
    Eigen::MatrixXd c(3, 3);
    c << 1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1;
    auto bad = vm::ahp_weights(c);
    REQUIRE(!bad.has_value());
    CHECK(bad.error().message.rfind("comparisons: consistency ratio ", 0) == 0);
    CHECK(bad.error().message.find("exceeds 0.10") != std::string::npos);
    CHECK(vm::ahp_analyse(c).value().consistency_ratio > 0.1);  // analyse still reports it
    // shape and reciprocity errors name the entry
    c(2, 0) = 8;
    CHECK(vm::ahp_analyse(c).error().message == "comparisons(2, 0): must be 1 / comparisons(0, 2) (reciprocal)");
    CHECK(vm::ahp_analyse(Eigen::MatrixXd::Ones(2, 3)).error().code == vitals::errc::shape_mismatch);
    // into a scorecard: one row per measure
    Eigen::MatrixXd m3(3, 3);
    m3 << 1, 2, 4, 0.5, 1, 2, 0.25, 0.5, 1;
    auto card = vm::fit_ahp_weights(abc_card(), m3);
    REQUIRE(card.has_value());
    CHECK(card.value().card.slots()[0].share == doctest::Approx(4.0 / 7));
    CHECK(vm::fit_ahp_weights(abc_card(), a).error().code == vitals::errc::shape_mismatch);
}

TEST_CASE("entropy weights on a hand-computed example") {
    // column 0: 1, 1, 1, 1 -> constant: e = 1, d = 0
    // column 1: 1, 0, 0, 0 -> p = (1, 0, 0, 0): e = 0, d = 1
    // column 2: 0.5, 0.5, 0, 0 (NaN in row 3 -> n = 3): p = (1/2, 1/2, 0): e = ln 2 / ln 3
    Eigen::MatrixXd x(4, 3);
    x << 1, 1, 0.5,  //
        1, 0, 0.5,   //
        1, 0, 0,     //
        1, 0, NaN;
    auto r = vm::entropy_weights(x);
    REQUIRE(r.has_value());
    const double e2 = std::log(2.0) / std::log(3.0);
    CHECK(r.value().entropy[0] == doctest::Approx(1.0));
    CHECK(r.value().entropy[1] == doctest::Approx(0.0));
    CHECK(r.value().entropy[2] == doctest::Approx(e2));
    CHECK(r.value().present[2] == 3);
    const double d = 1.0 + (1.0 - e2);
    CHECK(r.value().shares[0] == doctest::Approx(0.0));
    CHECK(r.value().shares[1] == doctest::Approx(1.0 / d));
    CHECK(r.value().shares[2] == doctest::Approx((1.0 - e2) / d));
    Eigen::MatrixXd flat = Eigen::MatrixXd::Constant(3, 2, 0.5);
    CHECK(vm::entropy_weights(flat).error().message == "x: every column is constant; entropy weights are undefined");
}

TEST_CASE("learned weights: shares from churn, a wrong-way measure reported, probability on the score") {
    // a lowers churn strongly, b a little, c raises it (its healthy side goes with churn)
    std::vector<double> cols, labels;
    const std::size_t N = 4000;
    std::vector<double> a(N), b(N), c(N);
    vm::portable_rng rng(3);
    for (std::size_t i = 0; i < N; ++i) {
        a[i] = static_cast<double>(rng.below(1001)) / 1000.0;
        b[i] = static_cast<double>(rng.below(1001)) / 1000.0;
        c[i] = static_cast<double>(rng.below(1001)) / 1000.0;
        const double eta = 1.0 - 4.0 * a[i] - 1.0 * b[i] + 2.0 * c[i];
        const double p = 1.0 / (1.0 + std::exp(-eta));
        labels.push_back(static_cast<double>(rng.below(1000000)) / 1e6 < p ? 1.0 : 0.0);
    }
    cols.insert(cols.end(), a.begin(), a.end());
    cols.insert(cols.end(), b.begin(), b.end());
    cols.insert(cols.end(), c.begin(), c.end());
    const std::vector<std::string> names{"a", "b", "c"};
    const vm::labelled_frame data{vitals::frame_view<double>::column_major(cols.data(), N, 3), names, labels};
    auto fit = vm::learn_weights(abc_card(), data);
    REQUIRE(fit.has_value());
    const auto& f = fit.value();
    CHECK(f.converged);
    CHECK(f.rows_used == N);
    CHECK(f.rows_dropped == 0);
    REQUIRE(f.wrong_direction.size() == 1);
    CHECK(f.wrong_direction[0].name == "c");
    CHECK(f.wrong_direction[0].coefficient > 1.0);
    CHECK(f.wrong_direction[0].churn_correlation > 0.0);  // wrong even on its own
    CHECK(f.coefficients[2] == 0.0);
    CHECK(f.shares[2] == 0.0);
    CHECK(f.shares[0] > 2.5 * f.shares[1]);
    CHECK(f.shares[0] + f.shares[1] == doctest::Approx(1.0));
    // the probability on the score equals the constrained logistic model for every account
    for (std::size_t i = 0; i < 50; ++i) {
        auto s = vitals::score_account(f.card, {{"a", a[i]}, {"b", b[i]}, {"c", c[i]}}).value();
        const double eta = f.intercept + f.coefficients[0] * a[i] + f.coefficients[1] * b[i];
        CHECK(f.probability(s.score) == doctest::Approx(1.0 / (1.0 + std::exp(-eta))).epsilon(1e-12));
    }
    // missing data: complete rows drop the account; impute keeps it
    cols[0] = NaN;  // a of account 0
    const vm::labelled_frame holed{vitals::frame_view<double>::column_major(cols.data(), N, 3), names, labels};
    auto complete = vm::learn_weights(abc_card(), holed);
    CHECK(complete.value().rows_used == N - 1);
    CHECK(complete.value().rows_dropped == 1);
    vm::learn_options imp;
    imp.missing = vm::missing_policy::impute;
    auto imputed = vm::learn_weights(abc_card(), holed, imp);
    CHECK(imputed.value().rows_used == N);
    auto rows = vm::fit_rows(abc_card(), holed, vm::missing_policy::impute);
    CHECK(rows.value().x(0, 0) == doctest::Approx((b[0] + c[0]) / 2));  // the renormalised mean
    // errors name the problem
    std::vector<double> all_stay(N, 0.0);
    const vm::labelled_frame one_class{vitals::frame_view<double>::column_major(cols.data(), N, 3), names, all_stay};
    CHECK(vm::learn_weights(abc_card(), one_class).error().message ==
          "data.labels: only one class among the rows used; nothing to learn");
    const std::vector<std::string> wrong{"a", "b", "x"};
    const vm::labelled_frame missing_col{vitals::frame_view<double>::column_major(cols.data(), N, 3), wrong, labels};
    CHECK(vm::learn_weights(abc_card(), missing_col).error().code == vitals::errc::unknown_column);
}

TEST_CASE("learned weights: a measure held at 0 only beside a correlated one names that measure") {
    // b is a with a little noise; churn falls with a and rises with b once a is known, so on its
    // own b's healthy side goes with less churn, and the flip comes from its overlap with a
    const std::size_t N = 4000;
    std::vector<double> a(N), b(N), c(N), labels;
    vm::portable_rng rng(5);
    for (std::size_t i = 0; i < N; ++i) {
        a[i] = static_cast<double>(rng.below(1001)) / 1000.0;
        const double noise = (static_cast<double>(rng.below(1001)) / 1000.0 - 0.5) * 0.2;
        b[i] = std::clamp(a[i] + noise, 0.0, 1.0);
        c[i] = static_cast<double>(rng.below(1001)) / 1000.0;
        const double eta = 1.0 - 6.0 * a[i] + 2.0 * b[i] - 1.0 * c[i];
        labels.push_back(static_cast<double>(rng.below(1000000)) / 1e6 < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0);
    }
    std::vector<double> cols(a);
    cols.insert(cols.end(), b.begin(), b.end());
    cols.insert(cols.end(), c.begin(), c.end());
    const std::vector<std::string> names{"a", "b", "c"};
    const vm::labelled_frame data{vitals::frame_view<double>::column_major(cols.data(), N, 3), names, labels};
    auto fit = vm::learn_weights(abc_card(), data);
    REQUIRE(fit.has_value());
    const auto& f = fit.value();
    REQUIRE(f.wrong_direction.size() == 1);
    const auto& w = f.wrong_direction[0];
    CHECK(w.name == "b");
    CHECK(f.coefficients[1] == 0.0);
    CHECK(w.churn_correlation < 0.0);  // alone, it points the right way
    CHECK(w.correlated_name == "a");
    CHECK(w.correlated_measure == 0);
    CHECK(w.correlation > 0.9);
    // the correlations are Pearson's on the sub-scores (here the raw values) and the labels
    const auto pearson = [&](const std::vector<double>& x, const std::vector<double>& y) {
        double mx = 0, my = 0;
        for (std::size_t i = 0; i < N; ++i) mx += x[i], my += y[i];
        mx /= N, my /= N;
        double sxy = 0, sxx = 0, syy = 0;
        for (std::size_t i = 0; i < N; ++i) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / std::sqrt(sxx * syy);
    };
    CHECK(w.churn_correlation == doctest::Approx(pearson(b, labels)).epsilon(1e-9));
    CHECK(w.correlation == doctest::Approx(pearson(b, a)).epsilon(1e-9));
}

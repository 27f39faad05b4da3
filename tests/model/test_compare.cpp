// Back-testing scorecards (include/vitals/model/compare.hpp, cross_validation.hpp): evaluate counts
// unscored accounts and leaves them out, its metrics equal the metric functions on 100 - score,
// Brier and calibration come from the probability model; compare names a failing candidate;
// cross-validation argument errors; and the umbrella header compiles on its own.
#include <doctest/doctest.h>

#include "vitals/model/model.hpp"
#include "vitals/normalise.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace vm = vitals::model;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

vitals::scorecard two_card(double min_coverage) {
    vitals::scorecard_spec s;
    s.name = "two";
    s.min_coverage = min_coverage;
    s.measures = {{"a", "a", vitals::linear{0, 10}, 1, "", ""}, {"b", "b", vitals::linear{0, 10}, 1, "", ""}};
    return vitals::scorecard::build(s).value();
}

}  // namespace

TEST_CASE("evaluate: unscored accounts are counted and left out; metrics on 100 - score") {
    // 8 accounts; account 3 has nothing, account 5 only b (coverage 0.5 < 0.6: unscored)
    const std::vector<double> a{1, 2, 3, NaN, 5, NaN, 7, 9}, b{2, 2, 4, NaN, 6, 8, 8, 9};
    const std::vector<double> y{1, 1, 0, 1, 0, 1, 0, 0};
    std::vector<double> cols(a);
    cols.insert(cols.end(), b.begin(), b.end());
    const std::vector<std::string> names{"a", "b"};
    const vm::labelled_frame data{vitals::frame_view<double>::column_major(cols.data(), 8, 2), names, y};
    const vm::churn_probability p{1.0, -0.03};
    vm::evaluate_options o;
    o.bootstrap_resamples = 50;
    auto e = vm::evaluate(two_card(0.6), data, p, o);
    REQUIRE(e.has_value());
    CHECK(e.value().name == "two");
    CHECK(e.value().accounts == 8);
    CHECK(e.value().scored == 6);
    CHECK(e.value().unscored == 2);
    CHECK(e.value().churned == 2);
    // by hand: scores (a + b) / 2 x 10 over the scored accounts
    std::vector<double> risk, yy, prob;
    for (std::size_t i : {0u, 1u, 2u, 4u, 6u, 7u}) {
        const double s = (a[i] + b[i]) / 2 * 10;
        risk.push_back(100 - s);
        yy.push_back(y[i]);
        prob.push_back(p(s));
    }
    CHECK(e.value().roc_auc == vm::roc_auc(risk, yy).value());
    CHECK(e.value().roc_auc == 1.0);
    CHECK(e.value().average_precision == vm::average_precision(risk, yy).value());
    CHECK(e.value().brier == vm::brier_score(prob, yy).value());
    CHECK(e.value().calibration.size() == 10);
    REQUIRE(e.value().top.size() == 1);
    CHECK(e.value().top[0].accounts == 1);
    CHECK(e.value().roc_auc_interval.has_value());
    // without a probability model: no Brier, no calibration
    auto plain = vm::evaluate(two_card(0.6), data);
    CHECK(std::isnan(plain.value().brier));
    CHECK(plain.value().calibration.empty());
    // compare: rows in order; a failing candidate is named
    const std::vector<vm::candidate> cands{{"strict", two_card(0.6), p}, {"lenient", two_card(0.0), std::nullopt}};
    auto c = vm::compare(cands, data);
    REQUIRE(c.has_value());
    CHECK(c.value().rows.size() == 2);
    CHECK(c.value().rows[1].name == "lenient");
    CHECK(c.value().rows[1].scored == 7);
    CHECK(c.value().churn_rate == doctest::Approx(4.0 / 8));
    vitals::scorecard_spec other;
    other.measures = {{"z", "z", vitals::linear{0, 1}, 1, "", ""}};
    const std::vector<vm::candidate> bad{{"needs z", vitals::scorecard::build(other).value(), std::nullopt}};
    auto err = vm::compare(bad, data);
    REQUIRE(!err.has_value());
    CHECK(err.error().code == vitals::errc::unknown_column);
    CHECK(err.error().message.rfind("candidates[0] (needs z): columns: ", 0) == 0);
}

TEST_CASE("cross-validation argument errors") {
    const std::vector<double> y{0, 1, 0, 1, 0};
    CHECK(vm::stratified_folds(y, 1, 1).error().message == "k: at least 2 folds");
    CHECK(vm::stratified_folds(y, 3, 1).error().message == "labels: 2 accounts with label 1, fewer than k = 3");
    CHECK(vm::stratified_folds(std::vector<double>{0, 0.5}, 2, 1).error().message == "labels[1]: must be 0 or 1");
    auto f = vm::stratified_folds(y, 2, 9).value();
    CHECK(f.size() == 5);
}

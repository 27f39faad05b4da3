// The curves behind the metrics (include/vitals/model/curves.hpp): on scikit-learn's fixture
// cases the ROC curve's area is roc_auc and the precision-recall sum is average_precision, to
// 1e-12; on random books with heavy ties every point equals counting the accounts at or above its
// threshold directly; lift by group against a direct count, with ties never split and the rows'
// order never mattering; the error cases.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "vitals/model/curves.hpp"

#include <cmath>
#include <cstddef>
#include <map>
#include <random>
#include <vector>

namespace vm = vitals::model;

namespace {

struct book {
    std::vector<double> risk, labels;
};

/// n accounts with risk from `levels` distinct values (few levels: many ties) and a churn
/// probability rising with risk, both classes guaranteed.
book random_book(std::mt19937_64& rng, std::size_t n, int levels) {
    std::uniform_int_distribution<int> level(0, levels - 1);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    book b;
    for (std::size_t i = 0; i < n; ++i) {
        const double r = static_cast<double>(level(rng)) * 1.5;
        b.risk.push_back(r);
        b.labels.push_back(u(rng) < 0.2 + 0.6 * r / (1.5 * levels) ? 1.0 : 0.0);
    }
    b.labels[0] = 1.0;
    b.labels[1] = 0.0;
    return b;
}

}  // namespace

TEST_CASE("the ROC curve's area is roc_auc and the precision-recall sum is average_precision (scikit-learn's cases)") {
    for (const model_test::metric_case& c : model_test::metric_cases()) {
        CAPTURE(c.name);
        const auto roc = vm::roc_curve(c.scores, c.labels);
        const auto pr = vm::precision_recall_curve(c.scores, c.labels);
        REQUIRE(roc.has_value());
        REQUIRE(pr.has_value());
        CHECK(std::abs(vm::curve_area(roc.value().fpr, roc.value().tpr) - c.auc) <= 1e-12);
        double ap = 0.0, r0 = 0.0;
        for (std::size_t k = 0; k < pr.value().recall.size(); ++k) {
            ap += (pr.value().recall[k] - r0) * pr.value().precision[k];
            r0 = pr.value().recall[k];
        }
        CHECK(std::abs(ap - c.ap) <= 1e-12);
    }
}

TEST_CASE("every curve point counts the accounts at or above its threshold (random books with ties)") {
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 60; ++trial) {
        const std::size_t n = 2 + static_cast<std::size_t>(trial) * 7;
        const book b = random_book(rng, n, 1 + trial % 12);
        CAPTURE(trial);
        const auto roc = vm::roc_curve(b.risk, b.labels);
        const auto pr = vm::precision_recall_curve(b.risk, b.labels);
        REQUIRE(roc.has_value());
        REQUIRE(pr.has_value());
        const vm::roc_points& r = roc.value();
        double P = 0, N = 0;
        for (double y : b.labels) (y == 1.0 ? P : N) += 1.0;
        std::map<double, int, std::greater<>> distinct;
        for (double x : b.risk) distinct[x] = 0;
        REQUIRE(r.fpr.size() == distinct.size() + 1);
        REQUIRE(pr.value().recall.size() == distinct.size());
        CHECK(r.fpr.front() == 0.0);
        CHECK(r.tpr.front() == 0.0);
        CHECK(r.fpr.back() == 1.0);
        CHECK(r.tpr.back() == 1.0);
        CHECK(std::isinf(r.threshold.front()));
        std::size_t k = 0;
        for (const auto& [threshold, unused] : distinct) {
            double tp = 0, fp = 0;
            for (std::size_t i = 0; i < n; ++i)
                if (b.risk[i] >= threshold) (b.labels[i] == 1.0 ? tp : fp) += 1.0;
            CHECK(r.threshold[k + 1] == threshold);
            CHECK(r.fpr[k + 1] == fp / N);
            CHECK(r.tpr[k + 1] == tp / P);
            CHECK(pr.value().threshold[k] == threshold);
            CHECK(pr.value().recall[k] == tp / P);
            CHECK(pr.value().precision[k] == tp / (tp + fp));
            ++k;
        }
        CHECK(std::abs(vm::curve_area(r.fpr, r.tpr) - vm::roc_auc(b.risk, b.labels).value()) <= 1e-12);
    }
}

TEST_CASE("lift by group: direct counts, ties never split, row order irrelevant") {
    std::mt19937_64 rng(11);
    for (int trial = 0; trial < 60; ++trial) {
        const std::size_t n = 5 + static_cast<std::size_t>(trial) * 13;
        book b = random_book(rng, n, 1 + trial % 25);
        const std::size_t groups = 1 + static_cast<std::size_t>(trial) % 12;
        CAPTURE(trial);
        const auto got = vm::lift_by_group(b.risk, b.labels, groups);
        REQUIRE(got.has_value());
        const std::vector<vm::risk_group>& g = got.value();
        REQUIRE(g.size() == groups);
        double churned = 0;
        for (double y : b.labels) churned += y;
        const double base = churned / static_cast<double>(n);
        std::size_t accounts = 0, found = 0;
        double previous_low = INFINITY;
        for (const vm::risk_group& r : g) {
            accounts += r.accounts;
            found += r.churned;
            CHECK(r.cumulative_capture == static_cast<double>(found) / churned);
            if (r.accounts == 0) {
                CHECK(std::isnan(r.churn_rate));
                continue;
            }
            // the group is every account with risk in [risk_low, risk_high], and nothing else
            std::size_t in = 0, in_churned = 0;
            for (std::size_t i = 0; i < n; ++i)
                if (b.risk[i] >= r.risk_low && b.risk[i] <= r.risk_high) {
                    ++in;
                    in_churned += b.labels[i] == 1.0 ? 1u : 0u;
                }
            CHECK(in == r.accounts);
            CHECK(in_churned == r.churned);
            CHECK(r.risk_high < previous_low);  // groups riskiest first, disjoint
            previous_low = r.risk_low;
            CHECK(r.churn_rate == static_cast<double>(r.churned) / static_cast<double>(r.accounts));
            CHECK(r.lift == r.churn_rate / base);
        }
        CHECK(accounts == n);
        CHECK(g.back().cumulative_capture == 1.0);
        // the same accounts in reverse order: the same groups
        std::vector<double> risk(b.risk.rbegin(), b.risk.rend()), labels(b.labels.rbegin(), b.labels.rend());
        const auto reversed = vm::lift_by_group(risk, labels, groups);
        REQUIRE(reversed.has_value());
        for (std::size_t k = 0; k < groups; ++k) {
            CHECK(reversed.value()[k].accounts == g[k].accounts);
            CHECK(reversed.value()[k].churned == g[k].churned);
        }
    }
}

TEST_CASE("lift by group by hand: distinct risks make equal deciles; one tied run fills the group of its middle") {
    std::vector<double> risk, labels;
    for (int i = 0; i < 100; ++i) {
        risk.push_back(i);
        labels.push_back(i >= 90 ? 1.0 : 0.0);  // the ten riskiest churn
    }
    const auto d = vm::lift_by_group(risk, labels).value();
    REQUIRE(d.size() == 10);
    for (const vm::risk_group& r : d) CHECK(r.accounts == 10);
    CHECK(d[0].churned == 10);
    CHECK(d[0].lift == 10.0);
    CHECK(d[0].risk_high == 99.0);
    CHECK(d[0].risk_low == 90.0);
    CHECK(d[1].lift == 0.0);
    CHECK(d[0].cumulative_capture == 1.0);

    const std::vector<double> tied(20, 3.0);
    std::vector<double> y(20, 0.0);
    y[4] = 1.0;
    const auto t = vm::lift_by_group(tied, y, 4).value();
    // positions 0..19, middle 9.5: group floor(9.5 x 4 / 20) = 1
    CHECK(t[0].accounts == 0);
    CHECK(t[1].accounts == 20);
    CHECK(t[1].lift == 1.0);
    CHECK(t[2].accounts == 0);
    CHECK(t[0].cumulative_capture == 0.0);
    CHECK(t[1].cumulative_capture == 1.0);
}

TEST_CASE("curve errors name the argument") {
    const std::vector<double> risk{1, 2, 3}, one_class{1, 1, 1}, none{0, 0, 0};
    CHECK(vm::roc_curve(risk, one_class).error().message.find("only one class") != std::string::npos);
    CHECK(vm::precision_recall_curve(risk, none).error().message.find("no positive label") != std::string::npos);
    CHECK(vm::lift_by_group(risk, none).error().message.find("no churned account") != std::string::npos);
    CHECK(vm::lift_by_group(risk, one_class, 0).error().message.find("groups") == 0);
    const std::vector<double> nan_risk{1, NAN, 3}, labels{0, 1, 0};
    CHECK(vm::roc_curve(nan_risk, labels).error().message.find("risk[1]") == 0);
    CHECK(vm::lift_by_group(std::vector<double>{1, 2}, labels).error().code == vitals::errc::shape_mismatch);
    CHECK(vm::curve_area(std::vector<double>{0.5}, std::vector<double>{1.0}) == 0.0);
}

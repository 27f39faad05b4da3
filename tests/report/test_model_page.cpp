// vitals::report's model page (model_page.hpp): from a real model_run::evaluate report of two
// scorecards on random labelled accounts with missing values — one curve per scorecard in each
// chart with the report's point count and the ends (0,0) and (1,1), the curves' areas equal to the
// report's ROC AUC, a marker per non-empty calibration bin, a lift column and row per scorecard and
// group with the groups' accounts adding up to the scored ones, a weights row per measure and a
// bin row per range, every name escaped, nothing loaded; and the errors.
#include "vitals/model/curves.hpp"
#include "vitals/model/run.hpp"
#include "vitals/normalise.hpp"
#include "vitals/report/model_page.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace vitals;
using json = nlohmann::json;

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// The text between `from` and the next `to` after it ("" when absent).
std::string between(const std::string& text, const std::string& from, const std::string& to) {
    const std::size_t a = text.find(from);
    if (a == std::string::npos) return {};
    const std::size_t b = text.find(to, a);
    return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

struct labelled_book {
    std::vector<std::string> names{"a", "b"};
    std::vector<double> values, labels;  // column-major
    explicit labelled_book(std::size_t n) {
        std::mt19937_64 rng(5);
        std::uniform_real_distribution<double> u(0.0, 10.0), p(0.0, 1.0);
        std::vector<double> a(n), b(n);
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = p(rng) < 0.05 ? std::numeric_limits<double>::quiet_NaN() : std::round(u(rng));
            b[i] = p(rng) < 0.05 ? std::numeric_limits<double>::quiet_NaN() : u(rng);
            const double health = (std::isnan(a[i]) ? 5.0 : a[i]) + (std::isnan(b[i]) ? 5.0 : b[i]);
            labels.push_back(p(rng) < 0.45 - 0.02 * health ? 1.0 : 0.0);
        }
        values = a;
        values.insert(values.end(), b.begin(), b.end());
    }
    model::labelled_frame view() const {
        return {frame_view<double>::column_major(values.data(), static_cast<std::int64_t>(labels.size()), 2), names, labels};
    }
};

scorecard linear_card() {
    scorecard_spec s;
    s.name = "linear";
    s.measures = {{"a", "a", linear{0, 10}, 1, "", ""}, {"b", "b", linear{0, 10}, 2, "", ""}};
    return scorecard::build(s).value();
}

scorecard binned_card() {
    scorecard_spec s;
    s.name = "binned <b>\"&'";
    s.measures = {{"a <i>", "a", steps{{3, 6}, {0.2, 0.6, 1.0}}, 3, "", ""}, {"b", "b", logistic{5, 1}, 1, "", ""}};
    return scorecard::build(s).value();
}

struct evaluated {
    std::vector<scorecard_set> sets;
    json report;
    std::string page;
};

evaluated evaluate_two(bool curves) {
    static const labelled_book book(600);
    evaluated e;
    e.sets.push_back(scorecard_set::single(linear_card()));
    e.sets.push_back(scorecard_set::single(binned_card()));
    std::vector<model_run::named_scorecard> named;
    for (const scorecard_set& s : e.sets) named.push_back({std::string(s.cards()[0].name()), &s.cards()[0], nullptr, {}});
    auto request = model_run::parse_evaluate_request(curves ? R"({"curves": true, "bootstrap": 50})" : R"({"bootstrap": 50})");
    REQUIRE(request.has_value());
    auto r = model_run::evaluate(named, book.view(), request.value());
    REQUIRE(r.has_value());
    e.report = std::move(r).value();
    if (curves) {
        std::vector<report::model_card> cards;
        for (const scorecard_set& s : e.sets) cards.push_back({&s});
        report::model_page_info info;
        info.source = "history <2026>.csv";
        info.label_column = "churned";
        auto page = report::render_model_page(e.report, cards, info);
        REQUIRE(page.has_value());
        e.page = std::move(page).value();
    }
    return e;
}

}  // namespace

TEST_CASE("the evaluate report's curves: the ROC area is its ROC AUC, the lift groups hold every scored account") {
    const evaluated e = evaluate_two(true);
    for (const json& row : e.report["scorecards"]) {
        const auto fpr = row["roc_curve"]["fpr"].get<std::vector<double>>();
        const auto tpr = row["roc_curve"]["tpr"].get<std::vector<double>>();
        CHECK(std::abs(model::curve_area(fpr, tpr) - row["roc_auc"].get<double>()) <= 1e-12);
        double ap = 0.0, r0 = 0.0;
        const auto recall = row["pr_curve"]["recall"].get<std::vector<double>>();
        const auto precision = row["pr_curve"]["precision"].get<std::vector<double>>();
        for (std::size_t k = 0; k < recall.size(); ++k) {
            ap += (recall[k] - r0) * precision[k];
            r0 = recall[k];
        }
        CHECK(std::abs(ap - row["average_precision"].get<double>()) <= 1e-12);
        std::uint64_t accounts = 0, churned = 0;
        REQUIRE(row["lift_by_group"].size() == 10);
        for (const json& g : row["lift_by_group"]) {
            accounts += g["accounts"].get<std::uint64_t>();
            churned += g["churned"].get<std::uint64_t>();
        }
        CHECK(accounts == row["scored"].get<std::uint64_t>());
        CHECK(churned == row["churned"].get<std::uint64_t>());
    }
    // without "curves" the report is as before
    const evaluated plain = evaluate_two(false);
    CHECK_FALSE(plain.report["scorecards"][0].contains("roc_curve"));
    CHECK_FALSE(plain.report["scorecards"][0].contains("lift_by_group"));
}

TEST_CASE("the model page: every section, a curve per scorecard, markers, lift, weights and bins") {
    const evaluated e = evaluate_two(true);
    const std::string& page = e.page;
    for (const char* id : {"model-summary", "comparison", "roc", "precision-recall", "calibration", "lift", "weights"})
        CHECK(count(page, std::string("id=\"") + id + "\"") == 1);
    CHECK(count(page, "id=\"cross-validation\"") == 0);  // the report has none
    CHECK(count(page, "class=\"card-row\"") == 2);
    for (const char* chart : {"roc-chart", "pr-chart"}) {
        CAPTURE(chart);
        const std::string svg = between(page, std::string("id=\"") + chart + "\"", "</svg>");
        REQUIRE_FALSE(svg.empty());
        CHECK(count(svg, "class=\"curve\"") == 2);
        CHECK(count(svg, "class=\"reference\"") == 1);
        CHECK(count(svg, "class=\"legend-item\"") == 2);
    }
    const std::string roc = between(page, "id=\"roc-chart\"", "</svg>");
    for (std::size_t k = 0; k < 2; ++k) {
        const json& row = e.report["scorecards"][k];
        CHECK(count(roc, "data-series=\"" + std::to_string(k) + "\" data-points=\"" +
                             std::to_string(row["roc_curve"]["fpr"].size()) + "\"") == 1);
    }
    // the drawn ROC curves start at (0, 0) and end at (1, 1) of the plot area (left 52, top 12, 394 x 332)
    CHECK(count(roc, "points=\"52,344 ") == 2);
    CHECK(count(roc, " 446,12\"") == 2);
    // calibration: a marker per non-empty bin, a table row per bin
    std::size_t filled = 0, bins = 0;
    for (const json& row : e.report["scorecards"])
        for (const json& b : row["calibration"]) {
            ++bins;
            filled += b["accounts"].get<std::uint64_t>() > 0 ? 1u : 0u;
        }
    CHECK(count(between(page, "id=\"calibration-chart\"", "</svg>"), "class=\"marker\"") == filled);
    CHECK(count(page, "class=\"calibration-row\"") == bins);
    // lift: a column per scorecard and group with a finite lift, a row per scorecard and group
    std::size_t columns = 0;
    for (const json& row : e.report["scorecards"])
        for (const json& g : row["lift_by_group"]) columns += g["lift"].is_number() ? 1u : 0u;
    CHECK(count(page, "class=\"group-column\"") == columns);
    CHECK(count(page, "class=\"lift-row\"") == 20);
    // weights: a row per measure, a bins table for the steps measure with a row per range
    CHECK(count(page, "class=\"card-weights\"") == 2);
    CHECK(count(page, "class=\"weight-row\"") == 4);
    CHECK(count(page, "class=\"bins\"") == 1);
    CHECK(count(page, "class=\"bin-row\"") == 3);
    CHECK(page.find("below 3") != std::string::npos);
    CHECK(page.find("3 to below 6") != std::string::npos);
    CHECK(page.find("6 and above") != std::string::npos);
    CHECK(page.find("data-share=\"0.75\"") != std::string::npos);  // a's weight 3 of 4
    // every user text escaped; nothing that runs or loads
    CHECK(page.find("<b>") == std::string::npos);
    CHECK(page.find("<i>") == std::string::npos);
    CHECK(page.find("binned &lt;b&gt;&quot;&amp;&#39;") != std::string::npos);
    CHECK(page.find("a &lt;i&gt;") != std::string::npos);
    CHECK(page.find("history &lt;2026&gt;.csv") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("src=") == std::string::npos);
    CHECK(page.find("default-src 'none'") != std::string::npos);
}

TEST_CASE("the model page's errors name what is wrong") {
    const evaluated plain = evaluate_two(false);
    std::vector<report::model_card> cards;
    for (const scorecard_set& s : plain.sets) cards.push_back({&s});
    const auto no_curves = report::render_model_page(plain.report, cards, {});
    REQUIRE_FALSE(no_curves.has_value());
    CHECK(no_curves.error().message.find("/scorecards/0") != std::string::npos);
    CHECK(no_curves.error().message.find("\"curves\": true") != std::string::npos);
    const auto one_card = report::render_model_page(plain.report, std::span(cards).first(1), {});
    REQUIRE_FALSE(one_card.has_value());
    CHECK(one_card.error().message.find("1 given for the report's 2 scorecards") != std::string::npos);
    const auto not_report = report::render_model_page(json::array(), cards, {});
    REQUIRE_FALSE(not_report.has_value());
    CHECK(not_report.error().code == errc::invalid_argument);
}

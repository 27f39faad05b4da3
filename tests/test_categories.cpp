// Text categories: the normaliser (codes -> sub-scores), matching text to levels, validation, the
// scorecard rules for columns of levels, the file format, the readers' cell rule, the path to
// green's level choice and the sub-scores fit_binning learns, against a hand count.
#include "vitals/io/cell.hpp"
#include "vitals/model/binning.hpp"
#include "vitals/path_to_green.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

const vitals::categories contract{{"Month-to-month", "One year", "Two year"}, {0.0, 0.6, 1.0}, vitals::unseen_level::missing};

std::string errors_of(std::string_view json) {
    auto r = vitals::load_scorecard(json);
    return r ? std::string("<loaded>") : r.error().message;
}

std::string card_with(const std::string& measures, const std::string& extra = "") {
    return R"({"vitals_scorecard": 1, )" + extra + R"("measures": [)" + measures + "]}";
}

const std::string contract_measure =
    R"({"name": "contract", "input": "contract", "normaliser": {"kind": "categories", "levels": ["Month-to-month", "One year", "Two year"], "scores": [0, 0.6, 1]}})";

}  // namespace

TEST_CASE("codes map to their level's sub-score; anything else is missing") {
    const std::vector<double> in{0.0, 1.0, 2.0, NAN, -1.0, 3.0, 0.5, INFINITY};
    std::vector<double> out(in.size());
    contract.apply(in, out);
    CHECK(out[0] == 0.0);
    CHECK(out[1] == 0.6);
    CHECK(out[2] == 1.0);
    for (std::size_t i = 3; i < in.size(); ++i) CHECK(std::isnan(out[i]));
    CHECK(vitals::normaliser(contract).kind() == "categories");
}

TEST_CASE("text matches a level ignoring ASCII case and surrounding spaces") {
    CHECK(contract.level_code("One year") == 1);
    CHECK(contract.level_code("  one YEAR\t") == 1);
    CHECK(contract.level_code("two year") == 2);
    CHECK(!contract.level_code("One  year"));  // inner spaces count
    CHECK(!contract.level_code("Oneyear"));
    CHECK(!contract.level_code(""));
    CHECK(vitals::categories::same_level(" Yes", "YES"));
    CHECK(!vitals::categories::same_level("Yes", "Yes!"));
}

TEST_CASE("validation: levels, their scores, duplicates after folding") {
    CHECK(contract.validate().empty());
    const vitals::categories bad{{"Yes", " yes", ""}, {0.0, 1.5}, vitals::unseen_level::missing};
    const auto p = bad.validate();
    REQUIRE(p.size() == 4);
    CHECK(p[0] == vitals::problem{"/levels/1", "\" yes\" is the same level as \"Yes\" (levels match ignoring case and surrounding spaces)"});
    CHECK(p[1] == vitals::problem{"/levels/2", "a level must not be empty"});
    CHECK(p[2] == vitals::problem{"/scores", "there must be one score per level (3 expected, 2 given)"});
    CHECK(p[3] == vitals::problem{"/scores/1", "scores must lie in [0, 1]"});
    CHECK(vitals::categories{}.validate().at(0).where == "/levels");
}

TEST_CASE("the readers' cell rule: a level's code, missing markers, the unseen policy") {
    using vitals::io::cell_kind;
    using vitals::io::parse_level;
    CHECK(parse_level(" two year ", contract).value == 2.0);
    CHECK(parse_level("", contract).kind == cell_kind::missing);
    CHECK(parse_level("NA", contract).kind == cell_kind::missing);
    CHECK(parse_level("Monthly", contract).kind == cell_kind::missing);  // unseen: missing
    vitals::categories strict = contract;
    strict.unseen = vitals::unseen_level::error;
    CHECK(parse_level("Monthly", strict).kind == cell_kind::invalid);
    CHECK(vitals::io::invalid_cell_reason(&strict) == "is not one of the levels (Month-to-month, One year, Two year)");
    CHECK(vitals::io::invalid_cell_reason(nullptr) == "is not a number");
    // a level named like a missing marker is the level
    const vitals::categories na{{"NA", "EU"}, {0.0, 1.0}, vitals::unseen_level::error};
    CHECK(parse_level("na", na).value == 0.0);
    // numbers are text like any other in a column of levels
    const vitals::categories digits{{"1", "2"}, {0.0, 1.0}, vitals::unseen_level::error};
    CHECK(parse_level("2", digits).value == 1.0);
    CHECK(vitals::io::parse_value("2", nullptr).value == 2.0);
}

TEST_CASE("file format: categories load, save and load again equal; unseen is checked") {
    const std::string text = card_with(contract_measure);
    const auto card = vitals::load_scorecard(text).value();
    REQUIRE(card.input_levels(0) != nullptr);
    CHECK(card.input_levels(0)->levels.size() == 3);
    const std::string saved = vitals::save_scorecard(card).value();
    CHECK(saved.find("\"unseen\": \"missing\"") != std::string::npos);
    CHECK(vitals::load_scorecard(saved).value() == card);
    const std::string strict =
        card_with(R"({"name": "c", "input": "c", "normaliser": {"kind": "categories", "levels": ["a"], "scores": [1], "unseen": "error"}})");
    CHECK(vitals::load_scorecard(strict).value().input_levels(0)->unseen == vitals::unseen_level::error);
    CHECK(errors_of(card_with(R"({"name": "c", "input": "c", "normaliser": {"kind": "categories", "levels": ["a"], "scores": [1], "unseen": "skip"}})")) ==
          "/measures/0/normaliser/unseen: must be \"missing\" or \"error\", not \"skip\"");
    CHECK(errors_of(card_with(R"({"name": "c", "input": "c", "normaliser": {"kind": "categories", "levels": ["a", 3], "scores": [1, 0]}})")) ==
          "/measures/0/normaliser/levels/1: must be a string, not a number");
}

TEST_CASE("scorecard rules: a column of levels is read only by categories measures with the same levels") {
    const std::string other =
        R"({"name": "n", "input": "contract", "normaliser": {"kind": "linear", "worst": 0, "best": 2}})";
    CHECK(errors_of(card_with(contract_measure + ", " + other)) ==
          "/measures/1/input: column \"contract\" holds levels (the categories measure /measures/0 reads it); only "
          "categories measures can read it");
    const std::string ratio =
        R"({"name": "r", "input": {"numerator": "a", "denominator": "b"}, "normaliser": {"kind": "categories", "levels": ["x"], "scores": [1]}})";
    CHECK(errors_of(card_with(ratio)) == "/measures/0/input: a categories measure reads one column of levels, not a ratio");
    const std::string twin =
        R"({"name": "c2", "input": "contract", "normaliser": {"kind": "categories", "levels": ["One year", "Month-to-month", "Two year"], "scores": [1, 0, 1]}})";
    CHECK(errors_of(card_with(contract_measure + ", " + twin)) ==
          "/measures/1/normaliser/levels: column \"contract\" is also read by /measures/0 with other levels; the measures on "
          "one column of levels list the same levels in the same order");
    const std::string same =
        R"({"name": "c2", "input": "contract", "normaliser": {"kind": "categories", "levels": ["month-to-month", "one year", "two year"], "scores": [1, 0, 1]}})";
    CHECK(errors_of(card_with(contract_measure + ", " + same)) == "<loaded>");
    CHECK(errors_of(card_with(contract_measure + R"(, {"name": "d", "input": "twice", "normaliser": {"kind": "linear", "worst": 0, "best": 1}})",
                              R"("derived": [{"name": "twice", "expression": "contract * 2"}], )")) ==
          "/derived/0/expression: column \"contract\" holds levels (the categories measure /measures/0 reads it); "
          "expressions read numbers");
}

TEST_CASE("scoring and the path to green: the level with the least sub-score that reaches the band") {
    const std::string nps = R"({"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -100, "best": 100}})";
    const auto card = vitals::load_scorecard(card_with(contract_measure + ", " + nps)).value();
    // inputs: contract, nps
    const std::vector<double> in{0.0, 20.0};  // month-to-month (0), nps 20 (0.6): score 30, red
    const auto s = vitals::score_account(card, in).value();
    CHECK(s.score == doctest::Approx(30.0));
    vitals::path_options o;
    o.target_band = 1;  // yellow, 40
    const auto p = vitals::find_path_to_green(card, in, o).value();
    bool contract_path = false;
    for (const auto& g : p.single)
        if (g.changes[0].measure == 0) {
            contract_path = true;
            CHECK(g.changes[0].value_to == 1.0);  // One year (0.6) is enough: score 60; Two year is not needed
            CHECK(g.score == doctest::Approx(60.0));
        }
    CHECK(contract_path);
}

TEST_CASE("fitted level sub-scores against a hand count") {
    // codes: 0 x4 (3 churned), 1 x4 (1 churned), 2 x2 (0 churned), one missing, one not a code
    const std::vector<double> codes{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, NAN, 7};
    const std::vector<double> labels{1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1};
    const auto r = vitals::model::level_binning(codes, labels, contract).value();
    CHECK(r.informative);
    CHECK(r.present == 10);
    REQUIRE(r.bins.size() == 3);
    CHECK(r.bins[0].churn_rate == 0.75);
    CHECK(r.bins[1].churn_rate == 0.25);
    CHECK(r.bins[2].churn_rate == 0.0);
    // (r_max - r) / (r_max - r_min): 0, 0.667, 1
    CHECK(r.levels.scores == std::vector<double>{0.0, 0.667, 1.0});
    // weight of evidence with 0.5 smoothing: ln(((n - e + 0.5) / (NE + 0.5)) / ((e + 0.5) / (E + 0.5))); E = 4, NE = 6
    CHECK(r.bins[0].woe == doctest::Approx(std::log((1.5 / 6.5) / (3.5 / 4.5))));
    CHECK(r.bins[2].woe == doctest::Approx(std::log((2.5 / 6.5) / (0.5 / 4.5))));
    double iv = 0;
    for (const auto& b : r.bins) iv += b.information_value;
    CHECK(r.information_value == doctest::Approx(iv));
    // one level present only: not informative, the sub-scores stay
    const std::vector<double> one{1, 1, 1};
    const std::vector<double> y{0, 1, 0};
    const auto flat = vitals::model::level_binning(one, y, contract).value();
    CHECK(!flat.informative);
    CHECK(flat.levels.scores == contract.scores);
}

TEST_CASE("a scorecard set: cards must agree on a column's levels") {
    const auto a = vitals::load_scorecard(card_with(contract_measure, R"("name": "a", )")).value();
    const std::string other =
        R"({"name": "contract", "input": "contract", "normaliser": {"kind": "categories", "levels": ["Monthly", "Yearly"], "scores": [0, 1]}})";
    const auto b = vitals::load_scorecard(card_with(other, R"("name": "b", )")).value();
    const auto same = vitals::scorecard_set::single(a);
    CHECK(same.input_levels("contract").value() == a.input_levels(0));
    CHECK(same.input_levels("nps").value() == nullptr);
    auto set = vitals::scorecard_set::build("plan", {a, b}, {{"x", 0}, {"y", 1}});
    REQUIRE(set);
    const auto r = set.value().input_levels("contract");
    REQUIRE(!r);
    CHECK(r.error().message.find("list different levels") != std::string::npos);
}

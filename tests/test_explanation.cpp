// Tests of the explanation JSON (include/vitals/explanation.hpp, src/scorecard_file/explanation.cpp)
// and of the one JSON number rule (include/vitals/json_number.hpp): every key in its order, NaN and
// infinities as null, ratio measures' numerator and denominator, derived columns, nested groups,
// an account that is not scored, the context keys, and the errors.
#include <doctest/doctest.h>

#include "vitals/explanation.hpp"
#include "vitals/json_number.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace {

using json = nlohmann::ordered_json;

constexpr double missing = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

std::vector<std::string> keys(const json& j) {
    std::vector<std::string> out;
    for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
    return out;
}

vitals::scorecard card_of(const char* text) { return vitals::load_scorecard(text).value(); }

vitals::account_score scored(const vitals::scorecard& card, const std::vector<double>& inputs) {
    return vitals::score_account(card, std::span<const double>(inputs), vitals::explanation_score_options(card)).value();
}

json explained(const vitals::scorecard& card, const std::vector<double>& inputs,
               const vitals::explanation_context& context = {}) {
    const auto text = vitals::explanation_json(card, scored(card, inputs), inputs, context);
    REQUIRE(text.has_value());
    return json::parse(text.value());
}

// Two groups, one inside the other, and a top-level measure: a ratio, a plain input, a flag.
const char* nested_card = R"J({"vitals_scorecard": 1, "name": "nested",
  "groups": [{"name": "usage", "weight": 3}, {"name": "depth", "parent": "usage", "weight": 1}],
  "measures": [
    {"name": "adoption", "group": "usage", "weight": 1,
     "input": {"numerator": "active", "denominator": "seats"},
     "normaliser": {"kind": "linear", "worst": 0, "best": 1}},
    {"name": "features", "group": "depth", "input": "features",
     "normaliser": {"kind": "linear", "worst": 0, "best": 10}},
    {"name": "nps", "input": "nps", "weight": 1, "normaliser": {"kind": "linear", "worst": -100, "best": 100}}],
  "min_coverage": 0.5})J";

// Two derived columns, one read through a ratio (as tests/cli's derived card).
const char* derived_card = R"J({"vitals_scorecard": 1, "name": "derived-demo",
  "derived": [{"name": "idle_seats", "expression": "licensed_seats - active_users"},
              {"name": "arr_per_active", "expression": "arr / active_users"}],
  "measures": [
    {"name": "idle", "input": {"numerator": "idle_seats", "denominator": "licensed_seats"},
     "normaliser": {"kind": "linear", "worst": 1, "best": 0}},
    {"name": "value", "input": "arr_per_active", "normaliser": {"kind": "linear", "worst": 0, "best": 2000}},
    {"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -100, "best": 100}}]})J";

}  // namespace

TEST_CASE("json_number: the number, or null for NaN and both infinities, in both forms") {
    CHECK(vitals::json_number<json>(0.5) == json(0.5));
    CHECK(vitals::json_number<json>(missing).is_null());
    CHECK(vitals::json_number<json>(inf).is_null());
    CHECK(vitals::json_number<json>(-inf).is_null());
    std::string out;
    for (double x : {0.5, 11.0, 1e300, missing, inf, -inf, -2.25}) {
        vitals::append_json_number(out, x);
        out += ',';
    }
    CHECK(out == "0.5,11,1e+300,null,null,null,-2.25,");
}

TEST_CASE("explanation: every key, in order, on the default scorecard") {
    const vitals::scorecard& card = vitals::default_scorecard();
    std::vector<double> in(card.inputs().size(), missing);
    const auto set = [&](const char* column, double v) { in[card.input_index(column)] = v; };
    for (const auto& [column, v] : std::vector<std::pair<const char*, double>>{
             {"active_users", 41}, {"licensed_seats", 50}, {"logins_trend", -0.12}, {"nps", 10}, {"days_late", 20},
             {"tenure_months", 12}, {"contact_tenure_days", 700}, {"training_completion", 0.5},
             {"tickets_per_seat", 0.2}, {"ticket_sentiment", 0.1}, {"executive_sponsor", 1}})
        set(column, v);
    const vitals::account_score s = scored(card, in);
    REQUIRE(s.status == vitals::status::ok);
    const json j = explained(card, in);

    CHECK(keys(j) == std::vector<std::string>{"status", "score", "band", "band_label", "coverage", "measures", "groups",
                                              "drivers", "driver_names", "scorecard", "breakdown"});
    CHECK(j["status"] == "ok");
    CHECK(j["score"].get<double>() == s.score);
    CHECK(j["band"] == s.band);
    CHECK(j["band_label"] == std::string(card.bands().label(s.band)));
    CHECK(j["coverage"].get<double>() == s.coverage);
    CHECK(j["scorecard"] == "vitals-default");

    REQUIRE(j["measures"].size() == card.measures().size());
    for (std::size_t m = 0; m < card.measures().size(); ++m) {
        const json& e = j["measures"][m];
        CHECK(keys(e) == std::vector<std::string>{"index", "name", "group", "raw", "sub_score", "weight",
                                                  "effective_weight", "contribution", "points_lost"});
        CHECK(e["index"] == m);
        CHECK(e["name"] == card.measures()[m].name);
        CHECK(e["group"] == card.measures()[m].group);
        CHECK(e["weight"].get<double>() == s.measures[m].weight);
        CHECK(e["effective_weight"].get<double>() == s.measures[m].effective_weight);
        CHECK(e["contribution"].get<double>() == s.measures[m].contribution);  // 0 for a missing measure
        CHECK(e["points_lost"].get<double>() == s.measures[m].points_lost);
        if (s.measures[m].present()) CHECK(e["sub_score"].get<double>() == s.measures[m].sub_score);
        else CHECK(e["sub_score"].is_null());
    }
    const json& seat_change = j["measures"][card.measure_index("seat_change_pct")];
    CHECK(seat_change["raw"].is_null());
    CHECK(j["measures"][0]["raw"].get<double>() == 41.0 / 50.0);

    REQUIRE(j["groups"].size() == card.nodes().size());
    CHECK(keys(j["groups"][0]) == std::vector<std::string>{"name", "score", "coverage", "effective_weight"});
    CHECK(j["groups"][0]["name"] == "");
    CHECK(j["groups"][0]["score"].get<double>() == s.score);
    CHECK(j["groups"][1]["name"] == "adoption");
    CHECK(j["groups"][8]["name"] == "commercial");
    CHECK(j["groups"][8]["score"].is_null());  // nothing present in it

    CHECK(j["drivers"].get<std::vector<std::size_t>>() == s.drivers);
    REQUIRE(s.drivers.size() > 3);  // every measure losing points, not the batch default of three
    REQUIRE(j["driver_names"].size() == s.drivers.size());
    for (std::size_t i = 0; i < s.drivers.size(); ++i)
        CHECK(j["driver_names"][i] == card.measures()[s.drivers[i]].name);

    const json& b = j["breakdown"];
    CHECK(keys(b) == std::vector<std::string>{"group", "score", "coverage", "weight", "effective_weight", "contribution",
                                              "points_lost", "members"});
    CHECK(b["group"].is_null());
    CHECK(b["contribution"].get<double>() == doctest::Approx(s.score));
    CHECK(b["points_lost"].get<double>() == doctest::Approx(100.0 - s.score));
    REQUIRE(b["members"].size() == 8);
    const json& adoption = b["members"][0]["members"][0];
    CHECK(keys(adoption) == std::vector<std::string>{"measure", "input", "numerator", "denominator", "raw", "sub_score",
                                                     "weight", "effective_weight", "contribution", "points_lost"});
    CHECK(adoption["input"] == "active_users / licensed_seats");
    CHECK(adoption["numerator"] == 41.0);
    CHECK(adoption["denominator"] == 50.0);
    const json& nps = b["members"][4]["members"][0];
    CHECK(nps["measure"] == "nps");
    CHECK(nps["input"] == "nps");
    CHECK(!nps.contains("numerator"));
    CHECK(!nps.contains("denominator"));
    const json& commercial = b["members"][7];
    CHECK(commercial["contribution"].is_null());
    CHECK(commercial["members"][0]["contribution"].is_null());  // missing: null here, 0 in "measures"
    CHECK(commercial["members"][0]["points_lost"].is_null());

    // compact by default; indent pretty-prints the same document
    const std::string compact = vitals::explanation_json(card, s, in).value();
    CHECK(compact.find('\n') == std::string::npos);
    const std::string pretty = vitals::explanation_json(card, s, in, {}, 2).value();
    CHECK(pretty.starts_with("{\n  \"status\": \"ok\",\n"));
    CHECK(json::parse(pretty) == json::parse(compact));
}

TEST_CASE("explanation: the context keys come first, each only when given") {
    const vitals::scorecard& card = vitals::default_scorecard();
    const std::vector<double> in(card.inputs().size(), 1.0);
    const json all = explained(card, in, {"ACC-1", "accounts.csv", std::uint64_t{43}});
    CHECK(keys(all)[0] == "account_id");
    CHECK(keys(all)[1] == "source");
    CHECK(keys(all)[2] == "origin");
    CHECK(keys(all)[3] == "status");
    CHECK(all["account_id"] == "ACC-1");
    CHECK(all["source"] == "accounts.csv");
    CHECK(all["origin"] == 43);
    vitals::explanation_context only_id;
    only_id.account_id = "ACC-1";
    const json one = explained(card, in, only_id);
    CHECK(keys(one)[0] == "account_id");
    CHECK(keys(one)[1] == "status");
    json rest = all;
    rest.erase("account_id");
    rest.erase("source");
    rest.erase("origin");
    CHECK(rest == explained(card, in));
}

TEST_CASE("explanation: NaN and infinities are null, never text JSON cannot read") {
    const vitals::scorecard card = card_of(nested_card);
    // inputs in card.inputs() order: active, seats, features, nps
    REQUIRE(card.inputs().size() == 4);
    const std::vector<double> in{inf, 10.0, -inf, missing};
    const std::string text = vitals::explanation_json(card, scored(card, in), in).value();
    CHECK(text.find("inf") == std::string::npos);
    CHECK(text.find("nan") == std::string::npos);
    CHECK(text.find("NaN") == std::string::npos);
    const json j = json::parse(text);
    const json& adoption = j["breakdown"]["members"][1]["members"][0];  // nps, then the group usage
    CHECK(adoption["measure"] == "adoption");
    CHECK(adoption["numerator"].is_null());  // +inf
    CHECK(adoption["denominator"] == 10.0);
    CHECK(j["measures"][0]["raw"].is_null());  // inf / 10
    CHECK(j["measures"][1]["raw"].is_null());  // -inf
    CHECK(j["measures"][2]["raw"].is_null());  // NaN: missing
    CHECK(j["measures"][2]["sub_score"].is_null());
}

TEST_CASE("explanation: nested groups, and an account that is not scored") {
    const vitals::scorecard card = card_of(nested_card);
    const std::vector<double> in{6.0, 10.0, 5.0, 20.0};  // active, seats, features, nps
    const vitals::account_score s = scored(card, in);
    const json j = explained(card, in);
    REQUIRE(j["status"] == "ok");
    CHECK(j["scorecard"] == "nested");
    CHECK(j["groups"].size() == 3);
    CHECK(j["groups"][2]["name"] == "depth");
    const json& b = j["breakdown"];
    // the top level: its measures first (nps), then its groups (usage)
    REQUIRE(b["members"].size() == 2);
    CHECK(b["members"][0]["measure"] == "nps");
    const json& usage = b["members"][1];
    CHECK(usage["group"] == "usage");
    CHECK(usage["weight"].get<double>() == doctest::Approx(0.75));
    REQUIRE(usage["members"].size() == 2);
    CHECK(usage["members"][0]["measure"] == "adoption");
    CHECK(usage["members"][0]["numerator"] == 6.0);
    CHECK(usage["members"][0]["denominator"] == 10.0);
    const json& depth = usage["members"][1];
    CHECK(depth["group"] == "depth");
    REQUIRE(depth["members"].size() == 1);
    CHECK(depth["members"][0]["measure"] == "features");
    // a group's contribution and points lost are its measures' sums
    CHECK(usage["contribution"].get<double>() ==
          doctest::Approx(s.measures[0].contribution + s.measures[1].contribution));
    CHECK(depth["points_lost"].get<double>() == s.measures[1].points_lost);
    CHECK(b["contribution"].get<double>() == doctest::Approx(s.score));

    // only nps: 25% coverage, below the minimum of 50%
    const std::vector<double> thin{missing, missing, missing, 20.0};
    const json n = explained(card, thin);
    CHECK(n["status"] == "insufficient_data");
    CHECK(n["score"].is_null());
    CHECK(n["band"] == vitals::bands::none);
    CHECK(n["band_label"] == "no data");
    CHECK(n["coverage"].get<double>() == doctest::Approx(0.25));
    CHECK(n["drivers"].empty());
    CHECK(n["driver_names"].empty());
    CHECK(n["breakdown"]["score"].get<double>() == doctest::Approx(60.0));  // what is present, not a score
    CHECK(n["breakdown"]["contribution"].is_null());
    CHECK(n["breakdown"]["members"][0]["sub_score"].get<double>() == doctest::Approx(0.6));
}

TEST_CASE("explanation: derived columns, their values, and a ratio over one") {
    const vitals::scorecard card = card_of(derived_card);
    // inputs: licensed_seats, active_users, arr, nps (in order of first use)
    REQUIRE(card.inputs().size() == 4);
    std::vector<double> in(4, missing);
    in[card.input_index("licensed_seats")] = 10;
    in[card.input_index("active_users")] = 5;
    in[card.input_index("arr")] = 6300;
    const json j = explained(card, in);
    CHECK(keys(j).back() == "breakdown");
    CHECK(keys(j)[keys(j).size() - 2] == "derived");
    REQUIRE(j["derived"].size() == 2);
    CHECK(keys(j["derived"][0]) == std::vector<std::string>{"name", "expression", "value"});
    CHECK(j["derived"][0]["name"] == "idle_seats");
    CHECK(j["derived"][0]["expression"] == "licensed_seats - active_users");
    CHECK(j["derived"][0]["value"] == 5.0);
    CHECK(j["derived"][1]["name"] == "arr_per_active");
    CHECK(j["derived"][1]["value"] == 1260.0);
    CHECK(j["score"].get<double>() == doctest::Approx(56.5).epsilon(1e-12));
    const json& idle = j["breakdown"]["members"][0];
    CHECK(idle["input"] == "idle_seats / licensed_seats");
    CHECK(idle["numerator"] == 5.0);  // the derived column's value
    CHECK(idle["denominator"] == 10.0);
    // a derived column whose inputs are missing is null
    in[card.input_index("active_users")] = missing;
    const json m = explained(card, in);
    CHECK(m["derived"][0]["value"].is_null());
    CHECK(m["derived"][1]["value"].is_null());
}

TEST_CASE("explanation: errors are values") {
    const vitals::scorecard& card = vitals::default_scorecard();
    const std::vector<double> in(card.inputs().size(), 1.0);
    const vitals::account_score s = scored(card, in);
    const std::vector<double> short_row(3, 1.0);
    auto r = vitals::explanation_json(card, s, short_row);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    CHECK(r.error().message == "inputs: 3 values given, the scorecard reads 12 columns");

    const vitals::scorecard other = card_of(nested_card);
    r = vitals::explanation_json(other, s, std::vector<double>(4, 1.0));
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    CHECK(r.error().message.starts_with("score: 11 measures and 9 groups, the scorecard has 3 and 3"));

    vitals::explanation_context bad;
    bad.account_id = "caf\xe9";
    r = vitals::explanation_json(card, s, in, bad);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::invalid_argument);
    CHECK(r.error().message.starts_with("explanation: a text is not valid UTF-8"));
}

// Tests of alert rules in scorecards and files (signals/alert_rule.hpp, scorecard::build,
// src/scorecard_file) and of their evaluation (signals/alert.hpp): every kind by hand, the
// cooldown (an alert in cooldown is suppressed, one past it fires again), the state for the next
// period, per-account lists, the batch evaluation against a plain per-account reference on random
// inputs with missing values, and every validation problem with its JSON pointer.
#include <doctest/doctest.h>

#include "vitals/normalise.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/signals/alert.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

/// A scorecard with two measures and one alert of every kind (and the four flags of issue 6).
const char* const card_json = R"({
  "vitals_scorecard": 1,
  "name": "signals-test",
  "measures": [
    {"name": "adoption", "input": {"numerator": "active_users", "denominator": "seats"},
     "normaliser": {"kind": "linear", "worst": 0.2, "best": 0.8}},
    {"name": "usage_trend", "input": "active_users_slope",
     "normaliser": {"kind": "linear", "worst": -0.2, "best": 0.1}}
  ],
  "trends": [
    {"name": "active_users_slope", "metric": "active_users", "kind": "slope", "window": 6},
    {"name": "active_users_declines", "metric": "active_users", "kind": "declines", "window": 6},
    {"name": "days_late_slope", "metric": "days_late", "kind": "slope", "window": 4},
    {"name": "revenue_change", "metric": "revenue_projection", "kind": "percent_change", "window": 3}
  ],
  "score_trend": {"dead_band": 3, "window": 1},
  "alerts": [
    {"name": "band_downgrade", "kind": "band_downgrade", "severity": "warning",
     "reason": "The account fell into a lower band.", "cooldown": 2},
    {"name": "score_drop", "kind": "score_drop", "severity": "critical", "points": 15, "window": 3,
     "reason": "The score fell by 15 points or more within three periods.", "cooldown": 3},
    {"name": "new_contact", "kind": "threshold", "column": "contact_tenure_days", "when": "below",
     "threshold": 90, "severity": "info", "reason": "A new point of contact: rebuild the relationship."},
    {"name": "usage_declining", "kind": "threshold", "column": "active_users_declines", "when": "at_least",
     "threshold": 3, "severity": "warning", "reason": "Active users fell three periods in a row.", "cooldown": 1},
    {"name": "days_late_rising", "kind": "threshold", "column": "days_late_slope", "when": "above",
     "threshold": 0, "severity": "warning", "reason": "Invoices are paid later and later."},
    {"name": "revenue_flat", "kind": "threshold", "column": "revenue_change", "when": "at_most",
     "threshold": 0, "severity": "info", "reason": "Projected revenue is flat or falling."},
    {"name": "low_adoption", "kind": "threshold", "measure": "adoption", "when": "below",
     "threshold": 50, "severity": "critical", "reason": "Under half of the adoption points."}
  ]
})";

vitals::scorecard load_card() {
    auto r = vitals::load_scorecard(card_json);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
    return r.value();
}

std::string errors_of(const std::string& json) {
    auto r = vitals::load_scorecard(json);
    if (r) return "<loaded>";
    return r.error().message;
}

/// A valid file with `extra` top-level members.
std::string with(const std::string& extra) {
    return R"({"vitals_scorecard": 1, "measures": [{"name": "m", "input": "x",
      "normaliser": {"kind": "linear", "worst": 0, "best": 1}}], )" + extra + "}";
}

const std::vector<std::string> columns{"active_users", "seats", "active_users_slope", "active_users_declines",
                                       "days_late_slope", "revenue_change", "contact_tenure_days"};

/// The reference: one account, one rule, straight from the rule's definition.
struct ref_result {
    bool condition = false;
    double value = nan_v, threshold = nan_v;
};
ref_result reference(const vitals::scorecard& card, const vitals::alert_rule& a, const std::vector<double>& row,
                     double score, const std::vector<double>& prev) {
    ref_result r;
    const auto col = [&](const std::string& name) {
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == name) return row[c];
        return nan_v;
    };
    if (a.kind == vitals::alert_kind::band_downgrade) {
        double latest = nan_v;
        for (double p : prev)
            if (!std::isnan(p)) latest = p;
        r.value = score;
        r.threshold = latest;
        r.condition = !std::isnan(score) && !std::isnan(latest) &&
                      card.bands().classify(score) < card.bands().classify(latest);
    } else if (a.kind == vitals::alert_kind::score_drop) {
        double high = nan_v;
        for (std::size_t j = prev.size() > static_cast<std::size_t>(a.window) ? prev.size() - static_cast<std::size_t>(a.window) : 0;
             j < prev.size(); ++j)
            if (!std::isnan(prev[j]) && (std::isnan(high) || prev[j] > high)) high = prev[j];
        r.value = high - score;
        r.threshold = a.points;
        r.condition = !std::isnan(r.value) && r.value >= a.points;
    } else {
        double v = nan_v;
        if (!a.column.empty()) {
            v = col(a.column);
        } else {
            const vitals::measure& m = card.measures()[card.measure_index(a.measure)];
            const double raw = m.input.is_ratio() ? vitals::ratio_value(col(m.input.column), col(m.input.denominator))
                                                  : col(m.input.column);
            v = m.normaliser(raw) * 100.0;
        }
        r.value = v;
        r.threshold = a.threshold;
        r.condition = vitals::crosses(v, a.when, a.threshold);
    }
    return r;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

TEST_CASE("alerts in the scorecard file: load, fields, round trip") {
    const vitals::scorecard card = load_card();
    const auto& s = card.spec();
    REQUIRE(s.trends.size() == 4);
    CHECK(s.trends[3].kind == vitals::trend_kind::percent_change);
    CHECK(s.trends[3].window == 3);
    CHECK(s.score_trend.dead_band == 3.0);
    REQUIRE(s.alerts.size() == 7);
    CHECK(s.alerts[1].kind == vitals::alert_kind::score_drop);
    CHECK(s.alerts[1].points == 15.0);
    CHECK(s.alerts[1].window == 3);
    CHECK(s.alerts[1].severity == vitals::alert_severity::critical);
    CHECK(s.alerts[3].when == vitals::alert_when::at_least);
    CHECK(s.alerts[6].measure == "adoption");
    CHECK(s.alerts[2].cooldown == 0);  // default
    // round trip through text
    auto text = vitals::save_scorecard(card);
    REQUIRE(text);
    auto again = vitals::load_scorecard(text.value());
    REQUIRE_MESSAGE(again, (again ? "" : again.error().message));
    CHECK(again.value() == card);
    CHECK(again.value().spec().alerts == s.alerts);
    CHECK(again.value().spec().trends == s.trends);
    // a scorecard without signals is saved without the signals keys
    auto plain = vitals::load_scorecard(with(R"("name": "plain")"));
    REQUIRE(plain);
    auto plain_text = vitals::save_scorecard(plain.value());
    REQUIRE(plain_text);
    CHECK(plain_text.value().find("alerts") == std::string::npos);
    CHECK(plain_text.value().find("trends") == std::string::npos);
    CHECK(plain_text.value().find("score_trend") == std::string::npos);
    // columns the alerts read: threshold columns, and the inputs of measures they test
    CHECK(vitals::alert_columns(card) ==
          std::vector<std::string>{"contact_tenure_days", "active_users_declines", "days_late_slope",
                                   "revenue_change", "active_users", "seats"});
}

TEST_CASE("signals in the scorecard file: every problem with its JSON pointer") {
    // trends: unknown kind, window < 2, clashing names, a derived column used as a metric
    CHECK(errors_of(with(R"("trends": [
        {"name": "a", "metric": "m", "kind": "wobble", "window": 6},
        {"name": "b", "metric": "m", "kind": "slope", "window": 1},
        {"name": "a", "metric": "m", "kind": "declines", "window": 3},
        {"name": "c", "metric": "b", "kind": "slope", "window": 3},
        {"name": "d", "metric": "d", "kind": "slope", "window": 2.5}])")) ==
          "/trends/0/kind: unknown trend kind \"wobble\" (expected slope, percent_change or declines)\n"
          "/trends/4/window: must be a whole number, not 2.5\n"
          "/trends/1/window: must be at least 2 periods (a trend needs two points)\n"
          "/trends/2/name: derived column \"a\" is already declared at /trends/0\n"
          "/trends/4/name: a derived column cannot take the name of the metric it reads (\"d\")\n"
          "/trends/3/metric: \"b\" is a derived column, not a history metric");
    CHECK(errors_of(with(R"("trends": [{"name": "a", "kind": "slope", "window": 3, "colour": 1}])")) ==
          "/trends/0/colour: unknown key \"colour\" (expected one of: name, metric, kind, window, description)\n"
          "/trends/0: missing required key \"metric\"");
    CHECK(errors_of(with(R"("score_trend": {"dead_band": -1, "window": 0})")) ==
          "/score_trend/dead_band: must be a finite number >= 0\n/score_trend/window: must be at least 1");
    // alerts: unknown severity, negative cooldown, duplicate names, unknown measure, kinds
    CHECK(errors_of(with(R"("alerts": [
        {"name": "a", "kind": "band_downgrade", "severity": "loud"},
        {"name": "b", "kind": "band_downgrade", "severity": "info", "cooldown": -1},
        {"name": "a", "kind": "score_drop", "severity": "info", "points": 0, "window": 0},
        {"name": "c", "kind": "threshold", "severity": "info", "measure": "nope", "when": "below", "threshold": 1},
        {"name": "d", "kind": "threshold", "severity": "info", "when": "under", "threshold": 1},
        {"name": "e", "kind": "sneeze", "severity": "info"},
        {"name": "f", "kind": "threshold", "severity": "info", "column": "x", "measure": "m", "when": "above", "threshold": 1}])")) ==
          "/alerts/0/severity: unknown severity \"loud\" (expected info, warning or critical)\n"
          "/alerts/4/when: unknown comparison \"under\" (expected below, above, at_most or at_least)\n"
          "/alerts/5/kind: unknown alert kind \"sneeze\" (expected band_downgrade, score_drop or threshold)\n"
          "/alerts/1/cooldown: must be >= 0 periods\n"
          "/alerts/2/points: must be a finite number > 0\n"
          "/alerts/2/window: must be at least 1 period\n"
          "/alerts/2/name: duplicate alert name \"a\" (first at /alerts/0)\n"
          "/alerts/3/measure: unknown measure \"nope\"\n"
          "/alerts/4: a threshold alert names exactly one of \"column\" and \"measure\"\n"
          "/alerts/6: a threshold alert names exactly one of \"column\" and \"measure\"");
    CHECK(errors_of(with(R"("alerts": [{"name": "a", "kind": "band_downgrade", "severity": "info", "points": 3}])")) ==
          "/alerts/0/points: unknown key \"points\" (expected one of: name, kind, severity, reason, cooldown)");
    CHECK(errors_of(with(R"("alerts": {"name": "a"})")) == "/alerts: must be an array, not an object");
    // the same checks in scorecard::build, for specs made in code
    vitals::scorecard_spec spec = load_card().spec();
    spec.alerts[2].cooldown = -2;
    spec.alerts[6].measure = "gone";
    spec.trends[1].name = "active_users_slope";
    auto built = vitals::scorecard::build(spec);
    REQUIRE(!built);
    CHECK(built.error().code == vitals::errc::invalid_scorecard);
    CHECK(built.error().message ==
          "/trends/1/name: derived column \"active_users_slope\" is already declared at /trends/0\n"
          "/alerts/2/cooldown: must be >= 0 periods\n"
          "/alerts/6/measure: unknown measure \"gone\"");
}

TEST_CASE("alert evaluation: every kind by hand, cooldown, state for the next period, lists") {
    const vitals::scorecard card = load_card();
    const std::size_t R = card.spec().alerts.size();
    // account 0 trips everything; account 1 nothing; account 2 has no previous scores and missing values
    const std::vector<double> values{
        // active_users seats slope declines days_late_slope revenue_change tenure
        10, 100, -0.1, 4, 0.5, -3, 30,       //
        90, 100, 0.05, 0, -0.2, 12, 400,     //
        nan_v, 100, nan_v, nan_v, nan_v, nan_v, nan_v,
    };
    const std::vector<double> score{35, 80, 50};
    const std::vector<double> previous{
        72, 60, 45,                // latest 45 (red band? no: 45 is yellow) -> 35 is red: downgrade; high 72 - 35 = 37
        78, 79, 81,                // 80 vs 81: same band, drop 1
        nan_v, nan_v, nan_v,       //
    };
    const vitals::alert_inputs in{vitals::frame_view<double>::row_major(values.data(), 3, 7), columns, score,
                                  vitals::frame_view<double>::row_major(previous.data(), 3, 3), {}};
    std::vector<std::int32_t> outcome(3 * R), since(3 * R);
    std::vector<double> value(3 * R), threshold(3 * R);
    const vitals::alert_output out{outcome, value, threshold, since};
    REQUIRE(vitals::evaluate_alerts(card, in, out));
    using O = vitals::alert_outcome;
    const auto at = [&](std::size_t i, std::size_t r) { return static_cast<O>(outcome[i * R + r]); };
    for (std::size_t r = 0; r < R; ++r) {
        CAPTURE(r);
        CHECK(at(0, r) == O::fired);
        CHECK(at(1, r) == O::quiet);
        CHECK(at(2, r) == O::quiet);
        CHECK(since[r] == 1);           // fired: one period since, as of the next period
        CHECK(since[R + r] == -1);      // never fired
    }
    CHECK(value[0] == 35.0);        // band downgrade: the score ...
    CHECK(threshold[0] == 45.0);    // ... against the latest previous score
    CHECK(value[1] == 37.0);        // score drop: 72 - 35
    CHECK(threshold[1] == 15.0);
    CHECK(value[2] == 30.0);        // contact tenure
    CHECK(threshold[2] == 90.0);
    CHECK(value[6] == doctest::Approx(0.0));  // adoption 10 % is below the linear worst 20 %: 0 points
    CHECK(value[R + 6] == doctest::Approx(100.0));
    CHECK(value[2 * R + 0] == 50.0);
    CHECK(std::isnan(threshold[2 * R + 0]));  // no previous score
    CHECK(std::isnan(value[2 * R + 1]));
    CHECK(std::isnan(value[2 * R + 2]));  // missing column

    // per-account lists: most severe first, then rule order
    auto lists = vitals::alert_lists(card, 3, outcome, value, threshold);
    REQUIRE(lists);
    REQUIRE(lists.value().size() == 3);
    std::vector<std::string> names;
    for (const auto& a : lists.value()[0]) names.emplace_back(a.name);
    CHECK(names == std::vector<std::string>{"score_drop", "low_adoption", "band_downgrade", "usage_declining",
                                            "days_late_rising", "new_contact", "revenue_flat"});
    CHECK(lists.value()[0][5].reason == "A new point of contact: rebuild the relationship.");
    CHECK(lists.value()[0][5].value == 30.0);
    CHECK(lists.value()[0][5].threshold == 90.0);
    CHECK(lists.value()[1].empty());
    CHECK(lists.value()[2].empty());

    // an alert in cooldown: score_drop (cooldown 3) fired 1 and 2 periods ago is suppressed, 3 ago it
    // fires; band_downgrade (cooldown 2) fired 2 periods ago fires; new_contact (no cooldown) fired
    // last period fires again
    std::vector<std::int32_t> state(3 * R, -1);
    state[1] = 2;  // account 0, score_drop: 2 periods since it fired
    state[0] = 2;  // account 0, band_downgrade: 2 periods since
    state[2] = 1;  // account 0, new_contact
    state[3] = 0;  // account 0, usage_declining (cooldown 1): fired in this very period
    state[R + 1] = 1;  // account 1: in cooldown, but its condition does not hold anyway
    vitals::alert_inputs in2 = in;
    in2.since_fired = state;
    REQUIRE(vitals::evaluate_alerts(card, in2, out));
    CHECK(at(0, 1) == O::suppressed);
    CHECK(since[1] == 3);  // a suppressed alert does not restart its cooldown
    CHECK(at(0, 0) == O::fired);
    CHECK(since[0] == 1);
    CHECK(at(0, 2) == O::fired);
    CHECK(at(0, 3) == O::suppressed);
    CHECK(at(1, 1) == O::quiet);
    CHECK(since[R + 1] == 2);
    state[1] = 3;
    REQUIRE(vitals::evaluate_alerts(card, in2, out));
    CHECK(at(0, 1) == O::fired);
    // lists: suppressed ones only when asked
    lists = vitals::alert_lists(card, 3, outcome, value, threshold, true);
    REQUIRE(lists);
    bool saw_suppressed = false;
    for (const auto& a : lists.value()[0]) saw_suppressed = saw_suppressed || (a.suppressed && a.name == "usage_declining");
    CHECK(saw_suppressed);
}

TEST_CASE("alert evaluation: argument errors and absent columns") {
    const vitals::scorecard card = load_card();
    const std::size_t R = card.spec().alerts.size();
    const std::vector<double> values(7, 1.0), score{50.0};
    std::vector<std::int32_t> outcome(R);
    const vitals::alert_output out{outcome, {}, {}, {}};
    // a column the alerts read is not given
    const std::vector<std::string> fewer(columns.begin(), columns.end() - 1);
    const vitals::alert_inputs in{vitals::frame_view<double>::row_major(values.data(), 1, 6), fewer, score, {}, {}};
    auto r = vitals::evaluate_alerts(card, in, out);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::unknown_column);
    CHECK(r.error().message == "columns: the scorecard's alerts read columns that are not given: \"contact_tenure_days\"");
    REQUIRE(vitals::evaluate_alerts(card, in, out, {true}));
    CHECK(outcome[2] == static_cast<std::int32_t>(vitals::alert_outcome::quiet));
    // names and columns disagree; a short output; since_fired of the wrong size
    vitals::alert_inputs bad = in;
    bad.columns = columns;
    r = vitals::evaluate_alerts(card, bad, out);
    REQUIRE(!r);
    CHECK(r.error().message == "columns: 7 names for 6 value columns");
    std::vector<std::int32_t> short_out(R - 1);
    r = vitals::evaluate_alerts(card, in, {short_out, {}, {}, {}}, {true});
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    const std::vector<std::int32_t> state(R + 1, -1);
    bad = in;
    bad.since_fired = state;
    r = vitals::evaluate_alerts(card, bad, out, {true});
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
}

namespace {

/// `card` with its alert rules replaced by `count` of them, cycling through the originals (copies
/// renamed), so that every rule count takes its path through the evaluation (up to 8 rules have
/// their own unrolled code, more the general one).
vitals::scorecard with_rule_count(const vitals::scorecard& card, std::size_t count) {
    vitals::scorecard_spec spec = card.spec();
    const auto original = spec.alerts;
    spec.alerts.clear();
    for (std::size_t r = 0; r < count; ++r) {
        vitals::alert_rule a = original[r % original.size()];
        if (r >= original.size()) a.name += "_" + std::to_string(r);
        spec.alerts.push_back(a);
    }
    auto built = vitals::scorecard::build(std::move(spec));
    REQUIRE_MESSAGE(built, (built ? "" : built.error().message));
    return built.value();
}

bool same_lists(const std::vector<std::vector<vitals::raised_alert>>& a, const std::vector<std::vector<vitals::raised_alert>>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].size() != b[i].size()) return false;
        for (std::size_t k = 0; k < a[i].size(); ++k) {
            const auto &x = a[i][k], &y = b[i][k];
            if (x.rule != y.rule || x.name != y.name || x.suppressed != y.suppressed || !same(x.value, y.value) ||
                !same(x.threshold, y.threshold))
                return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("alert evaluation agrees with a per-account reference on random inputs with missing values") {
    const vitals::scorecard full_card = load_card();
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const std::int64_t rows = 1500, P = 5;
    const auto maybe = [&](double v) { return u(rng) < 0.2 ? nan_v : v; };
    std::vector<double> values(static_cast<std::size_t>(rows) * 7), score(static_cast<std::size_t>(rows)),
        prev(static_cast<std::size_t>(rows * P));
    constexpr std::size_t max_rules = 11;
    std::vector<std::int32_t> all_state(static_cast<std::size_t>(rows) * max_rules);
    for (std::int64_t i = 0; i < rows; ++i) {
        double* v = values.data() + i * 7;
        v[0] = maybe(std::round(u(rng) * 100));
        v[1] = maybe(u(rng) < 0.1 ? 0.0 : 100.0);
        v[2] = maybe(u(rng) * 0.4 - 0.2);
        v[3] = maybe(std::floor(u(rng) * 6));
        v[4] = maybe(std::round(u(rng) * 4 - 2) / 2);  // exact zeros happen
        v[5] = maybe(std::round(u(rng) * 40 - 20));
        v[6] = maybe(std::round(u(rng) * 200));
        score[static_cast<std::size_t>(i)] = maybe(std::round(u(rng) * 100));
        for (std::int64_t j = 0; j < P; ++j) prev[static_cast<std::size_t>(i * P + j)] = maybe(std::round(u(rng) * 100));
    }
    for (auto& s : all_state) s = static_cast<std::int32_t>(std::floor(u(rng) * 6)) - 1;
    // a column-major copy of the values: layouts must not matter
    std::vector<double> values_c(values.size());
    for (std::int64_t i = 0; i < rows; ++i)
        for (std::int64_t c = 0; c < 7; ++c) values_c[static_cast<std::size_t>(c * rows + i)] = values[static_cast<std::size_t>(i * 7 + c)];
    for (std::size_t rule_count : {std::size_t{1}, std::size_t{3}, std::size_t{7}, max_rules}) {
        const vitals::scorecard card = with_rule_count(full_card, rule_count);
        const auto& rules = card.spec().alerts;
        const std::size_t R = rules.size();
        const std::span<const std::int32_t> state(all_state.data(), static_cast<std::size_t>(rows) * R);
        for (bool column_major : {false, true}) {
            CAPTURE(R);
            CAPTURE(column_major);
            const auto vf = column_major ? vitals::frame_view<double>::column_major(values_c.data(), rows, 7)
                                         : vitals::frame_view<double>::row_major(values.data(), rows, 7);
            const vitals::alert_inputs in{vf, columns, score, vitals::frame_view<double>::row_major(prev.data(), rows, P), state};
            const std::size_t n = static_cast<std::size_t>(rows) * R;
            std::vector<std::int32_t> outcome(n), since(n);
            std::vector<double> value(n), threshold(n);
            REQUIRE(vitals::evaluate_alerts(card, in, {outcome, value, threshold, since}));
            std::int64_t bad = 0, fired = 0, suppressed = 0;
            std::vector<vitals::alert_event> expected_events;
            for (std::int64_t i = 0; i < rows; ++i) {
                const std::vector<double> row(values.begin() + i * 7, values.begin() + i * 7 + 7);
                const std::vector<double> p(prev.begin() + i * P, prev.begin() + i * P + P);
                for (std::size_t r = 0; r < R; ++r) {
                    const std::size_t k = static_cast<std::size_t>(i) * R + r;
                    const ref_result ref = reference(card, rules[r], row, score[static_cast<std::size_t>(i)], p);
                    const std::int32_t s = state[k];
                    const bool cooling = s >= 0 && s < rules[r].cooldown;
                    const auto want = ref.condition ? (cooling ? vitals::alert_outcome::suppressed : vitals::alert_outcome::fired)
                                                    : vitals::alert_outcome::quiet;
                    const std::int32_t want_since = want == vitals::alert_outcome::fired ? 1 : (s >= 0 ? s + 1 : -1);
                    bad += (outcome[k] != static_cast<std::int32_t>(want) || !same(value[k], ref.value) ||
                            !same(threshold[k], ref.threshold) || since[k] != want_since) ? 1 : 0;
                    fired += want == vitals::alert_outcome::fired ? 1 : 0;
                    suppressed += want == vitals::alert_outcome::suppressed ? 1 : 0;
                    if (want != vitals::alert_outcome::quiet)
                        expected_events.push_back({static_cast<std::size_t>(i), r, want, ref.value, ref.threshold});
                }
            }
            CHECK(bad == 0);
            CHECK(fired > 100 * static_cast<std::int64_t>(R));  // the comparison covers every outcome
            CHECK(suppressed > 10 * static_cast<std::int64_t>(R));

            // the sparse output: the same alerts, by account then rule, with no dense value / threshold
            std::vector<vitals::alert_event> events;
            std::vector<std::int32_t> outcome2(n), since2(n);
            REQUIRE(vitals::evaluate_alerts(card, in, {outcome2, {}, {}, since2, &events}));
            CHECK(outcome2 == outcome);
            CHECK(since2 == since);
            REQUIRE(events.size() == expected_events.size());
            std::size_t event_bad = 0;
            for (std::size_t e = 0; e < events.size(); ++e) {
                const auto &x = events[e], &y = expected_events[e];
                event_bad += (x.account != y.account || x.rule != y.rule || x.outcome != y.outcome ||
                              !same(x.value, y.value) || !same(x.threshold, y.threshold)) ? 1 : 0;
            }
            CHECK(event_bad == 0);
            for (bool with_suppressed : {false, true}) {
                auto from_dense = vitals::alert_lists(card, rows, outcome, value, threshold, with_suppressed);
                auto from_events = vitals::alert_lists(card, rows, events, with_suppressed);
                REQUIRE(from_dense);
                REQUIRE(from_events);
                CHECK(same_lists(from_dense.value(), from_events.value()));
            }
        }
    }
}

TEST_CASE("alert lists from events: accounts and rules out of range are errors") {
    const vitals::scorecard card = load_card();
    std::vector<vitals::alert_event> events{{0, 1, vitals::alert_outcome::fired, 20.0, 15.0}};
    auto ok = vitals::alert_lists(card, 2, events);
    REQUIRE(ok);
    REQUIRE(ok.value()[0].size() == 1);
    CHECK(ok.value()[0][0].name == "score_drop");
    CHECK(ok.value()[1].empty());
    events.push_back({2, 0, vitals::alert_outcome::fired, 0.0, 0.0});
    auto r = vitals::alert_lists(card, 2, events);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    CHECK(r.error().message == "events[1]: account 2, rule 0 out of range (2 accounts, 7 rules)");
    events.back() = {1, 7, vitals::alert_outcome::fired, 0.0, 0.0};
    r = vitals::alert_lists(card, 2, events);
    REQUIRE(!r);
    CHECK(r.error().message == "events[1]: account 1, rule 7 out of range (2 accounts, 7 rules)");
}

TEST_CASE("alerts on derived columns: computed from the input columns they read, in blocks") {
    auto card = vitals::load_scorecard(R"J({"vitals_scorecard": 1,
      "derived": [{"name": "bill", "expression": "base + usage"},
                  {"name": "idle", "expression": "(seats - active) / seats"},
                  {"name": "bill_per_seat", "expression": "bill / seats"}],
      "measures": [
        {"name": "idle_m", "input": "idle", "normaliser": {"kind": "linear", "worst": 1, "best": 0}},
        {"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -100, "best": 100}}],
      "alerts": [
        {"name": "cheap", "kind": "threshold", "severity": "info", "column": "bill_per_seat", "when": "below", "threshold": 10},
        {"name": "idle", "kind": "threshold", "severity": "warning", "measure": "idle_m", "when": "below", "threshold": 50}]})J");
    REQUIRE_MESSAGE(card, (card ? "" : card.error().message));
    const vitals::scorecard& c = card.value();
    // the data columns the alerts read: those the derived columns are computed from
    CHECK(vitals::alert_columns(c) == std::vector<std::string>{"base", "usage", "seats", "active"});
    // 600 accounts (more than one block), some values missing; other columns around them
    const std::size_t n = 600;
    const std::vector<std::string> cols{"other", "active", "seats", "usage", "base"};
    std::vector<double> v(n * cols.size());
    std::mt19937_64 rng(15);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (double& x : v) x = u(rng) < 0.05 ? nan_v : std::floor(1.0 + 200.0 * u(rng));
    const std::vector<double> score(n, 50.0);
    const vitals::alert_inputs in{vitals::frame_view<double>::row_major(v.data(), static_cast<std::int64_t>(n), 5), cols,
                                  score, {}, {}};
    std::vector<std::int32_t> outcome(2 * n);
    std::vector<double> value(2 * n);
    REQUIRE(vitals::evaluate_alerts(c, in, {outcome, value, {}, {}}));
    std::size_t fired = 0, missing = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double active = v[i * 5 + 1], seats = v[i * 5 + 2], usage = v[i * 5 + 3], base = v[i * 5 + 4];
        const double per_seat = vitals::ratio_value(base + usage, seats);
        const double idle = vitals::ratio_value(seats - active, seats);
        const double idle_points = c.measures()[0].normaliser(idle) * 100.0;
        INFO("account " << i);
        CHECK(std::bit_cast<std::uint64_t>(value[2 * i]) == std::bit_cast<std::uint64_t>(per_seat));
        CHECK(std::bit_cast<std::uint64_t>(value[2 * i + 1]) == std::bit_cast<std::uint64_t>(idle_points));
        CHECK(outcome[2 * i] == (per_seat < 10.0 ? 1 : 0));
        CHECK(outcome[2 * i + 1] == (idle_points < 50.0 ? 1 : 0));
        fired += static_cast<std::size_t>(outcome[2 * i] + outcome[2 * i + 1]);
        missing += std::isnan(per_seat) ? 1 : 0;
    }
    CHECK(fired > 0);
    CHECK(missing > 0);
    // an input a derived column reads is absent: named, or missing for every account when allowed
    const std::vector<std::string> short_cols{"other", "active", "seats", "usage", "nothing"};
    const vitals::alert_inputs in2{vitals::frame_view<double>::row_major(v.data(), static_cast<std::int64_t>(n), 5),
                                   short_cols, score, {}, {}};
    auto r = vitals::evaluate_alerts(c, in2, {outcome, value, {}, {}});
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::unknown_column);
    CHECK(r.error().message == "columns: the scorecard's alerts read columns that are not given: \"base\"");
    vitals::alert_options allow;
    allow.allow_absent = true;
    REQUIRE(vitals::evaluate_alerts(c, in2, {outcome, value, {}, {}}, allow));
    for (std::size_t i = 0; i < n; ++i) CHECK(std::isnan(value[2 * i]));
}

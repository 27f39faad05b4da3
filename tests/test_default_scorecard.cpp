// Tests of the built-in default scorecard (src/scorecard_file/default_scorecard.json): it loads,
// has the eight dimensions, and scores hand-worked accounts as its thresholds say it should.
//
// Shares of the total weight (group weights 20 15 10 15 15 10 10 5 sum to 100; every measure has
// weight 1 within its group):
//   adoption_rate 0.20 | logins_trend 0.15 | training_completion 0.10 |
//   tickets_per_seat 0.075, ticket_sentiment 0.075 | nps 0.15 | days_late 0.10 |
//   tenure_months, contact_tenure_days, executive_sponsor 1/30 each | seat_change_pct 0.05
#include <doctest/doctest.h>

#include "vitals/score.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/signals.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// measure indices in the default scorecard
constexpr std::size_t adoption_rate = 0, logins_trend = 1, training_completion = 2, tickets_per_seat = 3,
                      ticket_sentiment = 4, nps = 5, days_late = 6, tenure_months = 7, contact_tenure_days = 8,
                      executive_sponsor = 9, seat_change_pct = 10;

vitals::account_score score(std::initializer_list<std::pair<std::string_view, double>> account) {
    auto r = vitals::score_account(vitals::default_scorecard(), account);
    if (!r) FAIL("scoring failed: " << r.error().message);
    return std::move(r).value();
}

}  // namespace

TEST_CASE("the default scorecard loads and has the eight dimensions") {
    const vitals::scorecard& d = vitals::default_scorecard();
    auto again = vitals::load_scorecard(vitals::default_scorecard_json());
    REQUIRE_MESSAGE(again.has_value(), (again ? std::string() : again.error().message));
    CHECK(again.value() == d);

    CHECK(d.name() == "vitals-default");
    CHECK(d.min_coverage() == 0.6);
    CHECK(d.bands() == vitals::bands{});  // red < 40 <= yellow < 70 <= green

    const std::vector<std::string> dimensions{"adoption",     "engagement", "enablement",   "support",
                                              "satisfaction", "financial",  "relationship", "commercial"};
    const std::vector<double> weights{20, 15, 10, 15, 15, 10, 10, 5};
    REQUIRE(d.groups().size() == dimensions.size());
    for (std::size_t g = 0; g < dimensions.size(); ++g) {
        CAPTURE(g);
        CHECK(d.groups()[g].name == dimensions[g]);
        CHECK(d.groups()[g].weight == weights[g]);
        CHECK(d.groups()[g].parent.empty());
        CHECK_FALSE(d.groups()[g].description.empty());
    }

    REQUIRE(d.measures().size() == 11);
    CHECK(d.measure_index("adoption_rate") == adoption_rate);
    CHECK(d.measure_index("ticket_sentiment") == ticket_sentiment);
    CHECK(d.measure_index("seat_change_pct") == seat_change_pct);
    for (const auto& m : d.measures()) {
        CAPTURE(m.name);
        CHECK_FALSE(m.description.empty());  // every threshold says why
        CHECK(d.spec().groups.end() !=
              std::find_if(d.spec().groups.begin(), d.spec().groups.end(),
                           [&](const vitals::group& g) { return g.name == m.group; }));
    }
    CHECK(d.measures()[adoption_rate].input.is_ratio());

    const std::vector<std::string> inputs{"active_users",        "licensed_seats",   "logins_trend",
                                          "training_completion", "tickets_per_seat", "ticket_sentiment",
                                          "nps",                 "days_late",        "tenure_months",
                                          "contact_tenure_days", "executive_sponsor", "seat_change_pct"};
    REQUIRE(d.inputs().size() == inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) CHECK(d.inputs()[i] == inputs[i]);

    CHECK(d.slots()[adoption_rate].share == doctest::Approx(0.20).epsilon(1e-15));
    CHECK(d.slots()[tickets_per_seat].share == doctest::Approx(0.075).epsilon(1e-15));
    CHECK(d.slots()[tenure_months].share == doctest::Approx(1.0 / 30.0).epsilon(1e-15));
}

TEST_CASE("default scorecard, account A: steady, every measure present -> 77.0, green") {
    // adoption_rate       65 / 100 = 0.65, piecewise 0.2/0.5/0.8 -> 0/0.5/1: 0.5 + (0.15 / 0.3) x 0.5 = 0.75
    // logins_trend        0.05, piecewise -0.3/0/0.1 -> 0/0.6/1:            0.6 + (0.05 / 0.1) x 0.4 = 0.8
    // training_completion 0.7, steps 0.2/0.6 -> 0/0.5/1:                   >= 0.6                  = 1
    // tickets_per_seat    0.14, linear worst 0.5 best 0.05:                (0.14 - 0.5) / (0.05 - 0.5) = 0.8
    // ticket_sentiment    0, logistic midpoint 0:                                                  = 0.5
    // nps                 15, piecewise -50/0/30/60 -> 0/0.4/0.8/1:        0.4 + (15 / 30) x 0.4  = 0.6
    // days_late           0, steps 1/15/45 -> 1/0.7/0.3/0:                 < 1                     = 1
    // tenure_months       12, logistic midpoint 12:                                                = 0.5
    // contact_tenure_days 135, piecewise 30/90/180 -> 0/0.5/1:             0.5 + (45 / 90) x 0.5   = 0.75
    // executive_sponsor   1, flag good when true:                                                  = 1
    // seat_change_pct     0.05, piecewise -0.2/0/0.1 -> 0/0.5/1:           0.5 + (0.05 / 0.1) x 0.5 = 0.75
    // groups: adoption 0.75, engagement 0.8, enablement 1, support (0.8 + 0.5) / 2 = 0.65,
    //         satisfaction 0.6, financial 1, relationship (0.5 + 0.75 + 1) / 3 = 0.75, commercial 0.75
    // score = 20 x 0.75 + 15 x 0.8 + 10 x 1 + 15 x 0.65 + 15 x 0.6 + 10 x 1 + 10 x 0.75 + 5 x 0.75
    //       = 15 + 12 + 10 + 9.75 + 9 + 10 + 7.5 + 3.75 = 77.0
    // points lost: nps 15 x 0.4 = 6, adoption 20 x 0.25 = 5, sentiment 7.5 x 0.5 = 3.75,
    //              logins 15 x 0.2 = 3, tenure 10/3 x 0.5 = 1.67, seats 5 x 0.25 = 1.25,
    //              tickets 7.5 x 0.2 = 1.5, contact 10/3 x 0.25 = 0.83; the rest 0. Sum 23 = 100 - 77.
    const auto r = score({{"active_users", 65},        {"licensed_seats", 100},  {"logins_trend", 0.05},
                          {"training_completion", 0.7}, {"tickets_per_seat", 0.14}, {"ticket_sentiment", 0},
                          {"nps", 15},                  {"days_late", 0},         {"tenure_months", 12},
                          {"contact_tenure_days", 135}, {"executive_sponsor", 1}, {"seat_change_pct", 0.05}});
    CHECK(r.status == vitals::status::ok);
    CHECK(r.coverage == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(r.score == doctest::Approx(77.0).epsilon(1e-12));
    CHECK(vitals::default_scorecard().bands().label(r.band) == "green");
    CHECK(r.measures[adoption_rate].raw == doctest::Approx(0.65).epsilon(1e-15));
    CHECK(r.measures[adoption_rate].sub_score == doctest::Approx(0.75).epsilon(1e-14));
    CHECK(r.measures[tickets_per_seat].sub_score == doctest::Approx(0.8).epsilon(1e-14));
    CHECK(r.groups[4].score == doctest::Approx(65.0).epsilon(1e-12));  // support
    CHECK(r.groups[7].score == doctest::Approx(75.0).epsilon(1e-12));  // relationship
    CHECK(r.measures[nps].points_lost == doctest::Approx(6.0).epsilon(1e-12));
    CHECK(r.drivers == std::vector<std::size_t>{nps, adoption_rate, ticket_sentiment});
}

TEST_CASE("default scorecard, account B: struggling, every measure present -> 18.85, red") {
    // adoption_rate       10 / 100 = 0.1 < 0.2                                           = 0
    // logins_trend        -0.15: 0 + (0.15 / 0.3) x 0.6                                  = 0.3
    // training_completion 0.3: 0.2 <= x < 0.6                                           = 0.5
    // tickets_per_seat    0.5 = worst                                                    = 0
    // ticket_sentiment    -0.5: 1 / (1 + e^(4 x 0.5)) = 1 / (1 + e^2)                     ~ 0.1192
    // nps                 -20: 0 + (30 / 50) x 0.4                                       = 0.24
    // days_late           20: 15 <= x < 45                                               = 0.3
    // tenure_months       6: 1 / (1 + e^(0.25 x 6)) = 1 / (1 + e^1.5)                     ~ 0.1824
    // contact_tenure_days 20 < 30                                                        = 0
    // executive_sponsor   0, good when true                                              = 0
    // seat_change_pct     -0.1: 0 + (0.1 / 0.2) x 0.5                                    = 0.25
    // score = 20 x 0 + 15 x 0.3 + 10 x 0.5 + 15 x (0 + 0.1192) / 2 + 15 x 0.24 + 10 x 0.3
    //         + 10 x (0.1824 + 0 + 0) / 3 + 5 x 0.25
    //       = 4.5 + 5 + 0.894 + 3.6 + 3 + 0.608 + 1.25 ~ 18.85
    // points lost: adoption 20, nps 15 x 0.76 = 11.4, logins 15 x 0.7 = 10.5, tickets 7.5, days 7, ...
    const double sentiment = 1.0 / (1.0 + std::exp(2.0));
    const double tenure = 1.0 / (1.0 + std::exp(1.5));
    const double expected = 15 * 0.3 + 10 * 0.5 + 15 * (0 + sentiment) / 2 + 15 * 0.24 + 10 * 0.3 +
                            10 * (tenure + 0 + 0) / 3 + 5 * 0.25;
    CHECK(expected == doctest::Approx(18.852).epsilon(1e-4));  // the arithmetic above
    const auto r = score({{"active_users", 10},        {"licensed_seats", 100},  {"logins_trend", -0.15},
                          {"training_completion", 0.3}, {"tickets_per_seat", 0.5}, {"ticket_sentiment", -0.5},
                          {"nps", -20},                 {"days_late", 20},        {"tenure_months", 6},
                          {"contact_tenure_days", 20},  {"executive_sponsor", 0}, {"seat_change_pct", -0.1}});
    CHECK(r.status == vitals::status::ok);
    CHECK(r.score == doctest::Approx(expected).epsilon(1e-12));
    CHECK(vitals::default_scorecard().bands().label(r.band) == "red");
    CHECK(r.measures[ticket_sentiment].sub_score == doctest::Approx(sentiment).epsilon(1e-13));
    CHECK(r.measures[tenure_months].sub_score == doctest::Approx(tenure).epsilon(1e-13));
    CHECK(r.measures[adoption_rate].points_lost == doctest::Approx(20.0).epsilon(1e-12));
    CHECK(r.drivers == std::vector<std::size_t>{adoption_rate, nps, logins_trend});
}

TEST_CASE("default scorecard, account C: no survey answers and no tickets -> renormalised, 82.65, green") {
    // As account A, but nps and ticket_sentiment are missing (NaN / not given).
    // support = tickets_per_seat alone = 0.8; satisfaction drops out entirely.
    // coverage = 1 - 0.15 (nps) - 0.075 (sentiment) = 0.775 >= 0.6
    // present group weights: 100 - 15 (satisfaction) = 85
    // score = (20 x 0.75 + 15 x 0.8 + 10 x 1 + 15 x 0.8 + 10 x 1 + 10 x 0.75 + 5 x 0.75) / 85 x 100
    //       = (15 + 12 + 10 + 12 + 10 + 7.5 + 3.75) / 85 x 100 = 70.25 / 85 x 100 = 82.647...
    const auto r = score({{"active_users", 65},        {"licensed_seats", 100},  {"logins_trend", 0.05},
                          {"training_completion", 0.7}, {"tickets_per_seat", 0.14}, {"ticket_sentiment", NaN},
                          {"days_late", 0},             {"tenure_months", 12},    {"contact_tenure_days", 135},
                          {"executive_sponsor", 1},     {"seat_change_pct", 0.05}});
    CHECK(r.status == vitals::status::ok);
    CHECK(r.coverage == doctest::Approx(0.775).epsilon(1e-14));
    CHECK(r.score == doctest::Approx(70.25 / 85.0 * 100.0).epsilon(1e-12));
    CHECK(vitals::default_scorecard().bands().label(r.band) == "green");
    CHECK_FALSE(r.measures[nps].present());
    CHECK_FALSE(r.measures[ticket_sentiment].present());
    CHECK(std::isnan(r.groups[5].score));  // satisfaction
    CHECK(r.groups[4].score == doctest::Approx(80.0).epsilon(1e-12));
    CHECK(r.measures[tickets_per_seat].effective_weight == doctest::Approx(15.0 / 85.0).epsilon(1e-14));
}

TEST_CASE("default scorecard, account D: coverage 0.575 < 0.6 -> no data, not red") {
    // licensed_seats = 0 makes adoption_rate missing (a ratio over 0); nps and ticket_sentiment are
    // missing. coverage = 1 - 0.2 - 0.15 - 0.075 = 0.575 < 0.6: insufficient data, however bad the
    // remaining values are (every one of them scores 0 here, tenure about 1e-110).
    const auto r = score({{"active_users", 3},         {"licensed_seats", 0},    {"logins_trend", -0.5},
                          {"training_completion", 0},   {"tickets_per_seat", 2},  {"days_late", 90},
                          {"tenure_months", -1000},     {"contact_tenure_days", 5}, {"executive_sponsor", 0},
                          {"seat_change_pct", -0.5}});
    CHECK(r.coverage == doctest::Approx(0.575).epsilon(1e-14));
    CHECK(r.status == vitals::status::insufficient_data);
    CHECK(std::isnan(r.score));
    CHECK(r.band == vitals::bands::none);
    CHECK(vitals::default_scorecard().bands().label(r.band) == "no data");
    CHECK_FALSE(r.measures[adoption_rate].present());
    CHECK(r.measures[days_late].sub_score == 0.0);
    CHECK(r.drivers.empty());
}

TEST_CASE("default scorecard, account E: coverage exactly 0.6 is enough -> 53.33, yellow") {
    // only adoption (0.2), engagement (0.15), satisfaction (0.15) and financial (0.1) present:
    // coverage = 0.6 = min_coverage (a float sum of shares; compared with a 1e-12 tolerance)
    // adoption_rate 50 / 100 = 0.5 -> 0.5; logins_trend 0 -> 0.6; nps 0 -> 0.4; days_late 1 -> 0.7
    // score = (20 x 0.5 + 15 x 0.6 + 15 x 0.4 + 10 x 0.7) / 60 x 100 = (10 + 9 + 6 + 7) / 60 x 100 = 53.33
    const auto r = score({{"active_users", 50}, {"licensed_seats", 100}, {"logins_trend", 0}, {"nps", 0}, {"days_late", 1}});
    CHECK(r.coverage == doctest::Approx(0.6).epsilon(1e-14));
    CHECK(r.status == vitals::status::ok);
    CHECK(r.score == doctest::Approx(32.0 / 60.0 * 100.0).epsilon(1e-12));
    CHECK(vitals::default_scorecard().bands().label(r.band) == "yellow");
    // drivers: adoption 100 x (20/60) x 0.5 = 16.7, nps 100 x (15/60) x 0.6 = 15, logins 10, days 5
    CHECK(r.drivers == std::vector<std::size_t>{adoption_rate, nps, logins_trend});
}

TEST_CASE("default scorecard, account F: at or beyond every best threshold -> only the S-curves lose points") {
    // Every piecewise/steps/linear/flag measure is at or beyond its best value and scores exactly 1
    // (adoption 0.9 >= 0.8, logins 0.2 >= 0.1, training 1 >= 0.6, tickets 0.05 = best, nps 70 >= 60,
    // days_late 0 < 1, contact 365 >= 180, sponsor 1, seats 0.2 >= 0.1). The logistic ones never reach 1:
    // sentiment 1 -> 1 / (1 + e^-4) ~ 0.982, tenure 48 -> 1 / (1 + e^-9) ~ 0.99988.
    // score = 100 - 7.5 x (1 - 0.982) - 10/3 x (1 - 0.99988) ~ 99.865
    const double sentiment = 1.0 / (1.0 + std::exp(-4.0));
    const double tenure = 1.0 / (1.0 + std::exp(-9.0));
    const double expected = 100.0 - 7.5 * (1.0 - sentiment) - 10.0 / 3.0 * (1.0 - tenure);
    const auto r = score({{"active_users", 90},        {"licensed_seats", 100},  {"logins_trend", 0.2},
                          {"training_completion", 1},   {"tickets_per_seat", 0.05}, {"ticket_sentiment", 1},
                          {"nps", 70},                  {"days_late", 0},         {"tenure_months", 48},
                          {"contact_tenure_days", 365}, {"executive_sponsor", 1}, {"seat_change_pct", 0.2}});
    CHECK(r.score == doctest::Approx(expected).epsilon(1e-12));
    CHECK(r.measures[tickets_per_seat].sub_score == 1.0);
    CHECK(r.measures[tickets_per_seat].points_lost == 0.0);
    CHECK(r.drivers == std::vector<std::size_t>{ticket_sentiment, tenure_months});
    CHECK(r.measures[tenure_months].sub_score == doctest::Approx(tenure).epsilon(1e-13));
}

TEST_CASE("the default scorecard's signals: trends and alerts with reasons, read by alerts only (scores unchanged)") {
    const vitals::scorecard& d = vitals::default_scorecard();
    const auto& spec = d.spec();
    const std::vector<std::string> trends{"active_users_declines", "days_late_change", "revenue_projection_change"};
    REQUIRE(spec.trends.size() == trends.size());
    for (std::size_t t = 0; t < trends.size(); ++t) {
        CHECK(spec.trends[t].name == trends[t]);
        CHECK_FALSE(spec.trends[t].description.empty());
        // no measure reads a trend column: history cannot change a score
        CHECK(d.input_index(trends[t]) == vitals::npos);
    }
    CHECK(spec.score_trend.dead_band == 2.0);
    CHECK(spec.score_trend.window == 1);
    const std::vector<std::string> alerts{"score_drop",      "band_downgrade",   "new_point_of_contact",
                                          "usage_declining", "days_late_rising", "revenue_projection_flat",
                                          "senior_voices_missing"};
    REQUIRE(spec.alerts.size() == alerts.size());
    for (std::size_t a = 0; a < alerts.size(); ++a) {
        CAPTURE(alerts[a]);
        CHECK(spec.alerts[a].name == alerts[a]);
        CHECK(spec.alerts[a].reason.size() > 40);  // a reason people can act on
        CHECK(spec.alerts[a].cooldown >= 2);
    }

    // three accounts: A trips every alert; B none; C would trip new_point_of_contact, which fired
    // last period (cooldown 3: held back)
    const std::vector<std::string> columns{"contact_tenure_days", "active_users_declines", "days_late_change",
                                           "revenue_projection_change", "survey_senior_voices_missing"};
    const std::vector<double> values{
        10,  3, 80,  -1, 1,  // A
        400, 1, 0,   2,  0,  // B
        12,  0, 0,   5,  0,  // C
    };
    const std::vector<double> score{50, 75, 71};
    const std::vector<double> previous{80, 75, 72,   // A: 30 points below its high; was green, now yellow
                                       NaN, NaN, 74,  // B
                                       70, 71, 70};   // C
    std::vector<std::int32_t> since(3 * alerts.size(), -1);
    since[2 * alerts.size() + 2] = 1;  // C: new_point_of_contact fired last period
    std::vector<std::int32_t> outcome(since.size()), next(since.size());
    std::vector<double> value(since.size()), threshold(since.size());
    const vitals::alert_inputs in{vitals::frame_view<double>::row_major(values.data(), 3, 5), columns, score,
                                  vitals::frame_view<double>::row_major(previous.data(), 3, 3), since};
    auto r = vitals::evaluate_alerts(d, in, {outcome, value, threshold, next}, {});
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message));
    const auto fired = static_cast<std::int32_t>(vitals::alert_outcome::fired);
    const auto quiet = static_cast<std::int32_t>(vitals::alert_outcome::quiet);
    const auto held = static_cast<std::int32_t>(vitals::alert_outcome::suppressed);
    for (std::size_t a = 0; a < alerts.size(); ++a) {
        CAPTURE(alerts[a]);
        CHECK(outcome[a] == fired);
        CHECK(outcome[alerts.size() + a] == quiet);
        CHECK(outcome[2 * alerts.size() + a] == (a == 2 ? held : quiet));
    }
    CHECK(value[0] == 30);      // score_drop: points below the high
    CHECK(threshold[0] == 15);
    CHECK(value[2] == 10);      // new_point_of_contact: the contact's days
    CHECK(threshold[2] == 30);
}

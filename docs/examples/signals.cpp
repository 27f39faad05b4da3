// Trends and alerts for a small book: derived trend columns from history, scoring, the score
// trend arrow and alerts with a cooldown. docs/signals.md shows what it prints (built and run by
// the test "signals_example").
#include <vitals/scorecard_file.hpp>
#include <vitals/signals.hpp>
#include <vitals/vitals.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

static const char* const card_json = R"({
  "vitals_scorecard": 1,
  "name": "signals-example",
  "measures": [
    { "name": "adoption", "input": { "numerator": "active_users", "denominator": "licensed_seats" },
      "normaliser": { "kind": "piecewise", "knots": [0.2, 0.5, 0.8], "scores": [0, 0.5, 1] } },
    { "name": "usage_trend", "input": "active_users_slope",
      "normaliser": { "kind": "piecewise", "knots": [-0.1, 0, 0.05], "scores": [0, 0.6, 1] } },
    { "name": "payment", "input": "days_late",
      "normaliser": { "kind": "linear", "worst": 60, "best": 0 } }
  ],
  "trends": [
    { "name": "active_users_slope", "metric": "active_users", "kind": "slope", "window": 6 },
    { "name": "active_users_declines", "metric": "active_users", "kind": "declines", "window": 6 },
    { "name": "days_late_slope", "metric": "days_late", "kind": "slope", "window": 4 }
  ],
  "score_trend": { "dead_band": 2.0 },
  "alerts": [
    { "name": "score_drop", "kind": "score_drop", "points": 10, "window": 3, "severity": "critical",
      "cooldown": 3, "reason": "The score fell 10 points or more within three periods." },
    { "name": "band_downgrade", "kind": "band_downgrade", "severity": "warning", "cooldown": 2,
      "reason": "The account fell into a lower band." },
    { "name": "usage_declining", "kind": "threshold", "column": "active_users_declines",
      "when": "at_least", "threshold": 3, "severity": "warning",
      "reason": "Active users fell three periods in a row." },
    { "name": "days_late_rising", "kind": "threshold", "column": "days_late_slope", "when": "above",
      "threshold": 0, "severity": "info", "reason": "Invoices are paid later and later." },
    { "name": "new_contact", "kind": "threshold", "column": "contact_tenure_days", "when": "below",
      "threshold": 90, "severity": "info", "reason": "A new point of contact: rebuild the relationship." }
  ]
})";

int main() {
    auto loaded = vitals::load_scorecard(card_json);
    if (!loaded) { std::fprintf(stderr, "%s\n", loaded.error().message.c_str()); return 1; }
    const vitals::scorecard card = loaded.value();
    constexpr double nan = NAN;
    const std::vector<std::string> accounts{"acme", "globex", "initech", "umbrella"};
    const std::int64_t n = 4;

    // histories, row-major: accounts x 8 periods, oldest first
    const std::vector<double> active_users{
        80, 82, 85, 86, 88, 90, 91, 93,     // acme: growing
        90, 88, 85, 80, 74, 70, 66, 60,     // globex: falling every period
        50, 52, nan, 49, 51, 50, nan, 50,   // initech: flat, gaps
        nan, nan, nan, nan, nan, nan, 40, 30};  // umbrella: new, two periods only
    const std::vector<double> days_late{
        0, 0, 2, 0, 1, 0, 0, 0,
        5, 8, 10, 12, 15, 20, 28, 35,
        10, 10, 12, 9, 11, 10, 10, 10,
        nan, nan, nan, nan, nan, nan, nan, nan};
    const vitals::metric_history histories[] = {
        {"active_users", vitals::frame_view<double>::row_major(active_users.data(), n, 8)},
        {"days_late", vitals::frame_view<double>::row_major(days_late.data(), n, 8)},
    };

    // the input frame, column-major: the current values, then the derived trend columns
    std::vector<std::string> columns{"active_users", "licensed_seats", "days_late", "contact_tenure_days"};
    std::vector<double> frame{
        93, 60, 50, 30,      // active_users (the newest period)
        100, 100, 100, 50,   // licensed_seats
        0, 35, 10, nan,      // days_late
        700, 400, 45, 20,    // contact_tenure_days
    };
    const std::size_t given = frame.size();
    for (const std::string& t : vitals::trend_column_names(card)) columns.push_back(t);
    frame.resize(columns.size() * static_cast<std::size_t>(n));
    auto derived = vitals::compute_trend_columns(card, histories, n, std::span(frame).subspan(given));
    if (!derived) { std::fprintf(stderr, "%s\n", derived.error().message.c_str()); return 1; }
    const auto view = vitals::frame_view<double>::column_major(frame.data(), n, static_cast<std::int64_t>(columns.size()));

    // score
    std::vector<double> score(4), coverage(4);
    std::vector<std::int32_t> band(4), status(4);
    auto bound = vitals::bind_columns(card, columns);
    if (!bound) { std::fprintf(stderr, "%s\n", bound.error().message.c_str()); return 1; }
    if (auto r = vitals::score_batch(card, view, bound.value(), {score, band, coverage, status, {}, {}, {}}); !r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }

    // previous scores (accounts x 3 periods) and the trend arrow
    const std::vector<double> previous{
        70, 72, 74,
        80, 75, 69,
        60, nan, 61,
        nan, nan, nan};
    const auto prev = vitals::frame_view<double>::row_major(previous.data(), n, 3);
    std::vector<double> change(4);
    std::vector<std::int32_t> direction(4);
    if (auto r = vitals::score_trend(score, prev, card.spec().score_trend, change, direction); !r) return 1;

    // alerts: globex's score_drop fired last period (1 period ago; its cooldown is 3)
    const std::size_t R = card.spec().alerts.size();
    std::vector<std::int32_t> since(4 * R, -1);
    since[1 * R + 0] = 1;
    std::vector<std::int32_t> outcome(4 * R), next(4 * R);
    std::vector<double> value(4 * R), threshold(4 * R);
    const vitals::alert_inputs in{view, columns, score, prev, since};
    if (auto r = vitals::evaluate_alerts(card, in, {outcome, value, threshold, next}); !r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }
    auto lists = vitals::alert_lists(card, n, outcome, value, threshold, true);
    if (!lists) return 1;

    const auto col = [&](const char* name, std::size_t i) {
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == name) return frame[c * static_cast<std::size_t>(n) + i];
        return nan;
    };
    const char* arrow[] = {"v", "=", "^", "?"};  // declining, stable, improving, unknown
    const auto num = [](double v, const char* fmt) {
        char buf[32];
        std::snprintf(buf, sizeof buf, fmt, v);
        return std::isnan(v) ? std::string("n/a") : std::string(buf);
    };
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        std::printf("%-9s score %5.1f %-7s %s %-9s %6s  slope %6s  declines %s  days-late slope %6s\n",
                    accounts[i].c_str(), score[i], std::string(card.bands().label(band[i])).c_str(),
                    arrow[direction[i] + 1],
                    std::string(vitals::to_string(static_cast<vitals::score_direction>(direction[i]))).c_str(),
                    num(change[i], "%+.1f").c_str(), num(col("active_users_slope", i), "%+.3f").c_str(),
                    num(col("active_users_declines", i), "%.0f").c_str(), num(col("days_late_slope", i), "%+.3f").c_str());
        for (const vitals::raised_alert& a : lists.value()[i])
            std::printf("    %-8s %-16s %s (value %g, threshold %g)%s\n",
                        std::string(vitals::to_string(a.severity)).c_str(), std::string(a.name).c_str(),
                        std::string(a.reason).c_str(), a.value, a.threshold,
                        a.suppressed ? " [suppressed: in cooldown]" : "");
    }
}

#include <vitals/vitals.hpp>
#include <vitals/scorecard_file.hpp>
#include <cstdio>

int main() {
    const vitals::scorecard& card = vitals::default_scorecard();  // or load_scorecard_file("my.json")
    auto r = vitals::score_account(card, {{"active_users", 41}, {"licensed_seats", 50},
                                          {"logins_trend", -0.12}, {"nps", 10}, {"days_late", 20},
                                          {"contact_tenure_days", 25}, {"tenure_months", 30}});
    if (!r) { std::fprintf(stderr, "%s\n", r.error().message.c_str()); return 1; }
    const vitals::account_score& a = r.value();
    std::printf("score %.1f (%s), coverage %.0f%%\n", a.score,
                std::string(card.bands().label(a.band)).c_str(), 100 * a.coverage);
    for (std::size_t m : a.drivers)  // the measures losing the most points
        std::printf("  %-20s loses %4.1f points\n", card.measures()[m].name.c_str(),
                    a.measures[m].points_lost);
}

// The path to green: applying a proposed change and re-scoring lands the account in the target
// band, at its cut-off (continuous normalisers) or at the first value that reaches it; measures
// that cannot do it alone say so, and their best value indeed falls short.
#include "vitals/path_to_green.hpp"

#include "batch/random_scorecard.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

using vitals::find_path_to_green;
using vitals::path_options;

vitals::scorecard adoption_card() {
    vitals::scorecard_spec spec;
    spec.name = "adoption";
    vitals::measure a;
    a.name = "adoption";
    a.input = vitals::input::ratio("active_users", "seats");
    a.normaliser = vitals::linear{0.0, 1.0};
    vitals::measure n;
    n.name = "nps";
    n.input = vitals::input("nps");
    n.normaliser = vitals::linear{-100.0, 100.0};
    vitals::measure t;
    t.name = "tenure";
    t.input = vitals::input("tenure_months");
    t.normaliser = vitals::linear{0.0, 24.0};
    t.weight = 0.0;
    spec.measures = {a, n, t};
    return vitals::scorecard::build(spec).value();
}

/// The account with `change` applied to its inputs.
std::vector<double> applied(std::vector<double> inputs, const vitals::green_path& p) {
    for (const vitals::measure_change& c : p.changes) inputs[c.column] = c.value_to;
    return inputs;
}

bool continuous(const vitals::normaliser& n) {
    return n.target<vitals::linear>() || n.target<vitals::logistic>() || n.target<vitals::piecewise>();
}

}  // namespace

TEST_CASE("a hand-computed account: adoption 31 of 50 seats and NPS 0 need 45 of 50, or NPS 56, for green") {
    const vitals::scorecard card = adoption_card();
    // inputs: active_users, seats, nps, tenure_months
    REQUIRE(card.inputs().size() == 4);
    const std::vector<double> in{31.0, 50.0, 0.0, 6.0};
    const auto p = find_path_to_green(card, in).value();
    CHECK(p.score == doctest::Approx(56.0));
    CHECK(p.target_band == 2);
    CHECK(p.cutoff == 70.0);
    REQUIRE(p.single.size() == 2);
    // both need +0.28 of sub-score (the efforts tie up to rounding)
    CHECK(p.single[0].effort == doctest::Approx(0.28));
    CHECK(p.single[1].effort == doctest::Approx(0.28));
    const bool adoption_first = p.single[0].changes.at(0).measure == 0;
    const auto& adoption = p.single[adoption_first ? 0 : 1].changes.at(0);
    const auto& nps = p.single[adoption_first ? 1 : 0].changes.at(0);
    CHECK(adoption.measure == 0);
    CHECK(card.inputs()[adoption.column] == "active_users");
    CHECK(adoption.value_from == 31.0);
    CHECK(adoption.value_to == doctest::Approx(45.0).epsilon(1e-12));
    CHECK(adoption.raw_to == doctest::Approx(0.9).epsilon(1e-12));
    CHECK(card.inputs()[nps.column] == "nps");
    CHECK(nps.value_to == doctest::Approx(56.0).epsilon(1e-12));
    for (const auto& path : p.single) {
        const auto r = vitals::score_account(card, std::span<const double>(applied(in, path))).value();
        CHECK(r.band == 2);
        CHECK(r.score >= 70.0);
        CHECK(r.score - 70.0 < 1e-9);
    }
    // tenure has weight 0: it cannot move the score
    REQUIRE(p.blocked.size() == 1);
    CHECK(p.blocked[0].measure == 2);
    CHECK(p.blocked[0].reason.find("weight is 0") != std::string::npos);
}

TEST_CASE("not actionable measures are skipped; a target out of reach says so") {
    const vitals::scorecard card = adoption_card();
    const std::vector<double> in{31.0, 50.0, 0.0, 6.0};
    path_options o;
    o.not_actionable = {"nps"};
    const auto p = find_path_to_green(card, in, o).value();
    REQUIRE(p.single.size() == 1);
    CHECK(p.single[0].changes[0].measure == 0);
    bool nps_blocked = false;
    for (const auto& b : p.blocked) nps_blocked |= b.measure == 1 && b.reason == "marked not actionable";
    CHECK(nps_blocked);

    // from red (nps -100, 5 of 50 seats: score 5) to green needs both: no single measure does it
    const std::vector<double> red{5.0, 50.0, -100.0, 6.0};
    path_options green;
    green.target_band = 2;
    const auto q = find_path_to_green(card, red, green).value();
    CHECK(q.band == 0);
    CHECK(q.single.empty());
    REQUIRE(q.pair.has_value());
    const auto r = vitals::score_account(card, std::span<const double>(applied(red, *q.pair))).value();
    CHECK(r.band == 2);
    CHECK(r.score - 70.0 < 1e-9);
    CHECK(r.score >= 70.0);

    CHECK(find_path_to_green(card, in, path_options{5, {}}).error().code == vitals::errc::invalid_argument);
    CHECK(find_path_to_green(card, in, path_options{-1, {"no_such"}}).error().code == vitals::errc::unknown_column);
    const std::vector<double> green_account{50.0, 50.0, 100.0, 6.0};
    CHECK(find_path_to_green(card, green_account).value().note == "already in the top band");
    const std::vector<double> nothing(4, std::nan(""));
    CHECK(find_path_to_green(card, nothing).value().note.find("not scored") == 0);
}

TEST_CASE("random scorecards and accounts: every proposed change lands in the band, minimally") {
    std::size_t paths = 0, pairs = 0, short_of = 0, checked_minimal = 0;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        std::mt19937_64 rng(seed);
        const std::size_t columns = 3 + seed % 5;
        const vitals::scorecard card = vitals_test::random_scorecard(rng, columns, seed % 3 == 0 ? 2 : 0);
        const std::size_t I = card.inputs().size();
        const std::vector<double> book = vitals_test::random_book(rng, 20, I, 0.15);
        for (std::size_t row = 0; row < 20; ++row) {
            std::vector<double> in(I);
            for (std::size_t c = 0; c < I; ++c) in[c] = book[c * 20 + row];
            const auto p = find_path_to_green(card, in);
            if (!p) FAIL(p.error().message);
            if (p.value().target_band < 0) continue;
            const double cutoff = p.value().cutoff;
            const int target = p.value().target_band;
            for (const auto& path : p.value().single) {
                ++paths;
                const auto& c = path.changes.at(0);
                const auto r = vitals::score_account(card, std::span<const double>(applied(in, path))).value();
                INFO("seed ", seed, " row ", row, " measure ", card.measures()[c.measure].name, " (",
                     card.measures()[c.measure].normaliser.kind(), ") ", c.value_from, " -> ", c.value_to);
                REQUIRE(r.status == vitals::status::ok);
                CHECK(r.band >= target);
                CHECK(r.score >= cutoff);
                CHECK(r.score == path.score);
                const auto& norm = card.measures()[c.measure].normaliser;
                if (continuous(norm) && std::isfinite(c.value_to)) {
                    // at the cut-off, unless the measure was missing (then it counts from its first good value)
                    if (c.value_from == c.value_from) CHECK(r.score - cutoff < 1e-9);
                } else if (c.value_from == c.value_from && !norm.target<vitals::flag>() && c.value_to != c.value_from &&
                           !(norm.target<vitals::percentile>() && r.score - cutoff < 1e-9)) {
                    // a step, or a percentile's jump at tied quantiles: one representable value back falls short
                    std::vector<double> back = applied(in, path);
                    back[c.column] = std::nextafter(c.value_to, c.value_from);
                    const auto b = vitals::score_account(card, std::span<const double>(back)).value();
                    CHECK((b.status != vitals::status::ok || b.band < target));
                    ++checked_minimal;
                }
            }
            for (const auto& b : p.value().blocked) {
                if (b.reason.rfind("even at its best", 0) != 0 && b.reason.rfind("already at its best", 0) != 0) continue;
                ++short_of;
                // its best value indeed falls short
                const auto& m = card.measures()[b.measure];
                const auto inv = vitals::detail::green::invert(m.normaliser, vitals::detail::green::best_sub_score(m.normaliser),
                                                                std::nan(""));
                const auto slot = card.slots()[b.measure];
                std::vector<double> best = in;
                std::vector<double> values = in;
                values.resize(card.slot_count());
                card.fill_derived(values);
                best[slot.numerator] = slot.denominator == vitals::npos ? inv.x : inv.x * values[slot.denominator];
                const auto r = vitals::score_account(card, std::span<const double>(best)).value();
                INFO("seed ", seed, " row ", row, " measure ", m.name);
                CHECK((r.status != vitals::status::ok || r.band < target || r.score - cutoff < 1e-9));
            }
            if (p.value().pair) {
                ++pairs;
                CHECK(p.value().single.empty());
                const auto r = vitals::score_account(card, std::span<const double>(applied(in, *p.value().pair))).value();
                CHECK(r.band >= target);
            }
        }
    }
    MESSAGE(paths, " single-measure paths, ", checked_minimal, " checked minimal, ", pairs, " pairs, ", short_of,
            " measures short of the band");
    CHECK(paths > 1000);
    CHECK(pairs > 0);
    CHECK(short_of > 0);
    CHECK(checked_minimal > 50);
}

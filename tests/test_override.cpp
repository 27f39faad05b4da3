// Overrides with expiry: dates, parsing rows, the book, one account, and a scored chunk.
#include "batch/random_scorecard.hpp"
#include "spec_helpers.hpp"
#include "vitals/date.hpp"
#include "vitals/override.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

using vitals_test::make_group;
using vitals_test::make_measure;
constexpr double nan_ = std::numeric_limits<double>::quiet_NaN();

bool same(double a, double b) { return (a != a && b != b) || a == b; }

vitals::day_number day(const char* text) { return vitals::parse_date(text).value(); }

/// Three measures on 0..1 ramps, weights 1, 1, 2: score = 25 a + 25 b + 50 c (all present).
vitals::scorecard three_measures(double min_coverage = 0.0) {
    vitals::scorecard_spec s;
    s.name = "three";
    s.measures = {make_measure("adoption", "a"), make_measure("engagement", "b"),
                  make_measure("support", "c", "", 2.0)};
    s.min_coverage = min_coverage;
    return vitals::scorecard::build(s).value();
}

vitals::account_override make(std::string id, std::string target, double value, const char* expires,
                              std::string origin = "") {
    vitals::account_override o;
    o.account_id = std::move(id);
    o.target = std::move(target);
    o.value = value;
    o.reason = "exec sponsor confirmed renewal";
    o.author = "dana@example.com";
    o.expires = day(expires);
    o.origin = std::move(origin);
    return o;
}

}  // namespace

TEST_CASE("dates parse strictly as YYYY-MM-DD into day numbers") {
    CHECK(day("1970-01-01") == 0);
    CHECK(day("1970-01-02") == 1);
    CHECK(day("1969-12-31") == -1);
    CHECK(day("2024-02-29") - day("2024-02-28") == 1);
    CHECK(day("2024-03-01") - day("2024-02-29") == 1);
    CHECK(day("2026-11-23") == 20780);
    CHECK(vitals::format_date(day("2026-11-23")) == "2026-11-23");
    CHECK(vitals::format_date(day("0001-01-01")) == "0001-01-01");
    CHECK(vitals::format_date(day("9999-12-31")) == "9999-12-31");
    for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2026-1-01",
                            "2026-01-1", " 2026-01-01", "2026-01-01 ", "2026/01/01", "20260101", "", "0000-01-01",
                            "2026-01-01T00:00", "+026-01-01", "2026-0a-01"}) {
        CAPTURE(bad);
        const auto r = vitals::parse_date(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::parse_error);
        CHECK(r.error().message.find("is not a date (YYYY-MM-DD)") != std::string::npos);
    }
    CHECK(vitals::parse_date("2023-02-29").error().message ==
          "\"2023-02-29\" is not a date (YYYY-MM-DD): day 29 is not in 1-28 (2023-02 has 28 days)");
    CHECK(vitals::parse_date("2026-1-01").error().message ==
          "\"2026-1-01\" is not a date (YYYY-MM-DD): expected 10 characters, found 9");
    const auto today = vitals::today_utc();
    CHECK(today > day("2020-01-01"));
}

TEST_CASE("an override row is parsed strictly, every problem naming the row and the column") {
    const auto ok = vitals::parse_override({"A-1", "score", "72.5", "renewal signed", "dana", "2026-12-31"},
                                           "overrides.csv:2");
    REQUIRE(ok);
    CHECK(ok.value().account_id == "A-1");
    CHECK(ok.value().targets_score());
    CHECK(ok.value().value == 72.5);
    CHECK(ok.value().expires == day("2026-12-31"));
    CHECK(ok.value().origin == "overrides.csv:2");

    SUBCASE("a bad date names the row and the column") {
        const auto r = vitals::parse_override({"A-1", "score", "50", "why", "who", "2026-02-30"}, "overrides.csv:3");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::parse_error);
        CHECK(r.error().message == "overrides.csv:3: column expires: \"2026-02-30\" is not a date (YYYY-MM-DD): "
                                   "day 30 is not in 1-28 (2026-02 has 28 days)");
    }
    SUBCASE("a value outside 0-100") {
        const auto r = vitals::parse_override({"A-1", "nps", "120", "why", "who", "2026-02-01"}, "overrides.csv:4");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::invalid_argument);
        CHECK(r.error().message == "overrides.csv:4: column value: 120 is not in 0-100 (points)");
        CHECK_FALSE(vitals::parse_override({"A-1", "nps", "-0.5", "why", "who", "2026-02-01"}, "r"));
    }
    SUBCASE("a value that is not a number, and several problems at once") {
        const auto r = vitals::parse_override({"", "score", "high", "", "who", "tomorrow"}, "overrides.csv:5");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::parse_error);
        CHECK(r.error().message ==
              "overrides.csv:5: column value: \"high\" is not a number\n"
              "overrides.csv:5: column expires: \"tomorrow\" is not a date (YYYY-MM-DD): expected 10 characters, found 8\n"
              "overrides.csv:5: column account_id: must not be empty\n"
              "overrides.csv:5: column reason: must not be empty (say why)");
        const auto both = vitals::parse_override({"A-1", "score", "165", "why", "who", "2026-02-30"}, "o.csv:6");
        REQUIRE_FALSE(both);  // a bad date does not hide a value out of range
        CHECK(both.error().message == "o.csv:6: column expires: \"2026-02-30\" is not a date (YYYY-MM-DD): day 30 is "
                                      "not in 1-28 (2026-02 has 28 days)\n"
                                      "o.csv:6: column value: 165 is not in 0-100 (points)");
        for (const char* v : {"", " 5", "5 ", "1e2", "nan", "inf", "0x10", "5%"}) {
            CAPTURE(v);
            CHECK_FALSE(vitals::parse_override({"A", "score", v, "why", "who", "2026-02-01"}, "r"));
        }
    }
}

TEST_CASE("the override book checks fields, measure names and active clashes") {
    vitals::override_book book;
    CHECK(book.empty());
    REQUIRE(book.add(make("A-1", "score", 80, "2026-06-30", "overrides.csv:2")));
    REQUIRE(book.add(make("A-1", "engagement", 90, "2026-03-31", "overrides.csv:3")));
    REQUIRE(book.add(make("A-2", "support", 10, "2026-06-30", "overrides.csv:4")));
    CHECK(book.size() == 3);
    CHECK(book.for_account("A-1").size() == 2);
    CHECK(book.for_account("A-2")[0] == 2);
    CHECK(book.for_account("A-9").empty());

    SUBCASE("value outside 0-100 on add") {
        const auto r = book.add(make("A-3", "score", 100.5, "2026-06-30", "overrides.csv:9"));
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "overrides.csv:9: column value: 100.5 is not in 0-100 (points)");
        auto o = make("A-3", "score", nan_, "2026-06-30");
        o.author.clear();
        const auto r2 = book.add(o);
        REQUIRE_FALSE(r2);
        CHECK(r2.error().message == "override #3 (account \"A-3\"): column value: nan is not in 0-100 (points)\n"
                                    "override #3 (account \"A-3\"): column author: must not be empty (say who)");
        CHECK(book.size() == 3);
    }
    SUBCASE("unknown measure names the row") {
        const auto card = three_measures();
        CHECK(book.validate(card));
        REQUIRE(book.add(make("A-4", "nps", 50, "2026-06-30", "overrides.csv:7")));
        const auto r = book.validate(card);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::unknown_column);
        CHECK(r.error().message == "overrides.csv:7: column target: unknown measure \"nps\" for account \"A-4\" "
                                   "(scorecard \"three\" has: score, adoption, engagement, support)");
    }
    SUBCASE("two active overrides of one target clash; an expired predecessor does not") {
        REQUIRE(book.add(make("A-1", "score", 60, "2026-01-31", "overrides.csv:5")));  // lapsed in March
        CHECK(book.check_conflicts(day("2026-03-01")));
        const auto r = book.check_conflicts(day("2026-01-15"));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::invalid_argument);
        CHECK(r.error().message == "overrides.csv:5: account \"A-1\" has two active overrides of \"score\" on "
                                   "2026-01-15: this one (expires 2026-01-31) and overrides.csv:2 (expires 2026-06-30)");
    }
}

TEST_CASE("one account: expired yesterday lapses, expires today applies, both values kept") {
    const auto card = three_measures();
    const std::vector<double> in = {0.4, 0.8, 0.5};  // 10 + 20 + 25 = 55: yellow
    const auto computed = vitals::score_account(card, in).value();
    REQUIRE(computed.score == doctest::Approx(55.0));
    const auto as_of = day("2026-11-23");

    SUBCASE("a score override that expired yesterday is lapsed: the computed score stands") {
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "score", 90, "2026-11-22")));
        const auto r = vitals::apply_overrides(card, in, book, "A-1", as_of).value();
        REQUIRE(r.effects.size() == 1);
        CHECK(r.effects[0].state == vitals::override_state::lapsed);
        CHECK(r.effects[0].computed == computed.score);
        CHECK(r.effects[0].value == 90.0);
        CHECK(r.effects[0].measure == vitals::npos);
        CHECK_FALSE(r.any_applied());
        CHECK_FALSE(r.score_overridden);
        CHECK(r.result.score == computed.score);
        CHECK(r.result.band == 1);
    }
    SUBCASE("a score override that expires today applies: both scores, who and why are kept") {
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "score", 90, "2026-11-23")));
        const auto r = vitals::apply_overrides(card, in, book, "A-1", as_of).value();
        REQUIRE(r.effects.size() == 1);
        CHECK(r.effects[0].state == vitals::override_state::applied);
        CHECK(r.score_overridden);
        CHECK(r.computed.score == computed.score);
        CHECK(r.computed.band == 1);
        CHECK(r.result.score == 90.0);
        CHECK(r.result.band == 2);
        CHECK(r.result.coverage == computed.coverage);
        const auto& o = book.entries()[r.effects[0].entry];
        CHECK(o.author == "dana@example.com");
        CHECK(o.reason == "exec sponsor confirmed renewal");
        // and the next day it has lapsed by itself
        const auto next = vitals::apply_overrides(card, in, book, "A-1", as_of + 1).value();
        CHECK(next.effects[0].state == vitals::override_state::lapsed);
        CHECK(next.result.score == computed.score);
    }
    SUBCASE("a measure override re-scores the account: score, band, contributions and drivers follow") {
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "support", 100, "2026-12-01")));  // 10 + 20 + 50 = 80: green
        const auto r = vitals::apply_overrides(card, in, book, "A-1", as_of).value();
        CHECK(r.effects[0].state == vitals::override_state::applied);
        CHECK(r.effects[0].measure == 2);
        CHECK(r.effects[0].computed == doctest::Approx(50.0));
        CHECK_FALSE(r.score_overridden);
        CHECK(r.result.score == doctest::Approx(80.0));
        CHECK(r.result.band == 2);
        CHECK(r.result.measures[2].sub_score == 1.0);
        CHECK(r.result.measures[2].raw == 0.5);  // the raw value is still the data's
        CHECK(r.result.measures[2].contribution == doctest::Approx(50.0));
        CHECK(r.result.measures[2].points_lost == 0.0);
        CHECK(r.result.drivers == std::vector<std::size_t>{0, 1});
        CHECK(r.computed.drivers == std::vector<std::size_t>{2, 0, 1});
        // the same as the reference scorer with that sub-score forced
        const std::vector<double> forced = {nan_, nan_, 1.0};
        vitals::score_options so;
        so.sub_scores = forced;
        CHECK(vitals::score_account(card, in, so).value().score == r.result.score);
    }
    SUBCASE("a measure override of missing data counts as present data") {
        const auto strict = three_measures(0.6);
        const std::vector<double> sparse = {0.4, nan_, nan_};  // coverage 0.25 < 0.6: no score
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "support", 30, "2026-12-01")));
        const auto r = vitals::apply_overrides(strict, sparse, book, "A-1", as_of).value();
        CHECK(r.computed.status == vitals::status::insufficient_data);
        CHECK(std::isnan(r.effects[0].computed));
        CHECK(r.result.status == vitals::status::ok);
        CHECK(r.result.coverage == doctest::Approx(0.75));
        CHECK(r.result.score == doctest::Approx((0.4 * 1 + 0.3 * 2) / 3 * 100));
        CHECK(std::isnan(r.result.measures[2].raw));
        CHECK(r.result.measures[2].present());
    }
    SUBCASE("a score override on an account without a score gives it one") {
        const auto strict = three_measures(0.6);
        const std::vector<double> sparse = {0.4, nan_, nan_};
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "score", 35, "2026-12-01")));
        const auto r = vitals::apply_overrides(strict, sparse, book, "A-1", as_of).value();
        CHECK(std::isnan(r.computed.score));
        CHECK(r.result.score == 35.0);
        CHECK(r.result.band == 0);
        CHECK(r.result.status == vitals::status::ok);
    }
    SUBCASE("measure and score overrides together: the score override is the final word") {
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "support", 100, "2026-12-01")));
        REQUIRE(book.add(make("A-1", "score", 30, "2026-12-01")));
        REQUIRE(book.add(make("A-1", "adoption", 0, "2026-01-01")));  // lapsed
        const auto r = vitals::apply_overrides(card, in, book, "A-1", as_of).value();
        REQUIRE(r.effects.size() == 3);
        CHECK(r.effects[2].state == vitals::override_state::lapsed);
        CHECK(r.result.score == 30.0);
        CHECK(r.result.band == 0);
        CHECK(r.result.measures[2].contribution == doctest::Approx(50.0));  // explains the measure-level result
        CHECK(r.result.measures[0].sub_score == 0.4);                      // the lapsed one is not applied
    }
    SUBCASE("an account without overrides is the computed score, unchanged") {
        vitals::override_book book;
        REQUIRE(book.add(make("A-2", "score", 10, "2026-12-01")));
        const auto r = vitals::apply_overrides(card, in, book, "A-1", as_of).value();
        CHECK(r.effects.empty());
        CHECK(r.result.score == computed.score);
    }
    SUBCASE("errors: unknown measure, clash, sub_scores given") {
        vitals::override_book book;
        REQUIRE(book.add(make("A-1", "nps", 10, "2026-12-01", "o.csv:2")));
        const auto r = vitals::apply_overrides(card, in, book, "A-1", as_of);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::unknown_column);
        CHECK(r.error().message.rfind("o.csv:2: column target: unknown measure \"nps\"", 0) == 0);
        vitals::override_book clash;
        REQUIRE(clash.add(make("A-1", "support", 10, "2026-12-01", "o.csv:2")));
        REQUIRE(clash.add(make("A-1", "support", 20, "2026-11-23", "o.csv:3")));
        const auto c = vitals::apply_overrides(card, in, clash, "A-1", as_of);
        REQUIRE_FALSE(c);
        CHECK(c.error().code == vitals::errc::invalid_argument);
        CHECK(vitals::apply_overrides(card, in, clash, "A-1", as_of + 1));  // one lapsed: no clash
        const std::vector<double> forced = {nan_, nan_, nan_};
        vitals::score_options so;
        so.sub_scores = forced;
        CHECK_FALSE(vitals::apply_overrides(card, in, clash, "A-1", as_of + 1, so));
    }
}

TEST_CASE("forced sub-scores are checked for size and range") {
    const auto card = three_measures();
    const std::vector<double> in = {0.4, 0.8, 0.5};
    const std::vector<double> short_ = {0.5};
    const std::vector<double> high = {nan_, 1.5, nan_};
    vitals::score_options so;
    so.sub_scores = short_;
    CHECK(vitals::score_account(card, in, so).error().code == vitals::errc::shape_mismatch);
    so.sub_scores = high;
    CHECK(vitals::score_account(card, in, so).error().message ==
          "options.sub_scores[1] (engagement): 1.500000 is not in [0, 1]");
}

TEST_CASE("a scored chunk: only overridden rows change, each equal to applying to the account alone") {
    std::mt19937_64 rng(20261123);
    const auto as_of = day("2026-11-23");
    for (int trial = 0; trial < 40; ++trial) {
        CAPTURE(trial);
        const std::size_t columns = 1 + rng() % 6, rows = 1 + rng() % 300;
        const auto card = vitals_test::random_scorecard(rng, columns);
        const std::size_t M = card.measures().size();
        const auto values = vitals_test::random_book(rng, rows, columns, trial % 3 == 0 ? 0.5 : 0.1);
        const auto frame = vitals::frame_view<double>::column_major(values.data(), static_cast<std::int64_t>(rows),
                                                                     static_cast<std::int64_t>(columns));
        std::vector<std::string> names;
        for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
        const auto cols = vitals::bind_columns(card, names, true).value();
        std::vector<std::string> ids;
        for (std::size_t r = 0; r < rows; ++r) ids.push_back("acct-" + std::to_string(r));
        // overrides for about a third of the accounts, some lapsed, some of the score, some of a
        // measure, and a few for accounts not in the chunk
        vitals::override_book book;
        for (std::size_t r = 0; r < rows + 5; ++r) {
            if (rng() % 3 != 0) continue;
            const std::string id = "acct-" + std::to_string(r);
            const int kinds = 1 + static_cast<int>(rng() % 3);
            std::vector<std::string> used;
            for (int k = 0; k < kinds; ++k) {
                const bool score = rng() % 3 == 0;
                const std::string target = score ? "score" : card.measures()[rng() % M].name;
                const bool lapsed = rng() % 4 == 0;
                if (!lapsed && std::find(used.begin(), used.end(), target) != used.end()) continue;
                if (!lapsed) used.push_back(target);
                vitals::account_override o;
                o.account_id = id;
                o.target = target;
                o.value = static_cast<double>(rng() % 1001) / 10.0;
                o.reason = "r";
                o.author = "a";
                o.expires = as_of + (lapsed ? -1 - static_cast<int>(rng() % 30) : static_cast<int>(rng() % 30));
                REQUIRE(book.add(o));
            }
        }
        const std::size_t K = 3;
        std::vector<double> score(rows), cov(rows), contrib(rows * M), lost(rows * M);
        std::vector<std::int32_t> band(rows), status(rows), drivers(rows * K);
        const vitals::batch_output out{score, band, cov, status, contrib, lost, drivers};
        vitals::batch_options bo;
        bo.threads = 2;
        bo.block_size = 64;
        REQUIRE(vitals::score_batch(card, frame, cols, out, bo));
        const auto before_score = score;
        const auto before_contrib = contrib;
        const auto before_drivers = drivers;
        const auto report = vitals::apply_overrides(card, book, as_of, ids, frame, cols, out, bo);
        REQUIRE(report);
        std::size_t next = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            CAPTURE(r);
            std::vector<double> in(cols.size(), nan_);
            for (std::size_t k = 0; k < cols.size(); ++k)
                if (cols[k] >= 0) in[k] = frame(static_cast<std::int64_t>(r), cols[k]);
            const auto alone = vitals::apply_overrides(card, in, book, ids[r], as_of).value();
            if (book.for_account(ids[r]).empty()) {
                CHECK(same(score[r], before_score[r]));  // untouched
                for (std::size_t m = 0; m < M; ++m) CHECK(same(contrib[r * M + m], before_contrib[r * M + m]));
                continue;
            }
            REQUIRE(next < report.value().size());
            const auto& row = report.value()[next++];
            CHECK(row.row == static_cast<std::int64_t>(r));
            CHECK(same(row.computed_score, before_score[r]));  // reference == batch, bit for bit
            CHECK(same(row.computed_score, alone.computed.score));
            CHECK(same(row.score, alone.result.score));
            CHECK(row.band == alone.result.band);
            CHECK(row.effects.size() == alone.effects.size());
            CHECK(same(score[r], alone.result.score));
            CHECK(band[r] == alone.result.band);
            CHECK(status[r] == static_cast<std::int32_t>(alone.result.status));
            CHECK(same(cov[r], alone.result.coverage));
            for (std::size_t m = 0; m < M; ++m) {
                CHECK(same(contrib[r * M + m], alone.result.measures[m].contribution));
                CHECK(same(lost[r * M + m], alone.result.measures[m].points_lost));
            }
            for (std::size_t k = 0; k < K; ++k)
                CHECK(drivers[r * K + k] ==
                      (k < alone.result.drivers.size() ? static_cast<std::int32_t>(alone.result.drivers[k]) : -1));
            if (!row.any_applied()) {
                CHECK(same(score[r], before_score[r]));
                for (std::size_t k = 0; k < K; ++k) CHECK(drivers[r * K + k] == before_drivers[r * K + k]);
            }
        }
        CHECK(next == report.value().size());
    }
}

TEST_CASE("a scored chunk: errors name the row and account; sizes are checked") {
    const auto card = three_measures();
    const std::vector<double> values = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};  // 2 rows, row-major
    const auto frame = vitals::frame_view<double>::row_major(values.data(), 2, 3);
    const std::vector<std::int64_t> cols = {0, 1, 2};
    const std::vector<std::string_view> ids = {"A-1", "A-2"};
    std::vector<double> score(2);
    vitals::batch_output out;
    out.score = score;
    REQUIRE(vitals::score_batch(card, frame, cols, out));
    vitals::override_book book;
    REQUIRE(book.add(make("A-2", "nps", 50, "2026-12-01", "overrides.csv:3")));
    const auto r = vitals::apply_overrides(card, book, day("2026-11-23"), ids, frame, cols, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::unknown_column);
    CHECK(r.error().row == 1);
    CHECK(r.error().message.rfind("account \"A-2\": overrides.csv:3: column target: unknown measure \"nps\"", 0) == 0);
    const std::vector<std::string_view> one = {"A-1"};
    CHECK(vitals::apply_overrides(card, book, 0, one, frame, cols, out).error().code == vitals::errc::shape_mismatch);
    std::vector<double> tiny(1);
    vitals::batch_output short_out;
    short_out.score = tiny;
    CHECK(vitals::apply_overrides(card, book, 0, ids, frame, cols, short_out).error().code ==
          vitals::errc::shape_mismatch);
    const std::vector<std::int64_t> bad = {0, 1, 7};
    CHECK(vitals::apply_overrides(card, book, 0, ids, frame, bad, out).error().code == vitals::errc::invalid_argument);
    const vitals::override_book empty;
    CHECK(vitals::apply_overrides(card, empty, 0, ids, frame, cols, out).value().empty());
}

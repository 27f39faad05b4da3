// Scorecard sets: a card per segment value, with a default; batch by segment; the set file format.
#include "batch/random_scorecard.hpp"
#include "spec_helpers.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using vitals_test::make_measure;
constexpr double nan_ = std::numeric_limits<double>::quiet_NaN();

bool same(double a, double b) { return (a != a && b != b) || a == b; }

vitals::scorecard card_named(const std::string& name, std::vector<vitals::measure> measures) {
    vitals::scorecard_spec s;
    s.name = name;
    s.measures = std::move(measures);
    return vitals::scorecard::build(s).value();
}

/// SMB reads usage only; Enterprise reads usage and nps (weights 1, 3).
vitals::scorecard smb() { return card_named("smb", {make_measure("usage", "usage")}); }
vitals::scorecard enterprise() {
    return card_named("enterprise", {make_measure("usage", "usage"),
                                     make_measure("nps", "nps", "", 3.0, vitals::linear{-100.0, 100.0})});
}

vitals::scorecard_set two_segments(bool with_default) {
    return vitals::scorecard_set::build("segment", {smb(), enterprise()},
                                        {{"SMB", 0}, {"Mid-market", 0}, {"Enterprise", 1}},
                                        with_default ? std::optional<std::size_t>(0) : std::nullopt)
        .value();
}

struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        path = std::filesystem::temp_directory_path() / ("vitals_set_test_" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

}  // namespace

TEST_CASE("a set picks the card of a segment value; with no card and no default it is an error") {
    const auto set = two_segments(false);
    CHECK_FALSE(set.is_single());
    CHECK(set.segment_column() == "segment");
    CHECK(set.cards().size() == 2);
    CHECK(set.find("SMB") == 0);
    CHECK(set.find("Mid-market") == 0);
    CHECK(set.find("Enterprise") == 1);
    CHECK(set.find("enterprise") == vitals::npos);  // exact, case-sensitive
    CHECK(set.label(0) == "SMB, Mid-market");
    CHECK(set.label(1) == "Enterprise");
    CHECK(set.max_measures() == 2);
    CHECK(set.inputs().size() == 2);
    CHECK(set.default_card() == vitals::npos);

    SUBCASE("a segment value with no scorecard and no default: an error naming the value and account") {
        const auto r = set.card_for("Startup", "row 4 (account \"A-4\")");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::unknown_column);
        CHECK(r.error().message == "row 4 (account \"A-4\"): segment \"Startup\" (column segment) has no scorecard "
                                   "in the set, and the set has no default (known: SMB, Mid-market, Enterprise)");
    }
    SUBCASE("with a default, the default is used") {
        const auto d = two_segments(true);
        CHECK(d.card_for("Startup").value() == 0);
        CHECK(d.card_for("").value() == 0);
        CHECK(d.card_for("Enterprise").value() == 1);
        CHECK(d.label(0) == "SMB, Mid-market, default");
    }
    SUBCASE("build checks its arguments") {
        const auto r = vitals::scorecard_set::build("", {smb(), enterprise(), smb()}, {{"A", 0}, {"A", 1}, {"", 5}}, 7);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "segment_column: must not be empty\n"
                                   "segments[1]: segment \"A\" is listed twice (first at segments[0])\n"
                                   "segments[2]: the segment value must not be empty (empty cells take the default)\n"
                                   "segments[2]: card 5 is not one of the 3 cards\n"
                                   "default_card: 7 is not one of the 3 cards\n"
                                   "cards[2]: no segment and not the default uses it");
        CHECK_FALSE(vitals::scorecard_set::build("s", {}, {}));
    }
    SUBCASE("single: one card for everyone, no segment column") {
        const auto s = vitals::scorecard_set::single(smb());
        CHECK(s.is_single());
        CHECK(s.segment_column().empty());
        CHECK(s.find("anything") == 0);
        CHECK(s.label(0) == "default");
    }
}

TEST_CASE("batch by segment equals scoring each account alone with its card (random data, missing values)") {
    std::mt19937_64 rng(6);
    const char* values[] = {"SMB", "Mid-market", "Enterprise", "", "Startup"};
    for (int trial = 0; trial < 30; ++trial) {
        CAPTURE(trial);
        const std::size_t columns = 2 + rng() % 6, rows = rng() % 400;
        std::vector<vitals::scorecard> cards;
        for (int c = 0; c < 3; ++c) cards.push_back(vitals_test::random_scorecard(rng, columns));
        const bool with_default = trial % 2 == 0;
        // Mid-market shares SMB's card; the default (when there is one) is its own card
        std::vector<vitals::scorecard_set::segment> segs = {{"SMB", 0}, {"Mid-market", 0}, {"Enterprise", 1}};
        if (!with_default) cards.pop_back();
        const auto set = vitals::scorecard_set::build("segment", cards, segs,
                                                      with_default ? std::optional<std::size_t>(2) : std::nullopt)
                             .value();
        // a frame with an extra text-free column in front and the inputs in shuffled order
        std::vector<std::string> names = {"unused"};
        for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
        std::shuffle(names.begin() + 1, names.end(), rng);
        const std::size_t F = names.size();
        // every card's inputs must be there: random cards read a subset of c0..c{columns-1}
        const auto values_ = vitals_test::random_book(rng, rows, F, trial % 3 == 0 ? 0.4 : 0.05);
        const auto frame = trial % 2 ? vitals::frame_view<double>::column_major(values_.data(), static_cast<std::int64_t>(rows),
                                                                                 static_cast<std::int64_t>(F))
                                     : vitals::frame_view<double>::row_major(values_.data(), static_cast<std::int64_t>(rows),
                                                                              static_cast<std::int64_t>(F));
        std::vector<std::string> segment(rows), ids(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            segment[r] = values[rng() % (with_default ? 5 : 3)];
            ids[r] = "A-" + std::to_string(r);
        }
        const std::size_t W = set.max_measures(), K = 1 + rng() % 4;
        std::vector<double> score(rows), cov(rows), contrib(rows * W), lost(rows * W);
        std::vector<std::int32_t> band(rows), status(rows), drivers(rows * K), card(rows);
        const vitals::batch_output out{score, band, cov, status, contrib, lost, drivers};
        vitals::batch_options bo;
        bo.threads = 1 + static_cast<unsigned>(rng() % 3);
        bo.block_size = 1 + rng() % 100;
        bo.top_k = K;
        REQUIRE(vitals::score_batch(set, frame, names, segment, out, card, bo, ids));
        for (std::size_t r = 0; r < rows; ++r) {
            CAPTURE(r);
            const std::size_t c = set.card_for(segment[r]).value();
            REQUIRE(card[r] == static_cast<std::int32_t>(c));
            const vitals::scorecard& sc = set.cards()[c];
            std::vector<double> in;
            for (const std::string& input : sc.inputs()) {
                const auto at = std::find(names.begin(), names.end(), input) - names.begin();
                in.push_back(frame(static_cast<std::int64_t>(r), at));
            }
            vitals::score_options so;
            so.top_k = K;
            const auto alone = vitals::score_account(sc, in, so).value();
            CHECK(same(score[r], alone.score));
            CHECK(same(cov[r], alone.coverage));
            CHECK(band[r] == alone.band);
            CHECK(status[r] == static_cast<std::int32_t>(alone.status));
            for (std::size_t m = 0; m < W; ++m) {
                const bool in_card = m < alone.measures.size();
                CHECK(same(contrib[r * W + m], in_card ? alone.measures[m].contribution : nan_));
                CHECK(same(lost[r * W + m], in_card ? alone.measures[m].points_lost : nan_));
            }
            for (std::size_t k = 0; k < K; ++k)
                CHECK(drivers[r * K + k] ==
                      (k < alone.drivers.size() ? static_cast<std::int32_t>(alone.drivers[k]) : -1));
        }
    }
}

TEST_CASE("batch by segment: errors and shortcuts") {
    const std::vector<std::string> names = {"usage", "nps"};
    const std::vector<double> v = {0.5, 40, 0.9, -20, 0.1, nan_};  // 3 rows, row-major
    const auto frame = vitals::frame_view<double>::row_major(v.data(), 3, 2);
    std::vector<double> score(3);
    std::vector<std::int32_t> card(3);
    vitals::batch_output out;
    out.score = score;

    SUBCASE("a segment value with no scorecard and no default names the value and account, its row as data") {
        const std::vector<std::string> seg = {"SMB", "Startup", "Garage"};
        const std::vector<std::string> ids = {"A-1", "A-2", "A-3"};
        const auto r = vitals::score_batch(two_segments(false), frame, names, seg, out, card, {}, ids);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::unknown_column);
        CHECK(r.error().row == 1);
        CHECK(r.error().message == "account \"A-2\": segment \"Startup\" (column segment) has no scorecard in "
                                   "the set, and the set has no default (known: SMB, Mid-market, Enterprise) (and 1 "
                                   "more rows without a scorecard)");
        // with a default, the same rows use it
        REQUIRE(vitals::score_batch(two_segments(true), frame, names, seg, out, card, {}, ids));
        CHECK(card == std::vector<std::int32_t>{0, 0, 0});
        CHECK(score[1] == doctest::Approx(90.0));
    }
    SUBCASE("one card for every row scores in place; results as scoring alone") {
        const std::vector<std::string_view> seg = {"Enterprise", "Enterprise", "Enterprise"};
        REQUIRE(vitals::score_batch(two_segments(false), frame, names, seg, out, card));
        CHECK(card == std::vector<std::int32_t>{1, 1, 1});
        CHECK(score[0] == doctest::Approx(0.25 * 50 + 0.75 * 70));
        CHECK(std::isnan(score[2]));  // nps missing: coverage 25 % is below the default minimum
    }
    SUBCASE("a single() set ignores segments") {
        const auto s = vitals::scorecard_set::single(smb());
        REQUIRE(vitals::score_batch(s, frame, names, std::vector<std::string>{}, out, card));
        CHECK(score[1] == doctest::Approx(90.0));
    }
    SUBCASE("a card's input missing from the columns, and shape errors") {
        const std::vector<std::string> only_usage = {"usage", "other"};
        const std::vector<std::string> seg = {"SMB", "SMB", "SMB"};
        const auto r = vitals::score_batch(two_segments(false), frame, only_usage, seg, out, card);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::unknown_column);
        CHECK(r.error().message == "scorecard for Enterprise: columns: the scorecard reads columns that are not given: nps");
        const std::vector<std::string> two = {"SMB", "SMB"};
        CHECK(vitals::score_batch(two_segments(false), frame, names, two, out, card).error().code ==
              vitals::errc::shape_mismatch);
        std::vector<std::int32_t> short_card(2);
        CHECK(vitals::score_batch(two_segments(false), frame, names, seg, out, short_card).error().code ==
              vitals::errc::shape_mismatch);
    }
}

TEST_CASE("overrides on a chunk scored by segment: measures are checked against the row's card") {
    const auto set = two_segments(false);
    const std::vector<std::string> names = {"usage", "nps"};
    const std::vector<double> v = {0.5, 40, 0.9, -20};
    const auto frame = vitals::frame_view<double>::row_major(v.data(), 2, 2);
    const std::vector<std::string> seg = {"SMB", "Enterprise"}, ids = {"A-1", "A-2"};
    std::vector<double> score(2), contrib(2 * 2);
    std::vector<std::int32_t> card(2);
    vitals::batch_output out;
    out.score = score;
    out.contributions = contrib;
    REQUIRE(vitals::score_batch(set, frame, names, seg, out, card, {}, ids));
    const auto as_of = vitals::parse_date("2026-11-23").value();
    vitals::override_book book;
    vitals::account_override o;
    o.account_id = "A-2";
    o.target = "nps";
    o.value = 100;
    o.reason = "survey was before the fix";
    o.author = "sam";
    o.expires = as_of;
    o.origin = "overrides.csv:2";
    REQUIRE(book.add(o));
    const auto r = vitals::apply_overrides(set, book, as_of, ids, frame, names, card, out);
    REQUIRE(r);
    REQUIRE(r.value().size() == 1);
    CHECK(r.value()[0].row == 1);
    CHECK(r.value()[0].computed_score == doctest::Approx(0.25 * 90 + 0.75 * 40));
    CHECK(score[1] == doctest::Approx(0.25 * 90 + 0.75 * 100));
    CHECK(contrib[3] == doctest::Approx(75.0));
    CHECK(score[0] == doctest::Approx(50.0));
    const std::vector<std::int32_t> unscored = {0, -1};
    const auto no_card = vitals::apply_overrides(set, book, as_of, ids, frame, names, unscored, out);
    REQUIRE_FALSE(no_card);
    CHECK(no_card.error().message == "card[1]: -1 is not a card of the set");
    o.account_id = "A-1";  // SMB's card has no nps
    o.origin = "overrides.csv:3";
    REQUIRE(book.add(o));
    const auto bad = vitals::apply_overrides(set, book, as_of, ids, frame, names, card, out);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().row == 0);
    CHECK(bad.error().message == "account \"A-1\": overrides.csv:3: column target: unknown measure \"nps\" for "
                                 "account \"A-1\" (scorecard \"smb\" has: score, usage)");
}

TEST_CASE("an error in a card's part of the rows carries the caller's row, mapped by index") {
    // Enterprise's card has a normaliser that fails above 5: rows alternate SMB / Enterprise, so
    // Enterprise's rows are scored as a gathered part whose row k is the caller's row 2k + 1
    struct broken {
        void apply(std::span<const double> in, std::span<double> out) const {
            for (std::size_t i = 0; i < in.size(); ++i) out[i] = in[i] > 5.0 ? 1.5 : 0.5;
        }
    };
    vitals::measure bad = make_measure("nps", "nps");
    bad.normaliser = broken{};
    const auto set = vitals::scorecard_set::build("segment", {smb(), card_named("enterprise", {make_measure("usage", "usage"), bad})},
                                                  {{"SMB", 0}, {"Enterprise", 1}}, std::nullopt)
                         .value();
    constexpr std::size_t rows = 300;
    std::vector<double> values(rows * 2, 1.0);  // row-major: usage, nps
    std::vector<std::string> seg(rows), ids(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        seg[r] = r % 2 ? "Enterprise" : "SMB";
        ids[r] = "A-" + std::to_string(r);
    }
    for (const std::size_t bad_row : {1u, 77u, 299u}) {
        CAPTURE(bad_row);
        std::vector<double> v = values;
        v[bad_row * 2 + 1] = 9.0;
        v[(bad_row - 1) * 2 + 1] = 9.0;  // an SMB row: its card does not read nps
        std::vector<double> score(rows);
        vitals::batch_output out;
        out.score = score;
        const std::vector<std::string> names = {"usage", "nps"};
        const auto r = vitals::score_batch(set, vitals::frame_view<double>::row_major(v.data(), rows, 2), names, seg, out,
                                           {}, {1, 16, 3}, ids);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::out_of_range);
        CHECK(r.error().row == static_cast<std::int64_t>(bad_row));
        CHECK(r.error().message.rfind("account \"A-" + std::to_string(bad_row) + "\": scorecard for Enterprise: /measures/1 (nps)", 0) == 0);
    }
}

TEST_CASE("the set file: paths relative to the set, inline cards, a default by name, path or inline") {
    temp_dir dir;
    const std::string smb_json = vitals::save_scorecard(smb()).value();
    const std::string ent_json = vitals::save_scorecard(enterprise()).value();
    dir.write("cards/smb.json", smb_json);
    dir.write("sets/set.json", R"({"vitals_scorecard_set": 1, "segment_column": "tier",
        "description": "by tier",
        "scorecards": {"SMB": "../cards/smb.json", "Mid-market": "../cards/smb.json", "Enterprise": )" +
                                   ent_json + R"(},
        "default": "SMB"})");
    const auto set = vitals::load_scorecard_set_file(dir.path / "sets/set.json");
    REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message));
    CHECK(set.value().segment_column() == "tier");
    CHECK(set.value().cards().size() == 2);  // one file named twice is loaded once
    CHECK(set.value().label(0) == "SMB, Mid-market, default");
    CHECK(set.value().cards()[0] == smb());
    CHECK(set.value().cards()[1] == enterprise());

    SUBCASE("either kind of file") {
        dir.write("cards/plain.json", ent_json);
        const auto plain = vitals::load_scorecard_or_set_file(dir.path / "cards/plain.json");
        REQUIRE(plain);
        CHECK(plain.value().is_single());
        CHECK(plain.value().cards()[0] == enterprise());
        const auto s = vitals::load_scorecard_or_set_file(dir.path / "sets/set.json");
        REQUIRE(s);
        CHECK_FALSE(s.value().is_single());
        CHECK_FALSE(vitals::load_scorecard_or_set_file(dir.path / "nope.json"));
        CHECK(vitals::load_scorecard_or_set("{", {}, "x.json").error().code == vitals::errc::parse_error);
    }
    SUBCASE("a default given as a path or inline is its own card") {
        const auto p = vitals::load_scorecard_set(
            R"({"vitals_scorecard_set": 1, "segment_column": "tier", "scorecards": {"Enterprise": "cards/smb.json"},
                "default": )" + ent_json + "}",
            {}, "set.json", dir.path);
        REQUIRE_MESSAGE(p, (p ? std::string() : p.error().message));
        CHECK(p.value().find("other") == 1);
        CHECK(p.value().label(1) == "default");
        const auto q = vitals::load_scorecard_set(
            R"({"vitals_scorecard_set": 1, "segment_column": "tier", "scorecards": {}, "default": "cards/smb.json"})", {},
            "set.json", dir.path);
        REQUIRE_MESSAGE(q, (q ? std::string() : q.error().message));
        CHECK(q.value().segments().empty());
        CHECK(q.value().find("x") == 0);
    }
    SUBCASE("every problem is reported with its JSON pointer, inner pointers prefixed") {
        const auto r = vitals::load_scorecard_set(
            R"({"vitals_scorecard_set": 2, "segments": "tier",
                "scorecards": {"SMB": "cards/missing.json", "": "cards/smb.json", "Ent/big": {"vitals_scorecard": 1,
                  "measures": [{"name": "u", "input": "usage", "normaliser": {"kind": "linear", "worst": 0, "best": 1},
                                "weight": -1}]},
                  "Mid": 7, "Bad": "cards/bad.json"},
                "default": []})",
            {}, "set.json", dir.path);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::invalid_scorecard);
        const std::string base = (dir.path / "cards").string();
        CHECK(r.error().message ==
              "set.json: /segments: unknown key \"segments\" (expected one of: vitals_scorecard_set, segment_column, "
              "scorecards, default, description)\n"
              "set.json: /segment_column: missing required key \"segment_column\"\n"
              "set.json: /vitals_scorecard_set: unsupported set format version 2 (this library reads version 1)\n"
              "set.json: /scorecards/SMB: " + base + "/missing.json: cannot open for reading\n"
              "set.json: /scorecards/: the segment value must not be empty (an empty segment cell takes the default)\n"
              "set.json: /scorecards/Ent~1big/measures/0/weight: must be a finite number >= 0\n"
              "set.json: /scorecards/Mid: must be a scorecard file path or an inline scorecard object, not a number\n"
              "set.json: /scorecards/Bad: " + base + "/bad.json: cannot open for reading\n"
              "set.json: /default: must be a scorecard file path or an inline scorecard object, not an array");
    }
    SUBCASE("a problem inside a scorecard file names the set pointer, the file and its pointer") {
        dir.write("cards/bad.json", R"({"vitals_scorecard": 1, "measures": []})");
        const auto r = vitals::load_scorecard_set(
            R"({"vitals_scorecard_set": 1, "segment_column": "tier", "scorecards": {"SMB": "cards/bad.json"}})", {},
            "set.json", dir.path);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::invalid_scorecard);
        CHECK(r.error().message.rfind("set.json: /scorecards/SMB: " + (dir.path / "cards/bad.json").string() + ": ", 0) == 0);
    }
    SUBCASE("only unreadable files: io_error; not JSON: parse_error with line and column") {
        const auto r = vitals::load_scorecard_set(
            R"({"vitals_scorecard_set": 1, "segment_column": "tier", "scorecards": {"SMB": "no.json"}})", {}, "s.json",
            dir.path);
        CHECK(r.error().code == vitals::errc::io_error);
        const auto p = vitals::load_scorecard_set("{\n  \"a\": ,}", {}, "s.json");
        CHECK(p.error().code == vitals::errc::parse_error);
        CHECK(p.error().message.rfind("s.json:2:8: not valid JSON", 0) == 0);
        const auto e = vitals::load_scorecard_set(R"({"vitals_scorecard_set": 1, "segment_column": "t", "scorecards": {}})");
        CHECK(e.error().message == "/scorecards: names no segment, and there is no default: the set scores nobody");
    }
}

TEST_CASE("scorecard sets: strict JSON (depth, numbers too large, duplicate keys) names the pointer") {
    const auto a = vitals::load_scorecard_or_set(std::string(100000, '['), {}, "set.json");
    REQUIRE_FALSE(a);
    CHECK(a.error().code == vitals::errc::parse_error);
    CHECK(a.error().message.rfind("set.json: /0/0/0/", 0) == 0);
    const auto b = vitals::load_scorecard_or_set(
        R"({"vitals_scorecard_set": 1, "segment_column": "tier", "segment_column": "x", "scorecards": {}})", {}, "set.json");
    REQUIRE_FALSE(b);
    CHECK(b.error().message == "set.json: /segment_column: the key \"segment_column\" is given twice");
    const auto c = vitals::load_scorecard_or_set(R"({"vitals_scorecard_set": 1e999})", {}, "set.json");
    REQUIRE_FALSE(c);
    CHECK(c.error().message == "set.json: /vitals_scorecard_set: the number 1e999 is too large (beyond the range of a double)");
}

TEST_CASE("save_scorecard_set: every card inline, read back to the same card for every segment value") {
    const std::filesystem::path examples = std::filesystem::path(VITALS_TEST_DATA_DIR) / ".." / ".." / "docs" / "examples";
    auto set = vitals::load_scorecard_set_file(examples / "segments.json");
    REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message));
    auto text = vitals::save_scorecard_set(set.value(), "saved");
    REQUIRE_MESSAGE(text, (text ? std::string() : text.error().message));
    CHECK(text.value().find("scorecard-enterprise.json") == std::string::npos);  // inline, no paths
    auto back = vitals::load_scorecard_set(text.value());
    REQUIRE_MESSAGE(back, (back ? std::string() : back.error().message));
    CHECK(back.value().segment_column() == set.value().segment_column());
    for (const char* value : {"Enterprise", "SMB", "Mid-market", "", "unheard of"}) {
        INFO(value);
        CHECK(back.value().cards()[back.value().find(value)].spec() == set.value().cards()[set.value().find(value)].spec());
    }
    // a default card that is also a segment's is written as that segment's name
    const vitals::scorecard& enterprise = set.value().cards()[set.value().find("Enterprise")];
    auto shared = vitals::scorecard_set::build("tier", {enterprise}, {{"Gold", 0}}, std::size_t{0});
    REQUIRE(shared);
    const std::string s = vitals::save_scorecard_set(shared.value()).value();
    CHECK(s.find("\"default\": \"Gold\"") != std::string::npos);
    CHECK(vitals::load_scorecard_set(s).value().find("Silver") == 0);
    // a single card has no segment column to write
    auto single = vitals::save_scorecard_set(vitals::scorecard_set::single(enterprise));
    REQUIRE_FALSE(single);
    CHECK(single.error().code == vitals::errc::invalid_argument);
}

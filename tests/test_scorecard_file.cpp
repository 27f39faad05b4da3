// Tests of the scorecard file format (include/vitals/scorecard_file.hpp, src/scorecard_file/):
// loading every field, every shape and meaning problem reported by code and JSON pointer (all of
// them at once, each once), malformed JSON as parse_error with line:column, and round trips
// save_scorecard -> load_scorecard through text and through real files.
// Fixtures live in tests/data (VITALS_TEST_DATA_DIR).
#include <doctest/doctest.h>

#include "vitals/normalise.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_file.hpp"

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path data_dir{VITALS_TEST_DATA_DIR};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

bool has_line(const std::string& text, const std::string& line) {
    for (const std::string& l : lines_of(text))
        if (l == line) return true;
    return false;
}

/// "<loaded>" when the text loads; else the message, prefixed by the code unless it is
/// invalid_scorecard (so a wrong code fails the comparison too).
std::string errors_of(std::string_view json, const vitals::load_options& options = {}) {
    auto r = vitals::load_scorecard(json, options);
    if (r) return "<loaded>";
    if (r.error().code != vitals::errc::invalid_scorecard)
        return "<" + std::string(vitals::to_string(r.error().code)) + "> " + r.error().message;
    return r.error().message;
}

/// A valid file around one measure object and optional extra top-level members.
std::string with_measure(const std::string& measure, const std::string& extra = "") {
    return R"({"vitals_scorecard": 1, )" + extra + R"("measures": [)" + measure + "]}";
}

const std::string ok_measure =
    R"({"name": "m", "input": "x", "normaliser": {"kind": "linear", "worst": 0, "best": 1}})";

/// A unique scratch directory under the system temp dir, removed at scope exit.
struct temp_dir {
    fs::path path;
    temp_dir() {
        std::random_device rd;
        path = fs::temp_directory_path() / ("vitals-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A user-defined normaliser with a name and equality: x^exponent.
struct power_curve {
    double exponent = 2.0;
    [[nodiscard]] std::string name() const { return "power_curve"; }
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = std::pow(in[i], exponent);
    }
    friend bool operator==(const power_curve&, const power_curve&) = default;
};

/// One with a name but no equality (equal only to itself, i.e. to copies of the same object).
struct clipped {
    [[nodiscard]] std::string name() const { return "clipped"; }
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = in[i] > 1.0 ? 1.0 : (in[i] < 0.0 ? 0.0 : in[i]);
    }
};

/// One without a name: cannot be written to a file.
struct anonymous {
    void apply(std::span<const double> in, std::span<double> out) const {
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = in[i];
    }
};

vitals::measure make_measure(std::string name, vitals::input in, vitals::normaliser n, std::string group = "",
                             double weight = 1.0) {
    vitals::measure m;
    m.name = std::move(name);
    m.input = std::move(in);
    m.normaliser = std::move(n);
    m.group = std::move(group);
    m.weight = weight;
    return m;
}

}  // namespace

// ---- loading -----------------------------------------------------------------------------------

TEST_CASE("load: every field of a file with every built-in normaliser kind") {
    auto r = vitals::load_scorecard_file(data_dir / "every_kind.json");
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message));
    const vitals::scorecard& c = r.value();

    CHECK(c.name() == "every-kind");
    CHECK(c.min_coverage() == 0.25);
    CHECK(c.bands().cutoffs == std::vector<double>{30.0, 55.0, 80.0});
    CHECK(c.bands().labels == std::vector<std::string>{"critical", "at risk", "healthy", "champion"});

    REQUIRE(c.groups().size() == 3);
    CHECK(c.groups()[0].name == "usage");
    CHECK(c.groups()[0].weight == 3.0);
    CHECK(c.groups()[0].description == "How much of the product is used.");
    CHECK(c.groups()[1].parent == "usage");
    CHECK(c.groups()[1].aggregation == vitals::aggregation::mean);  // default
    CHECK(c.groups()[2].aggregation == vitals::aggregation::weakest_link);
    CHECK(c.groups()[2].parent.empty());

    const auto ms = c.measures();
    REQUIRE(ms.size() == 8);
    CHECK(ms[0].input.is_ratio());
    CHECK(ms[0].input.column == "active_users");
    CHECK(ms[0].input.denominator == "seats");
    CHECK(ms[0].weight == 2.0);
    CHECK(ms[0].description == "Active users per seat.");
    CHECK(ms[0].normaliser == vitals::normaliser(vitals::linear{0.1, 0.9}));
    CHECK(ms[1].weight == 1.0);  // default
    CHECK(ms[1].normaliser == vitals::normaliser(vitals::steps{{0.2, 0.6}, {0.0, 0.5, 1.0}}));
    CHECK(ms[2].normaliser == vitals::normaliser(vitals::piecewise{{0.0, 5.0, 20.0}, {0.0, 0.6, 1.0}}));
    CHECK(ms[3].normaliser == vitals::normaliser(vitals::logistic{10.0, -0.5}));
    CHECK(ms[4].normaliser == vitals::normaliser(vitals::percentile{{1000.0, 5000.0, 20000.0, 80000.0, 500000.0},
                                                                    vitals::direction::higher_is_better}));
    CHECK(ms[5].normaliser ==
          vitals::normaliser(vitals::percentile{{0.0, 1.0, 2.0, 4.0, 9.0}, vitals::direction::lower_is_better}));
    CHECK(ms[6].normaliser == vitals::normaliser(vitals::flag{true}));
    CHECK(ms[6].group.empty());  // default: top level
    CHECK(ms[7].normaliser == vitals::normaliser(vitals::flag{false}));
    CHECK(ms[7].weight == 0.5);
    CHECK(c.inputs().size() == 9);  // active_users, seats, then one column per other measure
}

TEST_CASE("load: a minimal file takes every default") {
    auto r = vitals::load_scorecard(with_measure(ok_measure));
    REQUIRE(r.has_value());
    const auto& c = r.value();
    CHECK(c.name().empty());
    CHECK(c.spec().description.empty());
    CHECK(c.min_coverage() == 0.5);
    CHECK(c.bands() == vitals::bands{});
    CHECK(c.groups().empty());
    CHECK(c.measures()[0].weight == 1.0);
    CHECK(c.measures()[0].group.empty());
}

// ---- shape problems (pass 1) -------------------------------------------------------------------

TEST_CASE("errors: unknown keys, at the key's pointer") {
    SUBCASE("top level") {
        CHECK(errors_of(with_measure(ok_measure, R"("colour": "blue", )")) ==
              "/colour: unknown key \"colour\" (expected one of: vitals_scorecard, name, description, "
              "min_coverage, bands, groups, measures, derived, trends, score_trend, alerts, calibration)");
    }
    SUBCASE("in a measure") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "wieght": 2, "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/wieght: unknown key \"wieght\" (expected one of: name, input, normaliser, weight, group, "
              "description)");
    }
    SUBCASE("in a normaliser") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "normaliser": {"kind": "linear", "worst": 0, "best": 1, "slope": 2}})")) ==
              "/measures/0/normaliser/slope: unknown key \"slope\" (expected one of: kind, worst, best)");
    }
    SUBCASE("in a ratio input") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": {"numerator": "a", "denominator": "b", "scale": 100}, "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/input/scale: unknown key \"scale\" (expected one of: numerator, denominator)");
    }
    SUBCASE("in a group") {
        CHECK(errors_of(R"({"vitals_scorecard": 1, "groups": [{"name": "g", "colour": 1}], "measures": [
                           {"name": "m", "input": "x", "group": "g", "normaliser": {"kind": "flag", "good_when": true}}]})") ==
              "/groups/0/colour: unknown key \"colour\" (expected one of: name, weight, parent, aggregation, description)");
    }
    SUBCASE("in bands") {
        CHECK(errors_of(with_measure(ok_measure, R"("bands": {"cutoffs": [50], "labels": ["bad", "good"], "colours": []}, )")) ==
              "/bands/colours: unknown key \"colours\" (expected one of: cutoffs, labels)");
    }
    SUBCASE("a key with '/' or '~' is escaped in the pointer") {
        CHECK(errors_of(with_measure(ok_measure, R"("a/b~c": 1, )")).rfind("/a~1b~0c: unknown key \"a/b~c\"", 0) == 0);
    }
}

TEST_CASE("errors: missing required keys, at the enclosing object's pointer") {
    SUBCASE("measures at the top level (the document's pointer is empty)") {
        CHECK(errors_of(R"({"vitals_scorecard": 1})") == ": missing required key \"measures\"");
    }
    SUBCASE("a measure's normaliser and input") {
        CHECK(errors_of(with_measure(R"({"name": "m"})")) ==
              "/measures/0: missing required key \"input\"\n"
              "/measures/0: missing required key \"normaliser\"");
    }
    SUBCASE("a measure's name") {
        CHECK(errors_of(with_measure(R"({"input": "x", "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0: missing required key \"name\"");
    }
    SUBCASE("a normaliser's kind and parameters") {
        CHECK(errors_of(with_measure(R"({"name": "m", "input": "x", "normaliser": {"worst": 0, "best": 1}})")) ==
              "/measures/0/normaliser: missing required key \"kind\"");
        CHECK(errors_of(with_measure(R"({"name": "m", "input": "x", "normaliser": {"kind": "linear", "worst": 0}})")) ==
              "/measures/0/normaliser: missing required key \"best\"");
        CHECK(errors_of(with_measure(R"({"name": "m", "input": "x", "normaliser": {"kind": "percentile"}})")) ==
              "/measures/0/normaliser: missing required key \"quantiles\"");
    }
    SUBCASE("a ratio's denominator") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": {"numerator": "a"}, "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/input: missing required key \"denominator\"");
    }
    SUBCASE("a group's name") {
        CHECK(errors_of(with_measure(ok_measure, R"("groups": [{"weight": 2}], )")) ==
              "/groups/0: missing required key \"name\"");
    }
    SUBCASE("bands' labels") {
        CHECK(errors_of(with_measure(ok_measure, R"("bands": {"cutoffs": [50]}, )")) ==
              "/bands: missing required key \"labels\"");
    }
}

TEST_CASE("errors: wrong JSON types") {
    SUBCASE("the document is not an object") {
        CHECK(errors_of("[1, 2]") == ": must be an object, not an array");
    }
    SUBCASE("a number given as a string") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "weight": "2", "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/weight: must be a number, not a string");
    }
    SUBCASE("a string given as a number") {
        CHECK(errors_of(with_measure(
                  R"({"name": 7, "input": "x", "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/name: must be a string, not a number");
    }
    SUBCASE("min_coverage null") {
        CHECK(errors_of(with_measure(ok_measure, R"("min_coverage": null, )")) ==
              "/min_coverage: must be a number, not null");
    }
    SUBCASE("lists that are not arrays") {
        CHECK(errors_of(R"({"vitals_scorecard": 1, "measures": {"a": 1}})") == "/measures: must be an array, not an object");
        CHECK(errors_of(with_measure(ok_measure, R"("groups": "adoption", )")) == "/groups: must be an array, not a string");
        CHECK(errors_of(with_measure(ok_measure, R"("bands": [40, 70], )")) == "/bands: must be an object, not an array");
        // (the empty stand-in for cutoffs also makes the label count look wrong: not pinned here)
        CHECK(has_line(errors_of(with_measure(ok_measure, R"("bands": {"cutoffs": 50, "labels": ["a", "b"]}, )")),
                       "/bands/cutoffs: must be an array of numbers, not a number"));
        CHECK(errors_of(with_measure(ok_measure, R"("bands": {"cutoffs": [50], "labels": "a"}, )")) ==
              "/bands/labels: must be an array of strings, not a string");
    }
    SUBCASE("a wrong element of a list is named by index and reported once") {
        // the bad knot gets a stand-in; the stand-in must not cause a second, made-up problem
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "normaliser": {"kind": "piecewise", "knots": [0, "5", 10], "scores": [0, 0.5, 1]}})")) ==
              "/measures/0/normaliser/knots/1: must be a number, not a string");
        CHECK(errors_of(with_measure(ok_measure, R"("bands": {"cutoffs": [40, 70], "labels": ["red", 2, 3]}, )")) ==
              "/bands/labels/1: must be a string, not a number\n"
              "/bands/labels/2: must be a string, not a number");
        CHECK(errors_of(with_measure(ok_measure, R"("bands": {"cutoffs": [40, true], "labels": ["a", "b", "c"]}, )")) ==
              "/bands/cutoffs/1: must be a number, not a boolean");
    }
    SUBCASE("a measure that is not an object") {
        CHECK(errors_of(R"({"vitals_scorecard": 1, "measures": [["m"]]})") == "/measures/0: must be an object, not an array");
    }
    SUBCASE("a normaliser that is not an object") {
        CHECK(errors_of(with_measure(R"({"name": "m", "input": "x", "normaliser": "linear"})")) ==
              "/measures/0/normaliser: must be an object, not a string");
    }
    SUBCASE("an input that is neither a column nor a ratio") {
        CHECK(errors_of(with_measure(R"({"name": "m", "input": 3, "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/input: must be a column name or {\"numerator\": ..., \"denominator\": ...}, not a number");
    }
    SUBCASE("good_when is a boolean") {
        CHECK(errors_of(with_measure(R"({"name": "m", "input": "x", "normaliser": {"kind": "flag", "good_when": 1}})")) ==
              "/measures/0/normaliser/good_when: must be true or false, not a number");
    }
    SUBCASE("enumerations") {
        CHECK(errors_of(R"({"vitals_scorecard": 1, "groups": [{"name": "g", "aggregation": "max"}], "measures": [
                           {"name": "m", "input": "x", "group": "g", "normaliser": {"kind": "flag", "good_when": true}}]})") ==
              "/groups/0/aggregation: must be \"mean\" or \"weakest_link\", not \"max\"");
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "normaliser": {"kind": "percentile", "quantiles": [0, 1], "direction": "up"}})")) ==
              "/measures/0/normaliser/direction: must be \"higher_is_better\" or \"lower_is_better\", not \"up\"");
    }
}

TEST_CASE("errors: unknown normaliser kind and unregistered custom normalisers") {
    CHECK(errors_of(with_measure(R"({"name": "m", "input": "x", "normaliser": {"kind": "sigmoid", "midpoint": 0}})")) ==
          "/measures/0/normaliser/kind: unknown normaliser kind \"sigmoid\" (expected linear, steps, piecewise, "
          "logistic, percentile, flag, categories or custom)");
    const std::string custom = with_measure(R"({"name": "m", "input": "x", "normaliser": {"kind": "custom", "name": "cube"}})");
    CHECK(errors_of(custom) == "/measures/0/normaliser/name: no user-defined normaliser named \"cube\" is registered");
    vitals::load_options opts;
    opts.custom.emplace("power_curve", power_curve{});
    opts.custom.emplace("clipped", clipped{});
    CHECK(errors_of(custom, opts) == "/measures/0/normaliser/name: no user-defined normaliser named \"cube\" is "
                                     "registered (registered: clipped, power_curve)");
}

TEST_CASE("errors: format version") {
    SUBCASE("a newer version") {
        CHECK(errors_of(R"({"vitals_scorecard": 2, "measures": [)" + ok_measure + "]}") ==
              "/vitals_scorecard: unsupported format version 2 (this library reads version 1)");
    }
    SUBCASE("not an integer") {
        CHECK(errors_of(R"({"vitals_scorecard": "1", "measures": [)" + ok_measure + "]}") ==
              "/vitals_scorecard: unsupported format version \"1\" (this library reads version 1)");
        CHECK(errors_of(R"({"vitals_scorecard": 1.5, "measures": [)" + ok_measure + "]}") ==
              "/vitals_scorecard: unsupported format version 1.5 (this library reads version 1)");
    }
    SUBCASE("missing") {
        CHECK(errors_of(R"({"measures": [)" + ok_measure + "]}") == ": missing required key \"vitals_scorecard\"");
    }
}

// ---- meaning problems (pass 2, scorecard::build) through a file ---------------------------------

TEST_CASE("errors: validation problems carry the file's JSON pointers") {
    SUBCASE("out-of-range normaliser parameters") {
        const std::string json = R"({"vitals_scorecard": 1, "measures": [
            {"name": "a", "input": "a", "normaliser": {"kind": "flag", "good_when": true}},
            {"name": "b", "input": "b", "normaliser": {"kind": "flag", "good_when": true}},
            {"name": "c", "input": "c", "normaliser": {"kind": "flag", "good_when": true}},
            {"name": "d", "input": "d", "normaliser": {"kind": "piecewise", "knots": [0, 2, 1], "scores": [0, 0.5, 1]}},
            {"name": "e", "input": "e", "normaliser": {"kind": "steps", "cutoffs": [1, 2], "scores": [0, 1.5]}}]})";
        CHECK(errors_of(json) == "/measures/3/normaliser/knots: knots must be strictly increasing\n"
                                 "/measures/4/normaliser/scores: there must be one more score than cutoffs (3 expected, 2 given)\n"
                                 "/measures/4/normaliser/scores/1: scores must lie in [0, 1]");
    }
    SUBCASE("duplicate names, negative weights, unknown groups, empty groups, zero weights") {
        const std::string json = R"({"vitals_scorecard": 1,
            "groups": [{"name": "g", "weight": 1}, {"name": "g"}, {"name": "h", "parent": "g"}, {"name": "z"}],
            "measures": [
            {"name": "a", "input": "a", "group": "g", "weight": 0, "normaliser": {"kind": "flag", "good_when": true}},
            {"name": "a", "input": "b", "group": "nope", "weight": -3, "normaliser": {"kind": "flag", "good_when": true}},
            {"name": "c", "input": "c", "group": "h", "weight": 0, "normaliser": {"kind": "flag", "good_when": true}}]})";
        const std::string msg = errors_of(json);
        CAPTURE(msg);
        const std::vector<std::string> expected{
            "/groups/1/name: duplicate group name \"g\" (first at /groups/0)",
            "/measures/1/name: duplicate measure name \"a\" (first at /measures/0)",
            "/measures/1/weight: must be a finite number >= 0",
            "/measures/1/group: unknown group \"nope\"",
            "/groups/1: group \"g\" has no measures",
            "/groups/3: group \"z\" has no measures",
            "/groups/2: all member weights of group \"h\" are zero",
        };
        for (const auto& e : expected) {
            CAPTURE(e);
            CHECK(has_line(msg, e));
        }
        CHECK(lines_of(msg).size() == expected.size());
    }
    SUBCASE("group cycles and bands") {
        const std::string json = R"({"vitals_scorecard": 1, "min_coverage": -0.5,
            "bands": {"cutoffs": [70, 40], "labels": ["red", "green"]},
            "groups": [{"name": "p", "parent": "q"}, {"name": "q", "parent": "p"}],
            "measures": [{"name": "a", "input": "a", "group": "p", "normaliser": {"kind": "flag", "good_when": true}}]})";
        CHECK(errors_of(json) == "/min_coverage: must lie in [0, 1]\n"
                                 "/bands/cutoffs/1: cutoffs must be strictly increasing\n"
                                 "/bands/labels: there must be one more label than cutoffs (3 expected, 2 given)\n"
                                 "/groups/0/parent: groups nest in a cycle\n"
                                 "/groups/1: group \"q\" has no measures");
    }
    SUBCASE("all top-level weights zero") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "weight": 0, "normaliser": {"kind": "flag", "good_when": true}})")) ==
              ": all top-level weights are zero");
    }
    SUBCASE("a problem already reported by its shape is not reported again by its meaning") {
        // the missing "measures" would also be "a scorecard needs at least one measure"
        CHECK(lines_of(errors_of(R"({"vitals_scorecard": 1})")).size() == 1);
        // a weight of the wrong type gets a stand-in; it is not also "must be a finite number >= 0"
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "weight": [1], "normaliser": {"kind": "flag", "good_when": true}})")) ==
              "/measures/0/weight: must be a number, not an array");
    }
}

// ---- one file, many problems --------------------------------------------------------------------

TEST_CASE("errors: one file with several problems reports all of them, prefixed with the file name") {
    const fs::path path = data_dir / "many_errors.json";
    auto r = vitals::load_scorecard_file(path);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == vitals::errc::invalid_scorecard);
    const std::string msg = r.error().message;
    CAPTURE(msg);
    const std::string p = path.string() + ": ";
    // pass 1 (shape), in reading order, then pass 2 (meaning), in scorecard::build's order
    const std::vector<std::string> expected{
        p + "/colour: unknown key \"colour\" (expected one of: vitals_scorecard, name, description, min_coverage, "
            "bands, groups, measures, derived, trends, score_trend, alerts, calibration)",
        p + "/measures/2/normaliser/kind: unknown normaliser kind \"sigmoid\" (expected linear, steps, piecewise, "
            "logistic, percentile, flag, categories or custom)",
        p + "/measures/2/weight: must be a number, not a string",
        p + "/measures/4/normaliser: missing required key \"good_when\"",
        p + "/min_coverage: must lie in [0, 1]",
        p + "/bands/cutoffs/1: cutoffs must be strictly increasing",
        p + "/groups/0/weight: must be a finite number >= 0",
        p + "/groups/1/name: duplicate group name \"usage\" (first at /groups/0)",
        p + "/groups/2/parent: unknown group \"nobody\"",
        p + "/measures/1/name: duplicate measure name \"a\" (first at /measures/0)",
        p + "/measures/1/normaliser/best: best must differ from worst",
        p + "/measures/3/normaliser/knots: knots must be strictly increasing",
        p + "/measures/4/group: unknown group \"usgae\"",
        p + "/groups/1: group \"usage\" has no measures",
        p + "/groups/2: group \"orphan\" has no measures",
    };
    CHECK(lines_of(msg) == expected);
}

TEST_CASE("errors: a missing version key does not hide the file's other problems") {
    const fs::path path = data_dir / "missing_version.json";
    auto r = vitals::load_scorecard_file(path);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == vitals::errc::invalid_scorecard);
    const std::string p = path.string() + ": ";
    CHECK(lines_of(r.error().message) ==
          std::vector<std::string>{p + ": missing required key \"vitals_scorecard\"",
                                   p + "/measures/0/weight: must be a finite number >= 0",
                                   p + "/measures/1/name: duplicate measure name \"a\" (first at /measures/0)"});
}

// ---- malformed JSON -----------------------------------------------------------------------------

TEST_CASE("errors: malformed JSON is parse_error with line:column") {
    SUBCASE("a file: the trailing comma makes the ']' on line 6, column 3 unexpected") {
        const fs::path path = data_dir / "malformed.json";
        auto r = vitals::load_scorecard_file(path);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == vitals::errc::parse_error);
        CHECK(r.error().message.rfind(path.string() + ":6:3: not valid JSON: ", 0) == 0);
    }
    SUBCASE("text without a source name is called <text>") {
        // line 3 is `  "name": ,`: the ',' is column 11
        auto r = vitals::load_scorecard("{\n  \"vitals_scorecard\": 1,\n  \"name\": ,\n}");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == vitals::errc::parse_error);
        CHECK(r.error().message.rfind("<text>:3:11: not valid JSON: ", 0) == 0);
    }
    SUBCASE("a source name given with the text; the message says what was found") {
        // `{"a": tru}`: the parser gives up on the literal at the `}` in column 10
        auto r = vitals::load_scorecard("{\"a\": tru}", {}, "inline.json");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == vitals::errc::parse_error);
        CHECK(r.error().message.rfind("inline.json:1:10: not valid JSON: ", 0) == 0);
        CHECK(r.error().message.find("invalid literal") != std::string::npos);
        CHECK(r.error().message.find("json.exception") == std::string::npos);
    }
    SUBCASE("empty and truncated text") {
        auto e = vitals::load_scorecard("");
        REQUIRE_FALSE(e.has_value());
        CHECK(e.error().code == vitals::errc::parse_error);
        auto t = vitals::load_scorecard("{\"vitals_scorecard\": 1,");
        REQUIRE_FALSE(t.has_value());
        CHECK(t.error().code == vitals::errc::parse_error);
        CHECK(t.error().message.rfind("<text>:1:", 0) == 0);
    }
}

TEST_CASE("errors: an unreadable file is io_error") {
    const fs::path path = data_dir / "no_such_file.json";
    auto r = vitals::load_scorecard_file(path);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == vitals::errc::io_error);
    CHECK(r.error().message == path.string() + ": cannot open for reading");
}

TEST_CASE("errors: a source name prefixes every line of a text's problems") {
    auto r = vitals::load_scorecard(R"({"vitals_scorecard": 1, "min_coverage": 3, "measures": [)" + ok_measure + "]}", {},
                                    "mine.json");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "mine.json: /min_coverage: must lie in [0, 1]");
}

// ---- round trips --------------------------------------------------------------------------------

TEST_CASE("round trip: the default scorecard") {
    const vitals::scorecard& d = vitals::default_scorecard();
    auto text = vitals::save_scorecard(d);
    REQUIRE(text.has_value());
    auto back = vitals::load_scorecard(text.value());
    REQUIRE_MESSAGE(back.has_value(), (back ? std::string() : back.error().message));
    CHECK(back.value() == d);
    CHECK(back.value().spec() == d.spec());
    // saving again gives the same text
    auto again = vitals::save_scorecard(back.value());
    REQUIRE(again.has_value());
    CHECK(again.value() == text.value());
}

TEST_CASE("round trip: every normaliser kind, incl. a percentile from fit()") {
    // a reference population with values that have no short decimal form
    std::vector<double> reference;
    for (int i = 1; i <= 97; ++i) reference.push_back(std::sqrt(static_cast<double>(i)) / 3.0 + 1.0 / i);
    auto fitted = vitals::percentile::fit(reference, vitals::direction::lower_is_better, 20);
    REQUIRE(fitted.has_value());

    vitals::scorecard_spec s;
    s.name = "all kinds";
    s.description = "text with \"quotes\", a \\ backslash, unicode \xC3\xA9 and\na newline";
    s.min_coverage = 1.0 / 3.0;
    s.bands = vitals::bands{{12.5, 2.0 / 3.0 * 100.0}, {"low", "mid", "high"}};
    s.groups = {vitals::group{"g", 0.1, "", vitals::aggregation::weakest_link, "weakest"},
                vitals::group{"h", 1e-7, "g", vitals::aggregation::mean, ""}};
    s.measures = {
        make_measure("lin", "lin", vitals::linear{0.1, 0.7}, "g", 0.3),
        make_measure("st", vitals::input::ratio("num", "den"), vitals::steps{{0.1, 0.2, 0.3}, {0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0}}, "h"),
        make_measure("pw", "pw", vitals::piecewise{{-1e-9, 0.0, 1e9}, {1.0, 0.123456789012345678, 0.0}}, "h", 2.5),
        make_measure("lg", "lg", vitals::logistic{-3.3, 1.0 / 7.0}),
        make_measure("pc", "pc", fitted.value()),
        make_measure("fl", "fl", vitals::flag{false}, "", 0.0),
    };
    s.measures[3].description = "logistic";
    auto built = vitals::scorecard::build(s);
    REQUIRE_MESSAGE(built.has_value(), (built ? std::string() : built.error().message));

    auto text = vitals::save_scorecard(built.value());
    REQUIRE(text.has_value());
    auto back = vitals::load_scorecard(text.value());
    REQUIRE_MESSAGE(back.has_value(), (back ? std::string() : back.error().message));
    CHECK(back.value() == built.value());
    const auto* p = back.value().measures()[4].normaliser.target<vitals::percentile>();
    REQUIRE(p != nullptr);
    CHECK(p->quantiles == fitted.value().quantiles);  // bit for bit
    CHECK(p->dir == vitals::direction::lower_is_better);

    SUBCASE("and the every_kind.json fixture") {
        auto fixture = vitals::load_scorecard_file(data_dir / "every_kind.json");
        REQUIRE(fixture.has_value());
        auto saved = vitals::save_scorecard(fixture.value());
        REQUIRE(saved.has_value());
        auto reloaded = vitals::load_scorecard(saved.value());
        REQUIRE(reloaded.has_value());
        CHECK(reloaded.value() == fixture.value());
    }
}

TEST_CASE("round trip: user-defined normalisers registered through load_options::custom") {
    const vitals::normaliser clip = clipped{};  // no ==: equal only to copies of this object
    vitals::scorecard_spec s;
    s.measures = {make_measure("p", "p", power_curve{3.0}), make_measure("c", "c", clip)};
    auto built = vitals::scorecard::build(s);
    REQUIRE(built.has_value());

    auto text = vitals::save_scorecard(built.value());
    REQUIRE(text.has_value());
    CHECK(text.value().find(R"("name": "power_curve")") != std::string::npos);
    CHECK(text.value().find(R"("kind": "custom")") != std::string::npos);

    vitals::load_options opts;
    opts.custom.emplace("power_curve", power_curve{3.0});
    opts.custom.emplace("clipped", clip);
    auto back = vitals::load_scorecard(text.value(), opts);
    REQUIRE_MESSAGE(back.has_value(), (back ? std::string() : back.error().message));
    CHECK(back.value() == built.value());
    CHECK(back.value().measures()[0].normaliser(0.5) == 0.125);

    // the file names the normaliser; its parameters come from the registry, not the file
    vitals::load_options other;
    other.custom.emplace("power_curve", power_curve{2.0});
    other.custom.emplace("clipped", clip);
    auto different = vitals::load_scorecard(text.value(), other);
    REQUIRE(different.has_value());
    CHECK_FALSE(different.value() == built.value());
}

TEST_CASE("save: a user-defined normaliser without a name cannot be written") {
    vitals::scorecard_spec s;
    s.measures = {make_measure("ok", "ok", vitals::flag{}), make_measure("anon", "anon", anonymous{})};
    auto built = vitals::scorecard::build(s);
    REQUIRE(built.has_value());
    auto text = vitals::save_scorecard(built.value());
    REQUIRE_FALSE(text.has_value());
    CHECK(text.error().code == vitals::errc::not_supported);
    CHECK(text.error().message.rfind("/measures/1/normaliser: the user-defined normaliser has no name() to write", 0) == 0);
}

TEST_CASE("round trip through a real file") {
    temp_dir dir;
    const fs::path path = dir.path / "card.json";
    const vitals::scorecard& d = vitals::default_scorecard();

    auto saved = vitals::save_scorecard_file(d, path);
    REQUIRE_MESSAGE(saved.has_value(), (saved ? std::string() : saved.error().message));
    CHECK(fs::exists(path));
    CHECK_FALSE(fs::exists(dir.path / "card.json.tmp"));  // written through a temporary, then renamed
    CHECK(read_text(path) == vitals::save_scorecard(d).value());

    auto loaded = vitals::load_scorecard_file(path);
    REQUIRE_MESSAGE(loaded.has_value(), (loaded ? std::string() : loaded.error().message));
    CHECK(loaded.value() == d);

    // overwriting an existing file works too
    auto fixture = vitals::load_scorecard_file(data_dir / "every_kind.json");
    REQUIRE(fixture.has_value());
    REQUIRE(vitals::save_scorecard_file(fixture.value(), path).has_value());
    auto reloaded = vitals::load_scorecard_file(path);
    REQUIRE(reloaded.has_value());
    CHECK(reloaded.value() == fixture.value());

    // a directory that does not exist is io_error
    auto bad = vitals::save_scorecard_file(d, dir.path / "no" / "such" / "dir" / "card.json");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == vitals::errc::io_error);
}

TEST_CASE("a directory given as a scorecard file is an io_error") {
    const auto r = vitals::load_scorecard_file(std::filesystem::temp_directory_path());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::io_error);
    CHECK(r.error().message.find("is a directory") != std::string::npos);
}

TEST_CASE("strict JSON: nesting depth, numbers too large, duplicate keys name their JSON pointer") {
    SUBCASE("100,000 nested objects in the description: an error, not a crash") {
        std::string deep;
        for (int i = 0; i < 100000; ++i) deep += R"({"a": )";
        deep += "1";
        for (int i = 0; i < 100000; ++i) deep += "}";
        const std::string e = errors_of(with_measure(ok_measure, R"("description": )" + deep + ", "));
        CHECK(e.rfind("<parse_error> /description/a/a/", 0) == 0);
        CHECK(e.find(": nested deeper than 64 levels") != std::string::npos);
        std::string deep_array(100000, '[');
        CHECK(errors_of(with_measure(ok_measure, R"("description": )" + deep_array + ", ")).find("nested deeper than 64") !=
              std::string::npos);
    }
    SUBCASE("64 levels load as far as the depth check goes (the description must then be a string)") {
        std::string nest;
        for (int i = 0; i < 62; ++i) nest += "[";
        for (int i = 0; i < 62; ++i) nest += "]";
        const std::string e = errors_of(with_measure(ok_measure, R"("description": )" + nest + ", "));
        CHECK(e.find("nested deeper") == std::string::npos);
    }
    SUBCASE("1e999 as a weight, and as a knot") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "weight": 1e999, "normaliser": {"kind": "linear", "worst": 0, "best": 1}})")) ==
              "<parse_error> /measures/0/weight: the number 1e999 is too large (beyond the range of a double)");
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "normaliser": {"kind": "linear", "worst": 0, "best": -1e999}})")) ==
              "<parse_error> /measures/0/normaliser/best: the number -1e999 is too large (beyond the range of a double)");
        CHECK(errors_of(R"({"vitals_scorecard": 1, "measures": [1, 2, 1e400]})") ==
              "<parse_error> /measures/2: the number 1e400 is too large (beyond the range of a double)");
    }
    SUBCASE("a key given twice") {
        CHECK(errors_of(with_measure(
                  R"({"name": "m", "input": "x", "weight": 1, "weight": 5, "normaliser": {"kind": "linear", "worst": 0, "best": 1}})")) ==
              "<parse_error> /measures/0/weight: the key \"weight\" is given twice");
        CHECK(errors_of(R"({"vitals_scorecard": 1, "a/b": 1, "a/b": 2, "measures": []})") ==
              "<parse_error> /a~1b: the key \"a/b\" is given twice");
    }
    SUBCASE("load_scorecard_file names the file") {
        auto r = vitals::load_scorecard(R"({"vitals_scorecard": 1, "measures": [], "measures": []})", {}, "card.json");
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "card.json: /measures: the key \"measures\" is given twice");
    }
}

TEST_CASE("derived columns: load, score, round trip") {
    const std::string json = R"J({"vitals_scorecard": 1,
        "derived": [
            {"name": "monthly_bill", "expression": "base + usage + support + `one-off`", "description": "four charges"},
            {"name": "seat_gap", "expression": "seats_used - seats_bought"},
            {"name": "bill_per_seat", "expression": "monthly_bill / max(seats_used, 1)"}],
        "measures": [
            {"name": "bill", "input": "bill_per_seat", "normaliser": {"kind": "linear", "worst": 0, "best": 100}},
            {"name": "gap", "input": {"numerator": "seat_gap", "denominator": "seats_bought"},
             "normaliser": {"kind": "linear", "worst": -0.5, "best": 0}}]})J";
    auto card = vitals::load_scorecard(json);
    REQUIRE_MESSAGE(card.has_value(), (card ? std::string() : card.error().message));
    const vitals::scorecard& c = card.value();
    REQUIRE(c.spec().derived.size() == 3);
    CHECK(c.spec().derived[0].description == "four charges");
    CHECK(c.inputs().size() == 6);  // base, usage, support, one-off, seats_used, seats_bought
    CHECK(c.input_index("one-off") == 3);
    CHECK(c.input_index("monthly_bill") == vitals::npos);  // derived, not supplied by the host
    auto s = vitals::score_account(c, {{"base", 100.0}, {"usage", 50.0}, {"support", 40.0}, {"one-off", 10.0},
                                       {"seats_used", 4.0}, {"seats_bought", 5.0}});
    REQUIRE(s);
    CHECK(s.value().measures[0].raw == 50.0);   // 200 / 4
    CHECK(s.value().measures[1].raw == -0.2);   // (4 - 5) / 5
    CHECK(s.value().measures[0].sub_score == 0.5);

    auto text = vitals::save_scorecard(c);
    REQUIRE(text);
    auto back = vitals::load_scorecard(text.value());
    REQUIRE(back);
    CHECK(back.value() == c);
    CHECK(vitals::save_scorecard(back.value()).value() == text.value());
}

TEST_CASE("derived columns: errors carry the JSON pointer and the bad token's offset") {
    const auto with_derived = [](const std::string& derived) {
        return with_measure(ok_measure, R"("derived": )" + derived + ", ");
    };
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": "x + 1"},
                                     {"name": "b", "expression": "x + 1"},
                                     {"name": "c", "expression": "(x + 1))"}])J")) ==
          "/derived/2/expression: unexpected ')' at offset 7");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": "x +"}])J")) ==
          "/derived/0/expression: unexpected end of the expression at offset 3");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": ""}])J")) == "/derived/0/expression: empty expression");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": "x"}, {"name": "a", "expression": "y"}])J")) ==
          "/derived/1/name: duplicate derived column name \"a\" (first at /derived/0)");
    CHECK(errors_of(with_derived(R"J([{"name": "", "expression": "y"}])J")) == "/derived/0/name: must not be empty");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": "a + 1"}])J")) ==
          "/derived/0/expression: \"a\" reads itself");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": "b + 1"}, {"name": "b", "expression": "y"}])J")) ==
          "/derived/0/expression: \"b\" is declared later (/derived/1); a derived column reads only inputs and the "
          "derived columns declared before it");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": 3}])J")) ==
          "/derived/0/expression: must be a string, not a number");
    CHECK(errors_of(with_derived(R"J([{"name": "a"}])J")) == "/derived/0: missing required key \"expression\"");
    CHECK(errors_of(with_derived(R"J([{"name": "a", "expression": "x", "formula": "y"}])J")) ==
          "/derived/0/formula: unknown key \"formula\" (expected one of: name, expression, description)");
    CHECK(errors_of(with_derived(R"J({"a": "x"})J")) == "/derived: must be an array, not an object");
    // trends; alerts may read derived columns
    CHECK(errors_of(with_measure(ok_measure, R"J("trends": [{"name": "t", "metric": "x", "kind": "slope", "window": 3}],
                                              "derived": [{"name": "t", "expression": "x"}, {"name": "u", "expression": "t * 2"}], )J")) ==
          "/derived/0/name: \"t\" is already a trend column (/trends/0)\n"
          "/derived/1/expression: \"t\" is a trend column (/trends/0); derived columns cannot read trend columns");
    CHECK(errors_of(with_measure(R"J({"name": "m", "input": "d", "normaliser": {"kind": "linear", "worst": 0, "best": 1}})J",
                                 R"J("derived": [{"name": "d", "expression": "x * 2"}],
                                    "alerts": [{"name": "a1", "kind": "threshold", "severity": "info", "column": "d", "when": "below", "threshold": 1},
                                               {"name": "a2", "kind": "threshold", "severity": "info", "measure": "m", "when": "below", "threshold": 1}], )J")) == "<loaded>");
}

// ---- calibration -----------------------------------------------------------------------------

TEST_CASE("calibration: read, kept through a round trip, and its problems at their pointers") {
    auto card = vitals::load_scorecard(with_measure(ok_measure, R"("calibration": {"intercept": 1.25, "slope": -0.0625}, )"));
    REQUIRE(card);
    REQUIRE(card.value().calibration().has_value());
    CHECK(card.value().calibration()->intercept == 1.25);
    CHECK(card.value().calibration()->slope == -0.0625);
    // 1 / (1 + exp(-(1.25 - 0.0625 x 20))) = 1 / (1 + exp(0)) = 0.5
    CHECK((*card.value().calibration())(20.0) == 0.5);

    auto text = vitals::save_scorecard(card.value());
    REQUIRE(text);
    auto back = vitals::load_scorecard(text.value());
    REQUIRE(back);
    CHECK(back.value().spec() == card.value().spec());

    // a card without one has none, and saves none
    auto plain = vitals::load_scorecard(with_measure(ok_measure));
    REQUIRE(plain);
    CHECK_FALSE(plain.value().calibration().has_value());
    CHECK(vitals::save_scorecard(plain.value()).value().find("calibration") == std::string::npos);

    CHECK(errors_of(with_measure(ok_measure, R"("calibration": {"intercept": 1}, )")) ==
          "/calibration: missing required key \"slope\"");
    CHECK(errors_of(with_measure(ok_measure, R"("calibration": {"intercept": 1, "slope": "steep"}, )")) ==
          "/calibration/slope: must be a number, not a string");
    CHECK(errors_of(with_measure(ok_measure, R"("calibration": {"intercept": 1, "slope": -1, "bias": 0}, )")) ==
          "/calibration/bias: unknown key \"bias\" (expected one of: intercept, slope)");
    CHECK(errors_of(with_measure(ok_measure, R"("calibration": [1, -1], )")) ==
          "/calibration: must be an object, not an array");
}

TEST_CASE("calibration: scorecard::build rejects a value that is not finite") {
    auto spec = vitals::load_scorecard(with_measure(ok_measure)).value().spec();
    spec.calibration = vitals::churn_probability{std::nan(""), -1.0};
    auto r = vitals::scorecard::build(spec);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "/calibration/intercept: must be a finite number");
    spec.calibration = vitals::churn_probability{0.0, HUGE_VAL};
    r = vitals::scorecard::build(spec);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "/calibration/slope: must be a finite number");
}

// Tests of scorecard::build (include/vitals/scorecard.hpp, band.hpp): the compiled evaluation form
// (inputs, nodes, shares) of a valid spec, and every validation problem, each checked by its error
// code (errc::invalid_scorecard) and its exact "<json pointer>: <what>" line in the message.
#include <doctest/doctest.h>

#include "spec_helpers.hpp"

#include "vitals/normalise.hpp"
#include "vitals/scorecard.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

using vitals_test::make_group;
using vitals_test::make_measure;

/// A valid spec: groups adoption (weight 2) and support (1); measures
/// 0 a1 (adoption), 1 a2 (adoption, a ratio), 2 s1 (support), 3 t1 (top level).
vitals::scorecard_spec base_spec() {
    vitals::scorecard_spec s;
    s.name = "base";
    s.groups = {make_group("adoption", 2.0), make_group("support", 1.0)};
    s.measures = {
        make_measure("a1", "active_share", "adoption"),
        make_measure("a2", vitals::input::ratio("active_users", "seats"), "adoption"),
        make_measure("s1", "tickets", "support", 1.0, vitals::linear{1.0, 0.0}),
        make_measure("t1", "active_users", "", 1.0, vitals::flag{true}),
    };
    return s;
}

/// "<built>" when the spec builds; else the error message, prefixed by the code when it is not
/// invalid_scorecard (so a wrong code fails the comparison too).
std::string errors_of(vitals::scorecard_spec spec) {
    auto r = vitals::scorecard::build(std::move(spec));
    if (r) return "<built>";
    if (r.error().code != vitals::errc::invalid_scorecard)
        return "<" + std::string(vitals::to_string(r.error().code)) + "> " + r.error().message;
    return r.error().message;
}

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

}  // namespace

// ---- a valid scorecard -------------------------------------------------------------------------

TEST_CASE("build: a valid spec compiles to inputs, nodes and shares") {
    auto r = vitals::scorecard::build(base_spec());
    REQUIRE(r.has_value());
    const vitals::scorecard& c = r.value();

    SUBCASE("inputs: distinct columns in order of first use, ratio numerator before denominator") {
        REQUIRE(c.inputs().size() == 4);
        CHECK(c.inputs()[0] == "active_share");
        CHECK(c.inputs()[1] == "active_users");
        CHECK(c.inputs()[2] == "seats");
        CHECK(c.inputs()[3] == "tickets");
        CHECK(c.input_index("seats") == 2);
        CHECK(c.input_index("nope") == vitals::npos);
        // t1 reuses active_users
        CHECK(c.slots()[3].numerator == 1);
        CHECK(c.slots()[3].denominator == vitals::npos);
        CHECK(c.slots()[1].numerator == 1);
        CHECK(c.slots()[1].denominator == 2);
    }
    SUBCASE("names and lookups") {
        CHECK(c.name() == "base");
        CHECK(c.measures().size() == 4);
        CHECK(c.groups().size() == 2);
        CHECK(c.measure_index("s1") == 2);
        CHECK(c.measure_index("zz") == vitals::npos);
        CHECK(c.min_coverage() == 0.5);  // the default
        CHECK(c.bands() == vitals::bands{});
    }
    SUBCASE("nodes: 0 is the top level, g + 1 is groups()[g]; members are measures first, then groups") {
        const auto nodes = c.nodes();
        REQUIRE(nodes.size() == 3);
        CHECK(nodes[0].name.empty());
        CHECK(nodes[0].parent == vitals::npos);
        CHECK(nodes[1].name == "adoption");
        CHECK(nodes[1].parent == 0);
        CHECK(nodes[2].name == "support");
        REQUIRE(nodes[0].members.size() == 3);
        CHECK_FALSE(nodes[0].members[0].is_group);  // t1
        CHECK(nodes[0].members[0].index == 3);
        CHECK(nodes[0].members[1].is_group);        // adoption
        CHECK(nodes[0].members[1].index == 0);
        CHECK(nodes[0].members[2].is_group);        // support
        CHECK(nodes[0].members[2].index == 1);
        REQUIRE(nodes[1].members.size() == 2);
        CHECK(nodes[1].members[0].index == 0);
        CHECK(nodes[1].members[1].index == 1);
    }
    SUBCASE("shares of the total weight") {
        // top: t1 1, adoption 2, support 1 (total 4); adoption: a1 1, a2 1
        CHECK(c.nodes()[0].share == 1.0);
        CHECK(c.nodes()[1].share == 0.5);
        CHECK(c.nodes()[2].share == 0.25);
        CHECK(c.slots()[0].share == 0.25);
        CHECK(c.slots()[1].share == 0.25);
        CHECK(c.slots()[2].share == 0.25);
        CHECK(c.slots()[3].share == 0.25);
        CHECK(c.slots()[0].node == 1);
        CHECK(c.slots()[2].node == 2);
        CHECK(c.slots()[3].node == 0);
    }
    SUBCASE("equality and cheap copies") {
        auto again = vitals::scorecard::build(base_spec());
        REQUIRE(again.has_value());
        CHECK(again.value() == c);
        const vitals::scorecard copy = c;
        CHECK(copy == c);
        CHECK(&copy.spec() == &c.spec());  // one shared body
        auto changed = base_spec();
        changed.measures[2].weight = 2.0;
        auto other = vitals::scorecard::build(changed);
        REQUIRE(other.has_value());
        CHECK_FALSE(other.value() == c);
    }
}

TEST_CASE("build: shares through three levels of nesting and zero weights") {
    vitals::scorecard_spec s;
    s.groups = {make_group("outer", 3.0), make_group("middle", 1.0, "outer"), make_group("inner", 1.0, "middle"),
                make_group("other", 1.0)};
    s.measures = {make_measure("m_outer", "x0", "outer"), make_measure("m_mid", "x1", "middle"),
                  make_measure("m_in1", "x2", "inner"), make_measure("m_in2", "x3", "inner", 3.0),
                  make_measure("m_other", "x4", "other"), make_measure("m_zero", "x5", "other", 0.0)};
    auto r = vitals::scorecard::build(s);
    REQUIRE(r.has_value());
    const auto slots = r.value().slots();
    // outer 3/4; m_outer and middle 3/8 each; m_mid and inner 3/16 each; m_in1 1/4 and m_in2 3/4 of
    // that; other 1/4 all to m_other (m_zero weighs nothing)
    CHECK(slots[0].share == 0.375);
    CHECK(slots[1].share == 0.1875);
    CHECK(slots[2].share == 0.046875);
    CHECK(slots[3].share == 0.140625);
    CHECK(slots[4].share == 0.25);
    CHECK(slots[5].share == 0.0);
    double total = 0.0;
    for (const auto& sl : slots) total += sl.share;
    CHECK(total == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(r.value().nodes()[3].parent == 2);  // inner's parent is middle (node 2)
    CHECK(r.value().nodes()[3].share == 0.1875);
}

TEST_CASE("build: min_coverage may be 0 or 1 exactly, and bands may be customised") {
    auto s = base_spec();
    s.min_coverage = 0.0;
    CHECK(errors_of(s) == "<built>");
    s.min_coverage = 1.0;
    CHECK(errors_of(s) == "<built>");
    s.bands = vitals::bands{{25.0, 50.0, 75.0}, {"critical", "at risk", "healthy", "champion"}};
    CHECK(errors_of(s) == "<built>");
    s.bands = vitals::bands{{}, {"all"}};  // one band for everything
    CHECK(errors_of(s) == "<built>");
}

// ---- validation: one problem at a time -----------------------------------------------------------

TEST_CASE("validation: duplicate measure names") {
    auto s = base_spec();
    s.measures[2].name = "a1";
    CHECK(errors_of(s) == "/measures/2/name: duplicate measure name \"a1\" (first at /measures/0)");
}

TEST_CASE("validation: duplicate group names") {
    auto s = base_spec();
    s.groups.push_back(make_group("adoption", 1.0));
    s.measures.push_back(make_measure("a3", "x", "adoption"));
    // measures naming "adoption" belong to the first group of that name, so the second is also empty
    CHECK(errors_of(s) == "/groups/2/name: duplicate group name \"adoption\" (first at /groups/0)\n"
                         "/groups/2: group \"adoption\" has no measures");
}

TEST_CASE("validation: empty names and input columns") {
    SUBCASE("measure name") {
        auto s = base_spec();
        s.measures[1].name.clear();
        CHECK(errors_of(s) == "/measures/1/name: must not be empty");
    }
    SUBCASE("group name") {
        auto s = base_spec();
        s.groups[1].name.clear();
        CHECK(errors_of(s) == "/groups/1/name: must not be empty\n"
                             "/measures/2/group: unknown group \"support\"\n"
                             "/groups/1: group \"\" has no measures");
    }
    SUBCASE("input column") {
        auto s = base_spec();
        s.measures[0].input = vitals::input("");
        CHECK(errors_of(s) == "/measures/0/input: an input column is required");
    }
    SUBCASE("a ratio of a column by itself") {
        auto s = base_spec();
        s.measures[1].input = vitals::input::ratio("seats", "seats");
        CHECK(errors_of(s) == "/measures/1/input: a ratio needs two different columns");
    }
}

TEST_CASE("validation: weights must be finite and >= 0") {
    SUBCASE("negative measure weight") {
        auto s = base_spec();
        s.measures[1].weight = -1.0;
        CHECK(errors_of(s) == "/measures/1/weight: must be a finite number >= 0");
    }
    SUBCASE("NaN measure weight") {
        auto s = base_spec();
        s.measures[3].weight = NaN;
        CHECK(errors_of(s) == "/measures/3/weight: must be a finite number >= 0");
    }
    SUBCASE("infinite measure weight") {
        auto s = base_spec();
        s.measures[0].weight = Inf;
        CHECK(errors_of(s) == "/measures/0/weight: must be a finite number >= 0");
    }
    SUBCASE("negative group weight") {
        auto s = base_spec();
        s.groups[1].weight = -0.5;
        CHECK(errors_of(s) == "/groups/1/weight: must be a finite number >= 0");
    }
    SUBCASE("NaN group weight") {
        auto s = base_spec();
        s.groups[0].weight = NaN;
        CHECK(errors_of(s) == "/groups/0/weight: must be a finite number >= 0");
    }
    SUBCASE("a zero weight is allowed while a sibling weighs something") {
        auto s = base_spec();
        s.measures[0].weight = 0.0;
        s.groups[1].weight = 0.0;
        CHECK(errors_of(s) == "<built>");
    }
}

TEST_CASE("validation: all-zero weights") {
    SUBCASE("in a group") {
        auto s = base_spec();
        s.measures[0].weight = 0.0;
        s.measures[1].weight = 0.0;
        CHECK(errors_of(s) == "/groups/0: all member weights of group \"adoption\" are zero");
    }
    SUBCASE("at the top level (the pointer of the whole document is empty)") {
        auto s = base_spec();
        s.measures[3].weight = 0.0;
        s.groups[0].weight = 0.0;
        s.groups[1].weight = 0.0;
        CHECK(errors_of(s) == ": all top-level weights are zero");
    }
}

TEST_CASE("validation: weights whose sum overflows a double") {
    // (weight, set on measures 0 and 1 (group "adoption") or on groups 0 and 1 (the top level), expected)
    struct row {
        double weight;
        bool in_group;
        const char* expected;
    };
    for (const row& r : {row{1e308, true, "/groups/0: the member weights of group \"adoption\" add up to more than a double holds"},
                         row{1e308, false, ": the top-level weights add up to more than a double holds"},
                         row{1e307, true, "<built>"}}) {
        auto s = base_spec();
        (r.in_group ? s.measures[0].weight : s.groups[0].weight) = r.weight;
        (r.in_group ? s.measures[1].weight : s.groups[1].weight) = r.weight;
        CHECK(errors_of(s) == r.expected);
    }
}

TEST_CASE("validation: groups without measures") {
    SUBCASE("an empty group") {
        auto s = base_spec();
        s.groups.push_back(make_group("empty"));
        CHECK(errors_of(s) == "/groups/2: group \"empty\" has no measures");
    }
    SUBCASE("a group holding only an empty group: both are empty") {
        auto s = base_spec();
        s.groups.push_back(make_group("shell"));
        s.groups.push_back(make_group("core", 1.0, "shell"));
        CHECK(errors_of(s) == "/groups/2: group \"shell\" has no measures\n"
                             "/groups/3: group \"core\" has no measures");
    }
    SUBCASE("a group holding only a non-empty group is not empty") {
        auto s = base_spec();
        s.groups.push_back(make_group("shell"));
        s.groups.push_back(make_group("core", 1.0, "shell"));
        s.measures.push_back(make_measure("c1", "core_value", "core"));
        CHECK(errors_of(s) == "<built>");
    }
}

TEST_CASE("validation: unknown groups and parents") {
    SUBCASE("a measure's group") {
        auto s = base_spec();
        s.measures[0].group = "adoptoin";
        CHECK(errors_of(s) == "/measures/0/group: unknown group \"adoptoin\"");
    }
    SUBCASE("a group's parent") {
        auto s = base_spec();
        s.groups[1].parent = "nowhere";
        CHECK(errors_of(s) == "/groups/1/parent: unknown group \"nowhere\"");
    }
}

TEST_CASE("validation: group cycles") {
    SUBCASE("a group inside itself") {
        auto s = base_spec();
        s.groups[0].parent = "adoption";
        CHECK(errors_of(s) == "/groups/0/parent: a group cannot contain itself");
    }
    SUBCASE("two groups inside each other") {
        auto s = base_spec();
        s.groups[0].parent = "support";
        s.groups[1].parent = "adoption";
        CHECK(errors_of(s) == "/groups/0/parent: groups nest in a cycle");
    }
    SUBCASE("three groups in a ring") {
        auto s = base_spec();
        s.groups.push_back(make_group("third", 1.0, "support"));
        s.measures.push_back(make_measure("th", "third_value", "third"));
        s.groups[0].parent = "third";
        s.groups[1].parent = "adoption";
        CHECK(errors_of(s) == "/groups/0/parent: groups nest in a cycle");
    }
    SUBCASE("a group below a cycle is not itself reported as one") {
        auto s = base_spec();
        // groups: 0 adoption (in "ring"), 1 support, 2 ring (parent loop), 3 loop (parent ring)
        s.groups.push_back(make_group("ring", 1.0, "loop"));
        s.groups.push_back(make_group("loop", 1.0, "ring"));
        s.groups[0].parent = "ring";
        s.measures.push_back(make_measure("l1", "loop_value", "loop"));
        CHECK(errors_of(s) == "/groups/2/parent: groups nest in a cycle");
    }
}

TEST_CASE("validation: bands") {
    SUBCASE("cutoffs out of order") {
        auto s = base_spec();
        s.bands.cutoffs = {70.0, 40.0};
        CHECK(errors_of(s) == "/bands/cutoffs/1: cutoffs must be strictly increasing");
    }
    SUBCASE("equal cutoffs") {
        auto s = base_spec();
        s.bands.cutoffs = {40.0, 40.0};
        CHECK(errors_of(s) == "/bands/cutoffs/1: cutoffs must be strictly increasing");
    }
    SUBCASE("cutoffs outside [0, 100] or NaN") {
        auto s = base_spec();
        s.bands.cutoffs = {-1.0, 50.0, 100.5};
        s.bands.labels = {"a", "b", "c", "d"};
        CHECK(errors_of(s) == "/bands/cutoffs/0: cutoffs must lie in [0, 100]\n"
                             "/bands/cutoffs/2: cutoffs must lie in [0, 100]");
        s.bands.cutoffs = {NaN, 50.0, 60.0};
        CHECK(has_line(errors_of(s), "/bands/cutoffs/0: cutoffs must lie in [0, 100]"));
    }
    SUBCASE("one more label than cutoffs") {
        auto s = base_spec();
        s.bands.labels = {"red", "green"};
        CHECK(errors_of(s) == "/bands/labels: there must be one more label than cutoffs (3 expected, 2 given)");
    }
    SUBCASE("empty and duplicate labels") {
        auto s = base_spec();
        s.bands.labels = {"red", "", "red"};
        CHECK(errors_of(s) == "/bands/labels/1: labels must not be empty\n"
                             "/bands/labels/2: duplicate label \"red\"");
    }
}

TEST_CASE("validation: min_coverage must lie in [0, 1]") {
    for (double bad : {-0.1, 1.5, NaN, Inf}) {
        CAPTURE(bad);
        auto s = base_spec();
        s.min_coverage = bad;
        CHECK(errors_of(s) == "/min_coverage: must lie in [0, 1]");
    }
}

TEST_CASE("validation: normaliser parameters, under the measure's pointer") {
    SUBCASE("piecewise knots") {
        auto s = base_spec();
        s.measures[3].normaliser = vitals::piecewise{{0.0, 2.0, 1.0}, {0.0, 0.5, 1.0}};
        CHECK(errors_of(s) == "/measures/3/normaliser/knots: knots must be strictly increasing");
    }
    SUBCASE("every built-in's problems are relayed") {
        auto s = base_spec();
        s.measures[0].normaliser = vitals::linear{1.0, 1.0};
        s.measures[1].normaliser = vitals::steps{{0.5}, {0.0, 2.0}};
        s.measures[2].normaliser = vitals::logistic{0.0, 0.0};
        s.measures[3].normaliser = vitals::percentile{{1.0}, vitals::direction::higher_is_better};
        CHECK(errors_of(s) == "/measures/0/normaliser/best: best must differ from worst\n"
                             "/measures/1/normaliser/scores/1: scores must lie in [0, 1]\n"
                             "/measures/2/normaliser/steepness: steepness must be a finite, non-zero number\n"
                             "/measures/3/normaliser/quantiles: at least two quantiles are required");
    }
    SUBCASE("a missing normaliser") {
        auto s = base_spec();
        s.measures[2].normaliser = vitals::normaliser{};
        CHECK(errors_of(s) == "/measures/2/normaliser: normaliser is missing");
    }
}

TEST_CASE("validation: a scorecard needs at least one measure") {
    vitals::scorecard_spec s;
    CHECK(errors_of(s) == "/measures: a scorecard needs at least one measure");
}

// ---- validation: several problems at once --------------------------------------------------------

TEST_CASE("validation: every problem is reported, one per line") {
    auto s = base_spec();
    s.min_coverage = 2.0;
    s.bands.cutoffs = {70.0, 40.0};
    s.groups[1].weight = -1.0;
    s.groups.push_back(make_group("lonely", 1.0, "missing_parent"));
    s.measures[0].name = "a2";
    s.measures[1].weight = NaN;
    s.measures[2].normaliser = vitals::piecewise{{0.0, 0.0}, {0.0, 1.0}};
    s.measures[3].group = "nope";

    const std::string msg = errors_of(s);
    CAPTURE(msg);
    const std::vector<std::string> expected{
        "/min_coverage: must lie in [0, 1]",
        "/bands/cutoffs/1: cutoffs must be strictly increasing",
        "/groups/1/weight: must be a finite number >= 0",
        "/groups/2/parent: unknown group \"missing_parent\"",
        "/measures/1/name: duplicate measure name \"a2\" (first at /measures/0)",
        "/measures/1/weight: must be a finite number >= 0",
        "/measures/2/normaliser/knots: knots must be strictly increasing",
        "/measures/3/group: unknown group \"nope\"",
        "/groups/2: group \"lonely\" has no measures",
    };
    for (const std::string& e : expected) {
        CAPTURE(e);
        CHECK(has_line(msg, e));
    }
    CHECK(lines_of(msg).size() == expected.size());
}

// ---- bands on their own --------------------------------------------------------------------------

TEST_CASE("bands::classify: a score exactly at a cutoff belongs to the band above") {
    const vitals::bands b;  // red < 40 <= yellow < 70 <= green
    CHECK(b.classify(0.0) == 0);
    CHECK(b.classify(std::nextafter(40.0, 0.0)) == 0);
    CHECK(b.classify(40.0) == 1);
    CHECK(b.classify(std::nextafter(70.0, 0.0)) == 1);
    CHECK(b.classify(70.0) == 2);
    CHECK(b.classify(100.0) == 2);
    CHECK(b.classify(NaN) == vitals::bands::none);
    CHECK(b.label(0) == "red");
    CHECK(b.label(1) == "yellow");
    CHECK(b.label(2) == "green");
    CHECK(b.label(vitals::bands::none) == "no data");
    CHECK(b.label(3) == "no data");
    CHECK(b.validate().empty());
}

TEST_CASE("derived columns: inputs in order of first use, column slots, and a long chain builds quickly") {
    using vitals_test::make_measure;
    vitals::scorecard_spec spec;
    spec.derived = {{"gap", "used - bought", ""},
                    {"unused_by_measures", "z * 2 + used", ""},
                    {"gap_share", "gap / max(bought, 1)", ""}};
    spec.measures = {make_measure("nps", "nps"), make_measure("gap", "gap_share"),
                     make_measure("ratio", vitals::input::ratio("gap", "seats"))};
    const auto card = vitals::scorecard::build(spec);
    REQUIRE_MESSAGE(card, (card ? "" : card.error().message));
    const vitals::scorecard& c = card.value();
    // nps; gap_share -> gap -> used, bought; seats; then the derived column no measure reads -> z
    const std::vector<std::string> want{"nps", "used", "bought", "seats", "z"};
    CHECK(std::vector<std::string>(c.inputs().begin(), c.inputs().end()) == want);
    REQUIRE(c.derived().size() == 3);
    CHECK(c.slot_count() == 8);
    CHECK(c.column_slot("gap") == 5);
    CHECK(c.column_slot("gap_share") == 7);
    CHECK(c.column_slot("z") == 4);
    CHECK(c.column_slot("nothing") == vitals::npos);
    CHECK(c.slots()[1].numerator == 7);
    CHECK(c.slots()[2].numerator == 5);
    CHECK(c.slots()[2].denominator == 3);
    CHECK(c.derived()[2].operands == std::vector<std::size_t>{5, 2});
    CHECK(c.inputs_read(7) == std::vector<std::size_t>{1, 2});
    CHECK(c.inputs_read(6) == std::vector<std::size_t>{4, 1});
    std::vector<double> v{30, 12, 10, 5, 1, NaN, NaN, NaN};
    c.fill_derived(v);
    CHECK(v[5] == 2.0);
    CHECK(v[6] == 14.0);
    CHECK(v[7] == 0.2);
    v = {30, NaN, 10, 5, 1, 0, 0, 0};
    c.fill_derived(v);
    CHECK(std::isnan(v[5]));
    CHECK(std::isnan(v[7]));

    // 3000 derived columns, each reading the one before: no quadratic blow-up, no deep recursion
    vitals::scorecard_spec chain;
    chain.derived.push_back({"d0", "x + 1", ""});
    for (int i = 1; i < 3000; ++i)
        chain.derived.push_back({"d" + std::to_string(i), "d" + std::to_string(i - 1) + " + 1", ""});
    chain.measures = {make_measure("last", "d2999")};
    const auto long_card = vitals::scorecard::build(chain);
    REQUIRE(long_card);
    CHECK(long_card.value().inputs().size() == 1);
    std::vector<double> w(long_card.value().slot_count(), NaN);
    w[0] = 0.0;
    long_card.value().fill_derived(w);
    CHECK(w.back() == 3000.0);
}

// `vitals score` with signals and `vitals portfolio`, run as a user would: --history, --previous,
// --overrides (+ --as-of), --surveys, scorecard sets; trend arrows, alerts, overrides, quadrants;
// and the issue's edges through the CLI: an override that expired yesterday, an alert in cooldown,
// a segment with no scorecard, a survey only managers answered, short and empty histories.
#include "cli_run.hpp"

#include <nlohmann/json.hpp>

using namespace cli_test;
using json = nlohmann::json;

namespace {

const fs::path examples = source_dir / "docs" / "examples";
std::string example(const char* name) { return (examples / name).string(); }

/// The columns of a CSV header line.
std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

/// A row of a CSV output by account id, as column -> value.
std::map<std::string, std::string> row_of(const std::string& csv, const std::string& id) {
    const auto ls = lines(csv);
    const auto head = fields(ls.at(0));
    for (std::size_t i = 1; i < ls.size(); ++i) {
        const auto f = fields(ls[i]);
        if (f.at(0) != id) continue;
        std::map<std::string, std::string> m;
        for (std::size_t k = 0; k < head.size() && k < f.size(); ++k) m[head[k]] = f[k];
        return m;
    }
    FAIL("no account " << id);
    return {};
}

const json& account(const json& j, const std::string& id) {
    for (const json& a : j)
        if (a["account_id"] == id) return a;
    FAIL("no account " << id);
    static const json none;
    return none;
}

// a small book: the default scorecard's inputs, arr, segment and parent_id
const std::string small_header =
    "account_id,active_users,licensed_seats,logins_trend,training_completion,tickets_per_seat,ticket_sentiment,nps,"
    "days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct,arr,segment,parent_id";
const std::string small_book = small_header +
                               "\nA-1,90,100,0.2,0.9,0.02,0.6,70,0,48,400,1,0.15,90000,Enterprise,"
                               "\nA-2,10,100,-0.4,0.1,0.8,-0.7,-60,60,3,10,0,-0.3,60000,Enterprise,A-1"
                               "\nA-3,50,100,0.0,0.5,0.1,0.1,20,5,24,200,1,0.0,10000,SMB,A-1"
                               "\nA-4,45,60,0.05,0.7,0.05,0.3,40,0,36,300,1,0.05,5000,SMB,\n";

}  // namespace

TEST_CASE("score: the shipped sample with every side file shows trends, alerts, overrides and quadrants") {
    workdir wd;
    const run_result r =
        run(wd, {"score", sample_csv.string(), "--history", example("history.csv"), "--previous", example("previous.csv"),
                 "--overrides", example("overrides.csv"), "--surveys", example("surveys.csv"), "--as-of", "2026-11-30",
                 "--format", "csv"});
    REQUIRE(r.code == 0);
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == 1001);
    CHECK(ls[0] ==
          "account_id,score,band,coverage,status,driver_1,driver_2,driver_3,computed_score,override,score_change,trend,"
          "alerts,quadrant");
    std::map<std::string, int> trends, quadrants, alerts;
    for (std::size_t i = 1; i < ls.size(); ++i) {
        const auto f = fields(ls[i]);
        REQUIRE(f.size() == 14);
        ++trends[f[11]];
        ++quadrants[f[13]];
        std::string list = f[12];
        for (std::size_t at = 0; !list.empty();) {
            at = list.find(';');
            ++alerts[list.substr(0, at)];
            list = at == std::string::npos ? "" : list.substr(at + 1);
        }
    }
    for (const char* t : {"improving", "stable", "declining", "unknown"}) CHECK(trends[t] > 0);
    for (const char* q : {"committed", "at_risk", "growth_candidate", "maintenance", "unknown"}) CHECK(quadrants[q] > 0);
    for (const char* a : {"score_drop", "band_downgrade", "new_point_of_contact", "usage_declining", "days_late_rising",
                          "revenue_projection_flat", "senior_voices_missing"})
        CHECK_MESSAGE(alerts[a] > 0, a);
    CHECK(contains(r.err, "alerts raised"));
    CHECK(contains(r.err, "held by cooldown"));
    CHECK(contains(r.err, "3 overrides applied, 1 lapsed (as of 2026-11-30)"));

    // the overrides of the sample: ACC-00000002's score (active), ACC-00000005's (expired the day
    // before --as-of), ACC-00000007's days_late measure (active)
    const auto a2 = row_of(r.out, "ACC-00000002");
    CHECK(a2.at("score") == "35");
    CHECK(a2.at("band") == "red");
    CHECK(a2.at("computed_score") != "35");
    CHECK(contains(a2.at("override"), "maria.lopez"));
    CHECK(contains(a2.at("override"), "2027-01-29"));
    const auto a5 = row_of(r.out, "ACC-00000005");
    CHECK(a5.at("score") == a5.at("computed_score"));
    CHECK(contains(a5.at("override"), "lapsed"));
    const auto a7 = row_of(r.out, "ACC-00000007");
    CHECK(std::stod(a7.at("score")) > std::stod(a7.at("computed_score")));
    CHECK(contains(a7.at("override"), "days_late"));

    // the same run as JSON and as a table carry the same facts
    const run_result j = run(wd, {"score", sample_csv.string(), "--history", example("history.csv"), "--previous",
                                  example("previous.csv"), "--overrides", example("overrides.csv"), "--surveys",
                                  example("surveys.csv"), "--as-of", "2026-11-30", "--format", "json", "-q"});
    REQUIRE(j.code == 0);
    const json doc = json::parse(j.out);
    const json& ja2 = account(doc, "ACC-00000002");
    CHECK(ja2["score"] == 35);
    CHECK(ja2["overrides"].size() == 1);
    CHECK(ja2["overrides"][0]["state"] == "applied");
    CHECK(ja2["overrides"][0]["author"] == "maria.lopez");
    CHECK(ja2["overrides"][0]["expires"] == "2027-01-29");
    CHECK(ja2["quadrant"].is_string());
    CHECK(account(doc, "ACC-00000005")["overrides"][0]["state"] == "lapsed");
    bool held = false;
    for (const json& a : doc)
        for (const json& al : a["alerts"]) {
            CHECK_FALSE(al["reason"].get<std::string>().empty());
            held |= al["suppressed"].get<bool>();
        }
    CHECK(held);

    const run_result t = run(wd, {"score", sample_csv.string(), "--history", example("history.csv"), "--previous",
                                  example("previous.csv"), "--overrides", example("overrides.csv"), "--surveys",
                                  example("surveys.csv"), "--as-of", "2026-11-30", "--arrows", "unicode", "--format", "table", "-q"});
    REQUIRE(t.code == 0);
    const auto tl = lines(t.out);
    const auto head = std::find_if(tl.begin(), tl.end(), [](const std::string& l) { return l.starts_with("account_id "); });
    REQUIRE(head != tl.end());
    CHECK(contains(*head, "trend"));
    CHECK(contains(*head, "quadrant"));
    CHECK(contains(*head, "alerts"));
    CHECK(contains(t.out, "\u2193"));  // ↓
    CHECK(contains(t.out, "\u2191"));  // ↑
    CHECK(contains(t.out, " 35.0* "));
    CHECK(contains(t.out, "* score "));
    CHECK(contains(t.out, "At Risk"));
    CHECK(contains(t.out, "(cooldown)"));
    const run_result ascii = run(wd, {"score", sample_csv.string(), "--previous", example("previous.csv"), "--format", "table", "-q"});
    REQUIRE(ascii.code == 0);
    CHECK_FALSE(contains(ascii.out, "\u2193"));  // not a terminal: ASCII arrows
    CHECK(contains(ascii.out, " v -"));
}

TEST_CASE("score: an override that expired yesterday has lapsed; on its last day it holds") {
    workdir wd;
    wd.write("book.csv", small_book);
    wd.write("overrides.csv",
             "account_id,target,value,reason,author,expires\n"
             "A-1,score,30,\"Customer is consolidating vendors, renewal at risk\",kim,2026-11-29\n"
             "A-3,nps,100,Survey sent to the wrong list,lee,2026-12-31\n");
    const run_result lapsed = run(wd, {"score", "book.csv", "--overrides", "overrides.csv", "--as-of", "2026-11-30",
                                       "--format", "json", "-q"});
    REQUIRE(lapsed.code == 0);
    const json l = json::parse(lapsed.out);
    CHECK(account(l, "A-1")["score"] == account(l, "A-1")["computed_score"]);
    CHECK(account(l, "A-1")["band"] == "green");
    CHECK(account(l, "A-1")["overrides"][0]["state"] == "lapsed");
    CHECK(account(l, "A-1")["overrides"][0]["reason"] == "Customer is consolidating vendors, renewal at risk");
    // a measure override: nps forced to 100 points; the score goes up, the computed one stays
    CHECK(account(l, "A-3")["overrides"][0]["state"] == "applied");
    CHECK(account(l, "A-3")["score"].get<double>() > account(l, "A-3")["computed_score"].get<double>());
    CHECK(account(l, "A-4")["overrides"].empty());

    const run_result held = run(wd, {"score", "book.csv", "--overrides", "overrides.csv", "--as-of", "2026-11-29",
                                     "--format", "json", "-q"});
    REQUIRE(held.code == 0);
    const json h = json::parse(held.out);
    CHECK(account(h, "A-1")["score"] == 30);
    CHECK(account(h, "A-1")["band"] == "red");
    CHECK(account(h, "A-1")["overrides"][0]["state"] == "applied");
    CHECK(account(h, "A-1")["computed_score"] == account(l, "A-1")["computed_score"]);

    const run_result table = run(wd, {"score", "book.csv", "--overrides", "overrides.csv", "--as-of", "2026-11-30", "--format", "table"});
    REQUIRE(table.code == 0);
    CHECK(contains(table.out, "* score override to 30.0 lapsed (kim, expired 2026-11-29): Customer is consolidating"));
    CHECK(contains(table.err, "1 override applied, 1 lapsed (as of 2026-11-30)"));

    // bad override rows, a bad date, an unknown measure: exit 2, naming the place
    wd.write("bad.csv", "account_id,target,value,reason,author,expires\nA-1,score,130,x,kim,2026-13-01\n");
    const run_result bad = run(wd, {"score", "book.csv", "--overrides", "bad.csv"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: bad.csv:2: column"));
    wd.write("unknown.csv", "account_id,target,value,reason,author,expires\nA-1,happiness,50,x,kim,2026-12-01\n");
    const run_result unknown = run(wd, {"score", "book.csv", "--overrides", "unknown.csv"});
    CHECK(unknown.code == 2);
    CHECK(contains(unknown.err, "unknown.csv:2: column target: unknown measure \"happiness\""));
    const run_result date = run(wd, {"score", "book.csv", "--overrides", "overrides.csv", "--as-of", "30/11/2026"});
    CHECK(date.code == 2);
    CHECK(contains(date.err, "vitals: --as-of: \"30/11/2026\" is not a date"));
}

TEST_CASE("score: an alert in cooldown is held back, and fires again once the cooldown is over") {
    workdir wd;
    wd.write("book.csv", small_book);  // A-2 has a contact of 10 days: new_point_of_contact
    const run_result fresh = run(wd, {"score", "book.csv", "--format", "csv", "-q"});
    REQUIRE(fresh.code == 0);
    CHECK(row_of(fresh.out, "A-2").at("alerts") == "new_point_of_contact");
    CHECK(row_of(fresh.out, "A-1").at("alerts").empty());

    // it fired last period (cooldown 3): held back now
    wd.write("previous.csv", "account_id,period,score,alerts\n"
                             "A-2,2026-09,40,\n"
                             "A-2,2026-10,38,new_point_of_contact\n"
                             "A-1,2026-10,90,\n");
    const run_result cool = run(wd, {"score", "book.csv", "--previous", "previous.csv", "--format", "json", "-q"});
    REQUIRE(cool.code == 0);
    const json c = json::parse(cool.out);
    const json& a2 = account(c, "A-2");
    bool held = false;
    for (const json& al : a2["alerts"])
        if (al["name"] == "new_point_of_contact") {
            held = true;
            CHECK(al["suppressed"] == true);
            CHECK(al["value"] == 10);
            CHECK(al["threshold"] == 30);
            CHECK(al["severity"] == "warning");
        }
    CHECK(held);
    const run_result cool_csv = run(wd, {"score", "book.csv", "--previous", "previous.csv", "--format", "csv", "-q"});
    CHECK_FALSE(contains(row_of(cool_csv.out, "A-2").at("alerts"), "new_point_of_contact"));
    // A-1 scored 90 before and about 93 now: stable within the dead band of 2 points? no: improving
    CHECK(row_of(cool_csv.out, "A-3").at("trend") == "unknown");  // no previous score

    // three periods later the cooldown is over
    wd.write("older.csv", "account_id,period,score,alerts\n"
                          "A-2,2026-07,40,new_point_of_contact\n"
                          "A-2,2026-08,40,\n"
                          "A-2,2026-09,40,\n");
    const run_result again = run(wd, {"score", "book.csv", "--previous", "older.csv", "--format", "csv", "-q"});
    REQUIRE(again.code == 0);
    CHECK(contains(row_of(again.out, "A-2").at("alerts"), "new_point_of_contact"));
    CHECK(contains(row_of(again.out, "A-2").at("alerts"), "score_drop"));  // 40 -> about 10

    // a duplicate period is an error naming both lines
    wd.write("dup.csv", "account_id,period,score\nA-2,2026-10,40\nA-2,2026-10,41\n");
    const run_result dup = run(wd, {"score", "book.csv", "--previous", "dup.csv"});
    CHECK(dup.code == 2);
    CHECK(contains(dup.err, "vitals: dup.csv:3: account \"A-2\" has period 2026-10 twice (first on line 2)"));
}

TEST_CASE("score: history gives the trend columns; short, empty and missing histories are no signal") {
    workdir wd;
    wd.write("book.csv", small_book);
    // A-1 declining users three months in a row; A-2 only two periods; A-3 all empty; A-4 none
    wd.write("history.csv", "account_id,period,active_users,days_late,revenue_projection\n"
                            "A-1,2026-07,120,0,90000\nA-1,2026-08,110,0,90000\nA-1,2026-09,100,0,90000\n"
                            "A-1,2026-10,95,0,90000\nA-1,2026-11,90,0,90000\n"
                            "A-2,2026-10,12,20,60000\nA-2,2026-11,10,60,50000\n"
                            "A-3,2026-10,,,\nA-3,2026-11,,,\n");
    const run_result r = run(wd, {"score", "book.csv", "--history", "history.csv", "--format", "csv", "-q"});
    REQUIRE(r.code == 0);
    const auto a1 = row_of(r.out, "A-1");
    CHECK(contains(a1.at("alerts"), "usage_declining"));
    CHECK(contains(a1.at("alerts"), "revenue_projection_flat"));
    const auto a2 = row_of(r.out, "A-2");
    CHECK_FALSE(contains(a2.at("alerts"), "usage_declining"));  // one decline: shorter than the run asked
    CHECK(contains(a2.at("alerts"), "days_late_rising"));
    CHECK(contains(a2.at("alerts"), "revenue_projection_flat"));
    CHECK(row_of(r.out, "A-3").at("alerts").empty());  // all-empty history: nothing known
    CHECK(row_of(r.out, "A-4").at("alerts").empty());  // no history at all
    // the history does not change scores (the default scorecard's trends feed alerts only)
    const run_result plain = run(wd, {"score", "book.csv", "--format", "csv", "-q"});
    CHECK(row_of(plain.out, "A-1").at("score") == a1.at("score"));

    // a metric the trends read is absent: an error, or missing with --allow-missing-columns
    wd.write("partial.csv", "account_id,period,active_users\nA-1,2026-10,100\nA-1,2026-11,90\n");
    const run_result partial = run(wd, {"score", "book.csv", "--history", "partial.csv", "-q"});
    CHECK(partial.code == 2);
    CHECK(contains(partial.err, "partial.csv: no history of days_late, revenue_projection"));
    CHECK(run(wd, {"score", "book.csv", "--history", "partial.csv", "--allow-missing-columns", "-q"}).code == 0);
    wd.write("noperiod.csv", "account_id,month,active_users\n");
    const run_result noperiod = run(wd, {"score", "book.csv", "--history", "noperiod.csv"});
    CHECK(noperiod.code == 2);
    CHECK(contains(noperiod.err, "noperiod.csv: no column \"period\" (--history expects account_id,period,<metric>,<metric>...)"));
}

TEST_CASE("score: surveys by role; only managers answered: senior voices missing") {
    workdir wd;
    wd.write("book.csv", small_book);
    wd.write("surveys.csv", "account_id,respondent,role,answer\n"
                            "A-1,s1,C-Suite,9\nA-1,s2,manager,10\nA-1,s3,user,\n"
                            "A-2,s1,c_suite,\nA-2,s2,vp,\nA-2,s3,manager,9\nA-2,s4,Manager,10\n");
    // a scorecard that scores satisfaction from the stakeholder-weighted survey
    wd.write("card.json", R"({"vitals_scorecard": 1, "name": "survey", "min_coverage": 0.1,
      "bands": {"cutoffs": [40, 70], "labels": ["red", "yellow", "green"]},
      "groups": [{"name": "satisfaction", "weight": 1}],
      "measures": [
        {"name": "survey_nps", "group": "satisfaction", "weight": 2, "input": "survey_nps",
         "normaliser": {"kind": "linear", "worst": -100, "best": 100}},
        {"name": "survey_participation", "group": "satisfaction", "weight": 1, "input": "survey_participation",
         "normaliser": {"kind": "linear", "worst": 0, "best": 0.75}}],
      "alerts": [{"name": "senior_voices_missing", "kind": "threshold", "severity": "info",
                  "column": "survey_senior_voices_missing", "when": "at_least", "threshold": 1}]})");
    const run_result r = run(wd, {"score", "book.csv", "--scorecard", "card.json", "--surveys", "surveys.csv",
                                  "--format", "json", "-q"});
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    // A-1: c_suite 9 (promoter, weight 3), manager 10 (promoter, 1): NPS 100; 2 of 3 answered
    CHECK(account(j, "A-1")["score"].get<double>() == doctest::Approx(100.0 * (2 * 1.0 + 1 * (2.0 / 3 / 0.75)) / 3).epsilon(1e-12));
    CHECK(account(j, "A-1")["alerts"].empty());
    // A-2: only the two managers answered (both promoters): NPS 100, participation 1/2, no senior voice
    CHECK(account(j, "A-2")["alerts"].size() == 1);
    CHECK(account(j, "A-2")["alerts"][0]["name"] == "senior_voices_missing");
    CHECK(account(j, "A-2")["score"].get<double>() == doctest::Approx(100.0 * (2 * 1.0 + 1 * (0.5 / 0.75)) / 3).epsilon(1e-12));
    // A-3, A-4: not surveyed: no data
    CHECK(account(j, "A-3")["status"] == "insufficient_data");

    wd.write("badrole.csv", "account_id,respondent,role,answer\nA-1,s1,intern,5\n");
    const run_result bad = run(wd, {"score", "book.csv", "--surveys", "badrole.csv"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: badrole.csv:2:3: unknown role \"intern\""));
    wd.write("badanswer.csv", "account_id,respondent,role,answer\nA-1,s1,vp,11\n");
    const run_result answer = run(wd, {"score", "book.csv", "--surveys", "badanswer.csv"});
    CHECK(answer.code == 2);
    CHECK(contains(answer.err, "vitals: badanswer.csv:2: answer 11 is not a whole number 0..10"));
}

TEST_CASE("score: a scorecard set picks a card per segment; a segment with no scorecard is an error") {
    workdir wd;
    wd.write("book.csv", small_book);
    wd.write("strict.json", R"({"vitals_scorecard": 1, "name": "strict", "min_coverage": 0.1,
      "bands": {"cutoffs": [40, 70], "labels": ["red", "yellow", "green"]},
      "groups": [{"name": "adoption", "weight": 1}],
      "measures": [{"name": "adoption_rate", "group": "adoption", "weight": 1,
        "input": {"numerator": "active_users", "denominator": "licensed_seats"},
        "normaliser": {"kind": "linear", "worst": 0.5, "best": 1}}]})");
    wd.write("set.json", R"({"vitals_scorecard_set": 1, "segment_column": "segment",
                             "scorecards": {"Enterprise": "strict.json"}})");
    const run_result missing = run(wd, {"score", "book.csv", "--scorecard", "set.json"});
    CHECK(missing.code == 2);
    CHECK(contains(missing.err, "segment \"SMB\""));
    CHECK(contains(missing.err, "A-3"));

    wd.write("set2.json", R"({"vitals_scorecard_set": 1, "segment_column": "segment",
                              "scorecards": {"Enterprise": "strict.json"}, "default": "default.json"})");
    REQUIRE(run(wd, {"scorecard", "init", "default.json"}).code == 0);
    const run_result r = run(wd, {"score", "book.csv", "--scorecard", "set2.json", "--format", "csv", "-q"});
    REQUIRE(r.code == 0);
    CHECK(row_of(r.out, "A-1").at("scorecard") == "Enterprise");
    CHECK(row_of(r.out, "A-1").at("score") == "80");  // 0.9 on 0.5..1
    CHECK(row_of(r.out, "A-3").at("scorecard") == "default");
    const run_result plain = run(wd, {"score", "book.csv", "--format", "csv", "-q"});
    CHECK(row_of(r.out, "A-3").at("score") == row_of(plain.out, "A-3").at("score"));

    wd.write("nosegment.csv", "account_id,active_users,licensed_seats\nA-1,90,100\n");
    const run_result nocol = run(wd, {"score", "nosegment.csv", "--scorecard", "set2.json", "--allow-missing-columns"});
    CHECK(nocol.code == 2);
    CHECK(contains(nocol.err, "nosegment.csv: no column \"segment\" (the scorecard set picks a scorecard by it)"));

    // the shipped example set: its default card is what `vitals scorecard init` writes
    REQUIRE(run(wd, {"scorecard", "init", "init.json"}).code == 0);
    CHECK(wd.read("init.json") == detail::slurp(examples / "scorecard-default.json"));
    const run_result shipped = run(wd, {"score", sample_csv.string(), "--scorecard", example("segments.json"),
                                        "--surveys", example("surveys.csv"), "--format", "csv", "-q"});
    REQUIRE(shipped.code == 0);
    CHECK(contains(shipped.out, ",Enterprise,"));
    CHECK(contains(shipped.out, ",default,"));
}

TEST_CASE("score: quadrants from the value column: a cut-off, a share, standard input") {
    workdir wd;
    wd.write("book.csv", small_book);
    // revenue 165,000: A-1 (90,000) alone holds 54.5 % >= 50 %: the only high-value account
    const run_result r = run(wd, {"score", "book.csv", "--format", "csv", "-q"});
    REQUIRE(r.code == 0);
    CHECK(row_of(r.out, "A-1").at("quadrant") == "committed");
    CHECK(row_of(r.out, "A-2").at("quadrant") == "maintenance");
    const run_result cut = run(wd, {"score", "book.csv", "--format", "csv", "-q", "--high-value-arr", "60000"});
    CHECK(row_of(cut.out, "A-2").at("quadrant") == "at_risk");  // exactly at the cut-off: high value
    const run_result th = run(wd, {"score", "book.csv", "--format", "csv", "-q", "--health-threshold", "100"});
    CHECK(row_of(th.out, "A-1").at("quadrant") == "at_risk");
    const run_result none = run(wd, {"score", "book.csv", "--format", "csv", "-q", "--no-quadrant"});
    CHECK_FALSE(contains(lines(none.out)[0], "quadrant"));
    const run_result piped = run(wd, {"score", "-", "--format", "csv", "-q"}, stdin_from("book.csv"));
    CHECK(piped.out == r.out);
    wd.write("negative.csv", small_header + "\nA-1,90,100,0.2,0.9,0.02,0.6,70,0,48,400,1,0.15,-5,SMB,\n");
    const run_result neg = run(wd, {"score", "negative.csv"});
    CHECK(neg.code == 2);
    CHECK(contains(neg.err, "arr -5 is not a value >= 0"));
}

TEST_CASE("portfolio: quadrant counts and revenue, the assessment list, the parent roll-up") {
    workdir wd;
    wd.write("book.csv", small_book);
    const run_result j = run(wd, {"portfolio", "book.csv", "--format", "json"});
    REQUIRE(j.code == 0);
    const json p = json::parse(j.out);
    CHECK(p["accounts"] == 4);
    CHECK(p["total_revenue"] == 165000);
    CHECK(p["value_cutoff"] == 90000);
    CHECK(p["quadrants"][0]["quadrant"] == "committed");
    CHECK(p["quadrants"][0]["accounts"] == 1);
    CHECK(p["quadrants"][0]["revenue"] == 90000);
    double revenue = 0;
    int accounts = 0;
    for (const json& q : p["quadrants"]) {
        revenue += q["revenue"].get<double>();
        accounts += q["accounts"].get<int>();
    }
    CHECK(revenue == 165000);
    CHECK(accounts == 4);
    // revenue at risk = arr x (100 - score) / 100, largest first
    REQUIRE(p["priorities"].size() == 4);
    CHECK(p["priorities"][0]["account_id"] == "A-2");
    for (std::size_t k = 1; k < p["priorities"].size(); ++k)
        CHECK(p["priorities"][k - 1]["revenue_at_risk"].get<double>() >= p["priorities"][k]["revenue_at_risk"].get<double>());
    // A-1 is the parent of A-2 and A-3: its score is their ARR-weighted mean
    REQUIRE(p["rollup"].size() == 1);
    CHECK(p["rollup"][0]["parent_id"] == "A-1");
    CHECK(p["rollup"][0]["leaves"] == 2);
    const run_result s = run(wd, {"score", "book.csv", "--format", "json", "-q"});
    const json sc = json::parse(s.out);
    const double s2 = account(sc, "A-2")["score"], s3 = account(sc, "A-3")["score"];
    CHECK(p["rollup"][0]["rolled_score"].get<double>() == doctest::Approx((60000 * s2 + 10000 * s3) / 70000).epsilon(1e-12));

    const run_result top = run(wd, {"portfolio", "book.csv", "--top", "2", "--high-value-arr", "50000", "-q"});
    REQUIRE(top.code == 0);
    CHECK(contains(top.out, "Quadrants of 4 accounts"));
    CHECK(contains(top.out, "value >= 50,000 (2 accounts)"));
    CHECK(contains(top.out, "Assess first: 2 of 4 accounts"));
    CHECK(contains(top.out, "Parent roll-up: 1 parents"));
    const run_result csv = run(wd, {"portfolio", "book.csv", "--format", "csv", "-q"});
    REQUIRE(csv.code == 0);
    CHECK(lines(csv.out)[0] == "account_id,value,score,band,quadrant,revenue_at_risk,priority,parent_id,rolled_score,rollup_coverage");
    CHECK(row_of(csv.out, "A-2").at("priority") == "1");

    // the shipped sample with its side files
    const run_result shipped = run(wd, {"portfolio", sample_csv.string(), "--overrides", example("overrides.csv"),
                                        "--as-of", "2026-11-30"});
    REQUIRE(shipped.code == 0);
    CHECK(contains(shipped.out, "At Risk"));
    CHECK(contains(shipped.out, "Parent roll-up"));
    CHECK(contains(shipped.err, "vitals: 1,000 accounts from"));

    wd.write("noarr.csv", "account_id,active_users,licensed_seats\nA-1,1,2\n");
    const run_result noarr = run(wd, {"portfolio", "noarr.csv", "--allow-missing-columns"});
    CHECK(noarr.code == 2);
    CHECK(contains(noarr.err, "no value column \"arr\""));
    wd.write("orphan.csv", small_header + "\nA-1,90,100,0.2,0.9,0.02,0.6,70,0,48,400,1,0.15,100,SMB,Z-9\n");
    const run_result orphan = run(wd, {"portfolio", "orphan.csv"});
    CHECK(orphan.code == 2);
    CHECK(contains(orphan.err, "Z-9"));
}

// The other commands' happy paths: explain, scorecard init|validate|show, sample, --help, --version;
// and the shipped sample (docs/examples/accounts.csv) is exactly what `vitals sample` writes.
#include "cli_run.hpp"

#include "vitals/scorecard_file.hpp"
#include "vitals/version.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

using namespace cli_test;

TEST_CASE("--help on every command, --version") {
    workdir wd;
    for (const std::vector<std::string>& cmd :
         std::vector<std::vector<std::string>>{{}, {"score"}, {"explain"}, {"scorecard"}, {"scorecard", "init"},
                                               {"scorecard", "validate"}, {"scorecard", "show"}, {"sample"}}) {
        auto args = cmd;
        args.push_back("--help");
        const run_result r = run(wd, args);
        INFO(args.front());
        CHECK(r.code == 0);
        CHECK(contains(r.out, "Usage: "));
        CHECK(contains(r.out, "--help"));
    }
    const run_result v = run(wd, {"--version"});
    CHECK(v.code == 0);
    CHECK(v.out.starts_with(std::string("vitals ") + VITALS_VERSION_STRING + "\nisa "));  // then the kernel level
    CHECK(v.out.ends_with("\n"));
}

TEST_CASE("the shipped sample is byte for byte what `vitals sample` writes") {
    // docs/examples: accounts.csv (with --segments), history.csv, previous.csv, surveys.csv, overrides.csv
    workdir wd;
    const run_result r = run(wd, {"sample", "--accounts", "1000", "--seed", "42", "--segments", "--out", "accounts.csv",
                                  "--history", "history.csv", "--previous", "previous.csv", "--surveys", "surveys.csv",
                                  "--overrides", "overrides.csv"});
    REQUIRE(r.code == 0);
    for (const char* name : {"accounts.csv", "history.csv", "previous.csv", "surveys.csv", "overrides.csv"}) {
        INFO(name);
        CHECK(wd.read(name) == detail::slurp(source_dir / "docs" / "examples" / name));
    }
    // without --segments: the same rows without the last two columns (segment, parent_id)
    const run_result plain = run(wd, {"sample", "--accounts", "1000", "--seed", "42", "--out", "plain.csv"});
    REQUIRE(plain.code == 0);
    std::string cut;
    for (const std::string& line : lines(wd.read("accounts.csv"))) {
        const std::size_t last = line.rfind(',');
        cut += line.substr(0, line.rfind(',', last - 1)) + "\n";
    }
    CHECK(wd.read("plain.csv") == cut);
}

TEST_CASE("sample: standard output, deterministic per seed, a prefix of a larger book") {
    workdir wd;
    const run_result a = run(wd, {"sample", "--accounts", "50", "--seed", "3"});
    const run_result b = run(wd, {"sample", "--accounts", "50", "--seed", "3"});
    const run_result c = run(wd, {"sample", "--accounts", "50", "--seed", "4"});
    const run_result big = run(wd, {"sample", "--accounts", "80", "--seed", "3"});
    REQUIRE(a.code == 0);
    CHECK(a.out == b.out);
    CHECK(a.out != c.out);
    CHECK(big.out.starts_with(a.out));
    const auto rows = lines(a.out);
    REQUIRE(rows.size() == 51);
    CHECK(rows[0] ==
          "account_id,arr,licensed_seats,active_users,logins_trend,training_completion,tickets_per_seat,"
          "ticket_sentiment,nps,days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct,"
          "churned_next_quarter");
    // every row has every column, and the book scores with the default scorecard
    for (std::size_t i = 1; i < rows.size(); ++i) CHECK(std::count(rows[i].begin(), rows[i].end(), ',') == 14);
    wd.write("s.csv", a.out);
    CHECK(run(wd, {"score", "s.csv", "-q"}).code == 0);
    CHECK(run(wd, {"sample", "--accounts", "0"}).out == rows[0] + "\n");
}

TEST_CASE("explain: the breakdown tree and its JSON agree with each other") {
    workdir wd;
    const run_result t = run(wd, {"explain", "--account", "ACC-00000004", sample_csv.string()});
    REQUIRE(t.code == 0);
    CHECK(contains(t.out, "account    ACC-00000004  (" + sample_csv.string() + ", line 5)"));
    CHECK(contains(t.out, "scorecard  vitals-default"));
    for (const char* name : {"adoption", "adoption_rate", "engagement", "logins_trend", "relationship",
                             "executive_sponsor", "commercial", "seat_change_pct", "total"})
        CHECK(contains(t.out, std::string("\n") + (std::string(name).find('_') != std::string::npos ? "  " : "") + name));
    CHECK(contains(t.out, "group / measure"));
    CHECK(contains(t.out, "points lost"));

    const run_result j = run(wd, {"explain", "--account", "ACC-00000004", sample_csv.string(), "--format", "json"});
    REQUIRE(j.code == 0);
    const auto doc = nlohmann::json::parse(j.out);
    CHECK(doc["account_id"] == "ACC-00000004");
    CHECK(doc["origin"] == 5);
    // the C ABI's keys (docs/c-api.md, "The explanation JSON"): band an index, its label beside it,
    // drivers as measure indices (every measure losing points), their names beside them
    CHECK(doc["source"] == sample_csv.string());
    CHECK(doc["status"] == "ok");
    CHECK(doc["band"] == 1);
    CHECK(doc["band_label"] == "yellow");
    CHECK(doc["scorecard"] == "vitals-default");
    CHECK(doc["measures"].size() == 11);
    CHECK(doc["groups"].size() == 9);
    REQUIRE(doc["drivers"].size() == 8);
    REQUIRE(doc["driver_names"].size() == 8);
    for (std::size_t i = 0; i < 8; ++i)
        CHECK(doc["measures"][doc["drivers"][i].get<std::size_t>()]["name"] == doc["driver_names"][i]);
    CHECK(contains(t.out, "drivers    " + doc["driver_names"][0].get<std::string>() + " ("));  // the text: three
    CHECK(!contains(t.out, doc["driver_names"][3].get<std::string>() + " ("));
    CHECK(doc["breakdown"]["members"].size() == 8);
    // contributions add up to the score; contribution + points lost = 100 x effective weight
    double sum = 0, lost = 0;
    for (const auto& g : doc["breakdown"]["members"])
        for (const auto& m : g["members"]) {
            if (m["contribution"].is_null()) continue;
            sum += m["contribution"].get<double>();
            lost += m["points_lost"].get<double>();
            CHECK(m["contribution"].get<double>() + m["points_lost"].get<double>() ==
                  doctest::Approx(100.0 * m["effective_weight"].get<double>()));
        }
    CHECK(sum == doctest::Approx(doc["score"].get<double>()));
    CHECK(lost == doctest::Approx(100.0 - doc["score"].get<double>()));

    // the score explain shows is the score `score` writes
    const run_result s = run(wd, {"score", sample_csv.string(), "--format", "csv", "-q"});
    const auto rows = lines(s.out);
    CHECK(std::stod(rows[4].substr(rows[4].find(',') + 1)) == doc["score"].get<double>());
    CHECK(contains(t.out, "score      " + [&] {
              char buf[32];
              std::snprintf(buf, sizeof buf, "%.1f", doc["score"].get<double>());
              return std::string(buf);
          }()));
}

TEST_CASE("explain: the path to green, in text and JSON; --target and --not-actionable") {
    workdir wd;
    const run_result j = run(wd, {"explain", "--account", "ACC-00000042", sample_csv.string(), "--format", "json",
                                  "--not-actionable", "tenure_months,nps"});
    REQUIRE(j.code == 0);
    const auto doc = nlohmann::json::parse(j.out);
    const auto& p = doc.at("path_to_green");
    CHECK(p["band_label"] == doc["band_label"]);
    CHECK(p["score"] == doc["score"]);
    REQUIRE(p["target_label"] == "green");
    REQUIRE(!p["single"].empty());
    for (const auto& g : p["single"]) {
        CHECK(g["changes"][0]["name"] != "nps");
        CHECK(g["changes"][0]["name"] != "tenure_months");
        CHECK(g["band_label"] == "green");
        CHECK(g["score"].get<double>() >= 70.0);
    }
    // the proposed value, written into the account's row, scores green with `vitals score`
    const auto& c = p["single"][0]["changes"][0];
    std::ifstream in(sample_csv);
    std::string header, line, row;
    std::getline(in, header);
    while (std::getline(in, line))
        if (line.rfind("ACC-00000042,", 0) == 0) row = line;
    REQUIRE(!row.empty());
    const auto split = [](const std::string& text) {  // the sample has no quoted fields
        std::vector<std::string> out(1);
        for (char ch : text) {
            if (ch == ',')
                out.emplace_back();
            else
                out.back().push_back(ch);
        }
        return out;
    };
    const std::vector<std::string> names = split(header);
    std::vector<std::string> cells = split(row);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == c["column"].get<std::string>()) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", c["value_to"].get<double>());
            cells[i] = buf;
        }
    std::string edited;
    for (std::size_t i = 0; i < cells.size(); ++i) edited += (i ? "," : "") + cells[i];
    wd.write("one.csv", header + "\n" + edited + "\n");
    const run_result s = run(wd, {"score", "one.csv", "--format", "csv", "-q"});
    REQUIRE(s.code == 0);
    CHECK(contains(s.out, ",green,"));

    const run_result t = run(wd, {"explain", "--account", "ACC-00000042", sample_csv.string(), "--target", "green"});
    REQUIRE(t.code == 0);
    CHECK(contains(t.out, "path to green (score 70 or more), changing one measure, least effort first:"));
    CHECK(contains(t.out, "not offered:"));
    CHECK(contains(t.out, "already at its best"));
    const run_result bad_band = run(wd, {"explain", "--account", "ACC-00000042", sample_csv.string(), "--target", "blue"});
    CHECK(bad_band.code == 2);
    CHECK(contains(bad_band.err, "vitals: --target: the scorecard has no band \"blue\" (its bands: red, yellow, green)"));
    const run_result bad_measure =
        run(wd, {"explain", "--account", "ACC-00000042", sample_csv.string(), "--not-actionable", "tenure"});
    CHECK(bad_measure.code == 2);
    CHECK(contains(bad_measure.err, "vitals: --not-actionable: the scorecard has no measure \"tenure\""));
}

TEST_CASE("scorecard init writes the default; validate and show read it; an edited one scores") {
    workdir wd;
    const run_result init = run(wd, {"scorecard", "init"});
    REQUIRE(init.code == 0);
    CHECK(wd.read("scorecard.json") == std::string(vitals::default_scorecard_json()));
    const run_result to_stdout = run(wd, {"scorecard", "init", "-"});
    CHECK(to_stdout.out == wd.read("scorecard.json"));

    const run_result v = run(wd, {"scorecard", "validate", "scorecard.json"});
    CHECK(v.code == 0);
    CHECK(v.out == "scorecard.json: valid scorecard \"vitals-default\": 11 measures in 8 groups, reading 12 input columns\n");

    const run_result show = run(wd, {"scorecard", "show", "scorecard.json"});
    CHECK(show.code == 0);
    CHECK(contains(show.out, "scorecard     vitals-default (scorecard.json)"));
    CHECK(contains(show.out, "bands         red < 40 <= yellow < 70 <= green"));
    CHECK(contains(show.out, "min coverage  60%"));
    CHECK(contains(show.out, "  adoption_rate                     1   20.0%  piecewise"));
    CHECK(contains(show.out, "<- active_users / licensed_seats"));
    const run_result builtin = run(wd, {"scorecard", "show"});
    CHECK(contains(builtin.out, "(built in)"));

    // an edited scorecard: only NPS, with other bands
    auto j = nlohmann::ordered_json::parse(wd.read("scorecard.json"));
    j["name"] = "nps-only";
    j["groups"] = nlohmann::ordered_json::array();
    auto nps = j["measures"][5];
    nps["group"] = "";
    j["measures"] = nlohmann::ordered_json::array({nps});
    j["bands"] = {{"cutoffs", {50}}, {"labels", {"bad", "good"}}};
    j.erase("trends");  // and no signals: the plain columns only
    j.erase("score_trend");
    j.erase("alerts");
    wd.write("nps.json", j.dump(2));
    CHECK(run(wd, {"scorecard", "validate", "nps.json"}).code == 0);
    wd.write("a.csv", "account_id,nps\nX,60\nY,-60\nZ,\n");
    const run_result r = run(wd, {"score", "a.csv", "--scorecard", "nps.json", "--format", "csv", "-q"});
    CHECK(r.code == 0);
    CHECK(r.out ==
          "account_id,score,band,coverage,status,driver_1,driver_2,driver_3\n"
          "X,100,good,1,ok,,,\n"
          "Y,0,bad,1,ok,nps,,\n"
          "Z,,,0,insufficient_data,,,\n");
}

namespace {

// Two derived columns over the shipped sample's columns, read by two of the measures.
const char* derived_card = R"J({"vitals_scorecard": 1, "name": "derived-demo",
  "derived": [{"name": "idle_seats", "expression": "licensed_seats - active_users"},
              {"name": "arr_per_active", "expression": "arr / active_users", "description": "ARR per active user"}],
  "measures": [
    {"name": "idle", "input": {"numerator": "idle_seats", "denominator": "licensed_seats"},
     "normaliser": {"kind": "linear", "worst": 1, "best": 0}},
    {"name": "value", "input": "arr_per_active", "normaliser": {"kind": "linear", "worst": 0, "best": 2000}},
    {"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -100, "best": 100}}]})J";

}  // namespace

TEST_CASE("derived columns: score a CSV with them, and explain shows each one's value and expression") {
    workdir wd;
    wd.write("card.json", derived_card);
    // ACC-00000001: arr 6300, 10 seats, 5 active, no NPS -> idle 5 / 10 = 0.5 (sub-score 0.5),
    // 6300 / 5 = 1260 per active user (0.63); score (0.5 + 0.63) / 2 = 56.5 on 2/3 coverage
    const run_result s = run(wd, {"score", sample_csv.string(), "-s", "card.json", "--format", "csv", "-q"});
    INFO(s.err);
    REQUIRE(s.code == 0);
    const auto rows = lines(s.out);
    REQUIRE(rows.size() > 2);
    REQUIRE(rows[1].starts_with("ACC-00000001,"));
    CHECK(std::stod(rows[1].substr(rows[1].find(',') + 1)) == doctest::Approx(56.5).epsilon(1e-12));

    const run_result t = run(wd, {"explain", "--account", "ACC-00000001", sample_csv.string(), "-s", "card.json"});
    INFO(t.err);
    REQUIRE(t.code == 0);
    CHECK(contains(t.out, "derived    idle_seats = 5  (licensed_seats - active_users)\n"));
    CHECK(contains(t.out, "           arr_per_active = 1260  (arr / active_users)\n"));
    CHECK(contains(t.out, "\nidle "));
    CHECK(contains(t.out, "0.5 (5/10)"));  // the ratio's parts: the derived numerator and the input

    const run_result j = run(wd, {"explain", "--account", "ACC-00000001", sample_csv.string(), "-s", "card.json",
                                  "--format", "json"});
    REQUIRE(j.code == 0);
    const auto doc = nlohmann::json::parse(j.out);
    REQUIRE(doc["derived"].size() == 2);
    CHECK(doc["derived"][0]["name"] == "idle_seats");
    CHECK(doc["derived"][0]["expression"] == "licensed_seats - active_users");
    CHECK(doc["derived"][0]["value"] == 5.0);
    CHECK(doc["derived"][1]["value"] == 1260.0);
    CHECK(doc["score"].get<double>() == doctest::Approx(56.5).epsilon(1e-12));
    CHECK(doc["breakdown"]["members"][0]["numerator"] == 5.0);

    // the scorecard show / validate commands accept it; an absent column a derived one reads is named
    CHECK(run(wd, {"scorecard", "validate", "card.json"}).code == 0);
    const run_result show = run(wd, {"scorecard", "show", "card.json"});
    CHECK(show.code == 0);
    CHECK(contains(show.out, "inputs        licensed_seats, active_users, arr, nps\n"
                             "derived       idle_seats = licensed_seats - active_users\n"
                             "              arr_per_active = arr / active_users\n"));
    wd.write("two.csv", "account_id,arr,licensed_seats,nps\nA,100,4,10\n");
    const run_result bad = run(wd, {"score", "two.csv", "-s", "card.json", "-q"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "active_users"));
}

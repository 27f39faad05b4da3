// vitals fit / vitals evaluate, run as a user would: on the Telco churn data (prepared as numeric
// columns by tests/model/telco.hpp and written to a CSV), on the shipped sample and on small
// hand-made files. The numbers must equal the library's (vitals::model) on the same data.
#include "cli_run.hpp"

#include "telco.hpp"

#include "vitals/model/model.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <cstdio>

using namespace cli_test;
namespace vm = vitals::model;
using json = nlohmann::json;

namespace {

/// The Telco data as a numeric CSV (every value written exactly), with `churn` as yes/no text.
std::string telco_csv(const model_test::telco& t) {
    std::string s;
    for (const std::string& c : t.columns) s += c + ",";
    s += "churn\n";
    char buf[40];
    for (std::size_t r = 0; r < t.rows; ++r) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const double v = t.values[c * t.rows + r];
            if (v == v) {
                std::snprintf(buf, sizeof buf, "%.17g", v);
                s += buf;
            }
            s += ",";
        }
        s += t.churn[r] == 1.0 ? "Yes\n" : "No\n";
    }
    return s;
}

vm::labelled_frame view(const model_test::telco& t) {
    return {vitals::frame_view<double>::column_major(t.values.data(), static_cast<std::int64_t>(t.rows),
                                                     static_cast<std::int64_t>(t.columns.size())),
            t.columns, t.churn};
}

}  // namespace

TEST_CASE("the shipped Telco start (docs/examples/telco-start.json) is the scorecard these tests fit from") {
    // models.md's figures are reproduced from that file by the CLI alone; this keeps the two equal
    const auto shipped = vitals::load_scorecard_file(source_dir / "docs" / "examples" / "telco-start.json");
    REQUIRE(shipped.has_value());
    CHECK(vitals::save_scorecard(shipped.value()).value() == vitals::save_scorecard(model_test::telco_card()).value());
}

TEST_CASE("fit on Telco: the file holds the library's learned weights, loads, scores and explains itself") {
    workdir wd;
    const model_test::telco t = model_test::load_telco();
    wd.write("telco.csv", telco_csv(t));
    const vitals::scorecard start = model_test::telco_card();
    wd.write("start.json", vitals::save_scorecard(start).value());

    const run_result r = run(wd, {"fit", "telco.csv", "--label-column", "churn", "--scorecard", "start.json", "--out",
                                  "fitted.json", "--report", "report.json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.err, "vitals: fitted learned weights on 7,043 accounts (1,869 churned); 7,043 used"));
    CHECK(contains(r.err, "wrote the fitted scorecard to fitted.json"));
    const vitals::scorecard fitted = vitals::load_scorecard_file(wd.path("fitted.json")).value();

    const auto lw = vm::learn_weights(start, view(t)).value();
    REQUIRE(fitted.measures().size() == lw.card.measures().size());
    for (std::size_t m = 0; m < fitted.measures().size(); ++m) {
        INFO(fitted.measures()[m].name);
        CHECK(fitted.measures()[m].weight == lw.card.measures()[m].weight);  // the file writes numbers exactly
        CHECK(fitted.measures()[m].description.find("[vitals fit: ") != std::string::npos);
    }
    CHECK(std::string(fitted.spec().description).find("churn probability 1 / (1 + exp(-(") != std::string::npos);

    const json rep = json::parse(wd.read("report.json"));
    CHECK(rep["churn_probability"]["intercept"].get<double>() == lw.probability.intercept);
    CHECK(rep["churn_probability"]["slope"].get<double>() == lw.probability.slope);
    REQUIRE(fitted.calibration().has_value());  // the card keeps what the report says
    CHECK(*fitted.calibration() == lw.probability);
    CHECK(rep["rows_used"].get<std::size_t>() == lw.rows_used);
    CHECK(rep["wrong_direction"].size() == lw.wrong_direction.size());
    const double train_auc = vm::evaluate(lw.card, view(t), std::nullopt, {{}, 10, 0}).value().roc_auc;
    CHECK(rep["training"]["roc_auc"].get<double>() == train_auc);
    CHECK(train_auc > 0.83);

    // the fitted file scores like any scorecard, and refitting it replaces the note, not appends
    const run_result s = run(wd, {"score", "telco.csv", "--scorecard", "fitted.json", "-q", "--format", "csv"});
    CHECK(s.code == 0);
    // ... with each account's churn probability, the last column: the calibration of its score
    const auto rows = lines(s.out);
    REQUIRE(rows.size() == t.rows + 1);
    CHECK(rows[0].ends_with(",churn_probability"));
    std::size_t probabilities = 0;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        const std::string& row = rows[k];
        const std::size_t a = row.find(','), b = row.find(',', a + 1);
        const std::string score = row.substr(a + 1, b - a - 1), p = row.substr(row.rfind(',') + 1);
        INFO(row);
        if (score.empty()) {
            CHECK(p.empty());
            continue;
        }
        CHECK(std::stod(p) == lw.probability(std::stod(score)));
        ++probabilities;
    }
    CHECK(probabilities > 7000);
    const run_result again = run(wd, {"fit", "telco.csv", "-l", "churn", "-s", "fitted.json", "-o", "again.json", "-q"});
    REQUIRE(again.code == 0);
    const vitals::scorecard twice = vitals::load_scorecard_file(wd.path("again.json")).value();
    const std::string d = twice.measures()[0].description;
    CHECK(d.find("[vitals fit:") == d.rfind("[vitals fit:"));
    CHECK(r.out.empty());
}

TEST_CASE("fit --bin with the binning options: bins a person can audit, ranked by information value") {
    workdir wd;
    const model_test::telco t = model_test::load_telco();
    wd.write("telco.csv", telco_csv(t));
    const vitals::scorecard start = model_test::telco_card();
    wd.write("start.json", vitals::save_scorecard(start).value());
    const run_result r = run(wd, {"fit", "telco.csv", "-l", "churn", "-s", "start.json", "--bin", "--max-bins", "3",
                                  "--min-bin-share", "0.1", "--prebins", "10", "-o", "b.json", "--report", "rep.json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json rep = json::parse(wd.read("rep.json"));
    vm::binning_options o;
    o.max_bins = 3;
    o.min_share = 0.1;
    o.prebins = 10;
    const auto lib = vm::fit_binning(start, view(t), o).value();
    double last = 1e300;
    std::vector<std::string> seen;
    for (const json& m : rep["by_information_value"]) {  // highest first, every measure once
        CHECK(m["information_value"].get<double>() <= last);
        last = m["information_value"].get<double>();
        seen.push_back(m["measure"].get<std::string>());
    }
    CHECK(seen.size() == start.measures().size());
    for (std::size_t m = 0; m < start.measures().size(); ++m) {
        const json& e = rep["measures"][m];
        INFO(e["name"]);
        CHECK(e["bins"].size() <= 3);
        CHECK(e["bins"].size() == lib.measures[m].binning.bins.size());  // the library's binning, same options
        CHECK(e["information_value"].get<double>() == lib.measures[m].binning.information_value);
        for (std::size_t b = 0; b < e["bins"].size(); ++b)
            CHECK(e["bins"][b]["accounts"].get<double>() >= 0.1 * static_cast<double>(lib.measures[m].binning.present) - 1e-9);
    }
    CHECK(contains(r.err, "information value, highest first: " + seen[0]));
    CHECK(contains(r.err, "churn rate"));
    // the binning options need --bin
    const run_result no_bin = run(wd, {"fit", "telco.csv", "-l", "churn", "-s", "start.json", "--max-bins", "3"});
    CHECK(no_bin.code == 2);
    CHECK(contains(no_bin.err, "--max-bins: given without --bin"));
}

TEST_CASE("evaluate --cv refits on each training part: equal to a hand-written fold loop, and more honest than "
          "scoring a fitted card on folds of its own training data") {
    workdir wd;
    const model_test::telco t = model_test::load_telco();
    wd.write("telco.csv", telco_csv(t));
    const vitals::scorecard start = model_test::telco_card();
    wd.write("start.json", vitals::save_scorecard(start).value());
    const run_result r = run(wd, {"evaluate", "telco.csv", "-l", "churn", "-s", "start.json", "--cv", "4", "--seed", "11",
                                  "--refit", "none", "--refit", "learned+bin", "--bootstrap", "0", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    const json& cands = j["cross_validation"]["candidates"];
    REQUIRE(cands.size() == 2);
    CHECK(cands[0]["refit"] == "none");
    CHECK(cands[1]["refit"] == "learned+bin");
    CHECK(j["cross_validation"]["k"] == 4);

    // the same folds by hand: deal, fit (binning, then learned weights) on three, score the fourth
    const auto folds = vm::stratified_folds(t.churn, 4, 11).value();
    double sum = 0.0;
    for (std::size_t f = 0; f < 4; ++f) {
        std::vector<std::size_t> train, test;
        for (std::size_t i = 0; i < folds.size(); ++i) (folds[i] == f ? test : train).push_back(i);
        const auto tr = vm::select_rows(view(t), train).value();
        const auto te = vm::select_rows(view(t), test).value();
        const auto binned = vm::fit_binning(start, tr.view()).value();
        const auto learned = vm::learn_weights(binned.card, tr.view()).value();
        const auto p = vm::fit_churn_probability(learned.card, tr.view()).value();
        vm::evaluate_options opt;
        opt.bootstrap_resamples = 0;
        const auto e = vm::evaluate(learned.card, te.view(), p, opt).value();
        INFO("fold " << f);
        CHECK(cands[1]["folds"][f]["roc_auc"].get<double>() == e.roc_auc);
        CHECK(cands[1]["folds"][f]["brier"].get<double>() == e.brier);
        CHECK(cands[1]["folds"][f]["accounts"].get<std::size_t>() == test.size());
        sum += e.roc_auc;
        // "none": the start card as given on the held-out fold
        const auto e0 = vm::evaluate(start, te.view(), vm::fit_churn_probability(start, tr.view()).value(), opt).value();
        CHECK(cands[0]["folds"][f]["roc_auc"].get<double>() == e0.roc_auc);
    }
    CHECK(cands[1]["roc_auc_mean"].get<double>() == doctest::Approx(sum / 4.0).epsilon(1e-15));

    // the leak: fit on everything, then score the fitted card on folds of the same accounts
    REQUIRE(run(wd, {"fit", "telco.csv", "-l", "churn", "-s", "start.json", "--bin", "-o", "binned.json", "-q"}).code == 0);
    const run_result leak = run(wd, {"evaluate", "telco.csv", "-l", "churn", "-s", "binned.json", "--fixed-card-folds",
                                     "4", "--seed", "11", "--bootstrap", "0", "--format", "json"});
    REQUIRE(leak.code == 0);
    const json lj = json::parse(leak.out);
    CHECK(lj["scorecards"][0]["fixed_card_folds"]["roc_auc_mean"].get<double>() > cands[1]["roc_auc_mean"].get<double>());

    // the table names the refit and says what was done
    const run_result table = run(wd, {"evaluate", "telco.csv", "-l", "churn", "-s", "start.json", "--cv", "4",
                                      "--refit", "learned+bin", "--bootstrap", "0"});
    REQUIRE(table.code == 0);
    CHECK(contains(table.out, "4-fold cross-validation (seed 42): each scorecard refitted on the other folds"));
    CHECK(contains(table.out, "learned+bin"));
}

TEST_CASE("evaluate on Telco: AUC, AP, lift and Brier are model::compare's; binning beats hand-made ranges") {
    workdir wd;
    const model_test::telco t = model_test::load_telco();
    wd.write("telco.csv", telco_csv(t));
    const vitals::scorecard start = model_test::telco_card();
    wd.write("start.json", vitals::save_scorecard(start).value());
    REQUIRE(run(wd, {"fit", "telco.csv", "-l", "churn", "-s", "start.json", "-o", "learned.json", "-q"}).code == 0);
    REQUIRE(run(wd, {"fit", "telco.csv", "-l", "churn", "-s", "start.json", "--bin", "-o", "binned.json", "-q"}).code == 0);

    const run_result r = run(wd, {"evaluate", "telco.csv", "-l", "churn", "-s", "start.json", "-s", "learned.json", "-s",
                                  "binned.json", "--format", "json", "--bootstrap", "200", "--top", "0.1", "--top", "0.2"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    REQUIRE(j["scorecards"].size() == 3);
    CHECK(j["accounts"] == 7043);
    CHECK(j["scorecards"][1]["name"] == "learned");

    std::vector<vm::candidate> cands;
    for (const char* f : {"start.json", "learned.json", "binned.json"}) {
        const vitals::scorecard c = vitals::load_scorecard_file(wd.path(f)).value();
        // a fitted card brings its own calibration; the start card's is fitted on these accounts
        cands.push_back({f, c, c.calibration() ? *c.calibration() : vm::fit_churn_probability(c, view(t)).value()});
    }
    CHECK(j["scorecards"][0]["probability"] == "in_sample");
    CHECK(j["scorecards"][1]["probability"] == "scorecard");
    CHECK(j["scorecards"][2]["probability"] == "scorecard");
    vm::evaluate_options opt;
    opt.bootstrap_resamples = 200;
    opt.top_fractions = {0.1, 0.2};
    const vm::comparison cmp = vm::compare(cands, view(t), opt).value();
    for (std::size_t k = 0; k < 3; ++k) {
        const json& row = j["scorecards"][k];
        INFO(row["name"]);
        CHECK(row["roc_auc"].get<double>() == cmp.rows[k].roc_auc);
        CHECK(row["average_precision"].get<double>() == cmp.rows[k].average_precision);
        CHECK(row["roc_auc_interval"]["lower"].get<double>() == cmp.rows[k].roc_auc_interval->lower);
        CHECK(row["roc_auc_interval"]["upper"].get<double>() == cmp.rows[k].roc_auc_interval->upper);
        CHECK(row["top"][1]["lift"].get<double>() == cmp.rows[k].top[1].lift);
        CHECK(row["brier"].get<double>() == cmp.rows[k].brier);
        CHECK(row["calibration"].size() == 10);
        CHECK(row["scored"].get<std::size_t>() == cmp.rows[k].scored);
    }
    // in-sample, binning + learned weights ranks at least as well as learned weights alone
    CHECK(j["scorecards"][2]["roc_auc"].get<double>() >= j["scorecards"][1]["roc_auc"].get<double>());
    CHECK(j["scorecards"][1]["roc_auc"].get<double>() > j["scorecards"][0]["roc_auc"].get<double>());

    // the table says the same, and --fixed-card-folds adds per-fold AUCs and out-of-fold probabilities
    const run_result tab = run(wd, {"evaluate", "telco.csv", "-l", "churn", "-s", "learned.json", "--fixed-card-folds",
                                    "5", "--bootstrap", "0", "--out", "cv.json"});
    REQUIRE(tab.code == 0);
    const json cv = json::parse(wd.read("cv.json"));
    CHECK(cv["probability"] == "out_of_fold");
    CHECK(cv["scorecards"][0]["fixed_card_folds"]["roc_auc"].size() == 5);
    CHECK(cv["scorecards"][0]["roc_auc_interval"].is_null());
    const auto folds = vm::stratified_folds(t.churn, 5, 42).value();
    std::vector<double> risk, y;
    const vitals::scorecard learned = vitals::load_scorecard_file(wd.path("learned.json")).value();
    const auto s = vm::scores(learned, view(t)).value();
    for (std::size_t i = 0; i < s.size(); ++i)
        if (folds[i] == 3 && s[i] == s[i]) {
            risk.push_back(100.0 - s[i]);
            y.push_back(t.churn[i]);
        }
    CHECK(cv["scorecards"][0]["fixed_card_folds"]["roc_auc"][3].get<double>() == vm::roc_auc(risk, y).value());

    const run_result table = run(wd, {"evaluate", "telco.csv", "-l", "churn", "-s", "start.json", "-s", "default",
                                      "--bootstrap", "0", "--map", "tenure_months=tenure"});
    // the default scorecard reads columns Telco does not have: a clear error naming them
    CHECK(table.code == 2);
    CHECK(contains(table.err, "telco.csv: missing columns for scorecard \"vitals-default\": "));
}

TEST_CASE("fit and evaluate on the shipped sample with the built-in scorecard") {
    workdir wd;
    const std::string sample = sample_csv.string();
    const run_result f = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--bin", "--missing", "impute", "-o", "fitted.json"});
    INFO(f.err);
    REQUIRE(f.code == 0);
    CHECK(contains(f.err, "after monotone binning on 1,000 accounts (95 churned); 1,000 used"));
    const run_result e = run(wd, {"evaluate", sample, "-l", "churned_next_quarter", "-s", "default", "-s", "fitted.json"});
    INFO(e.err);
    REQUIRE(e.code == 0);
    const auto l = lines(e.out);
    REQUIRE(l.size() == 4);
    CHECK(l[0].starts_with("scorecard  scored  ROC AUC"));
    CHECK(l[1].starts_with("default "));
    CHECK(l[2].starts_with("fitted "));
    CHECK(contains(l[3], "1,000 accounts, 95 churned (9.5 %)"));

    for (const char* w : {"entropy", "equal"}) {
        const run_result r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--weights", w, "-o", std::string(w) + ".json"});
        INFO(w, r.err);
        CHECK(r.code == 0);
        CHECK(vitals::load_scorecard_file(wd.path(std::string(w) + ".json")));
    }
    const vitals::scorecard eq = vitals::load_scorecard_file(wd.path("equal.json")).value();
    for (std::size_t m = 0; m < eq.measures().size(); ++m)
        CHECK(eq.slots()[m].share == doctest::Approx(1.0 / static_cast<double>(eq.measures().size())).epsilon(1e-12));
}

TEST_CASE("labels: 0/1, true/false and yes/no read alike; a bad or missing label names file:line:column") {
    workdir wd;
    const char* body[] = {"tenure,churned,contract_months\n", "3,1,1\n", "40,0,12\n", "10,1,1\n", "70,0,24\n",
                          "5,0,1\n",  "30,1,12\n", "60,0,24\n", "2,1,1\n"};
    std::string numeric, words;
    for (const char* l : body) numeric += l;
    words = numeric;
    for (std::size_t p; (p = words.find(",1,")) != std::string::npos;) words.replace(p, 3, ",Yes,");
    for (std::size_t p; (p = words.find(",0,")) != std::string::npos;) words.replace(p, 3, ", no ,");
    std::string truth = numeric;
    for (std::size_t p; (p = truth.find(",1,")) != std::string::npos;) truth.replace(p, 3, ",TRUE,");
    wd.write("a.csv", numeric);
    wd.write("b.csv", words);
    wd.write("c.csv", truth);
    vitals::scorecard_spec s;
    s.name = "small";
    s.measures.push_back({"tenure", "tenure", vitals::linear{0, 72}, 1.0, "", ""});
    s.measures.push_back({"contract_months", "contract_months", vitals::linear{1, 24}, 1.0, "", ""});
    wd.write("start.json", vitals::save_scorecard(vitals::scorecard::build(s).value()).value());
    std::vector<vitals::scorecard> fitted;
    for (const char* f : {"a.csv", "b.csv", "c.csv"}) {
        const run_result r = run(wd, {"fit", f, "-l", "churned", "-s", "start.json", "-q"});
        INFO(f, r.err);
        REQUIRE(r.code == 0);
        CHECK(contains(r.out, std::string("fitted on ") + f + " (label churned): 8 accounts, 4 churned"));
        fitted.push_back(vitals::load_scorecard(r.out).value());
    }
    for (std::size_t m = 0; m < 2; ++m) {
        CHECK(fitted[1].measures()[m].weight == fitted[0].measures()[m].weight);
        CHECK(fitted[2].measures()[m].weight == fitted[0].measures()[m].weight);
    }

    wd.write("bad.csv", "tenure,contract_months,churned\n3,1,1\n40,12,2\n");
    run_result r = run(wd, {"fit", "bad.csv", "-l", "churned", "-s", "start.json", "-o", "out.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "vitals: bad.csv:3:3: label \"2\" (column churned): is not 0/1, true/false or yes/no"));
    CHECK_FALSE(wd.exists("out.json"));

    wd.write("empty_label.csv", "tenure,contract_months,churned\n3,1,1\n40,12,\n");
    r = run(wd, {"evaluate", "empty_label.csv", "-l", "churned", "-s", "start.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "empty_label.csv:3:3: label missing (column churned): every account needs a label"));

    r = run(wd, {"fit", "a.csv", "-l", "churn", "-s", "start.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "a.csv: no label column \"churn\" (the columns are: tenure, churned, contract_months)"));

    r = run(wd, {"fit", "a.csv", "-s", "start.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--label-column is required"));

    wd.write("bad_cell.csv", "tenure,contract_months,churned\n3,1,1\nabc,12,0\n");
    r = run(wd, {"fit", "bad_cell.csv", "-l", "churned", "-s", "start.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "bad_cell.csv:3:1: \"abc\" is not a number (column tenure)"));

    wd.write("one_class.csv", "tenure,contract_months,churned\n3,1,0\n40,12,0\n");
    r = run(wd, {"fit", "one_class.csv", "-l", "churned", "-s", "start.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "only one class"));
}

TEST_CASE("AHP: a consistent matrix gives its weights and CR; an inconsistent one is refused with its CR") {
    workdir wd;
    const std::string sample = sample_csv.string();
    vitals::scorecard_spec s;
    s.name = "four";
    s.groups = {{"relationship", 1, "", vitals::aggregation::mean, ""}, {"money", 1, "", vitals::aggregation::mean, ""}};
    s.measures.push_back({"tenure_months", "tenure_months", vitals::linear{0, 36}, 1.0, "relationship", ""});
    s.measures.push_back({"contact_tenure_days", "contact_tenure_days", vitals::linear{0, 180}, 1.0, "relationship", ""});
    s.measures.push_back({"days_late", "days_late", vitals::linear{60, 0}, 1.0, "money", ""});
    s.measures.push_back({"nps", "nps", vitals::linear{-50, 60}, 1.0, "money", ""});
    wd.write("four.json", vitals::save_scorecard(vitals::scorecard::build(s).value()).value());
    // consistent: a_ij = w_i / w_j with w = 1, 2, 3, 4
    std::string m;
    for (int i = 1; i <= 4; ++i) {
        for (int k = 1; k <= 4; ++k) m += (k > 1 ? "," : "") + std::to_string(i) + "/" + std::to_string(k);
        m += "\n";
    }
    wd.write("consistent.csv", "# a_ij = i / j\n" + m);
    run_result r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "-s", "four.json", "--weights", "ahp",
                            "--pairwise", "consistent.csv", "-o", "ahp.json", "--report", "ahp_report.json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.err, "vitals: AHP consistency ratio 0.0000 (at most 0.10"));
    const vitals::scorecard card = vitals::load_scorecard_file(wd.path("ahp.json")).value();
    for (std::size_t k = 0; k < 4; ++k)
        CHECK(card.slots()[k].share == doctest::Approx(static_cast<double>(k + 1) / 10.0).epsilon(1e-9));
    const json rep = json::parse(wd.read("ahp_report.json"));
    CHECK(rep["ahp"]["consistency_ratio"].get<double>() == doctest::Approx(0.0).epsilon(1e-9));

    // the same judgments as JSON, rows named in another order
    wd.write("named.json", R"({"measures": ["nps", "days_late", "contact_tenure_days", "tenure_months"],
        "matrix": [[1, 4/3, 2, 4], [0.75, 1, 1.5, 3], [0.5, 0.6666666666666666, 1, 2], [0.25, 0.3333333333333333, 0.5, 1]]})");
    r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "-s", "four.json", "--weights", "ahp", "--pairwise", "named.json"});
    CHECK(r.code == 2);  // 4/3 is not JSON
    CHECK(contains(r.err, "named.json: not valid JSON"));
    wd.write("named.json", R"({"measures": ["nps", "days_late", "contact_tenure_days", "tenure_months"],
        "matrix": [[1, 1.3333333333333333, 2, 4], [0.75, 1, 1.5, 3], [0.5, 0.6666666666666666, 1, 2], [0.25, 0.3333333333333333, 0.5, 1]]})");
    r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "-s", "four.json", "--weights", "ahp", "--pairwise", "named.json", "-o", "named_out.json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const vitals::scorecard named = vitals::load_scorecard_file(wd.path("named_out.json")).value();
    for (std::size_t k = 0; k < 4; ++k) CHECK(named.slots()[k].share == doctest::Approx(card.slots()[k].share).epsilon(1e-9));

    // inconsistent: 1 beats 2 strongly, 2 beats 3 strongly, but 3 beats 1 strongly
    wd.write("inconsistent.csv", "1, 9, 1/9, 1\n1/9, 1, 9, 1\n9, 1/9, 1, 1\n1, 1, 1, 1\n");
    r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "-s", "four.json", "--weights", "ahp", "--pairwise",
                 "inconsistent.csv", "-o", "x.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "vitals: inconsistent.csv: comparisons: consistency ratio "));
    CHECK(contains(r.err, "exceeds 0.10; revise the judgments"));
    CHECK_FALSE(wd.exists("x.json"));

    wd.write("small.csv", "1,2\n1/2,1\n");
    r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "-s", "four.json", "--weights", "ahp", "--pairwise", "small.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "pairwise: a 2 x 2 matrix, the scorecard has 4 measures"));

    wd.write("typo.csv", "1,x\n1,1\n");
    r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "-s", "four.json", "--weights", "ahp", "--pairwise", "typo.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "typo.csv:1:2: \"x\" is not a number"));

    r = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--weights", "ahp"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--weights ahp needs --pairwise FILE"));
}

TEST_CASE("fit and evaluate a scorecard whose measures read derived columns") {
    workdir wd;
    // a measure on a derived sum (all four seat and usage columns), one on a derived difference
    wd.write("start.json", R"J({"vitals_scorecard": 1, "name": "derived-start",
      "derived": [{"name": "engagement_sum", "expression": "training_completion + logins_trend * 10 + ticket_sentiment"},
                  {"name": "idle_share", "expression": "(licensed_seats - active_users) / licensed_seats"}],
      "measures": [
        {"name": "engagement", "input": "engagement_sum", "normaliser": {"kind": "linear", "worst": -1, "best": 1}},
        {"name": "idle", "input": "idle_share", "normaliser": {"kind": "linear", "worst": 1, "best": 0}},
        {"name": "late", "input": "days_late", "normaliser": {"kind": "linear", "worst": 60, "best": 0}}]})J");
    const std::string sample = sample_csv.string();
    for (const bool bin : {false, true}) {
        std::vector<std::string> args{"fit", sample, "-l", "churned_next_quarter", "-s", "start.json", "--missing",
                                      "impute", "-o", "fitted.json"};
        if (bin) args.push_back("--bin");
        const run_result f = run(wd, args);
        INFO(bin, f.err);
        REQUIRE(f.code == 0);
        const auto fitted = vitals::load_scorecard_file(wd.path("fitted.json"));
        REQUIRE(fitted.has_value());
        const auto start = vitals::load_scorecard_file(wd.path("start.json")).value();
        CHECK(fitted.value().spec().derived == start.spec().derived);  // the derived columns carry over
        CHECK(fitted.value().inputs().size() == start.inputs().size());
        bool changed = false;  // the fit learned something from the derived columns' values
        for (std::size_t m = 0; m < start.measures().size(); ++m)
            changed = changed || fitted.value().slots()[m].share != start.slots()[m].share;
        CHECK(changed);
        const run_result e = run(wd, {"evaluate", sample, "-l", "churned_next_quarter", "-s", "start.json", "-s",
                                      "fitted.json"});
        INFO(e.err);
        REQUIRE(e.code == 0);
        CHECK(contains(e.out, "1,000 accounts, 95 churned"));
    }
}

TEST_CASE("fit --segment-by: a card per segment fitted on its own accounts, the default card for the small ones") {
    workdir wd;
    const std::string sample = sample_csv.string();
    const std::vector<std::string> common{"-l", "churned_next_quarter", "--missing", "impute", "-q"};
    const auto fit_args = [&](std::vector<std::string> a) {
        a.insert(a.end(), common.begin(), common.end());
        return a;
    };
    const run_result f = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--missing", "impute", "--segment-by",
                                  "segment", "-o", "set.json", "--report", "report.json"});
    INFO(f.err);
    REQUIRE(f.code == 0);
    CHECK(contains(f.err, "vitals: segment = Enterprise (88 accounts, 5 churned): the default card (88 accounts, fewer than 200)"));
    CHECK(contains(f.err, "vitals: segment = Mid-market (340 accounts, 44 churned): own card"));
    CHECK(contains(f.err, "vitals: segment = SMB (572 accounts, 46 churned): own card"));
    CHECK(contains(f.err, "wrote the fitted scorecard set to set.json"));
    const auto loaded = vitals::load_scorecard_set_file(wd.path("set.json"));
    REQUIRE_MESSAGE(loaded, (loaded ? std::string() : loaded.error().message));
    const vitals::scorecard_set& set = loaded.value();
    CHECK(set.segment_column() == "segment");
    REQUIRE(set.segments().size() == 2);
    CHECK(set.segments()[0].value == "Mid-market");
    CHECK(set.segments()[1].value == "SMB");
    CHECK(set.find("Enterprise") == set.default_card());
    for (const vitals::scorecard& c : set.cards()) CHECK(c.calibration().has_value());
    const json rep = json::parse(wd.read("report.json"));
    CHECK(rep["segments"][0]["value"] == "Enterprise");
    CHECK(rep["segments"][0]["card"] == "default");

    // the default card is the fit on every account; a segment's card, the fit on a file of only its rows
    REQUIRE(run(wd, fit_args({"fit", sample, "-o", "all.json"})).code == 0);
    const std::string text = cli_test::detail::slurp(sample_csv);
    std::string smb;
    for (const std::string& line : lines(text)) {
        std::size_t at = 0;
        for (int k = 0; k < 15; ++k) at = line.find(',', at) + 1;
        const std::string seg = line.substr(at, line.find(',', at) - at);
        if (seg == "segment" || seg == "SMB") smb += line + "\n";
    }
    wd.write("smb.csv", smb);
    REQUIRE(run(wd, fit_args({"fit", "smb.csv", "-o", "smb.json"})).code == 0);
    const vitals::scorecard all = vitals::load_scorecard_file(wd.path("all.json")).value();
    const vitals::scorecard alone = vitals::load_scorecard_file(wd.path("smb.json")).value();
    const vitals::scorecard& def = set.cards()[set.default_card()];
    const vitals::scorecard& own = set.cards()[set.find("SMB")];
    REQUIRE(own.measures().size() == alone.measures().size());
    for (std::size_t m = 0; m < own.measures().size(); ++m) {
        INFO(own.measures()[m].name);
        CHECK(def.measures()[m].weight == all.measures()[m].weight);
        CHECK(own.measures()[m].weight == alone.measures()[m].weight);
    }
    CHECK(*def.calibration() == *all.calibration());
    CHECK(*own.calibration() == *alone.calibration());

    // scored with the set, every account gets the probability of its own card: one scale
    const run_result s = run(wd, {"score", sample, "--scorecard", "set.json", "--format", "csv", "-q"});
    REQUIRE(s.code == 0);
    const auto rows = lines(s.out);
    REQUIRE(rows.size() == 1001);
    CHECK(rows[0].ends_with(",churn_probability"));

    // evaluate ranks the set's accounts by that probability: the AUC of vitals score's column
    std::vector<double> prob, y;
    const auto labels = lines(text);
    const auto fields = [](const std::string& line) {
        std::vector<std::string> out;
        std::size_t from = 0;
        for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
            out.push_back(line.substr(from, comma - from));
        out.push_back(line.substr(from));
        return out;
    };
    const auto head = fields(labels[0]);
    const auto label_at = static_cast<std::size_t>(std::find(head.begin(), head.end(), "churned_next_quarter") - head.begin());
    REQUIRE(label_at < head.size());
    for (std::size_t k = 1; k < rows.size(); ++k) {
        const std::string p = rows[k].substr(rows[k].rfind(',') + 1);
        if (p.empty()) continue;
        prob.push_back(std::stod(p));
        y.push_back(std::stod(fields(labels[k])[label_at]));
    }
    const run_result e = run(wd, {"evaluate", sample, "-l", "churned_next_quarter", "-s", "set.json", "-s", "all.json",
                                  "--format", "json", "--bootstrap", "0"});
    INFO(e.err);
    REQUIRE(e.code == 0);
    const json ev = json::parse(e.out);
    CHECK(ev["scorecards"][0]["risk"] == "churn_probability");
    CHECK(ev["scorecards"][1]["risk"] == "100 - score");
    CHECK(ev["scorecards"][0]["scored"].get<std::size_t>() == prob.size());
    CHECK(ev["scorecards"][0]["roc_auc"].get<double>() == vm::roc_auc(prob, y).value());
    CHECK(ev["scorecards"][0]["brier"].get<double>() == vm::brier_score(prob, y).value());
    // a set whose cards have no calibration cannot be ranked across segments; nor is it refitted by --cv
    const std::string plain = (source_dir / "docs" / "examples" / "scorecard-default.json").string();
    wd.write("plain-set.json", R"({"vitals_scorecard_set": 1, "segment_column": "segment", "scorecards": {"SMB": ")" + plain +
                                   R"("}, "default": ")" + plain + R"("})");
    const run_result nocal = run(wd, {"evaluate", sample, "-l", "churned_next_quarter", "-s", "plain-set.json"});
    CHECK(nocal.code == 2);
    CHECK(contains(nocal.err, "has no calibration"));
    const run_result cv = run(wd, {"evaluate", sample, "-l", "churned_next_quarter", "-s", "set.json", "--cv", "3"});
    CHECK(cv.code == 2);
    CHECK(contains(cv.err, "a scorecard set is evaluated as given: not with cv"));

    // a higher minimum of churners sends a segment to the default card, and says why
    const run_result g = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--missing", "impute", "--segment-by",
                                  "segment", "--min-segment-accounts", "50", "--min-segment-churners", "45", "-o", "set2.json"});
    REQUIRE(g.code == 0);
    CHECK(contains(g.err, "segment = Enterprise (88 accounts, 5 churned): the default card (5 churned, fewer than 45)"));
    CHECK(contains(g.err, "segment = Mid-market (340 accounts, 44 churned): the default card (44 churned, fewer than 45)"));
    CHECK(contains(g.err, "segment = SMB (572 accounts, 46 churned): own card"));

    // usage errors, and nothing written
    const run_result bad = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--segment-by", "tier", "-o", "x.json"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "no segment column \"tier\""));
    const run_result lone = run(wd, {"fit", sample, "-l", "churned_next_quarter", "--min-segment-churners", "5", "-o", "x.json"});
    CHECK(lone.code == 2);
    CHECK(contains(lone.err, "--min-segment-churners: given without --segment-by"));
    CHECK_FALSE(wd.exists("x.json"));
}

TEST_CASE("text categories from the raw Telco export: fit --bin learns level sub-scores, score reads the text") {
    workdir wd;
    const std::string raw = (source_dir / "tests" / "data" / "telco_churn.csv").string();
    const std::string start = (source_dir / "docs" / "examples" / "telco-raw-start.json").string();
    const run_result f = run(wd, {"fit", raw, "-l", "churn", "-s", start, "--bin", "-o", "fitted.json", "--report", "rep.json"});
    INFO(f.err);
    REQUIRE(f.code == 0);
    const json rep = json::parse(wd.read("rep.json"));
    const json* contract = nullptr;
    for (const json& m : rep["measures"])
        if (m["name"] == "contract") contract = &m;
    REQUIRE(contract != nullptr);
    REQUIRE((*contract)["bins"].size() == 3);
    // by hand from the raw file: churn per contract type (rows with total_charges NA included: fit
    // reads every row; the measure is present on all of them)
    std::ifstream in(raw);
    std::string line;
    std::getline(in, line);
    std::map<std::string, std::pair<double, double>> by;  // level -> (accounts, churned)
    while (std::getline(in, line)) {
        const bool churned = line.rfind("\"Yes\"", 0) == 0;
        for (const char* level : {"Month-to-month", "One year", "Two year"})
            if (line.find(std::string("\"") + level + "\"") != std::string::npos) {
                by[level].first += 1;
                by[level].second += churned ? 1 : 0;
            }
    }
    double rmin = 1, rmax = 0;
    for (const auto& [level, c] : by) {
        rmin = std::min(rmin, c.second / c.first);
        rmax = std::max(rmax, c.second / c.first);
    }
    for (const json& b : (*contract)["bins"]) {
        const auto& c = by.at(b["level"].get<std::string>());
        CHECK(b["accounts"].get<double>() == c.first);
        CHECK(b["churned"].get<double>() == c.second);
        CHECK(b["score"].get<double>() == std::round(1000.0 * (rmax - c.second / c.first) / (rmax - rmin)) / 1000.0);
    }
    CHECK(contains(f.err, "Month-to-month     3,875    1,655      42.7 %"));  // the bins table, a row per level
    // the fitted card scores the raw file, text and all; explain names the level
    const run_result s = run(wd, {"score", raw, "-s", "fitted.json", "--format", "csv", "-q", "-o", "out.csv"});
    INFO(s.err);
    CHECK(s.code == 0);
    CHECK(lines(wd.read("out.csv")).size() == 7044);
    // an unseen level is an error naming the place ("unseen": "error" in the card)
    wd.write("bad.csv", "contract,tenure\n\"One year\",3\n\"Montly\",4\n");
    wd.write("one.json", R"({"vitals_scorecard": 1, "measures": [{"name": "contract", "input": "contract",
      "normaliser": {"kind": "categories", "levels": ["Month-to-month", "One year", "Two year"], "scores": [0, 0.6, 1],
                     "unseen": "error"}}]})");
    const run_result bad = run(wd, {"score", "bad.csv", "-s", "one.json", "-q"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "bad.csv:3:1: \"Montly\" is not one of the levels (Month-to-month, One year, Two year) (column contract)"));
}

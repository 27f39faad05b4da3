// `vitals report`, run as a user would: the report of the sample, whole or not at all.
#include "cli_run.hpp"

using namespace cli_test;

namespace {

const std::string header =
    "account_id,arr,active_users,licensed_seats,logins_trend,training_completion,tickets_per_seat,ticket_sentiment,nps,"
    "days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct";
// a healthy account, then a row whose nps is not a number
const std::string bad_book = header +
                             "\nA-1,5000,90,100,0.2,0.9,0.02,0.6,70,0,48,400,1,0.15"
                             "\nA-2,8000,10,100,-0.4,0.1,0.8,-0.7,abc,60,3,10,0,-0.3\n";

}  // namespace

TEST_CASE("report: the shipped sample with every side file") {
    workdir wd;
    const auto ex = source_dir / "docs" / "examples";
    const run_result r = run(wd, {"report", sample_csv.string(), "--history", (ex / "history.csv").string(), "--previous",
                                  (ex / "previous.csv").string(), "--overrides", (ex / "overrides.csv").string(), "--surveys",
                                  (ex / "surveys.csv").string(), "--as-of", "2026-11-30", "--out", "report.html", "--top", "0"});
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "vitals: report of 1,000 accounts from " + sample_csv.string()));
    CHECK(contains(r.err, "-> report.html ("));
    CHECK(wd.files() == std::vector<std::string>{"report.html"});  // no temporary file left
    const std::string page = wd.read("report.html");
    CHECK(page.starts_with("<!DOCTYPE html>"));
    CHECK(page.ends_with("</html>\n"));
    std::size_t listed = 0;
    for (std::size_t at = page.find("<li class=\"account\""); at != std::string::npos; at = page.find("<li class=\"account\"", at + 1)) ++listed;
    // --top 0: every account with a value and a score (990: the sample has 10 without a score)
    CHECK(listed == 990);
    CHECK(contains(page, "data-listed=\"990\" data-eligible=\"990\""));
    CHECK(contains(page, "Every account with a value and a score is listed. 10 without a score or a value are not ranked."));
    CHECK(contains(page, "as of 2026-11-30"));
    CHECK(contains(page, "Override: score"));  // the sample's overrides reach the explanations
    CHECK(contains(page, "data-direction=\"declining\""));
}

TEST_CASE("report: a failed run leaves no file, and an old report as it was") {
    workdir wd;
    wd.write("accounts.csv", bad_book);
    const run_result bad = run(wd, {"report", "accounts.csv", "--out", "report.html"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: accounts.csv:3"));
    CHECK(wd.files() == std::vector<std::string>{"accounts.csv"});

    wd.write("report.html", "old");
    CHECK(run(wd, {"report", "accounts.csv", "--out", "report.html"}).code == 2);
    CHECK(wd.read("report.html") == "old");
    CHECK(wd.files() == std::vector<std::string>{"accounts.csv", "report.html"});

    // an output folder that does not exist fails before any scoring, naming the path
    const run_result nowhere = run(wd, {"report", "accounts.csv", "--out", "no/such/folder/report.html"});
    CHECK(nowhere.code != 0);
    CHECK(contains(nowhere.err, "no/such/folder/report.html"));

    // skipped rows are counted on the page and on standard error
    const run_result skip = run(wd, {"report", "accounts.csv", "--on-error", "skip", "--out", "report.html", "-q"});
    CHECK(skip.code == 0);
    CHECK(contains(skip.err, "vitals: skipped: accounts.csv:3"));
    CHECK(contains(wd.read("report.html"), "skipped: accounts.csv:3"));
}

TEST_CASE("report: --out is required; a book without a value column has no quadrants, said so") {
    workdir wd;
    const run_result none = run(wd, {"report", sample_csv.string()});
    CHECK(none.code == 2);
    CHECK(contains(none.err, "--out"));
    wd.write("accounts.csv", "account_id,nps,days_late\nA-1,20,0\nA-2,-40,30\n");
    const run_result r = run(wd, {"report", "accounts.csv", "--out", "r.html", "--allow-missing-columns", "-q"});
    CHECK(r.code == 0);
    const std::string page = wd.read("r.html");
    CHECK(contains(page, "No quadrants: the book has no value column"));
    CHECK(contains(page, "No assessment list"));
}

TEST_CASE("report: a scorecard set, and standard output") {
    workdir wd;
    const auto set = source_dir / "docs" / "examples" / "segments.json";
    const run_result r = run(wd, {"report", sample_csv.string(), "--scorecard", set.string(), "--out", "-", "-q", "--top", "10",
                                  "--title", "Q4 <review>"});
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.starts_with("<!DOCTYPE html>"));
    CHECK(contains(r.out, "<h1>Q4 &lt;review&gt;</h1>"));
    CHECK(contains(r.out, "&#183; scorecard "));  // the explanation names each listed account's card
    CHECK(contains(r.out, "(the first scorecard's bands)"));
    CHECK(contains(r.out, "data-listed=\"10\""));
    CHECK(wd.files().empty());
}

TEST_CASE("evaluate --report: the model page of two scorecards beside the table, whole or not at all") {
    workdir wd;
    const run_result fit = run(wd, {"fit", sample_csv.string(), "-l", "churned_next_quarter", "--bin", "--out", "fitted.json", "-q"});
    REQUIRE(fit.code == 0);
    const run_result r = run(wd, {"evaluate", sample_csv.string(), "-l", "churned_next_quarter", "-s", "default", "-s", "fitted.json",
                                  "--bootstrap", "50", "--format", "json", "--out", "report.json", "--report", "model.html"});
    CHECK(r.code == 0);
    CHECK(wd.files() == std::vector<std::string>{"fitted.json", "model.html", "report.json"});  // no temporary file left
    const std::string page = wd.read("model.html");
    CHECK(page.starts_with("<!DOCTYPE html>"));
    CHECK(page.ends_with("</html>\n"));
    CHECK(contains(page, "churn label churned_next_quarter"));
    CHECK(contains(page, "data-card=\"default\""));
    CHECK(contains(page, "data-card=\"fitted\""));
    // the JSON written beside it carries the curves the page drew
    const std::string json = wd.read("report.json");
    CHECK(contains(json, "\"roc_curve\""));
    CHECK(contains(json, "\"lift_by_group\""));
    std::size_t rows = 0;
    for (std::size_t at = page.find("class=\"lift-row\""); at != std::string::npos; at = page.find("class=\"lift-row\"", at + 1)) ++rows;
    CHECK(rows == 20);
    CHECK(contains(page, "class=\"bins\""));  // the fitted card's steps

    // without --report the JSON is as it always was
    const run_result plain = run(wd, {"evaluate", sample_csv.string(), "-l", "churned_next_quarter", "--bootstrap", "0", "--format", "json"});
    CHECK(plain.code == 0);
    CHECK_FALSE(contains(plain.out, "roc_curve"));
}

TEST_CASE("evaluate --report: a failed run writes neither file; an unwritable page path fails first") {
    workdir wd;
    const run_result bad = run(wd, {"evaluate", sample_csv.string(), "-l", "no_such_label", "--out", "report.json", "--report", "model.html"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: "));
    CHECK(wd.files().empty());
    const run_result nowhere = run(wd, {"evaluate", sample_csv.string(), "-l", "churned_next_quarter", "--out", "report.json", "--report",
                                        "no/such/folder/model.html"});
    CHECK(nowhere.code != 0);
    CHECK(contains(nowhere.err, "no/such/folder/model.html"));
    CHECK(wd.files().empty());
}

// `vitals score`, run as a user would: files in, files out, exit status, messages.
#include "cli_run.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

using namespace cli_test;

namespace {

const std::string header =
    "account_id,active_users,licensed_seats,logins_trend,training_completion,tickets_per_seat,ticket_sentiment,nps,"
    "days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct";
// a healthy account, a struggling one, and one with too little data to score
const std::string three_accounts = header +
                                   "\nA-1,90,100,0.2,0.9,0.02,0.6,70,0,48,400,1,0.15"
                                   "\nA-2,10,100,-0.4,0.1,0.8,-0.7,-60,60,3,10,0,-0.3"
                                   "\nA-3,,,,,,,,,24,200,1,\n";

}  // namespace

TEST_CASE("score: the shipped sample with the default scorecard, as CSV") {
    workdir wd;
    const run_result r = run(wd, {"score", sample_csv.string(), "--out", "scores.csv"});
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "vitals: scored 1,000 accounts from " + sample_csv.string() + " ("));
    CHECK(contains(r.err, "-> scores.csv"));
    const auto rows = lines(wd.read("scores.csv"));
    REQUIRE(rows.size() == 1001);
    // the default scorecard declares alerts, and the sample has an arr column: alerts and quadrant
    CHECK(rows[0] == "account_id,score,band,coverage,status,driver_1,driver_2,driver_3,alerts,quadrant");
    CHECK(rows[1].starts_with("ACC-00000001,"));
    CHECK(wd.files() == std::vector<std::string>{"scores.csv"});  // no temporary file left
}

TEST_CASE("score: csv, json and table of the same accounts") {
    workdir wd;
    wd.write("accounts.csv", three_accounts);

    const run_result csv = run(wd, {"score", "accounts.csv", "--format", "csv"});
    REQUIRE(csv.code == 0);
    const auto rows = lines(csv.out);
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].starts_with("A-1,"));
    CHECK(contains(rows[1], ",green,"));
    CHECK(contains(rows[1], ",ok,"));
    CHECK(contains(rows[2], ",red,"));
    CHECK(rows[3].starts_with("A-3,,,0.1"));  // only relationship (10 % of the weight) is known
    CHECK(rows[3].ends_with(",insufficient_data,,,,"));  // no drivers, no alerts
    CHECK(contains(csv.err, "scored 3 accounts from accounts.csv (1 red, 0 yellow, 1 green, 1 insufficient data)"));

    const run_result js = run(wd, {"score", "accounts.csv", "--out", "scores.json"});  // format from the extension
    REQUIRE(js.code == 0);
    const auto j = nlohmann::json::parse(wd.read("scores.json"));
    REQUIRE(j.size() == 3);
    CHECK(j[0]["account_id"] == "A-1");
    CHECK(j[0]["band"] == "green");
    CHECK(j[0]["status"] == "ok");
    CHECK(j[1]["drivers"].size() == 3);
    CHECK(j[1]["drivers"][0]["points_lost"].get<double>() > 0);
    CHECK(j[2]["score"].is_null());
    CHECK(j[2]["band"].is_null());
    CHECK(j[2]["status"] == "insufficient_data");
    // csv and json carry the same numbers
    CHECK(std::stod(rows[2].substr(4, rows[2].find(",red") - 4)) == j[1]["score"].get<double>());

    const run_result piped = run(wd, {"score", "accounts.csv"});  // standard output not a terminal: CSV
    CHECK(piped.out == csv.out);
    const run_result table = run(wd, {"score", "accounts.csv", "--format", "table"});  // the summary, then the accounts
    REQUIRE(table.code == 0);
    const auto t = lines(table.out);
    REQUIRE(t.size() == 13);
    CHECK(t[0] == "3 accounts from accounts.csv");
    CHECK(t[8] == "3 accounts, lowest score first:");
    CHECK(t[9].starts_with("account_id  score  band"));
    CHECK(t[10].starts_with("A-2 "));
    CHECK(contains(t[10], "red"));
    CHECK(contains(t[11], "green"));
    CHECK(t[12].starts_with("A-3 "));
    CHECK(contains(t[12], "no data"));
    CHECK_FALSE(contains(table.out, "\x1b["));  // not a terminal: no colour
}

TEST_CASE("score: colour on a terminal, none with NO_COLOR or --color never") {
    workdir wd;
    wd.write("accounts.csv", three_accounts);
    const run_result tty = run(wd, {"score", "accounts.csv"}, on_terminal({{"NO_COLOR", std::nullopt}, {"TERM", "xterm"}}));
    CHECK(tty.code == 0);
    CHECK(contains(tty.out, "\x1b[32m"));  // green
    CHECK(contains(tty.out, "\x1b[31m"));  // red
    const run_result no_color = run(wd, {"score", "accounts.csv"}, on_terminal({{"NO_COLOR", "1"}, {"TERM", "xterm"}}));
    CHECK(no_color.code == 0);
    CHECK_FALSE(contains(no_color.out, "\x1b["));
    CHECK(contains(no_color.out, "green"));
    const run_result never = run(wd, {"score", "accounts.csv", "--color", "never"}, on_terminal({{"TERM", "xterm"}}));
    CHECK_FALSE(contains(never.out, "\x1b["));
    const run_result always = run(wd, {"score", "accounts.csv", "--format", "table", "--color", "always"});
    CHECK(contains(always.out, "\x1b[32m"));
}

TEST_CASE("score: standard input, chunk sizes and thread counts do not change the output") {
    workdir wd;
    const run_result whole = run(wd, {"score", sample_csv.string(), "--format", "csv", "-q"});
    REQUIRE(whole.code == 0);
    CHECK(whole.err.empty());
    for (const char* chunk : {"1", "7", "999"}) {
        const run_result r = run(wd, {"score", sample_csv.string(), "--format", "csv", "--chunk-rows", chunk, "-j", "2"});
        CHECK(r.code == 0);
        CHECK(r.out == whole.out);
    }
    fs::copy_file(sample_csv, wd.path("copy.csv"));
    const run_result piped = run(wd, {"score", "-", "--format", "csv", "-j", "1"}, stdin_from("copy.csv"));
    CHECK(piped.code == 0);
    CHECK(piped.out == whole.out);
    CHECK(contains(piped.err, "from <stdin>"));
}

TEST_CASE("score: --map, --id-column and --allow-missing-columns") {
    workdir wd;
    std::string renamed = three_accounts;
    renamed.replace(renamed.find("account_id"), 10, "Account ID");
    renamed.replace(renamed.find(",nps,"), 5, ",NPS score,");
    wd.write("export.csv", renamed);
    wd.write("accounts.csv", three_accounts);
    const run_result plain = run(wd, {"score", "accounts.csv", "--format", "csv"});
    REQUIRE(plain.code == 0);

    const run_result missing = run(wd, {"score", "export.csv", "--format", "csv"});
    CHECK(missing.code == 2);
    CHECK(contains(missing.err, "vitals: export.csv: missing column nps, which the scorecard reads"));
    CHECK(contains(missing.err, "--map input=column"));

    const run_result mapped =
        run(wd, {"score", "export.csv", "--format", "csv", "--map", "nps=NPS score", "--id-column", "Account ID"});
    CHECK(mapped.code == 0);
    CHECK(mapped.out == plain.out);

    // without an id column, accounts are numbered
    const run_result numbered = run(wd, {"score", "export.csv", "--format", "csv", "--map", "nps=NPS score"});
    CHECK(numbered.code == 0);
    CHECK(lines(numbered.out)[1].starts_with("1,"));

    const run_result asked = run(wd, {"score", "export.csv", "--map", "nps=NPS score", "--id-column", "id"});
    CHECK(asked.code == 2);
    CHECK(contains(asked.err, "export.csv: no id column \"id\""));

    const run_result allowed = run(wd, {"score", "export.csv", "--format", "csv", "--allow-missing-columns",
                                        "--id-column", "Account ID"});
    CHECK(allowed.code == 0);
    CHECK(lines(allowed.out)[1].starts_with("A-1,"));
    CHECK(lines(allowed.out)[1] != lines(plain.out)[1]);  // nps absent: a different score and coverage
}

TEST_CASE("score: SQLite input gives the same rows as the same data in CSV") {
    workdir wd;
    wd.write("accounts.csv", three_accounts);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(wd.path("crm.db").c_str(), &db) == SQLITE_OK);
    const char* sql =
        "CREATE TABLE accounts (account_id TEXT PRIMARY KEY, active_users INTEGER, licensed_seats INTEGER,"
        " logins_trend REAL, training_completion REAL, tickets_per_seat REAL, ticket_sentiment REAL, nps INTEGER,"
        " days_late INTEGER, tenure_months INTEGER, contact_tenure_days INTEGER, executive_sponsor INTEGER,"
        " seat_change_pct REAL, region TEXT);"
        "INSERT INTO accounts VALUES"
        " ('A-1', 90, 100, 0.2, 0.9, 0.02, 0.6, 70, 0, 48, 400, 1, 0.15, 'EMEA'),"
        " ('A-2', 10, 100, -0.4, 0.1, 0.8, -0.7, -60, 60, 3, 10, 0, -0.3, 'AMER'),"
        " ('A-3', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 24, 200, 1, NULL, 'APAC');";
    REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);

    const run_result csv = run(wd, {"score", "accounts.csv", "--format", "csv"});
    const run_result sq = run(wd, {"score", "--sqlite", "crm.db", "--query", "SELECT * FROM accounts ORDER BY account_id",
                                   "--format", "csv"});
    REQUIRE(sq.code == 0);
    CHECK(sq.out == csv.out);
    CHECK(contains(sq.err, "scored 3 accounts from crm.db"));

    const run_result filtered = run(wd, {"score", "--sqlite", "crm.db", "--query",
                                         "SELECT * FROM accounts WHERE region = 'EMEA'", "--format", "csv"});
    CHECK(filtered.code == 0);
    CHECK(lines(filtered.out).size() == 2);

    const run_result bad = run(wd, {"score", "--sqlite", "crm.db", "--query", "SELECT * FROM nope"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: crm.db: the query does not compile: no such table: nope"));
    const run_result no_db = run(wd, {"score", "--sqlite", "missing.db", "--query", "SELECT 1"});
    CHECK(no_db.code == 2);
    CHECK(contains(no_db.err, "missing.db: cannot open"));
    const run_result write = run(wd, {"score", "--sqlite", "crm.db", "--query", "DELETE FROM accounts"});
    CHECK(write.code == 2);
    CHECK(contains(write.err, "must only read"));
}

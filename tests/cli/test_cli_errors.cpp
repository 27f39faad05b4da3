// Every class of failure of the `vitals` tool: its exit status, its message, and that it leaves no
// output file (and no temporary file) behind.
#include "cli_run.hpp"

#include <sqlite3.h>

using namespace cli_test;

namespace {

const std::string header =
    "account_id,active_users,licensed_seats,logins_trend,training_completion,tickets_per_seat,ticket_sentiment,nps,"
    "days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct";
const std::string good_row = "0.1,0.5,0.05,0.1,40,3,30,200,1,0.02";  // everything after the two counts

std::string book(const std::vector<std::string>& rows) {
    std::string s = header + "\n";
    for (const std::string& r : rows) s += r + "\n";
    return s;
}

}  // namespace

TEST_CASE("usage errors exit 2") {
    workdir wd;
    const run_result none = run(wd, {});
    CHECK(none.code == 2);
    CHECK(contains(none.err, "vitals: a command is required (the commands: score, explain,"));
    CHECK(run(wd, {"score", "--no-such-option"}).code == 2);
    CHECK(run(wd, {"frobnicate"}).code == 2);
    const run_result fmt = run(wd, {"score", "x.csv", "--format", "xml"});
    CHECK(fmt.code == 2);
    CHECK(contains(fmt.err, "--format"));
    CHECK(run(wd, {"score", "x.csv", "--on-error", "ignore"}).code == 2);
    const run_result no_input = run(wd, {"score"});
    CHECK(no_input.code == 2);
    CHECK(contains(no_input.err, "vitals: no input: give a CSV file"));
    const run_result half_sqlite = run(wd, {"score", "--sqlite", "crm.db"});
    CHECK(half_sqlite.code == 2);
    CHECK(contains(half_sqlite.err, "--query"));
    wd.write("a.csv", book({}));
    const run_result both = run(wd, {"score", "a.csv", "--sqlite", "crm.db", "--query", "SELECT 1"});
    CHECK(both.code == 2);
    CHECK(contains(both.err, "give either INPUT or --sqlite, not both"));
    const run_result bad_map = run(wd, {"score", "a.csv", "--map", "nps"});
    CHECK(bad_map.code == 2);
    CHECK(contains(bad_map.err, "column map \"nps\": expected input=column"));
    const run_result unknown_input = run(wd, {"score", "a.csv", "--map", "happiness=nps"});
    CHECK(unknown_input.code == 2);
    CHECK(contains(unknown_input.err, "the scorecard reads no input \"happiness\""));
    CHECK(run(wd, {"explain", "a.csv"}).code == 2);  // --account is required
    CHECK(run(wd, {"scorecard"}).code == 2);         // a subcommand is required
}

TEST_CASE("an input that cannot be read exits 2 and names the file") {
    workdir wd;
    const run_result r = run(wd, {"score", "nope.csv", "--out", "scores.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "vitals: nope.csv: cannot open: No such file or directory"));
    CHECK_FALSE(wd.exists("scores.csv"));
    fs::create_directory(wd.path("folder"));
    const run_result d = run(wd, {"score", "folder"});
    CHECK(d.code == 2);
    CHECK(contains(d.err, "folder: cannot open: it is a directory"));
}

TEST_CASE("a bad scorecard exits 2 with every problem and its JSON pointer") {
    workdir wd;
    wd.write("a.csv", book({"A,5,10," + good_row}));
    wd.write("bad.json", R"({"vitals_scorecard": 1, "name": "x", "min_coverage": 2,
        "measures": [{"name": "nps", "input": "nps", "weight": -1, "normaliser": {"kind": "linear", "worst": 0, "best": 0}}]})");
    const run_result r = run(wd, {"score", "a.csv", "--scorecard", "bad.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "bad.json"));
    CHECK(contains(r.err, "/min_coverage"));
    CHECK(contains(r.err, "/measures/0/weight"));
    const run_result v = run(wd, {"scorecard", "validate", "bad.json"});
    CHECK(v.code == 2);
    CHECK(v.err == r.err);
    wd.write("notjson.json", "{ nope");
    const run_result nj = run(wd, {"scorecard", "validate", "notjson.json"});
    CHECK(nj.code == 2);
    CHECK(contains(nj.err, "notjson.json:1:"));
    const run_result missing = run(wd, {"score", "a.csv", "--scorecard", "missing.json"});
    CHECK(missing.code == 2);
    CHECK(contains(missing.err, "missing.json"));
}

TEST_CASE("a bad cell fails the run: exit 2, the place named, no output file") {
    workdir wd;
    wd.write("accounts.csv", book({"A,5,10," + good_row, "B,5,10," + good_row, "C,5,10,0.1,0.5,0.05,0.1,40,abc,30,200,1,0.02",
                                   "D,5,10," + good_row}));
    wd.write("scores.csv", "the previous scores\n");
    const run_result r = run(wd, {"score", "accounts.csv", "--out", "scores.csv"});
    CHECK(r.code == 2);
    CHECK(r.err == "vitals: accounts.csv:4:9: \"abc\" is not a number (column days_late)\n");
    CHECK(wd.read("scores.csv") == "the previous scores\n");  // untouched
    CHECK(wd.files() == std::vector<std::string>{"accounts.csv", "scores.csv"});
    const run_result fresh = run(wd, {"score", "accounts.csv", "--out", "new.csv"});
    CHECK(fresh.code == 2);
    CHECK_FALSE(wd.exists("new.csv"));
}

TEST_CASE("--on-error skip scores the rest and reports the bad rows and their count") {
    workdir wd;
    wd.write("accounts.csv", book({"A,5,10," + good_row, "B,5,10,0.1,0.5,0.05,0.1,40,abc,30,200,1,0.02", "C,5,10",
                                   "D,5,10," + good_row}));
    const run_result r = run(wd, {"score", "accounts.csv", "--out", "scores.csv", "--on-error", "skip"});
    CHECK(r.code == 0);
    CHECK(contains(r.err, "vitals: skipped: accounts.csv:3:9: \"abc\" is not a number (column days_late)\n"));
    CHECK(contains(r.err, "vitals: skipped: accounts.csv:4: the row has 3 fields, the header has 13\n"));
    CHECK(contains(r.err, "vitals: scored 2 accounts from accounts.csv"));
    CHECK(contains(r.err, "; skipped 2 bad rows -> scores.csv"));
    const auto rows = lines(wd.read("scores.csv"));
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].starts_with("A,"));
    CHECK(rows[2].starts_with("D,"));
}

TEST_CASE("ragged rows, duplicate columns, an empty file and malformed quoting exit 2") {
    workdir wd;
    wd.write("ragged.csv", book({"A,5,10," + good_row, "B,5,10," + good_row + ",extra"}));
    const run_result ragged = run(wd, {"score", "ragged.csv", "--out", "o.csv"});
    CHECK(ragged.code == 2);
    CHECK(contains(ragged.err, "vitals: ragged.csv:3: the row has 14 fields, the header has 13"));
    CHECK_FALSE(wd.exists("o.csv"));

    wd.write("dup.csv", header + ",nps\nA,5,10," + good_row + ",40\n");
    const run_result dup = run(wd, {"score", "dup.csv"});
    CHECK(dup.code == 2);
    CHECK(contains(dup.err, "vitals: dup.csv:1:14: column \"nps\" appears more than once (fields 8 and 14)"));
    // after blank lines the header's own line; explain and fit the same
    wd.write("dup3.csv", "\n\n" + header + ",nps\nA,5,10," + good_row + ",40\n");
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"score", "dup3.csv"}, {"explain", "--account", "A", "dup3.csv"}, {"portfolio", "dup3.csv"}}) {
        const run_result r = run(wd, args);
        CHECK(r.code == 2);
        CHECK(contains(r.err, "vitals: dup3.csv:3:14: column \"nps\" appears more than once (fields 8 and 14)"));
    }
    wd.write("dupfit.csv", header + ",churned,churned\nA,5,10," + good_row + ",1,0\n");
    const run_result fit = run(wd, {"fit", "dupfit.csv", "--label-column", "churned"});
    CHECK(fit.code == 2);
    CHECK(contains(fit.err, "vitals: dupfit.csv:1:15: column \"churned\" appears more than once (fields 14 and 15); it is the label"));
    // a side file's column named twice: which one was meant?
    wd.write("prev.csv", "account_id,period,score,score\nA,2026-10,50,60\n");
    wd.write("one.csv", book({"A,5,10," + good_row}));
    const run_result side = run(wd, {"score", "one.csv", "--previous", "prev.csv"});
    CHECK(side.code == 2);
    CHECK(contains(side.err, "vitals: prev.csv:1:4: column \"score\" appears more than once (fields 3 and 4)"));
    wd.write("dup_unused.csv", "note," + header + ",note\nx,A,5,10," + good_row + ",y\n");
    CHECK(run(wd, {"score", "dup_unused.csv"}).code == 0);  // a duplicate the scorecard does not read is harmless

    wd.write("empty.csv", "");
    const run_result empty = run(wd, {"score", "empty.csv"});
    CHECK(empty.code == 2);
    CHECK(contains(empty.err, "vitals: empty.csv: the file is empty"));

    wd.write("quote.csv", book({"A,5,10," + good_row, "\"B\"x,5,10," + good_row}));
    const run_result quote = run(wd, {"score", "quote.csv"});
    CHECK(quote.code == 2);
    CHECK(contains(quote.err, "vitals: quote.csv:3:1: malformed quoting"));

    wd.write("open.csv", book({"A,5,10," + good_row, "\"B,5,10," + good_row}));
    const run_result open = run(wd, {"score", "open.csv"});
    CHECK(open.code == 2);
    CHECK(contains(open.err, "vitals: open.csv:3: a quoted field is not closed at the end of the file"));
}

TEST_CASE("an output that cannot be written exits 1") {
    workdir wd;
    wd.write("a.csv", book({"A,5,10," + good_row}));
    const run_result r = run(wd, {"score", "a.csv", "--out", "no/such/folder/scores.csv"});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "vitals: no/such/folder/scores.csv: cannot write: No such file or directory"));
    CHECK(wd.files() == std::vector<std::string>{"a.csv"});
}

TEST_CASE("explain: an unknown account, or one whose own row is bad, exits 2") {
    workdir wd;
    wd.write("a.csv", book({"A,5,10," + good_row, "B,5,10,0.1,0.5,0.05,0.1,40,abc,30,200,1,0.02"}));
    const run_result none = run(wd, {"explain", "--account", "Z", "a.csv"});
    CHECK(none.code == 2);
    CHECK(contains(none.err, "vitals: account \"Z\" not found in a.csv (2 accounts read, 1 bad row skipped)"));
    const run_result bad = run(wd, {"explain", "--account", "B", "a.csv"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: a.csv:3:9: \"abc\" is not a number (column days_late)"));
    CHECK(run(wd, {"explain", "--account", "A", "a.csv"}).code == 0);  // another row's problem does not matter
}

TEST_CASE("scorecard init refuses to overwrite without --force") {
    workdir wd;
    wd.write("scorecard.json", "mine");
    const run_result r = run(wd, {"scorecard", "init"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "scorecard.json: already exists (use --force to overwrite it)"));
    CHECK(wd.read("scorecard.json") == "mine");
    CHECK(run(wd, {"scorecard", "init", "--force"}).code == 0);
    CHECK(wd.read("scorecard.json") != "mine");
}

TEST_CASE("every count option is range-checked: a negative, fractional or too large count exits 2 naming it") {
    workdir wd;
    struct bad_count {
        std::vector<std::string> args;
        std::string message;  ///< what stderr must say
    };
    const std::string book = sample_csv.string();
    const std::vector<bad_count> cases = {
        {{"sample", "--accounts", "-5"}, "--accounts: \"-5\" is not a whole number from 0 to 1000000000"},
        {{"sample", "-n", "1.5"}, "--accounts: \"1.5\" is not a whole number from 0 to 1000000000"},
        {{"sample", "-n", "1e3"}, "--accounts: \"1e3\" is not a whole number"},
        {{"sample", "-n", "0x10"}, "--accounts: \"0x10\" is not a whole number"},
        {{"sample", "-n", "+5"}, "--accounts: \"+5\" is not a whole number"},
        {{"sample", "-n", "1000000001"}, "--accounts: \"1000000001\" is not a whole number from 0 to 1000000000"},
        {{"sample", "-n", "99999999999999999999999"}, "--accounts: \"99999999999999999999999\" is not a whole number"},
        {{"sample", "--seed", "-1"}, "--seed: \"-1\" is not a whole number from 0 to 18446744073709551615"},
        {{"sample", "--periods", "1"}, "--periods: \"1\" is not a whole number from 2 to 600"},
        {{"sample", "--previous-periods", "-3"}, "--previous-periods: \"-3\" is not a whole number from 1 to 600"},
        {{"score", book, "--threads", "-1"}, "--threads: \"-1\" is not a whole number from 0 to 1024"},
        {{"score", book, "-j", "5000"}, "--threads: \"5000\" is not a whole number from 0 to 1024"},
        {{"score", book, "--chunk-rows", "0"}, "--chunk-rows: \"0\" is not a whole number from 1 to 67108864"},
        {{"score", book, "--chunk-rows", "-5"}, "--chunk-rows: \"-5\" is not a whole number from 1 to 67108864"},
        {{"portfolio", book, "--top", "-3"}, "--top: \"-3\" is not a whole number from 0 to 9223372036854775807"},
        {{"portfolio", book, "--threads", "-2"}, "--threads: \"-2\" is not a whole number from 0 to 1024"},
        {{"evaluate", book, "-l", "churned_next_quarter", "--cv", "-2"}, "--cv: \"-2\" is not a whole number from 0 to 1000"},
        {{"evaluate", book, "-l", "churned_next_quarter", "--bootstrap", "-1"}, "--bootstrap: \"-1\" is not a whole number from 0 to 1000000"},
        {{"evaluate", book, "-l", "churned_next_quarter", "--calibration-bins", "0"}, "--calibration-bins: \"0\" is not a whole number from 1 to 1000"},
        {{"evaluate", book, "-l", "churned_next_quarter", "--seed", "-7"}, "--seed: \"-7\" is not a whole number"},
        {{"evaluate", book, "-l", "churned_next_quarter", "-j", "-1"}, "--threads: \"-1\" is not a whole number from 0 to 1024"},
    };
    run_options capped;
    capped.file_size_limit = 1 << 20;  // a regression (a wrapped count) ends at 1 MB of output, not a full disk
    for (const bad_count& c : cases) {
        CAPTURE(c.args);
        const run_result r = run(wd, c.args, capped);
        CHECK(r.code == 2);
        CHECK(contains(r.err, c.message));
        CHECK(r.out.empty());
    }
    // leading zeros are decimal (CLI11 alone reads "010" as octal 8)
    const run_result ten = run(wd, {"sample", "-n", "010", "--no-progress"});
    CHECK(ten.code == 0);
    CHECK(lines(ten.out).size() == 11);
    const run_result none = run(wd, {"sample", "-n", "0"});
    CHECK(none.code == 0);
    CHECK(lines(none.out).size() == 1);  // the header
}

TEST_CASE("a locked SQLite database is a database error: exit 1, naming the database") {
    workdir wd;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(wd.path("crm.db").c_str(), &db) == SQLITE_OK);
    const std::string create = "PRAGMA journal_mode=DELETE; CREATE TABLE accounts(" + header +
                               "); INSERT INTO accounts VALUES ('A',5,10," + good_row + ");";
    REQUIRE(sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    const std::vector<std::string> args = {"score", "--sqlite", "crm.db", "--query", "SELECT * FROM accounts", "-q"};
    REQUIRE(run(wd, args).code == 0);
    // another connection writing: an exclusive lock keeps every reader out
    REQUIRE(sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO accounts (account_id) VALUES ('B');", nullptr, nullptr, nullptr) == SQLITE_OK);
    const run_result locked = run(wd, args);
    CHECK(locked.code == 1);  // docs/cli.md: a database error is a runtime failure
    CHECK(contains(locked.err, "vitals: crm.db: database error: database is locked"));
    const run_result explain = run(wd, {"explain", "--account", "A", "--sqlite", "crm.db", "--query", "SELECT * FROM accounts"});
    CHECK(explain.code == 1);
    CHECK(contains(explain.err, "vitals: crm.db: database error: database is locked"));
    REQUIRE(sqlite3_exec(db, "ROLLBACK;", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(run(wd, args).code == 0);
    // the other database failures: bad input when the file is missing, a database error when it is not one
    const run_result missing = run(wd, {"score", "--sqlite", "nope.db", "--query", "SELECT 1"});
    CHECK(missing.code == 2);
    CHECK(contains(missing.err, "vitals: nope.db: cannot open: No such file or directory"));
    wd.write("text.db", "this is not a database, just text that is long enough to have a header page......");
    const run_result notdb = run(wd, {"score", "--sqlite", "text.db", "--query", "SELECT * FROM accounts"});
    CHECK(notdb.code == 1);
    CHECK(contains(notdb.err, "vitals: text.db: database error: file is not a database"));
}

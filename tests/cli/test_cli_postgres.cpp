// `vitals score / explain / portfolio --postgres URI --query SQL` against the real server of the
// ctest fixture `postgres`: the same bytes as the same data through CSV, and the errors.
#include "cli_run.hpp"
#include "postgres_test.hpp"

#include "vitals/io/postgres_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cli_test;

namespace {

std::string redacted() { return vitals::io::redact_postgres_uri(pg_test::uri()); }

/// The CLI's output for the book through --postgres and through its CSV (book.csv), for `args`
/// (the input options are appended); both must succeed.
struct both_ways {
    run_result pg, csv;
};
both_ways run_both(const workdir& wd, const std::string& query, std::vector<std::string> args) {
    std::vector<std::string> pg_args = args;
    pg_args.insert(pg_args.end(), {"--postgres", pg_test::uri(), "--query", query});
    args.push_back("book.csv");
    both_ways b{run(wd, pg_args), run(wd, args)};
    INFO("postgres: " << b.pg.err);
    INFO("csv: " << b.csv.err);
    REQUIRE(b.pg.code == 0);
    REQUIRE(b.csv.code == 0);
    return b;
}

/// A book of `rows` accounts in table `table` on the server (pg_test::book_table_sql), the query
/// that reads it in order, and the same rows as book.csv in a scratch folder.
struct book {
    workdir wd;
    std::string query;
    book(const std::string& table, long rows) : query("SELECT * FROM " + table + " ORDER BY account_id") {
        pg_test::connection db;
        db.exec(pg_test::book_table_sql(table, rows));
        wd.write("book.csv", db.csv(query));
    }
};

}  // namespace

TEST_CASE("score --postgres: a 200,000-account book gives the same bytes as its CSV, in any chunk size") {
    const book b200k("cli_book", 200000);
    const workdir& wd = b200k.wd;
    const std::string& query = b200k.query;
    for (const char* chunk : {"1000", "65536"}) {
        CAPTURE(chunk);
        const both_ways b = run_both(wd, query, {"score", "--format", "csv", "--chunk-rows", chunk, "--no-progress"});
        CHECK(lines(b.pg.out).size() == 200001);
        CHECK(b.pg.out == b.csv.out);
        CHECK(contains(b.pg.err, "scored 200,000 accounts from " + redacted()));
        CHECK_FALSE(contains(b.pg.err, pg_test::password));
    }
    // JSON lines too
    const both_ways j = run_both(wd, query, {"score", "--format", "jsonl", "-q", "--chunk-rows", "4096"});
    CHECK(lines(j.pg.out).size() == 200000);
    CHECK(j.pg.out == j.csv.out);
}

TEST_CASE("explain and portfolio --postgres read what score reads") {
    const book small("cli_small", 3000);
    const workdir& wd = small.wd;
    const std::string& query = small.query;

    const both_ways e = run_both(wd, query, {"explain", "--account", "ACC-00000042", "--color", "never"});
    // the same breakdown; the first line says where the account is: a CSV line, or a query's row
    std::vector<std::string> pg_lines = lines(e.pg.out), csv_lines = lines(e.csv.out);
    REQUIRE(pg_lines.size() == csv_lines.size());
    CHECK(contains(pg_lines[0], redacted() + ", row 42"));
    CHECK(contains(csv_lines[0], "book.csv, line 43"));
    CHECK(std::vector<std::string>(pg_lines.begin() + 1, pg_lines.end()) ==
          std::vector<std::string>(csv_lines.begin() + 1, csv_lines.end()));

    const both_ways p = run_both(wd, query, {"portfolio", "--format", "csv", "-q"});
    CHECK(lines(p.pg.out).size() > 1);
    CHECK(p.pg.out == p.csv.out);
}

TEST_CASE("score --postgres: errors name the place and never the password") {
    pg_test::connection db;
    db.exec("DROP TABLE IF EXISTS cli_bad; CREATE TABLE cli_bad AS"
            " SELECT * FROM (VALUES ('A-1', '5'::text, NULL::bytea), ('A-2', 'lots', NULL), ('A-3', '1', 'x'::bytea))"
            " AS t(account_id, nps, days_late)");
    workdir wd;
    const std::string uri = pg_test::uri();

    const run_result text = run(wd, {"score", "--postgres", uri, "--query", "SELECT account_id, nps FROM cli_bad ORDER BY 1",
                                     "--allow-missing-columns"});
    CHECK(text.code == 2);
    CHECK(contains(text.err, "vitals: " + redacted() + ": row 2, column nps: \"lots\" is not a number"));
    const run_result blob = run(wd, {"score", "--postgres", uri, "--query",
                                     "SELECT account_id, days_late FROM cli_bad ORDER BY 1", "--allow-missing-columns"});
    CHECK(blob.code == 2);
    CHECK(contains(blob.err, "vitals: " + redacted() + ": row 3, column days_late: a bytea is not a number"));
    const run_result skipped = run(wd, {"score", "--postgres", uri, "--query", "SELECT * FROM cli_bad ORDER BY 1",
                                        "--allow-missing-columns", "--on-error", "skip", "--format", "csv"});
    CHECK(skipped.code == 0);
    CHECK(lines(skipped.out).size() == 2);  // the header and A-1

    const run_result bad_query = run(wd, {"score", "--postgres", uri, "--query", "SELECT * FROM acounts"});
    CHECK(bad_query.code == 2);
    CHECK(contains(bad_query.err, "vitals: " + redacted() + ": the query failed: relation \"acounts\" does not exist"));

    std::string wrong = uri;
    wrong.replace(wrong.find(pg_test::password), pg_test::password.size(), "Not-the-password");
    const run_result login = run(wd, {"score", "--postgres", wrong, "--query", "SELECT 1"});
    CHECK(login.code == 1);
    CHECK(contains(login.err, "cannot connect: "));
    CHECK(contains(login.err, "password authentication failed"));
    CHECK_FALSE(contains(login.err, "Not-the-password"));
    for (const run_result& r : {text, blob, skipped, bad_query, login}) CHECK_FALSE(contains(r.err, pg_test::password));

    const run_result with_input = run(wd, {"score", "in.csv", "--postgres", uri, "--query", "SELECT 1"});
    CHECK(with_input.code == 2);
    CHECK(contains(with_input.err, "give either INPUT or --postgres, not both"));
    const run_result no_query = run(wd, {"score", "--postgres", uri});
    CHECK(no_query.code == 2);
    CHECK(contains(no_query.err, "--query"));
    const run_result query_alone = run(wd, {"score", "--query", "SELECT 1"});
    CHECK(query_alone.code == 2);
    CHECK(contains(query_alone.err, "--query needs --sqlite DB or --postgres URI"));
    const run_result two = run(wd, {"score", "--sqlite", "crm.db", "--postgres", uri, "--query", "SELECT 1"});
    CHECK(two.code == 2);
    CHECK(contains(two.err, "excludes"));
}

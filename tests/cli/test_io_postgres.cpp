// The PostgreSQL account reader, against the real server of the ctest fixture `postgres`
// (tests/cli/postgres_server.sh): types, chunks across FETCH boundaries, errors, redaction.
#include "vitals/io/csv_reader.hpp"
#include "vitals/io/postgres_reader.hpp"

#include "postgres_test.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace vitals::io;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// The fixture's URI with *** for its password, as every message names it.
std::string redacted() { return redact_postgres_uri(pg_test::uri()); }

const char* types_table =
    "DROP TABLE IF EXISTS io_types;"
    "CREATE TABLE io_types (id text, i int, n numeric, f float8, t text, b bool, blob bytea);"
    "INSERT INTO io_types VALUES"
    " ('a', 3, 30.5, 0.1, '12', true, NULL),"
    " ('b', NULL, NULL, NULL, NULL, false, NULL),"
    " ('c', -7, 0.001, 1.7976931348623157e308, ' NA ', NULL, NULL),"
    " ('d', 1, 2, 3, 'abc', true, NULL),"
    " ('e', 1, 2, 3, '4', true, '\\x00'::bytea);";

/// Every row of `reader` (selected), read `max_rows` at a time.
struct all_rows {
    std::vector<std::string> ids;
    std::vector<double> values;
    std::vector<std::string> texts;
    std::vector<std::uint64_t> origins;
};
all_rows read_all(account_reader& reader, std::size_t max_rows) {
    all_rows out;
    account_chunk c;
    for (;;) {
        auto n = reader.read(c, max_rows);
        INFO((n ? "" : n.error().message));
        REQUIRE(n);
        if (n.value() == 0) break;
        CHECK(n.value() <= max_rows);
        out.ids.insert(out.ids.end(), c.ids.begin(), c.ids.end());
        out.values.insert(out.values.end(), c.values.begin(), c.values.end());
        out.texts.insert(out.texts.end(), c.texts.begin(), c.texts.end());
        out.origins.insert(out.origins.end(), c.origins.begin(), c.origins.end());
    }
    return out;
}

/// Same bits, NaN equal to NaN.
bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::isnan(a[i]) && std::isnan(b[i])) && std::memcmp(&a[i], &b[i], sizeof(double)) != 0) return false;
    return true;
}

}  // namespace

TEST_CASE("postgres: this build reads PostgreSQL") { CHECK(postgres_available()); }

TEST_CASE("postgres: redact_postgres_uri hides every password, keeps the rest") {
    CHECK(redact_postgres_uri("postgresql://crm:s3cret@db.internal:5432/crm") == "postgresql://crm:***@db.internal:5432/crm");
    CHECK(redact_postgres_uri("postgres://crm:s3cret@db/crm?sslmode=require&password=again") ==
          "postgres://crm:***@db/crm?sslmode=require&password=***");
    CHECK(redact_postgres_uri("postgresql://crm@db/crm") == "postgresql://crm@db/crm");
    CHECK(redact_postgres_uri("postgresql://db/crm?user=a") == "postgresql://db/crm?user=a");
    CHECK(redact_postgres_uri("postgresql://crm:p@ss@db/crm") == "postgresql://crm:***@ss@db/crm");  // libpq: the first '@'
    CHECK(redact_postgres_uri("host=db password=s3cret dbname=crm") == "host=db password=*** dbname=crm");
    CHECK(redact_postgres_uri("host=db password = s3cret user=x") == "host=db password = *** user=x");
    CHECK(redact_postgres_uri("host=db password='a b \\' c' user=x") == "host=db password=*** user=x");
    CHECK(redact_postgres_uri("host=db password") == "host=db ***");           // unreadable: hidden from there on
    CHECK(redact_postgres_uri("password='open quote") == "password=***");
    CHECK(redact_postgres_uri("crm") == "crm");
    CHECK(redact_postgres_uri("") == "");
}

TEST_CASE("postgres: int, numeric, float8, text, bool and NULL cells; bad cells fail or are skipped") {
    pg_test::connection db;
    db.exec(types_table);
    auto r = open_postgres(pg_test::uri(), "SELECT id, i, n, f, t, b FROM io_types WHERE id < 'd' ORDER BY id");
    REQUIRE(r);
    auto& reader = *r.value();
    CHECK(reader.source() == redacted());
    CHECK(reader.header_line() == 0);
    CHECK(std::vector<std::string>(reader.columns().begin(), reader.columns().end()) ==
          std::vector<std::string>{"id", "i", "n", "f", "t", "b"});
    REQUIRE(reader.select({{1, 2, 3, 4, 5}, 0}));
    account_chunk c;
    auto n = reader.read(c, 2);
    REQUIRE(n);
    REQUIRE(n.value() == 2);
    CHECK(c.ids == std::vector<std::string>{"a", "b"});
    CHECK(c.values[0] == 3);
    CHECK(c.values[1] == 30.5);
    CHECK(c.values[2] == 0.1);  // float8 text is exact: the same double
    CHECK(c.values[3] == 12);   // text '12' read as a number
    CHECK(c.values[4] == 1);    // true
    for (int i = 5; i < 9; ++i) CHECK(std::isnan(c.values[static_cast<std::size_t>(i)]));  // NULLs
    CHECK(c.values[9] == 0);  // false
    CHECK(c.origins == std::vector<std::uint64_t>{1, 2});
    n = reader.read(c, 2);
    REQUIRE(n);
    REQUIRE(n.value() == 1);
    CHECK(c.values[0] == -7);
    CHECK(c.values[1] == 0.001);
    CHECK(c.values[2] == 1.7976931348623157e308);
    CHECK(std::isnan(c.values[3]));  // ' NA '
    CHECK(std::isnan(c.values[4]));  // NULL bool
    CHECK(reader.read(c, 2).value() == 0);
    CHECK(reader.read(c, 2).value() == 0);  // and stays at the end

    auto all = open_postgres(pg_test::uri(), "SELECT id, i, t, blob FROM io_types ORDER BY id");
    REQUIRE(all);
    REQUIRE(all.value()->select({{1, 2, 3}, 0}));
    auto bad = all.value()->read(c, 10);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == vitals::errc::parse_error);
    CHECK(bad.error().message == redacted() + ": row 4, column t: \"abc\" is not a number");

    auto skip = open_postgres(pg_test::uri(), "SELECT id, i, t, blob FROM io_types ORDER BY id");
    REQUIRE(skip.value()->select({{1, 2, 3}, 0}));
    skip.value()->set_on_error(on_error::skip);
    auto k = skip.value()->read(c, 10);
    REQUIRE(k);
    CHECK(k.value() == 3);
    CHECK(c.ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(skip.value()->records() == 5);
    REQUIRE(skip.value()->skipped() == 2);
    CHECK(skip.value()->problems()[0].id == "d");
    CHECK(skip.value()->problems()[1].message == redacted() + ": row 5, column blob: a bytea is not a number");
    CHECK(skip.value()->problems()[1].record == 5);
}

TEST_CASE("postgres: a text, a bytea or a bad number in a numeric column names the row and column") {
    pg_test::connection db;
    db.exec("DROP TABLE IF EXISTS io_bad; CREATE TABLE io_bad (account_id text, nps text, raw bytea, d date);"
            "INSERT INTO io_bad VALUES ('x', '5', NULL, NULL), ('y', '1,5', NULL, NULL), ('z', '7', 'ab', NULL),"
            " ('w', 'Infinity', NULL, NULL), ('v', '1', NULL, '2024-01-31');");
    const auto first_error = [&](const char* column) {
        auto r = open_postgres(pg_test::uri(), std::string("SELECT account_id, ") + column + " FROM io_bad ORDER BY account_id DESC");
        REQUIRE(r);
        REQUIRE(r.value()->select({{1}, 0}));
        account_chunk c;
        auto n = r.value()->read(c, 100);
        REQUIRE_FALSE(n);
        CHECK(n.error().code == vitals::errc::parse_error);
        return n.error().message;
    };
    // rows in the query's order: z y x w v
    CHECK(first_error("nps") == redacted() + ": row 2, column nps: \"1,5\" is not a number");
    CHECK(first_error("raw") == redacted() + ": row 1, column raw: a bytea is not a number");
    CHECK(first_error("d") == redacted() + ": row 5, column d: \"2024-01-31\" is not a number");
    // the text of a bytea is a text column's value (hex), never an error
    auto r = open_postgres(pg_test::uri(), "SELECT account_id, raw FROM io_bad WHERE raw IS NOT NULL");
    REQUIRE(r);
    selection sel;
    sel.id_column = 0;
    sel.text_columns = {1};
    REQUIRE(r.value()->select(sel));
    account_chunk c;
    REQUIRE(r.value()->read(c, 10).value() == 1);
    CHECK(c.text(0, 0) == "\\x6162");
}

TEST_CASE("postgres: chunks across FETCH boundaries give the rows in order, equal to the same data through CSV") {
    pg_test::connection db;
    db.exec(pg_test::book_table_sql("io_book", 1000));
    const std::string query = "SELECT * FROM io_book ORDER BY account_id";
    // the same data as CSV, as the server writes it (COPY ... TO STDOUT)
    std::string tmpl = (fs::temp_directory_path() / "vitals-pg-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    const fs::path dir = tmpl;
    std::ofstream(dir / "book.csv", std::ios::binary) << db.csv(query);

    auto csv = open_csv(dir / "book.csv");
    REQUIRE(csv);
    const std::size_t cols = csv.value()->columns().size();
    REQUIRE(cols == 16);
    selection sel;
    sel.id_column = 0;
    for (std::size_t c = 1; c < 14; ++c) sel.value_columns.push_back(c);
    sel.text_columns = {14, 15};
    REQUIRE(csv.value()->select(sel));
    const all_rows want = read_all(*csv.value(), 4096);
    REQUIRE(want.ids.size() == 1000);
    fs::remove_all(dir);

    struct way {
        std::size_t fetch_rows, max_rows;
    };
    for (const way w : {way{7, 10}, way{10, 7}, way{0, 3}, way{1000, 64}, way{999, 1000}, way{1, 1001}, way{5000, 333}}) {
        CAPTURE(w.fetch_rows);
        CAPTURE(w.max_rows);
        auto r = open_postgres(pg_test::uri(), query, {.fetch_rows = w.fetch_rows});
        REQUIRE(r);
        CHECK(std::vector<std::string>(r.value()->columns().begin(), r.value()->columns().end()) ==
              std::vector<std::string>(csv.value()->columns().begin(), csv.value()->columns().end()));
        REQUIRE(r.value()->select(sel));
        const all_rows got = read_all(*r.value(), w.max_rows);
        CHECK(got.ids == want.ids);
        CHECK(same_values(got.values, want.values));
        CHECK(got.texts == want.texts);
        REQUIRE(got.origins.size() == 1000);
        CHECK(got.origins.front() == 1);
        CHECK(got.origins.back() == 1000);
        CHECK(r.value()->records() == 1000);
    }
}

TEST_CASE("postgres: an empty result has its columns and no rows") {
    pg_test::connection db;
    db.exec(types_table);
    auto r = open_postgres(pg_test::uri(), "SELECT id, i FROM io_types WHERE false");
    REQUIRE(r);
    CHECK(r.value()->columns().size() == 2);
    REQUIRE(r.value()->select({{1}, 0}));
    account_chunk c;
    CHECK(r.value()->read(c, 10).value() == 0);
    CHECK(r.value()->read(c, 10).value() == 0);
    CHECK(c.rows == 0);
}

TEST_CASE("postgres: bad queries are invalid_argument, naming the query's problem") {
    pg_test::connection db;
    db.exec(types_table);
    const auto error_of = [](const std::string& q) {
        auto r = open_postgres(pg_test::uri(), q);
        REQUIRE_FALSE(r);
        return r.error();
    };
    const vitals::error nope = error_of("SELECT nope FROM io_types");
    CHECK(nope.code == vitals::errc::invalid_argument);
    CHECK(nope.message == redacted() + ": the query failed: column \"nope\" does not exist");
    CHECK(error_of("SELECT * FROM no_such_table").message ==
          redacted() + ": the query failed: relation \"no_such_table\" does not exist");
    CHECK(error_of("SELECT 1; SELECT 2").message == redacted() + ": give one query, not several statements");
    CHECK(contains(error_of("DELETE FROM io_types").message, ": the query must be one SELECT"));
    const vitals::error writes = error_of("WITH d AS (DELETE FROM io_types RETURNING *) SELECT * FROM d");
    CHECK(writes.code == vitals::errc::invalid_argument);
    CHECK(writes.message == redacted() + ": the query must only read (SELECT ...): DECLARE CURSOR must not contain "
                                         "data-modifying statements in WITH");
    db.exec("DROP SEQUENCE IF EXISTS io_seq; CREATE SEQUENCE io_seq");
    auto seq = open_postgres(pg_test::uri(), "SELECT nextval('io_seq') AS n");  // writes only when it runs
    REQUIRE(seq);
    REQUIRE(seq.value()->select({{0}, std::nullopt}));
    account_chunk sc;
    auto wrote = seq.value()->read(sc, 10);
    REQUIRE_FALSE(wrote);
    CHECK(wrote.error().code == vitals::errc::invalid_argument);
    CHECK(wrote.error().message == redacted() + ": the query must only read (SELECT ...) after row 0: cannot execute "
                                                "nextval() in a read-only transaction");
    CHECK(error_of("  ").message == redacted() + ": the query is empty");
    CHECK(error_of("SELECT FROM io_types").message == redacted() + ": the query returns no columns");
    CHECK(open_postgres(pg_test::uri(), "SELECT 1 AS x;"));
    CHECK(open_postgres(pg_test::uri(), "-- a comment\nSELECT 1 AS x"));
    // the table is untouched by the refused DELETE
    auto left = open_postgres(pg_test::uri(), "SELECT id FROM io_types");
    REQUIRE(left);
    REQUIRE(left.value()->select({{}, 0}));
    account_chunk c;
    CHECK(left.value()->read(c, 100).value() == 5);

    // an error the server finds while fetching names the rows read before it
    auto late = open_postgres(pg_test::uri(), "SELECT 10 / (g - 3) AS x FROM generate_series(1, 5) AS g", {.fetch_rows = 1});
    REQUIRE(late);
    REQUIRE(late.value()->select({{0}, std::nullopt}));
    auto n = late.value()->read(c, 100);
    REQUIRE_FALSE(n);
    CHECK(n.error().code == vitals::errc::invalid_argument);
    CHECK(n.error().message == redacted() + ": the query failed after row 2: division by zero");
    CHECK_FALSE(late.value()->read(c, 100));  // and stays failed
}

TEST_CASE("postgres: a connection that fails is io_error with the URI redacted, never the password") {
    const std::string good = pg_test::uri();
    const std::string wrong_password = "Wrong-pass-XYZ";
    std::string bad = good;
    const std::size_t at = bad.find(pg_test::password);
    REQUIRE(at != std::string::npos);
    bad.replace(at, pg_test::password.size(), wrong_password);
    auto r = open_postgres(bad, "SELECT 1");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::io_error);
    const std::string& m = r.error().message;
    CHECK(m.starts_with(redact_postgres_uri(bad) + ": cannot connect: "));
    CHECK(contains(m, "password authentication failed for user \"vitals\""));
    CHECK(contains(m, "postgresql://vitals:***@127.0.0.1:"));
    CHECK_FALSE(contains(m, wrong_password));
    CHECK_FALSE(contains(m, pg_test::password));
    CHECK(m.find('\n') == std::string::npos);

    std::string no_db = good;
    no_db.replace(no_db.rfind('/'), std::string::npos, "/no_such_database");
    auto d = open_postgres(no_db, "SELECT 1");
    REQUIRE_FALSE(d);
    CHECK(d.error().code == vitals::errc::io_error);
    CHECK(contains(d.error().message, "database \"no_such_database\" does not exist"));
    CHECK_FALSE(contains(d.error().message, pg_test::password));

    // the password as a parameter of a connection string
    const std::size_t port_at = good.rfind(':') + 1;
    const std::string port = good.substr(port_at, good.rfind('/') - port_at);
    const std::string kv = "host=127.0.0.1 port=" + port + " user=vitals dbname=vitals password=" + wrong_password;
    auto k = open_postgres(kv, "SELECT 1");
    REQUIRE_FALSE(k);
    CHECK(k.error().code == vitals::errc::io_error);
    CHECK(k.error().message.starts_with("host=127.0.0.1 port=" + port + " user=vitals dbname=vitals password=***: cannot connect: "));
    CHECK_FALSE(contains(k.error().message, wrong_password));
}

// The SQLite account reader, on a database this test creates.
#include "vitals/io/sqlite_reader.hpp"
#include "vitals/normalise/categories.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace vitals::io;

struct temp_db {
    fs::path dir, path;
    explicit temp_db(const char* sql) {
        std::string tmpl = (fs::temp_directory_path() / "vitals-sqlite-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir = tmpl;
        path = dir / "crm.db";
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        char* err = nullptr;
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
        INFO((err ? err : ""));
        sqlite3_free(err);
        sqlite3_close(db);
        REQUIRE(rc == SQLITE_OK);
    }
    ~temp_db() { fs::remove_all(dir); }
    temp_db(const temp_db&) = delete;
    temp_db& operator=(const temp_db&) = delete;
};

const char* schema =
    "CREATE TABLE accounts (id TEXT, nps REAL, days_late INTEGER, note TEXT, blob BLOB);"
    "INSERT INTO accounts VALUES ('a', 30.5, 3, 'x', NULL), ('b', NULL, 0, 'y', NULL),"
    " ('c', 10, '12', 'z', NULL), ('d', 'NA', '', 'w', NULL), ('e', 'abc', 1, 'v', NULL), ('f', 1, 1, 'u', x'00');";

}  // namespace

TEST_CASE("sqlite: numbers, NULL, text cells; bad cells fail or are skipped") {
    temp_db db(schema);
    auto r = open_sqlite(db.path, "SELECT id, nps, days_late FROM accounts WHERE id < 'e' ORDER BY id");
    REQUIRE(r);
    auto& reader = *r.value();
    CHECK(std::vector<std::string>(reader.columns().begin(), reader.columns().end()) ==
          std::vector<std::string>{"id", "nps", "days_late"});
    REQUIRE(reader.select({{1, 2}, 0}));
    account_chunk c;
    auto n = reader.read(c, 3);
    REQUIRE(n);
    REQUIRE(n.value() == 3);
    CHECK(c.ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(c.values[0] == 30.5);
    CHECK(c.values[1] == 3);
    CHECK(std::isnan(c.values[2]));
    CHECK(c.values[5] == 12);  // TEXT '12' read as a number
    n = reader.read(c, 3);
    REQUIRE(n);
    REQUIRE(n.value() == 1);
    CHECK(std::isnan(c.values[0]));  // 'NA'
    CHECK(std::isnan(c.values[1]));  // ''
    CHECK(reader.read(c, 3).value() == 0);

    auto all = open_sqlite(db.path, "SELECT id, nps, days_late, blob FROM accounts ORDER BY id");
    REQUIRE(all);
    REQUIRE(all.value()->select({{1, 2, 3}, 0}));
    auto bad = all.value()->read(c, 10);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == db.path.string() + ": row 5, column nps: \"abc\" is not a number");

    auto skip = open_sqlite(db.path, "SELECT id, nps, days_late, blob FROM accounts ORDER BY id");
    REQUIRE(skip.value()->select({{1, 2, 3}, 0}));
    skip.value()->set_on_error(on_error::skip);
    auto k = skip.value()->read(c, 10);
    REQUIRE(k);
    CHECK(k.value() == 4);
    CHECK(skip.value()->skipped() == 2);
    CHECK(skip.value()->problems()[1].message == db.path.string() + ": row 6, column blob: a BLOB is not a number");
}

TEST_CASE("sqlite: bad databases and queries") {
    temp_db db(schema);
    CHECK(open_sqlite(db.dir / "nope.db", "SELECT 1").error().code == vitals::errc::io_error);
    auto bad = open_sqlite(db.path, "SELECT nope FROM accounts");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == vitals::errc::invalid_argument);
    CHECK(bad.error().message == db.path.string() + ": the query does not compile: no such column: nope");
    CHECK(open_sqlite(db.path, "DELETE FROM accounts").error().message.find("must only read") != std::string::npos);
    CHECK(open_sqlite(db.path, "SELECT 1; SELECT 2").error().message.find("one query") != std::string::npos);
    CHECK(open_sqlite(db.path, "  ").error().message.find("empty") != std::string::npos);
    CHECK(open_sqlite(db.path, "SELECT 1;"));
}

TEST_CASE("sqlite: text columns read TEXT as written, NULL as empty, numbers as SQLite prints them") {
    temp_db db("CREATE TABLE a (id TEXT, segment TEXT, parent TEXT, arr REAL, tier INTEGER);"
               "INSERT INTO a VALUES ('a1', 'SMB', NULL, 100, 1), ('a2', 'Mid, market', 'a1', 'abc', 2),"
               " ('a3', 'Enterprise', 'a1', 300, 3);");
    auto r = open_sqlite(db.path, "SELECT id, segment, parent, arr, tier FROM a ORDER BY id");
    REQUIRE(r);
    auto& reader = *r.value();
    selection sel;
    sel.id_column = 0;
    sel.value_columns = {3};
    sel.text_columns = {1, 2, 4};
    REQUIRE(reader.select(sel));
    reader.set_on_error(on_error::skip);
    account_chunk c;
    auto n = reader.read(c, 10);
    REQUIRE(n);
    REQUIRE(n.value() == 2);  // a2's arr is not a number: skipped, its texts with it
    CHECK(c.text_cols == 3);
    CHECK(c.texts.size() == 6);
    CHECK(c.ids == std::vector<std::string>{"a1", "a3"});
    CHECK(c.text(0, 0) == "SMB");
    CHECK(c.text(0, 1) == "");
    CHECK(c.text(0, 2) == "1");
    CHECK(c.text(1, 0) == "Enterprise");
    CHECK(c.text(1, 1) == "a1");
    CHECK(c.text(1, 2) == "3");
    CHECK(c.values == std::vector<double>{100, 300});
    CHECK(reader.skipped() == 1);
}

TEST_CASE("sqlite: a column of levels reads text, and numbers as their text; unseen levels by the policy") {
    temp_db db("CREATE TABLE t (id TEXT, contract TEXT, grade INTEGER);"
               "INSERT INTO t VALUES ('a', 'One year', 2), ('b', ' two YEAR ', 1), ('c', NULL, 3), ('d', 'Weekly', 2);");
    const vitals::categories contract{{"Month-to-month", "One year", "Two year"}, {0, 0.6, 1}, vitals::unseen_level::missing};
    vitals::categories grade{{"1", "2"}, {0, 1}, vitals::unseen_level::error};
    auto r = open_sqlite(db.path, "SELECT id, contract, grade FROM t ORDER BY id");
    REQUIRE(r);
    selection sel;
    sel.value_columns = {1, 2};
    sel.id_column = 0;
    sel.levels = {&contract, &grade};
    REQUIRE(r.value()->select(sel));
    account_chunk c;
    auto n = r.value()->read(c, 2);
    REQUIRE(n);
    REQUIRE(n.value() == 2);
    CHECK(c.values == std::vector<double>{1, 1, 2, 0});  // One year / "2"; Two year / "1"
    n = r.value()->read(c, 10);  // 'c': grade 3 is no level, and "unseen": "error"
    REQUIRE(!n);
    CHECK(n.error().message.find("row 3, column grade: \"3\" is not one of the levels (1, 2)") != std::string::npos);
    auto again = open_sqlite(db.path, "SELECT id, contract, grade FROM t ORDER BY id");
    REQUIRE(again);
    REQUIRE(again.value()->select(sel));
    again.value()->set_on_error(on_error::skip);
    n = again.value()->read(c, 10);
    REQUIRE(n);
    REQUIRE(n.value() == 3);  // 'c' left out and counted
    CHECK(again.value()->skipped() == 1);
    CHECK(c.ids[2] == "d");
    CHECK(std::isnan(c.values[4]));  // 'd': Weekly is missing under "unseen": "missing"
    CHECK(c.values[5] == 1);
}

// The PostgreSQL test server (tests/cli/postgres_server.sh, the ctest fixture `postgres`) as the
// tests see it: its URI, SQL run on it, a query's result as CSV. VITALS_POSTGRES_DIR comes from
// tests/cli/CMakeLists.txt. No server, no test: a missing URI fails, it never skips.
#pragma once

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace pg_test {

/// The URI of the fixture's server (with its password).
inline std::string uri() {
    const std::filesystem::path file = std::filesystem::path(VITALS_POSTGRES_DIR) / "uri";
    std::ifstream in(file);
    std::string u;
    std::getline(in, u);
    INFO("no PostgreSQL test server: " << file.string()
                                       << " is missing (run the tests through ctest: the fixture `postgres` starts it)");
    REQUIRE(!u.empty());
    return u;
}

/// The password in the fixture's URI (postgres_server.sh).
inline const std::string password = "Vitals-s3cret-PG";

struct connection {
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn{nullptr, &PQfinish};

    connection() {
        conn.reset(PQconnectdb(uri().c_str()));
        INFO(PQerrorMessage(conn.get()));
        REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
        exec("SET client_min_messages = warning");  // no NOTICE for DROP ... IF EXISTS
    }

    /// Runs `sql` (one or more statements); fails the test on an error.
    void exec(const std::string& sql) {
        std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
        const auto status = PQresultStatus(r.get());
        INFO(sql.substr(0, 200) << ": " << PQresultErrorMessage(r.get()));
        REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
    }

    /// `query`'s result as CSV with a header (COPY ... TO STDOUT: NULL is an empty field).
    std::string csv(const std::string& query) {
        const std::string copy = "COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER)";
        std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), copy.c_str()), &PQclear);
        INFO(PQresultErrorMessage(r.get()));
        REQUIRE(PQresultStatus(r.get()) == PGRES_COPY_OUT);
        std::string out;
        char* buf = nullptr;
        int n = 0;
        while ((n = PQgetCopyData(conn.get(), &buf, 0)) > 0) {
            out.append(buf, static_cast<std::size_t>(n));
            PQfreemem(buf);
        }
        REQUIRE(n == -1);  // done, not an error
        r.reset(PQgetResult(conn.get()));
        REQUIRE(PQresultStatus(r.get()) == PGRES_COMMAND_OK);
        while (PGresult* rest = PQgetResult(conn.get())) PQclear(rest);
        return out;
    }
};

/// A book of `rows` accounts with every input of the built-in scorecard, made on the server by
/// generate_series: ints, numerics, float8s and texts, about one cell in seven NULL, ids in order.
inline std::string book_table_sql(const std::string& table, long rows) {
    const std::string n = std::to_string(rows);
    return "DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table + " AS SELECT"
           " 'ACC-' || lpad(g::text, 8, '0') AS account_id,"
           " (1000 + (g * 7919) % 900000)::numeric AS arr,"
           " (5 + g % 200)::int AS licensed_seats,"
           " CASE WHEN g % 7 = 1 THEN NULL ELSE (g * 31) % (5 + g % 200) END::int AS active_users,"
           " ((g * 37) % 201 - 100) / 500.0::float8 AS logins_trend,"
           " CASE WHEN g % 7 = 2 THEN NULL ELSE ((g * 13) % 101) / 100.0 END::numeric(4, 2) AS training_completion,"
           " ((g * 17) % 1000) / 997.0::float8 AS tickets_per_seat,"
           " CASE WHEN g % 7 = 3 THEN NULL ELSE ((g * 29) % 201 - 100) / 100.0 END::float8 AS ticket_sentiment,"
           " CASE WHEN g % 7 = 4 THEN NULL ELSE (g * 11) % 201 - 100 END::int AS nps,"
           " ((g * 3) % 90)::int AS days_late,"
           " (1 + g % 120)::int AS tenure_months,"
           " ((g * 19) % 2000)::int AS contact_tenure_days,"
           " (g % 3 = 0)::int AS executive_sponsor,"
           " CASE WHEN g % 7 = 5 THEN NULL ELSE ((g * 23) % 101 - 50) / 300.0 END::float8 AS seat_change_pct,"
           " (ARRAY['SMB', 'Mid-market', 'Enterprise'])[1 + g % 3] AS segment,"
           " CASE WHEN g % 10 = 0 THEN 'ACC-' || lpad((g / 10)::text, 8, '0') END AS parent_id"
           " FROM generate_series(1, " + n + ") AS g";
}

}  // namespace pg_test

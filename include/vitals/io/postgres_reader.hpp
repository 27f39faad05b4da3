// Vitals I/O — the PostgreSQL account reader: the rows of one query, streamed through a cursor.
//
// The query runs in a READ ONLY transaction through a NO SCROLL cursor, fetched FETCH FORWARD
// <rows> at a time (text results), so memory stays bounded by the chunk size whatever the size of
// the result. The query's result columns play the part of a CSV header. NULL is missing, a boolean
// is 1 or 0, a bytea is a bad row, and every other value (int, numeric, float8, text, ...) is read
// from its text by parse_cell, the CSV and SQLite rule (so "NA" and "" are missing and "abc" is a
// bad row). Places in messages are `<uri>: row <n>, column <name>`, with the URI's password
// shown as *** (redact_postgres_uri): no message ever holds the password.
//
// libpq is optional at build time: without it postgres_available() is false and open_postgres
// fails with errc::not_supported.
#pragma once

#include "vitals/error.hpp"
#include "vitals/io/account_reader.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace vitals::io {

struct postgres_options {
    /// Rows per FETCH FORWARD; 0 = as many as each read() asks for (its max_rows).
    std::size_t fetch_rows = 0;
};

/// Whether this build can read PostgreSQL (it was built with libpq).
[[nodiscard]] bool postgres_available() noexcept;

/// `uri` (a postgresql:// URI or a "key=value ..." connection string) with its password, if any,
/// replaced by ***: `postgresql://crm:***@db.internal/crm`, `host=db password=*** dbname=crm`.
/// The password of the user-info part and of a `password` parameter are both hidden.
[[nodiscard]] std::string redact_postgres_uri(const std::string& uri);

/// Connect to `uri` (libpq's environment and ~/.pgpass fill in what it leaves out; connect_timeout
/// is 10 s unless it sets one; the client encoding is UTF-8), begin a READ ONLY transaction and declare a NO SCROLL cursor over `query`
/// (one statement that returns rows). Errors: io_error (cannot connect: the message names the
/// redacted URI and the server's reason; or a database failure), invalid_argument (the query is
/// empty, does not run, is several statements, writes, or returns no columns), not_supported
/// (built without libpq).
[[nodiscard]] result<std::unique_ptr<account_reader>> open_postgres(const std::string& uri, const std::string& query,
                                                                    const postgres_options& options = {});

}  // namespace vitals::io

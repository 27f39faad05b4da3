// Vitals I/O — the SQLite account reader: the rows of one query, streamed in chunks.
//
// The query's result columns play the part of a CSV header. INTEGER and REAL values are numbers,
// NULL is missing, TEXT is read by parse_cell (so "NA" and "" are missing and "abc" is a bad row),
// a BLOB is a bad row. Places in messages are `<database>: row <n>, column <name>`.
#pragma once

#include "vitals/error.hpp"
#include "vitals/io/account_reader.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace vitals::io {

/// Open `database` read-only and prepare `query` (one statement that returns rows).
/// Errors: io_error (the database cannot be opened), invalid_argument (the query does not compile,
/// holds more than one statement, or returns no columns).
[[nodiscard]] result<std::unique_ptr<account_reader>> open_sqlite(const std::filesystem::path& database,
                                                                  const std::string& query);

}  // namespace vitals::io

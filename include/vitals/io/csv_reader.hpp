// Vitals I/O — the CSV account reader (RFC 4180, over Debian's libcsv), streaming in chunks.
//
// The first record is the header. Fields may be quoted ("a, b", "line one\nline two", "say ""hi""");
// a UTF-8 byte-order mark is skipped; records end with LF, CRLF or CR, and the last one may lack
// its newline; blank lines are skipped. Every data row must have as many fields as the header.
// Cells are read by parse_cell (cell.hpp). Places in messages are `<file>:<line>:<field>`: the
// line (counting LF) where the record starts and the 1-based field number, e.g.
// `accounts.csv:1043:7: "abc" is not a number (column days_late)`.
#pragma once

#include "vitals/error.hpp"
#include "vitals/io/account_reader.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace vitals::io {

struct csv_options {
    /// Bytes read from the file at a time (memory use is about this plus the chunk).
    std::size_t buffer_size = std::size_t{1} << 20;
};

/// Open a CSV file (or standard input for "-") and read its header.
/// Errors: io_error (cannot open or read), parse_error (no header: an empty file; malformed CSV in
/// the header).
[[nodiscard]] result<std::unique_ptr<account_reader>> open_csv(const std::filesystem::path& path,
                                                               const csv_options& options = {});

}  // namespace vitals::io

// The vitals tool: what its commands share — exit codes, failures, scorecard and input opening,
// output files (output_file.hpp), number formatting.
#pragma once

#include "vitals/error.hpp"
#include "vitals/io/account_reader.hpp"
#include "vitals/io/binding.hpp"
#include "vitals/json_number.hpp"
#include "vitals/text.hpp"
#include "vitals/scorecard.hpp"

#include "output_file.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitals::cli {

/// Exit codes (documented in docs/cli.md).
inline constexpr int exit_ok = 0;       ///< success
inline constexpr int exit_failure = 1;  ///< runtime failure: output not writable, database error, a bug
inline constexpr int exit_usage = 2;    ///< bad usage or bad input: arguments, files, scorecards, rows

/// A command failed: the exit code and a message that names the place. Thrown, caught in main.
struct failure : std::runtime_error {
    int code;
    failure(int exit_code, const std::string& message) : std::runtime_error(message), code(exit_code) {}
};

[[noreturn]] inline void die(int code, const std::string& message) { throw failure(code, message); }

/// The exit code of a library error: io_error, internal, not_supported and out_of_range are
/// runtime failures (1); everything else is bad input (2).
[[nodiscard]] int exit_code_for(errc code) noexcept;

/// The value of `r`, or a failure with `code` (default: exit_code_for the error).
template <class T>
T take(result<T> r, int code = -1) {
    if (!r) die(code < 0 ? exit_code_for(r.error().code) : code, r.error().message);
    if constexpr (!std::is_void_v<T>) return std::move(r).value();
}

/// The scorecard of --scorecard FILE, or the built-in default for "".
[[nodiscard]] scorecard load_card(const std::string& path);

/// Where accounts come from, and how their columns bind to the scorecard (score and explain).
struct input_options {
    std::string input;  ///< CSV file; "-" = standard input; "" = none given
    std::string sqlite;
    std::string postgres;  ///< a connection URI or string (messages show it redacted)
    std::string query;
    std::string scorecard;
    std::string id_column = "account_id";
    std::vector<std::string> maps;
    bool allow_missing_columns = false;

    /// Adds INPUT, --scorecard, --sqlite, --postgres, --query, --id-column, --map, --allow-missing-columns.
    void add_to(CLI::App& command);
};

/// Opens the accounts source of `options` (CSV file, standard input, SQLite or PostgreSQL query). A
/// CSV file or database file that cannot be opened, or a bad query, is bad input (exit 2); a
/// database error (locked, corrupt, not a database, a server that cannot be reached or refuses the
/// login: errc::io_error) is a runtime failure (exit 1), and so is a vitals built without libpq.
[[nodiscard]] std::unique_ptr<io::account_reader> open_source(const input_options& options);

struct opened_input {
    vitals::scorecard card;
    std::unique_ptr<io::account_reader> reader;
    io::binding bind;
};

/// Loads the scorecard, opens the source and binds its columns. Failures exit 2.
[[nodiscard]] opened_input open_input(const input_options& options);

/// A CLI11 transform (give it to ->transform(), not ->check(), which would drop the normalised text) for a count option: a whole decimal number from `lo` to `hi`. Anything else
/// ("-5", "1.5", "1e3", "0x10", "") is a usage error naming the option and the range; leading
/// zeros are read as decimal ("010" is 10, never octal). CLI11 2.1 alone would wrap "-5" to 2^64 - 5.
[[nodiscard]] CLI::Validator count_range(std::uint64_t lo, std::uint64_t hi);
/// Most scoring threads an option accepts.
inline constexpr unsigned max_threads = 1024;
/// Adds -j,--threads (0 = one per core, up to max_threads).
void add_threads_option(CLI::App& command, unsigned& threads);

/// Shortest text that reads back as the same double ("67.5", "0.1", "100"); "" for NaN.
[[nodiscard]] std::string exact(double x);
/// Appends exact(x).
void append_exact(std::string& out, double x);
/// A number for people: fixed `decimals`, "-" for NaN.
[[nodiscard]] std::string fixed(double x, int decimals);
/// A raw input value for people: exact when short, else 4 decimals trimmed.
[[nodiscard]] std::string readable(double x);
/// A CSV field, quoted when it must be (RFC 4180).
void append_csv_field(std::string& out, std::string_view text);
// A JSON string literal: append_json_string (vitals/text.hpp; bytes that are not UTF-8 become
// U+FFFD, so commands check their data with require_utf8 first); a JSON number:
// append_json_number (vitals/json_number.hpp), null for NaN and infinities.
using vitals::append_json_string;
using vitals::invalid_utf8_at;
/// For JSON output: fails (exit 2) when `text` is not UTF-8, naming the place and the byte:
/// `accounts.csv:3: account id "caf\xe9" is not valid UTF-8 (byte 4); ...`.
/// `instead` is the way out offered besides converting the source.
void require_utf8(std::string_view text, const std::string& place, std::string_view what,
                  std::string_view instead = "write CSV");
/// `report` as JSON text (dump(indent)), after require_utf8 on each of its strings and keys: a text
/// that is not UTF-8 (a file name, a column name) fails (exit 2) naming `place` and its JSON pointer,
/// never JSON that does not parse, never an internal error.
[[nodiscard]] std::string json_text(const nlohmann::ordered_json& report, int indent, const std::string& place,
                                    std::string_view instead);
/// Where a row of a source is, for messages: "accounts.csv:12" (CSV line) or "crm.db: row 12".
[[nodiscard]] std::string row_place(const io::account_reader& reader, std::uint64_t origin);
/// Thousands separators: 1234567 -> "1,234,567".
[[nodiscard]] std::string grouped(std::uint64_t n);

/// A date "YYYY-MM-DD" (a real calendar day); a failure (exit 2) names `what` (an option, a place).
[[nodiscard]] std::chrono::year_month_day parse_date_option(std::string_view text, std::string_view what);
/// "YYYY-MM-DD".
[[nodiscard]] std::string date_text(std::chrono::year_month_day date);
/// Today's date (UTC).
[[nodiscard]] std::chrono::year_month_day today();

/// `vitals <command>` in messages.
inline constexpr std::string_view program = "vitals";

}  // namespace vitals::cli

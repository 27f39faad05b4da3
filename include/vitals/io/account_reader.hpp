// Vitals I/O — reading an account book in chunks: the interface every source (CSV, SQLite) has.
//
//   auto reader = vitals::io::open_csv("accounts.csv");        // reads the header
//   reader->columns();                                           // the source's column names
//   reader->select({.value_columns = {3, 5, 9}, .id_column = 0, .text_columns = {12}});
//   vitals::io::account_chunk chunk;
//   while (true) {
//       VITALS_TRY(auto n, reader->read(chunk, 65536));         // up to 65536 accounts
//       if (n == 0) break;
//       score(chunk.frame());                                     // rows x selected columns
//       chunk.text(0, 0);                                         // account 0's column 12, as text
//   }
//
// Memory stays bounded by the chunk size, whatever the size of the source. A bad row (a cell that
// is not a number, a row with the wrong number of fields) fails the read by default with an error
// that names the place (`accounts.csv:1043:7: "abc" is not a number (column days_late)`); with
// on_error::skip the row is left out, counted, and its problem kept (the first few) for reporting.
#pragma once

#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/normalise/categories.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals::io {

/// What to do with a bad row.
enum class on_error {
    fail,  ///< stop: read() returns the row's error (errc::parse_error)
    skip,  ///< leave the row out, count it, keep its problem, go on
};

/// A row that was left out (on_error::skip).
struct row_problem {
    std::uint64_t record = 0;  ///< 1-based data record (row) number in the source
    std::string id;            ///< the account id when it could be read, else ""
    std::string message;       ///< names the place: `accounts.csv:1043:7: ...`
};

/// Accounts read from a source: ids, the selected number columns, row-major (NaN = missing), and
/// the selected text columns (segment, parent id, ...), row-major, as written in the source.
struct account_chunk {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::size_t text_cols = 0;
    std::vector<double> values;          ///< rows x cols, row-major: values[r * cols + c]
    std::vector<std::string> ids;        ///< rows (strings are reused across chunks)
    std::vector<std::string> texts;      ///< rows x text_cols, row-major: texts[r * text_cols + t] ("" = empty cell)
    std::vector<std::uint64_t> origins;  ///< where each row came from: CSV line, SQLite row number

    /// Empties the chunk for up to `max_rows` rows of `columns` values and `text_columns` texts
    /// (ids and texts keep their strings).
    void reset(std::size_t columns, std::size_t max_rows, std::size_t text_columns = 0) {
        rows = 0;
        cols = columns;
        text_cols = text_columns;
        values.clear();
        values.reserve(max_rows * columns);
        origins.clear();
        origins.reserve(max_rows);
        if (ids.size() < max_rows) ids.resize(max_rows);
        if (texts.size() < max_rows * text_columns) texts.resize(max_rows * text_columns);
    }

    /// Row `row`'s text in selected text column `t` (selection::text_columns order).
    [[nodiscard]] const std::string& text(std::size_t row, std::size_t t) const noexcept {
        return texts[row * text_cols + t];
    }

    /// The chunk as a frame view for the scorers.
    [[nodiscard]] frame_view<double> frame() const noexcept {
        return frame_view<double>::row_major(values.data(), static_cast<std::int64_t>(rows),
                                             static_cast<std::int64_t>(cols));
    }
};

/// Which source columns to read.
struct selection {
    std::vector<std::size_t> value_columns;  ///< source columns read as numbers, in frame order
    std::optional<std::size_t> id_column;    ///< source column of the account id; none = number the rows
    /// Source columns read as text, in chunk order (account_chunk::text). A column may also be a
    /// value column or the id column; a text cell is never a bad row.
    std::vector<std::size_t> text_columns = {};
    /// Per value column (empty = none): its levels when it is a column of levels (parse_level
    /// encodes its text), nullptr for a number column. The levels must outlive the reader.
    std::vector<const categories*> levels = {};

    /// The levels of value column `k` (nullptr: a number column).
    [[nodiscard]] const categories* levels_of(std::size_t k) const noexcept { return k < levels.size() ? levels[k] : nullptr; }
};

/// Where field `index` (0-based) of a source's header is, for messages: "accounts.csv:1:5"
/// (file:line:field) when the header has a line, else "crm.db: column 5".
[[nodiscard]] inline std::string column_place(std::string_view source, std::uint64_t header_line, std::size_t index) {
    std::string s(source);
    if (header_line > 0) return s + ":" + std::to_string(header_line) + ":" + std::to_string(index + 1);
    return s + ": column " + std::to_string(index + 1);
}

/// The message for a column named more than once in a header: at the place of its second field,
/// with every field that bears the name (`fields`, 0-based), e.g.
/// `accounts.csv:1:7: column "nps" appears more than once (fields 3 and 7)` (without a header line:
/// `crm.db: column "nps" appears more than once (columns 3 and 7)`); `hint` follows.
[[nodiscard]] inline std::string duplicate_column_message(std::string_view source, std::uint64_t header_line,
                                                          std::string_view name, std::span<const std::size_t> fields,
                                                          std::string_view hint) {
    std::string list;
    for (std::size_t i = 0; i < fields.size(); ++i)
        list += (i == 0 ? "" : i + 1 == fields.size() ? " and " : ", ") + std::to_string(fields[i] + 1);
    std::string s = header_line > 0 ? column_place(source, header_line, fields.size() > 1 ? fields[1] : fields[0])
                                    : std::string(source);
    s += ": column \"" + std::string(name) + "\" appears more than once (" + (header_line > 0 ? "fields " : "columns ") +
         list + ")";
    if (!hint.empty()) s += "; " + std::string(hint);
    return s;
}

/// A source of accounts, read front to back in chunks. Not thread-safe; move-only by pointer.
class account_reader {
public:
    virtual ~account_reader() = default;
    account_reader(const account_reader&) = delete;
    account_reader& operator=(const account_reader&) = delete;

    /// The source's name in messages (the path as given, or "<stdin>").
    [[nodiscard]] const std::string& source() const noexcept { return source_; }

    /// The source's column names (CSV header, or the query's result columns), in source order.
    [[nodiscard]] std::span<const std::string> columns() const noexcept { return columns_; }

    /// The line the header starts on (CSV; 0 for a source without lines, such as a query).
    [[nodiscard]] std::uint64_t header_line() const noexcept { return header_line_; }

    /// Choose the columns to read; call once, before read(). Errors: invalid_argument for an index
    /// out of range, or a value column (or a text column) selected twice.
    [[nodiscard]] result<void> select(selection sel) {
        for (std::size_t i = 0; i < sel.value_columns.size(); ++i) {
            const std::size_t c = sel.value_columns[i];
            if (c >= columns_.size())
                return fail(errc::invalid_argument, source_ + ": column index " + std::to_string(c) + " out of range");
            for (std::size_t j = 0; j < i; ++j)
                if (sel.value_columns[j] == c)
                    return fail(errc::invalid_argument, source_ + ": column " + std::to_string(c) + " selected twice");
        }
        for (std::size_t i = 0; i < sel.text_columns.size(); ++i) {
            const std::size_t c = sel.text_columns[i];
            if (c >= columns_.size())
                return fail(errc::invalid_argument, source_ + ": text column index " + std::to_string(c) + " out of range");
            for (std::size_t j = 0; j < i; ++j)
                if (sel.text_columns[j] == c)
                    return fail(errc::invalid_argument, source_ + ": text column " + std::to_string(c) + " selected twice");
        }
        if (sel.id_column && *sel.id_column >= columns_.size())
            return fail(errc::invalid_argument, source_ + ": id column index out of range");
        selection_ = std::move(sel);
        selected_ = true;
        return boost::outcome_v2::success();
    }

    /// The current selection.
    [[nodiscard]] const selection& selected() const noexcept { return selection_; }

    /// Set the bad-row policy (default on_error::fail).
    void set_on_error(on_error policy) noexcept { policy_ = policy; }

    /// Replace `chunk`'s contents with up to `max_rows` accounts (max_rows >= 1). Returns the number
    /// read; 0 at the end of the source. Errors: parse_error (a bad row under on_error::fail, or
    /// malformed CSV), io_error (a read failed), invalid_argument (select() not called).
    [[nodiscard]] virtual result<std::size_t> read(account_chunk& chunk, std::size_t max_rows) = 0;

    /// Share of the source consumed, in [0, 1]; negative when unknown (a pipe, a query).
    [[nodiscard]] virtual double progress() const noexcept = 0;

    /// Data rows seen so far, good and bad.
    [[nodiscard]] std::uint64_t records() const noexcept { return records_; }
    /// Rows left out under on_error::skip.
    [[nodiscard]] std::uint64_t skipped() const noexcept { return skipped_; }
    /// The problems of the first skipped rows (at most max_kept_problems).
    [[nodiscard]] std::span<const row_problem> problems() const noexcept { return problems_; }

    static constexpr std::size_t max_kept_problems = 100;

protected:
    explicit account_reader(std::string source) : source_(std::move(source)) {}

    /// A bad row: under on_error::skip, records it and returns success (the caller drops the row);
    /// under on_error::fail, returns the error.
    [[nodiscard]] result<void> bad_row(std::string id, std::string message) {
        if (policy_ == on_error::fail) return fail(errc::parse_error, std::move(message));
        ++skipped_;
        if (problems_.size() < max_kept_problems) problems_.push_back({records_, std::move(id), std::move(message)});
        return boost::outcome_v2::success();
    }

    std::string source_;
    std::vector<std::string> columns_;
    std::uint64_t header_line_ = 0;
    selection selection_;
    bool selected_ = false;
    on_error policy_ = on_error::fail;
    std::uint64_t records_ = 0;
    std::uint64_t skipped_ = 0;
    std::vector<row_problem> problems_;
};

}  // namespace vitals::io

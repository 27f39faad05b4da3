// The vitals tool: a text table fitted to a width — columns dropped, narrowed or cut in an order
// the caller gives, so that no line is wider than the terminal and no row wraps.
//
//   table_layout t(ellipsis);
//   const std::size_t score = t.add({"score", "score", align::right});   // then cells, row by row
//   t.fit(80, {{fit_step::drop, coverage}, {fit_step::cut, id, 8}});
//   for (std::size_t r = 0; r < rows; ++r) out += t.line(r, color) + "\n";
//
// Columns are two spaces apart; widths are display columns of UTF-8 text (text_width.hpp). A column
// is as wide as its header and its widest cell; a cut column shows its longer cells (and header)
// ended with the ellipsis. A line never ends in spaces.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitals::cli {

enum class align { left, right };

/// One column: its cells in one or more forms, widest first (the drivers: three, two, one).
struct table_column {
    table_column(std::string column_name, std::string column_header, align a = align::left)
        : name(std::move(column_name)), header(std::move(column_header)), alignment(a) {}

    std::string name;    ///< how --columns and messages name it
    std::string header;
    align alignment = align::left;
    std::vector<std::vector<std::string>> forms = {{}};  ///< forms[f][row]: plain text
    std::vector<std::string_view> colors;                 ///< per row (ANSI, "" = none), or empty
};

/// A step of fitting: drop a column, use its next narrower form, or cut it to no less than `min`
/// columns (only as far as the table needs).
struct fit_step {
    enum kind_type { drop, narrow, cut } kind;
    std::size_t column;
    std::size_t min = 0;
};

inline constexpr std::size_t unlimited_width = std::numeric_limits<std::size_t>::max();

class table_layout {
public:
    explicit table_layout(std::string ellipsis) : ellipsis_(std::move(ellipsis)) {}

    /// Adds a column (no cells yet); returns its index.
    std::size_t add(table_column column);
    [[nodiscard]] table_column& column(std::size_t c) { return columns_[c].spec; }
    [[nodiscard]] std::size_t rows() const noexcept;

    /// Measures the columns, then applies `steps` in order while the table is wider than `limit`.
    void fit(std::size_t limit, std::span<const fit_step> steps);
    /// The width of the table's lines (after fit).
    [[nodiscard]] std::size_t width() const noexcept;
    /// The names of the columns dropped by fit, in the order they went.
    [[nodiscard]] const std::vector<std::string>& dropped() const noexcept { return dropped_; }

    /// The header line (bold when `color`) and row `r`'s line, without a line end; each cut to the
    /// width given to fit when the columns left still do not fit.
    [[nodiscard]] std::string header(bool color) const;
    [[nodiscard]] std::string line(std::size_t r, bool color) const;

private:
    struct placed {
        table_column spec;
        std::size_t form = 0, width = 0;
        bool shown = true;
    };
    [[nodiscard]] std::size_t natural_width(const placed& p) const;
    /// A line of the texts `text_of(column, r)`, each padded to its column and cut at the width.
    [[nodiscard]] std::string compose(const std::string& (*text_of)(const placed&, std::size_t), std::size_t r,
                                      bool color) const;

    std::string ellipsis_;
    std::vector<placed> columns_;
    std::vector<std::string> dropped_;
    std::size_t limit_ = unlimited_width;
};

}  // namespace vitals::cli

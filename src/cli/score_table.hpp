// The vitals tool: `vitals score --format table`, the table a person reads — a summary of the
// whole book first (accounts per band, their share, revenue and revenue at risk), then the
// accounts that matter most, sorted (--sort), filtered (--band), cut to --top N (on a terminal: what
// fits the screen), with the columns of --columns fitted to the width (table_layout.hpp), and a
// footer saying how many accounts it left out.
//
// The book streams: the summary is counted chunk by chunk, and of the accounts only what the table
// shows is kept — with a row limit, the N best in a bounded heap; without one (--top 0, or a table
// that is not on a terminal), one compact record per listed account. Nothing is written before
// the last chunk (the summary needs the whole book).
#pragma once

#include "output.hpp"
#include "table_layout.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vitals::cli {

/// What shapes the table (the options of `vitals score`), checked against the scorecard by
/// make_score_table: an unknown band, column or sort key is a usage error (exit 2).
struct table_options {
    std::string sort;                  ///< score, risk, change, value, coverage or id; "" = risk with a value column, else score
    std::uint64_t top = 0;             ///< accounts listed, 0 = every one
    bool top_given = false;            ///< --top given (else, on a terminal, what fits the screen)
    std::vector<std::string> bands;    ///< --band: labels (any case) or no_data; empty = every band
    std::vector<std::string> columns;  ///< --columns, in order; empty = the default columns
    std::size_t width = unlimited_width;  ///< display columns a line may take
    std::size_t screen_rows = 0;       ///< the terminal's rows (0: not a terminal, no screen to fit)
    std::size_t trailing_lines = 0;    ///< lines written after the table on the same screen (the summary on standard error)
    bool utf8 = false;                 ///< the terminal takes UTF-8 (the ellipsis is "…", else "...")
    std::string source;                ///< the accounts' source, for the title
    std::string value_name;            ///< the value column (--value-column), when the book has it; "" = none
};

/// The table writer for `vitals score`.
[[nodiscard]] std::unique_ptr<score_writer> make_score_table(const scorecard_set& set, const override_book& book,
                                                             const output_features& features, bool color,
                                                             table_options options);

/// The names --columns takes, and --sort (for help and messages).
[[nodiscard]] std::string table_column_names();
[[nodiscard]] std::string table_sort_names();

}  // namespace vitals::cli

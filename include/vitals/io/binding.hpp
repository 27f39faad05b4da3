// Vitals I/O — binding a source's columns to a scorecard's inputs.
//
// The scorecard reads input columns by name (card.inputs()). A source may name them differently:
// a column map `input=column` ("nps=NPS Score") says which source column feeds an input; a mapped
// input no longer reads a source column of its own name. The result says which source columns a
// reader must read (in frame order) and, for score_batch, the frame column of each input.
#pragma once

#include "vitals/error.hpp"
#include "vitals/io/account_reader.hpp"
#include "vitals/scorecard.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals::io {

/// One mapping: scorecard input <- source column.
struct column_map {
    std::string input;
    std::string column;
};

/// Parse "input=column" (the column may itself contain '='). Errors: invalid_argument.
[[nodiscard]] result<column_map> parse_column_map(std::string_view text);

struct binding_options {
    std::vector<column_map> map;
    std::string id_column = "account_id";
    /// When false and the id column is absent, accounts are numbered (1, 2, ...) instead.
    bool id_required = false;
    /// When true, inputs absent from the source are missing for every account (coverage drops);
    /// when false they are an unknown_column error naming all of them.
    bool allow_absent = false;
    /// The line of the source's header (account_reader::header_line()), so that a duplicate column
    /// is named file:line:field; 0 = no lines.
    std::uint64_t header_line = 0;
};

struct binding {
    vitals::io::selection selection;          ///< what the reader reads
    std::vector<std::int64_t> input_columns;  ///< frame column of each scorecard input, -1 = absent
    std::vector<std::string> absent;          ///< inputs the source does not have (allow_absent)
};

/// Bind `columns` (a source's column names; `source` names it in messages) to the inputs of `card`.
/// Errors: unknown_column (a map names an input the scorecard does not read, or a column the source
/// does not have; inputs absent; a required id column absent), parse_error (a column the binding
/// uses appears more than once in the source).
[[nodiscard]] result<binding> bind_inputs(const scorecard& card, std::span<const std::string> columns,
                                          std::string_view source, const binding_options& options = {});

}  // namespace vitals::io

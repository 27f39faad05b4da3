// The account session: the whole scoring pipeline for a book of accounts, in one place.
//
// A session is built once from a scorecard set (a single card is a set of one) and the optional
// side inputs — metric history, previous scores, stakeholder surveys, CSM overrides — and the
// as-of date and portfolio settings. It then scores account tables (the whole book, or chunk after
// chunk of a book larger than memory) in one fixed order:
//
//   book columns + derived columns (trends from the history, survey measures; looked up by id)
//     -> score (each row's card: the set's card for the row's segment)
//     -> overrides (judged on the as-of date)  -> score trend against the previous scores
//     -> alerts (cooldown state from the previous scores)
//     -> quadrant (value column x final score, against the book's high-value cut-off)
//
// The CLI (`vitals score`, `vitals portfolio`), the C ABI (`vitals_session_*`) and the Python
// `vitals.Session` are views of this class; they read files or describe buffers, and format.
//
// Errors are values: `create` and `score` return a `result`, whose message names the place (the
// side input's source and line, the book's source and row).
#pragma once

#include "vitals/date.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/override.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/signals/alert.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {

/// A side input in long form: one row per (account, something), as a file or a query holds it.
/// `lines` (optional) gives each row's line in `source`, so messages name it; without it, rows
/// are numbered from 1.
struct side_rows {
    std::string source = "side input";   ///< e.g. "history.csv", for messages
    std::vector<std::string> ids;        ///< the account id of each row
    std::vector<std::uint64_t> lines;    ///< empty, or one per row
    [[nodiscard]] std::size_t rows() const noexcept { return ids.size(); }
    /// "history.csv:14" for row r.
    [[nodiscard]] std::string place(std::size_t r) const {
        return source + ":" + std::to_string(lines.empty() ? r + 1 : lines[r]);
    }
};

/// Metric history: per row an account, a period label and one value per metric (NaN = missing).
/// Periods sort as numbers when every label is one, else as text ("2026-01" < "2026-02").
struct history_rows : side_rows {
    std::vector<std::string> periods;   ///< per row
    std::vector<std::string> metrics;   ///< the metric columns
    std::vector<double> values;         ///< rows x metrics, row-major
};

/// Earlier scores: per row an account, a period, its score (0..100, NaN = none) and the alerts
/// raised then ("name;name", may be empty) — the score trend, band downgrade, score drop and
/// cooldowns read them.
struct previous_rows : side_rows {
    std::vector<std::string> periods;
    std::vector<double> scores;
    std::vector<std::string> alerts;    ///< empty, or one per row
};

/// Stakeholder survey answers: per row an account, the respondent's role (text, see survey.hpp)
/// and the answer 0..10 (NaN = invited, no answer).
struct survey_rows : side_rows {
    std::vector<std::string> roles;
    std::vector<double> answers;
    std::size_t role_column = 0;        ///< the role's column in `source` (1-based) for messages; 0 = none
};

/// The side inputs of a session; each is optional.
struct session_inputs {
    std::optional<history_rows> history;
    std::optional<previous_rows> previous;
    std::optional<survey_rows> surveys;
    std::optional<override_book> overrides;
    std::string overrides_source = "overrides";  ///< for messages (each override names its own origin)
};

/// Settings of a session.
struct session_options {
    day_number as_of = 0;                   ///< the date overrides are judged on (required: 0 is 1970-01-01)
    std::string value_column = "arr";       ///< the account value column for quadrants
    bool quadrant = true;                   ///< quadrants when the book has the value column
    double high_value_share = 50.0;         ///< high value = largest accounts holding this % of revenue
    double high_value_arr = std::numeric_limits<double>::quiet_NaN();    ///< or: value at least this
    double health_threshold = std::numeric_limits<double>::quiet_NaN();  ///< default: each card's top band cut-off
    /// A metric the trends read that the history lacks, or an input the book lacks, is missing for
    /// every account (else an error).
    bool allow_missing_columns = false;
    unsigned threads = 0;                   ///< scoring threads (0: one per core)
    std::size_t top_drivers = 3;            ///< drivers per account
    /// With quadrants, each table's assessment order (session_result::priority). A caller that
    /// ranks the whole book itself (a stream of chunks) turns it off.
    bool priority = true;
    /// Each measure's contribution in points (session_result::contributions), besides the points
    /// it loses, e.g. to explain or store them; off by default (it is rows x measures more memory).
    bool contributions = false;
    /// Each row's card's inputs as the card read them (session_result::inputs): the book's columns
    /// and the columns the session derived (trends, survey measures), e.g. to explain an account
    /// or find its path to green afterwards; off by default (rows x inputs more memory).
    bool inputs = false;
};

/// An account table: ids, an optional segment per row, named numeric columns (any strides, NaN =
/// missing). What the CSV and SQLite readers produce and the C ABI and Python describe.
struct account_table {
    std::span<const std::string> ids;            ///< one per row
    std::span<const std::string_view> segments;  ///< empty, or one per row (a set picks its card by it)
    std::span<const std::string> names;          ///< one per column
    frame_view<double> values;                   ///< rows x names
    std::string_view source = "book";            ///< for messages
    std::uint64_t first_row = 1;                 ///< the number of row 0 in messages (without lines)
    std::span<const std::uint64_t> lines;        ///< empty, or each row's line in `source` (a CSV record may span lines)
    /// How messages name row r: "accounts.csv:17" with lines, else "book: row 5" (first_row + r).
    [[nodiscard]] std::string place(std::size_t r) const {
        if (r < lines.size()) return std::string(source) + ":" + std::to_string(lines[r]);
        return std::string(source) + ": row " + std::to_string(first_row + r);
    }
};

/// A warning that changes no result but that a user should see (an alert that can never fire,
/// side-input rows for accounts not in the book).
struct session_notice {
    std::string message;
};

/// One result per account of the table scored, in its row order (rows x something where noted).
struct session_result {
    std::size_t rows = 0;
    std::vector<double> score, coverage, points_lost;         ///< points_lost: rows x set.max_measures()
    /// With options.contributions: rows x set.max_measures(), each measure's points in the score
    /// after overrides (they add up to the score; 0 for a measure without data, NaN for an account
    /// not scored, a measure an override leaves missing, or past the row's card's measures); else
    /// empty. A measure's contribution and points lost add up to 100 x its share of the weight.
    std::vector<double> contributions;
    /// With options.inputs: rows x inputs_width, row r's values in the order of its card's
    /// inputs() (NaN = missing, and past the card's own inputs); else empty.
    std::vector<double> inputs;
    std::size_t inputs_width = 0;
    std::vector<std::int32_t> band, status, drivers, card;    ///< drivers: rows x top_drivers; card: the set's card
    std::vector<double> value;                                ///< the value column (NaN without one)
    std::vector<double> change;                               ///< score trend (with previous scores)
    std::vector<std::int32_t> direction;                      ///< score_direction, per row
    std::vector<std::vector<raised_alert>> alerts;            ///< per row, fired and held (when a card has alerts)
    std::vector<overridden_row> overridden;                   ///< the rows with an override, in row order
    std::vector<std::int32_t> override_of;                    ///< per row: index into overridden, or -1
    std::vector<std::int32_t> quadrant;                       ///< per row (portfolio::quadrant), when quadrants are on
    /// With quadrants: value x (100 - score) / 100 per row (portfolio::revenue_at_risk; NaN when
    /// either is missing), and, when options.priority, the row's place in the assessment list of
    /// *this table* (portfolio::prioritise: 1 = assess first; 0 = not listed, for a missing value
    /// or score). A book scored in chunks is ranked as a whole by prioritise over the at_risk (or
    /// value and score) of every chunk, not by concatenating the chunks' places.
    std::vector<double> at_risk;
    std::vector<std::int32_t> priority;
    /// When a card has a calibration (session::has_churn_probability): the churn probability of the
    /// row's score as its card computed it, before overrides (an override changes the score and band
    /// shown, not what the model says); NaN for a row not scored or scored by an uncalibrated card.
    std::vector<double> churn_probability;
};

class session {
public:
    /// Indexes the side inputs by account id, computes the derived columns (trends, survey
    /// measures) and checks everything that can be checked before a book is seen.
    [[nodiscard]] static result<session> create(scorecard_set set, session_inputs inputs = {},
                                                session_options options = {});

    session(session&&) noexcept;
    session& operator=(session&&) noexcept;
    ~session();

    [[nodiscard]] const scorecard_set& set() const noexcept;
    [[nodiscard]] const session_options& options() const noexcept;

    /// The columns the session reads from a book: the cards' inputs and alert columns that no side
    /// input derives, and the value column. A book may lack any of them (see score()).
    [[nodiscard]] std::span<const std::string> book_columns() const noexcept;
    /// The columns the side inputs derive (trend and survey columns), in frame order after the book's.
    [[nodiscard]] std::span<const std::string> derived_columns() const noexcept;
    /// Whether `name` is derived from a side input (a book column of that name is an error).
    [[nodiscard]] bool is_derived(std::string_view name) const noexcept;

    [[nodiscard]] bool has_previous() const noexcept;
    [[nodiscard]] bool has_overrides() const noexcept;
    [[nodiscard]] bool has_alerts() const noexcept;
    /// Whether a card of the set has a calibration (session_result::churn_probability is filled).
    [[nodiscard]] bool has_churn_probability() const noexcept;
    [[nodiscard]] const override_book& overrides() const noexcept;
    [[nodiscard]] day_number as_of() const noexcept;

    /// The high-value cut-off of the quadrants. A streaming caller computes it over the whole book
    /// first (value_cutoff_of) and sets it; otherwise score() computes it from the table it scores.
    void set_value_cutoff(double cutoff) noexcept;
    [[nodiscard]] std::optional<double> value_cutoff() const noexcept;
    /// The cut-off for `values` (the whole book's value column) under the session's rule.
    [[nodiscard]] result<double> value_cutoff_of(std::span<const double> values) const;
    /// The health threshold of card `c` for the quadrants.
    [[nodiscard]] double health_threshold(std::size_t c) const noexcept;

    /// Scores `book` into `out` (resized; reuse it across chunks). Quadrants are on when the book has
    /// the value column and the options ask for them. Side-input accounts that no table scored so far
    /// are counted by unmatched(). An error about one account names it by book.place(row) and the
    /// account id, and carries the row of `book` in error::row.
    [[nodiscard]] result<void> score(const account_table& book, session_result& out);
    /// Whether the last score() had quadrants.
    [[nodiscard]] bool has_quadrant() const noexcept;
    /// Whether the last score() had the value column.
    [[nodiscard]] bool has_value() const noexcept;

    /// Notices from create() and score() so far (an alert column the book lacks, ...).
    [[nodiscard]] std::span<const session_notice> notices() const noexcept;
    /// Per side input, the accounts it names that no scored table held ("history", ids...): call
    /// after the last chunk. Overrides for such accounts never applied.
    struct unmatched_accounts {
        std::string input;               ///< "history", "previous", "surveys", "overrides"
        std::string source;
        std::vector<std::string> ids;    ///< in order of first appearance in the side input
    };
    [[nodiscard]] std::vector<unmatched_accounts> unmatched() const;

private:
    struct state;
    explicit session(std::unique_ptr<state> s) noexcept;
    std::unique_ptr<state> s_;
};

/// Text of an override's effect for people: "score 53.4 -> 35.0 (maria.lopez, until 2027-01-29: why)".
[[nodiscard]] std::string describe_override(const override_book& book, const override_effect& e);

}  // namespace vitals

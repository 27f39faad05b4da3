// The vitals tool: scoring with signals — what `vitals score` and `vitals portfolio` share.
//
// Accounts stream in chunks from the source (CSV or SQLite). The side files are read whole at the
// start and indexed by account id in memory: --history (trend columns, computed once per account),
// --surveys (survey measure columns), --previous (earlier scores and the alerts raised then) and
// --overrides. Each chunk then flows one way:
//
//   source columns + derived columns (trends, surveys; looked up by id)
//     -> score (the row's scorecard: one card, or the set's card for the row's segment)
//     -> overrides (as of --as-of)            -> score trend against the previous scores
//     -> alerts (cooldown from --previous)    -> quadrant (value column x final score)
//
// The derived columns feed measures and alert conditions like any input column.
#pragma once

#include "common.hpp"
#include "prefetch.hpp"

#include "vitals/date.hpp"
#include "vitals/override.hpp"
#include "vitals/portfolio.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/signals.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace vitals::cli {

/// The side files, the as-of date and the portfolio settings.
struct signal_options {
    std::string history, previous, overrides, surveys;
    std::string as_of;                   ///< "" = today (UTC)
    std::string value_column = "arr";    ///< the account value for quadrants
    double high_value_share = 50.0;      ///< top-revenue rule: percent of revenue
    double high_value_arr = std::numeric_limits<double>::quiet_NaN();  ///< ARR cut-off rule when set
    double health_threshold = std::numeric_limits<double>::quiet_NaN();  ///< default: top band's cutoff
    bool no_quadrant = false;
    std::string parent_column;           ///< read as text when set (portfolio)
    bool parent_required = false;        ///< a parent column the source lacks is an error (else no roll-up)

    /// Adds --history, --previous, --overrides, --as-of, --surveys, --value-column,
    /// --high-value-share, --high-value-arr, --health-threshold (and --no-quadrant for score).
    void add_to(CLI::App& command, bool quadrant_switch);
};

/// A side file read whole and indexed by account id.
struct account_index {
    std::unordered_map<std::string, std::size_t> row_of;
    std::vector<std::string> ids;  ///< in order of first appearance
    std::size_t add(const std::string& id);
    [[nodiscard]] std::int64_t find(const std::string& id) const;
};

/// --previous: earlier scores (rows = accounts, cols = periods oldest first) and alerts raised.
struct previous_table {
    account_index accounts;
    std::vector<std::string> periods;
    std::vector<double> scores;              ///< accounts x periods, row-major, NaN = none
    std::vector<std::string> alerts;         ///< accounts x periods, row-major: "a;b" as in the file
    /// Periods since `alert` last fired for account row `row` (1 = the newest period); -1 never.
    [[nodiscard]] std::int32_t since_fired(std::size_t row, std::string_view alert) const;
};

/// Per-chunk results (all spans have one entry per chunk row, or rows x something).
struct chunk_results {
    const io::account_chunk* chunk = nullptr;
    std::size_t rows = 0;
    std::vector<double> score, coverage, points_lost;  ///< points_lost: rows x set.max_measures()
    std::vector<std::int32_t> band, status, drivers, card;  ///< drivers: rows x top_drivers
    std::vector<double> value;                  ///< the value column (NaN without one)
    // score trend (with --previous)
    std::vector<double> change;
    std::vector<std::int32_t> direction;
    // alerts (when a card declares alerts): per row, fired and suppressed
    std::vector<std::vector<raised_alert>> alerts;
    // overrides: the rows whose account has an override, in row order
    std::vector<overridden_row> overridden;
    std::vector<std::int32_t> override_of;      ///< per row: index into overridden, or -1
    std::vector<std::int32_t> quadrant;         ///< per row (when quadrants are on)
};

/// Opens the source and the side files, then scores chunk by chunk.
class scoring_session {
public:
    scoring_session(const input_options& in, const signal_options& sig, unsigned threads, std::size_t chunk_rows,
                    io::on_error policy);
    ~scoring_session();
    scoring_session(const scoring_session&) = delete;
    scoring_session& operator=(const scoring_session&) = delete;

    /// The next chunk's results, or nullptr at the end.
    [[nodiscard]] const chunk_results* next();

    [[nodiscard]] const scorecard_set& set() const noexcept { return set_; }
    [[nodiscard]] io::account_reader& reader() noexcept { return *reader_; }
    [[nodiscard]] chunk_prefetcher& chunks() noexcept { return *chunks_; }
    [[nodiscard]] bool has_previous() const noexcept { return previous_.has_value(); }
    [[nodiscard]] bool has_overrides() const noexcept { return !book_.empty(); }
    [[nodiscard]] bool has_alerts() const noexcept { return any_alerts_; }
    [[nodiscard]] bool has_quadrant() const noexcept { return quadrant_on_; }
    [[nodiscard]] bool has_value() const noexcept { return value_col_ >= 0; }
    [[nodiscard]] const override_book& book() const noexcept { return book_; }
    [[nodiscard]] day_number as_of() const noexcept { return as_of_; }
    /// The high-value cut-off and health threshold in use (quadrants).
    [[nodiscard]] double value_cutoff() const noexcept { return cutoff_; }
    [[nodiscard]] double health_threshold(std::size_t card) const noexcept { return thresholds_[card]; }
    /// The parent text column's index among the chunk's texts, or -1.
    [[nodiscard]] std::int64_t parent_text() const noexcept { return parent_text_; }
    /// Seconds spent before the first chunk (side files, the value pre-pass).
    [[nodiscard]] double setup_seconds() const noexcept { return setup_seconds_; }
    [[nodiscard]] double score_seconds() const noexcept { return score_seconds_; }

private:
    void bind(const input_options& in, const signal_options& sig);
    void load_history(const std::string& path, bool allow_absent);
    void load_surveys(const std::string& path);
    void load_previous(const std::string& path);
    void load_overrides(const std::string& path);
    void value_prepass(const input_options& in, const signal_options& sig);

    scorecard_set set_;
    std::unique_ptr<io::account_reader> reader_;
    std::unique_ptr<chunk_prefetcher> chunks_;
    batch_options options_;
    // the frame: the selected source columns, then the derived ones (names in frame order)
    std::vector<std::string> names_;
    std::size_t source_cols_ = 0;
    std::int64_t segment_text_ = -1, parent_text_ = -1, value_col_ = -1;
    // derived columns: name, and per side-file account row its value
    struct derived {
        std::string name;
        const account_index* index = nullptr;  ///< nullptr: missing for every account
        std::vector<double> values;            ///< per index row
    };
    std::vector<derived> derived_;
    account_index history_ids_, survey_ids_;
    std::optional<previous_table> previous_;
    override_book book_;
    day_number as_of_ = 0;
    bool any_alerts_ = false, quadrant_on_ = false;
    double cutoff_ = 0.0;
    std::vector<double> thresholds_;
    double setup_seconds_ = 0.0, score_seconds_ = 0.0;
    // per chunk
    std::vector<double> frame_;
    chunk_results out_;
};

/// Text of an override's effect for people: "score 53.4 -> 35.0 (maria.lopez, until 2027-01-29: why)".
[[nodiscard]] std::string describe_override(const scorecard_set& set, const override_book& book, std::int32_t card,
                                            const override_effect& e);

}  // namespace vitals::cli

// The vitals tool: the glue between files and the account session (vitals/session.hpp) that
// `vitals score` and `vitals portfolio` share.
//
// The side files (--history, --previous, --surveys, --overrides) are read whole into the session's
// long tables; the source (CSV or SQLite) is bound to the columns the session reads (--map,
// --id-column, the segment and parent columns) and streamed in chunks, each scored by the session.
// With quadrants and no --high-value-arr, the value column is read once before scoring (the
// high-value cut-off needs the whole book).
#pragma once

#include "common.hpp"
#include "prefetch.hpp"

#include "vitals/date.hpp"
#include "vitals/override.hpp"
#include "vitals/portfolio.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/session.hpp"
#include "vitals/signals.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
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
    bool contributions = false;          ///< each measure's contribution too (session_result::contributions)
    bool inputs = false;                 ///< each row's card's inputs too (session_result::inputs)

    /// Adds --history, --previous, --overrides, --as-of, --surveys, --value-column,
    /// --high-value-share, --high-value-arr, --health-threshold (and --no-quadrant for score).
    void add_to(CLI::App& command, bool quadrant_switch);
};

/// One chunk's results: the session's, and the chunk they belong to (ids, texts, origins).
struct chunk_results : session_result {
    const io::account_chunk* chunk = nullptr;
};

/// Adds side inputs (and settings) of its own before the session is created (the history store).
using side_hook = std::function<void(const scorecard_set&, session_inputs&, session_options&)>;

/// Opens the source and the side files, then scores chunk by chunk.
class scoring_session {
public:
    scoring_session(const input_options& in, const signal_options& sig, unsigned threads, std::size_t chunk_rows,
                    io::on_error policy, const side_hook& hook = {});
    ~scoring_session();
    scoring_session(const scoring_session&) = delete;
    scoring_session& operator=(const scoring_session&) = delete;

    /// The next chunk's results, or nullptr at the end.
    [[nodiscard]] const chunk_results* next();

    [[nodiscard]] const scorecard_set& set() const noexcept { return session_->set(); }
    [[nodiscard]] io::account_reader& reader() noexcept { return *reader_; }
    [[nodiscard]] chunk_prefetcher& chunks() noexcept { return *chunks_; }
    [[nodiscard]] bool has_previous() const noexcept { return session_->has_previous(); }
    [[nodiscard]] bool has_overrides() const noexcept { return session_->has_overrides(); }
    [[nodiscard]] bool has_alerts() const noexcept { return session_->has_alerts(); }
    [[nodiscard]] bool has_churn_probability() const noexcept { return session_->has_churn_probability(); }
    [[nodiscard]] bool has_quadrant() const noexcept { return quadrant_on_; }
    [[nodiscard]] bool has_value() const noexcept { return value_col_ >= 0; }
    [[nodiscard]] const override_book& book() const noexcept { return session_->overrides(); }
    [[nodiscard]] day_number as_of() const noexcept { return session_->as_of(); }
    /// The high-value cut-off and health threshold in use (quadrants).
    [[nodiscard]] double value_cutoff() const noexcept { return session_->value_cutoff().value_or(0.0); }
    [[nodiscard]] double health_threshold(std::size_t card) const noexcept { return session_->health_threshold(card); }
    /// Side-file accounts that are not in the book (call after the last chunk).
    [[nodiscard]] std::vector<session::unmatched_accounts> unmatched() const { return session_->unmatched(); }
    /// The parent text column's index among the chunk's texts, or -1.
    [[nodiscard]] std::int64_t parent_text() const noexcept { return parent_text_; }
    /// The session's name of each column of the chunks (chunk.values' columns, in order).
    [[nodiscard]] std::span<const std::string> columns() const noexcept { return names_; }
    /// Seconds spent before the first chunk (side files, the value pre-pass).
    [[nodiscard]] double setup_seconds() const noexcept { return setup_seconds_; }
    [[nodiscard]] double score_seconds() const noexcept { return score_seconds_; }

private:
    void bind(const input_options& in, const signal_options& sig);
    void value_prepass(const input_options& in, const signal_options& sig);

    std::unique_ptr<session> session_;
    std::unique_ptr<io::account_reader> reader_;
    std::unique_ptr<chunk_prefetcher> chunks_;
    std::vector<std::string> names_;  ///< the session's name of each selected source column
    std::int64_t segment_text_ = -1, parent_text_ = -1, value_col_ = -1;
    bool quadrant_on_ = false;
    double setup_seconds_ = 0.0, score_seconds_ = 0.0;
    std::vector<std::string_view> segments_;  ///< per chunk
    std::size_t notices_shown_ = 0;
    chunk_results out_;
};

/// --previous FILE (account_id,period,score[,alerts]) read whole, as the session reads it.
[[nodiscard]] previous_rows read_previous(const std::string& path);

/// What a user must be told after the last chunk, one line each: the rows skipped ("skipped: ...")
/// and the side-file accounts the book does not hold ("note: ...").
[[nodiscard]] std::vector<std::string> source_notes(scoring_session& session);

/// Text of an override's effect for people: "score 53.4 -> 35.0 (maria.lopez, until 2027-01-29: why)".
[[nodiscard]] std::string describe_override(const scorecard_set& set, const override_book& book, std::int32_t card,
                                            const override_effect& e);

}  // namespace vitals::cli

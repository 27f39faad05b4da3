// Vitals I/O — the history store: scored periods kept in a SQLite file (docs/history.md).
//
// `vitals score --store health.db --period 2026-11` writes one snapshot per period: a row per account
// (score, band, coverage, status, alerts, override, quadrant, ...), each measure's contribution and
// points lost, the metrics the scorecard's trends read, and the scorecard itself, stored once per
// version (its text and a content hash). The next run reads from it what the account session needs
// for the period after: the metric history (trend columns) and the previous scores with the alerts
// fired then (score trend, band downgrade, score drop, cooldowns), as the session's own side inputs
// (`history_rows`, `previous_rows`), so a run with a store equals the same run with those files.
//
// A period is written in one transaction (SQLite's rollback journal, journal_mode DELETE): chunk after
// chunk inside it, committed at the end; a failed or killed run leaves the store as it was (the next
// open rolls a killed run's journal back). Re-writing a period replaces it in that same transaction.
// A run of period P reads only periods before P, so re-running an old period changes no other.
//
// The file is recognised by PRAGMA application_id ("VTLS") and its schema version (PRAGMA
// user_version); a SQLite file that is not a store, or a store of another schema version, is refused.
#pragma once

#include "vitals/error.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/session.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals::io {

/// The schema version this build reads and writes (PRAGMA user_version).
inline constexpr int history_store_schema = 1;
/// PRAGMA application_id of a store: "VTLS".
inline constexpr std::int32_t history_store_application_id = 0x56544C53;

/// Checks a period label: "2026-11" (a month), "2026-11-30" (a day) or "2026-Q4" (a quarter), each
/// a real one. Labels of one form sort as text in time order. Error: invalid_argument naming it.
[[nodiscard]] result<void> check_period(std::string_view period);

/// FNV-1a 64 of `text`, as 16 hex digits: the scorecard's content hash.
[[nodiscard]] std::string content_hash(std::string_view text);

/// One stored period.
struct stored_period {
    std::string period;
    std::uint64_t accounts = 0;
    std::int64_t scorecard = 0;  ///< its version
    std::string as_of;           ///< YYYY-MM-DD, the date overrides were judged on
    std::string written;         ///< UTC, YYYY-MM-DDTHH:MM:SSZ
    std::string source;          ///< the book it scored
};

/// One stored scorecard version.
struct stored_scorecard {
    std::int64_t version = 0;  ///< 1, 2, ... in the order first stored
    std::string hash;          ///< content_hash(text)
    std::string stored;        ///< UTC, when first stored
    std::uint64_t periods = 0; ///< periods that use it now
    std::string first_period, last_period;  ///< "" when none
    std::string text;          ///< the scorecard (or scorecard set) file, as saved by Vitals
};

/// One account of a stored period, as diff reads it.
struct stored_account {
    std::string id;
    std::int32_t card = -1;                        ///< -1: no card
    double score = 0, computed_score = 0, value = 0;  ///< NaN when not stored
    std::string band, quadrant, alerts, held_alerts;  ///< "" when none
    std::vector<double> contributions;             ///< one per measure of the card (empty: not scored)
    std::vector<double> inputs;                    ///< one per stored_snapshot::inputs (NaN = missing)
};

/// A stored period with its accounts, in the order they were scored.
struct stored_snapshot {
    stored_period period;
    std::vector<std::vector<std::string>> measures;  ///< per card of its scorecard version: the measure names
    std::vector<std::string> inputs;                 ///< the inputs stored with each account
    std::string scorecard_text;                      ///< its scorecard version's file
    std::vector<stored_account> accounts;
};

/// What a period's snapshot is written with.
struct period_info {
    std::string period;
    std::string as_of;                  ///< YYYY-MM-DD
    std::string source;                 ///< the book, for `vitals history`
    std::string scorecard_text;         ///< save_scorecard / save_scorecard_set of the set scored with
    std::vector<std::string> metrics;   ///< the history metrics stored with each account
    std::vector<std::string> inputs;    ///< the scorecards' inputs read from the book, stored with each account
};

class history_store {
public:
    enum class mode { read, write };
    /// Opens the store at `path`. `write` creates it when there is no file; `read` needs one.
    /// Errors: io_error (cannot open, not a database, locked), invalid_argument (a SQLite file that is
    /// not a Vitals store, or a store of another schema version), each naming the file.
    [[nodiscard]] static result<history_store> open(const std::filesystem::path& path, mode m);

    history_store(history_store&&) noexcept;
    history_store& operator=(history_store&&) noexcept;
    ~history_store();  ///< rolls back a period not committed

    [[nodiscard]] const std::string& path() const noexcept;

    /// Whether `period` can be stored here: check_period, and the form of the periods already stored.
    [[nodiscard]] result<void> accepts(std::string_view period) const;

    [[nodiscard]] result<std::vector<stored_period>> periods() const;
    [[nodiscard]] result<std::vector<stored_scorecard>> scorecards() const;

    /// Period `period` with its accounts (only `account` when not empty). Error: invalid_argument
    /// naming the stored periods when there is no such period.
    [[nodiscard]] result<stored_snapshot> snapshot(std::string_view period, std::string_view account = {}) const;

    /// The periods stored before `period`.
    [[nodiscard]] result<std::size_t> periods_before(std::string_view period) const;
    /// The metric history of the periods before `period`: a row per stored account and period, one
    /// value per metric of `metrics` (NaN when not stored). Source: the store's path. With `last` > 0,
    /// only the newest `last` of those periods that hold accounts: a trend of window w reads the newest
    /// w periods, so `last` = the longest window - 1 (this run's period is the newest) gives the same trends.
    [[nodiscard]] result<history_rows> history_before(std::string_view period, std::span<const std::string> metrics,
                                                      std::size_t last = 0) const;
    /// The previous scores of the periods before `period`: the score after overrides (NaN when not
    /// scored) and the alerts fired then (not those held by cooldown), "name;name".
    [[nodiscard]] result<previous_rows> previous_before(std::string_view period) const;

    /// Starts writing `info.period` (one transaction, BEGIN IMMEDIATE: no other run writes until it
    /// ends; an existing snapshot of the period is deleted in it). Reads after it see the store as
    /// this transaction does.
    [[nodiscard]] result<void> begin_period(const period_info& info, const scorecard_set& set);
    /// Appends the accounts of one scored chunk: `ids` and `r` (with contributions, see
    /// session_options::contributions) as scored by `set` (the set of begin_period), `metrics`
    /// (rows x info.metrics, NaN = none; empty without metrics), `inputs` (rows x info.inputs, the same)
    /// and the override book the session applied.
    [[nodiscard]] result<void> append(std::span<const std::string> ids, const session_result& r, const scorecard_set& set,
                                      std::span<const double> metrics, std::span<const double> inputs,
                                      const override_book& book);
    /// Commits the period. Before it nothing of the run is visible, and a failure leaves the store as it was.
    [[nodiscard]] result<void> commit();

private:
    struct state;
    explicit history_store(std::unique_ptr<state> s) noexcept;
    std::unique_ptr<state> s_;
};

}  // namespace vitals::io

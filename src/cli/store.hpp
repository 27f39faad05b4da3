// The vitals tool: `vitals score --store FILE --period P` — the history store (vitals/io/history_store.hpp)
// around the scoring pipeline (pipeline.hpp). See docs/history.md.
//
// Before scoring, the store gives the session what earlier periods leave for this one: the metric
// history (the stored periods before P, plus this book's values of the metrics, read in a pre-pass)
// and the previous scores with their fired alerts. While scoring, every chunk's results are written
// into one transaction; commit() makes the period visible, all of it or nothing.
#pragma once

#include "common.hpp"
#include "pipeline.hpp"

#include "vitals/io/history_store.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace vitals::cli {

struct store_options {
    std::string store;   ///< "" = no store
    std::string period;

    /// Adds --store and --period.
    void add_to(CLI::App& command);
    [[nodiscard]] bool given() const noexcept { return !store.empty() || !period.empty(); }
};

/// A stored period's inputs (stored_snapshot::inputs) re-scored with a card: per account its score,
/// band and contributions (accounts x card.measures()), overrides not applied. An input the period did
/// not store is missing for every account with `allow_absent`, else an error naming it (exit_usage).
struct rescored_period {
    std::vector<double> score, contributions;
    std::vector<std::int32_t> band;
};
[[nodiscard]] rescored_period rescore(const scorecard& card, const io::stored_snapshot& snap, bool allow_absent);

/// The raw value of `m` for each account of `snap` from its stored inputs (a ratio's two), NaN when
/// missing; empty when the period did not store the input(s).
[[nodiscard]] std::vector<double> stored_measure_values(const measure& m, const io::stored_snapshot& snap);

class store_run {
public:
    /// Checks the options against the others (no --history / --previous, no standard input), opens
    /// the store (created with the first period) and checks the period.
    store_run(const store_options& o, const input_options& in, const signal_options& sig);

    /// The scoring_session hook: reads this book's metrics, starts the period's transaction (so that
    /// no other run writes between what this one reads and what it writes), then gives the session the
    /// store's side inputs; contributions on.
    void side_inputs(const scorecard_set& set, session_inputs& side, session_options& options);
    /// Writes one chunk's accounts, scored by `set`.
    void append(const chunk_results& c, const scorecard_set& set, std::span<const std::string> columns,
                const override_book& book);
    /// Commits the period.
    void commit();

    [[nodiscard]] const std::string& period() const noexcept { return period_; }
    [[nodiscard]] const std::string& path() const noexcept { return store_.path(); }
    [[nodiscard]] std::uint64_t accounts() const noexcept { return accounts_; }

private:
    void read_book_metrics(const scorecard_set& set);
    void begin(const scorecard_set& set, day_number as_of);

    const input_options& in_;
    io::history_store store_;
    std::string period_;
    std::vector<std::string> metrics_;
    std::unordered_map<std::string, std::size_t> row_of_;  ///< the book's account -> row of book_metrics_
    std::vector<double> book_metrics_;                      ///< rows x metrics_
    std::vector<double> chunk_metrics_, chunk_inputs_;
    std::vector<std::string> inputs_;  ///< the set's inputs that the book holds
    std::uint64_t accounts_ = 0;
    std::string source_;  ///< the book, as the reader names it
};

}  // namespace vitals::cli

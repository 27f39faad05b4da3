// Vitals report — what the one-page report shows of a scored book, gathered chunk by chunk.
//
//   vitals::report::book_summary book(set, overrides, {.top = 200});
//   for (each scored chunk)  book.add(result, ids);     // vitals::session_result, the chunk's ids
//   std::string html = vitals::report::render_page(book, page);   // page.hpp
//
// It keeps per account only what the charts need (value, final score, band: 17 bytes) and
// otherwise counts: accounts and revenue per band and per quadrant, the score and coverage
// distributions, the points each measure cost the book, the share of accounts with data per
// measure. The assessment list — the `top` accounts by revenue at risk, in the order of
// portfolio::prioritise over the whole book (revenue at risk, then value, then lower score, then
// book order) — is kept as a bounded heap while the chunks pass, with each listed account's
// explanation (per measure: sub-score, share of the weight, contribution and points lost), drivers,
// score trend, alerts and overrides. So a book larger than memory makes a report in one pass.
//
// Bands are counted by label (a scorecard set's cards may label their bands differently; the first
// card's labels come first). The session must be run with options.contributions (for the
// explanations) and quadrants on (for the quadrant section; without a value column it is empty).
#pragma once

#include "vitals/error.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/session.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace vitals::report {

struct summary_options {
    std::size_t top = 200;         ///< accounts in the assessment list
    std::size_t score_bins = 20;   ///< bins of the score distribution over 0..100
    std::size_t coverage_bins = 10;
};

/// One account of the assessment list, with its explanation.
struct listed_account {
    std::uint64_t row = 0;           ///< its place in the book (0-based, across chunks)
    std::string id;
    std::int32_t card = 0, band = -1, direction = 2;  ///< direction: score_direction (2 = unknown)
    std::int32_t quadrant = 4;       ///< portfolio::quadrant (4 = unknown)
    double score = 0.0, value = 0.0, at_risk = 0.0, coverage = 0.0;
    double change = 0.0;             ///< against the previous score (NaN: none)
    std::vector<std::int32_t> drivers;        ///< measure indices of the card, most points lost first
    std::vector<double> contributions, points_lost;  ///< per measure of the card
    std::vector<double> inputs;      ///< the card's inputs as scored (session_options::inputs; else empty)
    struct alert {
        std::string name, reason, severity;
        bool suppressed = false;
    };
    std::vector<alert> alerts;
    std::vector<std::string> overrides;  ///< each override's effect, for people
};

/// What a band, a quadrant or a bin holds.
struct tally {
    std::uint64_t accounts = 0;
    double revenue = 0.0;  ///< sum of known values
};

/// The bands of one earlier period.
struct period_mix {
    std::string period;
    std::vector<std::uint64_t> counts;  ///< per band, as band_labels()
    std::uint64_t no_data = 0;          ///< rows without a score
};

/// Per measure (by name, across the set's cards).
struct measure_tally {
    std::string name;
    double points_lost = 0.0;        ///< summed over scored accounts
    std::uint64_t scored = 0;        ///< scored accounts whose card has the measure
    std::uint64_t with_data = 0;     ///< ... and that had data for it (a share of the weight)
};

class book_summary {
public:
    /// `set` (and `overrides`, when given) must outlive the summary.
    explicit book_summary(const scorecard_set& set, const override_book* overrides = nullptr, summary_options options = {});

    /// Adds one scored table: `r` from session::score, `ids` its accounts (at least r.rows).
    /// Errors: shape_mismatch (too few ids, or a result without contributions).
    [[nodiscard]] result<void> add(const session_result& r, std::span<const std::string> ids);

    /// Earlier scores (one row per account and period, as `vitals score --previous` reads them) for
    /// the band mix over time; give them before the chunks. Only rows of accounts the book holds count.
    /// Errors: shape_mismatch (the columns' lengths differ).
    [[nodiscard]] result<void> set_earlier(previous_rows earlier);
    [[nodiscard]] bool has_earlier() const noexcept { return !earlier_.ids.empty(); }
    /// Per earlier period, in order (as numbers when every label is one, else as text), the accounts
    /// of the book per band — by the first card's bands — and without a score.
    [[nodiscard]] std::vector<period_mix> band_mix() const;

    [[nodiscard]] const scorecard_set& set() const noexcept { return *set_; }
    [[nodiscard]] const summary_options& options() const noexcept { return options_; }
    [[nodiscard]] std::uint64_t accounts() const noexcept { return accounts_; }
    [[nodiscard]] std::uint64_t scored() const noexcept { return scored_; }
    [[nodiscard]] double total_revenue() const noexcept { return total_revenue_; }
    [[nodiscard]] double revenue_at_risk() const noexcept { return revenue_at_risk_; }
    [[nodiscard]] bool has_value() const noexcept { return has_value_; }
    [[nodiscard]] bool has_quadrant() const noexcept { return has_quadrant_; }
    [[nodiscard]] bool has_trend() const noexcept { return has_trend_; }
    [[nodiscard]] bool has_alerts() const noexcept { return has_alerts_; }

    /// The band labels in order (the first card's, then any other card's new ones), and per label.
    [[nodiscard]] std::span<const std::string> band_labels() const noexcept { return labels_; }
    [[nodiscard]] std::span<const tally> bands() const noexcept { return bands_; }
    /// Accounts not scored (insufficient data).
    [[nodiscard]] const tally& no_data() const noexcept { return no_data_; }
    /// Per quadrant, in portfolio::quadrant order (unknown last).
    [[nodiscard]] std::span<const tally> quadrants() const noexcept { return quadrants_; }
    /// Scored accounts per score bin (the last bin includes 100).
    [[nodiscard]] std::span<const std::uint64_t> score_bins() const noexcept { return score_bins_; }
    /// Scored accounts per coverage bin over 0..1 (the last includes 1); coverage of accounts not
    /// scored is counted in no_data().
    [[nodiscard]] std::span<const std::uint64_t> coverage_bins() const noexcept { return coverage_bins_; }
    [[nodiscard]] std::span<const measure_tally> measures() const noexcept { return measures_; }

    /// Per account in book order: value (NaN: none), final score (NaN: not scored), and the band
    /// as an index into band_labels() (255: not scored).
    [[nodiscard]] std::span<const double> values() const noexcept { return values_; }
    [[nodiscard]] std::span<const double> scores() const noexcept { return scores_; }
    [[nodiscard]] std::span<const std::uint8_t> band_index() const noexcept { return band_index_; }

    /// The assessment list, first to assess first (at most options().top).
    [[nodiscard]] std::vector<listed_account> assessment_list() const;
    /// Accounts that could be listed (a value and a score), listed or not.
    [[nodiscard]] std::uint64_t eligible() const noexcept { return eligible_; }

private:
    const scorecard_set* set_;
    const override_book* overrides_;
    summary_options options_;
    std::vector<std::string> labels_;
    std::vector<std::vector<std::uint8_t>> label_of_;  ///< per card, per band: index into labels_
    std::vector<std::vector<std::size_t>> measure_of_; ///< per card, per measure: index into measures_
    std::vector<tally> bands_, quadrants_;
    tally no_data_;
    std::vector<std::uint64_t> score_bins_, coverage_bins_;
    std::vector<measure_tally> measures_;
    std::vector<double> values_, scores_;
    std::vector<std::uint8_t> band_index_;
    previous_rows earlier_;
    std::unordered_map<std::string, std::vector<std::size_t>> earlier_rows_;  ///< account id -> its rows
    std::vector<char> earlier_seen_;    ///< per row: its account is in the book
    std::vector<listed_account> heap_;  ///< the best `top` so far; heap_.front() ranks last
    std::uint64_t accounts_ = 0, scored_ = 0, eligible_ = 0;
    double total_revenue_ = 0.0, revenue_at_risk_ = 0.0;
    bool has_value_ = false, has_quadrant_ = false, has_trend_ = false, has_alerts_ = false;
};

}  // namespace vitals::report

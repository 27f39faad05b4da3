// Vitals — scorecard sets: a scorecard per segment (SMB / Mid-market / Enterprise, or onboarding /
// adopted / renewal), chosen per account by the value of a segment column, with an optional default.
//
// One set of column names feeds every card: each card binds its own inputs from it. The batch form
// partitions the rows by card and scores each part with score_batch, so each account gets exactly
// what scoring it alone with its card gives. The file format is in scorecard_set_file.hpp.
#pragma once

#include "vitals/batch.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Scorecards by segment value. Immutable once built; thread-safe reads.
class scorecard_set {
public:
    /// One segment value and the index of its card in cards().
    struct segment {
        std::string value;
        std::size_t card = 0;
    };

    /// Builds a set: `cards` (several segments may share one), `segments` (value -> card index;
    /// values non-empty and distinct, matched exactly, case-sensitive) and an optional default card
    /// index for values not listed (an empty segment cell is such a value). Errors:
    /// invalid_argument naming the problem (empty column name, no cards, a bad index, a repeated
    /// or empty value, a card no segment or default uses).
    [[nodiscard]] static result<scorecard_set> build(std::string segment_column, std::vector<scorecard> cards,
                                                     std::vector<segment> segments,
                                                     std::optional<std::size_t> default_card = std::nullopt) {
        std::string p;
        const auto add = [&](const std::string& s) { p += (p.empty() ? "" : "\n") + s; };
        if (segment_column.empty()) add("segment_column: must not be empty");
        if (cards.empty()) add("cards: a set needs at least one scorecard");
        std::vector<char> used(cards.size(), 0);
        for (std::size_t i = 0; i < segments.size(); ++i) {
            const segment& s = segments[i];
            const std::string at = "segments[" + std::to_string(i) + "]";
            if (s.value.empty()) add(at + ": the segment value must not be empty (empty cells take the default)");
            for (std::size_t j = 0; j < i; ++j)
                if (!s.value.empty() && segments[j].value == s.value)
                    add(at + ": segment \"" + s.value + "\" is listed twice (first at segments[" + std::to_string(j) + "])");
            if (s.card >= cards.size())
                add(at + ": card " + std::to_string(s.card) + " is not one of the " + std::to_string(cards.size()) + " cards");
            else
                used[s.card] = 1;
        }
        if (default_card) {
            if (*default_card >= cards.size())
                add("default_card: " + std::to_string(*default_card) + " is not one of the " +
                    std::to_string(cards.size()) + " cards");
            else
                used[*default_card] = 1;
        }
        for (std::size_t c = 0; c < cards.size(); ++c)
            if (!used[c]) add("cards[" + std::to_string(c) + "]: no segment and not the default uses it");
        if (!p.empty()) return fail(errc::invalid_argument, std::move(p));
        scorecard_set set;
        set.column_ = std::move(segment_column);
        set.cards_ = std::move(cards);
        set.segments_ = std::move(segments);
        set.default_ = default_card ? *default_card : npos;
        set.finish();
        return set;
    }

    /// A set of one scorecard and no segment column: every account uses it (is_single()).
    /// Lets a caller treat a plain scorecard file and a set file alike.
    [[nodiscard]] static scorecard_set single(scorecard card) {
        scorecard_set set;
        set.cards_.push_back(std::move(card));
        set.default_ = 0;
        set.finish();
        return set;
    }

    /// True for single(): no segment column, one card for everyone.
    [[nodiscard]] bool is_single() const noexcept { return column_.empty(); }
    /// The column whose value picks the card ("" for a single card).
    [[nodiscard]] std::string_view segment_column() const noexcept { return column_; }
    [[nodiscard]] std::span<const scorecard> cards() const noexcept { return cards_; }
    [[nodiscard]] std::span<const segment> segments() const noexcept { return segments_; }
    /// The levels of input column `name` when a card reads it as a column of levels (nullptr: a
    /// number column, or no card reads it). Errors: invalid_scorecard when two cards list
    /// different levels for it (a column's codes must mean the same level to every card).
    [[nodiscard]] result<const categories*> input_levels(std::string_view name) const {
        const categories* found = nullptr;
        std::size_t found_in = 0;
        for (std::size_t c = 0; c < cards_.size(); ++c) {
            const std::size_t i = cards_[c].input_index(name);
            const categories* l = i == npos ? nullptr : cards_[c].input_levels(i);
            if (l == nullptr) continue;
            if (found == nullptr) {
                found = l;
                found_in = c;
                continue;
            }
            if (!found->same_levels(*l))
                return fail(errc::invalid_scorecard,
                            "column \"" + std::string(name) + "\": the scorecards \"" + std::string(cards_[found_in].name()) +
                                "\" and \"" + std::string(cards_[c].name()) +
                                "\" list different levels for it; cards of one set must agree on a column's levels");
        }
        return found;
    }
    /// The default card's index, or npos when the set has none.
    [[nodiscard]] std::size_t default_card() const noexcept { return default_; }
    /// The largest measure count of the cards: the width of per-measure batch outputs.
    [[nodiscard]] std::size_t max_measures() const noexcept { return max_measures_; }
    /// Every input column some card reads, in card order then each card's input order, once each.
    [[nodiscard]] std::span<const std::string> inputs() const noexcept { return inputs_; }

    /// How a card is named in output: its segment values joined by ", ", plus "default" when it is
    /// the default (e.g. "SMB, default"); for single(), "default".
    [[nodiscard]] const std::string& label(std::size_t card) const { return labels_.at(card); }

    /// The card of a segment value: its own, else the default; npos when neither.
    [[nodiscard]] std::size_t find(std::string_view value) const noexcept {
        for (const segment& s : segments_)
            if (s.value == value) return s.card;
        return default_;
    }

    /// The card of a segment value. Errors: unknown_column when the value has no card and the set
    /// no default; the message names the value, the segment column and `where` (e.g. "row 17
    /// (account \"A-17\")"), and lists the known values.
    [[nodiscard]] result<std::size_t> card_for(std::string_view value, std::string_view where = "") const {
        const std::size_t c = find(value);
        if (c != npos) return c;
        std::string known;
        for (const segment& s : segments_) known += (known.empty() ? "" : ", ") + s.value;
        return fail(errc::unknown_column, (where.empty() ? std::string() : std::string(where) + ": ") + "segment \"" +
                                              std::string(value) + "\" (column " + column_ +
                                              ") has no scorecard in the set, and the set has no default (known: " +
                                              known + ")");
    }

private:
    scorecard_set() = default;
    void finish() {
        labels_.assign(cards_.size(), std::string());
        for (const segment& s : segments_)
            labels_[s.card] += (labels_[s.card].empty() ? "" : ", ") + s.value;
        if (default_ != npos) labels_[default_] += labels_[default_].empty() ? "default" : ", default";
        max_measures_ = 0;
        for (const scorecard& c : cards_) {
            max_measures_ = std::max(max_measures_, c.measures().size());
            for (const std::string& in : c.inputs())
                if (std::find(inputs_.begin(), inputs_.end(), in) == inputs_.end()) inputs_.push_back(in);
        }
    }

    std::string column_;
    std::vector<scorecard> cards_;
    std::vector<segment> segments_;
    std::size_t default_ = npos;
    std::vector<std::string> labels_;
    std::vector<std::string> inputs_;
    std::size_t max_measures_ = 0;
};

namespace detail {

/// `account "A-17": ` for row `row`, or nothing without ids: an account id is a key, so messages
/// may name it; the row number is left to the caller (error::row).
template <text_list Ids>
std::string account_prefix(const Ids& ids, std::size_t row) {
    if (ids.size() <= row || std::string_view(ids[row]).empty()) return {};
    return "account \"" + std::string(std::string_view(ids[row])) + "\": ";
}

/// Card per row; the first row without a card is the error (its row as data, with a count of the
/// others).
template <text_list Segments, text_list Ids>
result<void> choose_cards(const scorecard_set& set, const Segments& segments, const Ids& ids,
                          std::span<std::int32_t> card) {
    std::size_t first_bad = npos, bad = 0;
    for (std::size_t r = 0; r < card.size(); ++r) {
        const std::size_t c = set.is_single() ? 0 : set.find(std::string_view(segments[r]));
        if (c == npos) {
            if (first_bad == npos) first_bad = r;
            ++bad;
        }
        card[r] = c == npos ? -1 : static_cast<std::int32_t>(c);
    }
    if (first_bad == npos) return boost::outcome_v2::success();
    auto e = set.card_for(std::string_view(segments[first_bad]));
    std::string msg = account_prefix(ids, first_bad) + e.error().message;
    if (bad > 1) msg += " (and " + std::to_string(bad - 1) + " more rows without a scorecard)";
    return fail_at_row(errc::unknown_column, static_cast<std::int64_t>(first_bad), std::move(msg));
}

/// Each card's input columns among `columns` (all must be there).
inline result<std::vector<std::vector<std::int64_t>>> bind_set(const scorecard_set& set,
                                                               std::span<const std::string> columns) {
    std::vector<std::vector<std::int64_t>> bound;
    for (std::size_t c = 0; c < set.cards().size(); ++c) {
        auto b = bind_columns(set.cards()[c], columns);
        if (!b) return fail(b.error().code, "scorecard for " + set.label(c) + ": " + b.error().message);
        bound.push_back(std::move(b).value());
    }
    return bound;
}

}  // namespace detail

/// Scores every row of `frame` (whose columns are named by `columns`) with the card its segment
/// picks: `segments[r]` is row r's segment value (ignored, may be empty, for a single() set).
/// Writes the card index per row to `card_out` (if not empty) and the results to `out`, where the
/// per-measure arrays are rows x set.max_measures() (account-major; a card with fewer measures
/// leaves the rest NaN) and measure / driver indices refer to the row's card. Rows are partitioned
/// by card, gathered and scored with score_batch, so each row equals scoring it alone with its
/// card. `ids` (optional) name accounts in messages.
/// Errors: unknown_column (a segment value with no card and no default: names the value and the
/// account; or a card's input missing from `columns`), shape_mismatch, those of score_batch. An
/// error about one row has it in error::row (a row of `frame`, whatever part it was scored in);
/// the message does not number it. Outputs are unspecified after an error.
template <class T, text_list Segments, text_list Ids = std::span<const std::string_view>>
[[nodiscard]] result<void> score_batch(const scorecard_set& set, const frame_view<T>& frame,
                                       std::span<const std::string> columns, const Segments& segments,
                                       const batch_output& out, std::span<std::int32_t> card_out = {},
                                       const batch_options& options = {}, const Ids& ids = {}) {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    VITALS_TRY(frame.validate("frame"));
    const auto rows = static_cast<std::size_t>(frame.rows);
    if (columns.size() != static_cast<std::size_t>(frame.cols))
        return fail(errc::shape_mismatch, "columns: " + std::to_string(columns.size()) + " names for " +
                                              std::to_string(frame.cols) + " frame columns");
    if (!set.is_single() && segments.size() != rows)
        return fail(errc::shape_mismatch, "segments: " + std::to_string(segments.size()) + " values for " +
                                              std::to_string(rows) + " rows");
    if (ids.size() != 0 && ids.size() != rows)
        return fail(errc::shape_mismatch, "ids: " + std::to_string(ids.size()) + " for " + std::to_string(rows) + " rows");
    if (options.top_k > 64) return fail(errc::invalid_argument, "options.top_k: at most 64");
    const std::size_t W = set.max_measures(), K = options.top_k;
    VITALS_TRY(detail::check_output("card", card_out.size(), rows));
    VITALS_TRY(detail::check_output("score", out.score.size(), rows));
    VITALS_TRY(detail::check_output("band", out.band.size(), rows));
    VITALS_TRY(detail::check_output("coverage", out.coverage.size(), rows));
    VITALS_TRY(detail::check_output("status", out.status.size(), rows));
    VITALS_TRY(detail::check_output("contributions", out.contributions.size(), rows * W));
    VITALS_TRY(detail::check_output("points_lost", out.points_lost.size(), rows * W));
    VITALS_TRY(detail::check_output("drivers", out.drivers.size(), rows * K));
    VITALS_TRY(bound, detail::bind_set(set, columns));
    std::vector<std::int32_t> own_card;
    std::span<std::int32_t> card = card_out.empty() ? std::span<std::int32_t>() : card_out.first(rows);
    if (card_out.empty()) {
        own_card.resize(rows);
        card = own_card;
    }
    VITALS_TRY(detail::choose_cards(set, segments, ids, card));
    if (rows == 0) return boost::outcome_v2::success();

    // one card for every row and outputs of its width: score in place, no gathering
    const bool one_card = std::all_of(card.begin(), card.end(), [&](std::int32_t c) { return c == card[0]; });
    const bool per_measure = !out.contributions.empty() || !out.points_lost.empty();
    const scorecard& first = set.cards()[static_cast<std::size_t>(card[0])];
    if (one_card && (!per_measure || first.measures().size() == W)) {
        auto r = score_batch(first, frame, std::span<const std::int64_t>(bound[static_cast<std::size_t>(card[0])]), out,
                             options);
        if (!r && r.error().row >= 0) {
            error e = std::move(r).error();
            e.message = detail::account_prefix(ids, static_cast<std::size_t>(e.row)) + e.message;
            return e;
        }
        return r;
    }

    // partition: per card, in slices of at most `slice` rows, gather the card's inputs into a
    // column-major frame, score, scatter back
    constexpr std::size_t slice = std::size_t{1} << 16;
    std::vector<std::size_t> members;
    std::vector<double> values, score, coverage, contributions, lost;
    std::vector<std::int32_t> band, status, drivers;
    for (std::size_t c = 0; c < set.cards().size(); ++c) {
        const scorecard& sc = set.cards()[c];
        const std::vector<std::int64_t>& cols = bound[c];
        const std::size_t M = sc.measures().size(), I = cols.size();
        members.clear();
        for (std::size_t r = 0; r < rows; ++r)
            if (card[r] == static_cast<std::int32_t>(c)) members.push_back(r);
        std::vector<std::int64_t> identity(I);
        for (std::size_t k = 0; k < I; ++k) identity[k] = static_cast<std::int64_t>(k);
        for (std::size_t s0 = 0; s0 < members.size(); s0 += slice) {
            const std::size_t n = std::min(slice, members.size() - s0);
            values.assign(std::max<std::size_t>(n * I, 1), qnan);
            for (std::size_t k = 0; k < I; ++k) {
                if (cols[k] < 0) continue;
                for (std::size_t i = 0; i < n; ++i)
                    values[k * n + i] = static_cast<double>(frame(static_cast<std::int64_t>(members[s0 + i]), cols[k]));
            }
            batch_output part;
            if (!out.score.empty()) part.score = (score.resize(n), std::span<double>(score));
            if (!out.band.empty()) part.band = (band.resize(n), std::span<std::int32_t>(band));
            if (!out.coverage.empty()) part.coverage = (coverage.resize(n), std::span<double>(coverage));
            if (!out.status.empty()) part.status = (status.resize(n), std::span<std::int32_t>(status));
            if (!out.contributions.empty()) part.contributions = (contributions.resize(n * M), std::span<double>(contributions));
            if (!out.points_lost.empty()) part.points_lost = (lost.resize(n * M), std::span<double>(lost));
            if (!out.drivers.empty()) part.drivers = (drivers.resize(n * K), std::span<std::int32_t>(drivers));
            const auto view = frame_view<double>::column_major(values.data(), static_cast<std::int64_t>(n),
                                                               static_cast<std::int64_t>(I));
            if (auto r = score_batch(sc, view, std::span<const std::int64_t>(identity), part, options); !r) {
                // the error's row is the part's: map it back to the caller's row by index
                error e = std::move(r).error();
                std::string prefix;
                if (e.row >= 0 && static_cast<std::size_t>(e.row) < n) {
                    const std::size_t row = members[s0 + static_cast<std::size_t>(e.row)];
                    prefix = detail::account_prefix(ids, row);
                    e.row = static_cast<std::int64_t>(row);
                } else {
                    e.row = -1;
                }
                e.message = prefix + "scorecard for " + set.label(c) + ": " + e.message;
                return e;
            }
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t r = members[s0 + i];
                if (!out.score.empty()) out.score[r] = score[i];
                if (!out.band.empty()) out.band[r] = band[i];
                if (!out.coverage.empty()) out.coverage[r] = coverage[i];
                if (!out.status.empty()) out.status[r] = status[i];
                for (std::size_t m = 0; m < W; ++m) {
                    if (!out.contributions.empty()) out.contributions[r * W + m] = m < M ? contributions[i * M + m] : qnan;
                    if (!out.points_lost.empty()) out.points_lost[r * W + m] = m < M ? lost[i * M + m] : qnan;
                }
                if (!out.drivers.empty()) std::copy_n(drivers.begin() + static_cast<std::ptrdiff_t>(i * K), K, out.drivers.begin() + static_cast<std::ptrdiff_t>(r * K));
            }
        }
    }
    return boost::outcome_v2::success();
}

/// Applies `book` as of `as_of` to a chunk scored by score_batch(set, ...) with the same frame,
/// `columns`, outputs and options.top_k; `card` is the card per row it wrote. As the single-card
/// apply_overrides: only rows whose account has an override are read and written, measure
/// targets are checked against the row's card (an unknown measure names the row, account and card).
template <class T, text_list Ids>
[[nodiscard]] result<std::vector<overridden_row>> apply_overrides(const scorecard_set& set, const override_book& book,
                                                                  day_number as_of, const Ids& ids,
                                                                  const frame_view<T>& frame,
                                                                  std::span<const std::string> columns,
                                                                  std::span<const std::int32_t> card,
                                                                  const batch_output& out,
                                                                  const batch_options& options = {}) {
    if (card.size() != static_cast<std::size_t>(std::max<std::int64_t>(frame.rows, 0)))
        return fail(errc::shape_mismatch, "card: " + std::to_string(card.size()) + " values for " +
                                              std::to_string(frame.rows) + " rows");
    if (columns.size() != static_cast<std::size_t>(std::max<std::int64_t>(frame.cols, 0)))
        return fail(errc::shape_mismatch, "columns: " + std::to_string(columns.size()) + " names for " +
                                              std::to_string(frame.cols) + " frame columns");
    for (std::size_t r = 0; r < card.size(); ++r)
        if (card[r] < 0 || card[r] >= static_cast<std::int64_t>(set.cards().size()))
            return fail(errc::invalid_argument, "card[" + std::to_string(r) + "]: " + std::to_string(card[r]) +
                                                    " is not a card of the set");
    VITALS_TRY(bound, detail::bind_set(set, columns));
    const auto card_of = [&](std::size_t r) {
        using pair = std::pair<const scorecard*, std::span<const std::int64_t>>;
        const auto c = static_cast<std::size_t>(card[r]);
        return pair(&set.cards()[c], std::span<const std::int64_t>(bound[c]));
    };
    return detail::apply_overrides_rows(book, as_of, ids, frame, card_of, set.max_measures(), out, options);
}

}  // namespace v1
}  // namespace vitals

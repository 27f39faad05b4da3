// Vitals — overrides with expiry: a person's judgement on top of the computed score.
//
// A customer success manager may override one account's overall score, or one measure's sub-score
// (on the 0-100 points scale), with a reason, an author and an expiry date. An override holds
// through its expiry date and lapses by itself the day after, relative to an "as of" date.
// Applying overrides keeps both answers: the computed score and the overridden one, with who, why
// and until when; an expired override is reported as lapsed, never silently dropped.
//
//   measure override  the account is re-scored by the reference scorer with that measure's
//                     sub-score forced (score, band, coverage, contributions and drivers follow;
//                     a measure with no data counts as present);
//   score override    replaces the final score (after any measure overrides) and its band; the
//                     account counts as scored; coverage and contributions stay as computed.
//
// Data flow: parse (text fields of an overrides file -> account_override) -> override_book
// (validated, indexed by account id) -> apply to one account, or to a chunk of score_batch outputs
// (only the rows whose account has an override are read or written).
#pragma once

#include "vitals/batch.hpp"
#include "vitals/date.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"

#include <charconv>
#include <concepts>
#include <cstdio>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {

/// The target that overrides an account's overall score; any other target names a measure.
inline constexpr std::string_view score_target = "score";

/// One override of one account's score or of one of its measures.
struct account_override {
    std::string account_id;
    std::string target;  ///< "score", or a measure name
    double value = std::numeric_limits<double>::quiet_NaN();  ///< 0-100 points (a measure: 100 x sub-score)
    std::string reason;  ///< why (required)
    std::string author;  ///< who (required)
    day_number expires = 0;  ///< holds through this day; lapsed from the day after
    std::string origin;      ///< where it came from, for messages (e.g. "overrides.csv:4"); may be empty

    [[nodiscard]] bool targets_score() const noexcept { return target == score_target; }
    /// Whether it holds on `as_of` (through its expiry date, inclusive).
    [[nodiscard]] bool active(day_number as_of) const noexcept { return as_of <= expires; }
};

/// The text fields of one override, as an overrides file holds them
/// (`account_id,target,value,reason,author,expires`).
struct override_text {
    std::string_view account_id, target, value, reason, author, expires;
};

namespace detail {

inline std::string override_place(const account_override& o, std::size_t index) {
    return o.origin.empty() ? "override #" + std::to_string(index) + " (account \"" + o.account_id + "\")"
                            : o.origin;
}

inline std::string override_field_problems(const account_override& o) {
    std::string p;
    const auto add = [&](const std::string& s) { p += (p.empty() ? "" : "\n") + s; };
    if (o.account_id.empty()) add("column account_id: must not be empty");
    if (o.target.empty()) add("column target: must not be empty (\"score\" or a measure name)");
    if (!(o.value >= 0.0 && o.value <= 100.0)) {
        char text[32];
        std::snprintf(text, sizeof text, "%.15g", o.value);
        add("column value: " + std::string(text) + " is not in 0-100 (points)");
    }
    if (o.reason.empty()) add("column reason: must not be empty (say why)");
    if (o.author.empty()) add("column author: must not be empty (say who)");
    return p;
}

inline std::string prefix_lines(const std::string& prefix, const std::string& lines) {
    std::string out;
    std::size_t start = 0;
    while (start <= lines.size()) {
        const std::size_t nl = lines.find('\n', start);
        const std::size_t end = nl == std::string::npos ? lines.size() : nl;
        out += (out.empty() ? "" : "\n") + prefix + ": " + lines.substr(start, end - start);
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return out;
}

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace detail

/// Reads one override from its text fields. `origin` names the row in messages and is kept in the
/// override (e.g. "overrides.csv:4"). Strict: value is a plain decimal number in 0-100, expires is
/// exactly YYYY-MM-DD, account_id, target, reason and author are not empty. Every problem of the
/// row is reported, one per line, as `<origin>: column <name>: <what>`.
/// Errors: parse_error (a value or date that does not parse), invalid_argument (anything else).
[[nodiscard]] inline result<account_override> parse_override(const override_text& text, std::string_view origin) {
    account_override o;
    o.account_id = std::string(text.account_id);
    o.target = std::string(text.target);
    o.reason = std::string(text.reason);
    o.author = std::string(text.author);
    o.origin = std::string(origin);
    std::string problems;
    bool parse_problem = false, value_unparsed = false;
    const auto add = [&](const std::string& s) { problems += (problems.empty() ? "" : "\n") + s; };
    {
        const char* b = text.value.data();
        const char* e = b + text.value.size();
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(b, e, v, std::chars_format::fixed);
        if (text.value.empty() || ec != std::errc() || ptr != e) {
            add("column value: \"" + std::string(text.value) + "\" is not a number");
            parse_problem = value_unparsed = true;
        } else {
            o.value = v;
        }
    }
    if (auto d = parse_date(text.expires); d) {
        o.expires = d.value();
    } else {
        add("column expires: " + d.error().message);
        parse_problem = true;
    }
    std::string fields = detail::override_field_problems(o);
    // a value that did not parse is reported once, as not a number
    if (value_unparsed) {
        std::string kept;
        std::size_t start = 0;
        while (start < fields.size()) {
            std::size_t nl = fields.find('\n', start);
            if (nl == std::string::npos) nl = fields.size();
            const std::string line = fields.substr(start, nl - start);
            if (line.rfind("column value:", 0) != 0) kept += (kept.empty() ? "" : "\n") + line;
            start = nl + 1;
        }
        fields = kept;
    }
    if (!fields.empty()) add(fields);
    if (!problems.empty())
        return fail(parse_problem ? errc::parse_error : errc::invalid_argument,
                    detail::prefix_lines(origin.empty() ? std::string("override") : std::string(origin), problems));
    return o;
}

/// Overrides indexed by account id. Several overrides of one account (and of one target) may be
/// held, e.g. an expired one and its successor; at most one per target may be active on a date.
/// Thread-safe for concurrent reads; add() is not.
class override_book {
public:
    /// Adds an override after checking its fields (value in 0-100, no empty id, target, reason or
    /// author). Errors: invalid_argument naming the override's origin and column.
    [[nodiscard]] result<void> add(account_override o) {
        const std::string p = detail::override_field_problems(o);
        if (!p.empty()) return fail(errc::invalid_argument, detail::prefix_lines(detail::override_place(o, entries_.size()), p));
        index_[o.account_id].push_back(entries_.size());
        entries_.push_back(std::move(o));
        return boost::outcome_v2::success();
    }

    /// Every override, in the order added.
    [[nodiscard]] std::span<const account_override> entries() const noexcept { return entries_; }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

    /// Indices into entries() of one account's overrides, in the order added (empty if none).
    [[nodiscard]] std::span<const std::size_t> for_account(std::string_view account_id) const {
        const auto it = index_.find(account_id);
        if (it == index_.end()) return {};
        return it->second;
    }

    /// The place an entry is named by in messages: its origin, or "override #i (account ...)".
    [[nodiscard]] std::string place(std::size_t entry) const { return detail::override_place(entries_[entry], entry); }

    /// Checks every measure target against a scorecard. Errors: unknown_column, one line per
    /// override whose measure the scorecard does not have, naming its row.
    [[nodiscard]] result<void> validate(const scorecard& card) const {
        std::string problems;
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (auto r = check_target(i, card); !r) problems += (problems.empty() ? "" : "\n") + r.error().message;
        if (!problems.empty()) return fail(errc::unknown_column, std::move(problems));
        return boost::outcome_v2::success();
    }

    /// Checks that no account has two overrides of the same target active on `as_of`.
    /// Errors: invalid_argument, one line per clash, naming both rows.
    [[nodiscard]] result<void> check_conflicts(day_number as_of) const {
        std::string problems;
        for (const auto& [id, list] : index_)
            if (auto r = check_account_conflicts(list, as_of); !r)
                problems += (problems.empty() ? "" : "\n") + r.error().message;
        if (!problems.empty()) return fail(errc::invalid_argument, std::move(problems));
        return boost::outcome_v2::success();
    }

    /// The measure index an entry targets in `card` (npos for the score). Errors: unknown_column.
    [[nodiscard]] result<std::size_t> check_target(std::size_t entry, const scorecard& card) const {
        const account_override& o = entries_[entry];
        if (o.targets_score()) return npos;
        const std::size_t m = card.measure_index(o.target);
        if (m != npos) return m;
        std::string known;
        for (const measure& me : card.measures()) known += (known.empty() ? "" : ", ") + me.name;
        return fail(errc::unknown_column, place(entry) + ": column target: unknown measure \"" + o.target +
                                              "\" for account \"" + o.account_id + "\" (scorecard \"" +
                                              std::string(card.name()) + "\" has: score, " + known + ")");
    }

    /// Checks one account's overrides (indices into entries()) for two active ones of one target.
    [[nodiscard]] result<void> check_account_conflicts(std::span<const std::size_t> list, day_number as_of) const {
        for (std::size_t a = 0; a < list.size(); ++a) {
            const account_override& x = entries_[list[a]];
            if (!x.active(as_of)) continue;
            for (std::size_t b = a + 1; b < list.size(); ++b) {
                const account_override& y = entries_[list[b]];
                if (y.active(as_of) && y.target == x.target)
                    return fail(errc::invalid_argument,
                                place(list[b]) + ": account \"" + x.account_id + "\" has two active overrides of \"" +
                                    x.target + "\" on " + format_date(as_of) + ": this one (expires " +
                                    format_date(y.expires) + ") and " + place(list[a]) + " (expires " +
                                    format_date(x.expires) + ")");
            }
        }
        return boost::outcome_v2::success();
    }

private:
    std::vector<account_override> entries_;
    std::unordered_map<std::string, std::vector<std::size_t>, detail::string_hash, std::equal_to<>> index_;
};

/// Whether an override was applied or had lapsed on the "as of" date.
enum class override_state : std::int32_t {
    applied = 0,  ///< active on the date: its value is in the result
    lapsed = 1,   ///< expired before the date: the computed value stands
};

[[nodiscard]] constexpr std::string_view to_string(override_state s) noexcept {
    return s == override_state::applied ? "applied" : "lapsed";
}

/// One override of an account, as it was applied (or not).
struct override_effect {
    std::size_t entry = 0;  ///< index into override_book::entries()
    override_state state = override_state::lapsed;
    std::size_t measure = npos;  ///< the measure index it targets; npos for the overall score
    double computed = std::numeric_limits<double>::quiet_NaN();  ///< the target's computed value, 0-100 (NaN: none)
    double value = std::numeric_limits<double>::quiet_NaN();     ///< the override's value, 0-100
};

/// One account's score with its overrides applied.
struct overridden_score {
    account_score computed;  ///< as the scorecard computes it
    account_score result;    ///< with every applied override (equals computed when none applies)
    std::vector<override_effect> effects;  ///< every override of the account, in book order
    bool score_overridden = false;         ///< whether a score override is applied

    [[nodiscard]] bool any_applied() const noexcept {
        for (const override_effect& e : effects)
            if (e.state == override_state::applied) return true;
        return false;
    }
};

/// Scores one account (inputs in card.inputs() order, NaN = missing) and applies its overrides
/// from `book` as of `as_of`. `options.sub_scores` must be empty (overrides set it).
/// Errors: those of score_account; unknown_column (an override of a measure the card lacks);
/// invalid_argument (two overrides of one target active on `as_of`, or options.sub_scores given).
[[nodiscard]] inline result<overridden_score> apply_overrides(const scorecard& card, std::span<const double> inputs,
                                                              const override_book& book, std::string_view account_id,
                                                              day_number as_of, score_options options = {}) {
    if (!options.sub_scores.empty())
        return fail(errc::invalid_argument, "options.sub_scores: must be empty; overrides set the forced sub-scores");
    const std::span<const std::size_t> list = book.for_account(account_id);
    VITALS_TRY(computed, score_account(card, inputs, options));
    overridden_score out;
    out.computed = std::move(computed);
    VITALS_TRY(book.check_account_conflicts(list, as_of));
    std::vector<double> forced;
    double score_value = std::numeric_limits<double>::quiet_NaN();
    for (const std::size_t i : list) {
        const account_override& o = book.entries()[i];
        VITALS_TRY(m, book.check_target(i, card));
        override_effect e;
        e.entry = i;
        e.measure = m;
        e.value = o.value;
        e.state = o.active(as_of) ? override_state::applied : override_state::lapsed;
        e.computed = m == npos ? out.computed.score : 100.0 * out.computed.measures[m].sub_score;
        if (e.state == override_state::applied) {
            if (m == npos) {
                score_value = o.value;
                out.score_overridden = true;
            } else {
                if (forced.empty()) forced.assign(card.measures().size(), std::numeric_limits<double>::quiet_NaN());
                forced[m] = o.value / 100.0;
            }
        }
        out.effects.push_back(e);
    }
    if (forced.empty()) {
        out.result = out.computed;
    } else {
        score_options forced_options = options;
        forced_options.sub_scores = forced;
        VITALS_TRY(r, score_account(card, inputs, forced_options));
        out.result = std::move(r);
    }
    if (out.score_overridden) {
        out.result.score = score_value;
        out.result.band = card.bands().classify(score_value);
        out.result.status = status::ok;
    }
    return out;
}

/// A batch row whose account has overrides: computed and overridden values side by side.
struct overridden_row {
    std::int64_t row = 0;  ///< row of the chunk
    double computed_score = std::numeric_limits<double>::quiet_NaN();
    std::int32_t computed_band = bands::none;
    vitals::status computed_status = status::insufficient_data;
    double computed_coverage = 0.0;
    double score = std::numeric_limits<double>::quiet_NaN();  ///< after overrides (as written to the outputs)
    std::int32_t band = bands::none;
    vitals::status status = status::insufficient_data;
    double coverage = 0.0;
    bool score_overridden = false;
    std::vector<override_effect> effects;  ///< in book order; measure indices refer to the row's scorecard

    [[nodiscard]] bool any_applied() const noexcept {
        for (const override_effect& e : effects)
            if (e.state == override_state::applied) return true;
        return false;
    }
};

/// A random-access list of account ids (or segment values): a std::vector or std::span of
/// std::string, std::string_view or const char*.
template <class L>
concept text_list = requires(const L& list, std::size_t i) {
    { list.size() } -> std::convertible_to<std::size_t>;
    { std::string_view(list[i]) };
};

namespace detail {

/// Writes one account's result into row `row` of batch outputs whose per-account measure arrays
/// have `stride` columns (measures beyond the card's are NaN).
inline void write_row(const account_score& s, std::size_t row, std::size_t stride, std::size_t top_k,
                      const batch_output& out) {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    if (!out.score.empty()) out.score[row] = s.score;
    if (!out.band.empty()) out.band[row] = s.band;
    if (!out.coverage.empty()) out.coverage[row] = s.coverage;
    if (!out.status.empty()) out.status[row] = static_cast<std::int32_t>(s.status);
    for (std::size_t m = 0; m < stride; ++m) {
        const bool in = m < s.measures.size();
        if (!out.contributions.empty()) out.contributions[row * stride + m] = in ? s.measures[m].contribution : qnan;
        if (!out.points_lost.empty()) out.points_lost[row * stride + m] = in ? s.measures[m].points_lost : qnan;
    }
    if (!out.drivers.empty())
        for (std::size_t k = 0; k < top_k; ++k)
            out.drivers[row * top_k + k] = k < s.drivers.size() ? static_cast<std::int32_t>(s.drivers[k]) : -1;
}

/// The batch form for any card per row: `card_of(row)` gives the row's scorecard and the frame
/// column of each of its inputs (-1 = absent).
template <class T, class Ids, class CardOf>
result<std::vector<overridden_row>> apply_overrides_rows(const override_book& book, day_number as_of,
                                                         const Ids& ids, const frame_view<T>& frame,
                                                         CardOf&& card_of, std::size_t stride,
                                                         const batch_output& out, const batch_options& options) {
    VITALS_TRY(frame.validate("frame"));
    const auto rows = static_cast<std::size_t>(frame.rows);
    if (ids.size() != rows)
        return fail(errc::shape_mismatch, "ids: " + std::to_string(ids.size()) + " given, the frame has " +
                                              std::to_string(rows) + " rows");
    VITALS_TRY(check_output("score", out.score.size(), rows));
    VITALS_TRY(check_output("band", out.band.size(), rows));
    VITALS_TRY(check_output("coverage", out.coverage.size(), rows));
    VITALS_TRY(check_output("status", out.status.size(), rows));
    VITALS_TRY(check_output("contributions", out.contributions.size(), rows * stride));
    VITALS_TRY(check_output("points_lost", out.points_lost.size(), rows * stride));
    VITALS_TRY(check_output("drivers", out.drivers.size(), rows * options.top_k));
    std::vector<overridden_row> report;
    if (book.empty()) return report;
    std::vector<double> inputs;
    score_options so;
    so.top_k = options.top_k;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::string_view id(ids[r]);
        if (book.for_account(id).empty()) continue;
        const auto [card, cols] = card_of(r);
        inputs.assign(cols.size(), std::numeric_limits<double>::quiet_NaN());
        for (std::size_t k = 0; k < cols.size(); ++k)
            if (cols[k] >= 0) inputs[k] = static_cast<double>(frame(static_cast<std::int64_t>(r), cols[k]));
        auto applied = apply_overrides(*card, inputs, book, id, as_of, so);
        if (!applied)
            return fail_at_row(applied.error().code, static_cast<std::int64_t>(r),
                               "account \"" + std::string(id) + "\": " + applied.error().message);
        overridden_score& a = applied.value();
        overridden_row row;
        row.row = static_cast<std::int64_t>(r);
        row.computed_score = a.computed.score;
        row.computed_band = a.computed.band;
        row.computed_status = a.computed.status;
        row.computed_coverage = a.computed.coverage;
        row.score = a.result.score;
        row.band = a.result.band;
        row.status = a.result.status;
        row.coverage = a.result.coverage;
        row.score_overridden = a.score_overridden;
        row.effects = std::move(a.effects);
        if (row.any_applied()) write_row(a.result, r, stride, options.top_k, out);
        report.push_back(std::move(row));
    }
    return report;
}

}  // namespace detail

/// Applies `book` as of `as_of` to a chunk already scored by score_batch with the same `card`,
/// `frame`, `input_columns`, `out` and `options.top_k`: `ids[r]` is row r's account id. Only rows
/// whose account has an override are read and written: their computed values are re-scored by the
/// reference scorer (equal to score_batch's bit for bit) and, when an override applies, their
/// outputs are overwritten with the overridden result. Returns those rows in row order, with
/// computed and overridden values and every override's effect (lapsed ones included).
/// Errors: shape_mismatch (ids or buffers of the wrong size); those of apply_overrides, prefixed
/// with the account id, the row in error::row (the message does not number it).
template <class T, text_list Ids>
[[nodiscard]] result<std::vector<overridden_row>> apply_overrides(const scorecard& card, const override_book& book,
                                                                  day_number as_of, const Ids& ids,
                                                                  const frame_view<T>& frame,
                                                                  std::span<const std::int64_t> input_columns,
                                                                  const batch_output& out,
                                                                  const batch_options& options = {}) {
    if (input_columns.size() != card.inputs().size())
        return fail(errc::invalid_argument, "input_columns: " + std::to_string(input_columns.size()) +
                                                " given, the scorecard reads " + std::to_string(card.inputs().size()) +
                                                " inputs");
    for (std::size_t k = 0; k < input_columns.size(); ++k)
        if (input_columns[k] < -1 || input_columns[k] >= frame.cols)
            return fail(errc::invalid_argument, "input_columns[" + std::to_string(k) + "]: column " +
                                                    std::to_string(input_columns[k]) + " is outside the frame (" +
                                                    std::to_string(frame.cols) + " columns)");
    const auto card_of = [&](std::size_t) { return std::pair<const scorecard*, std::span<const std::int64_t>>(&card, input_columns); };
    return detail::apply_overrides_rows(book, as_of, ids, frame, card_of, card.measures().size(), out, options);
}

}  // namespace v1
}  // namespace vitals

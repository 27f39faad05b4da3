// Vitals — evaluating a scorecard's alert rules over a batch of accounts.
//
// The rules live in the scorecard (scorecard_spec::alerts; vitals/signals/alert_rule.hpp). For
// each account and rule, evaluation tests the condition and applies the cooldown:
//   condition false                                  -> quiet
//   condition true, since_fired in [0, cooldown)     -> suppressed (raised too recently)
//   condition true otherwise (never fired, or since_fired >= cooldown) -> fired
// where since_fired is "periods since this alert last fired for this account" as of the period
// evaluated (1 = it fired in the previous period; -1 = never, or not known). The state to pass to
// the next period's evaluation comes out too: 1 when fired now, since_fired + 1 when it had fired
// before, -1 otherwise. A suppressed alert does not restart the cooldown.
//
// What each kind reports as value / threshold (NaN when not available, and then it never fires):
//   band_downgrade  the score / the latest previous score (fires when the score's band is lower)
//   score_drop      points below the highest previous score in the window / the rule's points
//   threshold       the column value, or the measure's sub-score x 100 / the rule's threshold
// A derived column (scorecard::derived()) is computed, block by block, from the input columns it
// reads (alert_columns names them), as the scorers compute it.
#pragma once

#include "vitals/detail/numeric.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/measure.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/signals/alert_rule.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vitals {
inline namespace v1 {

/// The outcome of one rule for one account. Values are stable (the C ABI uses them).
enum class alert_outcome : std::int32_t { quiet = 0, fired = 1, suppressed = 2 };

/// What an evaluation reads. Account i is row i of `values` and `previous`, entry i of `score`.
struct alert_inputs {
    frame_view<double> values;              ///< accounts x columns: inputs and derived trend columns
    std::span<const std::string> columns;   ///< the name of each column of `values` (values.cols names)
    std::span<const double> score;          ///< the current score per account; NaN = not scored
    frame_view<double> previous;            ///< accounts x earlier periods, oldest first, NaN = none; may have 0 columns
    std::span<const std::int32_t> since_fired;  ///< accounts x rules, account-major; -1 = never; empty = all never
};

/// One alert that fired or was held back by its cooldown, for one account.
struct alert_event {
    std::size_t account = 0;  ///< the row
    std::size_t rule = 0;     ///< index into card.spec().alerts
    alert_outcome outcome = alert_outcome::fired;  ///< fired or suppressed, never quiet
    double value = 0.0;       ///< the value tested
    double threshold = 0.0;   ///< what it was tested against
    friend bool operator==(const alert_event&, const alert_event&) = default;
};

/// Caller-owned outputs, accounts x rules, account-major (rule r of account i at [i * rules + r]).
/// An empty span means "not wanted". Most (account, rule) pairs are quiet, so when only the alerts
/// raised matter, ask for `events` instead of the dense value and threshold: they are what a
/// person reads, and at scale the dense arrays are most of the work (and accounts x rules x 16
/// bytes of memory).
struct alert_output {
    std::span<std::int32_t> outcome;      ///< alert_outcome values
    std::span<double> value;              ///< the value tested
    std::span<double> threshold;          ///< what it was tested against
    std::span<std::int32_t> since_fired;  ///< the state for the next period
    std::vector<alert_event>* events = nullptr;  ///< appended: every non-quiet outcome, by account then rule
};

struct alert_options {
    /// A column the rules read and `columns` lacks: error (false) or missing for every account (true).
    bool allow_absent = false;
};

/// The data columns the scorecard's alert rules read, in order of first use: threshold columns,
/// and the input columns of the measures whose sub-scores they test. For a derived column
/// (scorecard::derived()), the input columns it is computed from.
[[nodiscard]] inline std::vector<std::string> alert_columns(const scorecard& card) {
    std::vector<std::string> out;
    const auto add_one = [&](const std::string& c) {
        if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    };
    const auto add = [&](const std::string& c) {
        const std::size_t k = card.column_slot(c);
        if (k == npos || k < card.inputs().size()) return add_one(c);
        for (std::size_t i : card.inputs_read(k)) add_one(card.inputs()[i]);
    };
    for (const alert_rule& a : card.spec().alerts) {
        if (a.kind != alert_kind::threshold) continue;
        add(a.column);
        if (!a.measure.empty()) {
            const measure& m = card.measures()[card.measure_index(a.measure)];
            add(m.input.column);
            add(m.input.denominator);
        }
    }
    return out;
}

namespace detail {

inline constexpr std::size_t alert_block = 256;

inline result<void> check_alert_output(const char* name, std::size_t have, std::size_t need) {
    if (have != 0 && have < need)
        return fail(errc::shape_mismatch, std::string("out.") + name + ": " + std::to_string(have) +
                                              " elements, " + std::to_string(need) + " needed (accounts x alerts)");
    return boost::outcome_v2::success();
}

/// Column `col` of rows [r0, r0 + b) of `f`, contiguous: the frame's own memory when its rows are
/// contiguous, else a copy in `scratch` (all NaN for col < 0, an absent column).
inline const double* column_block(const frame_view<double>& f, std::int64_t r0, std::size_t b, std::int64_t col,
                                  double* scratch) {
    if (col < 0) {
        std::fill(scratch, scratch + b, std::numeric_limits<double>::quiet_NaN());
        return scratch;
    }
    const double* src = f.data + r0 * f.row_stride + col * f.col_stride;
    if (f.row_stride == 1) return src;
    const std::int64_t rs = f.row_stride;
    for (std::size_t i = 0; i < b; ++i) scratch[i] = src[static_cast<std::int64_t>(i) * rs];
    return scratch;
}

/// f(std::integral_constant<std::size_t, N>{}) with N = R for rule counts up to 8 (so loops over
/// the rules unroll into straight code), else N = 0 (the count known only at run time).
template <class F>
void with_rule_count(std::size_t R, F&& f) {
    switch (R) {
    case 1: return f(std::integral_constant<std::size_t, 1>{});
    case 2: return f(std::integral_constant<std::size_t, 2>{});
    case 3: return f(std::integral_constant<std::size_t, 3>{});
    case 4: return f(std::integral_constant<std::size_t, 4>{});
    case 5: return f(std::integral_constant<std::size_t, 5>{});
    case 6: return f(std::integral_constant<std::size_t, 6>{});
    case 7: return f(std::integral_constant<std::size_t, 7>{});
    case 8: return f(std::integral_constant<std::size_t, 8>{});
    default: return f(std::integral_constant<std::size_t, 0>{});
    }
}

/// A block's rule-major results (rule r of account i at [r * stride + i]) into the account-major
/// output (at [i * R + r]), for accounts i < b.
template <class T>
void interleave(T* dst, const T* src, std::size_t R, std::size_t stride, std::size_t b) {
    with_rule_count(R, [&](auto N) {
        const std::size_t n = N() != 0 ? N() : R;
        for (std::size_t i = 0; i < b; ++i)
            for (std::size_t r = 0; r < n; ++r) dst[i * n + r] = src[r * stride + i];
    });
}

/// The inverse: account-major input (at [i * R + r]) into a block's rule-major scratch.
template <class T>
void deinterleave(T* dst, const T* src, std::size_t R, std::size_t stride, std::size_t b) {
    with_rule_count(R, [&](auto N) {
        const std::size_t n = N() != 0 ? N() : R;
        for (std::size_t i = 0; i < b; ++i)
            for (std::size_t r = 0; r < n; ++r) dst[r * stride + i] = src[i * n + r];
    });
}

inline std::int64_t find_column(std::span<const std::string> columns, std::string_view name) {
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return static_cast<std::int64_t>(c);
    return -1;
}

}  // namespace detail

/// Evaluate every alert rule of `card` for every account (see the top of this header).
/// Errors: shape_mismatch (a bad frame; columns.size() != values.cols; score, previous, values or
/// since_fired with another account count; a short output), invalid_argument (a column name given
/// twice), unknown_column (a column the rules read is absent, unless options.allow_absent).
/// Thread-safe; to use several threads, split the accounts.
[[nodiscard]] inline result<void> evaluate_alerts(const scorecard& card, const alert_inputs& in,
                                                  const alert_output& out, const alert_options& options = {}) {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    const auto& rules = card.spec().alerts;
    const std::size_t R = rules.size();
    VITALS_TRY(in.values.validate("values"));
    VITALS_TRY(in.previous.validate("previous"));
    const auto rows = static_cast<std::size_t>(in.score.size());
    const auto same_rows = [&](const char* what, std::int64_t n) -> result<void> {
        if (static_cast<std::uint64_t>(n) != rows)
            return fail(errc::shape_mismatch, std::string(what) + ": " + std::to_string(n) + " accounts, score has " +
                                                  std::to_string(rows));
        return boost::outcome_v2::success();
    };
    if (in.values.cols != 0 || in.values.rows != 0) {
        VITALS_TRY(same_rows("values", in.values.rows));
    }
    if (in.previous.cols != 0 || in.previous.rows != 0) {
        VITALS_TRY(same_rows("previous", in.previous.rows));
    }
    if (static_cast<std::uint64_t>(in.columns.size()) != static_cast<std::uint64_t>(in.values.cols))
        return fail(errc::shape_mismatch, "columns: " + std::to_string(in.columns.size()) + " names for " +
                                              std::to_string(in.values.cols) + " value columns");
    for (std::size_t c = 0; c < in.columns.size(); ++c)
        for (std::size_t k = 0; k < c; ++k)
            if (in.columns[c] == in.columns[k])
                return fail(errc::invalid_argument, "columns: \"" + in.columns[c] + "\" appears more than once");
    if (R != 0 && rows > static_cast<std::size_t>(-1) / R)
        return fail(errc::shape_mismatch, "score: accounts x alerts overflows the size of a buffer");
    const std::size_t need = rows * R;
    if (!in.since_fired.empty() && in.since_fired.size() != need)
        return fail(errc::shape_mismatch, "since_fired: " + std::to_string(in.since_fired.size()) + " elements, " +
                                              std::to_string(need) + " expected (accounts x alerts)");
    VITALS_TRY(detail::check_alert_output("outcome", out.outcome.size(), need));
    VITALS_TRY(detail::check_alert_output("value", out.value.size(), need));
    VITALS_TRY(detail::check_alert_output("threshold", out.threshold.size(), need));
    VITALS_TRY(detail::check_alert_output("since_fired", out.since_fired.size(), need));

    // bind: per rule, the value column (threshold on a column) or the measure's input columns
    // (a derived column is computed from the input columns it reads: `derived` is its index)
    struct bound {
        std::int64_t column = -1, denominator = -1;
        std::size_t derived = npos, derived_denominator = npos;
        std::size_t measure = npos;
    };
    std::vector<bound> bind(R);
    std::string absent;
    const auto look = [&](const std::string& name) {
        const std::int64_t c = detail::find_column(in.columns, name);
        if (c < 0 && absent.find("\"" + name + "\"") == std::string::npos)
            absent += (absent.empty() ? "\"" : ", \"") + name + "\"";
        return c;
    };
    const std::size_t I = card.inputs().size(), D = card.derived().size();
    std::vector<char> derived_needed(D, 0), input_needed(I, 0);
    const auto bind_column = [&](const std::string& name, std::int64_t& column, std::size_t& derived) {
        const std::size_t k = card.column_slot(name);
        if (k != npos && k >= I) {
            derived = k - I;
            derived_needed[derived] = 1;
        } else {
            column = look(name);
        }
    };
    for (std::size_t r = 0; r < R; ++r) {
        const alert_rule& a = rules[r];
        if (a.kind != alert_kind::threshold) continue;
        if (!a.column.empty()) {
            bind_column(a.column, bind[r].column, bind[r].derived);
        } else {
            bind[r].measure = card.measure_index(a.measure);
            const input& ip = card.measures()[bind[r].measure].input;
            bind_column(ip.column, bind[r].column, bind[r].derived);
            if (ip.is_ratio()) bind_column(ip.denominator, bind[r].denominator, bind[r].derived_denominator);
        }
    }
    for (std::size_t d = D; d-- > 0;)  // what the derived columns needed read (only earlier ones)
        if (derived_needed[d])
            for (std::size_t k : card.derived()[d].operands) (k < I ? input_needed[k] : derived_needed[k - I]) = 1;
    std::vector<std::int64_t> input_column(I, -1);
    for (std::size_t k = 0; k < I; ++k)
        if (input_needed[k]) input_column[k] = look(card.inputs()[k]);
    if (!absent.empty() && !options.allow_absent)
        return fail(errc::unknown_column, "columns: the scorecard's alerts read columns that are not given: " + absent);
    if (rows == 0 || R == 0) return boost::outcome_v2::success();

    const bands& bd = card.bands();
    const std::int64_t P = in.previous.cols;
    const std::size_t B = detail::alert_block;
    bool need_latest = false;
    for (const alert_rule& a : rules) need_latest = need_latest || a.kind == alert_kind::band_downgrade;
    // per-block scratch: previous scores (P x B), latest previous, bands, raw values, value
    std::vector<double> prev_copy(static_cast<std::size_t>(P) * B), latest(B), raw(B), den(B), v(B);
    std::vector<const double*> prev(static_cast<std::size_t>(P));
    std::vector<std::int32_t> band_now(B), band_before(B);
    std::vector<unsigned char> cond(B);
    // The block's results, rule-major (rule r of account i at [r * B + i]): each rule's loops run
    // over contiguous memory, and the account-major outputs are then written once, in address
    // order, rather than with stride R once per rule (which touched every output line R times).
    std::vector<std::int32_t> since_in(R * B), outcome(R * B), next(R * B), raised(B);  // raised: any rule, per account
    std::vector<double> value(R * B), threshold(R * B);
    // the derived columns the rules read, per block: their inputs' values, then each in order
    std::vector<double> input_copy, derived_values, expr_scratch;
    std::vector<const double*> input_ptr(I, nullptr), operands;
    if (std::find(derived_needed.begin(), derived_needed.end(), 1) != derived_needed.end()) {
        input_copy.resize(I * B);
        derived_values.resize(D * B);
    }
    for (std::size_t r0 = 0; r0 < rows; r0 += B) {
        const std::size_t b = std::min(B, rows - r0);
        const auto first = static_cast<std::int64_t>(r0);
        if (!derived_values.empty()) {
            for (std::size_t k = 0; k < I; ++k)
                if (input_needed[k])
                    input_ptr[k] = detail::column_block(in.values, first, b, input_column[k], input_copy.data() + k * B);
            for (std::size_t d = 0; d < D; ++d) {
                if (!derived_needed[d]) continue;
                operands.clear();
                for (std::size_t k : card.derived()[d].operands)
                    operands.push_back(k < I ? input_ptr[k] : derived_values.data() + (k - I) * B);
                card.derived()[d].expr.evaluate(operands, b, derived_values.data() + d * B, expr_scratch);
            }
        }
        const auto column_of = [&](std::int64_t column, std::size_t derived, double* scratch) -> const double* {
            return derived != npos ? derived_values.data() + derived * B
                                   : detail::column_block(in.values, first, b, column, scratch);
        };
        const double* score = in.score.data() + r0;
        std::fill(raised.begin(), raised.end(), 0);
        if (in.since_fired.empty()) {
            std::fill(since_in.begin(), since_in.end(), -1);
        } else {
            detail::deinterleave(since_in.data(), in.since_fired.data() + r0 * R, R, B, b);
        }
        for (std::int64_t j = 0; j < P; ++j)
            prev[static_cast<std::size_t>(j)] =
                detail::column_block(in.previous, first, b, j, prev_copy.data() + static_cast<std::size_t>(j) * B);
        if (need_latest) {
            // the latest present previous score, and the bands of it and of the score
            std::fill(latest.begin(), latest.end(), qnan);
            for (std::int64_t j = 0; j < P; ++j) {
                const double* pj = prev[static_cast<std::size_t>(j)];
                for (std::size_t i = 0; i < b; ++i) latest[i] = detail::select_bits(detail::present_mask(pj[i]), pj[i], latest[i]);
            }
            std::fill(band_now.begin(), band_now.end(), 0);
            std::fill(band_before.begin(), band_before.end(), 0);
            for (double c : bd.cutoffs)
                for (std::size_t i = 0; i < b; ++i) {
                    band_now[i] += score[i] >= c ? 1 : 0;
                    band_before[i] += latest[i] >= c ? 1 : 0;
                }
        }
        for (std::size_t r = 0; r < R; ++r) {
            const alert_rule& a = rules[r];
            const double* vp = v.data();  // the values tested
            const double* tp = nullptr;   // what they were tested against, or the constant tc
            double tc = 0.0;
            switch (a.kind) {
            case alert_kind::band_downgrade:
                vp = score;
                tp = latest.data();
                for (std::size_t i = 0; i < b; ++i) {
                    cond[i] = static_cast<unsigned char>(int{score[i] == score[i]} & int{latest[i] == latest[i]} &
                                                         int{band_now[i] < band_before[i]});
                }
                break;
            case alert_kind::score_drop: {
                const std::int64_t j0 = std::max<std::int64_t>(0, P - a.window);
                std::fill(raw.begin(), raw.end(), -std::numeric_limits<double>::infinity());
                for (std::int64_t j = j0; j < P; ++j) {
                    const double* pj = prev[static_cast<std::size_t>(j)];
                    for (std::size_t i = 0; i < b; ++i) {  // the highest present score (order keys: NaN-free)
                        const double p = detail::select_bits(detail::present_mask(pj[i]), pj[i], raw[i]);
                        raw[i] = detail::order_key(p) > detail::order_key(raw[i]) ? p : raw[i];
                    }
                }
                const double pts = a.points;
                tc = pts;
                for (std::size_t i = 0; i < b; ++i) {
                    const double drop = raw[i] - score[i];
                    v[i] = raw[i] == -std::numeric_limits<double>::infinity() ? qnan : drop;  // no previous score
                    cond[i] = v[i] >= pts;  // false for NaN
                }
                break;
            }
            case alert_kind::threshold: {
                const bound& bn = bind[r];
                const double* x = column_of(bn.column, bn.derived, raw.data());
                if (bn.measure != npos) {
                    const measure& me = card.measures()[bn.measure];
                    if (me.input.is_ratio()) {
                        const double* y = column_of(bn.denominator, bn.derived_denominator, den.data());
                        for (std::size_t i = 0; i < b; ++i) raw[i] = ratio_value(x[i], y[i]);
                        x = raw.data();
                    }
                    me.normaliser.apply(std::span<const double>(x, b), std::span<double>(v.data(), b));
                    for (std::size_t i = 0; i < b; ++i) v[i] *= 100.0;
                } else {
                    vp = x;  // the column itself
                }
                const double t = a.threshold;
                tc = t;
                switch (a.when) {
                case alert_when::below: for (std::size_t i = 0; i < b; ++i) cond[i] = vp[i] < t; break;
                case alert_when::above: for (std::size_t i = 0; i < b; ++i) cond[i] = vp[i] > t; break;
                case alert_when::at_most: for (std::size_t i = 0; i < b; ++i) cond[i] = vp[i] <= t; break;
                case alert_when::at_least: for (std::size_t i = 0; i < b; ++i) cond[i] = vp[i] >= t; break;
                }
                break;
            }
            }
            // cooldown (branch-free), into the block's rule-major results
            const auto cooldown = static_cast<std::int32_t>(std::min<std::int64_t>(a.cooldown, std::numeric_limits<std::int32_t>::max()));
            const std::int32_t* since = since_in.data() + r * B;
            std::int32_t* oc = outcome.data() + r * B;
            std::int32_t* nx = next.data() + r * B;
            for (std::size_t i = 0; i < b; ++i) {
                const std::int32_t c = cond[i] != 0 ? 1 : 0;
                const std::int32_t held = c & (since[i] >= 0 ? 1 : 0) & (since[i] < cooldown ? 1 : 0);
                const std::int32_t fired = c & (held ^ 1);
                oc[i] = fired + 2 * held;
                raised[i] |= c;
                constexpr std::int32_t top = std::numeric_limits<std::int32_t>::max();
                const std::int32_t later = since[i] + (((since[i] >= 0) & (since[i] < top)) ? 1 : 0);  // -1 stays -1
                nx[i] = fired != 0 ? 1 : later;
            }
            if (!out.value.empty() || out.events != nullptr) std::copy(vp, vp + b, value.data() + r * B);
            if (!out.threshold.empty() || out.events != nullptr) {
                if (tp != nullptr)
                    std::copy(tp, tp + b, threshold.data() + r * B);
                else
                    std::fill(threshold.data() + r * B, threshold.data() + r * B + b, tc);
            }
        }
        // the outputs, account-major, in address order
        const auto write = [&](auto dst, const auto& src) {
            if (!dst.empty()) detail::interleave(dst.data() + r0 * R, src.data(), R, B, b);
        };
        write(out.outcome, outcome);
        write(out.value, value);
        write(out.threshold, threshold);
        write(out.since_fired, next);
        if (out.events != nullptr)  // most accounts raise nothing: find those that do first
            for (std::size_t i = 0; i < b; ++i) {
                if (raised[i] == 0) continue;
                for (std::size_t r = 0; r < R; ++r)
                    if (const std::size_t k = r * B + i; outcome[k] != 0)
                        out.events->push_back({r0 + i, r, static_cast<alert_outcome>(outcome[k]), value[k], threshold[k]});
            }
    }
    return boost::outcome_v2::success();
}

/// One raised alert of one account, as people read it.
struct raised_alert {
    std::size_t rule = 0;  ///< index into card.spec().alerts
    std::string_view name;
    alert_severity severity = alert_severity::warning;
    std::string_view reason;
    double value = 0.0;
    double threshold = 0.0;
    bool suppressed = false;  ///< true only when asked for suppressed alerts too
};

/// Per-account lists of the alerts raised, from evaluate_alerts' `events` for `rows` accounts: see
/// the overload below for the order and the lifetime of the string views.
/// Errors: shape_mismatch (an event's account or rule out of range).
[[nodiscard]] inline result<std::vector<std::vector<raised_alert>>> alert_lists(const scorecard& card, std::int64_t rows,
                                                                                std::span<const alert_event> events,
                                                                                bool include_suppressed = false) {
    const auto& rules = card.spec().alerts;
    if (rows < 0) return fail(errc::shape_mismatch, "rows: must not be negative");
    std::vector<std::vector<raised_alert>> lists(static_cast<std::size_t>(rows));
    for (std::size_t e = 0; e < events.size(); ++e) {
        const alert_event& ev = events[e];
        if (ev.account >= lists.size() || ev.rule >= rules.size())
            return fail(errc::shape_mismatch, "events[" + std::to_string(e) + "]: account " + std::to_string(ev.account) +
                                                  ", rule " + std::to_string(ev.rule) + " out of range (" +
                                                  std::to_string(rows) + " accounts, " + std::to_string(rules.size()) + " rules)");
        const bool suppressed = ev.outcome == alert_outcome::suppressed;
        if (ev.outcome == alert_outcome::fired || (include_suppressed && suppressed)) {
            const alert_rule& a = rules[ev.rule];
            lists[ev.account].push_back({ev.rule, a.name, a.severity, a.reason, ev.value, ev.threshold, suppressed});
        }
    }
    for (auto& l : lists)  // most severe first, then in rule order
        std::stable_sort(l.begin(), l.end(), [](const raised_alert& x, const raised_alert& y) {
            return x.severity != y.severity ? x.severity > y.severity : x.rule < y.rule;
        });
    return lists;
}

/// Per-account lists of the alerts that fired (and, with `include_suppressed`, those held back by
/// their cooldown), most severe first, then in rule order. `outcome`, `value` and `threshold` are
/// evaluate_alerts' outputs for `rows` accounts (all three required). The string views point into
/// the scorecard: keep it (a copy of it) alive while using them.
/// Errors: shape_mismatch (an array not rows x alerts).
[[nodiscard]] inline result<std::vector<std::vector<raised_alert>>> alert_lists(
    const scorecard& card, std::int64_t rows, std::span<const std::int32_t> outcome, std::span<const double> value,
    std::span<const double> threshold, bool include_suppressed = false) {
    const auto& rules = card.spec().alerts;
    if (rows < 0) return fail(errc::shape_mismatch, "rows: must not be negative");
    const std::size_t n = static_cast<std::size_t>(rows);
    if (!rules.empty() && n > static_cast<std::size_t>(-1) / rules.size())
        return fail(errc::shape_mismatch, "rows: accounts x alerts overflows the size of a buffer");
    const std::size_t need = n * rules.size();
    const auto check = [&](const char* what, std::size_t have) -> result<void> {
        if (have < need)
            return fail(errc::shape_mismatch, std::string(what) + ": " + std::to_string(have) + " elements, " +
                                                  std::to_string(need) + " needed (accounts x alerts)");
        return boost::outcome_v2::success();
    };
    VITALS_TRY(check("outcome", outcome.size()));
    VITALS_TRY(check("value", value.size()));
    VITALS_TRY(check("threshold", threshold.size()));
    std::vector<alert_event> events;
    for (std::size_t k = 0; k < need; ++k)
        if (outcome[k] != static_cast<std::int32_t>(alert_outcome::quiet))
            events.push_back({k / rules.size(), k % rules.size(), static_cast<alert_outcome>(outcome[k]), value[k], threshold[k]});
    return alert_lists(card, rows, events, include_suppressed);
}

}  // namespace v1
}  // namespace vitals

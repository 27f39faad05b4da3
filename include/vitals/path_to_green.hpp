// Vitals — the path to green: the smallest change to one measure (or, when no single measure is
// enough, the cheapest pair) that lifts an account into a better band.
//
// Exact, not searched: for measure m every other sub-score is fixed, so the account's top-level
// value is a function of m's sub-score s alone, f(s) = min(K, A + B s) — each weighted-mean group
// on m's path is affine in its member (weights renormalised over what is present, m counted as
// present), each weakest-link group caps it at its lowest other member. Solving f(s) = cutoff / 100
// gives the sub-score m needs; inverting m's normaliser (linear, logistic, steps, piecewise,
// percentile, flag) gives the raw value, and for a ratio measure the numerator at the same
// denominator. The result is then checked with the reference scorer and moved by as few ulps as
// rounding needs, so re-scoring the account with the proposed value lands it in the target band,
// at the cut-off (continuous normalisers: within rounding) or at the first value of a better step.
//
// A measure is not offered (and `blocked` says why) when the user marks it not actionable, when it
// reads a derived column or shares its column with another measure (changing the column would move
// other measures too), when its normaliser is user-defined (cannot be inverted), when its weight
// is 0, when a ratio's denominator is missing or zero, or when even its best sub-score leaves the
// account short of the band.
//
// The pair: tried only when no single measure reaches the band; for each ordered pair (a, b), a
// goes to its best sub-score, b to the least that then reaches the band, and a back down to the
// least that still does. The pair with the smallest total sub-score increase wins. With weighted
// means only this is the cheapest pair by that measure of effort; with a weakest-link group it is
// a pair in which neither change can be made smaller, not proven the cheapest.
#pragma once

#include "vitals/error.hpp"
#include "vitals/normalise.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// What to aim for.
struct path_options {
    /// The band to reach (an index into bands().labels); -1 = the band above the account's.
    int target_band = -1;
    /// Measures (by name) the account cannot change, e.g. tenure.
    std::vector<std::string> not_actionable;
};

/// One measure's change.
struct measure_change {
    std::size_t measure = 0;     ///< into scorecard::measures()
    std::size_t column = 0;      ///< the input changed (into scorecard::inputs()): the measure's column, or a ratio's numerator
    double value_from = 0.0;     ///< the column's value now (NaN = missing)
    double value_to = 0.0;       ///< the value that reaches the band
    double raw_from = 0.0;       ///< the measure's raw value now (the ratio for a ratio measure)
    double raw_to = 0.0;
    double sub_score_from = 0.0; ///< NaN when missing
    double sub_score_to = 0.0;
};

/// A way to reach the band: one change, or two.
struct green_path {
    std::vector<measure_change> changes;
    double score = 0.0;  ///< the account re-scored with the changes
    int band = 0;
    double effort = 0.0; ///< total sub-score increase (a missing measure counts from 0)
};

/// A measure that is not offered, and why.
struct blocked_measure {
    std::size_t measure = 0;
    std::string reason;
};

/// The answer for one account.
struct path_to_green {
    double score = 0.0;   ///< the account's score now (NaN when not scored)
    int band = bands::none;
    int target_band = bands::none;  ///< none when there is nothing to reach (see note)
    double cutoff = std::numeric_limits<double>::quiet_NaN();  ///< the target band's lower cut-off
    std::vector<green_path> single;         ///< one per measure that can do it alone, least effort first
    std::optional<green_path> pair;         ///< only when `single` is empty
    std::vector<blocked_measure> blocked;   ///< in scorecard order
    std::string note;  ///< why there is no target: "not scored (insufficient data)", "already in the top band"
};

namespace detail::green {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Doubles in order as integers (-0.0 and +0.0 both 0), and back.
[[nodiscard]] inline std::int64_t order_key(double v) noexcept {
    const auto b = std::bit_cast<std::int64_t>(v);
    return b >= 0 ? b : std::numeric_limits<std::int64_t>::min() - b;
}
[[nodiscard]] inline double from_order_key(std::int64_t k) noexcept {
    return std::bit_cast<double>(k >= 0 ? k : std::numeric_limits<std::int64_t>::min() - k);
}

/// A raw value at which a normaliser gives at least the wanted sub-score, and the direction
/// (+1 / -1, 0 = either) in which values stay at least as good.
struct inverse {
    double x = nan;
    int inward = 0;
};

/// The best sub-score the normaliser reaches at a finite raw value (NaN: cannot tell).
[[nodiscard]] inline double best_sub_score(const normaliser& n) {
    if (const auto* s = n.target<steps>()) return *std::max_element(s->scores.begin(), s->scores.end());
    if (const auto* p = n.target<piecewise>()) return *std::max_element(p->scores.begin(), p->scores.end());
    if (const auto* c = n.target<categories>()) return *std::max_element(c->scores.begin(), c->scores.end());
    if (n.target<linear>() || n.target<logistic>() || n.target<percentile>() || n.target<flag>()) return 1.0;
    return nan;
}

/// The raw value nearest `x0` (any, when x0 is NaN: the lowest) where `n` gives at least `want`.
/// NaN when the normaliser cannot be inverted or never gives `want`.
[[nodiscard]] inline inverse invert(const normaliser& n, double want, double x0) {
    const bool have = x0 == x0;
    const auto nearest = [&](std::span<const inverse> c) {
        inverse best;
        for (const inverse& v : c)
            if (best.x != best.x || (have ? std::fabs(v.x - x0) < std::fabs(best.x - x0) : v.x < best.x)) best = v;
        return best;
    };
    if (const auto* l = n.target<linear>()) {
        if (want > 1.0) return {};
        return {l->worst + std::max(want, 0.0) * (l->best - l->worst), l->best > l->worst ? 1 : -1};
    }
    if (const auto* g = n.target<logistic>()) {
        if (want > 1.0) return {};
        const int in = g->steepness > 0 ? 1 : -1;
        // at 40 / |k| from the midpoint exp(-40) ~ 4e-18 vanishes beside 1: the sub-score is 1
        if (want >= 1.0) return {g->midpoint + 40.0 / g->steepness, in};
        if (want <= 0.0) return {g->midpoint - 40.0 / g->steepness, in};
        return {g->midpoint + std::log(want / (1.0 - want)) / g->steepness, in};
    }
    if (const auto* c = n.target<categories>()) {  // the level with the least sub-score that is enough
        std::size_t best = c->scores.size();
        for (std::size_t l = 0; l < c->scores.size(); ++l)
            if (c->scores[l] >= want && (best == c->scores.size() || c->scores[l] < c->scores[best])) best = l;
        if (best == c->scores.size()) return {};
        return {static_cast<double>(best), 0};
    }
    if (const auto* f = n.target<flag>()) {
        if (want > 1.0) return {};
        if (want <= 0.0 && have) return {x0, 0};
        return {f->good_when ? 1.0 : 0.0, 0};
    }
    if (const auto* p = n.target<percentile>()) {
        // the level is monotone with jumps at tied quantiles: bisect on the representable doubles
        // between the first and last quantile for the least-change value that gives `want`
        if (want > 1.0) return {};
        const int in = p->dir == direction::higher_is_better ? 1 : -1;
        const double lo = p->quantiles.front(), hi = p->quantiles.back();
        const double far = in > 0 ? hi : lo, near = in > 0 ? lo : hi;
        if (n(near) >= want) return {near, in};
        // n(near) < want <= n(far) (at the far end the sub-score is 1)
        std::int64_t a = order_key(near), b = order_key(far);  // a fails, b passes
        const auto gap = [](std::int64_t x, std::int64_t y) {  // |x - y| without overflow
            return x < y ? static_cast<std::uint64_t>(y) - static_cast<std::uint64_t>(x)
                         : static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(y);
        };
        while (gap(a, b) > 1) {
            const std::uint64_t half = gap(a, b) / 2;
            const std::int64_t mid = a < b ? static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + half)
                                           : static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - half);
            (n(from_order_key(mid)) >= want ? b : a) = mid;
        }
        return {from_order_key(b), in};
    }
    if (const auto* s = n.target<steps>()) {
        // range i: [c_{i-1}, c_i) with score s_i; a good range's nearest point
        std::vector<inverse> c;
        const std::size_t k = s->cutoffs.size();
        for (std::size_t i = 0; i <= k; ++i) {
            if (!(s->scores[i] >= want)) continue;
            const double lo = i == 0 ? -std::numeric_limits<double>::infinity() : s->cutoffs[i - 1];
            const double hi = i == k ? std::numeric_limits<double>::infinity() : s->cutoffs[i];
            if (have && x0 >= lo && x0 < hi) return {x0, 0};
            if (std::isfinite(lo)) c.push_back({lo, 1});
            if (std::isfinite(hi)) c.push_back({std::nextafter(hi, -std::numeric_limits<double>::infinity()), -1});
        }
        return nearest(c);
    }
    if (const auto* p = n.target<piecewise>()) {
        std::vector<inverse> c;
        const auto& kx = p->knots;
        const auto& ky = p->scores;
        for (std::size_t j = 0; j + 1 < kx.size(); ++j) {
            const double y0 = ky[j], y1 = ky[j + 1];
            if ((y0 < want) == (y1 < want)) continue;  // no crossing on this segment
            const double x = kx[j] + (want - y0) / (y1 - y0) * (kx[j + 1] - kx[j]);
            c.push_back({std::clamp(x, kx[j], kx[j + 1]), y1 > y0 ? 1 : -1});
        }
        if (c.empty()) {  // good everywhere or nowhere
            if (!(ky.front() >= want)) return {};
            return {have ? x0 : kx.front(), 0};
        }
        return nearest(c);
    }
    return {};
}

/// x moved by `ulps` representable doubles in direction `dir` (+1 up, -1 down).
[[nodiscard]] inline double step_ulps(double x, int dir, std::uint64_t ulps) {
    constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max(), bottom = std::numeric_limits<std::int64_t>::min();
    const std::int64_t k = order_key(x);
    const auto d = static_cast<std::int64_t>(std::min<std::uint64_t>(ulps, std::uint64_t(1) << 62));
    const std::int64_t moved = dir > 0 ? (k > top - d ? top : k + d) : (k < bottom + d ? bottom : k - d);
    return from_order_key(moved);
}

/// The account's top-level value as a function of measure m's sub-score s (m present), with every
/// other sub-score as in `now`: min(K, A + B s). B = 0 when a weight on m's path is 0.
struct response {
    double K = std::numeric_limits<double>::infinity(), A = 0.0, B = 1.0;
};

[[nodiscard]] inline response respond(const scorecard& card, const account_score& now, std::size_t m) {
    const auto nodes = card.nodes();
    response f;
    bool is_group = false;
    std::size_t index = m;
    for (std::size_t n = card.slots()[m].node;;) {
        double S = 0.0, W = 0.0, lowest = std::numeric_limits<double>::infinity(), w = 0.0;
        for (const scorecard::member& mb : nodes[n].members) {
            if (mb.is_group == is_group && mb.index == index) {
                w = mb.weight;
                continue;
            }
            const double v = mb.is_group ? now.groups[mb.index + 1].score / 100.0 : now.measures[mb.index].sub_score;
            if (v != v || mb.weight == 0.0) continue;
            S += mb.weight * v;
            W += mb.weight;
            lowest = std::min(lowest, v);
        }
        if (w == 0.0) return {0.0, 0.0, 0.0};
        if (nodes[n].aggregation == aggregation::mean) {
            f.K = (S + w * f.K) / (W + w);
            f.A = (S + w * f.A) / (W + w);
            f.B = w * f.B / (W + w);
        } else {
            f.K = std::min(f.K, lowest);
        }
        if (nodes[n].parent == npos) break;
        is_group = true;
        index = n - 1;
        n = nodes[n].parent;
    }
    return f;
}

/// The column name of a column slot (an input, or a derived column).
[[nodiscard]] inline std::string slot_name(const scorecard& card, std::size_t k) {
    const std::size_t I = card.inputs().size();
    return k < I ? card.inputs()[k] : std::string(card.derived()[k - I].name);
}

/// Whether measure m can be changed on its own; the reason when it cannot.
[[nodiscard]] inline std::string structural_block(const scorecard& card, std::size_t m, std::span<const double> values,
                                                  const std::vector<char>& fixed) {
    const auto measures = card.measures();
    const auto slots = card.slots();
    const std::size_t I = card.inputs().size();
    if (fixed[m]) return "marked not actionable";
    if (slots[m].share == 0.0) return "its weight is 0";
    if (best_sub_score(measures[m].normaliser) != best_sub_score(measures[m].normaliser))
        return "its normaliser (" + std::string(measures[m].normaliser.kind()) + ") cannot be inverted";
    const std::size_t k = slots[m].numerator;
    if (k >= I)
        return "it reads the derived column \"" + slot_name(card, k) + "\"; change the columns it is computed from";
    if (slots[m].denominator != npos) {
        const double d = values[slots[m].denominator];
        for (std::size_t i : card.inputs_read(slots[m].denominator))
            if (i == k) return "its denominator is computed from its own numerator";
        if (!(d == d) || d == 0.0 || !std::isfinite(d))
            return "its denominator (" + slot_name(card, slots[m].denominator) + ") is missing or zero";
    }
    for (std::size_t o = 0; o < measures.size(); ++o) {
        if (o == m) continue;
        for (std::size_t slot : {slots[o].numerator, slots[o].denominator}) {
            if (slot == npos) continue;
            for (std::size_t i : card.inputs_read(slot))
                if (i == k)
                    return "its column \"" + card.inputs()[k] + "\" is also read by \"" + measures[o].name +
                           "\"; changing it would move both";
        }
    }
    return {};
}

/// "67.25"
[[nodiscard]] inline std::string two_decimals(double x) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 2);
    return std::string(buf, r.ptr);
}

/// Measure m alone from the account `inputs`: the least change reaching `target` (a band index
/// with lower cut-off `cutoff`). On failure, the reason.
struct single_result {
    std::optional<green_path> path;
    std::string reason;
};

[[nodiscard]] inline result<single_result> single(const scorecard& card, std::span<const double> inputs,
                                                  const account_score& now, std::size_t m, int target, double cutoff,
                                                  double want_sub = nan) {
    const auto measures = card.measures();
    const auto slots = card.slots();
    std::vector<double> values(inputs.begin(), inputs.end());
    values.resize(card.slot_count());
    card.fill_derived(values);
    const normaliser& norm = measures[m].normaliser;
    const double best = best_sub_score(norm);
    const response f = respond(card, now, m);
    const double T = cutoff / 100.0;
    if (f.B == 0.0) return single_result{std::nullopt, "its weight is 0"};
    double want = want_sub;
    if (want != want) {
        const double reach = std::min(f.K, f.A + f.B * best);
        if (reach < T - 1e-12) {
            const double now_sub = now.measures[m].sub_score;
            if (now_sub == now_sub && now_sub >= best)
                return single_result{std::nullopt, "already at its best (sub-score " + two_decimals(best) + ")"};
            return single_result{std::nullopt, "even at its best (sub-score " + two_decimals(best) +
                                                   ") the score would be at most " + two_decimals(100.0 * reach)};
        }
        want = std::clamp((T - f.A) / f.B, 0.0, best);
    }
    const double den = slots[m].denominator == npos ? nan : values[slots[m].denominator];
    const bool is_ratio = slots[m].denominator != npos;
    const double raw_from = now.measures[m].raw;
    const inverse inv = invert(norm, want, raw_from);
    if (inv.x != inv.x) return single_result{std::nullopt, "its normaliser never gives the sub-score needed"};
    const std::size_t column = slots[m].numerator;
    const double value_from = inputs[column];
    double value = is_ratio ? inv.x * den : inv.x;
    int inward = inv.inward * (is_ratio && den < 0 ? -1 : 1);

    std::vector<double> trial(inputs.begin(), inputs.end());
    const auto reaches = [&](double v, double* score, int* band) -> result<bool> {
        trial[column] = v;
        VITALS_TRY(r, score_account(card, std::span<const double>(trial)));
        if (score) *score = r.score;
        if (band) *band = r.band;
        return r.status == status::ok && r.band >= target;
    };
    // rounding: move inward by as few ulps as needed (exponential, then binary search)
    VITALS_TRY(ok0, reaches(value, nullptr, nullptr));
    if (!ok0 && want_sub == want_sub) {
        // a forced sub-score (the pair's first step) need not reach on its own
    } else if (!ok0) {
        if (inward == 0) return single_result{std::nullopt, "rounding: the value found does not reach the band"};
        std::uint64_t hi = 1;
        bool found = false;
        for (int i = 0; i < 63; ++i, hi *= 2) {
            const double v = step_ulps(value, inward, hi);
            if (!std::isfinite(v)) break;
            VITALS_TRY(ok, reaches(v, nullptr, nullptr));
            if (ok) {
                found = true;
                break;
            }
        }
        if (!found) return single_result{std::nullopt, "rounding: the value found does not reach the band"};
        std::uint64_t lo = hi / 2;  // lo does not reach (or is 0), hi does
        while (hi - lo > 1) {
            const std::uint64_t mid = lo + (hi - lo) / 2;
            VITALS_TRY(ok, reaches(step_ulps(value, inward, mid), nullptr, nullptr));
            (ok ? hi : lo) = mid;
        }
        value = step_ulps(value, inward, hi);
    }
    green_path p;
    measure_change c;
    c.measure = m;
    c.column = column;
    c.value_from = value_from;
    c.value_to = value;
    c.raw_from = raw_from;
    c.raw_to = is_ratio ? ratio_value(value, den) : value;
    c.sub_score_from = now.measures[m].sub_score;
    c.sub_score_to = norm(c.raw_to);
    p.changes.push_back(c);
    VITALS_TRY(reached, reaches(value, &p.score, &p.band));
    (void)reached;
    p.effort = c.sub_score_to - (c.sub_score_from == c.sub_score_from ? c.sub_score_from : 0.0);
    return single_result{std::move(p), {}};
}

}  // namespace detail::green

/// The path to the next band (or `options.target_band`) for one account given its values in
/// `card.inputs()` order (NaN = missing). Errors: shape_mismatch (inputs), unknown_column (a
/// not-actionable name that is no measure), invalid_argument (a target band out of range),
/// out_of_range (a user-defined normaliser failed while scoring).
[[nodiscard]] inline result<path_to_green> find_path_to_green(const scorecard& card, std::span<const double> inputs,
                                                              const path_options& options = {}) {
    const auto measures = card.measures();
    std::vector<char> fixed(measures.size(), 0);
    for (const std::string& name : options.not_actionable) {
        std::size_t m = 0;
        while (m < measures.size() && measures[m].name != name) ++m;
        if (m == measures.size())
            return fail(errc::unknown_column, "not_actionable: the scorecard has no measure \"" + name + "\"");
        fixed[m] = 1;
    }
    const auto& bands = card.bands();
    const int top = static_cast<int>(bands.labels.size()) - 1;
    if (options.target_band < -1 || options.target_band > top)
        return fail(errc::invalid_argument, "target_band: " + std::to_string(options.target_band) +
                                                " is not a band (0.." + std::to_string(top) + ", or -1 for the next)");
    VITALS_TRY(now, score_account(card, inputs));
    path_to_green out;
    out.score = now.score;
    out.band = now.band;
    if (now.status != status::ok) {
        out.note = "not scored (insufficient data): supply the missing measures first";
        return out;
    }
    const int target = options.target_band < 0 ? now.band + 1 : options.target_band;
    if (target > top) {
        out.note = "already in the top band";
        return out;
    }
    if (target <= now.band) {
        out.note = "already in band \"" + std::string(bands.label(now.band)) + "\" or above";
        return out;
    }
    out.target_band = target;
    out.cutoff = bands.cutoffs[static_cast<std::size_t>(target - 1)];

    std::vector<double> values(inputs.begin(), inputs.end());
    values.resize(card.slot_count());
    card.fill_derived(values);
    std::vector<std::size_t> candidates;  // can change on their own, but may fall short
    for (std::size_t m = 0; m < measures.size(); ++m) {
        std::string why = detail::green::structural_block(card, m, values, fixed);
        if (!why.empty()) {
            out.blocked.push_back({m, std::move(why)});
            continue;
        }
        candidates.push_back(m);
        VITALS_TRY(s, detail::green::single(card, inputs, now, m, target, out.cutoff));
        if (s.path)
            out.single.push_back(std::move(*s.path));
        else
            out.blocked.push_back({m, std::move(s.reason)});
    }
    std::stable_sort(out.single.begin(), out.single.end(),
                     [](const green_path& a, const green_path& b) { return a.effort < b.effort; });
    if (!out.single.empty() || candidates.size() < 2) return out;

    // the pair: a to its best, b to the least that reaches, a back to the least that still does
    for (std::size_t a : candidates) {
        for (std::size_t b : candidates) {
            if (a == b) continue;
            const double best_a = detail::green::best_sub_score(measures[a].normaliser);
            VITALS_TRY(up, detail::green::single(card, inputs, now, a, target, out.cutoff, best_a));
            if (!up.path) continue;
            std::vector<double> with_a(inputs.begin(), inputs.end());
            with_a[up.path->changes[0].column] = up.path->changes[0].value_to;
            VITALS_TRY(scored_a, score_account(card, std::span<const double>(with_a)));
            VITALS_TRY(sb, detail::green::single(card, with_a, scored_a, b, target, out.cutoff));
            if (!sb.path) continue;
            std::vector<double> with_b(inputs.begin(), inputs.end());
            with_b[sb.path->changes[0].column] = sb.path->changes[0].value_to;
            VITALS_TRY(scored_b, score_account(card, std::span<const double>(with_b)));
            VITALS_TRY(sa, detail::green::single(card, with_b, scored_b, a, target, out.cutoff));
            if (!sa.path) continue;
            green_path p;
            measure_change ca = sa.path->changes[0], cb = sb.path->changes[0];
            ca.value_from = inputs[ca.column];
            ca.raw_from = now.measures[a].raw;
            ca.sub_score_from = now.measures[a].sub_score;
            cb.value_from = inputs[cb.column];
            cb.raw_from = now.measures[b].raw;
            cb.sub_score_from = now.measures[b].sub_score;
            std::vector<double> both(inputs.begin(), inputs.end());
            both[ca.column] = ca.value_to;
            both[cb.column] = cb.value_to;
            VITALS_TRY(r, score_account(card, std::span<const double>(both)));
            if (r.status != status::ok || r.band < target) continue;
            const auto from = [](double s) { return s == s ? s : 0.0; };
            p.effort = (ca.sub_score_to - from(ca.sub_score_from)) + (cb.sub_score_to - from(cb.sub_score_from));
            p.score = r.score;
            p.band = r.band;
            p.changes = {ca, cb};
            if (!out.pair || p.effort < out.pair->effort) out.pair = std::move(p);
        }
    }
    return out;
}

}  // namespace v1
}  // namespace vitals

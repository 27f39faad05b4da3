// Vitals — scoring one account: the reference path (clear rather than fast).
//
// view -> normalise -> aggregate -> results, for a single account:
//   0. derived columns (scorecard::derived(), vitals/expression.hpp) from the inputs;
//   1. raw value of each measure (a column, or a ratio of two); NaN = missing;
//   2. sub-score in [0, 1] from the measure's normaliser;
//   3. groups aggregate their present members bottom-up (weighted mean with the weights
//      renormalised over what is present, or weakest link); a group with nothing present is itself
//      missing and drops out of its parent;
//   4. score = 100 x the top level; coverage = share of the total weight whose data is present;
//      below the scorecard's minimum coverage the account is "insufficient data" (no score, no band);
//   5. each measure's contribution (points it adds) and points lost, which sum to the score and to
//      100 - score; drivers = the measures losing the most points.
// The batch scorer (batch.hpp) must give the same answers; tests compare the two.
#pragma once

#include "vitals/error.hpp"
#include "vitals/scorecard.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Whether an account got a score.
enum class status : std::int32_t {
    ok = 0,                 ///< scored
    insufficient_data = 1,  ///< coverage below the scorecard's minimum: no score, band "no data"
};

[[nodiscard]] constexpr std::string_view to_string(status s) noexcept {
    return s == status::ok ? "ok" : "insufficient_data";
}

/// Tolerance used when comparing coverage with the minimum (coverage is a sum of weight shares).
inline constexpr double coverage_tolerance = 1e-12;

/// One measure's part in an account's score.
struct measure_score {
    double raw = std::numeric_limits<double>::quiet_NaN();        ///< the raw value; NaN = missing
    double sub_score = std::numeric_limits<double>::quiet_NaN();  ///< in [0, 1]; NaN = missing
    double weight = 0.0;  ///< share of the total weight when every measure is present
    double effective_weight = 0.0;  ///< share after renormalising over what is present (0 if missing)
    double contribution = 0.0;      ///< points it adds: 100 x effective_weight x sub_score
    double points_lost = 0.0;       ///< 100 x effective_weight x (1 - sub_score)

    [[nodiscard]] bool present() const noexcept { return sub_score == sub_score; }
};

/// One group's sub-total (index 0 is the top level, index g + 1 is scorecard::groups()[g]).
struct group_score {
    double score = std::numeric_limits<double>::quiet_NaN();  ///< 0-100; NaN when nothing present
    double coverage = 0.0;          ///< share of the group's own weight that is present
    double effective_weight = 0.0;  ///< the group's share of the account's score
};

/// Everything the scorer says about one account.
struct account_score {
    double score = std::numeric_limits<double>::quiet_NaN();  ///< 0-100, NaN when not scored
    int band = bands::none;                                   ///< index into bands().labels
    double coverage = 0.0;                                     ///< share of total weight present
    vitals::status status = status::insufficient_data;
    std::vector<measure_score> measures;  ///< in scorecard order
    std::vector<group_score> groups;      ///< node order: top level, then scorecard::groups()
    std::vector<std::size_t> drivers;     ///< measure indices, most points lost first
};

/// Options of the scorers.
struct score_options {
    /// How many drivers to report: the present measures with points lost > 0, most lost first,
    /// ties broken by scorecard order.
    std::size_t top_k = 3;
    /// Reference scorer only (the batch scorer ignores it): forced sub-scores, one per measure in
    /// scorecard order, each in [0, 1], NaN = computed as usual; empty = none forced. A forced
    /// sub-score replaces the normaliser's, also for a measure whose raw value is missing (it then
    /// counts as present: coverage, contributions and drivers include it). Overrides use this
    /// (override.hpp).
    std::span<const double> sub_scores = {};
};

/// Score one account given one value per scorecard input, in `card.inputs()` order (NaN = missing).
/// Errors: shape_mismatch when the count is wrong; out_of_range when a (user-defined) normaliser
/// returns a sub-score outside [0, 1] that is not NaN.
[[nodiscard]] inline result<account_score> score_account(const scorecard& card,
                                                         std::span<const double> inputs,
                                                         score_options options = {}) {
    const auto measures = card.measures();
    const auto slots = card.slots();
    const auto nodes = card.nodes();
    if (inputs.size() != card.inputs().size())
        return fail(errc::shape_mismatch, "inputs: " + std::to_string(inputs.size()) +
                                              " values given, the scorecard reads " +
                                              std::to_string(card.inputs().size()) + " columns");
    if (!options.sub_scores.empty()) {
        if (options.sub_scores.size() != measures.size())
            return fail(errc::shape_mismatch, "options.sub_scores: " + std::to_string(options.sub_scores.size()) +
                                                  " values given, the scorecard has " +
                                                  std::to_string(measures.size()) + " measures");
        for (std::size_t m = 0; m < measures.size(); ++m) {
            const double v = options.sub_scores[m];
            if (v == v && !(v >= 0.0 && v <= 1.0))
                return fail(errc::invalid_argument, "options.sub_scores[" + std::to_string(m) + "] (" +
                                                        measures[m].name + "): " + std::to_string(v) +
                                                        " is not in [0, 1]");
        }
    }
    account_score r;
    r.measures.resize(measures.size());
    r.groups.resize(nodes.size());

    // 0. derived columns, after the inputs (column slots, see scorecard::column_slot)
    std::vector<double> with_derived;
    std::span<const double> values = inputs;
    if (!card.derived().empty()) {
        with_derived.assign(inputs.begin(), inputs.end());
        with_derived.resize(card.slot_count());
        card.fill_derived(with_derived);
        values = with_derived;
    }

    // 1-2. raw values and sub-scores
    for (std::size_t m = 0; m < measures.size(); ++m) {
        measure_score& ms = r.measures[m];
        const double num = values[slots[m].numerator];
        ms.raw = slots[m].denominator == npos ? num : ratio_value(num, values[slots[m].denominator]);
        ms.sub_score = measures[m].normaliser(ms.raw);
        ms.weight = slots[m].share;
        if (!options.sub_scores.empty() && options.sub_scores[m] == options.sub_scores[m]) {
            ms.sub_score = options.sub_scores[m];  // forced: the normaliser's value is not checked
            r.coverage += ms.weight;
            continue;
        }
        if (ms.present() && !(ms.sub_score >= 0.0 && ms.sub_score <= 1.0))
            return fail(errc::out_of_range,
                        "/measures/" + std::to_string(m) + " (" + measures[m].name + "): the " +
                            std::string(measures[m].normaliser.kind()) + " normaliser returned " +
                            std::to_string(ms.sub_score) + " for " + std::to_string(ms.raw) +
                            "; sub-scores must lie in [0, 1] or be NaN (missing)");
        if (ms.present()) r.coverage += ms.weight;
    }

    // coverage = present share / total share, both summed in measure order, so an account with
    // every measure present has coverage exactly 1 (a bare sum of shares can end at 0.9999999999999999)
    double total_share = 0.0;
    for (std::size_t m = 0; m < measures.size(); ++m) total_share += slots[m].share;
    r.coverage = r.coverage / total_share;

    // 3. groups bottom-up (deepest first: members are measures or deeper groups)
    std::vector<std::size_t> order(nodes.size());
    std::vector<std::size_t> depth(nodes.size(), 0);
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        order[n] = n;
        for (std::size_t p = nodes[n].parent; p != npos; p = nodes[p].parent) ++depth[n];
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return depth[a] > depth[b]; });
    std::vector<double> value(nodes.size(), std::numeric_limits<double>::quiet_NaN());  // in [0, 1]
    std::vector<double> present_weight(nodes.size(), 0.0);
    const auto member_value = [&](const scorecard::member& mb) {
        return mb.is_group ? value[mb.index + 1] : r.measures[mb.index].sub_score;
    };
    for (std::size_t n : order) {
        double sum = 0.0, wsum = 0.0, lowest = std::numeric_limits<double>::infinity();
        for (const scorecard::member& mb : nodes[n].members) {
            const double v = member_value(mb);
            if (v != v || mb.weight == 0.0) continue;
            sum += mb.weight * v;
            wsum += mb.weight;
            lowest = std::min(lowest, v);
        }
        present_weight[n] = wsum;
        if (wsum > 0.0) value[n] = nodes[n].aggregation == aggregation::mean ? sum / wsum : lowest;
        r.groups[n].score = 100.0 * value[n];
    }
    for (std::size_t m = 0; m < measures.size(); ++m)
        if (r.measures[m].present())
            for (std::size_t n = slots[m].node; n != npos; n = nodes[n].parent)
                r.groups[n].coverage += r.measures[m].weight;
    for (std::size_t n = 0; n < nodes.size(); ++n)
        r.groups[n].coverage = nodes[n].share > 0.0 ? r.groups[n].coverage / nodes[n].share : 0.0;

    // 4. status
    const bool scored = value[0] == value[0] && r.coverage > 0.0 &&
                        r.coverage + coverage_tolerance >= card.min_coverage();
    if (!scored) {
        r.status = status::insufficient_data;
        for (measure_score& ms : r.measures) {
            ms.contribution = std::numeric_limits<double>::quiet_NaN();
            ms.points_lost = std::numeric_limits<double>::quiet_NaN();
        }
        return r;
    }
    r.status = status::ok;
    r.score = 100.0 * value[0];
    r.band = card.bands().classify(r.score);

    // 5. effective weights top-down (reverse of the bottom-up order), contributions, drivers
    r.groups[0].effective_weight = 1.0;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const std::size_t n = *it;
        const double eff = r.groups[n].effective_weight;
        if (eff == 0.0 || present_weight[n] == 0.0) continue;
        const scorecard::member* weakest = nullptr;
        for (const scorecard::member& mb : nodes[n].members) {
            const double v = member_value(mb);
            if (v != v || mb.weight == 0.0) continue;
            if (nodes[n].aggregation == aggregation::mean) {
                const double e = eff * mb.weight / present_weight[n];
                (mb.is_group ? r.groups[mb.index + 1].effective_weight
                             : r.measures[mb.index].effective_weight) = e;
            } else if (weakest == nullptr || v < member_value(*weakest)) {
                weakest = &mb;
            }
        }
        if (weakest != nullptr)
            (weakest->is_group ? r.groups[weakest->index + 1].effective_weight
                               : r.measures[weakest->index].effective_weight) = eff;
    }
    for (measure_score& ms : r.measures) {
        if (!ms.present()) continue;
        ms.contribution = 100.0 * ms.effective_weight * ms.sub_score;
        ms.points_lost = 100.0 * ms.effective_weight * (1.0 - ms.sub_score);
    }
    for (std::size_t m = 0; m < measures.size(); ++m)
        if (r.measures[m].present() && r.measures[m].points_lost > 0.0) r.drivers.push_back(m);
    std::stable_sort(r.drivers.begin(), r.drivers.end(), [&](std::size_t a, std::size_t b) {
        return r.measures[a].points_lost > r.measures[b].points_lost;
    });
    if (r.drivers.size() > options.top_k) r.drivers.resize(options.top_k);
    return r;
}

/// Score one account given its values by input column name; columns not named are missing.
/// Errors: unknown_column for a name the scorecard does not read; invalid_argument for a name
/// given twice.
[[nodiscard]] inline result<account_score> score_account(
    const scorecard& card, std::span<const std::pair<std::string_view, double>> named,
    score_options options = {}) {
    std::vector<double> inputs(card.inputs().size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<char> seen(inputs.size(), 0);
    for (const auto& [column, v] : named) {
        const std::size_t i = card.input_index(column);
        if (i == npos) {
            std::string known;
            for (const std::string& c : card.inputs()) known += (known.empty() ? "" : ", ") + c;
            return fail(errc::unknown_column, "account: unknown input column \"" + std::string(column) +
                                                  "\" (the scorecard reads: " + known + ")");
        }
        if (seen[i]) return fail(errc::invalid_argument, "account: column \"" + std::string(column) + "\" given twice");
        seen[i] = 1;
        inputs[i] = v;
    }
    return score_account(card, std::span<const double>(inputs), options);
}

/// `score_account(card, {{"nps", 30}, {"days_late", 4}})`.
[[nodiscard]] inline result<account_score> score_account(
    const scorecard& card, std::initializer_list<std::pair<std::string_view, double>> named,
    score_options options = {}) {
    return score_account(card, std::span<const std::pair<std::string_view, double>>(named.begin(), named.size()),
                         options);
}

}  // namespace v1
}  // namespace vitals

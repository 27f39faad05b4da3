// Vitals — the scorecard: measures in (nested) groups, bands and the coverage policy.
//
// A scorecard is described by a `scorecard_spec` (plain data, one-to-one with the scorecard file
// format) and built with `scorecard::build`, which validates everything and reports every problem
// with the JSON pointer it would have in a scorecard file. A built scorecard is immutable; copies
// share one body, so it is cheap to pass around and safe to use from many threads at once.
#pragma once

#include "vitals/band.hpp"
#include "vitals/churn_probability.hpp"
#include "vitals/error.hpp"
#include "vitals/expression.hpp"
#include "vitals/group.hpp"
#include "vitals/card_signals.hpp"
#include "vitals/measure.hpp"
#include "vitals/normalise/categories.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Everything that defines a scorecard, as plain data.
struct scorecard_spec {
    std::string name;
    std::string description;
    std::vector<vitals::group> groups;
    std::vector<vitals::measure> measures;
    vitals::bands bands;
    /// Below this share of total weight present, an account is "insufficient data", not scored.
    double min_coverage = 0.5;
    /// Derived trend columns computed from history (optional; vitals/card_signals.hpp, computed by vitals/signals/).
    std::vector<vitals::trend_input> trends;
    /// How the score's own trend arrow is drawn (vitals/card_signals.hpp).
    vitals::score_trend_spec score_trend;
    /// Alert rules (optional; vitals/card_signals.hpp, evaluated by signals/alert.hpp).
    std::vector<vitals::alert_rule> alerts;
    /// Derived input columns computed from other columns before scoring (optional;
    /// vitals/expression.hpp). Each may read input columns and the derived columns declared before it.
    std::vector<vitals::derived_input> derived;
    /// The churn probability of this card's score (optional; vitals/churn_probability.hpp). `vitals
    /// fit` stores the one it fitted; a card without it gives no churn probability.
    std::optional<vitals::churn_probability> calibration;

    friend bool operator==(const scorecard_spec&, const scorecard_spec&) = default;
};

/// Index value meaning "none" (no denominator, top level).
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// A validated, immutable scorecard.
class scorecard {
public:
    /// One member of a group: a measure or a sub-group, with its raw weight.
    struct member {
        bool is_group = false;
        std::size_t index = 0;  ///< into measures() or groups()
        double weight = 0.0;
    };
    /// A group in evaluation form. Node 0 of nodes() is the implicit top level (the whole score).
    struct node {
        std::string_view name;      ///< "" for the top level
        std::size_t parent = npos;  ///< node index of the enclosing group; npos for the top level
        vitals::aggregation aggregation = aggregation::mean;
        std::vector<member> members;  ///< members in file order: measures first, then groups
        double share = 1.0;           ///< share of the total weight when everything is present
    };
    /// A measure in evaluation form.
    struct measure_slot {
        std::size_t numerator = 0;        ///< a column slot (see column_slot())
        std::size_t denominator = npos;   ///< a column slot, or npos
        std::size_t node = 0;             ///< the node (group) it belongs to
        double share = 0.0;               ///< share of the total weight when everything is present
    };

    /// Validate `spec` and build. Every problem is reported, one per line of the error message, as
    /// `<json pointer>: <what is wrong>`; the code is errc::invalid_scorecard.
    [[nodiscard]] static result<scorecard> build(scorecard_spec spec);

    [[nodiscard]] const scorecard_spec& spec() const noexcept { return body_->spec; }
    [[nodiscard]] std::string_view name() const noexcept { return body_->spec.name; }
    [[nodiscard]] std::span<const vitals::measure> measures() const noexcept { return body_->spec.measures; }
    [[nodiscard]] std::span<const vitals::group> groups() const noexcept { return body_->spec.groups; }
    [[nodiscard]] const vitals::bands& bands() const noexcept { return body_->spec.bands; }
    [[nodiscard]] double min_coverage() const noexcept { return body_->spec.min_coverage; }
    [[nodiscard]] const std::optional<vitals::churn_probability>& calibration() const noexcept { return body_->spec.calibration; }

    /// The distinct input columns the scorecard reads, in order of first use by the measures (for a
    /// measure on a derived column, the columns that column reads; then those of derived columns no
    /// measure reads). These are the columns the host supplies: an account is passed as one value
    /// per input, in this order. Derived columns are not among them (see derived()).
    [[nodiscard]] std::span<const std::string> inputs() const noexcept { return body_->inputs; }
    /// The position of an input column, or npos.
    [[nodiscard]] std::size_t input_index(std::string_view column) const noexcept {
        for (std::size_t i = 0; i < body_->inputs.size(); ++i)
            if (body_->inputs[i] == column) return i;
        return npos;
    }
    /// The derived columns in evaluation form, in spec().derived order. Derived column d has column
    /// slot inputs().size() + d; its operands are column slots (inputs, or earlier derived columns).
    struct derived_slot {
        std::string_view name;
        vitals::expression expr;
        std::vector<std::size_t> operands;  ///< the column slot of each of expr.columns()
    };
    [[nodiscard]] std::span<const derived_slot> derived() const noexcept { return body_->derived; }
    /// Column slots: the inputs (0 .. inputs().size() - 1), then the derived columns. A measure
    /// reads column slots; an account's values are the inputs followed by fill_derived()'s results.
    [[nodiscard]] std::size_t slot_count() const noexcept { return body_->inputs.size() + body_->derived.size(); }
    /// The column slot of an input or derived column, or npos.
    [[nodiscard]] std::size_t column_slot(std::string_view column) const noexcept {
        if (const std::size_t i = input_index(column); i != npos) return i;
        for (std::size_t d = 0; d < body_->derived.size(); ++d)
            if (body_->derived[d].name == column) return body_->inputs.size() + d;
        return npos;
    }
    /// The inputs (indices into inputs()) column slot k reads: k itself for an input; for a derived
    /// column, the inputs its expression reads directly or through earlier derived columns, in order.
    [[nodiscard]] std::vector<std::size_t> inputs_read(std::size_t k) const {
        std::vector<std::size_t> out;
        const std::size_t I = body_->inputs.size();
        std::vector<char> seen(slot_count(), 0);
        std::vector<std::size_t> todo{k};  // depth first, operands in order
        while (!todo.empty()) {
            const std::size_t x = todo.back();
            todo.pop_back();
            if (x >= seen.size() || seen[x]) continue;
            seen[x] = 1;
            if (x < I) {
                out.push_back(x);
                continue;
            }
            const auto& ops = body_->derived[x - I].operands;
            for (auto it = ops.rbegin(); it != ops.rend(); ++it) todo.push_back(*it);
        }
        return out;
    }
    /// Computes the derived columns of one account: `values` holds slot_count() values, the inputs
    /// first; the derived ones are written, in order (NaN in -> NaN out).
    void fill_derived(std::span<double> values) const {
        const std::size_t I = body_->inputs.size();
        for (std::size_t d = 0; d < body_->derived.size(); ++d) {
            const derived_slot& ds = body_->derived[d];
            detail::small_buffer<double> args(ds.operands.size());
            for (std::size_t k = 0; k < ds.operands.size(); ++k) args.data()[k] = values[ds.operands[k]];
            values[I + d] = ds.expr.evaluate_row(std::span<const double>(args.data(), ds.operands.size()));
        }
    }

    /// The position of a measure by name, or npos.
    [[nodiscard]] std::size_t measure_index(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < body_->spec.measures.size(); ++i)
            if (body_->spec.measures[i].name == name) return i;
        return npos;
    }

    /// The levels of input `i` when it is a column of levels (a categories measure reads it: its
    /// values are level codes, see normalise/categories.hpp), else nullptr. Readers encode such a
    /// column's text with levels->level_code().
    [[nodiscard]] const vitals::categories* input_levels(std::size_t i) const noexcept {
        return i < body_->levels.size() ? body_->levels[i] : nullptr;
    }

    /// Evaluation form: node 0 is the top level, node g + 1 is groups()[g].
    [[nodiscard]] std::span<const node> nodes() const noexcept { return body_->nodes; }
    [[nodiscard]] std::span<const measure_slot> slots() const noexcept { return body_->slots; }

    /// Two scorecards are equal when their specs are (same measures, normalisers, weights, ...).
    friend bool operator==(const scorecard& a, const scorecard& b) {
        return a.body_ == b.body_ || a.body_->spec == b.body_->spec;
    }

private:
    struct body {
        scorecard_spec spec;
        std::vector<std::string> inputs;
        std::vector<derived_slot> derived;
        std::vector<node> nodes;
        std::vector<measure_slot> slots;
        std::vector<const vitals::categories*> levels;  ///< per input: its levels, or nullptr
    };
    explicit scorecard(std::shared_ptr<const body> b) : body_(std::move(b)) {}
    std::shared_ptr<const body> body_;
};

// ---- implementation --------------------------------------------------------------------------

namespace detail {

inline void report(std::vector<std::string>& out, const std::string& where, const std::string& what) {
    out.push_back(where + ": " + what);
}

inline bool valid_weight(double w) noexcept { return std::isfinite(w) && w >= 0.0; }

}  // namespace detail

inline result<scorecard> scorecard::build(scorecard_spec spec) {
    std::vector<std::string> errors;
    const auto at = [](const char* list, std::size_t i, const char* field = nullptr) {
        std::string p = std::string("/") + list + "/" + std::to_string(i);
        if (field) p += std::string("/") + field;
        return p;
    };

    // -- top-level settings
    if (!(spec.min_coverage >= 0.0 && spec.min_coverage <= 1.0))
        detail::report(errors, "/min_coverage", "must lie in [0, 1]");
    for (const problem& p : spec.bands.validate()) detail::report(errors, "/bands" + p.where, p.what);
    if (spec.calibration) {
        if (!std::isfinite(spec.calibration->intercept))
            detail::report(errors, "/calibration/intercept", "must be a finite number");
        if (!std::isfinite(spec.calibration->slope)) detail::report(errors, "/calibration/slope", "must be a finite number");
    }

    // -- groups: names, weights, parents
    std::map<std::string, std::size_t, std::less<>> group_of;
    for (std::size_t g = 0; g < spec.groups.size(); ++g) {
        const group& gr = spec.groups[g];
        if (gr.name.empty())
            detail::report(errors, at("groups", g, "name"), "must not be empty");
        else if (auto [it, fresh] = group_of.emplace(gr.name, g); !fresh)
            detail::report(errors, at("groups", g, "name"),
                           "duplicate group name \"" + gr.name + "\" (first at /groups/" +
                               std::to_string(it->second) + ")");
        if (!detail::valid_weight(gr.weight))
            detail::report(errors, at("groups", g, "weight"), "must be a finite number >= 0");
    }
    std::vector<std::size_t> parent_node(spec.groups.size(), 0);  // node index (0 = top level)
    for (std::size_t g = 0; g < spec.groups.size(); ++g) {
        const group& gr = spec.groups[g];
        if (gr.parent.empty()) continue;
        auto it = group_of.find(gr.parent);
        if (it == group_of.end())
            detail::report(errors, at("groups", g, "parent"), "unknown group \"" + gr.parent + "\"");
        else if (it->second == g)
            detail::report(errors, at("groups", g, "parent"), "a group cannot contain itself");
        else
            parent_node[g] = it->second + 1;
    }
    // cycles: walk up from each group; coming back to it means it lies on a loop. A group that
    // only hangs below a loop is not reported: the loop's own first member is, and is cut.
    for (std::size_t g = 0; g < spec.groups.size(); ++g) {
        std::size_t n = parent_node[g], steps = 0;
        while (n != 0 && n != g + 1 && steps <= spec.groups.size()) {
            n = parent_node[n - 1];
            ++steps;
        }
        if (n == g + 1) {
            detail::report(errors, at("groups", g, "parent"), "groups nest in a cycle");
            parent_node[g] = 0;  // break the cycle so later checks terminate
        }
    }

    // -- measures: names, inputs, weights, groups, normalisers
    std::map<std::string, std::size_t, std::less<>> measure_of;
    std::vector<std::size_t> measure_node(spec.measures.size(), 0);
    for (std::size_t m = 0; m < spec.measures.size(); ++m) {
        const measure& me = spec.measures[m];
        if (me.name.empty())
            detail::report(errors, at("measures", m, "name"), "must not be empty");
        else if (auto [it, fresh] = measure_of.emplace(me.name, m); !fresh)
            detail::report(errors, at("measures", m, "name"),
                           "duplicate measure name \"" + me.name + "\" (first at /measures/" +
                               std::to_string(it->second) + ")");
        if (me.input.column.empty())
            detail::report(errors, at("measures", m, "input"), "an input column is required");
        if (me.input.is_ratio() && me.input.denominator == me.input.column)
            detail::report(errors, at("measures", m, "input"),
                           "a ratio needs two different columns");
        if (!detail::valid_weight(me.weight))
            detail::report(errors, at("measures", m, "weight"), "must be a finite number >= 0");
        if (!me.group.empty()) {
            auto it = group_of.find(me.group);
            if (it == group_of.end())
                detail::report(errors, at("measures", m, "group"), "unknown group \"" + me.group + "\"");
            else
                measure_node[m] = it->second + 1;
        }
        for (const problem& p : me.normaliser.validate())
            detail::report(errors, at("measures", m, "normaliser") + p.where, p.what);
    }
    if (spec.measures.empty()) detail::report(errors, "/measures", "a scorecard needs at least one measure");

    // -- structure: members per node, empty groups, all-zero weights
    std::vector<node> nodes(spec.groups.size() + 1);
    for (std::size_t g = 0; g < spec.groups.size(); ++g) {
        nodes[g + 1].name = spec.groups[g].name;  // rebound to the stored spec below
        nodes[g + 1].parent = parent_node[g];
        nodes[g + 1].aggregation = spec.groups[g].aggregation;
    }
    for (std::size_t m = 0; m < spec.measures.size(); ++m)
        nodes[measure_node[m]].members.push_back({false, m, spec.measures[m].weight});
    for (std::size_t g = 0; g < spec.groups.size(); ++g)
        nodes[parent_node[g]].members.push_back({true, g, spec.groups[g].weight});
    // a group is empty when no measure lies anywhere below it
    std::vector<char> has_measure(nodes.size(), 0);
    for (std::size_t m = 0; m < spec.measures.size(); ++m)
        for (std::size_t n = measure_node[m], guard = 0; guard <= nodes.size(); ++guard) {
            has_measure[n] = 1;
            if (n == 0) break;
            n = nodes[n].parent;
        }
    for (std::size_t g = 0; g < spec.groups.size(); ++g)
        if (!has_measure[g + 1])
            detail::report(errors, at("groups", g), "group \"" + spec.groups[g].name + "\" has no measures");
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (nodes[n].members.empty()) continue;
        double total = 0.0;
        for (const member& mb : nodes[n].members) total += detail::valid_weight(mb.weight) ? mb.weight : 1.0;
        if (total == 0.0) {
            if (n == 0)
                detail::report(errors, "", "all top-level weights are zero");
            else
                detail::report(errors, at("groups", n - 1),
                               "all member weights of group \"" + spec.groups[n - 1].name + "\" are zero");
        } else if (!std::isfinite(total)) {  // e.g. two weights of 1e308: shares would be 0 or NaN
            if (n == 0)
                detail::report(errors, "", "the top-level weights add up to more than a double holds");
            else
                detail::report(errors, at("groups", n - 1),
                               "the member weights of group \"" + spec.groups[n - 1].name +
                                   "\" add up to more than a double holds");
        }
    }

    // -- signals: derived trend columns, the score trend, alert rules
    std::map<std::string, std::size_t, std::less<>> trend_of;
    for (std::size_t t = 0; t < spec.trends.size(); ++t) {
        const trend_input& tr = spec.trends[t];
        for (const problem& p : tr.validate()) detail::report(errors, at("trends", t) + p.where, p.what);
        if (tr.name.empty()) continue;
        if (auto [it, fresh] = trend_of.emplace(tr.name, t); !fresh)
            detail::report(errors, at("trends", t, "name"),
                           "derived column \"" + tr.name + "\" is already declared at /trends/" +
                               std::to_string(it->second));
        else if (tr.name == tr.metric)
            detail::report(errors, at("trends", t, "name"),
                           "a derived column cannot take the name of the metric it reads (\"" + tr.metric + "\")");
    }
    for (std::size_t t = 0; t < spec.trends.size(); ++t)  // a derived column is not history
        if (trend_of.contains(spec.trends[t].metric) && spec.trends[t].metric != spec.trends[t].name)
            detail::report(errors, at("trends", t, "metric"),
                           "\"" + spec.trends[t].metric + "\" is a derived column, not a history metric");
    for (const problem& p : spec.score_trend.validate()) detail::report(errors, "/score_trend" + p.where, p.what);

    // -- derived columns: names, expressions, what they read (inputs and earlier derived columns)
    std::map<std::string, std::size_t, std::less<>> derived_of;
    std::vector<expression> parsed(spec.derived.size());
    for (std::size_t d = 0; d < spec.derived.size(); ++d) {
        const derived_input& dv = spec.derived[d];
        if (dv.name.empty())
            detail::report(errors, at("derived", d, "name"), "must not be empty");
        else if (auto t = trend_of.find(dv.name); t != trend_of.end())
            detail::report(errors, at("derived", d, "name"),
                           "\"" + dv.name + "\" is already a trend column (/trends/" + std::to_string(t->second) + ")");
        else if (auto [it, fresh] = derived_of.emplace(dv.name, d); !fresh)
            detail::report(errors, at("derived", d, "name"),
                           "duplicate derived column name \"" + dv.name + "\" (first at /derived/" +
                               std::to_string(it->second) + ")");
        if (auto e = expression::parse(dv.expression); !e)
            detail::report(errors, at("derived", d, "expression"), e.error().message);
        else
            parsed[d] = std::move(e).value();
    }
    for (std::size_t d = 0; d < spec.derived.size(); ++d)
        for (const std::string& c : parsed[d].columns()) {
            if (c == spec.derived[d].name)
                detail::report(errors, at("derived", d, "expression"), "\"" + c + "\" reads itself");
            else if (auto it = derived_of.find(c); it != derived_of.end() && it->second > d)
                detail::report(errors, at("derived", d, "expression"),
                               "\"" + c + "\" is declared later (/derived/" + std::to_string(it->second) +
                                   "); a derived column reads only inputs and the derived columns declared before it");
            else if (auto t = trend_of.find(c); t != trend_of.end())
                detail::report(errors, at("derived", d, "expression"),
                               "\"" + c + "\" is a trend column (/trends/" + std::to_string(t->second) +
                                   "); derived columns cannot read trend columns");
        }
    std::map<std::string, std::size_t, std::less<>> alert_of;
    for (std::size_t a = 0; a < spec.alerts.size(); ++a) {
        const alert_rule& al = spec.alerts[a];
        for (const problem& p : al.validate()) detail::report(errors, at("alerts", a) + p.where, p.what);
        if (!al.name.empty())
            if (auto [it, fresh] = alert_of.emplace(al.name, a); !fresh)
                detail::report(errors, at("alerts", a, "name"),
                               "duplicate alert name \"" + al.name + "\" (first at /alerts/" +
                                   std::to_string(it->second) + ")");
        if (al.kind == alert_kind::threshold && !al.measure.empty() && !measure_of.contains(al.measure))
            detail::report(errors, at("alerts", a, "measure"), "unknown measure \"" + al.measure + "\"");
    }

    // -- columns of levels: a categories measure reads one input column of level codes, and only
    //    categories measures with the same levels read that column
    std::map<std::string, std::size_t, std::less<>> levels_of;  // column -> first categories measure
    for (std::size_t m = 0; m < spec.measures.size(); ++m) {
        const measure& me = spec.measures[m];
        const auto* c = me.normaliser.target<categories>();
        if (c == nullptr) continue;
        if (me.input.is_ratio())
            detail::report(errors, at("measures", m, "input"), "a categories measure reads one column of levels, not a ratio");
        else if (derived_of.contains(me.input.column))
            detail::report(errors, at("measures", m, "input"),
                           "a categories measure reads a column of levels, not the derived column \"" + me.input.column + "\"");
        else if (auto [it, fresh] = levels_of.emplace(me.input.column, m); !fresh) {
            if (!spec.measures[it->second].normaliser.target<categories>()->same_levels(*c))
                detail::report(errors, at("measures", m, "normaliser") + "/levels",
                               "column \"" + me.input.column + "\" is also read by /measures/" + std::to_string(it->second) +
                                   " with other levels; the measures on one column of levels list the same levels in the same order");
        }
    }
    const auto holds_levels = [&](const std::string& col) -> std::string {
        const auto it = levels_of.find(col);
        return it == levels_of.end() ? std::string()
                                     : "column \"" + col + "\" holds levels (the categories measure /measures/" +
                                           std::to_string(it->second) + " reads it)";
    };
    for (std::size_t m = 0; m < spec.measures.size(); ++m) {
        const measure& me = spec.measures[m];
        if (me.normaliser.target<categories>() && !me.input.is_ratio()) continue;
        for (const std::string* col : {&me.input.column, &me.input.denominator})
            if (!col->empty())
                if (std::string why = holds_levels(*col); !why.empty())
                    detail::report(errors, at("measures", m, "input"), why + "; only categories measures can read it");
    }
    for (std::size_t d = 0; d < spec.derived.size(); ++d)
        for (const std::string& c : parsed[d].columns())
            if (std::string why = holds_levels(c); !why.empty())
                detail::report(errors, at("derived", d, "expression"), why + "; expressions read numbers");

    if (!errors.empty()) {
        std::string msg;
        for (const std::string& e : errors) {
            if (!msg.empty()) msg += '\n';
            msg += e;
        }
        return fail(errc::invalid_scorecard, std::move(msg));
    }

    // -- compile: inputs, shares
    auto b = std::make_shared<body>();
    b->spec = std::move(spec);
    const scorecard_spec& s = b->spec;
    std::map<std::string, std::size_t, std::less<>> input_of;
    const auto input_slot = [&](const std::string& col) {
        const auto [it, fresh] = input_of.emplace(col, b->inputs.size());
        if (fresh) b->inputs.push_back(col);
        return it->second;
    };
    // inputs in order of first use; a derived column stands for the inputs it reads, directly or
    // through earlier derived columns (depth first, left to right; each derived column expanded once)
    std::vector<char> expanded(s.derived.size(), 0);
    std::vector<const std::string*> todo;
    const auto use = [&](const std::string& col) {
        todo.assign(1, &col);
        while (!todo.empty()) {
            const std::string& c = *todo.back();
            todo.pop_back();
            const auto it = derived_of.find(c);
            if (it == derived_of.end()) {
                input_slot(c);
                continue;
            }
            if (expanded[it->second]) continue;
            expanded[it->second] = 1;
            const auto cols = parsed[it->second].columns();
            for (auto k = cols.rbegin(); k != cols.rend(); ++k) todo.push_back(&*k);
        }
    };
    for (const measure& me : s.measures) {
        use(me.input.column);
        if (me.input.is_ratio()) use(me.input.denominator);
    }
    for (const derived_input& dv : s.derived) use(dv.name);  // also those no measure reads
    const std::size_t I = b->inputs.size();
    const auto slot_of = [&](const std::string& col) {
        const auto it = derived_of.find(col);
        return it == derived_of.end() ? input_slot(col) : I + it->second;
    };
    b->derived.resize(s.derived.size());
    for (std::size_t d = 0; d < s.derived.size(); ++d) {
        derived_slot& ds = b->derived[d];
        ds.name = s.derived[d].name;
        ds.expr = std::move(parsed[d]);
        for (const std::string& c : ds.expr.columns()) ds.operands.push_back(slot_of(c));
    }
    b->slots.resize(s.measures.size());
    for (std::size_t m = 0; m < s.measures.size(); ++m) {
        measure_slot& sl = b->slots[m];
        sl.numerator = slot_of(s.measures[m].input.column);
        sl.denominator = s.measures[m].input.is_ratio() ? slot_of(s.measures[m].input.denominator) : npos;
        sl.node = measure_node[m];
    }
    for (std::size_t g = 0; g < s.groups.size(); ++g) nodes[g + 1].name = s.groups[g].name;
    // shares, top-down: visit nodes by depth so a parent's share is known before its members'.
    std::vector<std::size_t> depth(nodes.size(), 0);
    for (std::size_t n = 1; n < nodes.size(); ++n)
        for (std::size_t p = nodes[n].parent; ; p = nodes[p].parent) {
            ++depth[n];
            if (p == 0) break;
        }
    std::vector<std::size_t> order(nodes.size());
    for (std::size_t n = 0; n < nodes.size(); ++n) order[n] = n;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) { return depth[a] < depth[c]; });
    nodes[0].share = 1.0;
    for (std::size_t n : order) {
        double total = 0.0;
        for (const member& mb : nodes[n].members) total += mb.weight;
        for (const member& mb : nodes[n].members) {
            const double share = nodes[n].share * mb.weight / total;
            if (mb.is_group)
                nodes[mb.index + 1].share = share;
            else
                b->slots[mb.index].share = share;
        }
    }
    b->nodes = std::move(nodes);
    b->levels.assign(I, nullptr);
    for (std::size_t m = 0; m < s.measures.size(); ++m)
        if (const auto* c = s.measures[m].normaliser.target<vitals::categories>(); c && b->slots[m].numerator < I)
            if (b->levels[b->slots[m].numerator] == nullptr) b->levels[b->slots[m].numerator] = c;
    return scorecard(std::move(b));
}

}  // namespace v1
}  // namespace vitals

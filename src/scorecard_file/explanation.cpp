// Vitals — one account's score explained, as JSON (docs/c-api.md, "The explanation JSON").
#include "vitals/explanation.hpp"

#include "vitals/json_number.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace {

using json = nlohmann::ordered_json;

constexpr auto& number = json_number<json>;  // null for NaN and infinities

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

/// The level a code names in a categories measure (null when the value is not a code).
json level_of(const normaliser& n, double code) {
    const auto* c = n.target<categories>();
    if (c == nullptr || !(code >= 0.0 && code < static_cast<double>(c->levels.size())) || code != std::floor(code))
        return json(nullptr);
    return c->levels[static_cast<std::size_t>(code)];
}

/// Sums of contribution and points lost over the measures below each node; NaN for a node with
/// nothing present below it, and for every node of an account that is not scored.
struct node_totals {
    std::vector<double> contribution, points_lost;
};

node_totals totals(const scorecard& card, const account_score& s) {
    const auto nodes = card.nodes();
    node_totals t{std::vector<double>(nodes.size(), 0.0), std::vector<double>(nodes.size(), 0.0)};
    for (std::size_t m = 0; m < s.measures.size(); ++m) {
        if (!s.measures[m].present()) continue;
        for (std::size_t n = card.slots()[m].node; n != npos; n = nodes[n].parent) {
            t.contribution[n] += s.measures[m].contribution;
            t.points_lost[n] += s.measures[m].points_lost;
        }
    }
    for (std::size_t n = 0; n < nodes.size(); ++n)
        if (s.status != status::ok || s.groups[n].score != s.groups[n].score)
            t.contribution[n] = t.points_lost[n] = missing;
    return t;
}

/// The flat per-measure list (the C ABI's first shape): in scorecard order, missing as null,
/// contribution and points lost 0 for a missing measure.
json measure_list(const scorecard& card, const account_score& s) {
    json out = json::array();
    for (std::size_t m = 0; m < s.measures.size(); ++m) {
        const measure_score& ms = s.measures[m];
        json e = json({{"index", m},
                       {"name", card.measures()[m].name},
                       {"group", card.measures()[m].group},
                       {"raw", number(ms.raw)},
                       {"sub_score", number(ms.sub_score)},
                       {"weight", number(ms.weight)},
                       {"effective_weight", number(ms.effective_weight)},
                       {"contribution", number(ms.contribution)},
                       {"points_lost", number(ms.points_lost)}});
        if (card.measures()[m].normaliser.target<categories>())
            e["level"] = level_of(card.measures()[m].normaliser, ms.raw);  // only for categories measures
        out.push_back(std::move(e));
    }
    return out;
}

/// The flat per-group list, in node order: the top level ("") first, then the scorecard's groups.
json group_list(const scorecard& card, const account_score& s) {
    json out = json::array();
    for (std::size_t n = 0; n < s.groups.size(); ++n) {
        const group_score& g = s.groups[n];
        out.push_back({{"name", std::string(card.nodes()[n].name)},
                       {"score", number(g.score)},
                       {"coverage", number(g.coverage)},
                       {"effective_weight", number(g.effective_weight)}});
    }
    return out;
}

/// The tree below `node`: each group with its members (measures first, then sub-groups, in file
/// order); a measure names its input and, for a ratio, the numerator and denominator read.
json tree(const scorecard& card, const account_score& s, const node_totals& t, std::span<const double> values,
          std::size_t node) {
    const auto nodes = card.nodes();
    json j;
    j["group"] = node == 0 ? json(nullptr) : json(card.groups()[node - 1].name);
    j["score"] = number(s.groups[node].score);
    j["coverage"] = number(s.groups[node].coverage);
    j["weight"] = number(nodes[node].share);
    j["effective_weight"] = number(s.groups[node].effective_weight);
    j["contribution"] = number(t.contribution[node]);
    j["points_lost"] = number(t.points_lost[node]);
    j["members"] = json::array();
    for (const scorecard::member& mb : nodes[node].members) {
        if (mb.is_group) {
            j["members"].push_back(tree(card, s, t, values, mb.index + 1));
            continue;
        }
        const measure& m = card.measures()[mb.index];
        const measure_score& ms = s.measures[mb.index];
        json e;
        e["measure"] = m.name;
        e["input"] = m.input.is_ratio() ? m.input.column + " / " + m.input.denominator : m.input.column;
        if (m.input.is_ratio()) {
            const scorecard::measure_slot& slot = card.slots()[mb.index];
            e["numerator"] = number(values[slot.numerator]);
            e["denominator"] = number(values[slot.denominator]);
        }
        e["raw"] = number(ms.raw);
        if (m.normaliser.target<categories>()) e["level"] = level_of(m.normaliser, ms.raw);  // the code's text
        e["sub_score"] = number(ms.sub_score);
        e["weight"] = number(ms.weight);
        e["effective_weight"] = number(ms.effective_weight);
        e["contribution"] = number(ms.present() ? ms.contribution : missing);
        e["points_lost"] = number(ms.present() ? ms.points_lost : missing);
        j["members"].push_back(std::move(e));
    }
    return j;
}

json path_json(const scorecard& card, const green_path& p) {
    json changes = json::array();
    for (const measure_change& c : p.changes) {
        json e = {{"measure", c.measure},
                           {"name", card.measures()[c.measure].name},
                           {"column", card.inputs()[c.column]},
                           {"value_from", number(c.value_from)},
                           {"value_to", number(c.value_to)},
                           {"raw_from", number(c.raw_from)},
                           {"raw_to", number(c.raw_to)},
                           {"sub_score_from", number(c.sub_score_from)},
                           {"sub_score_to", number(c.sub_score_to)}};
        if (const normaliser& n = card.measures()[c.measure].normaliser; n.target<categories>()) {
            e["level_from"] = level_of(n, c.value_from);  // a column of levels: the texts of the codes
            e["level_to"] = level_of(n, c.value_to);
        }
        changes.push_back(std::move(e));
    }
    return {{"changes", std::move(changes)},
            {"score", number(p.score)},
            {"band", p.band},
            {"band_label", std::string(card.bands().label(p.band))},
            {"effort", number(p.effort)}};
}

}  // namespace

result<std::string> path_to_green_json(const scorecard& card, const path_to_green& p, int indent) {
    const auto fits = [&](const green_path& g) {
        for (const measure_change& c : g.changes)
            if (c.measure >= card.measures().size() || c.column >= card.inputs().size()) return false;
        return true;
    };
    bool ok = true;
    for (const green_path& g : p.single) ok = ok && fits(g);
    if (p.pair) ok = ok && fits(*p.pair);
    for (const blocked_measure& b : p.blocked) ok = ok && b.measure < card.measures().size();
    if (!ok) return fail(errc::shape_mismatch, "path: a measure or column index is not the scorecard's");
    json j;
    j["score"] = number(p.score);
    j["band"] = p.band;
    j["band_label"] = std::string(card.bands().label(p.band));
    j["target_band"] = p.target_band;
    j["target_label"] = p.target_band < 0 ? json(nullptr) : json(std::string(card.bands().label(p.target_band)));
    j["cutoff"] = number(p.cutoff);
    j["note"] = p.note;
    j["single"] = json::array();
    for (const green_path& g : p.single) j["single"].push_back(path_json(card, g));
    j["pair"] = p.pair ? path_json(card, *p.pair) : json(nullptr);
    j["blocked"] = json::array();
    for (const blocked_measure& b : p.blocked)
        j["blocked"].push_back({{"measure", b.measure}, {"name", card.measures()[b.measure].name}, {"reason", b.reason}});
    try {
        return j.dump(indent);
    } catch (const json::type_error& e) {  // 316: a string that is not UTF-8
        return fail(errc::invalid_argument, std::string("path to green: a text is not valid UTF-8: ") + e.what());
    }
}

result<std::string> explanation_json(const scorecard& card, const account_score& s, std::span<const double> inputs,
                                     const explanation_context& context, int indent) {
    if (inputs.size() != card.inputs().size())
        return fail(errc::shape_mismatch, "inputs: " + std::to_string(inputs.size()) +
                                              " values given, the scorecard reads " +
                                              std::to_string(card.inputs().size()) + " columns");
    if (s.measures.size() != card.measures().size() || s.groups.size() != card.nodes().size())
        return fail(errc::shape_mismatch, "score: " + std::to_string(s.measures.size()) + " measures and " +
                                              std::to_string(s.groups.size()) + " groups, the scorecard has " +
                                              std::to_string(card.measures().size()) + " and " +
                                              std::to_string(card.nodes().size()) + " (the top level included)");
    for (std::size_t d : s.drivers)
        if (d >= card.measures().size())
            return fail(errc::shape_mismatch, "score: driver " + std::to_string(d) + " is not a measure of the scorecard");
    std::vector<double> values(inputs.begin(), inputs.end());  // by column slot: the inputs, then the derived
    values.resize(card.slot_count());
    card.fill_derived(values);

    json j;
    if (context.account_id) j["account_id"] = *context.account_id;
    if (context.source) j["source"] = *context.source;
    if (context.origin) j["origin"] = *context.origin;
    j["status"] = std::string(to_string(s.status));
    j["score"] = number(s.score);
    j["band"] = s.band;
    j["band_label"] = std::string(card.bands().label(s.band));
    j["coverage"] = number(s.coverage);
    j["measures"] = measure_list(card, s);
    j["groups"] = group_list(card, s);
    j["drivers"] = s.drivers;
    j["driver_names"] = json::array();
    for (std::size_t m : s.drivers) j["driver_names"].push_back(card.measures()[m].name);
    j["scorecard"] = std::string(card.name());
    if (!card.derived().empty()) {
        j["derived"] = json::array();
        for (std::size_t d = 0; d < card.derived().size(); ++d)
            j["derived"].push_back({{"name", card.spec().derived[d].name},
                                    {"expression", card.spec().derived[d].expression},
                                    {"value", number(values[card.inputs().size() + d])}});
    }
    j["breakdown"] = tree(card, s, totals(card, s), values, 0);
    try {
        return j.dump(indent);
    } catch (const json::type_error& e) {  // 316: a string that is not UTF-8
        return fail(errc::invalid_argument, std::string("explanation: a text is not valid UTF-8: ") + e.what());
    }
}

}  // namespace v1
}  // namespace vitals

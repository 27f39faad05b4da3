// Vitals — the scorecard file format: JSON text <-> scorecard_spec, then scorecard::build.
//
// Reading happens in two passes that both report every problem they see:
//   1. shape: JSON types, required and unknown keys, enum values (this file);
//   2. meaning: weights, groups, normaliser parameters, bands (scorecard::build).
// A field that fails pass 1 gets a harmless stand-in so pass 2 can still run; pass-2 problems at or
// below a pointer pass 1 settled are dropped, so each problem is reported once. A problem settles
// its own pointer, except: a bad element of a list settles the whole list (its stand-in may break
// the list's order), and a key missing from the top-level object settles only that key (settling
// the whole document would hide every other problem in it).
#include "vitals/scorecard_file.hpp"

#include "vitals/normalise.hpp"

#include "json_support.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace {

using json = nlohmann::ordered_json;

using json_support::escape_key;
using json_support::kind_of;

/// Pass 1: reads JSON values into spec fields, collecting shape problems.
class reader {
public:
    std::vector<std::pair<std::string, std::string>> problems;  // (pointer, what)
    std::vector<std::string> settled;  // pass-2 problems at or below these pointers are dropped

    void report(const std::string& where, std::string what) { report(where, where, std::move(what)); }
    void report(const std::string& where, const std::string& settles, std::string what) {
        problems.emplace_back(where, std::move(what));
        settled.push_back(settles);
    }

    /// Checks that `j` is an object with only `allowed` keys and every `required` key.
    bool object(const json& j, const std::string& at, std::initializer_list<std::string_view> allowed,
                std::initializer_list<std::string_view> required) {
        if (!j.is_object()) {
            report(at, std::string("must be an object, not ") + kind_of(j));
            return false;
        }
        for (const auto& [key, value] : j.items()) {
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                report(at + "/" + escape_key(key), "unknown key \"" + key + "\" (expected one of: " + list + ")");
            }
        }
        for (std::string_view r : required)
            if (!j.contains(r))
                report(at, at.empty() ? "/" + escape_key(r) : at, "missing required key \"" + std::string(r) + "\"");
        return true;
    }

    std::optional<double> number(const json& obj, const std::string& at, const char* key) {
        if (!obj.contains(key)) return std::nullopt;
        const json& v = obj[key];
        if (!v.is_number()) {
            report(at + "/" + key, std::string("must be a number, not ") + kind_of(v));
            return std::nullopt;
        }
        return v.get<double>();
    }

    std::optional<std::string> string(const json& obj, const std::string& at, const char* key) {
        if (!obj.contains(key)) return std::nullopt;
        const json& v = obj[key];
        if (!v.is_string()) {
            report(at + "/" + key, std::string("must be a string, not ") + kind_of(v));
            return std::nullopt;
        }
        return v.get<std::string>();
    }

    std::optional<bool> boolean(const json& obj, const std::string& at, const char* key) {
        if (!obj.contains(key)) return std::nullopt;
        const json& v = obj[key];
        if (!v.is_boolean()) {
            report(at + "/" + key, std::string("must be true or false, not ") + kind_of(v));
            return std::nullopt;
        }
        return v.get<bool>();
    }

    std::vector<double> numbers(const json& obj, const std::string& at, const char* key) {
        std::vector<double> out;
        if (!obj.contains(key)) return out;
        const json& v = obj[key];
        if (!v.is_array()) {
            report(at + "/" + key, std::string("must be an array of numbers, not ") + kind_of(v));
            return out;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_number()) {
                report(at + "/" + key + "/" + std::to_string(i), at + "/" + key,
                       std::string("must be a number, not ") + kind_of(v[i]));
                out.push_back(0.0);
            } else {
                out.push_back(v[i].get<double>());
            }
        }
        return out;
    }

    std::vector<std::string> strings(const json& obj, const std::string& at, const char* key) {
        std::vector<std::string> out;
        if (!obj.contains(key)) return out;
        const json& v = obj[key];
        if (!v.is_array()) {
            report(at + "/" + key, std::string("must be an array of strings, not ") + kind_of(v));
            return out;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) {
                report(at + "/" + key + "/" + std::to_string(i), at + "/" + key,
                       std::string("must be a string, not ") + kind_of(v[i]));
                out.emplace_back("?");
            } else {
                out.push_back(v[i].get<std::string>());
            }
        }
        return out;
    }

    normaliser read_normaliser(const json& j, const std::string& at, const load_options& options) {
        if (!j.is_object()) {
            report(at, std::string("must be an object, not ") + kind_of(j));
            return linear{};
        }
        const auto kind = string(j, at, "kind");
        if (!kind) {
            if (!j.contains("kind")) report(at, "missing required key \"kind\"");
            return linear{};
        }
        if (*kind == "linear") {
            object(j, at, {"kind", "worst", "best"}, {"worst", "best"});
            return linear{number(j, at, "worst").value_or(0.0), number(j, at, "best").value_or(1.0)};
        }
        if (*kind == "steps") {
            object(j, at, {"kind", "cutoffs", "scores"}, {"cutoffs", "scores"});
            return steps{numbers(j, at, "cutoffs"), numbers(j, at, "scores")};
        }
        if (*kind == "piecewise") {
            object(j, at, {"kind", "knots", "scores"}, {"knots", "scores"});
            return piecewise{numbers(j, at, "knots"), numbers(j, at, "scores")};
        }
        if (*kind == "logistic") {
            object(j, at, {"kind", "midpoint", "steepness"}, {"midpoint", "steepness"});
            return logistic{number(j, at, "midpoint").value_or(0.0), number(j, at, "steepness").value_or(1.0)};
        }
        if (*kind == "percentile") {
            object(j, at, {"kind", "quantiles", "direction"}, {"quantiles"});
            percentile p{numbers(j, at, "quantiles"), direction::higher_is_better};
            if (auto d = string(j, at, "direction")) {
                if (*d == "lower_is_better") p.dir = direction::lower_is_better;
                else if (*d != "higher_is_better")
                    report(at + "/direction", "must be \"higher_is_better\" or \"lower_is_better\", not \"" + *d + "\"");
            }
            return p;
        }
        if (*kind == "flag") {
            object(j, at, {"kind", "good_when"}, {"good_when"});
            return flag{boolean(j, at, "good_when").value_or(true)};
        }
        if (*kind == "categories") {
            object(j, at, {"kind", "levels", "scores", "unseen"}, {"levels", "scores"});
            categories c{strings(j, at, "levels"), numbers(j, at, "scores"), unseen_level::missing};
            if (auto u = string(j, at, "unseen")) {
                if (*u == "error") c.unseen = unseen_level::error;
                else if (*u != "missing") report(at + "/unseen", "must be \"missing\" or \"error\", not \"" + *u + "\"");
            }
            return c;
        }
        if (*kind == "custom") {
            object(j, at, {"kind", "name"}, {"name"});
            const auto name = string(j, at, "name");
            if (!name) return linear{};
            auto it = options.custom.find(*name);
            if (it == options.custom.end()) {
                std::string known;
                for (const auto& [k, v] : options.custom) known += (known.empty() ? "" : ", ") + k;
                report(at + "/name", "no user-defined normaliser named \"" + *name + "\" is registered" +
                                         (known.empty() ? std::string() : " (registered: " + known + ")"));
                return linear{};
            }
            return it->second;
        }
        report(at + "/kind", "unknown normaliser kind \"" + *kind +
                                 "\" (expected linear, steps, piecewise, logistic, percentile, flag, categories or custom)");
        return linear{};
    }

    input read_input(const json& j, const std::string& at) {
        if (j.is_string()) return input(j.get<std::string>());
        if (j.is_object()) {
            object(j, at, {"numerator", "denominator"}, {"numerator", "denominator"});
            return input::ratio(string(j, at, "numerator").value_or("?"), string(j, at, "denominator").value_or("??"));
        }
        report(at, std::string("must be a column name or {\"numerator\": ..., \"denominator\": ...}, not ") +
                       kind_of(j));
        return input("?");
    }

    scorecard_spec read_spec(const json& root, const load_options& options) {
        scorecard_spec spec;
        if (!object(root, "", {"vitals_scorecard", "name", "description", "min_coverage", "bands", "groups", "measures",
                             "derived", "trends", "score_trend", "alerts", "calibration"},
                    {"vitals_scorecard", "measures"}))
            return spec;
        if (root.contains("vitals_scorecard")) {
            const json& v = root["vitals_scorecard"];
            if (!v.is_number_integer() || v.get<long long>() != scorecard_format_version)
                report("/vitals_scorecard", "unsupported format version " + v.dump() + " (this library reads version " +
                                                std::to_string(scorecard_format_version) + ")");
        }
        spec.name = string(root, "", "name").value_or("");
        spec.description = string(root, "", "description").value_or("");
        spec.min_coverage = number(root, "", "min_coverage").value_or(spec.min_coverage);
        if (root.contains("calibration")) {
            const json& c = root["calibration"];
            if (object(c, "/calibration", {"intercept", "slope"}, {"intercept", "slope"})) {
                const auto intercept = number(c, "/calibration", "intercept");
                const auto slope = number(c, "/calibration", "slope");
                if (intercept && slope) spec.calibration = churn_probability{*intercept, *slope};
            }
        }
        if (root.contains("bands")) {
            const json& b = root["bands"];
            if (object(b, "/bands", {"cutoffs", "labels"}, {"cutoffs", "labels"})) {
                spec.bands.cutoffs = numbers(b, "/bands", "cutoffs");
                spec.bands.labels = strings(b, "/bands", "labels");
            }
        }
        if (root.contains("groups")) {
            const json& gs = root["groups"];
            if (!gs.is_array()) {
                report("/groups", std::string("must be an array, not ") + kind_of(gs));
            } else {
                for (std::size_t i = 0; i < gs.size(); ++i) {
                    const std::string at = "/groups/" + std::to_string(i);
                    group g;
                    if (object(gs[i], at, {"name", "weight", "parent", "aggregation", "description"}, {"name"})) {
                        g.name = string(gs[i], at, "name").value_or("?" + std::to_string(i));
                        g.weight = number(gs[i], at, "weight").value_or(1.0);
                        g.parent = string(gs[i], at, "parent").value_or("");
                        g.description = string(gs[i], at, "description").value_or("");
                        if (auto a = string(gs[i], at, "aggregation")) {
                            if (*a == "weakest_link") g.aggregation = aggregation::weakest_link;
                            else if (*a != "mean")
                                report(at + "/aggregation", "must be \"mean\" or \"weakest_link\", not \"" + *a + "\"");
                        }
                    } else {
                        g.name = "?" + std::to_string(i);
                    }
                    spec.groups.push_back(std::move(g));
                }
            }
        }
        if (root.contains("measures")) {
            const json& ms = root["measures"];
            if (!ms.is_array()) {
                report("/measures", std::string("must be an array, not ") + kind_of(ms));
            } else {
                for (std::size_t i = 0; i < ms.size(); ++i) {
                    const std::string at = "/measures/" + std::to_string(i);
                    measure m;
                    m.normaliser = linear{};
                    m.input = input("?");
                    if (object(ms[i], at, {"name", "input", "normaliser", "weight", "group", "description"},
                               {"name", "input", "normaliser"})) {
                        m.name = string(ms[i], at, "name").value_or("?" + std::to_string(i));
                        if (ms[i].contains("input")) m.input = read_input(ms[i]["input"], at + "/input");
                        if (ms[i].contains("normaliser"))
                            m.normaliser = read_normaliser(ms[i]["normaliser"], at + "/normaliser", options);
                        m.weight = number(ms[i], at, "weight").value_or(1.0);
                        m.group = string(ms[i], at, "group").value_or("");
                        m.description = string(ms[i], at, "description").value_or("");
                    } else {
                        m.name = "?" + std::to_string(i);
                    }
                    spec.measures.push_back(std::move(m));
                }
            }
        }
        read_derived(root, spec);
        read_signals(root, spec);
        return spec;
    }

    /// An integer (a JSON number with no fraction); nullopt when absent or not one.
    std::optional<std::int64_t> integer(const json& obj, const std::string& at, const char* key) {
        if (!obj.contains(key)) return std::nullopt;
        const json& v = obj[key];
        if (v.is_number_integer()) return v.get<std::int64_t>();
        if (v.is_number_float()) {
            const double d = v.get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
        }
        report(at + "/" + key, std::string("must be a whole number, not ") + (v.is_number() ? v.dump() : kind_of(v)));
        return std::nullopt;
    }

    /// The optional "derived" key: [{"name": ..., "expression": ..., "description": ...}, ...].
    void read_derived(const json& root, scorecard_spec& spec) {
        if (!root.contains("derived")) return;
        const json& ds = root["derived"];
        if (!ds.is_array()) {
            report("/derived", std::string("must be an array, not ") + kind_of(ds));
            return;
        }
        for (std::size_t i = 0; i < ds.size(); ++i) {
            const std::string at = "/derived/" + std::to_string(i);
            derived_input d;
            if (object(ds[i], at, {"name", "expression", "description"}, {"name", "expression"})) {
                d.name = string(ds[i], at, "name").value_or("?" + std::to_string(i));
                d.expression = string(ds[i], at, "expression").value_or("0");
                d.description = string(ds[i], at, "description").value_or("");
            } else {
                d.name = "?" + std::to_string(i);
                d.expression = "0";
            }
            spec.derived.push_back(std::move(d));
        }
    }

    /// The optional signals keys: "trends", "score_trend", "alerts".
    void read_signals(const json& root, scorecard_spec& spec) {
        if (root.contains("trends")) {
            const json& ts = root["trends"];
            if (!ts.is_array()) {
                report("/trends", std::string("must be an array, not ") + kind_of(ts));
            } else {
                for (std::size_t i = 0; i < ts.size(); ++i) {
                    const std::string at = "/trends/" + std::to_string(i);
                    trend_input t;
                    if (object(ts[i], at, {"name", "metric", "kind", "window", "description"},
                               {"name", "metric", "kind", "window"})) {
                        t.name = string(ts[i], at, "name").value_or("?" + std::to_string(i));
                        t.metric = string(ts[i], at, "metric").value_or("?");
                        if (auto k = string(ts[i], at, "kind")) {
                            if (auto kind = trend_kind_from(*k)) t.kind = *kind;
                            else
                                report(at + "/kind", "unknown trend kind \"" + *k +
                                                         "\" (expected slope, percent_change or declines)");
                        }
                        t.window = integer(ts[i], at, "window").value_or(t.window);
                        t.description = string(ts[i], at, "description").value_or("");
                    } else {
                        t.name = "?" + std::to_string(i);
                        t.metric = "?";
                    }
                    spec.trends.push_back(std::move(t));
                }
            }
        }
        if (root.contains("score_trend")) {
            const json& st = root["score_trend"];
            if (object(st, "/score_trend", {"dead_band", "window"}, {})) {
                spec.score_trend.dead_band = number(st, "/score_trend", "dead_band").value_or(spec.score_trend.dead_band);
                spec.score_trend.window = integer(st, "/score_trend", "window").value_or(spec.score_trend.window);
            }
        }
        if (root.contains("alerts")) {
            const json& as = root["alerts"];
            if (!as.is_array()) {
                report("/alerts", std::string("must be an array, not ") + kind_of(as));
                return;
            }
            for (std::size_t i = 0; i < as.size(); ++i) {
                const std::string at = "/alerts/" + std::to_string(i);
                const json& j = as[i];
                alert_rule a;
                a.name = "?" + std::to_string(i);
                if (!j.is_object()) {
                    report(at, std::string("must be an object, not ") + kind_of(j));
                    spec.alerts.push_back(std::move(a));
                    continue;
                }
                const auto kind = string(j, at, "kind");
                if (!kind) {
                    if (!j.contains("kind")) report(at, "missing required key \"kind\"");
                } else if (auto k = alert_kind_from(*kind)) {
                    a.kind = *k;
                } else {
                    // which keys belong depends on the kind: settle the whole alert, read only its name
                    report(at + "/kind", at, "unknown alert kind \"" + *kind +
                                                 "\" (expected band_downgrade, score_drop or threshold)");
                    a.name = string(j, at, "name").value_or(a.name);
                    spec.alerts.push_back(std::move(a));
                    continue;
                }
                if (a.kind == alert_kind::band_downgrade)
                    object(j, at, {"name", "kind", "severity", "reason", "cooldown"}, {"name", "kind", "severity"});
                else if (a.kind == alert_kind::score_drop)
                    object(j, at, {"name", "kind", "severity", "reason", "cooldown", "points", "window"},
                           {"name", "kind", "severity", "points"});
                else
                    object(j, at,
                           {"name", "kind", "severity", "reason", "cooldown", "column", "measure", "when", "threshold"},
                           {"name", "kind", "severity", "when", "threshold"});
                a.name = string(j, at, "name").value_or(a.name);
                if (auto sv = string(j, at, "severity")) {
                    if (auto s = alert_severity_from(*sv)) a.severity = *s;
                    else
                        report(at + "/severity", "unknown severity \"" + *sv + "\" (expected info, warning or critical)");
                }
                a.reason = string(j, at, "reason").value_or("");
                a.cooldown = integer(j, at, "cooldown").value_or(0);
                if (a.kind == alert_kind::score_drop) {
                    a.points = number(j, at, "points").value_or(a.points);
                    a.window = integer(j, at, "window").value_or(a.window);
                } else if (a.kind == alert_kind::threshold) {
                    a.column = string(j, at, "column").value_or("");
                    a.measure = string(j, at, "measure").value_or("");
                    // a column or measure that is not a string was reported above: stand in a
                    // column so build does not report "names neither" as well
                    const bool bad = (j.contains("column") && !j["column"].is_string()) ||
                                     (j.contains("measure") && !j["measure"].is_string());
                    if (bad && a.column.empty() && a.measure.empty()) a.column = "?";
                    if (auto w = string(j, at, "when")) {
                        if (auto wh = alert_when_from(*w)) a.when = *wh;
                        else
                            report(at + "/when", "unknown comparison \"" + *w +
                                                     "\" (expected below, above, at_most or at_least)");
                    }
                    a.threshold = number(j, at, "threshold").value_or(0.0);
                }
                spec.alerts.push_back(std::move(a));
            }
        }
    }
};

std::string prefix(std::string_view source) { return source.empty() ? std::string() : std::string(source) + ": "; }

bool covered_by(const std::string& line, const std::vector<std::string>& settled) {
    // line is "<pointer>: <what>"; covered when a settled pointer is a prefix path of it.
    const std::string ptr = line.substr(0, line.find(": "));
    for (const std::string& where : settled) {
        if (ptr == where || (ptr.size() > where.size() && ptr.compare(0, where.size(), where) == 0 &&
                             ptr[where.size()] == '/'))
            return true;
    }
    return false;
}

json write_normaliser(const normaliser& n, const std::string& at, std::vector<std::string>& errors) {
    json j;
    if (const auto* l = n.target<linear>()) {
        j["kind"] = "linear";
        j["worst"] = l->worst;
        j["best"] = l->best;
    } else if (const auto* s = n.target<steps>()) {
        j["kind"] = "steps";
        j["cutoffs"] = s->cutoffs;
        j["scores"] = s->scores;
    } else if (const auto* p = n.target<piecewise>()) {
        j["kind"] = "piecewise";
        j["knots"] = p->knots;
        j["scores"] = p->scores;
    } else if (const auto* g = n.target<logistic>()) {
        j["kind"] = "logistic";
        j["midpoint"] = g->midpoint;
        j["steepness"] = g->steepness;
    } else if (const auto* q = n.target<percentile>()) {
        j["kind"] = "percentile";
        j["quantiles"] = q->quantiles;
        j["direction"] = std::string(to_string(q->dir));
    } else if (const auto* f = n.target<flag>()) {
        j["kind"] = "flag";
        j["good_when"] = f->good_when;
    } else if (const auto* c = n.target<categories>()) {
        j["kind"] = "categories";
        j["levels"] = c->levels;
        j["scores"] = c->scores;
        j["unseen"] = std::string(to_string(c->unseen));
    } else {
        const std::string name = n.name();
        if (name.empty())
            errors.push_back(at + ": the user-defined normaliser has no name() to write; give its type a "
                                  "name() so a file can refer to it");
        j["kind"] = "custom";
        j["name"] = name;
    }
    return j;
}

/// The optional signals keys, written only when they say something (so files without signals keep
/// their shape).
void write_signals(const scorecard_spec& s, json& root) {
    if (!s.derived.empty()) {
        root["derived"] = json::array();
        for (const derived_input& d : s.derived)
            root["derived"].push_back({{"name", d.name}, {"expression", d.expression}, {"description", d.description}});
    }
    if (!s.trends.empty()) {
        root["trends"] = json::array();
        for (const trend_input& t : s.trends) {
            json j;
            j["name"] = t.name;
            j["metric"] = t.metric;
            j["kind"] = std::string(to_string(t.kind));
            j["window"] = t.window;
            j["description"] = t.description;
            root["trends"].push_back(std::move(j));
        }
    }
    if (s.score_trend != score_trend_spec{})
        root["score_trend"] = {{"dead_band", s.score_trend.dead_band}, {"window", s.score_trend.window}};
    if (!s.alerts.empty()) {
        root["alerts"] = json::array();
        for (const alert_rule& a : s.alerts) {
            json j;
            j["name"] = a.name;
            j["kind"] = std::string(to_string(a.kind));
            j["severity"] = std::string(to_string(a.severity));
            j["reason"] = a.reason;
            j["cooldown"] = a.cooldown;
            if (a.kind == alert_kind::score_drop) {
                j["points"] = a.points;
                j["window"] = a.window;
            } else if (a.kind == alert_kind::threshold) {
                if (!a.column.empty()) j["column"] = a.column;
                if (!a.measure.empty()) j["measure"] = a.measure;
                j["when"] = std::string(to_string(a.when));
                j["threshold"] = a.threshold;
            }
            root["alerts"].push_back(std::move(j));
        }
    }
}

}  // namespace

result<scorecard> load_scorecard(std::string_view json_text, const load_options& options, std::string_view source) {
    if (auto bad = json_support::strict_problem(json_text))
        return fail(errc::parse_error, prefix(source) + bad->first + ": " + bad->second);
    json root;
    try {
        root = json::parse(json_text.begin(), json_text.end());
    } catch (const json::parse_error& e) {
        // byte offset -> line:column (1-based)
        std::size_t line = 1, col = 1;
        const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, json_text.size());
        for (std::size_t i = 0; i < end; ++i) {
            if (json_text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        std::string what = e.what();
        // drop nlohmann's "[json.exception.parse_error.101] parse error at line L, column C: " prefix
        // (the position is given above), keep what was found and what was expected
        if (auto c = what.find(", column "); c != std::string::npos)
            if (auto p = what.find(": ", c); p != std::string::npos) what = what.substr(p + 2);
        return fail(errc::parse_error, (source.empty() ? std::string("<text>") : std::string(source)) + ":" +
                                           std::to_string(line) + ":" + std::to_string(col) + ": not valid JSON: " + what);
    }
    reader r;
    scorecard_spec spec = r.read_spec(root, options);
    std::vector<std::string> lines;
    for (const auto& [where, what] : r.problems) lines.push_back(where + ": " + what);
    auto built = scorecard::build(std::move(spec));
    if (built && lines.empty()) return built;
    if (!built) {
        std::istringstream in(built.error().message);
        for (std::string line; std::getline(in, line);)
            if (!covered_by(line, r.settled)) lines.push_back(line);
    }
    std::string msg;
    for (const std::string& l : lines) msg += (msg.empty() ? "" : "\n") + prefix(source) + l;
    return fail(errc::invalid_scorecard, std::move(msg));
}

result<scorecard> load_scorecard_file(const std::filesystem::path& path, const load_options& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return fail(errc::io_error, path.string() + ": is a directory, not a scorecard file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(errc::io_error, path.string() + ": cannot open for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(errc::io_error, path.string() + ": read failed");
    return load_scorecard(text.str(), options, path.string());
}

result<std::string> save_scorecard(const scorecard& card) {
    const scorecard_spec& s = card.spec();
    std::vector<std::string> errors;
    json root;
    root["vitals_scorecard"] = scorecard_format_version;
    root["name"] = s.name;
    root["description"] = s.description;
    root["min_coverage"] = s.min_coverage;
    root["bands"] = {{"cutoffs", s.bands.cutoffs}, {"labels", s.bands.labels}};
    if (s.calibration) root["calibration"] = {{"intercept", s.calibration->intercept}, {"slope", s.calibration->slope}};
    root["groups"] = json::array();
    for (const group& g : s.groups) {
        json j;
        j["name"] = g.name;
        j["weight"] = g.weight;
        j["parent"] = g.parent;
        j["aggregation"] = std::string(to_string(g.aggregation));
        j["description"] = g.description;
        root["groups"].push_back(std::move(j));
    }
    root["measures"] = json::array();
    for (std::size_t i = 0; i < s.measures.size(); ++i) {
        const measure& m = s.measures[i];
        json j;
        j["name"] = m.name;
        if (m.input.is_ratio())
            j["input"] = {{"numerator", m.input.column}, {"denominator", m.input.denominator}};
        else
            j["input"] = m.input.column;
        j["weight"] = m.weight;
        j["group"] = m.group;
        j["normaliser"] = write_normaliser(m.normaliser, "/measures/" + std::to_string(i) + "/normaliser", errors);
        j["description"] = m.description;
        root["measures"].push_back(std::move(j));
    }
    write_signals(s, root);
    if (!errors.empty()) {
        std::string msg;
        for (const std::string& e : errors) msg += (msg.empty() ? "" : "\n") + e;
        return fail(errc::not_supported, std::move(msg));
    }
    return root.dump(2) + "\n";
}

result<void> save_scorecard_file(const scorecard& card, const std::filesystem::path& path) {
    VITALS_TRY(text, save_scorecard(card));
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return fail(errc::io_error, tmp.string() + ": cannot open for writing");
        out << text;
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            return fail(errc::io_error, tmp.string() + ": write failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        return fail(errc::io_error, path.string() + ": cannot rename the written file into place: " + ec.message());
    }
    return boost::outcome_v2::success();
}

}  // namespace v1
}  // namespace vitals

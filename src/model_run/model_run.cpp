#include "vitals/model/run.hpp"

#include "vitals/json_number.hpp"

#include "../scorecard_file/json_support.hpp"  // strict_problem (header-only, over nlohmann-json)

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace vitals::model_run {
namespace {

// ---- small helpers ---------------------------------------------------------------------------

/// A JSON number, null for NaN and infinities (vitals/json_number.hpp: the one rule).
constexpr auto& number = json_number<json>;

/// "%.<digits>g": a number for people.
std::string num(double v, int digits = 4) {
    if (v != v) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string fixed(double v, int decimals) {
    if (v != v) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

std::string percent(double share, int decimals = 1) { return fixed(100.0 * share, decimals) + " %"; }

std::string grouped(std::uint64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

std::string where(std::string_view argument, std::string_view key) {
    return std::string(argument) + "." + std::string(key);
}

/// Parse a JSON object of options; "" or whitespace = {}.
result<json> parse_object(std::string_view text, std::string_view argument) {
    const std::string a(argument);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
    // depth, duplicate keys, numbers beyond a double (which would otherwise read as "not valid JSON")
    if (auto bad = json_support::strict_problem(text))
        return fail(errc::parse_error, (bad->first.empty() ? a : where(a, bad->first.substr(1))) + ": " + bad->second);
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return fail(errc::parse_error, a + ": not valid JSON");
    if (!j.is_object()) return fail(errc::invalid_argument, a + ": must be a JSON object");
    return j;
}

result<void> known_keys(const json& j, std::string_view argument, std::initializer_list<std::string_view> keys) {
    for (const auto& [k, v] : j.items()) {
        if (std::find(keys.begin(), keys.end(), k) != keys.end()) continue;
        std::string list;
        for (std::string_view key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
        return fail(errc::invalid_argument,
                    std::string(argument) + ": unknown key \"" + k + "\" (expected one of: " + list + ")");
    }
    return boost::outcome_v2::success();
}


result<double> get_number(const json& j, std::string_view argument, std::string_view key, double lo, double hi) {
    const json& v = j.at(std::string(key));
    if (!v.is_number()) return fail(errc::invalid_argument, where(argument, key) + ": must be a number");
    const double d = v.get<double>();
    if (!(d >= lo && d <= hi))
        return fail(errc::invalid_argument, where(argument, key) + ": " + num(d, 10) + " is not in [" + num(lo) + ", " +
                                                num(hi) + "]");
    return d;
}

result<std::size_t> get_count(const json& j, std::string_view argument, std::string_view key, std::size_t lo,
                              std::size_t hi) {
    const json& v = j.at(std::string(key));
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0))
        return fail(errc::invalid_argument, where(argument, key) + ": must be a whole number >= 0");
    const auto n = v.get<std::uint64_t>();
    if (n < lo || n > hi)
        return fail(errc::invalid_argument, where(argument, key) + ": " + std::to_string(n) + " is not in [" +
                                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return static_cast<std::size_t>(n);
}

result<Eigen::MatrixXd> matrix_from_json(const json& m, std::string_view argument) {
    const std::string a(argument);
    if (!m.is_array() || m.empty()) return fail(errc::invalid_argument, a + ": must be a non-empty array of rows");
    const auto n = static_cast<Eigen::Index>(m.size());
    Eigen::MatrixXd out(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const json& row = m[static_cast<std::size_t>(i)];
        if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != n)
            return fail(errc::shape_mismatch, a + "[" + std::to_string(i) + "]: must be an array of " +
                                                  std::to_string(n) + " numbers (the matrix is square)");
        for (Eigen::Index k = 0; k < n; ++k) {
            const json& v = row[static_cast<std::size_t>(k)];
            if (!v.is_number())
                return fail(errc::invalid_argument,
                            a + "[" + std::to_string(i) + "][" + std::to_string(k) + "]: must be a number");
            out(i, k) = v.get<double>();
        }
    }
    return out;
}

// ---- descriptions of a fitted scorecard --------------------------------------------------------

constexpr std::string_view fit_marker = " [vitals fit:";

/// The text without an earlier fit's note (a refit replaces it).
std::string without_fit_note(std::string text) {
    const auto at = text.find(fit_marker);
    if (at != std::string::npos) text.erase(at);
    return text;
}

std::string with_note(const std::string& text, const std::string& note) {
    std::string base = without_fit_note(text);
    return (base.empty() ? std::string(fit_marker.substr(1)) : base + std::string(fit_marker)) + " " + note + "]";
}

/// "< 2: 61.7 %, 2 to 9: 44.9 %, ..., >= 72: 1.7 %" (ranges by observed values).
std::string ranges_text(const model::binning_result& b) {
    std::string s;
    for (std::size_t i = 0; i < b.bins.size(); ++i) {
        const model::bin& x = b.bins[i];
        std::string range;
        if (!b.levels.levels.empty()) {  // a categories measure: one bin per level
            s += (i ? ", " : "") + b.levels.levels[static_cast<std::size_t>(x.lower)] + " -> " + num(x.score, 3) +
                 " (churn " + percent(x.churn_rate) + ")";
            continue;
        }
        if (i == 0) range = "< " + num(b.bins[1].lower, 6);
        else if (i + 1 == b.bins.size()) range = ">= " + num(x.lower, 6);
        else range = num(x.lower, 6) + (x.upper == x.lower ? "" : " to " + num(x.upper, 6));
        s += (i ? ", " : "") + range + " -> " + num(x.score, 3) + " (churn " + percent(x.churn_rate) + ")";
    }
    return s;
}

/// Rows of cells as a plain-text table: the first column left-aligned, the others right-aligned.
std::string aligned(const std::vector<std::vector<std::string>>& cells) {
    std::vector<std::size_t> width;
    for (const auto& row : cells) {
        if (row.size() > width.size()) width.resize(row.size(), 0);
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    }
    std::string out;
    for (const auto& row : cells) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string pad(width[c] - row[c].size(), ' ');
            line += c == 0 ? row[c] + pad : "  " + pad + row[c];
        }
        out += line + "\n";
    }
    return out;
}

std::string probability_text(const model::churn_probability& p) {
    return "1 / (1 + exp(-(" + num(p.intercept, 5) + (p.slope < 0 ? " - " : " + ") + num(std::abs(p.slope), 4) +
           " x score)))";
}

std::string method_text(const fit_request& r) {
    std::string m = r.weights == "learned" ? "learned weights (L2 logistic, l2 " + num(r.learn.l2) + ")"
                    : r.weights == "entropy" ? "entropy weights"
                    : r.weights == "ahp"     ? "AHP weights"
                                             : "equal weights";
    if (r.bin) m += " after monotone binning";
    return m;
}

}  // namespace

std::string recipe_label(const fit_request& r) { return r.weights + (r.bin ? "+bin" : ""); }

// ---- options -----------------------------------------------------------------------------------

result<fit_request> parse_fit_request(std::string_view text, std::string_view argument) {
    VITALS_TRY(j, parse_object(text, argument));
    VITALS_TRY(known_keys(j, argument,
                          {"weights", "bin", "l2", "missing", "max_iterations", "tolerance", "prebins", "min_share",
                           "max_bins", "pairwise", "max_consistency_ratio", "name", "source"}));
    fit_request r;
    const auto str = [&](const char* key) -> result<std::string> {
        if (!j[key].is_string()) return fail(errc::invalid_argument, where(argument, key) + ": must be a string");
        return j[key].get<std::string>();
    };
    if (j.contains("weights")) {
        VITALS_TRY(w, str("weights"));
        if (w != "learned" && w != "entropy" && w != "equal" && w != "ahp")
            return fail(errc::invalid_argument,
                        where(argument, "weights") + ": \"" + w + "\" (expected learned, entropy, equal or ahp)");
        r.weights = w;
    }
    if (j.contains("bin")) {
        if (!j["bin"].is_boolean()) return fail(errc::invalid_argument, where(argument, "bin") + ": must be true or false");
        r.bin = j["bin"].get<bool>();
    }
    if (j.contains("l2")) {
        VITALS_TRY(v, get_number(j, argument, "l2", 0.0, 1e12));
        r.learn.l2 = v;
    }
    if (j.contains("missing")) {
        VITALS_TRY(m, str("missing"));
        if (m == "complete_rows") r.learn.missing = model::missing_policy::complete_rows;
        else if (m == "impute") r.learn.missing = model::missing_policy::impute;
        else
            return fail(errc::invalid_argument,
                        where(argument, "missing") + ": \"" + m + "\" (expected complete_rows or impute)");
    }
    if (j.contains("max_iterations")) {
        VITALS_TRY(v, get_count(j, argument, "max_iterations", 1, 10000));
        r.learn.max_iterations = v;
    }
    if (j.contains("tolerance")) {
        VITALS_TRY(v, get_number(j, argument, "tolerance", 1e-16, 1.0));
        r.learn.tolerance = v;
    }
    if (j.contains("prebins")) {
        VITALS_TRY(v, get_count(j, argument, "prebins", 2, 1000));
        r.binning.prebins = v;
    }
    if (j.contains("min_share")) {
        VITALS_TRY(v, get_number(j, argument, "min_share", 0.0, 0.5));
        r.binning.min_share = v;
    }
    if (j.contains("max_bins")) {
        VITALS_TRY(v, get_count(j, argument, "max_bins", 2, 100));
        r.binning.max_bins = v;
    }
    if (j.contains("pairwise")) {
        VITALS_TRY(m, matrix_from_json(j["pairwise"], where(argument, "pairwise")));
        r.pairwise = std::move(m);
    }
    if (j.contains("max_consistency_ratio")) {
        VITALS_TRY(v, get_number(j, argument, "max_consistency_ratio", 0.0, 1e9));
        r.max_consistency_ratio = v;
    }
    if (j.contains("name")) {
        VITALS_TRY(v, str("name"));
        r.name = v;
    }
    if (j.contains("source")) {
        VITALS_TRY(v, str("source"));
        r.source = v;
    }
    if (r.weights == "ahp" && r.pairwise.size() == 0)
        return fail(errc::invalid_argument, where(argument, "pairwise") +
                                                ": AHP weights need a pairwise-comparison matrix over the measures");
    if (r.weights != "ahp" && r.pairwise.size() != 0)
        return fail(errc::invalid_argument, where(argument, "pairwise") + ": given, but weights is \"" + r.weights +
                                                "\" (pairwise comparisons are for ahp)");
    return r;
}

result<Eigen::MatrixXd> parse_pairwise(std::string_view text, const scorecard& card, std::string_view source) {
    const std::string src(source);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return fail(errc::parse_error, src + ": empty (expected a pairwise-comparison matrix)");
    const std::size_t M = card.measures().size();
    if (text[first] == '[' || text[first] == '{') {
        // depth, duplicate keys, numbers beyond a double: as for every other JSON the library reads
        if (auto bad = json_support::strict_problem(text))
            return fail(errc::parse_error, src + ": " + (bad->first.empty() ? "" : bad->first + ": ") + bad->second);
        json j = json::parse(text.begin(), text.end(), nullptr, false);
        if (j.is_discarded()) return fail(errc::parse_error, src + ": not valid JSON");
        if (j.is_array()) return matrix_from_json(j, src);
        if (!j.is_object() || !j.contains("matrix"))
            return fail(errc::invalid_argument, src + ": expected an array of rows or {\"measures\": [...], \"matrix\": [[...]]}");
        VITALS_TRY(known_keys(j, src, {"measures", "matrix"}));
        VITALS_TRY(a, matrix_from_json(j["matrix"], src + ": /matrix"));
        if (!j.contains("measures")) return a;
        const json& names = j["measures"];
        if (!names.is_array() || names.size() != static_cast<std::size_t>(a.rows()))
            return fail(errc::shape_mismatch, src + ": /measures: must name the " + std::to_string(a.rows()) +
                                                  " rows of the matrix in order");
        if (names.size() != M)
            return fail(errc::shape_mismatch, src + ": /measures: " + std::to_string(names.size()) +
                                                  " measures compared, the scorecard has " + std::to_string(M));
        std::vector<Eigen::Index> pos(M, -1);  // scorecard measure -> matrix row
        for (std::size_t k = 0; k < names.size(); ++k) {
            if (!names[k].is_string())
                return fail(errc::invalid_argument, src + ": /measures/" + std::to_string(k) + ": must be a string");
            const std::string n = names[k].get<std::string>();
            std::size_t m = 0;
            while (m < M && card.measures()[m].name != n) ++m;
            if (m == M)
                return fail(errc::unknown_column, src + ": /measures/" + std::to_string(k) + ": \"" + n +
                                                      "\" is not a measure of scorecard \"" + std::string(card.name()) + "\"");
            if (pos[m] >= 0)
                return fail(errc::invalid_argument, src + ": /measures/" + std::to_string(k) + ": \"" + n + "\" named twice");
            pos[m] = static_cast<Eigen::Index>(k);
        }
        Eigen::MatrixXd out(a.rows(), a.cols());
        for (std::size_t r = 0; r < M; ++r)
            for (std::size_t c = 0; c < M; ++c)
                out(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = a(pos[r], pos[c]);
        return out;
    }
    // text: one row per line
    std::vector<std::vector<double>> rows;
    std::size_t line_no = 0;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        for (char& c : line)
            if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
        std::istringstream cells(line);
        std::vector<double> row;
        std::size_t col = 0;
        for (std::string cell; cells >> cell;) {
            ++col;
            double v = 0.0;
            const auto slash = cell.find('/');
            char* end = nullptr;
            bool ok = false;
            if (slash == std::string::npos) {
                v = std::strtod(cell.c_str(), &end);
                ok = end == cell.c_str() + cell.size();
            } else {
                const std::string a = cell.substr(0, slash), b = cell.substr(slash + 1);
                char* ea = nullptr;
                char* eb = nullptr;
                const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
                ok = !a.empty() && !b.empty() && ea == a.c_str() + a.size() && eb == b.c_str() + b.size() && y != 0.0;
                v = x / y;
            }
            if (!ok)
                return fail(errc::parse_error, src + ":" + std::to_string(line_no) + ":" + std::to_string(col) + ": \"" +
                                                   cell + "\" is not a number or a fraction such as 1/3");
            row.push_back(v);
        }
        if (!row.empty()) rows.push_back(std::move(row));
    }
    if (rows.empty())  // blank lines and comments only
        return fail(errc::parse_error, src + ": no numbers (expected a pairwise-comparison matrix, one row per line)");
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd out(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        if (static_cast<Eigen::Index>(rows[static_cast<std::size_t>(i)].size()) != n)
            return fail(errc::shape_mismatch, src + ": row " + std::to_string(i + 1) + " has " +
                                                  std::to_string(rows[static_cast<std::size_t>(i)].size()) +
                                                  " entries, expected " + std::to_string(n) + " (the matrix is square)");
        for (Eigen::Index k = 0; k < n; ++k) out(i, k) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)];
    }
    return out;
}

result<evaluate_request> parse_evaluate_request(std::string_view text, std::string_view argument) {
    VITALS_TRY(j, parse_object(text, argument));
    if (j.contains("folds"))  // renamed: it never refitted, so it was not the cross-validation its name promised
        return fail(errc::invalid_argument,
                    where(argument, "folds") + ": renamed; \"cv\" cross-validates (refits on each training part), "
                    "\"fixed_card_folds\" scores the scorecard as given on each fold");
    VITALS_TRY(known_keys(j, argument,
                          {"top", "calibration_bins", "bootstrap", "confidence", "seed", "threads", "fixed_card_folds",
                           "cv", "refit", "curves", "lift_groups"}));
    evaluate_request r;
    if (j.contains("curves")) {
        if (!j["curves"].is_boolean()) return fail(errc::invalid_argument, where(argument, "curves") + ": must be true or false");
        r.options.curves = j["curves"].get<bool>();
    }
    if (j.contains("lift_groups")) {
        VITALS_TRY(v, get_count(j, argument, "lift_groups", 1, 1000));
        r.options.lift_groups = v;
    }
    if (j.contains("top")) {
        const json& t = j["top"];
        if (!t.is_array()) return fail(errc::invalid_argument, where(argument, "top") + ": must be an array of shares in (0, 1]");
        r.options.top_fractions.clear();
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (!t[i].is_number() || !(t[i].get<double>() > 0.0 && t[i].get<double>() <= 1.0))
                return fail(errc::invalid_argument,
                            where(argument, "top") + "[" + std::to_string(i) + "]: must be a share in (0, 1], e.g. 0.1");
            r.options.top_fractions.push_back(t[i].get<double>());
        }
    }
    if (j.contains("calibration_bins")) {
        VITALS_TRY(v, get_count(j, argument, "calibration_bins", 1, 1000));
        r.options.calibration_bins = v;
    }
    if (j.contains("bootstrap")) {
        VITALS_TRY(v, get_count(j, argument, "bootstrap", 0, 1000000));
        if (v == 1) return fail(errc::invalid_argument, where(argument, "bootstrap") + ": 0 (none) or at least 2 resamples");
        r.options.bootstrap_resamples = v;
    }
    if (j.contains("confidence")) {
        VITALS_TRY(v, get_number(j, argument, "confidence", 0.0, 1.0));
        if (!(v > 0.0 && v < 1.0)) return fail(errc::invalid_argument, where(argument, "confidence") + ": must lie in (0, 1)");
        r.options.confidence = v;
    }
    if (j.contains("seed")) {
        const json& s = j["seed"];
        if (!s.is_number_unsigned()) return fail(errc::invalid_argument, where(argument, "seed") + ": must be a whole number >= 0");
        r.options.seed = s.get<std::uint64_t>();
    }
    if (j.contains("threads")) {
        VITALS_TRY(v, get_count(j, argument, "threads", 0, 1024));
        r.options.threads = static_cast<unsigned>(v);
    }
    if (j.contains("fixed_card_folds")) {
        VITALS_TRY(v, get_count(j, argument, "fixed_card_folds", 0, 1000));
        if (v == 1) return fail(errc::invalid_argument, where(argument, "fixed_card_folds") + ": 0 (none) or at least 2");
        r.fixed_card_folds = v;
    }
    if (j.contains("cv")) {
        VITALS_TRY(v, get_count(j, argument, "cv", 0, 1000));
        if (v == 1) return fail(errc::invalid_argument, where(argument, "cv") + ": 0 (none) or at least 2 folds");
        r.cv = v;
    }
    if (j.contains("refit")) {
        const json& a = j["refit"];
        const std::string at = where(argument, "refit");
        if (!a.is_array() || a.empty())
            return fail(errc::invalid_argument, at + ": must be a non-empty array of \"none\" or fit options objects");
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string item = at + "[" + std::to_string(i) + "]";
            if (a[i].is_string() && a[i].get<std::string>() == "none") {
                r.refit.push_back({"none", std::nullopt});
                continue;
            }
            if (!a[i].is_object())
                return fail(errc::invalid_argument, item + ": must be \"none\" or a fit options object");
            VITALS_TRY(f, parse_fit_request(a[i].dump(), item));
            r.refit.push_back({recipe_label(f), std::move(f)});
        }
        if (r.cv < 2) return fail(errc::invalid_argument, at + ": given without \"cv\" (the recipes are for cross-validation)");
    }
    if (r.cv >= 2 && r.refit.empty()) r.refit.push_back({"learned", fit_request{}});
    return r;
}

// ---- fit ---------------------------------------------------------------------------------------

result<fit_outcome> fit(const scorecard& start, const model::labelled_frame& data, const fit_request& r) {
    VITALS_TRY(data.validate());
    const std::size_t M = start.measures().size();
    json report;
    report["weights"] = r.weights;
    report["binned"] = r.bin;
    report["accounts"] = data.rows();
    double churned = 0.0;
    for (double y : data.labels) churned += y;
    report["churned"] = static_cast<std::uint64_t>(churned);

    model::evaluate_options quick;
    quick.bootstrap_resamples = 0;
    quick.top_fractions.clear();
    {
        auto e = model::evaluate(start, data, std::nullopt, quick);
        report["start_roc_auc"] = e ? number(e.value().roc_auc) : json(nullptr);
    }

    scorecard card = start;
    std::vector<model::binned_measure> binned;
    if (r.bin) {
        VITALS_TRY(b, model::fit_binning(card, data, r.binning));
        card = b.card;
        binned = std::move(b.measures);
    }

    std::vector<double> shares(M, 0.0), coefficients, entropy;
    std::optional<model::churn_probability> probability;
    std::vector<model::direction_warning> wrong;
    std::string rows_note;
    if (r.weights == "learned") {
        VITALS_TRY(lw, model::learn_weights(card, data, r.learn));
        card = lw.card;
        shares = lw.shares;
        coefficients = lw.coefficients;
        probability = lw.probability;
        wrong = lw.wrong_direction;
        report["missing"] = std::string(model::to_string(r.learn.missing));
        report["rows_used"] = lw.rows_used;
        report["rows_dropped"] = lw.rows_dropped;
        report["converged"] = lw.converged;
        report["iterations"] = lw.iterations;
        report["log_loss"] = number(lw.log_loss);
        report["intercept"] = number(lw.intercept);
        rows_note = ", " + grouped(lw.rows_used) + " used (" + std::string(model::to_string(r.learn.missing)) + ")";
    } else if (r.weights == "entropy") {
        VITALS_TRY(ew, model::fit_entropy_weights(card, data));
        card = ew.card;
        shares = ew.weights.shares;
        entropy = ew.weights.entropy;
    } else if (r.weights == "ahp") {
        if (static_cast<std::size_t>(r.pairwise.rows()) != M)
            return fail(errc::shape_mismatch, "pairwise: a " + std::to_string(r.pairwise.rows()) + " x " +
                                                  std::to_string(r.pairwise.cols()) + " matrix, the scorecard has " +
                                                  std::to_string(M) + " measures (one row and column each, in order)");
        VITALS_TRY(aw, model::fit_ahp_weights(card, r.pairwise, r.max_consistency_ratio));
        card = aw.card;
        shares = aw.ahp.weights;
        report["ahp"] = {{"lambda_max", number(aw.ahp.lambda_max)},
                         {"consistency_index", number(aw.ahp.consistency_index)},
                         {"consistency_ratio", number(aw.ahp.consistency_ratio)},
                         {"max_consistency_ratio", r.max_consistency_ratio}};
    } else {
        VITALS_TRY(eq, model::equal_weights(card));
        card = eq.card;
        shares = eq.shares;
    }
    if (!probability) {  // the churn probability of the score, fitted on the same accounts
        auto p = model::fit_churn_probability(card, data);
        if (p) probability = p.value();
        else report["churn_probability_error"] = p.error().message;
    }

    // descriptions that say how the scorecard was fitted, then the final scorecard
    scorecard_spec spec = card.spec();
    if (!r.name.empty()) spec.name = r.name;
    for (std::size_t m = 0; m < M; ++m) {
        std::string note = percent(shares[m]) + " of the score";
        for (const auto& w : wrong)
            if (w.measure == m)
                note += "; held at 0: its healthy side went with more churn (coefficient +" + num(w.coefficient, 3) + ")";
        if (r.bin && binned[m].replaced) note += "; binned on churn: " + ranges_text(binned[m].binning);
        else if (r.bin) note += "; no monotone relation with churn, normaliser kept";
        spec.measures[m].description = with_note(spec.measures[m].description, note);
    }
    std::string note = method_text(r) + ", fitted on " + (r.source.empty() ? "" : r.source + ": ") +
                       grouped(data.rows()) + " accounts, " + grouped(static_cast<std::uint64_t>(churned)) + " churned" +
                       rows_note;
    if (probability) note += "; churn probability " + probability_text(*probability);
    spec.description = with_note(spec.description, note);
    spec.calibration = probability;  // the start card's own, if any, was for other weights
    auto built = scorecard::build(std::move(spec));
    if (!built) return built.error();
    card = std::move(built).value();

    // how well it ranks the accounts it was fitted on
    {
        auto e = model::evaluate(card, data, probability, quick);
        if (e) {
            report["training"] = {{"roc_auc", number(e.value().roc_auc)},
                                  {"average_precision", number(e.value().average_precision)},
                                  {"brier", number(e.value().brier)},
                                  {"scored", e.value().scored},
                                  {"unscored", e.value().unscored}};
        } else {
            report["training"] = {{"error", e.error().message}};
        }
    }
    if (probability)
        report["churn_probability"] = {{"intercept", number(probability->intercept)}, {"slope", number(probability->slope)}};
    else
        report["churn_probability"] = nullptr;
    json wj = json::array();
    for (const auto& w : wrong) {
        json e{{"measure", w.name}, {"coefficient", number(w.coefficient)}, {"churn_correlation", number(w.churn_correlation)}};
        if (!w.correlated_name.empty()) {
            e["correlated_with"] = w.correlated_name;
            e["correlation"] = number(w.correlation);
        }
        wj.push_back(std::move(e));
    }
    report["wrong_direction"] = std::move(wj);

    json measures = json::array();
    for (std::size_t m = 0; m < M; ++m) {
        json e;
        e["name"] = card.measures()[m].name;
        e["group"] = card.measures()[m].group;
        e["share"] = number(shares[m]);
        e["weight"] = number(card.measures()[m].weight);
        if (!coefficients.empty()) e["coefficient"] = number(coefficients[m]);
        if (!entropy.empty()) e["entropy"] = number(entropy[m]);
        if (r.bin) {
            const model::binning_result& b = binned[m].binning;
            e["binned"] = binned[m].replaced;
            e["churn_rises"] = b.churn_rises;
            json bins = json::array();
            for (const model::bin& x : b.bins)
                bins.push_back({{"lower", number(x.lower)},
                                {"upper", number(x.upper)},
                                {"level", b.levels.levels.empty() ? json(nullptr)
                                                                  : json(b.levels.levels[static_cast<std::size_t>(x.lower)])},
                                {"accounts", number(x.accounts)},
                                {"churned", number(x.churned)},
                                {"churn_rate", number(x.churn_rate)},
                                {"woe", number(x.woe)},
                                {"information_value", number(x.information_value)},
                                {"score", number(x.score)}});
            e["bins"] = std::move(bins);
            e["information_value"] = number(b.information_value);
        }
        measures.push_back(std::move(e));
    }
    report["measures"] = std::move(measures);
    if (r.bin) {  // the measures ranked by information value, highest first (ties: scorecard order)
        std::vector<std::size_t> order(M);
        for (std::size_t m = 0; m < M; ++m) order[m] = m;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return binned[a].binning.information_value > binned[b].binning.information_value;
        });
        json ranked = json::array();
        for (std::size_t m : order)
            ranked.push_back({{"measure", card.measures()[m].name},
                              {"information_value", number(binned[m].binning.information_value)}});
        report["by_information_value"] = std::move(ranked);
    }
    return fit_outcome{std::move(card), std::move(report)};
}

std::string fit_summary(const json& j) {
    std::string s;
    const auto d = [](const json& v, int decimals) { return v.is_number() ? fixed(v.get<double>(), decimals) : std::string("-"); };
    std::string method = j.value("weights", std::string()) + " weights";
    if (j.value("binned", false)) method += " after monotone binning";
    s += "fitted " + method + " on " + grouped(j.value("accounts", std::uint64_t{0})) + " accounts (" +
         grouped(j.value("churned", std::uint64_t{0})) + " churned)";
    if (j.contains("rows_used")) {
        s += "; " + grouped(j["rows_used"].get<std::uint64_t>()) + " used";
        if (j["rows_dropped"].get<std::uint64_t>() > 0)
            s += ", " + grouped(j["rows_dropped"].get<std::uint64_t>()) + " left out for missing sub-scores (" +
                 j.value("missing", std::string()) + ")";
        if (!j.value("converged", true)) s += "; the fit did NOT converge";
    }
    s += "\n";
    if (j.contains("training") && j["training"].contains("roc_auc")) {
        const json& t = j["training"];
        s += "training data: ROC AUC " + d(t["roc_auc"], 4) + " (starting scorecard " + d(j["start_roc_auc"], 4) +
             "), average precision " + d(t["average_precision"], 4) + ", Brier " + d(t["brier"], 4);
        if (t.value("unscored", std::uint64_t{0}) > 0)
            s += "; " + grouped(t["unscored"].get<std::uint64_t>()) + " accounts not scored (insufficient data)";
        s += "\n";
    } else if (j.contains("training")) {
        s += "training data: no ROC AUC: " + j["training"].value("error", std::string()) + "\n";
    }
    if (j["churn_probability"].is_object()) {
        const model::churn_probability p{j["churn_probability"]["intercept"].get<double>(),
                                         j["churn_probability"]["slope"].get<double>()};
        s += "churn probability = " + probability_text(p) + "\n";
    }
    if (j.contains("ahp")) {
        s += "AHP consistency ratio " + d(j["ahp"]["consistency_ratio"], 4) + " (at most " +
             d(j["ahp"]["max_consistency_ratio"], 2) + "; lambda_max " + d(j["ahp"]["lambda_max"], 4) + ")\n";
    }
    for (const json& w : j["wrong_direction"]) {
        const std::string name = w["measure"].get<std::string>();
        const double alone = w.value("churn_correlation", 0.0);
        s += "weight held at 0: " + name + " (unconstrained coefficient +" + num(w["coefficient"].get<double>(), 3) + "): ";
        if (alone < 0.0 && w.contains("correlated_with"))
            s += "on its own its healthy side goes with less churn (correlation with churn " + num(alone, 2) +
                 "), but beside " + w["correlated_with"].get<std::string>() + " (correlation " +
                 num(w["correlation"].get<double>(), 2) + " between their sub-scores) it adds more churn: the two overlap\n";
        else
            s += "its healthy side goes with more churn even on its own (correlation with churn " + num(alone, 2) +
                 "); check its normaliser's direction\n";
    }
    std::string shares;
    std::size_t kept = 0;
    for (const json& m : j["measures"]) {
        shares += (shares.empty() ? "" : ", ") + m["name"].get<std::string>() + " " + d(m["share"], 3);
        if (m.value("binned", false)) ++kept;
    }
    if (j.value("binned", false))
        s += "binned " + std::to_string(kept) + " of " + std::to_string(j["measures"].size()) + " measures" +
             (kept < j["measures"].size() ? " (the rest kept their normaliser: no monotone relation with churn)" : "") +
             "\n";
    s += "shares: " + shares + "\n";
    if (j.contains("by_information_value")) {
        std::string ranked;
        for (const json& m : j["by_information_value"])
            ranked += (ranked.empty() ? "" : ", ") + m["measure"].get<std::string>() + " " + d(m["information_value"], 3);
        s += "information value, highest first: " + ranked + "\n";
        std::vector<std::vector<std::string>> cells{
            {"measure", "bin", "accounts", "churned", "churn rate", "WoE", "IV", "sub-score"}};
        for (const json& m : j["measures"]) {
            if (!m.value("binned", false)) continue;
            for (const json& b : m["bins"])
                cells.push_back({m["name"].get<std::string>(),
                                 b["level"].is_string() ? b["level"].get<std::string>()
                                                        : num(b["lower"].get<double>(), 6) + " .. " + num(b["upper"].get<double>(), 6),
                                 grouped(static_cast<std::uint64_t>(b["accounts"].get<double>())),
                                 grouped(static_cast<std::uint64_t>(b["churned"].get<double>())),
                                 percent(b["churn_rate"].get<double>()), d(b["woe"], 3), d(b["information_value"], 3),
                                 d(b["score"], 3)});
        }
        if (cells.size() > 1) s += aligned(cells);
    }
    return s;
}

result<segment_fit_outcome> fit_segments(const scorecard& start, const model::labelled_frame& data,
                                         std::string segment_column, std::span<const std::string> segments,
                                         const fit_request& request, const segment_fit_options& options) {
    VITALS_TRY(data.validate());
    if (segment_column.empty()) return fail(errc::invalid_argument, "segment_column: must not be empty");
    if (segments.size() != data.rows())
        return fail(errc::shape_mismatch, "segments: " + std::to_string(segments.size()) + " values for " +
                                              std::to_string(data.rows()) + " accounts (one per row)");
    const std::string base = request.name.empty() ? std::string(start.name()) : request.name;
    fit_request all = request;
    all.name = base;
    VITALS_TRY(whole, fit(start, data, all));

    std::map<std::string, std::vector<std::size_t>, std::less<>> rows_of;  // sorted by value
    for (std::size_t r = 0; r < segments.size(); ++r)
        if (!segments[r].empty()) rows_of[segments[r]].push_back(r);

    std::vector<scorecard> cards{whole.card};
    std::vector<scorecard_set::segment> fitted;
    json list = json::array();
    for (const auto& [value, rows] : rows_of) {
        std::size_t churned = 0;
        for (std::size_t r : rows) churned += data.labels[r] == 1.0 ? 1 : 0;
        json s{{"value", value}, {"accounts", rows.size()}, {"churned", churned}};
        std::string why;
        if (rows.size() < options.min_accounts)
            why = std::to_string(rows.size()) + " accounts, fewer than " + std::to_string(options.min_accounts);
        else if (churned < options.min_churners)
            why = std::to_string(churned) + " churned, fewer than " + std::to_string(options.min_churners);
        if (why.empty()) {
            VITALS_TRY(part, model::select_rows(data, rows));
            fit_request one = request;
            one.name = base + " (" + segment_column + " = " + value + ")";
            one.source = request.source + (request.source.empty() ? "" : ", ") + "the accounts whose " + segment_column +
                         " is " + value;
            if (auto f = fit(start, part.view(), one)) {
                fit_outcome out = std::move(f).value();
                s["card"] = "own";
                s["report"] = std::move(out.report);
                fitted.push_back({value, cards.size()});
                cards.push_back(std::move(out.card));
            } else {
                why = "its fit failed: " + f.error().message;
            }
        }
        if (!why.empty()) {
            s["card"] = "default";
            s["why"] = why;
        }
        list.push_back(std::move(s));
    }
    VITALS_TRY(set, scorecard_set::build(segment_column, std::move(cards), std::move(fitted), std::size_t{0}));
    json report{{"segment_column", segment_column},
                {"min_accounts", options.min_accounts},
                {"min_churners", options.min_churners},
                {"default", std::move(whole.report)},
                {"segments", std::move(list)}};
    return segment_fit_outcome{std::move(set), std::move(report)};
}

std::string fit_segments_summary(const json& j) {
    std::string s = "default card (every account): " + fit_summary(j["default"]);
    for (const json& seg : j["segments"]) {
        const std::string head = j["segment_column"].get<std::string>() + " = " + seg["value"].get<std::string>() + " (" +
                                 grouped(seg["accounts"].get<std::uint64_t>()) + " accounts, " +
                                 grouped(seg["churned"].get<std::uint64_t>()) + " churned): ";
        if (seg["card"] == "own") {
            const json& t = seg["report"]["training"];
            s += head + "own card, training ROC AUC " +
                 (t.contains("roc_auc") && t["roc_auc"].is_number() ? fixed(t["roc_auc"].get<double>(), 4) : std::string("-")) +
                 "\n";
        } else {
            s += head + "the default card (" + seg["why"].get<std::string>() + ")\n";
        }
    }
    return s;
}

// ---- evaluate ----------------------------------------------------------------------------------

namespace {

json evaluation_json(const model::evaluation& e) {
    json j;
    j["name"] = e.name;
    j["accounts"] = e.accounts;
    j["scored"] = e.scored;
    j["unscored"] = e.unscored;
    j["churned"] = e.churned;
    j["roc_auc"] = number(e.roc_auc);
    if (e.roc_auc_interval)
        j["roc_auc_interval"] = {{"lower", number(e.roc_auc_interval->lower)},
                                 {"upper", number(e.roc_auc_interval->upper)},
                                 {"level", e.roc_auc_interval->level},
                                 {"resamples", e.roc_auc_interval->resamples}};
    else
        j["roc_auc_interval"] = nullptr;
    j["average_precision"] = number(e.average_precision);
    json top = json::array();
    for (const model::top_k_result& t : e.top)
        top.push_back({{"fraction", t.fraction}, {"accounts", number(t.accounts)}, {"precision", number(t.precision)},
                       {"lift", number(t.lift)}});
    j["top"] = std::move(top);
    j["brier"] = number(e.brier);
    json cal = json::array();
    for (const model::calibration_bin& b : e.calibration)
        cal.push_back({{"lower", b.lower}, {"upper", b.upper}, {"accounts", b.accounts},
                       {"mean_predicted", number(b.mean_predicted)}, {"observed_rate", number(b.observed_rate)}});
    j["calibration"] = std::move(cal);
    if (!e.roc.fpr.empty()) {
        j["roc_curve"] = {{"fpr", e.roc.fpr}, {"tpr", e.roc.tpr}};
        j["pr_curve"] = {{"recall", e.pr.recall}, {"precision", e.pr.precision}};
        json lift = json::array();
        for (const model::risk_group& g : e.lift)
            lift.push_back({{"accounts", g.accounts}, {"churned", g.churned}, {"churn_rate", number(g.churn_rate)},
                            {"lift", number(g.lift)}, {"cumulative_capture", number(g.cumulative_capture)},
                            {"risk_high", number(g.risk_high)}, {"risk_low", number(g.risk_low)}});
        j["lift_by_group"] = std::move(lift);
    }
    return j;
}

/// mean and sample standard deviation of the finite values ({NaN, NaN} when none; sd NaN for one)
std::pair<double, double> mean_sd(const std::vector<double>& v) {
    double s = 0.0, n = 0.0;
    for (double x : v)
        if (std::isfinite(x)) s += x, n += 1.0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (n == 0.0) return {nan, nan};
    const double mean = s / n;
    double ss = 0.0;
    for (double x : v)
        if (std::isfinite(x)) ss += (x - mean) * (x - mean);
    return {mean, n > 1.0 ? std::sqrt(ss / (n - 1.0)) : nan};
}

/// k-fold cross-validation of every scorecard x recipe: refit on k - 1 folds, score the held-out fold.
result<json> cross_validation_json(std::span<const named_scorecard> cards, const model::labelled_frame& data,
                                   const evaluate_request& r) {
    json out;
    out["k"] = r.cv;
    out["seed"] = r.options.seed;
    out["probability"] = "fitted_on_training_folds";
    json rows = json::array();
    model::evaluate_options opt = r.options;
    opt.bootstrap_resamples = 0;
    opt.curves = false;  // per fold: the metrics only
    for (std::size_t k = 0; k < cards.size(); ++k) {
        const scorecard& start = *cards[k].card;
        for (const refit_recipe& recipe : r.refit) {
            const model::fitter fitter = [&](const model::labelled_frame& train) -> result<model::candidate> {
                model::candidate c{cards[k].name, start, std::nullopt};
                if (recipe.fit) {
                    VITALS_TRY(fitted, fit(start, train, *recipe.fit));
                    c.card = std::move(fitted.card);
                }
                auto p = model::fit_churn_probability(c.card, train);
                if (p) c.probability = p.value();
                return c;
            };
            auto cv = model::cross_validate(data, fitter, r.cv, r.options.seed, opt);
            if (!cv)
                return fail(cv.error().code, "scorecards[" + std::to_string(k) + "] (" + cards[k].name + "), refit " +
                                                 recipe.label + ": " + cv.error().message);
            json row;
            row["name"] = cards[k].name;
            row["refit"] = recipe.label;
            std::vector<double> auc, ap, brier;
            std::vector<std::vector<double>> precision(opt.top_fractions.size()), lift(opt.top_fractions.size());
            json folds = json::array();
            for (const model::evaluation& e : cv.value().folds) {
                auc.push_back(e.roc_auc);
                ap.push_back(e.average_precision);
                brier.push_back(e.brier);
                for (std::size_t t = 0; t < e.top.size() && t < precision.size(); ++t) {
                    precision[t].push_back(e.top[t].precision);
                    lift[t].push_back(e.top[t].lift);
                }
                folds.push_back({{"accounts", e.accounts}, {"scored", e.scored}, {"churned", e.churned},
                                 {"roc_auc", number(e.roc_auc)}, {"average_precision", number(e.average_precision)},
                                 {"brier", number(e.brier)}});
            }
            const auto put = [&](const char* key, const std::vector<double>& v) {
                const auto [m, sd] = mean_sd(v);
                row[std::string(key) + "_mean"] = number(m);
                row[std::string(key) + "_sd"] = number(sd);
            };
            put("roc_auc", auc);
            put("average_precision", ap);
            put("brier", brier);
            json top = json::array();
            for (std::size_t t = 0; t < precision.size(); ++t) {
                const auto [pm, psd] = mean_sd(precision[t]);
                const auto [lm, lsd] = mean_sd(lift[t]);
                top.push_back({{"fraction", opt.top_fractions[t]}, {"precision_mean", number(pm)},
                               {"precision_sd", number(psd)}, {"lift_mean", number(lm)}, {"lift_sd", number(lsd)}});
            }
            row["top"] = std::move(top);
            row["folds"] = std::move(folds);
            rows.push_back(std::move(row));
        }
    }
    out["candidates"] = std::move(rows);
    return out;
}

}  // namespace

result<json> evaluate(std::span<const named_scorecard> cards, const model::labelled_frame& data,
                      const evaluate_request& r) {
    VITALS_TRY(data.validate());
    if (cards.empty()) return fail(errc::invalid_argument, "scorecards: none given");
    const bool folds = r.fixed_card_folds >= 2;
    for (std::size_t k = 0; k < cards.size(); ++k) {
        if ((cards[k].card == nullptr) == (cards[k].set == nullptr))
            return fail(errc::invalid_argument, "scorecards[" + std::to_string(k) + "]: give a scorecard or a scorecard set");
        if (cards[k].set != nullptr && (folds || r.cv >= 2))
            return fail(errc::invalid_argument, "scorecards[" + std::to_string(k) + "] (" + cards[k].name +
                                                 "): a scorecard set is evaluated as given: not with " +
                                                 (folds ? "fixed_card_folds" : "cv") + " (give its cards one by one)");
    }
    // sets are ranked by their cards' churn probabilities, single cards by 100 - score
    std::vector<std::optional<model::evaluation>> set_rows(cards.size());
    for (std::size_t k = 0; k < cards.size(); ++k)
        if (cards[k].set != nullptr) {
            auto e = model::evaluate_set(*cards[k].set, cards[k].segments, data, r.options, cards[k].name);
            if (!e) return fail(e.error().code, "scorecards[" + std::to_string(k) + "] (" + cards[k].name + "): " + e.error().message);
            set_rows[k] = std::move(e).value();
        }
    std::vector<model::candidate> cands;
    std::vector<std::size_t> cand_of(cards.size(), npos);
    std::vector<std::string> probability_errors(cards.size());
    for (std::size_t k = 0; k < cards.size(); ++k) {
        if (cards[k].set != nullptr) continue;
        cand_of[k] = cands.size();
        model::candidate c{cards[k].name, *cards[k].card, std::nullopt};
        if (!folds && cards[k].card->calibration()) {  // the card's own: what its users get from score
            c.probability = *cards[k].card->calibration();
        } else if (!folds) {  // the churn probability of the score, fitted on these accounts (2 parameters)
            auto p = model::fit_churn_probability(*cards[k].card, data);
            if (p) c.probability = p.value();
            else probability_errors[k] = p.error().message;
        }
        cands.push_back(std::move(c));
    }
    VITALS_TRY(cmp, model::compare(cands, data, r.options));

    json report;
    report["accounts"] = cmp.accounts;
    double churned = 0.0;
    for (double y : data.labels) churned += y;
    report["churned"] = static_cast<std::uint64_t>(churned);
    report["churn_rate"] = number(cmp.churn_rate);
    report["fixed_card_folds"] = folds ? r.fixed_card_folds : std::size_t{0};
    report["seed"] = r.options.seed;
    report["probability"] = folds ? "out_of_fold" : "in_sample";
    json rows = json::array();
    std::vector<std::size_t> fold;
    if (folds) {
        VITALS_TRY(f, model::stratified_folds(data.labels, r.fixed_card_folds, r.options.seed));
        fold = std::move(f);
    }
    for (std::size_t k = 0; k < cards.size(); ++k) {
        if (set_rows[k]) {
            json row = evaluation_json(*set_rows[k]);
            row["probability"] = "scorecard";
            row["risk"] = "churn_probability";
            rows.push_back(std::move(row));
            continue;
        }
        model::evaluation& e = cmp.rows[cand_of[k]];
        const model::candidate& cand = cands[cand_of[k]];
        json row;
        const auto named = [&](const error& err) {
            return fail(err.code, "scorecards[" + std::to_string(k) + "] (" + cards[k].name + "): " + err.message);
        };
        if (folds) {
            // per fold: AUC on the held-out accounts; churn probability fitted on the others
            VITALS_TRY(s, model::scores(*cards[k].card, data, r.options.threads));
            std::vector<double> oof(s.size(), std::numeric_limits<double>::quiet_NaN());
            std::vector<double> aucs;
            for (std::size_t f = 0; f < r.fixed_card_folds; ++f) {
                std::vector<std::size_t> train;
                std::vector<double> risk, y;
                for (std::size_t i = 0; i < fold.size(); ++i) {
                    if (fold[i] != f) {
                        train.push_back(i);
                    } else if (s[i] == s[i]) {
                        risk.push_back(100.0 - s[i]);
                        y.push_back(data.labels[i]);
                    }
                }
                auto auc = model::roc_auc(risk, y);
                if (!auc) return named(error{auc.error().code, "fold " + std::to_string(f) + ": " + auc.error().message});
                aucs.push_back(auc.value());
                VITALS_TRY(tr, model::select_rows(data, train));
                auto p = model::fit_churn_probability(*cards[k].card, tr.view());
                if (!p) {
                    probability_errors[k] = "fold " + std::to_string(f) + ": " + p.error().message;
                    continue;
                }
                for (std::size_t i = 0; i < fold.size(); ++i)
                    if (fold[i] == f && s[i] == s[i]) oof[i] = p.value()(s[i]);
            }
            const auto [mean, sd] = mean_sd(aucs);
            if (probability_errors[k].empty()) {
                std::vector<double> prob, y;
                for (std::size_t i = 0; i < s.size(); ++i)
                    if (oof[i] == oof[i]) {
                        prob.push_back(oof[i]);
                        y.push_back(data.labels[i]);
                    }
                auto b = model::brier_score(prob, y);
                if (!b) return named(b.error());
                e.brier = b.value();
                auto c = model::calibration_table(prob, y, r.options.calibration_bins);
                if (!c) return named(c.error());
                e.calibration = std::move(c).value();
            }
            row = evaluation_json(e);
            row["fixed_card_folds"] = {{"roc_auc_mean", number(mean)}, {"roc_auc_sd", number(sd)}, {"roc_auc", aucs}};
        } else {
            row = evaluation_json(e);
            row["probability"] = cards[k].card->calibration() ? "scorecard" : "in_sample";
            row["risk"] = "100 - score";
            if (cand.probability)
                row["churn_probability"] = {{"intercept", number(cand.probability->intercept)},
                                            {"slope", number(cand.probability->slope)}};
        }
        if (!probability_errors[k].empty()) row["churn_probability_error"] = probability_errors[k];
        rows.push_back(std::move(row));
    }
    report["scorecards"] = std::move(rows);
    if (r.cv >= 2) {
        VITALS_TRY(cv, cross_validation_json(cards, data, r));
        report["cross_validation"] = std::move(cv);
    }
    return report;
}

/// Where the in-sample Brier's churn probabilities came from: each card's own calibration, or a
/// 2-parameter fit on these accounts.
/// For a report with a scorecard set: how its accounts are ranked.
static std::string set_risk_note(const json& j) {
    for (const json& row : j["scorecards"])
        if (row.value("risk", std::string()) == "churn_probability")
            return " (for a scorecard set: each account's churn probability under its own card, one scale across cards)";
    return "";
}

static std::string in_sample_note(const json& j) {
    std::size_t stored = 0, n = 0;
    for (const json& row : j["scorecards"]) {
        ++n;
        if (row.value("probability", std::string()) == "scorecard") ++stored;
    }
    if (stored == 0) return "fitted on these accounts (2 parameters, in sample)";
    if (stored == n) return "the scorecard's own calibration (its \"calibration\", fitted when it was fitted)";
    return "the scorecard's own calibration where it has one, else fitted on these accounts (2 parameters, in sample)";
}

std::string evaluate_table(const json& j) {
    const auto d = [](const json& v, int decimals) { return v.is_number() ? fixed(v.get<double>(), decimals) : std::string("-"); };
    const bool folds = j.value("fixed_card_folds", std::size_t{0}) >= 2;
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> head{"scorecard", "scored", "ROC AUC", "95% CI"};
    if (!j["scorecards"].empty() && j["scorecards"][0].contains("roc_auc_interval") &&
        j["scorecards"][0]["roc_auc_interval"].is_object())
        head[3] = fixed(100.0 * j["scorecards"][0]["roc_auc_interval"]["level"].get<double>(), 0) + "% CI";
    if (folds) head.push_back("AUC on " + std::to_string(j["fixed_card_folds"].get<std::size_t>()) + " folds, not refitted");
    head.push_back("avg precision");
    if (!j["scorecards"].empty())
        for (const json& t : j["scorecards"][0]["top"]) {
            const std::string f = fixed(100.0 * t["fraction"].get<double>(), 0) + "%";
            head.push_back("precision@" + f);
            head.push_back("lift@" + f);
        }
    head.push_back("Brier");
    cells.push_back(head);
    for (const json& s : j["scorecards"]) {
        std::vector<std::string> row{s["name"].get<std::string>(), grouped(s["scored"].get<std::uint64_t>()),
                                     d(s["roc_auc"], 4)};
        row.push_back(s["roc_auc_interval"].is_object()
                          ? d(s["roc_auc_interval"]["lower"], 4) + "-" + d(s["roc_auc_interval"]["upper"], 4)
                          : std::string("-"));
        if (folds) row.push_back(d(s["fixed_card_folds"]["roc_auc_mean"], 4) + " +- " + d(s["fixed_card_folds"]["roc_auc_sd"], 4));
        row.push_back(d(s["average_precision"], 4));
        for (const json& t : s["top"]) {
            row.push_back(d(t["precision"], 3));
            row.push_back(d(t["lift"], 2));
        }
        row.push_back(d(s["brier"], 4));
        cells.push_back(std::move(row));
    }
    std::string out = aligned(cells);
    out += grouped(j["accounts"].get<std::uint64_t>()) + " accounts, " + grouped(j["churned"].get<std::uint64_t>()) +
           " churned (" + fixed(100.0 * j["churn_rate"].get<double>(), 1) + " %). Risk = 100 - score" + set_risk_note(j) + "; Brier uses the churn probability of the score, " +
           (folds ? std::string("fitted on the other folds (out of fold)") : in_sample_note(j)) + ".\n";
    if (j.contains("cross_validation")) {
        const json& cv = j["cross_validation"];
        const auto pm = [&](const json& row, const std::string& key, int decimals) {
            return d(row[key + "_mean"], decimals) + " +- " + d(row[key + "_sd"], decimals);
        };
        std::vector<std::vector<std::string>> t;
        std::vector<std::string> h{"scorecard", "refit", "ROC AUC", "avg precision"};
        if (!cv["candidates"].empty())
            for (const json& top : cv["candidates"][0]["top"])
                h.push_back("lift@" + fixed(100.0 * top["fraction"].get<double>(), 0) + "%");
        h.push_back("Brier");
        t.push_back(h);
        for (const json& c : cv["candidates"]) {
            std::vector<std::string> row{c["name"].get<std::string>(), c["refit"].get<std::string>(), pm(c, "roc_auc", 4),
                                         pm(c, "average_precision", 4)};
            for (const json& top : c["top"]) row.push_back(d(top["lift_mean"], 2) + " +- " + d(top["lift_sd"], 2));
            row.push_back(pm(c, "brier", 4));
            t.push_back(std::move(row));
        }
        out += "\n" + std::to_string(cv["k"].get<std::size_t>()) + "-fold cross-validation (seed " +
               std::to_string(cv["seed"].get<std::uint64_t>()) +
               "): each scorecard refitted on the other folds and scored on the held-out one; mean +- sd over the folds\n";
        out += aligned(t);
    }
    return out;
}

}  // namespace vitals::model_run

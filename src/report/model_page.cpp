// Vitals report — the model page (see include/vitals/report/model_page.hpp).
#include "vitals/report/model_page.hpp"

#include "vitals/normalise.hpp"
#include "vitals/report/charts.hpp"
#include "vitals/report/html.hpp"
#include "vitals/report/svg.hpp"

#include "page_parts.hpp"

#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

namespace vitals::report {
namespace {

using json = nlohmann::json;
using svg::num;
using namespace parts;

/// A number of the report (null for NaN or infinity: json_number) as a double.
double value_of(const json& j) { return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN(); }
std::vector<double> values_of(const json& j) {
    std::vector<double> v;
    if (j.is_array())
        for (const json& x : j) v.push_back(value_of(x));
    return v;
}
std::string four(double x) { return std::isfinite(x) ? num(x, 4) : "-"; }
std::string two(double x) { return std::isfinite(x) ? num(x, 2) : "-"; }
std::string share(double x) { return std::isfinite(x) ? num(100.0 * x, 1) + "%" : "-"; }

/// "linear: 0 (worst) to 30 (best)" — what a normaliser does, in a line.
std::string describe(const normaliser& n) {
    if (const auto* l = n.target<linear>()) return "linear: " + num(l->worst, 4) + " (worst) to " + num(l->best, 4) + " (best)";
    if (const auto* l = n.target<logistic>())
        return "logistic: midpoint " + num(l->midpoint, 4) + ", steepness " + num(l->steepness, 4);
    if (const auto* p = n.target<piecewise>()) {
        std::string s = "piecewise:";
        for (std::size_t k = 0; k < p->knots.size() && k < p->scores.size(); ++k)
            s += (k ? ", " : " ") + num(p->knots[k], 4) + " \xE2\x86\x92 " + num(p->scores[k], 3);
        return s;
    }
    if (const auto* s = n.target<steps>()) return "steps: " + std::to_string(s->scores.size()) + " ranges";
    if (const auto* c = n.target<categories>()) return "categories: " + std::to_string(c->levels.size()) + " levels";
    if (const auto* p = n.target<percentile>())
        return "percentile of " + std::to_string(p->quantiles.size()) + " stored quantiles, " +
               (p->dir == direction::higher_is_better ? "higher is better" : "lower is better");
    if (const auto* f = n.target<flag>()) return std::string("flag: healthy when ") + (f->good_when ? "set" : "not set");
    const std::string name = n.name();
    return std::string(n.kind()) + (name.empty() ? "" : " (" + name + ")");
}

class model_page {
public:
    model_page(const json& report, std::span<const model_card> cards, const model_page_info& info)
        : r_(report), cards_(cards), info_(info) {}

    result<std::string> render() {
        const json& rows = r_["scorecards"];
        for (std::size_t k = 0; k < rows.size(); ++k) {
            if (!rows[k].contains("roc_curve") || !rows[k].contains("pr_curve") || !rows[k].contains("lift_by_group"))
                return fail(errc::invalid_argument, "report: /scorecards/" + std::to_string(k) +
                                                        " has no roc_curve, pr_curve or lift_by_group: evaluate with \"curves\": true");
            names_.push_back(rows[k].value("name", std::string()));
        }
        open_document(out_, info_.generator, info_.title, info_.source);
        summary();
        out_ += "<main>\n";
        comparison();
        out_ += "<div class=\"row curves\">\n";
        roc();
        precision_recall();
        out_ += "</div>\n";
        calibration();
        lift();
        cross_validation();
        weights();
        out_ += "</main>\n<footer><p>Written by ";
        add(out_, info_.generator.empty() ? std::string_view("vitals") : std::string_view(info_.generator));
        out_ += ". One self-contained file: no scripts, nothing loaded from the network. Lines are told apart by their "
                "dash and label as well as their Okabe&#8211;Ito (colour-blind safe) colour.</p></footer>\n</body>\n</html>\n";
        return std::move(out_);
    }

private:
    const json& rows() const { return r_["scorecards"]; }

    void summary() {
        const double accounts = value_of(r_["accounts"]), churned = value_of(r_["churned"]);
        out_ += "<header id=\"model-summary\" data-accounts=\"" + num(accounts, 0) + "\" data-churned=\"" + num(churned, 0) +
                "\" data-scorecards=\"" + std::to_string(rows().size()) + "\">\n<h1>";
        add(out_, info_.title);
        out_ += "</h1>\n<p class=\"meta\">";
        add(out_, info_.source.empty() ? std::string("labelled accounts") : info_.source);
        if (!info_.label_column.empty()) {
            out_ += " &#183; churn label ";
            add(out_, info_.label_column);
        }
        out_ += " &#183; ";
        out_ += std::to_string(rows().size()) + (rows().size() == 1 ? " scorecard" : " scorecards");
        out_ += "</p>\n<dl class=\"kpis\">\n";
        kpi(out_, "accounts", grouped(static_cast<std::uint64_t>(accounts)));
        kpi(out_, "churned", grouped(static_cast<std::uint64_t>(churned)) + " (" + share(value_of(r_["churn_rate"])) + ")");
        out_ += "</dl>\n<p class=\"note\">Risk is 100 &#8722; score (a scorecard set: each account's churn probability under its "
                "own card). Accounts a scorecard does not score (insufficient data) are left out of its metrics. ";
        const std::string p = r_.value("probability", std::string());
        if (p == "out_of_fold")
            out_ += "Churn probabilities were fitted out of fold.";
        else
            out_ += "Churn probabilities are each scorecard's own calibration where it has one, else fitted on these "
                    "accounts (in sample).";
        out_ += "</p>\n</header>\n<nav><a href=\"#comparison\">Comparison</a><a href=\"#roc\">ROC</a><a href=\"#precision-recall\">"
                "Precision&#8211;recall</a><a href=\"#calibration\">Calibration</a><a href=\"#lift\">Lift</a>";
        if (r_.contains("cross_validation")) out_ += "<a href=\"#cross-validation\">Cross-validation</a>";
        out_ += "<a href=\"#weights\">Weights and bins</a></nav>\n";
    }

    void comparison() {
        out_ += "<section id=\"comparison\">\n<h2>The scorecards side by side</h2>\n<table id=\"comparison-table\">\n<thead><tr>"
                "<th>scorecard</th><th>scored</th><th>unscored</th><th>churned</th><th>ROC AUC</th><th>interval</th>"
                "<th>average precision</th><th>Brier</th>";
        const json& first_top = rows().empty() ? json::array() : rows()[0]["top"];
        for (const json& t : first_top) {
            const std::string pct = share(value_of(t["fraction"]));
            out_ += "<th>precision top " + pct + "</th><th>lift top " + pct + "</th>";
        }
        out_ += "</tr></thead>\n<tbody>\n";
        for (std::size_t k = 0; k < rows().size(); ++k) {
            const json& row = rows()[k];
            const double auc = value_of(row["roc_auc"]);
            out_ += "<tr class=\"card-row\" data-card=\"";
            add(out_, names_[k]);
            out_ += "\" data-roc-auc=\"" + num(auc, 6) + "\"><td>";
            series_chip(k);
            out_ += "</td><td>" + grouped(row.value("scored", std::uint64_t{0})) + "</td><td>" +
                    grouped(row.value("unscored", std::uint64_t{0})) + "</td><td>" + grouped(row.value("churned", std::uint64_t{0})) +
                    "</td><td>" + four(auc) + "</td><td>";
            const json& ci = row["roc_auc_interval"];
            if (ci.is_object())
                out_ += four(value_of(ci["lower"])) + " &#8211; " + four(value_of(ci["upper"])) + " (" +
                        num(100.0 * value_of(ci["level"]), 0) + "%)";
            else
                out_ += "-";
            out_ += "</td><td>" + four(value_of(row["average_precision"])) + "</td><td>" + four(value_of(row["brier"])) + "</td>";
            for (const json& t : row["top"]) out_ += "<td>" + share(value_of(t["precision"])) + "</td><td>" + two(value_of(t["lift"])) + "</td>";
            out_ += "</tr>\n";
        }
        out_ += "</tbody>\n</table>\n</section>\n";
    }

    /// The series' colour chip and the card's name.
    void series_chip(std::size_t k) {
        rgb c;
        std::string dash;
        series_style(k, c, dash);
        chip(out_, c, names_[k]);
    }

    series line_of(std::size_t k, std::vector<double> x, std::vector<double> y) const {
        series s;
        s.key = std::to_string(k);
        s.label = names_[k];
        s.x = std::move(x);
        s.y = std::move(y);
        series_style(k, s.colour, s.dash);
        return s;
    }

    void roc() {
        std::vector<series> lines;
        for (std::size_t k = 0; k < rows().size(); ++k) {
            const json& c = rows()[k]["roc_curve"];
            series s = line_of(k, values_of(c["fpr"]), values_of(c["tpr"]));
            s.label += " (AUC " + four(value_of(rows()[k]["roc_auc"])) + ")";
            lines.push_back(std::move(s));
        }
        out_ += "<section id=\"roc\">\n<h2>ROC curves</h2>\n<p class=\"note\">The share of churned accounts caught (true positive "
                "rate) against the share of staying accounts flagged (false positive rate), as the risk threshold falls. The "
                "dashed diagonal is a ranking by chance; the area under each curve is its ROC AUC.</p>\n";
        curve_chart(out_, "roc-chart", "ROC curves", lines, {"false positive rate", "true positive rate", 0, 0, 1, 1, "chance"});
        out_ += "</section>\n";
    }

    void precision_recall() {
        std::vector<series> lines;
        for (std::size_t k = 0; k < rows().size(); ++k) {
            const json& c = rows()[k]["pr_curve"];
            series s = line_of(k, values_of(c["recall"]), values_of(c["precision"]));
            s.label += " (AP " + four(value_of(rows()[k]["average_precision"])) + ")";
            lines.push_back(std::move(s));
        }
        const double rate = value_of(r_["churn_rate"]);
        out_ += "<section id=\"precision-recall\">\n<h2>Precision and recall</h2>\n<p class=\"note\">Of the accounts flagged, the "
                "share that churned (precision), against the share of churned accounts caught (recall). The dashed line is the "
                "churn rate, " + share(rate) + ": what flagging at random gives.</p>\n";
        curve_chart(out_, "pr-chart", "Precision-recall curves", lines,
                    {"recall", "precision", 0, std::isfinite(rate) ? rate : 0.0, 1, std::isfinite(rate) ? rate : 0.0, "churn rate"});
        out_ += "</section>\n";
    }

    void calibration() {
        std::vector<series> lines;
        std::string table;
        for (std::size_t k = 0; k < rows().size(); ++k) {
            const json& cal = rows()[k]["calibration"];
            if (!cal.is_array() || cal.empty()) continue;
            std::vector<double> x, y;
            std::vector<std::uint64_t> counts;
            for (const json& b : cal) {
                const auto n = b.value("accounts", std::uint64_t{0});
                table += "<tr class=\"calibration-row\" data-card=\"" + escaped(names_[k]) + "\" data-accounts=\"" + std::to_string(n) +
                         "\"><td>" + escaped(names_[k]) + "</td><td>" + share(value_of(b["lower"])) + " &#8211; " +
                         share(value_of(b["upper"])) + "</td><td>" + grouped(n) + "</td><td>" + share(value_of(b["mean_predicted"])) +
                         "</td><td>" + share(value_of(b["observed_rate"])) + "</td></tr>\n";
                if (n == 0) continue;
                x.push_back(value_of(b["mean_predicted"]));
                y.push_back(value_of(b["observed_rate"]));
                counts.push_back(n);
            }
            series s = line_of(k, std::move(x), std::move(y));
            s.counts = std::move(counts);
            lines.push_back(std::move(s));
        }
        out_ += "<section id=\"calibration\">\n<h2>Calibration</h2>\n";
        if (lines.empty()) {
            out_ += "<p class=\"note\">No scorecard has a churn probability to calibrate.</p>\n</section>\n";
            return;
        }
        out_ += "<p class=\"note\">Accounts grouped by predicted churn probability: the mean prediction against the share that "
                "churned. On the dashed diagonal the probabilities are right; above it they are too low.</p>\n<div class=\"row\">\n";
        curve_chart(out_, "calibration-chart", "Calibration", lines,
                    {"predicted churn probability", "observed churn rate", 0, 0, 1, 1, "perfect calibration"});
        out_ += "<table id=\"calibration-table\">\n<thead><tr><th>scorecard</th><th>predicted</th><th>accounts</th><th>mean "
                "predicted</th><th>churned</th></tr></thead>\n<tbody>\n" + table + "</tbody>\n</table>\n</div>\n</section>\n";
    }

    void lift() {
        column_groups g;
        g.x_label = "risk group (1 = riskiest)";
        g.y_label = "lift";
        g.reference = 1.0;
        g.reference_label = "lift 1: the churn rate of the whole book";
        std::string table;
        std::size_t groups = 0;
        for (std::size_t k = 0; k < rows().size(); ++k) {
            const json& lift = rows()[k]["lift_by_group"];
            groups = std::max(groups, lift.size());
            g.series_keys.push_back(std::to_string(k));
            g.series_labels.push_back(names_[k]);
            std::vector<double> v;
            for (std::size_t d = 0; d < lift.size(); ++d) {
                const json& b = lift[d];
                v.push_back(value_of(b["lift"]));
                table += "<tr class=\"lift-row\" data-card=\"" + escaped(names_[k]) + "\" data-group=\"" + std::to_string(d + 1) +
                         "\" data-accounts=\"" + std::to_string(b.value("accounts", std::uint64_t{0})) + "\" data-churned=\"" +
                         std::to_string(b.value("churned", std::uint64_t{0})) + "\"><td>" + escaped(names_[k]) + "</td><td>" +
                         std::to_string(d + 1) + "</td><td>" + two(value_of(b["risk_high"])) + " &#8211; " + two(value_of(b["risk_low"])) +
                         "</td><td>" + grouped(b.value("accounts", std::uint64_t{0})) + "</td><td>" +
                         grouped(b.value("churned", std::uint64_t{0})) + "</td><td>" + share(value_of(b["churn_rate"])) + "</td><td>" +
                         two(value_of(b["lift"])) + "</td><td>" + share(value_of(b["cumulative_capture"])) + "</td></tr>\n";
            }
            g.values.push_back(std::move(v));
        }
        for (std::size_t d = 0; d < groups; ++d) g.group_labels.push_back(std::to_string(d + 1));
        out_ += "<section id=\"lift\">\n<h2>Lift by risk group</h2>\n<p class=\"note\">The scored accounts cut into " +
                std::to_string(groups) + " equal groups by risk, riskiest first (accounts with the same risk are never split). "
                "Lift is a group's churn rate over the whole book's; capture is the share of all churned accounts in this group "
                "and the riskier ones.</p>\n";
        grouped_columns(out_, "lift-chart", "Lift by risk group", g);
        out_ += "<table id=\"lift-table\">\n<thead><tr><th>scorecard</th><th>group</th><th>risk</th><th>accounts</th><th>churned"
                "</th><th>churn rate</th><th>lift</th><th>capture</th></tr></thead>\n<tbody>\n" + table + "</tbody>\n</table>\n</section>\n";
    }

    void cross_validation() {
        if (!r_.contains("cross_validation")) return;
        const json& cv = r_["cross_validation"];
        out_ += "<section id=\"cross-validation\">\n<h2>Cross-validation</h2>\n<p class=\"note\">" +
                std::to_string(cv.value("k", std::uint64_t{0})) + "-fold, stratified: each scorecard refitted on the other folds "
                "by each recipe and scored on the held-out fold; mean &#177; standard deviation over the folds.</p>\n"
                "<table id=\"cv-table\">\n<thead><tr><th>scorecard</th><th>refit</th><th>ROC AUC</th><th>average precision</th>"
                "<th>Brier</th></tr></thead>\n<tbody>\n";
        for (const json& c : cv["candidates"]) {
            const auto pm = [&](const char* key) {
                return four(value_of(c[std::string(key) + "_mean"])) + " &#177; " + four(value_of(c[std::string(key) + "_sd"]));
            };
            out_ += "<tr class=\"cv-row\" data-card=\"" + escaped(c.value("name", std::string())) + "\" data-refit=\"" +
                    escaped(c.value("refit", std::string())) + "\"><td>" + escaped(c.value("name", std::string())) + "</td><td>" +
                    escaped(c.value("refit", std::string())) + "</td><td>" + pm("roc_auc") + "</td><td>" + pm("average_precision") +
                    "</td><td>" + pm("brier") + "</td></tr>\n";
        }
        out_ += "</tbody>\n</table>\n</section>\n";
    }

    void weights() {
        out_ += "<section id=\"weights\">\n<h2>Weights and bins</h2>\n<p class=\"note\">Each measure's input, how its value becomes a "
                "sub-score (0 = unhealthy, 1 = healthy), its weight and its share of the score when every measure is present; "
                "the ranges of binned measures and the sub-score of each.</p>\n";
        for (std::size_t k = 0; k < cards_.size(); ++k) {
            if (cards_[k].set == nullptr) continue;
            for (const scorecard& card : cards_[k].set->cards()) card_weights(k, card, cards_[k].set->cards().size() > 1);
        }
        out_ += "</section>\n";
    }

    void card_weights(std::size_t k, const scorecard& card, bool in_set) {
        out_ += "<div class=\"card-weights\" data-card=\"" + escaped(names_[k]) + "\" data-scorecard=\"" + escaped(card.name()) +
                "\">\n<h3>";
        series_chip(k);
        if (in_set) {
            out_ += ": card ";
            add(out_, card.name());
        }
        out_ += "</h3>\n<table class=\"weights\">\n<thead><tr><th>measure</th><th>input</th><th>normaliser</th><th>weight</th>"
                "<th>share of the score</th></tr></thead>\n<tbody>\n";
        std::string bins;
        const auto measures = card.measures();
        const auto slots = card.slots();
        for (std::size_t m = 0; m < measures.size(); ++m) {
            const measure& me = measures[m];
            out_ += "<tr class=\"weight-row\" data-measure=\"" + escaped(me.name) + "\" data-share=\"" +
                    num(m < slots.size() ? slots[m].share : 0.0, 10) + "\"><td>" + escaped(me.name) + "</td><td>" +
                    escaped(me.input.column) + (me.input.is_ratio() ? " / " + escaped(me.input.denominator) : std::string()) +
                    "</td><td>" + escaped(describe(me.normaliser)) + "</td><td>" + num(me.weight, 4) + "</td><td>" +
                    share(m < slots.size() ? slots[m].share : std::numeric_limits<double>::quiet_NaN()) + "</td></tr>\n";
            bins += bin_table(me);
        }
        out_ += "</tbody>\n</table>\n" + bins + "</div>\n";
    }

    /// The ranges of a steps measure or the levels of a categories one ("" for other normalisers).
    static std::string bin_table(const measure& me) {
        std::string t;
        const auto head = [&](std::string_view what) {
            t += "<table class=\"bins\" data-measure=\"" + escaped(me.name) + "\">\n<caption>" + escaped(me.name) +
                 "</caption>\n<thead><tr><th>" + std::string(what) + "</th><th>sub-score</th></tr></thead>\n<tbody>\n";
        };
        if (const auto* s = me.normaliser.target<steps>()) {
            head("range");
            for (std::size_t b = 0; b < s->scores.size(); ++b) {
                std::string range;
                if (s->cutoffs.empty()) range = "every value";
                else if (b == 0) range = "below " + num(s->cutoffs[0], 4);
                else if (b == s->cutoffs.size()) range = num(s->cutoffs[b - 1], 4) + " and above";
                else range = num(s->cutoffs[b - 1], 4) + " to below " + num(s->cutoffs[b], 4);
                t += "<tr class=\"bin-row\"><td>" + escaped(range) + "</td><td>" + num(s->scores[b], 3) + "</td></tr>\n";
            }
        } else if (const auto* c = me.normaliser.target<categories>()) {
            head("level");
            for (std::size_t b = 0; b < c->levels.size() && b < c->scores.size(); ++b)
                t += "<tr class=\"bin-row\"><td>" + escaped(c->levels[b]) + "</td><td>" + num(c->scores[b], 3) + "</td></tr>\n";
        } else {
            return t;
        }
        return t + "</tbody>\n</table>\n";
    }

    const json& r_;
    std::span<const model_card> cards_;
    const model_page_info& info_;
    std::vector<std::string> names_;
    std::string out_;
};

}  // namespace

result<std::string> render_model_page(const nlohmann::json& report, std::span<const model_card> cards, const model_page_info& info) {
    if (!report.is_object() || !report.contains("scorecards") || !report["scorecards"].is_array())
        return fail(errc::invalid_argument, "report: not an evaluate report (no \"scorecards\" array)");
    if (cards.size() != report["scorecards"].size())
        return fail(errc::invalid_argument, "cards: " + std::to_string(cards.size()) + " given for the report's " +
                                                std::to_string(report["scorecards"].size()) + " scorecards (one per scorecard, in order)");
    return model_page(report, cards, info).render();
}

}  // namespace vitals::report

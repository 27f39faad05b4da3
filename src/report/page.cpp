// Vitals report — the HTML page (see include/vitals/report/page.hpp).
#include "vitals/report/page.hpp"

#include "vitals/path_to_green.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/report/charts.hpp"
#include "vitals/report/html.hpp"
#include "vitals/report/palette.hpp"
#include "vitals/report/svg.hpp"

#include "page_parts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace vitals::report {
namespace {

using svg::num;
using namespace parts;

struct trend_text {
    std::string_view key, arrow, word;
};
trend_text trend_of(std::int32_t direction) {
    switch (direction) {
    case -1: return {"declining", "\xE2\x86\x93", "declining"};
    case 0: return {"stable", "\xE2\x86\x92", "stable"};
    case 1: return {"improving", "\xE2\x86\x91", "improving"};
    default: return {"unknown", "", "no earlier score"};
    }
}

class page {
public:
    page(const book_summary& b, const page_info& info) : b_(b), info_(info) {
        colours_ = band_colours(b.band_labels().size());
        const scorecard& first = b.set().cards()[0];
        for (const std::string& l : first.bands().labels) first_labels_.push_back(l);
    }

    std::string render() {
        head();
        summary();
        out_ += "<main>\n";
        bands();
        band_mix();
        distribution();
        quadrant();
        assessment();
        measures();
        coverage();
        out_ += "</main>\n<footer><p>Written by ";
        add(out_, info_.generator.empty() ? std::string_view("vitals") : std::string_view(info_.generator));
        out_ += ". One self-contained file: no scripts, nothing loaded from the network. Colours are "
                "Okabe&#8211;Ito (colour-blind safe) and every band is labelled in text too.</p></footer>\n</body>\n</html>\n";
        return std::move(out_);
    }

private:
    rgb colour_of_label(std::size_t k) const { return k < colours_.size() ? colours_[k] : no_data_colour(); }
    std::size_t label_index(std::string_view label) const {
        const auto labels = b_.band_labels();
        return static_cast<std::size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
    }

    void head() { open_document(out_, info_.generator, info_.title, info_.source); }

    void summary() {
        out_ += "<header id=\"summary\" data-accounts=\"" + std::to_string(b_.accounts()) + "\" data-scored=\"" +
                std::to_string(b_.scored()) + "\" data-revenue=\"" + num(b_.total_revenue(), 2) + "\" data-at-risk=\"" +
                num(b_.revenue_at_risk(), 2) + "\">\n<h1>";
        add(out_, info_.title);
        out_ += "</h1>\n<p class=\"meta\">";
        add(out_, info_.source.empty() ? std::string("a book of accounts") : info_.source);
        if (!info_.as_of.empty()) {
            out_ += " &#183; as of ";
            add(out_, info_.as_of);
        }
        if (!info_.scorecard.empty()) {
            out_ += " &#183; scorecard ";
            add(out_, info_.scorecard);
        }
        out_ += "</p>\n<dl class=\"kpis\">\n";
        kpi(out_, "accounts", grouped(b_.accounts()));
        kpi(out_, "scored", grouped(b_.scored()) + " (" + percent(static_cast<double>(b_.scored()), static_cast<double>(b_.accounts())) + ")");
        if (b_.has_value()) {
            kpi(out_, "revenue (" + info_.value_name + ")", money(b_.total_revenue()));
            kpi(out_, "revenue at risk", money(b_.revenue_at_risk()) + " (" + percent(b_.revenue_at_risk(), b_.total_revenue()) + ")");
        }
        out_ += "</dl>\n</header>\n<nav><a href=\"#bands\">Bands</a><a href=\"#band-mix\">Over time</a><a href=\"#distribution\">Scores</a><a href=\"#quadrant\">Value "
                "x health</a><a href=\"#assessment\">Assess first</a><a href=\"#measures\">Measures</a><a href=\"#coverage\">Coverage</a></nav>\n";
    }

    void bands() {
        const auto labels = b_.band_labels();
        const auto tallies = b_.bands();
        out_ += "<section id=\"bands\" data-bands=\"" + std::to_string(labels.size()) + "\">\n<h2>Bands</h2>\n<div class=\"row\">\n";
        std::vector<bar> bars;
        // best band first, as people read a traffic light top down
        for (std::size_t k = labels.size(); k-- > 0;)
            bars.push_back({labels[k], labels[k], static_cast<double>(tallies[k].accounts),
                            grouped(tallies[k].accounts) + " (" + percent(static_cast<double>(tallies[k].accounts), static_cast<double>(b_.accounts())) + ")",
                            colour_of_label(k)});
        bars.push_back({"no data", "no data", static_cast<double>(b_.no_data().accounts), grouped(b_.no_data().accounts), no_data_colour()});
        horizontal_bars(out_, "band-chart", "Accounts per band", bars, 560);
        out_ += "<table class=\"bands\">\n<thead><tr><th>band</th><th>accounts</th><th>share</th>";
        if (b_.has_value()) out_ += "<th>revenue</th><th>share of revenue</th>";
        out_ += "</tr></thead>\n<tbody>\n";
        const auto row = [&](std::string_view label, rgb colour, const tally& t) {
            out_ += "<tr class=\"band-row\" data-band=\"";
            add(out_, label);
            out_ += "\" data-accounts=\"" + std::to_string(t.accounts) + "\" data-revenue=\"" + num(t.revenue, 2) + "\"><td>";
            chip(out_, colour, label);
            out_ += "</td><td>" + grouped(t.accounts) + "</td><td>" + percent(static_cast<double>(t.accounts), static_cast<double>(b_.accounts())) + "</td>";
            if (b_.has_value()) out_ += "<td>" + money(t.revenue) + "</td><td>" + percent(t.revenue, b_.total_revenue()) + "</td>";
            out_ += "</tr>\n";
        };
        for (std::size_t k = labels.size(); k-- > 0;) row(labels[k], colour_of_label(k), tallies[k]);
        row("no data", no_data_colour(), b_.no_data());
        out_ += "</tbody>\n</table>\n</div>\n";
        if (b_.no_data().accounts)
            out_ += "<p class=\"note\">No data: the account's data covers less of the scorecard's weight than its minimum coverage, so it "
                    "has no score (never red).</p>\n";
        out_ += "</section>\n";
    }

    void band_mix() {
        out_ += "<section id=\"band-mix\">\n<h2>Band mix over time</h2>\n";
        if (!b_.has_earlier()) {
            out_ += "<p class=\"note\">Give the earlier scores (--previous) for the band mix of earlier periods.</p>\n</section>\n";
            return;
        }
        const std::vector<period_mix> mix = b_.band_mix();
        const auto labels = b_.band_labels();
        std::vector<rgb> colours{no_data_colour()};
        std::vector<std::string> names{"no data"};
        for (std::size_t k = 0; k < labels.size(); ++k) {
            colours.push_back(colour_of_label(k));
            names.push_back(labels[k]);
        }
        std::vector<column> columns;
        for (const period_mix& m : mix) {
            column c{m.period, m.period, {m.no_data}};
            c.counts.insert(c.counts.end(), m.counts.begin(), m.counts.end());
            columns.push_back(std::move(c));
        }
        column now{"now", info_.as_of.empty() ? std::string("now") : "now (" + info_.as_of + ")", {b_.no_data().accounts}};
        for (const tally& t : b_.bands()) now.counts.push_back(t.accounts);
        columns.push_back(std::move(now));
        out_ += "<p class=\"note\">The book's accounts per band in each earlier period (their earlier scores, by the " +
                std::string(b_.set().cards().size() > 1 ? "first scorecard's" : "scorecard's") +
                " bands; no data: no score then) and now.</p>\n";
        stacked_columns(out_, "band-mix-chart", "Accounts per band, period by period", columns, colours, names,
                        std::max(360.0, std::min(1100.0, 120.0 + 110.0 * static_cast<double>(columns.size()))));
        out_ += "</section>\n";
    }

    void distribution() {
        const scorecard& first = b_.set().cards()[0];
        const auto counts = b_.score_bins();
        std::vector<bin> bins;
        for (std::size_t k = 0; k < counts.size(); ++k) {
            const double from = 100.0 * static_cast<double>(k) / static_cast<double>(counts.size());
            const double to = 100.0 * static_cast<double>(k + 1) / static_cast<double>(counts.size());
            const std::string label(first.bands().label(first.bands().classify(from)));
            bins.push_back({from, to, counts[k], colour_of_label(label_index(label)), label});
        }
        out_ += "<section id=\"distribution\">\n<h2>Score distribution</h2>\n<p class=\"note\">" + grouped(b_.scored()) +
                " scored accounts in bins of " + num(100.0 / static_cast<double>(counts.size())) +
                " points, each bar in the colour of the band its lower edge falls in";
        if (b_.set().cards().size() > 1) out_ += " (the first scorecard's bands)";
        out_ += ".</p>\n";
        histogram(out_, "score-histogram", "Accounts per score", bins, "score");
        out_ += "</section>\n";
    }

    void quadrant() {
        out_ += "<section id=\"quadrant\">\n<h2>Value x health</h2>\n";
        if (!b_.has_quadrant()) {
            out_ += "<p class=\"note\">No quadrants: the book has no value column \"";
            add(out_, info_.value_name);
            out_ += "\" (give it with --value-column).</p>\n</section>\n";
            return;
        }
        const auto q = b_.quadrants();
        quadrant_plot p;
        p.value = b_.values();
        p.score = b_.scores();
        p.colour = b_.band_index();
        p.colours = colours_;
        const auto labels = b_.band_labels();
        std::vector<std::string> names(labels.begin(), labels.end());
        p.colour_labels = names;
        p.cutoffs = b_.set().cards()[0].bands().cutoffs;
        p.value_cutoff = info_.value_cutoff;
        p.health_threshold = info_.health_threshold;
        p.value_name = info_.value_name;
        p.max_points = info_.max_points;
        for (std::size_t k = 0; k < 4; ++k) {
            const auto qq = static_cast<portfolio::quadrant>(k);
            p.quadrant_text[k] = std::string(portfolio::label(qq)) + ": " + grouped(q[k].accounts) + " accounts, " +
                                 compact_number(q[k].revenue) + " (" + percent(q[k].revenue, b_.total_revenue()) + ")";
        }
        std::string chart;
        const plot_summary s = quadrant_chart(chart, "quadrant-plot", "Value against score, with the quadrant lines", p);
        out_ += "<p class=\"note\">High value: " + escaped(info_.value_name) + " at least " +
                (std::isfinite(info_.value_cutoff) ? money(info_.value_cutoff) : std::string("(none: no revenue)")) +
                "; healthy: score at least " + num(info_.health_threshold) + ". ";
        out_ += s.density ? "A density of " + grouped(s.plotted) + " accounts in " + grouped(s.cells) +
                                " cells (more accounts than " + grouped(info_.max_points) + " are binned, not drawn one by one)"
                          : grouped(s.plotted) + " accounts, one point each, in the colour of their band";
        if (s.not_plotted) out_ += "; " + grouped(s.not_plotted) + " not plotted (no score, or no value above 0)";
        out_ += ".</p>\n<div class=\"row\">\n" + chart;
        out_ += "<table class=\"quadrants\">\n<thead><tr><th>quadrant</th><th>accounts</th><th>revenue</th><th>share of revenue</th></tr></thead>\n<tbody>\n";
        for (std::size_t k = 0; k < portfolio::quadrant_count; ++k) {
            const auto qq = static_cast<portfolio::quadrant>(k);
            out_ += "<tr class=\"quadrant-row\" data-quadrant=\"" + std::string(portfolio::to_string(qq)) + "\" data-accounts=\"" +
                    std::to_string(q[k].accounts) + "\" data-revenue=\"" + num(q[k].revenue, 2) + "\"><td>" +
                    std::string(portfolio::label(qq)) + "</td><td>" + grouped(q[k].accounts) + "</td><td>" + money(q[k].revenue) +
                    "</td><td>" + percent(q[k].revenue, b_.total_revenue()) + "</td></tr>\n";
        }
        out_ += "</tbody>\n</table>\n</div>\n</section>\n";
    }

    void assessment() {
        const std::vector<listed_account> list = b_.assessment_list();
        const std::uint64_t more = b_.eligible() - list.size();
        out_ += "<section id=\"assessment\" data-listed=\"" + std::to_string(list.size()) + "\" data-eligible=\"" +
                std::to_string(b_.eligible()) + "\">\n<h2>Assess first</h2>\n";
        if (!b_.has_value()) {
            out_ += "<p class=\"note\">No assessment list: the book has no value column, so no revenue is at risk.</p>\n</section>\n";
            return;
        }
        out_ += "<p class=\"note\">The " + grouped(list.size()) + " accounts with the most revenue at risk (" + escaped(info_.value_name) +
                " x (100 &#8722; score) / 100). Open an account for its explanation: each measure's sub-score, share of the "
                "weight, contribution and the points it loses (they add up to the score and to 100 &#8722; score).</p>\n";
        out_ += "<div class=\"list-head\"><span></span><span class=\"num\">rank</span><span>account</span><span>band</span><span "
                "class=\"num\">score</span><span class=\"num\">value</span><span class=\"num\">at risk</span><span>trend</span><span>top "
                "drivers (points lost)</span><span>alerts</span></div>\n<ol id=\"assessment-list\">\n";
        std::size_t rank = 0;
        for (const listed_account& a : list) account(a, ++rank);
        out_ += "</ol>\n";
        out_ += "<p class=\"more\" data-more=\"" + std::to_string(more) + "\">";
        out_ += more ? grouped(more) + " more account" + (more == 1 ? "" : "s") + " with a value and a score are not listed."
                     : std::string("Every account with a value and a score is listed.");
        const std::uint64_t unranked = b_.accounts() - b_.eligible();
        if (unranked) out_ += " " + grouped(unranked) + " without a score or a value are not ranked.";
        out_ += "</p>\n</section>\n";
    }

    void account(const listed_account& a, std::size_t rank) {
        const scorecard& card = b_.set().cards()[static_cast<std::size_t>(a.card)];
        const std::string label(card.bands().label(a.band));
        const rgb colour = colour_of_label(label_index(label));
        const trend_text t = trend_of(a.direction);
        const auto fired = static_cast<std::size_t>(
            std::count_if(a.alerts.begin(), a.alerts.end(), [](const listed_account::alert& x) { return !x.suppressed; }));
        out_ += "<li class=\"account\" data-rank=\"" + std::to_string(rank) + "\" data-id=\"";
        add(out_, a.id);
        out_ += "\" data-band=\"";
        add(out_, label);
        out_ += "\" data-score=\"" + num(a.score, 6) + "\" data-at-risk=\"" + num(a.at_risk, 4) + "\" data-alerts=\"" +
                std::to_string(fired) + "\" data-held=\"" + std::to_string(a.alerts.size() - fired) + "\"><details><summary><span class=\"num\">" + std::to_string(rank) +
                "</span><span class=\"id\">";
        add(out_, a.id);
        out_ += "</span><span class=\"band\">";
        chip(out_, colour, label);
        out_ += "</span><span class=\"num\">" + fixed1(a.score) + "</span><span class=\"num\">" + money(a.value) +
                "</span><span class=\"num\">" + money(a.at_risk) + "</span><span class=\"trend\" data-direction=\"" + std::string(t.key) +
                "\" title=\"" + std::string(t.word) + "\">";
        if (!t.arrow.empty()) out_ += std::string(t.arrow) + " " + std::string(t.word) + " " + signed1(a.change);
        else out_ += "&#8212;";
        out_ += "</span><span class=\"drivers\">";
        for (std::size_t k = 0; k < a.drivers.size(); ++k) {
            const auto m = static_cast<std::size_t>(a.drivers[k]);
            if (k) out_ += " &#183; ";
            out_ += "<span class=\"driver\">";
            add(out_, m < card.measures().size() ? std::string_view(card.measures()[m].name) : std::string_view("?"));
            out_ += " &#8722;" + fixed1(m < a.points_lost.size() ? a.points_lost[m] : 0.0) + "</span>";
        }
        out_ += "</span><span class=\"alerts\">";
        for (const listed_account::alert& al : a.alerts) {
            out_ += "<span class=\"alert " + std::string(al.suppressed ? "held" : al.severity) + "\" title=\"";
            add(out_, al.reason);
            out_ += "\">";
            add(out_, al.name);
            if (al.suppressed) out_ += " (held)";
            out_ += "</span>";
        }
        out_ += "</span></summary>\n<div class=\"explanation\"><p>Coverage " + percent(a.coverage, 1.0) + " &#183; " +
                std::string(portfolio::label(static_cast<portfolio::quadrant>(std::clamp(a.quadrant, 0, 4))));
        if (b_.set().cards().size() > 1) {
            out_ += " &#183; scorecard ";
            add(out_, card.name());
        }
        out_ += "</p>\n";
        for (const listed_account::alert& al : a.alerts) {
            out_ += "<p class=\"alert-reason\">";
            add(out_, al.name);
            out_ += " (" + al.severity + (al.suppressed ? ", held by cooldown" : "") + "): ";
            add(out_, al.reason);
            out_ += "</p>\n";
        }
        for (const std::string& o : a.overrides) {
            out_ += "<p class=\"override\">Override: ";
            add(out_, o);
            out_ += "</p>\n";
        }
        out_ += "<table class=\"explanation\"><thead><tr><th>measure</th><th>sub-score</th><th>weight share</th><th>contribution</th><th>points "
                "lost</th></tr></thead><tbody>\n";
        for (std::size_t m = 0; m < a.contributions.size() && m < card.measures().size(); ++m) {
            const double got = a.contributions[m], lost = a.points_lost[m], share = got + lost;
            out_ += "<tr class=\"measure\" data-measure=\"";
            add(out_, card.measures()[m].name);
            out_ += "\"><td>";
            add(out_, card.measures()[m].name);
            if (share > 0.0)
                out_ += "</td><td>" + num(got / share, 2) + "</td><td>" + num(share, 1) + "%</td><td>" + fixed1(got) + "</td><td>" +
                        fixed1(lost) + "</td></tr>\n";
            else
                out_ += "</td><td>no data</td><td>0%</td><td>0.0</td><td>0.0</td></tr>\n";
        }
        out_ += "</tbody></table>\n";
        path_section(card, a);
        out_ += "</div></details></li>\n";
    }

    /// What would lift the account into the next band: the three cheapest single changes, or the
    /// pair (path_to_green.hpp), as a list a person can act on. Nothing without the inputs.
    void path_section(const scorecard& card, const listed_account& a) {
        if (a.inputs.size() != card.inputs().size()) return;
        const auto p = find_path_to_green(card, std::span<const double>(a.inputs));
        if (!p || p.value().target_band < 0) return;
        const vitals::path_to_green& g = p.value();
        const auto value = [&](std::size_t column, double v) {
            if (const categories* l = card.input_levels(column))
                return v >= 0 && v < static_cast<double>(l->levels.size()) ? l->levels[static_cast<std::size_t>(v)] : std::string("missing");
            return v != v ? std::string("missing") : num(v, std::fabs(v) >= 100 ? 0 : 2);
        };
        const auto change = [&](const measure_change& c) {
            out_ += "<span class=\"change\" data-measure=\"";
            add(out_, card.measures()[c.measure].name);
            out_ += "\">";
            add(out_, card.inputs()[c.column]);
            out_ += " ";
            add(out_, value(c.column, c.value_from));
            out_ += " &#8594; ";
            add(out_, value(c.column, c.value_to));
            if (const std::size_t d = card.slots()[c.measure].denominator; d != npos && d < card.inputs().size()) {
                out_ += " of ";  // a ratio: the numerator moves, the denominator stays
                add(out_, card.inputs()[d]);
                out_ += " " + num(a.inputs[d], 2);
            }
            out_ += "</span>";
        };
        out_ += "<div class=\"path\" data-target=\"";
        add(out_, card.bands().label(g.target_band));
        out_ += "\"><p>To reach ";
        add(out_, card.bands().label(g.target_band));
        out_ += " (score " + num(g.cutoff, 1) + ")";
        if (!g.single.empty()) {
            out_ += ", change one of:</p><ul>\n";
            for (std::size_t k = 0; k < g.single.size() && k < 3; ++k) {
                out_ += "<li>";
                change(g.single[k].changes[0]);
                out_ += " (score " + fixed1(g.single[k].score) + ")</li>\n";
            }
            out_ += "</ul>";
        } else if (g.pair) {
            out_ += ", no single measure is enough; together:</p><ul>\n";
            for (const measure_change& c : g.pair->changes) {
                out_ += "<li>";
                change(c);
                out_ += "</li>\n";
            }
            out_ += "</ul><p>(score " + fixed1(g.pair->score) + ")</p>";
        } else {
            out_ += ": no change to one or two measures gets there.</p>";
        }
        out_ += "</div>\n";
    }

    void measures() {
        std::vector<measure_tally> m(b_.measures().begin(), b_.measures().end());
        std::stable_sort(m.begin(), m.end(), [](const measure_tally& x, const measure_tally& y) { return x.points_lost > y.points_lost; });
        out_ += "<section id=\"measures\">\n<h2>What costs the book the most points</h2>\n<p class=\"note\">Points each measure loses, "
                "summed over the scored accounts (per account: its share of the weight x (1 &#8722; its sub-score) x 100).</p>\n";
        std::vector<bar> bars;
        for (const measure_tally& t : m)
            bars.push_back({t.name, t.name, t.points_lost,
                            compact_number(t.points_lost) + " (" + num(t.scored ? t.points_lost / static_cast<double>(t.scored) : 0.0, 1) +
                                " per account)",
                            neutral_colour()});
        horizontal_bars(out_, "measure-chart", "Points lost per measure", bars);
        out_ += "</section>\n";
    }

    void coverage() {
        const auto counts = b_.coverage_bins();
        std::vector<bin> bins;
        for (std::size_t k = 0; k < counts.size(); ++k)
            bins.push_back({static_cast<double>(k) / static_cast<double>(counts.size()),
                            static_cast<double>(k + 1) / static_cast<double>(counts.size()), counts[k], neutral_colour(), {}});
        out_ += "<section id=\"coverage\" data-no-data=\"" + std::to_string(b_.no_data().accounts) +
                "\">\n<h2>Coverage</h2>\n<p class=\"note\">The share of the scorecard's weight with data behind each score; " +
                grouped(b_.no_data().accounts) + " account" + (b_.no_data().accounts == 1 ? "" : "s") +
                " without enough data to score.</p>\n<div class=\"row\">\n";
        histogram(out_, "coverage-histogram", "Scored accounts per coverage", bins, "coverage (share of the weight)", 520, 240);
        out_ += "<table class=\"coverage-table\">\n<thead><tr><th>measure</th><th>accounts with data</th><th>share</th></tr></thead>\n<tbody>\n";
        for (const measure_tally& t : b_.measures()) {
            out_ += "<tr class=\"measure-coverage\" data-measure=\"";
            add(out_, t.name);
            out_ += "\" data-with-data=\"" + std::to_string(t.with_data) + "\"><td>";
            add(out_, t.name);
            out_ += "</td><td>" + grouped(t.with_data) + "</td><td>" +
                    percent(static_cast<double>(t.with_data), static_cast<double>(t.scored)) + "</td></tr>\n";
        }
        out_ += "</tbody>\n</table>\n</div>\n";
        if (!info_.notes.empty()) {
            out_ += "<ul class=\"notes\">\n";
            for (const std::string& n : info_.notes) {
                out_ += "<li>";
                add(out_, n);
                out_ += "</li>\n";
            }
            out_ += "</ul>\n";
        }
        out_ += "</section>\n";
    }

    const book_summary& b_;
    const page_info& info_;
    std::vector<rgb> colours_;
    std::vector<std::string> first_labels_;
    std::string out_;
};

}  // namespace

std::string render_page(const book_summary& book, const page_info& info) { return page(book, info).render(); }

std::vector<std::string> unmatched_notes(std::span<const session::unmatched_accounts> unmatched) {
    std::vector<std::string> lines;
    for (const session::unmatched_accounts& u : unmatched) {
        std::string ids;
        for (std::size_t k = 0; k < u.ids.size() && k < 5; ++k) ids += (k ? ", " : "") + u.ids[k];
        if (u.ids.size() > 5) ids += ", ...";
        lines.push_back("note: " + u.source + ": " + grouped(u.ids.size()) + " account" + (u.ids.size() == 1 ? "" : "s") +
                        " not in the book (" + ids + ")" +
                        (u.input == "overrides" ? "; their overrides never applied" : ""));
    }
    return lines;
}

}  // namespace vitals::report

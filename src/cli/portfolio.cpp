// vitals portfolio: score the book (with the same inputs and side files as `vitals score`), then
// the value x health quadrants, the assessment list by revenue at risk and the parent roll-up.
#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "pipeline.hpp"
#include "terminal.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <memory>

namespace vitals::cli {
namespace {

struct portfolio_options {
    input_options in;
    signal_options sig;
    std::string out;
    std::string format;
    std::string on_error = "fail";
    std::string color = "auto";
    std::int64_t top = 10;
    unsigned threads = 0;
    bool quiet = false;
};

std::string money(double x) {
    if (x != x) return "-";
    return grouped(static_cast<std::uint64_t>(std::llround(x)));
}

std::string percent(double part, double whole) {
    return whole > 0 ? fixed(100.0 * part / whole, 1) + "%" : "-";
}

int run_portfolio(const portfolio_options& o) {
    signal_options sig = o.sig;
    sig.no_quadrant = true;  // the quadrants are computed below, over the whole book
    sig.parent_required = o.sig.parent_column != "parent_id";
    scoring_session session(o.in, sig, o.threads, 65536, o.on_error == "skip" ? io::on_error::skip : io::on_error::fail);
    const scorecard_set& set = session.set();
    if (!session.has_value())
        die(exit_usage, session.reader().source() + ": no value column \"" + o.sig.value_column +
                            "\" (give the column holding each account's ARR with --value-column)");

    const bool to_stdout = o.out.empty() || o.out == "-";
    std::string format = o.format;
    if (format.empty()) format = to_stdout ? "table" : o.out.ends_with(".json") ? "json" : "csv";

    // the whole book: id, value, final score, band, card, parent
    std::vector<std::string> ids, parents;
    std::vector<double> arr, score;
    std::vector<std::int32_t> band, card;
    const bool rollup = session.parent_text() >= 0;
    for (const chunk_results* c; (c = session.next()) != nullptr;) {
        for (std::size_t r = 0; r < c->rows; ++r) {
            if (format == "json") require_utf8(c->chunk->ids[r], row_place(session.reader(), c->chunk->origins[r]), "account id");
            ids.push_back(c->chunk->ids[r]);
            if (rollup) parents.push_back(c->chunk->text(r, static_cast<std::size_t>(session.parent_text())));
            double v = c->value[r];
            if (!std::isnan(v) && !(v >= 0.0 && std::isfinite(v)))
                die(exit_usage, fmt::format("{}: account \"{}\": {} {} is not a value >= 0", session.reader().source(),
                                            c->chunk->ids[r], o.sig.value_column, readable(v)));
            arr.push_back(v);
            score.push_back(c->status[r] == static_cast<std::int32_t>(status::ok) ? c->score[r]
                                                                                    : std::numeric_limits<double>::quiet_NaN());
            band.push_back(c->band[r]);
            card.push_back(c->card[r]);
        }
    }
    const std::size_t n = ids.size();

    // quadrants
    portfolio::quadrant_rule rule;
    rule.value = std::isnan(o.sig.high_value_arr) ? portfolio::value_rule::top_revenue(o.sig.high_value_share)
                                                  : portfolio::value_rule::arr_at_least(o.sig.high_value_arr);
    rule.health_threshold = o.sig.health_threshold;
    if (std::isnan(rule.health_threshold)) {
        auto t = portfolio::health_threshold_of(set.cards()[0].bands());
        if (!t) die(exit_usage, t.error().message + " (--health-threshold)");
        rule.health_threshold = t.value();
    }
    std::vector<std::int32_t> quadrant(n);
    const portfolio::quadrant_summary q = take(portfolio::classify(arr, score, rule, std::span<std::int32_t>(quadrant)), exit_usage);

    // the assessment list
    portfolio::priority_options po;
    po.limit = o.top;
    std::vector<std::int64_t> order(static_cast<std::size_t>(portfolio::priority_capacity(static_cast<std::int64_t>(n), po)));
    std::vector<double> at_risk(order.size());
    const portfolio::priority_summary ps = take(portfolio::prioritise(arr, score, po, order, at_risk), exit_usage);

    // the roll-up
    std::vector<std::int64_t> parent(n, portfolio::no_parent), leaves(n), scored_leaves(n);
    std::vector<double> rolled(n), coverage(n);
    std::vector<std::size_t> parent_rows;
    if (rollup) {
        std::vector<std::string_view> id_views(ids.begin(), ids.end()), parent_views(parents.begin(), parents.end());
        const auto in_source = [&](result<void> r) {  // a parent problem is the book's: name it
            if (!r) die(exit_usage, session.reader().source() + ": " + r.error().message);
        };
        in_source(portfolio::resolve_parents(id_views, parent_views, parent));
        in_source(portfolio::roll_up(arr, score, parent, {rolled, coverage, leaves, scored_leaves}, id_views));
        std::vector<char> has_children(n, 0);
        for (std::int64_t p : parent)
            if (p != portfolio::no_parent) has_children[static_cast<std::size_t>(p)] = 1;
        for (std::size_t i = 0; i < n; ++i)
            if (has_children[i]) parent_rows.push_back(i);
    }
    std::vector<double> child_arr(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        if (parent[i] != portfolio::no_parent && !std::isnan(arr[i])) child_arr[static_cast<std::size_t>(parent[i])] += arr[i];

    const bool color = format == "table" && to_stdout && use_color(o.color, STDOUT_FILENO);
    const auto band_label = [&](std::size_t i) -> std::string {
        if (band[i] < 0 || card[i] < 0) return "";
        return std::string(set.cards()[static_cast<std::size_t>(card[i])].bands().label(band[i]));
    };
    const auto qname = [&](std::size_t i) { return portfolio::to_string(static_cast<portfolio::quadrant>(quadrant[i])); };
    std::string text;
    const std::string cutoff_text = std::isinf(q.value_cutoff) ? "none" : money(q.value_cutoff);
    if (format == "json") {
        const auto num = [&](double x) { append_json_number(text, x); };
        text += "{\"accounts\":" + std::to_string(n) + ",\"total_revenue\":";
        num(q.total_revenue);
        text += ",\"value_cutoff\":";
        num(q.value_cutoff);
        text += ",\"health_threshold\":";
        num(q.health_threshold);
        text += ",\"high_value\":" + std::to_string(q.high_value) + ",\"quadrants\":[";
        for (std::size_t k = 0; k < portfolio::quadrant_count; ++k) {
            text += k ? ",{\"quadrant\":" : "{\"quadrant\":";
            append_json_string(text, portfolio::to_string(static_cast<portfolio::quadrant>(k)));
            text += ",\"label\":";
            append_json_string(text, portfolio::label(static_cast<portfolio::quadrant>(k)));
            text += ",\"accounts\":" + std::to_string(q.counts[k]) + ",\"revenue\":";
            num(q.revenue[k]);
            text += "}";
        }
        text += "],\"priorities\":[";
        for (std::int64_t k = 0; k < ps.listed; ++k) {
            const auto i = static_cast<std::size_t>(order[static_cast<std::size_t>(k)]);
            text += k ? ",\n{\"rank\":" : "\n{\"rank\":";
            text += std::to_string(k + 1) + ",\"account_id\":";
            append_json_string(text, ids[i]);
            text += ",\"quadrant\":";
            append_json_string(text, qname(i));
            text += ",\"score\":";
            num(score[i]);
            text += ",\"value\":";
            num(arr[i]);
            text += ",\"revenue_at_risk\":";
            num(at_risk[static_cast<std::size_t>(k)]);
            text += "}";
        }
        text += "],\"rollup\":[";
        for (std::size_t k = 0; k < parent_rows.size(); ++k) {
            const std::size_t i = parent_rows[k];
            text += k ? ",\n{\"parent_id\":" : "\n{\"parent_id\":";
            append_json_string(text, ids[i]);
            text += ",\"leaves\":" + std::to_string(leaves[i]) + ",\"scored_leaves\":" + std::to_string(scored_leaves[i]) +
                    ",\"children_value\":";
            num(child_arr[i]);
            text += ",\"rolled_score\":";
            num(rolled[i]);
            text += ",\"coverage\":";
            num(coverage[i]);
            text += "}";
        }
        text += "]}\n";
    } else if (format == "csv") {
        text += "account_id,value,score,band,quadrant,revenue_at_risk,priority";
        if (rollup) text += ",parent_id,rolled_score,rollup_coverage";
        text += '\n';
        std::vector<std::int64_t> rank(n, 0);
        for (std::int64_t k = 0; k < ps.listed; ++k) rank[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = k + 1;
        for (std::size_t i = 0; i < n; ++i) {
            append_csv_field(text, ids[i]);
            text += ',';
            append_exact(text, arr[i]);
            text += ',';
            append_exact(text, score[i]);
            text += ',';
            append_csv_field(text, band_label(i));
            text += ',';
            text += qname(i);
            text += ',';
            append_exact(text, portfolio::revenue_at_risk(arr[i], score[i]));
            text += ',';
            if (rank[i]) text += std::to_string(rank[i]);
            if (rollup) {
                text += ',';
                append_csv_field(text, parents[i]);
                text += ',';
                append_exact(text, rolled[i]);
                text += ',';
                append_exact(text, coverage[i]);
            }
            text += '\n';
        }
    } else {
        const auto bold = [&](const std::string& s) { return color ? std::string(ansi::bold) + s + std::string(ansi::reset) : s; };
        const std::string rule_text =
            std::isnan(o.sig.high_value_arr)
                ? fmt::format("the {} largest accounts, holding {}% of revenue (value >= {})", grouped(static_cast<std::uint64_t>(q.high_value)),
                              fixed(o.sig.high_value_share, 0), cutoff_text)
                : fmt::format("value >= {} ({} accounts)", cutoff_text, grouped(static_cast<std::uint64_t>(q.high_value)));
        text += bold(fmt::format("Quadrants of {} accounts", grouped(n))) + "\n";
        text += fmt::format("high value: {}; healthy: score >= {}\n\n", rule_text, fixed(q.health_threshold, 0));
        text += fmt::format("{:<18}  {:>8}  {:>14}  {:>7}\n", "quadrant", "accounts", "revenue", "share");
        for (std::size_t k = 0; k < portfolio::quadrant_count; ++k) {
            const auto qq = static_cast<portfolio::quadrant>(k);
            std::string label(portfolio::label(qq));
            if (qq == portfolio::quadrant::unknown) label = "Unknown (no score)";
            text += fmt::format("{:<18}  {:>8}  {:>14}  {:>7}\n", label, grouped(static_cast<std::uint64_t>(q.counts[k])),
                                money(q.revenue[k]), percent(q.revenue[k], q.total_revenue));
        }
        text += fmt::format("{:<18}  {:>8}  {:>14}\n\n", "total", grouped(n), money(q.total_revenue));
        text += bold(fmt::format("Assess first: {} of {} accounts by revenue at risk (value x (100 - score) / 100)",
                                 grouped(static_cast<std::uint64_t>(ps.listed)), grouped(static_cast<std::uint64_t>(ps.eligible)))) +
                "\n";
        text += fmt::format("{:>4}  {:<14}  {:<16}  {:>5}  {:<7}  {:>10}  {:>10}\n", "rank", "account_id", "quadrant", "score",
                            "band", "value", "at risk");
        for (std::int64_t k = 0; k < ps.listed; ++k) {
            const auto i = static_cast<std::size_t>(order[static_cast<std::size_t>(k)]);
            text += fmt::format("{:>4}  {:<14}  {:<16}  {:>5}  {:<7}  {:>10}  {:>10}\n", k + 1, ids[i],
                                portfolio::label(static_cast<portfolio::quadrant>(quadrant[i])), fixed(score[i], 1),
                                band_label(i), money(arr[i]), money(at_risk[static_cast<std::size_t>(k)]));
        }
        if (ps.left_out) text += fmt::format("({} accounts without a score or value are not ranked)\n", grouped(static_cast<std::uint64_t>(ps.left_out)));
        if (rollup) {
            text += "\n" + bold(fmt::format("Parent roll-up: {} parents (score = value-weighted mean of their children's)",
                                             grouped(parent_rows.size()))) +
                    "\n";
            text += fmt::format("{:<14}  {:>8}  {:>6}  {:>12}  {:>12}  {:>9}  {:>10}\n", "parent_id", "children", "scored",
                                "child value", "rolled score", "own score", "coverage");
            for (std::size_t i : parent_rows)
                text += fmt::format("{:<14}  {:>8}  {:>6}  {:>12}  {:>12}  {:>9}  {:>9}%\n", ids[i], leaves[i], scored_leaves[i],
                                    money(child_arr[i]), fixed(rolled[i], 1), fixed(score[i], 1),
                                    std::isnan(coverage[i]) ? std::string("-") : fixed(coverage[i] * 100.0, 0));
        }
    }
    output_file out(o.out);
    out.write(text);
    out.commit();
    if (!o.quiet)
        fmt::print(stderr, "vitals: {} accounts from {}: {} committed, {} at risk, {} growth candidates, {} maintenance, {} unknown{}\n",
                   grouped(n), session.reader().source(), q.count(portfolio::quadrant::committed),
                   q.count(portfolio::quadrant::at_risk), q.count(portfolio::quadrant::growth_candidate),
                   q.count(portfolio::quadrant::maintenance), q.count(portfolio::quadrant::unknown),
                   out.is_stdout() ? "" : " -> " + out.path());
    return exit_ok;
}

}  // namespace

void add_portfolio_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<portfolio_options>();
    CLI::App* cmd = app.add_subcommand("portfolio", "Quadrants, the assessment list by revenue at risk, and the parent roll-up");
    cmd->footer(
        "Scores every account (same inputs and side files as `vitals score`), then places each in the value x\n"
        "health quadrant: Committed (high value, healthy), At Risk (high value, unhealthy), Growth Candidate\n"
        "(low value, healthy), Maintenance (low value, unhealthy). High value is the smallest set of accounts\n"
        "holding --high-value-share percent of revenue (default 50), or --high-value-arr X. The assessment list\n"
        "ranks accounts by revenue at risk = value x (100 - score) / 100. With a parent column (default\n"
        "parent_id, when present), a parent's score is the value-weighted mean of its children's.\n"
        "The table prints the summary; CSV has one row per account; JSON has the summary, list and roll-up.\n\n"
        "Examples:\n"
        "  vitals portfolio docs/examples/accounts.csv\n"
        "  vitals portfolio docs/examples/accounts.csv --high-value-arr 50000 --top 20 --format json");
    o->in.add_to(*cmd);
    o->sig.parent_column = "parent_id";
    o->sig.add_to(*cmd, /*quadrant_switch=*/false);
    cmd->add_option("--parent-column", o->sig.parent_column, "Text column naming each account's parent (default parent_id)");
    cmd->add_option("--top", o->top, "Accounts in the assessment list (default 10; 0 = all)")->transform(count_range(0, std::numeric_limits<std::int64_t>::max()));
    cmd->add_option("-o,--out", o->out, "Output file, written whole or not at all (default: standard output)");
    cmd->add_option("-f,--format", o->format, "table, csv or json (default: table on standard output, else by --out's extension)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->add_option("--on-error", o->on_error, "A bad row: fail (default) or skip")->check(CLI::IsMember({"fail", "skip"}));
    cmd->add_option("--color", o->color, "Bold headings: auto, always, never")->check(CLI::IsMember({"auto", "always", "never"}));
    add_threads_option(*cmd, o->threads);
    cmd->add_flag("-q,--quiet", o->quiet, "No summary line on standard error");
    cmd->callback([o, &exit_code] { exit_code = run_portfolio(*o); });
}

}  // namespace vitals::cli

// vitals explain: find one account and show its full breakdown (the reference scorer's).
#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "terminal.hpp"

#include "vitals/score.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <limits>
#include <memory>

namespace vitals::cli {
namespace {

struct explain_options {
    input_options in;
    std::string account;
    std::string format = "text";
    std::string color = "auto";
};

struct found_account {
    std::vector<double> inputs;  // card.inputs() order
    std::uint64_t origin = 0;
};

found_account find_account(opened_input& in, const std::string& id) {
    io::account_reader& reader = *in.reader;
    reader.set_on_error(io::on_error::skip);  // other accounts' bad rows are not this command's business
    io::account_chunk chunk;
    for (;;) {
        const std::size_t n = take(reader.read(chunk, 65536));
        if (n == 0) break;
        for (std::size_t r = 0; r < n; ++r) {
            if (chunk.ids[r] != id) continue;
            found_account f;
            f.origin = chunk.origins[r];
            for (std::int64_t c : in.bind.input_columns)
                f.inputs.push_back(c < 0 ? std::numeric_limits<double>::quiet_NaN()
                                         : chunk.values[r * chunk.cols + static_cast<std::size_t>(c)]);
            return f;
        }
    }
    for (const io::row_problem& p : reader.problems())
        if (p.id == id) die(exit_usage, p.message);
    die(exit_usage, fmt::format("account \"{}\" not found in {} ({} account{} read{})", id, reader.source(),
                                grouped(reader.records()), reader.records() == 1 ? "" : "s",
                                reader.skipped() ? fmt::format(", {} bad row{} skipped", grouped(reader.skipped()),
                                                                     reader.skipped() == 1 ? "" : "s")
                                                : ""));
}

/// Sums of contribution and points lost over the measures below each node.
struct node_totals {
    std::vector<double> contribution, points_lost;
};

node_totals totals(const scorecard& card, const account_score& s) {
    const auto nodes = card.nodes();
    node_totals t{std::vector<double>(nodes.size(), 0.0), std::vector<double>(nodes.size(), 0.0)};
    const bool scored = s.status == status::ok;
    for (std::size_t m = 0; m < s.measures.size(); ++m) {
        if (!s.measures[m].present()) continue;
        for (std::size_t n = card.slots()[m].node; n != npos; n = nodes[n].parent) {
            t.contribution[n] += s.measures[m].contribution;
            t.points_lost[n] += s.measures[m].points_lost;
        }
    }
    for (std::size_t n = 0; n < nodes.size(); ++n)
        if (!scored || s.groups[n].score != s.groups[n].score)  // not scored, or nothing present below
            t.contribution[n] = t.points_lost[n] = std::numeric_limits<double>::quiet_NaN();
    return t;
}

std::string input_text(const measure& m) {
    return m.input.is_ratio() ? m.input.column + " / " + m.input.denominator : m.input.column;
}

std::string percent(double x) { return x != x ? "-" : fixed(100.0 * x, 1) + "%"; }

// ---- text ----------------------------------------------------------------------------------------

void text_tree(std::string& out, const scorecard& card, const account_score& s, const node_totals& t,
               const std::vector<double>& inputs, std::size_t node, int depth, bool color) {
    const auto nodes = card.nodes();
    const auto measures = card.measures();
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    const auto row = [&](const std::string& name, const std::string& raw, double sub, double weight, double used,
                         double contribution, double lost, bool group) {
        std::string line = fmt::format("{:<32} {:>18} {:>9} {:>7} {:>7} {:>12} {:>11}", name, raw, fixed(sub, 2),
                                       percent(weight), percent(used), fixed(contribution, 1), fixed(lost, 1));
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (group && color) line = std::string(ansi::bold) + line + std::string(ansi::reset);
        out += line + "\n";
    };
    for (const scorecard::member& mb : nodes[node].members) {
        if (mb.is_group) {
            const std::size_t g = mb.index + 1;
            const group_score& gs = s.groups[g];
            row(indent + card.groups()[mb.index].name, "", gs.score / 100.0, nodes[g].share, gs.effective_weight,
                t.contribution[g], t.points_lost[g], true);
            text_tree(out, card, s, t, inputs, g, depth + 1, color);
        } else {
            const measure_score& ms = s.measures[mb.index];
            const measure& m = measures[mb.index];
            std::string raw = readable(ms.raw);
            if (m.input.is_ratio()) {
                const auto& slot = card.slots()[mb.index];
                const double num = inputs[slot.numerator], den = inputs[slot.denominator];
                if (num == num || den == den) raw += " (" + readable(num) + "/" + readable(den) + ")";
            }
            const bool present = ms.present();
            row(indent + m.name, raw, ms.sub_score, ms.weight, ms.effective_weight,
                present ? ms.contribution : std::numeric_limits<double>::quiet_NaN(),
                present ? ms.points_lost : std::numeric_limits<double>::quiet_NaN(), false);
        }
    }
}

std::string explain_text(const scorecard& card, const account_score& s, const std::string& id, const std::string& where,
                         const std::vector<double>& inputs, bool color) {
    const node_totals t = totals(card, s);
    const bool ok = s.status == status::ok;
    std::string out;
    out += fmt::format("account    {}  ({})\n", id, where);
    out += fmt::format("scorecard  {}\n", card.name());
    std::string band = ok ? std::string(card.bands().label(s.band)) : "no data";
    std::string score = ok ? fixed(s.score, 1) : "-";
    if (color) {
        const std::string_view c = ok ? band_color(card, s.band) : ansi::dim;
        band = std::string(c) + band + std::string(ansi::reset);
        score = std::string(c) + score + std::string(ansi::reset);
    }
    out += fmt::format("score      {}  {}  coverage {}  {}\n", score, band, percent(s.coverage),
                       ok ? "ok" : fmt::format("insufficient data (minimum coverage {})", percent(card.min_coverage())));
    if (!s.drivers.empty()) {
        std::string d;
        for (std::size_t i = 0; i < s.drivers.size(); ++i)
            d += fmt::format("{}{} ({} points lost)", i ? ", " : "", card.measures()[s.drivers[i]].name,
                             fixed(s.measures[s.drivers[i]].points_lost, 1));
        out += "drivers    " + d + "\n";
    }
    for (std::size_t d = 0; d < card.derived().size(); ++d)  // the derived columns the measures may read
        out += fmt::format("{}{} = {}  ({})\n", d == 0 ? "derived    " : "           ", card.derived()[d].name,
                           readable(inputs[card.inputs().size() + d]), card.spec().derived[d].expression);
    out += "\n";
    std::string head = fmt::format("{:<32} {:>18} {:>9} {:>7} {:>7} {:>12} {:>11}", "group / measure", "raw",
                                   "sub-score", "weight", "used", "contribution", "points lost");
    out += (color ? std::string(ansi::bold) + head + std::string(ansi::reset) : head) + "\n";
    text_tree(out, card, s, t, inputs, 0, 0, color);
    std::string total = fmt::format("{:<32} {:>18} {:>9} {:>7} {:>7} {:>12} {:>11}", "total", "",
                                    fixed(s.groups[0].score / 100.0, 2), percent(1.0), percent(ok ? 1.0 : 0.0),
                                    fixed(t.contribution[0], 1), fixed(t.points_lost[0], 1));
    out += (color ? std::string(ansi::bold) + total + std::string(ansi::reset) : total) + "\n";
    out += "\nweight: the share of the score when every measure has data; used: the share after missing measures\n"
           "drop out and the rest are renormalised; contribution + points lost = 100 x used.\n";
    return out;
}

// ---- json ----------------------------------------------------------------------------------------

using json = nlohmann::ordered_json;

json number(double x) { return x != x ? json(nullptr) : json(x); }

json json_tree(const scorecard& card, const account_score& s, const node_totals& t, const std::vector<double>& inputs,
               std::size_t node) {
    const auto nodes = card.nodes();
    json j;
    if (node == 0) j["group"] = nullptr;
    else j["group"] = card.groups()[node - 1].name;
    j["score"] = number(s.groups[node].score);
    j["coverage"] = s.groups[node].coverage;
    j["weight"] = nodes[node].share;
    j["effective_weight"] = s.groups[node].effective_weight;
    j["contribution"] = number(t.contribution[node]);
    j["points_lost"] = number(t.points_lost[node]);
    j["members"] = json::array();
    for (const scorecard::member& mb : nodes[node].members) {
        if (mb.is_group) {
            j["members"].push_back(json_tree(card, s, t, inputs, mb.index + 1));
            continue;
        }
        const measure& m = card.measures()[mb.index];
        const measure_score& ms = s.measures[mb.index];
        json e;
        e["measure"] = m.name;
        e["input"] = input_text(m);
        if (m.input.is_ratio()) {
            const auto& slot = card.slots()[mb.index];
            e["numerator"] = number(inputs[slot.numerator]);
            e["denominator"] = number(inputs[slot.denominator]);
        }
        e["raw"] = number(ms.raw);
        e["sub_score"] = number(ms.sub_score);
        e["weight"] = ms.weight;
        e["effective_weight"] = ms.effective_weight;
        e["contribution"] = number(ms.present() ? ms.contribution : std::numeric_limits<double>::quiet_NaN());
        e["points_lost"] = number(ms.present() ? ms.points_lost : std::numeric_limits<double>::quiet_NaN());
        j["members"].push_back(std::move(e));
    }
    return j;
}

std::string explain_json(const scorecard& card, const account_score& s, const std::string& id, const std::string& source,
                         std::uint64_t origin, const std::vector<double>& inputs) {
    json j;
    j["account_id"] = id;
    j["source"] = source;
    j["origin"] = origin;
    j["scorecard"] = std::string(card.name());
    j["score"] = number(s.score);
    j["band"] = s.band >= 0 ? json(std::string(card.bands().label(s.band))) : json(nullptr);
    j["coverage"] = s.coverage;
    j["status"] = std::string(to_string(s.status));
    j["drivers"] = json::array();
    for (std::size_t m : s.drivers) j["drivers"].push_back(card.measures()[m].name);
    if (!card.derived().empty()) {
        j["derived"] = json::array();
        for (std::size_t d = 0; d < card.derived().size(); ++d)
            j["derived"].push_back({{"name", card.spec().derived[d].name},
                                    {"expression", card.spec().derived[d].expression},
                                    {"value", number(inputs[card.inputs().size() + d])}});
    }
    j["breakdown"] = json_tree(card, s, totals(card, s), inputs, 0);
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";  // (the id is checked; the source's name may not be UTF-8)
}

int run_explain(const explain_options& o) {
    opened_input in = open_input(o.in);
    const found_account f = find_account(in, o.account);
    const account_score s = take(score_account(in.card, std::span<const double>(f.inputs)), exit_failure);
    std::vector<double> values = f.inputs;  // by column slot: the inputs, then the derived columns
    values.resize(in.card.slot_count());
    in.card.fill_derived(values);
    if (o.format == "json") require_utf8(o.account, row_place(*in.reader, f.origin), "account id");
    if (o.format == "json") require_utf8(in.reader->source(), "explain", "the input's name", "rename it");
    const bool csv = o.in.sqlite.empty();
    const std::string where = csv ? fmt::format("{}, line {}", in.reader->source(), f.origin)
                                  : fmt::format("{}, row {}", in.reader->source(), f.origin);
    std::string text = o.format == "json" ? explain_json(in.card, s, o.account, in.reader->source(), f.origin, values)
                                          : explain_text(in.card, s, o.account, where, values,
                                                         use_color(o.color, STDOUT_FILENO));
    output_file out("-");
    out.write(text);
    out.commit();
    return exit_ok;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<explain_options>();
    CLI::App* cmd = app.add_subcommand("explain", "Show one account's full breakdown: every group and measure");
    cmd->footer(
        "For each group and measure: the raw value, the sub-score (0-1), the weight (share of the score with\n"
        "all data present), the weight used after missing measures drop out, the contribution (points it adds)\n"
        "and the points lost; and the value of each derived column the scorecard declares. Exit status: 0 ok, 1 runtime failure, 2 bad usage or input (or account not found).\n\n"
        "Examples:\n"
        "  vitals explain --account ACC-00000042 docs/examples/accounts.csv\n"
        "  vitals explain --account ACC-00000042 docs/examples/accounts.csv --format json");
    cmd->add_option("-a,--account", o->account, "The account id to explain")->required();
    o->in.add_to(*cmd);
    cmd->add_option("-f,--format", o->format, "text (a tree, default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--color", o->color, "Colour the text: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->callback([o, &exit_code] { exit_code = run_explain(*o); });
}

}  // namespace vitals::cli

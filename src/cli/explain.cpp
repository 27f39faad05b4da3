// vitals explain: find one account and show its full breakdown (the reference scorer's).
#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "terminal.hpp"

#include "vitals/explanation.hpp"
#include "vitals/path_to_green.hpp"
#include "vitals/score.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <memory>

namespace vitals::cli {
namespace {

struct explain_options {
    input_options in;
    std::string account;
    std::string format = "text";
    std::string color = "auto";
    std::vector<std::string> not_actionable;  // measures the path to green leaves alone
    std::string target;                       // a band label; "" = the next band up
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

// ---- text: a view of the explanation JSON (so the two cannot disagree) -------------------------

using json = nlohmann::ordered_json;

/// A number of the explanation; null (missing) is NaN.
double num(const json& v) { return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>(); }

std::string percent(double x) { return x != x ? "-" : fixed(100.0 * x, 1) + "%"; }

std::string columns(std::string_view name, const std::string& raw, double sub, double weight, double used,
                    double contribution, double lost) {
    std::string line = fmt::format("{:<32} {:>18} {:>9} {:>7} {:>7} {:>12} {:>11}", name, raw, fixed(sub, 2),
                                   percent(weight), percent(used), fixed(contribution, 1), fixed(lost, 1));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

std::string bold(std::string line, bool color) {
    return color ? std::string(ansi::bold) + line + std::string(ansi::reset) : line;
}

/// The members of a breakdown group, one row each, sub-groups followed by their own members.
void text_tree(std::string& out, const json& group, int depth, bool color) {
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    for (const json& e : group["members"]) {
        if (e.contains("members")) {
            out += bold(columns(indent + e["group"].get<std::string>(), "", num(e["score"]) / 100.0, num(e["weight"]),
                                num(e["effective_weight"]), num(e["contribution"]), num(e["points_lost"])),
                        color) + "\n";
            text_tree(out, e, depth + 1, color);
            continue;
        }
        std::string raw = e.contains("level") && e["level"].is_string() ? e["level"].get<std::string>()  // a level's text
                                                                        : readable(num(e["raw"]));
        if (e.contains("numerator")) {
            const double n = num(e["numerator"]), d = num(e["denominator"]);
            if (n == n || d == d) raw += " (" + readable(n) + "/" + readable(d) + ")";
        }
        out += columns(indent + e["measure"].get<std::string>(), raw, num(e["sub_score"]), num(e["weight"]),
                       num(e["effective_weight"]), num(e["contribution"]), num(e["points_lost"])) + "\n";
    }
}

/// The tree for people; `where` is "accounts.csv, line 43" or "crm.db, row 7".
std::string explain_text(const scorecard& card, const json& x, const std::string& id, const std::string& where,
                         bool color) {
    const bool ok = x["status"] == "ok";
    const int band_index = x["band"].get<int>();
    std::string out;
    out += fmt::format("account    {}  ({})\n", id, where);
    out += fmt::format("scorecard  {}\n", x["scorecard"].get<std::string>());
    std::string band = x["band_label"].get<std::string>();
    std::string score = ok ? fixed(num(x["score"]), 1) : "-";
    if (color) {
        const std::string_view c = ok ? band_color(card, band_index) : ansi::dim;
        band = std::string(c) + band + std::string(ansi::reset);
        score = std::string(c) + score + std::string(ansi::reset);
    }
    out += fmt::format("score      {}  {}  coverage {}  {}\n", score, band, percent(num(x["coverage"])),
                       ok ? "ok" : fmt::format("insufficient data (minimum coverage {})", percent(card.min_coverage())));
    const json& drivers = x["drivers"];
    if (!drivers.empty()) {
        std::string d;
        for (std::size_t i = 0; i < drivers.size() && i < 3; ++i)  // the three losing most
            d += fmt::format("{}{} ({} points lost)", i ? ", " : "", x["driver_names"][i].get<std::string>(),
                             fixed(num(x["measures"][drivers[i].get<std::size_t>()]["points_lost"]), 1));
        out += "drivers    " + d + "\n";
    }
    if (x.contains("derived")) {  // the derived columns the measures may read
        bool first = true;
        for (const json& d : x["derived"]) {
            out += fmt::format("{}{} = {}  ({})\n", first ? "derived    " : "           ", d["name"].get<std::string>(),
                               readable(num(d["value"])), d["expression"].get<std::string>());
            first = false;
        }
    }
    out += "\n";
    out += bold(fmt::format("{:<32} {:>18} {:>9} {:>7} {:>7} {:>12} {:>11}", "group / measure", "raw", "sub-score",
                            "weight", "used", "contribution", "points lost"),
                color) + "\n";
    const json& top = x["breakdown"];
    text_tree(out, top, 0, color);
    out += bold(columns("total", "", num(top["score"]) / 100.0, 1.0, ok ? 1.0 : 0.0, num(top["contribution"]),
                        num(top["points_lost"])),
                color) + "\n";
    out += "\nweight: the share of the score when every measure has data; used: the share after missing measures\n"
           "drop out and the rest are renormalised; contribution + points lost = 100 x used.\n";
    return out;
}

/// The path to green for people: one line per measure that can lift the account alone (least
/// effort first), the pair when none can, and the measures not offered with why.
std::string path_text(const scorecard& card, const json& p) {
    std::string out = "\n";
    if (p["target_band"].get<int>() < 0) return out + "path to green: " + p["note"].get<std::string>() + "\n";
    out += fmt::format("path to {} (score {} or more), changing one measure, least effort first:\n",
                       p["target_label"].get<std::string>(), readable(num(p["cutoff"])));
    const auto change = [&](const json& c) {
        const auto level = [](const json& l) { return l.is_string() ? l.get<std::string>() : std::string("missing"); };
        std::string what = c.contains("level_to")  // a column of levels
                               ? fmt::format("{} -> {}", level(c["level_from"]), level(c["level_to"]))
                               : fmt::format("{} -> {}", readable(num(c["value_from"])), readable(num(c["value_to"])));
        const std::size_t m = c["measure"].get<std::size_t>();
        const auto slot = card.slots()[m];
        if (slot.denominator != npos) {
            const std::size_t I = card.inputs().size();
            const std::string den = slot.denominator < I ? card.inputs()[slot.denominator]
                                                         : std::string(card.derived()[slot.denominator - I].name);
            const double d = num(c["value_to"]) / num(c["raw_to"]);
            what += fmt::format(" (of {} {})", den, readable(d));
        }
        return fmt::format("{:<24} {:<20} {:<30} sub-score {} -> {}", c["name"].get<std::string>(),
                           c["column"].get<std::string>(), what, fixed(num(c["sub_score_from"]), 2),
                           fixed(num(c["sub_score_to"]), 2));
    };
    if (p["single"].empty()) out += "  (no single measure is enough)\n";
    for (const json& g : p["single"])
        out += fmt::format("  {}  score {}\n", change(g["changes"][0]), fixed(num(g["score"]), 1));
    if (!p["pair"].is_null()) {
        out += "changing two measures together:\n";
        for (const json& c : p["pair"]["changes"]) out += "  " + change(c) + "\n";
        out += fmt::format("  score {}\n", fixed(num(p["pair"]["score"]), 1));
    }
    if (!p["blocked"].empty()) {
        out += "not offered:\n";
        for (const json& b : p["blocked"])
            out += fmt::format("  {:<24} {}\n", b["name"].get<std::string>(), b["reason"].get<std::string>());
    }
    return out;
}

/// The band index of a label given with --target; -1 for "" (the next band up).
int target_band(const scorecard& card, const std::string& label) {
    if (label.empty()) return -1;
    const auto& labels = card.bands().labels;
    for (std::size_t b = 0; b < labels.size(); ++b)
        if (labels[b] == label) return static_cast<int>(b);
    std::string known;
    for (const std::string& l : labels) known += (known.empty() ? "" : ", ") + l;
    die(exit_usage, fmt::format("--target: the scorecard has no band \"{}\" (its bands: {})", label, known));
}

int run_explain(const explain_options& o) {
    opened_input in = open_input(o.in);
    const found_account f = find_account(in, o.account);
    const account_score s = take(score_account(in.card, std::span<const double>(f.inputs),
                                               explanation_score_options(in.card)),
                                 exit_failure);
    const bool json_out = o.format == "json";
    if (json_out) require_utf8(o.account, row_place(*in.reader, f.origin), "account id");
    if (json_out) require_utf8(in.reader->source(), "explain", "the input's name", "rename it");
    explanation_context context;
    if (json_out) context = {o.account, in.reader->source(), f.origin};
    const std::string doc = take(explanation_json(in.card, s, f.inputs, context, -1), exit_failure);
    for (const std::string& name : o.not_actionable) {
        const auto measures = in.card.measures();
        if (std::none_of(measures.begin(), measures.end(), [&](const measure& m) { return m.name == name; })) {
            std::string known;
            for (const measure& m : measures) known += (known.empty() ? "" : ", ") + m.name;
            die(exit_usage, fmt::format("--not-actionable: the scorecard has no measure \"{}\" (its measures: {})", name, known));
        }
    }
    path_options po;
    po.target_band = target_band(in.card, o.target);
    po.not_actionable = o.not_actionable;
    const path_to_green path = take(find_path_to_green(in.card, std::span<const double>(f.inputs), po), exit_usage);
    const json path_doc = json::parse(take(path_to_green_json(in.card, path), exit_failure));
    std::string text;
    if (json_out) {
        json x = json::parse(doc);
        x["path_to_green"] = path_doc;
        text = x.dump(2) + "\n";
    } else {
        const bool csv = in.reader->header_line() > 0;  // a CSV file has lines; a query's result, rows
        const std::string where = csv ? fmt::format("{}, line {}", in.reader->source(), f.origin)
                                      : fmt::format("{}, row {}", in.reader->source(), f.origin);
        text = explain_text(in.card, json::parse(doc), o.account, where, use_color(o.color, STDOUT_FILENO)) +
               path_text(in.card, path_doc);
    }
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
        "and the points lost; and the value of each derived column the scorecard declares. Then the path to\n"
        "green: the smallest change to each measure that alone lifts the account into the next band (or\n"
        "--target), computed exactly by inverting the normaliser and the weighted mean; the cheapest pair when\n"
        "no single measure is enough; and the measures not offered, with why. Exit status: 0 ok, 1 runtime failure, 2 bad usage or input (or account not found).\n\n"
        "Examples:\n"
        "  vitals explain --account ACC-00000042 docs/examples/accounts.csv\n"
        "  vitals explain --account ACC-00000042 docs/examples/accounts.csv --format json");
    cmd->add_option("-a,--account", o->account, "The account id to explain")->required();
    o->in.add_to(*cmd);
    cmd->add_option("-f,--format", o->format, "text (a tree, default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--not-actionable", o->not_actionable,
                    "A measure the path to green must not change (e.g. tenure); repeat or separate with commas")
        ->delimiter(',');
    cmd->add_option("--target", o->target, "The band the path to green aims for (a label; default: the next band up)");
    cmd->add_option("--color", o->color, "Colour the text: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->callback([o, &exit_code] { exit_code = run_explain(*o); });
}

}  // namespace vitals::cli

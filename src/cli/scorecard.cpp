// vitals scorecard init|validate|show.
#include "commands.hpp"
#include "common.hpp"

#include "vitals/scorecard_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

namespace vitals::cli {
namespace {

struct init_options {
    std::string file = "scorecard.json";
    bool force = false;
};

int run_init(const init_options& o) {
    if (o.file != "-" && !o.force) {
        std::error_code ec;
        if (std::filesystem::exists(o.file, ec))
            die(exit_usage, o.file + ": already exists (use --force to overwrite it)");
    }
    output_file out(o.file);
    out.write(default_scorecard_json());
    if (!default_scorecard_json().ends_with('\n')) out.write("\n");
    out.commit();
    if (!out.is_stdout())
        fmt::print(stderr, "vitals: wrote the default scorecard to {}; edit it, then: vitals scorecard validate {}\n",
                   o.file, o.file);
    return exit_ok;
}

int run_validate(const std::string& file) {
    const scorecard card = load_card(file);
    std::size_t inputs = card.inputs().size();
    fmt::print("{}: valid scorecard \"{}\": {} measures in {} groups, reading {} input columns\n", file, card.name(),
               card.measures().size(), card.groups().size(), inputs);
    return exit_ok;
}

std::string bands_text(const scorecard& card) {
    const auto& b = card.bands();
    std::string s = b.labels[0];
    for (std::size_t i = 0; i < b.cutoffs.size(); ++i)
        s += fmt::format(" < {} <= {}", exact(b.cutoffs[i]), b.labels[i + 1]);
    return s;
}

/// The normaliser's parameters as compact JSON (from the scorecard file format).
std::vector<std::string> normaliser_texts(const scorecard& card) {
    std::vector<std::string> out(card.measures().size());
    auto saved = save_scorecard(card);
    if (!saved) {
        for (std::size_t m = 0; m < out.size(); ++m) out[m] = std::string(card.measures()[m].normaliser.kind());
        return out;
    }
    const auto j = nlohmann::ordered_json::parse(saved.value());
    for (std::size_t m = 0; m < out.size(); ++m) {
        auto n = j["measures"][m]["normaliser"];
        std::string kind = n.value("kind", "");
        n.erase("kind");
        out[m] = kind + " " + n.dump();
    }
    return out;
}

void show_tree(std::string& out, const scorecard& card, const std::vector<std::string>& norms, std::size_t node, int depth) {
    const auto nodes = card.nodes();
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    for (const scorecard::member& mb : nodes[node].members) {
        if (mb.is_group) {
            const group& g = card.groups()[mb.index];
            const std::string agg = g.aggregation == aggregation::weakest_link ? "weakest link" : "";
            std::string line = fmt::format("{:<30} {:>6} {:>7}  {}", indent + g.name, exact(g.weight),
                                           fixed(100.0 * nodes[mb.index + 1].share, 1) + "%", agg);
            while (line.back() == ' ') line.pop_back();
            out += line + "\n";
            show_tree(out, card, norms, mb.index + 1, depth + 1);
        } else {
            const measure& m = card.measures()[mb.index];
            const std::string input = m.input.is_ratio() ? m.input.column + " / " + m.input.denominator : m.input.column;
            out += fmt::format("{:<30} {:>6} {:>7}  {} <- {}\n", indent + m.name, exact(m.weight),
                               fixed(100.0 * card.slots()[mb.index].share, 1) + "%", norms[mb.index], input);
        }
    }
}

int run_show(const std::string& file) {
    const scorecard card = load_card(file);
    std::string out;
    out += fmt::format("scorecard     {}{}\n", card.name(), file.empty() ? " (built in)" : " (" + file + ")");
    if (!card.spec().description.empty()) out += fmt::format("description   {}\n", card.spec().description);
    out += fmt::format("bands         {}\n", bands_text(card));
    out += fmt::format("min coverage  {} (below it an account is \"insufficient data\")\n",
                       fixed(100.0 * card.min_coverage(), 0) + "%");
    std::string inputs;
    for (const std::string& in : card.inputs()) inputs += (inputs.empty() ? "" : ", ") + in;
    out += fmt::format("inputs        {}\n", inputs);
    for (std::size_t d = 0; d < card.spec().derived.size(); ++d)  // computed from the inputs before scoring
        out += fmt::format("{}{} = {}\n", d == 0 ? "derived       " : "              ", card.spec().derived[d].name,
                           card.spec().derived[d].expression);
    out += "\n";
    out += fmt::format("{:<30} {:>6} {:>7}  {}\n", "group / measure", "weight", "share", "normaliser <- input");
    show_tree(out, card, normaliser_texts(card), 0, 0);
    out += "\nweight: relative to the other members of the same group; share: of the whole score when every\n"
           "measure has data.\n";
    output_file o("-");
    o.write(out);
    o.commit();
    return exit_ok;
}

}  // namespace

void add_scorecard_command(CLI::App& app, int& exit_code) {
    CLI::App* cmd = app.add_subcommand("scorecard", "Write, check and show scorecard files");
    cmd->require_subcommand(1);
    cmd->footer("Exit status: 0 ok, 1 runtime failure, 2 bad usage or an invalid scorecard.");

    auto init = std::make_shared<init_options>();
    CLI::App* i = cmd->add_subcommand("init", "Write the built-in scorecard to a file to edit");
    i->add_option("FILE", init->file, "Where to write it (default scorecard.json; '-' = standard output)");
    i->add_flag("--force", init->force, "Overwrite an existing file");
    i->callback([init, &exit_code] { exit_code = run_init(*init); });

    auto vfile = std::make_shared<std::string>();
    CLI::App* v = cmd->add_subcommand("validate", "Check a scorecard file; every problem is listed with its JSON pointer");
    v->add_option("FILE", *vfile, "The scorecard file")->required();
    v->callback([vfile, &exit_code] { exit_code = run_validate(*vfile); });

    auto sfile = std::make_shared<std::string>();
    CLI::App* s = cmd->add_subcommand("show", "Show a scorecard's groups, measures, weights, normalisers and bands");
    s->add_option("FILE", *sfile, "The scorecard file (default: the built-in scorecard)");
    s->callback([sfile, &exit_code] { exit_code = run_show(*sfile); });
}

}  // namespace vitals::cli

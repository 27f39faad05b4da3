// vitals fit / vitals evaluate: fit a scorecard to churn outcomes, and back-test scorecards side by
// side, on a labelled CSV (the label is one more column: 0/1, true/false or yes/no).
#include "commands.hpp"
#include "common.hpp"

#include "vitals/model/run.hpp"
#include "vitals/report/model_page.hpp"
#include "vitals/version.hpp"

#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace vitals::cli {
namespace {

// ---- the labelled CSV ----------------------------------------------------------------------------

/// The accounts of a labelled CSV: the columns the scorecards read, by input name, and the labels.
struct labelled_table {
    std::vector<std::string> columns;  ///< scorecard input names
    std::vector<double> values;        ///< column-major, rows x columns
    std::vector<double> labels;
    std::vector<std::string> segments;  ///< with a segment column: each row's value ("" = empty cell)
    std::string source;

    [[nodiscard]] model::labelled_frame view() const noexcept {
        const auto n = static_cast<std::int64_t>(labels.size());
        return {frame_view<double>::column_major(values.data(), n, static_cast<std::int64_t>(columns.size())), columns,
                labels};
    }
};

std::size_t column_index(const io::account_reader& reader, const std::string& name, const std::string& what) {
    std::vector<std::size_t> at;
    const auto header = reader.columns();
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) at.push_back(i);
    if (at.size() > 1)
        die(exit_usage, io::duplicate_column_message(reader.source(), reader.header_line(), name, at, "it is " + what + "; rename one"));
    return at.empty() ? npos : at[0];
}

labelled_table read_labelled(const std::string& path, const std::string& label_column,
                             std::span<const scorecard* const> cards, std::span<const std::string> map_texts,
                             const std::string& segment_column = "") {
    if (path.empty()) die(exit_usage, "no input: give a labelled CSV file ('-' reads standard input)");
    if (label_column.empty()) die(exit_usage, "--label-column: give the column holding the churn label (1 = churned, 0 = stayed)");
    auto reader = take(io::open_csv(path), exit_usage);
    const std::span<const std::string> header = reader->columns();
    labelled_table t;
    t.source = reader->source();

    std::vector<io::column_map> maps;
    for (const std::string& m : map_texts) maps.push_back(take(io::parse_column_map(m), exit_usage));
    for (const io::column_map& m : maps) {
        bool used = false;
        for (const scorecard* c : cards) used = used || c->input_index(m.input) != npos;
        if (!used) die(exit_usage, fmt::format("--map {}={}: no scorecard reads an input \"{}\"", m.input, m.column, m.input));
    }
    // every input of every scorecard, once, with its source column
    io::selection sel;
    std::vector<std::size_t> frame_col;  // per input name: its index among the selected columns
    std::string problems;
    for (const scorecard* c : cards) {
        std::vector<std::string> missing;
        for (const std::string& in : c->inputs()) {
            if (std::find(t.columns.begin(), t.columns.end(), in) != t.columns.end()) continue;
            std::string col = in;
            for (const io::column_map& m : maps)
                if (m.input == in) col = m.column;
            const std::size_t idx = column_index(*reader, col, "input " + in);
            if (idx == npos) {
                missing.push_back(col == in ? in : in + " (mapped to " + col + ")");
                continue;
            }
            std::size_t k = 0;
            while (k < sel.value_columns.size() && sel.value_columns[k] != idx) ++k;
            const categories* levels = c->input_levels(c->input_index(in));  // a column of levels: text -> codes
            if (k == sel.value_columns.size()) {
                sel.value_columns.push_back(idx);
                sel.levels.push_back(levels);
            } else if (sel.levels[k] != levels && !(sel.levels[k] && levels && sel.levels[k]->same_levels(*levels))) {
                die(exit_usage, fmt::format("{}: column \"{}\" is read by scorecards that disagree on whether it holds levels, "
                                            "or on its levels", t.source, col));
            }
            t.columns.push_back(in);
            frame_col.push_back(k);
        }
        if (!missing.empty()) {
            std::string list;
            for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
            problems += fmt::format("{}{}: missing column{} for scorecard \"{}\": {}", problems.empty() ? "" : "\n",
                                    t.source, missing.size() == 1 ? "" : "s", c->name(), list);
        }
    }
    if (!problems.empty()) die(exit_usage, problems + "\n  (map a differently named column with --map input=column)");
    const std::size_t label_idx = column_index(*reader, label_column, "the label");
    if (label_idx == npos) {
        std::string list;
        for (const std::string& h : header) list += (list.empty() ? "" : ", ") + h;
        die(exit_usage, fmt::format("{}: no label column \"{}\" (the columns are: {})", t.source, label_column, list));
    }
    sel.id_column = label_idx;  // the label is read as text: yes/no as well as 1/0
    if (!segment_column.empty()) {
        const std::size_t seg_idx = column_index(*reader, segment_column, "the segment column");
        if (seg_idx == npos) {
            std::string list;
            for (const std::string& h : header) list += (list.empty() ? "" : ", ") + h;
            die(exit_usage, fmt::format("{}: no segment column \"{}\" (--segment-by; the columns are: {})", t.source,
                                        segment_column, list));
        }
        sel.text_columns.push_back(seg_idx);
    }
    take(reader->select(std::move(sel)), exit_failure);

    std::vector<std::vector<double>> cols(reader->selected().value_columns.size());
    io::account_chunk chunk;
    for (;;) {
        const std::size_t n = take(reader->read(chunk, 65536));
        if (n == 0) break;
        for (std::size_t r = 0; r < n; ++r) {
            const io::cell_value y = io::parse_label(chunk.ids[r]);
            if (y.kind != io::cell_kind::number) {
                const bool missing = y.kind == io::cell_kind::missing;
                die(exit_usage, fmt::format("{}:{}:{}: label {} (column {}): {}", t.source, chunk.origins[r], label_idx + 1,
                                            missing ? std::string("missing") : "\"" + std::string(chunk.ids[r]) + "\"",
                                            label_column,
                                            missing ? "every account needs a label: 1 = churned, 0 = stayed"
                                                    : "is not 0/1, true/false or yes/no"));
            }
            t.labels.push_back(y.value);
            if (!segment_column.empty()) {
                const std::string& seg = chunk.text(r, 0);
                // the set file is JSON: its segment values must be text JSON can carry
                require_utf8(seg, fmt::format("{}:{}", t.source, chunk.origins[r]), "segment value");
                t.segments.push_back(seg);
            }
            for (std::size_t c = 0; c < cols.size(); ++c) cols[c].push_back(chunk.values[r * chunk.cols + c]);
        }
    }
    if (t.labels.empty()) die(exit_usage, t.source + ": no accounts (only a header)");
    const std::size_t N = t.labels.size();
    t.values.resize(N * t.columns.size());
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        std::copy(cols[frame_col[c]].begin(), cols[frame_col[c]].end(), t.values.begin() + static_cast<std::ptrdiff_t>(c * N));
    return t;
}

/// A scorecard argument: a file, or "default" (or "") for the built-in one.
scorecard load_named_card(const std::string& arg) {
    if (arg.empty() || arg == "default") return default_scorecard();
    return load_card(arg);
}

std::string card_label(const std::string& arg) {
    if (arg.empty() || arg == "default") return "default";
    std::filesystem::path p(arg);
    return p.extension() == ".json" ? p.stem().string() : p.filename().string();
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(exit_usage, path + ": cannot read: " + std::strerror(errno));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void print_lines(const std::string& text) {
    std::string_view s = text;
    while (!s.empty()) {
        const auto nl = s.find('\n');
        fmt::print(stderr, "vitals: {}\n", s.substr(0, nl));
        if (nl == std::string_view::npos) break;
        s.remove_prefix(nl + 1);
    }
}

// ---- vitals fit ----------------------------------------------------------------------------------

struct fit_options {
    std::string input;
    std::string label_column;
    std::string scorecard;
    std::string weights = "learned";
    std::string pairwise;
    std::string missing = "complete_rows";
    std::string name;
    std::string out;
    std::string report;
    std::vector<std::string> maps;
    std::string segment_by;
    model_run::segment_fit_options segment;  // --min-segment-accounts, --min-segment-churners
    double l2 = 1.0;
    bool bin = false;
    bool quiet = false;
    vitals::model::binning_options binning;  // --max-bins, --min-bin-share, --prebins
};

/// Writes the report (if asked) and the fitted file: both or neither.
void write_fit(const fit_options& o, const model_run::json& report, const std::string& text) {
    std::unique_ptr<output_file> rep = o.report.empty() ? nullptr : std::make_unique<output_file>(o.report);
    output_file out(o.out);
    if (rep) rep->write(json_text(report, 2, o.report, "leave out --report") + "\n");
    out.write(text);
    if (!text.ends_with('\n')) out.write("\n");
    commit_all({rep.get(), &out});
    if (!o.quiet && !out.is_stdout()) fmt::print(stderr, "vitals: wrote the fitted {} to {}\n",
                                                 o.segment_by.empty() ? "scorecard" : "scorecard set", out.path());
}

/// --segment-by: a card per segment (and the default card) in one scorecard set file.
int run_segment_fit(const fit_options& o, const scorecard& start, const labelled_table& t, const model_run::fit_request& req) {
    if (o.weights == "ahp") die(exit_usage, "--segment-by: not with --weights ahp (one pairwise matrix cannot judge every segment)");
    auto fitted = take(model_run::fit_segments(start, t.view(), o.segment_by, t.segments, req, o.segment));
    const std::string description = fmt::format("Fitted by vitals fit --segment-by {} on {}: a card per segment with at "
                                                "least {} accounts and {} churned, the default card for the rest",
                                                o.segment_by, req.source, o.segment.min_accounts, o.segment.min_churners);
    const std::string text = take(save_scorecard_set(fitted.set, description), exit_failure);
    if (!o.quiet) print_lines(model_run::fit_segments_summary(fitted.report));
    write_fit(o, fitted.report, text);
    return exit_ok;
}

int run_fit(const fit_options& o) {
    const scorecard start = load_named_card(o.scorecard);
    model_run::fit_request req;
    req.weights = o.weights;
    req.bin = o.bin;
    req.binning = o.binning;
    req.learn.l2 = o.l2;
    req.learn.missing = o.missing == "impute" ? model::missing_policy::impute : model::missing_policy::complete_rows;
    req.name = o.name;
    if (o.weights == "ahp") {
        if (o.pairwise.empty()) die(exit_usage, "--weights ahp needs --pairwise FILE (the pairwise-comparison matrix over the measures)");
        req.pairwise = take(model_run::parse_pairwise(read_text(o.pairwise), start, o.pairwise), exit_usage);
    } else if (!o.pairwise.empty()) {
        die(exit_usage, "--pairwise is for --weights ahp");
    }
    const scorecard* cards[] = {&start};
    const labelled_table t = read_labelled(o.input, o.label_column, cards, o.maps, o.segment_by);
    req.source = fmt::format("{} (label {})", std::filesystem::path(t.source).filename().string(), o.label_column);
    // recorded in the fitted scorecard's descriptions, which are JSON
    require_utf8(req.source, "fit", "the input's file name and label column", "rename them");
    if (!o.segment_by.empty()) return run_segment_fit(o, start, t, req);
    auto fitted = model_run::fit(start, t.view(), req);
    if (!fitted) {
        const std::string prefix = o.weights == "ahp" && fitted.error().message.starts_with("comparisons") ? o.pairwise + ": " : "";
        die(exit_code_for(fitted.error().code), prefix + fitted.error().message);
    }
    const std::string text = take(save_scorecard(fitted.value().card), exit_failure);
    if (!o.quiet) print_lines(model_run::fit_summary(fitted.value().report));
    write_fit(o, fitted.value().report, text);
    return exit_ok;
}

// ---- vitals evaluate -----------------------------------------------------------------------------

struct evaluate_cli_options {
    std::string input;
    std::string label_column;
    std::vector<std::string> scorecards;
    std::vector<std::string> names;
    std::vector<std::string> maps;
    std::vector<double> top{0.1};
    std::string format;
    std::string out;
    std::string report;  // --report: the model page (HTML)
    std::size_t fixed_card_folds = 0;
    std::size_t cv = 0;
    std::vector<std::string> refit;
    std::string old_folds;  // --folds: renamed (it was never cross-validation)
    std::uint64_t seed = 42;
    std::size_t bootstrap = 1000;
    std::size_t calibration_bins = 10;
    unsigned threads = 0;
};

int run_evaluate(const evaluate_cli_options& o) {
    std::vector<std::string> args = o.scorecards;
    if (args.empty()) args.push_back("default");
    if (!o.names.empty() && o.names.size() != args.size())
        die(exit_usage, fmt::format("--name: {} given for {} scorecards (one per --scorecard, in order)", o.names.size(), args.size()));
    // each argument a scorecard or a scorecard set (ranked by its cards' churn probabilities)
    std::vector<scorecard_set> sets;
    sets.reserve(args.size());
    std::string segment_column;
    for (const std::string& a : args) {
        if (a.empty() || a == "default") {
            sets.push_back(scorecard_set::single(default_scorecard()));
            continue;
        }
        sets.push_back(take(load_scorecard_or_set_file(a), exit_usage));
        const std::string_view col = sets.back().segment_column();
        if (!col.empty() && !segment_column.empty() && col != segment_column)
            die(exit_usage, fmt::format("{}: its segment column is {}, another set's is {}: evaluate sets of one segment column together",
                                        a, col, segment_column));
        if (!col.empty()) segment_column = std::string(col);
    }
    std::vector<const scorecard*> ptrs;
    for (const scorecard_set& set : sets)
        for (const scorecard& c : set.cards()) ptrs.push_back(&c);
    const labelled_table t = read_labelled(o.input, o.label_column, ptrs, o.maps, segment_column);
    std::vector<model_run::named_scorecard> named;
    for (std::size_t k = 0; k < sets.size(); ++k) {
        model_run::named_scorecard n;
        n.name = o.names.empty() ? card_label(args[k]) : o.names[k];
        if (sets[k].is_single()) {
            n.card = &sets[k].cards()[0];
        } else {
            n.set = &sets[k];
            n.segments = t.segments;
        }
        named.push_back(std::move(n));
    }
    model_run::evaluate_request req;
    req.options.top_fractions = o.top;
    req.options.bootstrap_resamples = o.bootstrap;
    req.options.seed = o.seed;
    req.options.calibration_bins = o.calibration_bins;
    req.options.threads = o.threads;
    req.fixed_card_folds = o.fixed_card_folds;
    req.cv = o.cv;
    for (const std::string& recipe : o.refit) {
        if (recipe == "none") {
            req.refit.push_back({"none", std::nullopt});
            continue;
        }
        model_run::fit_request f;
        const std::size_t plus = recipe.find('+');
        f.weights = recipe.substr(0, plus);
        f.bin = plus != std::string::npos;
        req.refit.push_back({model_run::recipe_label(f), f});
    }
    if (req.cv >= 2 && req.refit.empty()) req.refit.push_back({"learned", model_run::fit_request{}});
    // the model page needs the curves; the table and JSON stay as they are without --report
    req.options.curves = !o.report.empty();
    std::unique_ptr<output_file> page_out;
    if (!o.report.empty()) page_out = std::make_unique<output_file>(o.report);  // an unwritable path fails before the work
    std::string format = o.format;
    if (format.empty()) format = !o.out.empty() && o.out != "-" && o.out.ends_with(".json") ? "json" : "table";
    output_file out(o.out);
    const auto report = take(model_run::evaluate(named, t.view(), req));
    if (page_out) {
        std::vector<report::model_card> cards;
        for (const scorecard_set& set : sets) cards.push_back({&set});
        report::model_page_info info;
        info.source = o.input == "-" ? std::string("standard input") : o.input;
        info.label_column = o.label_column;
        info.generator = std::string("vitals ") + VITALS_VERSION_STRING;
        page_out->write(take(report::render_model_page(report, cards, info)));
        page_out->finish();
    }
    out.write(format == "json" ? json_text(report, 2, "evaluate --format json", "write the table (--format table)") + "\n"
                               : model_run::evaluate_table(report));
    out.finish();
    if (page_out) page_out->commit();
    out.commit();
    return exit_ok;
}

}  // namespace

void add_fit_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<fit_options>();
    CLI::App* cmd = app.add_subcommand("fit", "Fit a scorecard's weights (and thresholds) to churn outcomes");
    cmd->footer(
        "Reads a labelled CSV (the label column holds 1/0, true/false or yes/no: 1 = churned), fits the starting\n"
        "scorecard and writes the fitted scorecard: an ordinary scorecard file whose descriptions say how it was\n"
        "fitted. A short report goes to standard error (--report FILE writes it all as JSON).\n"
        "Weights: learned (L2 logistic regression on the sub-scores, non-negative; measures pointing the wrong\n"
        "way are reported and held at 0), entropy (objective), equal (the baseline), ahp (from --pairwise).\n"
        "--bin first replaces every normaliser by monotone steps fitted to churn.\n"
        "Exit status: 0 ok, 1 runtime failure, 2 bad usage or input (a bad label, an inconsistent AHP matrix).\n\n"
        "Examples:\n"
        "  vitals fit docs/examples/accounts.csv --label-column churned_next_quarter --out fitted.json\n"
        "  vitals fit history.csv --label-column churned --scorecard start.json --bin --out fitted.json\n"
        "  vitals fit history.csv --label-column churned --weights ahp --pairwise judgments.csv --out ahp.json");
    cmd->add_option("INPUT", o->input, "Labelled accounts CSV with a header row ('-' reads standard input)")->required();
    cmd->add_option("-l,--label-column", o->label_column, "The churn label column (1 = churned, 0 = stayed)")->required();
    cmd->add_option("-s,--scorecard", o->scorecard, "Starting scorecard file (default: the built-in scorecard)");
    cmd->add_option("-w,--weights", o->weights, "learned (default), entropy, equal or ahp")
        ->check(CLI::IsMember({"learned", "entropy", "equal", "ahp"}));
    cmd->add_option("--pairwise", o->pairwise,
                    "AHP pairwise-comparison matrix over the measures, in scorecard order: one row per line (1/3 "
                    "allowed), or JSON [[...]] / {\"measures\": [...], \"matrix\": [[...]]}");
    cmd->add_flag("--bin", o->bin, "Fit every measure's thresholds first: monotone binning into steps normalisers");
    cmd->add_option("--max-bins", o->binning.max_bins, "With --bin: at most this many ranges per measure (default 6)")
        ->transform(count_range(2, 100));
    cmd->add_option("--min-bin-share", o->binning.min_share,
                    "With --bin: the smallest range, as a share of the measure's present values (default 0.05)")
        ->check(CLI::Range(0.0, 0.5));
    cmd->add_option("--prebins", o->binning.prebins, "With --bin: quantile pre-bins before merging (default 20)")
        ->transform(count_range(2, 1000));
    cmd->add_option("--missing", o->missing,
                    "Learned weights with missing sub-scores: complete_rows (default: fit on accounts with every "
                    "measure) or impute (the group's mean)")
        ->check(CLI::IsMember({"complete_rows", "impute"}));
    cmd->add_option("--l2", o->l2, "L2 penalty of the learned weights (scikit-learn's 1/C; default 1)")
        ->check(CLI::Range(0.0, 1e12));
    cmd->add_option("-m,--map", o->maps, "Read a scorecard input from a differently named column: input=column (repeatable)")
        ->allow_extra_args(false)
        ->type_name("INPUT=COLUMN");
    cmd->add_option("--segment-by", o->segment_by,
                    "Fit a card per value of this column, each on its own accounts, into a scorecard set (with the "
                    "default card, fitted on every account, for small segments); every card stores its calibration");
    cmd->add_option("--min-segment-accounts", o->segment.min_accounts,
                    "With --segment-by: fewer accounts than this and a segment takes the default card (default 200)")
        ->transform(count_range(1, std::numeric_limits<std::uint32_t>::max()));
    cmd->add_option("--min-segment-churners", o->segment.min_churners,
                    "With --segment-by: fewer churned accounts than this and a segment takes the default card (default 20)")
        ->transform(count_range(1, std::numeric_limits<std::uint32_t>::max()));
    cmd->add_option("--name", o->name, "Name of the fitted scorecard (default: the starting scorecard's)");
    cmd->add_option("-o,--out", o->out, "Fitted scorecard file, written whole or not at all (default: standard output)");
    cmd->add_option("--report", o->report, "Also write the fit report as JSON to this file");
    cmd->add_flag("-q,--quiet", o->quiet, "No report on standard error");
    cmd->callback([o, &exit_code, cmd] {
        for (const char* opt : {"--max-bins", "--min-bin-share", "--prebins"})
            if (cmd->count(opt) > 0 && !o->bin) die(exit_usage, std::string(opt) + ": given without --bin");
        for (const char* opt : {"--min-segment-accounts", "--min-segment-churners"})
            if (cmd->count(opt) > 0 && o->segment_by.empty()) die(exit_usage, std::string(opt) + ": given without --segment-by");
        exit_code = run_fit(*o);
    });
}

void add_evaluate_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<evaluate_cli_options>();
    CLI::App* cmd = app.add_subcommand("evaluate", "Back-test scorecards side by side on labelled accounts");
    cmd->footer(
        "Scores the accounts with each scorecard and measures how well the score ranks churn (risk = 100 - score):\n"
        "ROC AUC with a bootstrap confidence interval, average precision, precision and lift among the riskiest\n"
        "accounts, and the Brier score and a calibration table (JSON) of the score's churn probability.\n"
        "Accounts a scorecard does not score (insufficient data) are left out of its metrics and counted.\n"
        "Exit status: 0 ok, 1 runtime failure, 2 bad usage or input.\n\n"
        "Examples:\n"
        "  vitals evaluate docs/examples/accounts.csv --label-column churned_next_quarter --scorecard default "
        "--scorecard fitted.json\n"
        "  vitals evaluate history.csv -l churned -s start.json --cv 10 --refit none --refit learned --refit learned+bin\n"
        "  vitals evaluate history.csv -l churned -s a.json -s b.json --format json --out report.json\n"
        "  vitals evaluate history.csv -l churned -s default -s fitted.json --report model.html");
    cmd->add_option("INPUT", o->input, "Labelled accounts CSV with a header row ('-' reads standard input)")->required();
    cmd->add_option("-l,--label-column", o->label_column, "The churn label column (1 = churned, 0 = stayed)")->required();
    cmd->add_option("-s,--scorecard", o->scorecards, "A scorecard file, or 'default' for the built-in one (repeatable; default: default)")
        ->allow_extra_args(false);
    cmd->add_option("--name", o->names, "Names for the table, one per --scorecard in order (default: the file name)")
        ->allow_extra_args(false);
    cmd->add_option("-m,--map", o->maps, "Read a scorecard input from a differently named column: input=column (repeatable)")
        ->allow_extra_args(false)
        ->type_name("INPUT=COLUMN");
    cmd->add_option("-f,--format", o->format, "table or json (default: table, or json when --out ends in .json)")
        ->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("-o,--out", o->out, "Output file, written whole or not at all (default: standard output)");
    cmd->add_option("--report", o->report,
                    "Also write the model page to this HTML file: ROC and precision-recall curves of every scorecard, "
                    "calibration, lift by decile, the weights and bins (docs/report.md)");
    cmd->add_option("--cv", o->cv,
                    "K >= 2: K-fold stratified cross-validation: every scorecard is refitted (see --refit) on K-1 "
                    "folds and scored on the held-out fold; mean +- sd per metric")
        ->transform(count_range(0, 1000));
    cmd->add_option("--refit", o->refit,
                    "How --cv refits each scorecard on the training folds: none (as given), learned, entropy or equal, "
                    "each optionally +bin (e.g. learned+bin); repeatable, one candidate each (default: learned)")
        ->allow_extra_args(false)
        ->check(CLI::IsMember({"none", "learned", "entropy", "equal", "learned+bin", "entropy+bin", "equal+bin"}));
    cmd->add_option("--fixed-card-folds", o->fixed_card_folds,
                    "K >= 2: the AUC of each scorecard as given (not refitted) on each of K stratified folds, and its "
                    "churn probability fitted out of fold; a spread, not cross-validation")
        ->transform(count_range(0, 1000));
    cmd->add_option("--folds", o->old_folds, "Renamed: see --cv and --fixed-card-folds")->group("");
    cmd->add_option("--seed", o->seed, "Seed of the folds and the bootstrap (default 42)")
        ->transform(count_range(0, std::numeric_limits<std::uint64_t>::max()));
    cmd->add_option("--bootstrap", o->bootstrap, "Bootstrap resamples for the AUC interval (default 1000; 0 = none)")
        ->transform(count_range(0, 1000000));
    cmd->add_option("--top", o->top, "Shares of riskiest accounts for precision and lift (default 0.1; repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::Range(1e-9, 1.0));
    cmd->add_option("--calibration-bins", o->calibration_bins, "Bins of the calibration table (default 10)")
        ->transform(count_range(1, 1000));
    add_threads_option(*cmd, o->threads);
    cmd->callback([o, &exit_code] {
        if (!o->old_folds.empty())
            die(exit_usage, "--folds: renamed, as it never refitted the scorecard: --cv K cross-validates (refits on "
                            "each training part), --fixed-card-folds K scores the scorecard as given on each fold");
        if (o->fixed_card_folds == 1) die(exit_usage, "--fixed-card-folds: 0 (none) or at least 2");
        if (o->cv == 1) die(exit_usage, "--cv: 0 (none) or at least 2 folds");
        if (!o->refit.empty() && o->cv < 2) die(exit_usage, "--refit: given without --cv (the recipes are for cross-validation)");
        if (o->bootstrap == 1) die(exit_usage, "--bootstrap: 0 (none) or at least 2");
        exit_code = run_evaluate(*o);
    });
}

}  // namespace vitals::cli

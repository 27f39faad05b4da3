// vitals score: read accounts in chunks, score each chunk with the batch scorer, write rows.
#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "prefetch.hpp"
#include "score_table.hpp"
#include "terminal.hpp"

#include "pipeline.hpp"
#include "store.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <memory>

namespace vitals::cli {
namespace {

struct score_options {
    input_options in;
    signal_options sig;
    store_options store;
    std::string out;
    std::string format;
    std::string on_error = "fail";
    std::string color = "auto";
    std::string arrows = "auto";
    table_options table;  ///< --top, --band, --sort, --columns
    unsigned threads = 0;
    std::size_t chunk_rows = 65536;
    bool quiet = false;
    bool no_progress = false;
    bool timing = false;
};

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

/// Whether --top, --band, --sort or --columns was given.
bool shapes_table(const table_options& t) { return t.top_given || !t.bands.empty() || !t.sort.empty() || !t.columns.empty(); }

/// The format asked for, or the default: on standard output, the table on a terminal (or when an
/// option shapes the table) and CSV otherwise; for a file, by its extension.
std::string format_of(const score_options& o, bool to_stdout) {
    if (!o.format.empty()) return o.format;
    if (to_stdout) return is_terminal(STDOUT_FILENO) || shapes_table(o.table) ? "table" : "csv";
    return o.out.ends_with(".json") ? "json" : o.out.ends_with(".jsonl") ? "jsonl" : "csv";
}

int run_score(const score_options& o) {
    const auto start = clock_type::now();
    const bool to_stdout = o.out.empty() || o.out == "-";
    const std::string format = format_of(o, to_stdout);
    if (format != "table" && shapes_table(o.table))
        die(exit_usage, fmt::format("--top, --band, --sort and --columns shape the table (--format table); {} holds every "
                                    "account, in input order",
                                    format));
    std::unique_ptr<store_run> store;
    if (o.store.given()) store = std::make_unique<store_run>(o.store, o.in, o.sig);
    side_hook hook;
    if (store)
        hook = [&](const scorecard_set& s, session_inputs& side, session_options& so) { store->side_inputs(s, side, so); };
    scoring_session session(o.in, o.sig, o.threads, o.chunk_rows,
                            o.on_error == "skip" ? io::on_error::skip : io::on_error::fail, hook);
    const scorecard_set& set = session.set();
    io::account_reader& reader = session.reader();

    const bool color = format == "table" && to_stdout && use_color(o.color, STDOUT_FILENO);
    output_features features;
    features.scorecard = !set.is_single();
    features.previous = session.has_previous();
    features.overrides = session.has_overrides();
    features.alerts = session.has_alerts();
    features.quadrant = session.has_quadrant();
    features.churn_probability = session.has_churn_probability();
    features.unicode = o.arrows == "unicode" || (o.arrows == "auto" && to_stdout && is_terminal(STDOUT_FILENO) && utf8_locale());

    std::unique_ptr<score_writer> writer;
    if (format == "table") {
        table_options t = o.table;
        const int fd = to_stdout ? STDOUT_FILENO : -1;
        const std::size_t columns = output_columns(fd);
        t.width = columns ? columns : unlimited_width;
        t.screen_rows = terminal_rows(fd);
        // the summary lines on standard error share the screen
        if (!o.quiet && is_terminal(STDERR_FILENO))
            t.trailing_lines = 1 + (features.alerts || features.overrides || features.quadrant ? 1 : 0) + (o.timing ? 1 : 0);
        t.utf8 = utf8_locale();
        t.source = reader.source();
        if (session.has_value()) t.value_name = o.sig.value_column;
        writer = make_score_table(set, session.book(), features, color, std::move(t));
    } else {
        writer = make_score_writer(format, set, session.book(), features, reader);
    }
    output_file out(o.out);
    // the writer's opening (the CSV header, "[") goes out with the first rows: a book that fails in its
    // first chunk writes nothing to standard output
    std::string text, opening;
    writer->begin(opening);

    std::vector<std::uint64_t> per_band(set.cards()[0].bands().labels.size(), 0);
    std::array<std::uint64_t, portfolio::quadrant_count> per_quadrant{};
    std::uint64_t accounts = 0, insufficient = 0, fired = 0, held = 0, overridden = 0, lapsed = 0;
    double t_wait = 0, t_write = 0;
    progress_bar bar("scoring", !o.no_progress);

    for (;;) {
        auto t = clock_type::now();
        const chunk_results* c = session.next();
        t_wait += seconds_since(t);
        if (c == nullptr) break;
        t = clock_type::now();
        text.assign(opening);
        opening.clear();
        writer->rows(text, *c);
        out.write(text);
        if (store) store->append(*c, set, session.columns(), session.book());
        t_write += seconds_since(t);
        accounts += c->rows;
        for (std::size_t r = 0; r < c->rows; ++r) {
            if (c->band[r] >= 0 && static_cast<std::size_t>(c->band[r]) < per_band.size()) ++per_band[static_cast<std::size_t>(c->band[r])];
            else if (c->band[r] < 0) ++insufficient;
            if (features.alerts)
                for (const raised_alert& a : c->alerts[r]) ++(a.suppressed ? held : fired);
            if (features.quadrant) ++per_quadrant[static_cast<std::size_t>(c->quadrant[r])];
        }
        for (const overridden_row& ov : c->overridden)
            for (const override_effect& e : ov.effects) ++(e.state == override_state::applied ? overridden : lapsed);
        bar.update(session.chunks().progress(), session.chunks().records());
    }
    text.assign(opening);
    writer->end(text);
    out.write(text);
    auto t = clock_type::now();
    if (store) store->commit();  // then the output file: a store that fails to commit leaves no output
    out.commit();
    t_write += seconds_since(t);
    bar.finish();

    for (const std::string& line : source_notes(session)) fmt::print(stderr, "vitals: {}\n", line);
    if (!o.quiet) {
        std::string bands;
        const auto& labels = set.cards()[0].bands().labels;
        for (std::size_t b = 0; b < per_band.size(); ++b)
            bands += fmt::format("{}{} {}", b ? ", " : "", grouped(per_band[b]), labels[b]);
        if (insufficient) bands += fmt::format(", {} insufficient data", grouped(insufficient));
        std::string msg = fmt::format("vitals: scored {} account{} from {}", grouped(accounts), accounts == 1 ? "" : "s",
                                      reader.source());
        if (accounts) msg += " (" + bands + ")";
        if (reader.skipped())
            msg += fmt::format("; skipped {} bad row{}", grouped(reader.skipped()), reader.skipped() == 1 ? "" : "s");
        if (!out.is_stdout()) msg += " -> " + out.path();
        if (store) msg += fmt::format("; period {} stored in {}", store->period(), store->path());
        fmt::print(stderr, "{}\n", msg);
        if (accounts && (features.alerts || features.overrides || features.quadrant)) {
            std::string more;
            if (features.alerts)
                more += fmt::format("{} alert{} raised, {} held by cooldown", grouped(fired), fired == 1 ? "" : "s", grouped(held));
            if (features.overrides)
                more += fmt::format("{}{} override{} applied, {} lapsed (as of {})", more.empty() ? "" : "; ",
                                    grouped(overridden), overridden == 1 ? "" : "s", grouped(lapsed),
                                    format_date(session.as_of()));
            if (features.quadrant) {
                std::string q;
                for (std::size_t k = 0; k < portfolio::quadrant_count; ++k)
                    if (per_quadrant[k] || k != static_cast<std::size_t>(portfolio::quadrant::unknown))
                        q += fmt::format("{}{} {}", q.empty() ? "" : ", ", grouped(per_quadrant[k]),
                                         portfolio::label(static_cast<portfolio::quadrant>(k)));
                more += (more.empty() ? "" : "; ") + q;
            }
            fmt::print(stderr, "vitals: {}\n", more);
        }
    }
    if (o.timing) {
        const double total = seconds_since(start);
        const auto rate = [&](double s) { return s > 0 ? static_cast<double>(accounts) / s / 1e6 : 0.0; };
        const double t_read = session.chunks().read_seconds(), t_score = session.score_seconds();
        fmt::print(stderr,
                   "vitals: timing: side files {:.3f} s; read+parse {:.3f} s ({:.2f} M accounts/s, background thread); "
                   "score {:.3f} s ({:.2f} M accounts/s); format+write {:.3f} s ({:.2f} M accounts/s); "
                   "waiting for input {:.3f} s; total {:.3f} s\n",
                   session.setup_seconds(), t_read, rate(t_read), t_score, rate(t_score), t_write, rate(t_write),
                   std::max(0.0, t_wait - t_score), total);
    }
    return exit_ok;
}

}  // namespace

void add_score_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<score_options>();
    CLI::App* cmd = app.add_subcommand("score", "Score every account of a CSV file, or of a SQLite or PostgreSQL query");
    cmd->footer(
        "Writes one row per account: account_id, score (0-100), band, coverage (share of the scorecard's\n"
        "weight with data), status (ok or insufficient_data) and the three measures losing the most points.\n"
        "Cells that are empty, NA or null are missing. Exit status: 0 ok, 1 runtime failure, 2 bad usage or input.\n"
        "More columns when their source is there: scorecard (a scorecard set), computed_score and override\n"
        "(--overrides), score_change and trend (--previous), alerts (the scorecard declares alerts), quadrant\n"
        "(the value column, default arr). The side files are read whole and indexed by account id.\n\n"
        "Examples:\n"
        "  vitals score docs/examples/accounts.csv\n"
        "  vitals score docs/examples/accounts.csv --history docs/examples/history.csv \\\n"
        "      --previous docs/examples/previous.csv --overrides docs/examples/overrides.csv \\\n"
        "      --surveys docs/examples/surveys.csv --as-of 2026-11-30\n"
        "  vitals score accounts.csv --out scores.csv --on-error skip\n"
        "  vitals score export.csv --map nps=\"NPS score\" --id-column \"Account ID\" --format json\n"
        "  vitals score --sqlite crm.db --query \"SELECT * FROM accounts\" --out scores.csv\n"
        "  vitals score --postgres postgresql://crm@db.internal/crm --query \"SELECT * FROM accounts\" --out scores.csv");
    o->in.add_to(*cmd);
    o->sig.add_to(*cmd, /*quadrant_switch=*/true);
    o->store.add_to(*cmd);
    cmd->add_option("-o,--out", o->out, "Output file, written whole or not at all (default: standard output)");
    cmd->add_option("-f,--format", o->format,
                    "csv, json, jsonl (JSON Lines: one object per account per line) or table (default: table on a "
                    "terminal, csv on other standard output, else by --out's extension: .json is json, .jsonl jsonl, "
                    "anything else csv)")
        ->check(CLI::IsMember({"csv", "json", "jsonl", "table"}));
    cmd->add_option("--on-error", o->on_error, "A bad row: fail (default; exit 2, no output file) or skip (score the rest, report the count)")
        ->check(CLI::IsMember({"fail", "skip"}));
    cmd->add_option("--color", o->color, "Colour the table: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_option("--arrows", o->arrows, "Trend arrows in the table: auto (unicode on a UTF-8 terminal), unicode, ascii")
        ->check(CLI::IsMember({"auto", "unicode", "ascii"}));
    auto* top = cmd->add_option("--top", o->table.top,
                                "Table: the first N accounts (default: what fits the screen on a terminal, else all; 0 = all)")
                    ->transform(count_range(0, std::numeric_limits<std::int64_t>::max()));
    cmd->add_option("--band", o->table.bands, "Table: only the accounts of these bands (any case; no_data: not scored; repeatable or a comma list)")
        ->delimiter(',')
        ->type_name("LABEL");
    cmd->add_option("--sort", o->table.sort,
                    "Table: the order, " + table_sort_names() +
                        " (default: risk, revenue at risk highest first, when the accounts have a value column; else score, lowest first)")
        ->type_name("KEY");
    cmd->add_option("--columns", o->table.columns, "Table: the columns, in order (comma list): " + table_column_names())
        ->delimiter(',')
        ->type_name("NAMES");
    add_threads_option(*cmd, o->threads);
    cmd->add_option("--chunk-rows", o->chunk_rows, "Accounts read and scored at a time (default 65536; memory grows with it)")
        ->transform(count_range(1, std::uint64_t{1} << 26));
    cmd->add_flag("-q,--quiet", o->quiet, "No summary line on standard error");
    cmd->add_flag("--no-progress", o->no_progress, "No progress bar (it shows only on a terminal, after a second)");
    cmd->add_flag("--timing", o->timing, "Print where the time went (reading and parsing, scoring, writing)");
    cmd->callback([o, top, &exit_code] {
        o->table.top_given = top->count() > 0;
        exit_code = run_score(*o);
    });
}

}  // namespace vitals::cli

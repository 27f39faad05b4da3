// vitals score: read accounts in chunks, score each chunk with the batch scorer, write rows.
#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "prefetch.hpp"
#include "terminal.hpp"

#include "vitals/batch.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <memory>

namespace vitals::cli {
namespace {

struct score_options {
    input_options in;
    std::string out;
    std::string format;
    std::string on_error = "fail";
    std::string color = "auto";
    unsigned threads = 0;
    std::size_t chunk_rows = 65536;
    bool quiet = false;
    bool no_progress = false;
    bool timing = false;
};

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

int run_score(const score_options& o) {
    const auto start = clock_type::now();
    opened_input in = open_input(o.in);
    const scorecard& card = in.card;
    io::account_reader& reader = *in.reader;
    reader.set_on_error(o.on_error == "skip" ? io::on_error::skip : io::on_error::fail);

    const bool to_stdout = o.out.empty() || o.out == "-";
    std::string format = o.format;
    if (format.empty()) format = to_stdout ? "table" : o.out.ends_with(".json") ? "json" : "csv";
    const bool color = format == "table" && to_stdout && use_color(o.color, STDOUT_FILENO);

    output_file out(o.out);
    auto writer = make_score_writer(format, card, color);
    std::string text;
    writer->begin(text);
    out.write(text);

    const std::size_t M = card.measures().size();
    batch_options opts;
    opts.threads = o.threads;
    opts.top_k = top_drivers;
    std::vector<double> score, coverage, lost;
    std::vector<std::int32_t> band, status, drivers;
    std::vector<std::uint64_t> per_band(card.bands().labels.size(), 0);
    std::uint64_t accounts = 0, insufficient = 0;
    double t_wait = 0, t_score = 0, t_write = 0;
    progress_bar bar("scoring", !o.no_progress);

    chunk_prefetcher chunks(reader, std::max<std::size_t>(o.chunk_rows, 1));
    for (;;) {
        auto t = clock_type::now();
        const io::account_chunk* next = take(chunks.next());
        t_wait += seconds_since(t);
        if (next == nullptr) break;
        const io::account_chunk& chunk = *next;
        const std::size_t n = chunk.rows;
        t = clock_type::now();
        score.resize(n);
        coverage.resize(n);
        band.resize(n);
        status.resize(n);
        drivers.resize(n * top_drivers);
        if (writer->wants_points_lost()) lost.resize(n * M);
        const batch_output bo{score, band, coverage, status, {}, writer->wants_points_lost() ? std::span<double>(lost) : std::span<double>(),
                              drivers};
        take(score_batch(card, chunk.frame(), std::span<const std::int64_t>(in.bind.input_columns), bo, opts),
             exit_failure);
        t_score += seconds_since(t);
        t = clock_type::now();
        text.clear();
        writer->rows(text, scored_chunk{chunk, score, band, coverage, status, drivers, lost});
        out.write(text);
        t_write += seconds_since(t);
        accounts += n;
        for (std::size_t r = 0; r < n; ++r) {
            if (band[r] >= 0 && static_cast<std::size_t>(band[r]) < per_band.size()) ++per_band[static_cast<std::size_t>(band[r])];
            else ++insufficient;
        }
        bar.update(chunks.progress(), chunks.records());
    }
    text.clear();
    writer->end(text);
    out.write(text);
    auto t = clock_type::now();
    out.commit();
    t_write += seconds_since(t);
    bar.finish();

    if (reader.skipped() > 0) {
        for (const io::row_problem& p : reader.problems()) fmt::print(stderr, "vitals: skipped: {}\n", p.message);
        if (reader.skipped() > reader.problems().size())
            fmt::print(stderr, "vitals: skipped: ... and {} more\n", grouped(reader.skipped() - reader.problems().size()));
    }
    if (!o.quiet) {
        std::string bands;
        for (std::size_t b = 0; b < per_band.size(); ++b)
            bands += fmt::format("{}{} {}", b ? ", " : "", grouped(per_band[b]), card.bands().labels[b]);
        if (insufficient) bands += fmt::format(", {} insufficient data", grouped(insufficient));
        std::string msg = fmt::format("vitals: scored {} account{} from {}", grouped(accounts), accounts == 1 ? "" : "s",
                                      reader.source());
        if (accounts) msg += " (" + bands + ")";
        if (reader.skipped())
            msg += fmt::format("; skipped {} bad row{}", grouped(reader.skipped()), reader.skipped() == 1 ? "" : "s");
        if (!out.is_stdout()) msg += " -> " + out.path();
        fmt::print(stderr, "{}\n", msg);
    }
    if (o.timing) {
        const double total = seconds_since(start);
        const auto rate = [&](double s) { return s > 0 ? static_cast<double>(accounts) / s / 1e6 : 0.0; };
        const double t_read = chunks.read_seconds();
        fmt::print(stderr,
                   "vitals: timing: read+parse {:.3f} s ({:.2f} M accounts/s, background thread); "
                   "score {:.3f} s ({:.2f} M accounts/s); format+write {:.3f} s ({:.2f} M accounts/s); "
                   "waiting for input {:.3f} s; total {:.3f} s\n",
                   t_read, rate(t_read), t_score, rate(t_score), t_write, rate(t_write), t_wait, total);
    }
    return exit_ok;
}

}  // namespace

void add_score_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<score_options>();
    CLI::App* cmd = app.add_subcommand("score", "Score every account of a CSV file or SQLite query");
    cmd->footer(
        "Writes one row per account: account_id, score (0-100), band, coverage (share of the scorecard's\n"
        "weight with data), status (ok or insufficient_data) and the three measures losing the most points.\n"
        "Cells that are empty, NA or null are missing. Exit status: 0 ok, 1 runtime failure, 2 bad usage or input.\n\n"
        "Examples:\n"
        "  vitals score docs/examples/accounts.csv\n"
        "  vitals score accounts.csv --out scores.csv --on-error skip\n"
        "  vitals score export.csv --map nps=\"NPS score\" --id-column \"Account ID\" --format json\n"
        "  vitals score --sqlite crm.db --query \"SELECT * FROM accounts\" --out scores.csv");
    o->in.add_to(*cmd);
    cmd->add_option("-o,--out", o->out, "Output file, written whole or not at all (default: standard output)");
    cmd->add_option("-f,--format", o->format, "csv, json or table (default: table on standard output, else by --out's extension: .json is json, anything else csv)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->add_option("--on-error", o->on_error, "A bad row: fail (default; exit 2, no output file) or skip (score the rest, report the count)")
        ->check(CLI::IsMember({"fail", "skip"}));
    cmd->add_option("--color", o->color, "Colour the table: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_option("-j,--threads", o->threads, "Scoring threads (default 0: one per core)");
    cmd->add_option("--chunk-rows", o->chunk_rows, "Accounts read and scored at a time (default 65536; memory grows with it)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 26));
    cmd->add_flag("-q,--quiet", o->quiet, "No summary line on standard error");
    cmd->add_flag("--no-progress", o->no_progress, "No progress bar (it shows only on a terminal, after a second)");
    cmd->add_flag("--timing", o->timing, "Print where the time went (reading and parsing, scoring, writing)");
    cmd->callback([o, &exit_code] { exit_code = run_score(*o); });
}

}  // namespace vitals::cli

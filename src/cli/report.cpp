// vitals report: score the book (the inputs and side files of `vitals score`), then write the
// one-page HTML health report (vitals::report) — whole or not at all.
#include "commands.hpp"
#include "common.hpp"
#include "pipeline.hpp"

#include "vitals/report/book_summary.hpp"
#include "vitals/report/page.hpp"
#include "vitals/version.hpp"

#include <fmt/format.h>

#include <limits>
#include <memory>

namespace vitals::cli {
namespace {

struct report_command_options {
    input_options in;
    signal_options sig;
    std::string out;
    std::string title = "Account health";
    std::string on_error = "fail";
    std::int64_t top = 200;
    std::uint64_t max_points = 5000;
    unsigned threads = 0;
    std::size_t chunk_rows = 65536;
    bool quiet = false;
};

int run_report(const report_command_options& o) {
    signal_options sig = o.sig;
    sig.contributions = true;  // each listed account's explanation
    sig.inputs = true;         // ... and its path to green
    scoring_session session(o.in, sig, o.threads, o.chunk_rows, o.on_error == "skip" ? io::on_error::skip : io::on_error::fail);
    output_file out(o.out);  // a path that cannot be written fails before the book is scored
    report::summary_options so;
    so.top = o.top == 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(o.top);
    report::book_summary book(session.set(), session.has_overrides() ? &session.book() : nullptr, so);
    if (!o.sig.previous.empty()) take(book.set_earlier(read_previous(o.sig.previous)), exit_usage);  // the band mix over time
    for (const chunk_results* c; (c = session.next()) != nullptr;)
        take(book.add(*c, std::span<const std::string>(c->chunk->ids.data(), c->rows)), exit_failure);

    report::page_info page;
    page.title = o.title;
    page.source = session.reader().source();
    page.as_of = format_date(session.as_of());
    page.scorecard = o.in.scorecard.empty() ? std::string("built-in default") : o.in.scorecard;
    page.generator = std::string("vitals ") + VITALS_VERSION_STRING;
    page.value_name = o.sig.value_column;
    if (session.has_quadrant()) {
        page.value_cutoff = session.value_cutoff();
        page.health_threshold = session.health_threshold(0);
    }
    page.max_points = static_cast<std::size_t>(o.max_points);
    page.notes = source_notes(session);
    const std::string html = report::render_page(book, page);
    out.write(html);
    out.commit();

    for (const std::string& line : page.notes) fmt::print(stderr, "vitals: {}\n", line);
    if (!o.quiet)
        fmt::print(stderr, "vitals: report of {} account{} from {} ({} scored){} ({} KB)\n", grouped(book.accounts()),
                   book.accounts() == 1 ? "" : "s", session.reader().source(), grouped(book.scored()),
                   out.is_stdout() ? "" : " -> " + out.path(), grouped((html.size() + 1023) / 1024));
    return exit_ok;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<report_command_options>();
    CLI::App* cmd = app.add_subcommand("report", "Write a one-page HTML health report of a scored book");
    cmd->footer(
        "Scores every account (same inputs and side files as `vitals score`) and writes one self-contained HTML\n"
        "file (no scripts, nothing loaded from the network) with the accounts and revenue per band, the band mix\n"
        "over time (with --previous), the score distribution, value x health (ARR against score, the quadrant\n"
        "lines, revenue per quadrant), the accounts to assess first by revenue at risk (each opens its\n"
        "explanation), the measures that cost the book the most points, and coverage. See docs/report.md.\n\n"
        "Examples:\n"
        "  vitals report docs/examples/accounts.csv --out report.html\n"
        "  vitals report docs/examples/accounts.csv --history docs/examples/history.csv \\\n"
        "      --previous docs/examples/previous.csv --overrides docs/examples/overrides.csv \\\n"
        "      --surveys docs/examples/surveys.csv --as-of 2026-11-30 --out report.html");
    o->in.add_to(*cmd);
    o->sig.add_to(*cmd, /*quadrant_switch=*/false);
    cmd->add_option("-o,--out", o->out, "The HTML file, written whole or not at all (\"-\": standard output)")->required();
    cmd->add_option("--title", o->title, "The page's title (default \"Account health\")");
    cmd->add_option("--top", o->top, "Accounts in the assessment list (default 200; 0 = all)")
        ->transform(count_range(0, std::uint64_t{1} << 20));
    cmd->add_option("--max-points", o->max_points,
                    "The value x health plot draws one point per account up to this many, else a binned density (default 5000)")
        ->transform(count_range(0, std::uint64_t{1} << 20));
    cmd->add_option("--on-error", o->on_error, "A bad row: fail (default) or skip (the report says how many)")
        ->check(CLI::IsMember({"fail", "skip"}));
    add_threads_option(*cmd, o->threads);
    cmd->add_option("--chunk-rows", o->chunk_rows, "Accounts read and scored at a time (default 65536)")
        ->transform(count_range(1, std::uint64_t{1} << 26));
    cmd->add_flag("-q,--quiet", o->quiet, "No summary line on standard error");
    cmd->callback([o, &exit_code] { exit_code = run_report(*o); });
}

}  // namespace vitals::cli

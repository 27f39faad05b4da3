// vitals sample: a synthetic account book, and the side files the signals read (see
// vitals/io/sample.hpp and docs/cli.md).
#include "commands.hpp"
#include "common.hpp"
#include "terminal.hpp"

#include "vitals/batch.hpp"
#include "vitals/io/sample.hpp"
#include "vitals/scorecard_file.hpp"

#include <fmt/format.h>

#include <memory>

namespace vitals::cli {
namespace {

/// A billion accounts: about 100 GB of CSV.
constexpr std::uint64_t max_sample_accounts = 1000000000;

struct sample_options {
    std::uint64_t accounts = 1000;
    std::uint64_t seed = 1;
    std::string out;
    bool segments = false;
    std::string history, previous, surveys, overrides;
    int periods = 12;
    int previous_periods = 3;
    std::string as_of = "2026-11-30";
    bool no_progress = false;
};

/// Writes `header` then `rows(text, i)` for every account to `out` (not committed).
template <class Header, class Rows>
void write_per_account(output_file& out, std::uint64_t accounts, Header header, Rows rows, progress_bar* bar) {
    std::string text;
    header(text);
    for (std::uint64_t i = 0; i < accounts; ++i) {
        rows(text, i);
        if (text.size() >= (std::size_t{1} << 20)) {
            out.write(text);
            text.clear();
            if (bar) bar->update(static_cast<double>(i + 1) / static_cast<double>(accounts), i + 1);
        }
    }
    out.write(text);
}

/// The accounts' current scores by the built-in scorecard, `block` accounts at a time, for the
/// previous-score file (which lies around them).
class current_scores {
public:
    explicit current_scores(const io::sample_generator& gen) : gen_(gen), card_(default_scorecard()) {
        const std::vector<std::string> columns(io::sample_columns.begin() + 1, io::sample_columns.end());
        input_columns_ = take(bind_columns(card_, columns, /*allow_absent=*/true), exit_failure);
    }
    double at(std::uint64_t index) {
        if (index < first_ || index >= first_ + scores_.size()) fill(index);
        return scores_[index - first_];
    }

private:
    void fill(std::uint64_t first) {
        constexpr std::uint64_t block = 4096;
        first_ = first;
        values_.clear();
        for (std::uint64_t i = first; i < first + block; ++i) {
            const io::sample_account a = gen_.account(i);
            values_.insert(values_.end(), a.values.begin(), a.values.end());
        }
        const std::size_t n = block, cols = io::sample_columns.size() - 1;
        scores_.assign(n, 0.0);
        std::vector<std::int32_t> band(n), status(n);
        std::vector<double> coverage(n);
        const batch_output out{scores_, band, coverage, status, {}, {}, {}};
        batch_options opts;
        opts.threads = 1;
        take(score_batch(card_, frame_view<double>::row_major(values_.data(), static_cast<std::int64_t>(n),
                                                               static_cast<std::int64_t>(cols)),
                         std::span<const std::int64_t>(input_columns_), out, opts),
             exit_failure);
    }

    const io::sample_generator& gen_;
    const scorecard& card_;
    std::vector<std::int64_t> input_columns_;
    std::vector<double> values_, scores_;
    std::uint64_t first_ = 0;
};

int run_sample(const sample_options& o) {
    io::sample_calendar cal;
    cal.as_of = parse_date_option(o.as_of, "--as-of");
    cal.periods = o.periods;
    cal.previous_periods = o.previous_periods;
    const io::sample_generator gen(o.seed);
    // Every output is opened first (a path that cannot be written fails before any work) and
    // committed only when all are complete: all of them or none.
    const auto open = [](const std::string& path) { return path.empty() ? nullptr : std::make_unique<output_file>(path); };
    const std::unique_ptr<output_file> book = std::make_unique<output_file>(o.out), history = open(o.history),
                                       previous = open(o.previous), surveys = open(o.surveys), overrides = open(o.overrides);
    {
        progress_bar bar("generating", !o.no_progress);
        write_per_account(
            *book, o.accounts, [&](std::string& t) { io::sample_generator::append_header(t, o.segments); },
            [&](std::string& t, std::uint64_t i) { gen.append_csv(t, i, o.segments); }, &bar);
        bar.finish();
    }
    if (history)
        write_per_account(
            *history, o.accounts, [](std::string& t) { io::sample_generator::append_history_header(t); },
            [&](std::string& t, std::uint64_t i) { gen.append_history(t, i, cal); }, nullptr);
    if (previous) {
        current_scores scores(gen);
        write_per_account(
            *previous, o.accounts, [](std::string& t) { io::sample_generator::append_previous_header(t); },
            [&](std::string& t, std::uint64_t i) { gen.append_previous(t, i, scores.at(i), cal); }, nullptr);
    }
    if (surveys)
        write_per_account(
            *surveys, o.accounts, [](std::string& t) { io::sample_generator::append_surveys_header(t); },
            [&](std::string& t, std::uint64_t i) { gen.append_surveys(t, i); }, nullptr);
    if (overrides) {
        std::string text;
        io::sample_generator::append_overrides(text, o.accounts, cal);
        overrides->write(text);
    }
    commit_all({book.get(), history.get(), previous.get(), surveys.get(), overrides.get()});
    return exit_ok;
}

}  // namespace

void add_sample_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<sample_options>();
    CLI::App* cmd = app.add_subcommand("sample", "Write a synthetic B2B account book (CSV) to try scorecards on");
    cmd->footer(
        "Columns: account_id, arr, licensed_seats, active_users, logins_trend, training_completion,\n"
        "tickets_per_seat, ticket_sentiment, nps, days_late, tenure_months, contact_tenure_days,\n"
        "executive_sponsor, seat_change_pct, churned_next_quarter (--segments adds segment, parent_id).\n"
        "Some values are missing (empty cells). The side files (--history, --previous, --surveys,\n"
        "--overrides) are keyed by account_id and are what `vitals score` reads with the same options.\n"
        "The same seed gives the same bytes on every platform; the hidden model is in docs/cli.md.\n\n"
        "Examples:\n"
        "  vitals sample --accounts 1000 --seed 42 --out accounts.csv\n"
        "  vitals sample --accounts 1000 --seed 42 --segments --out accounts.csv --history history.csv \\\n"
        "      --previous previous.csv --surveys surveys.csv --overrides overrides.csv");
    cmd->add_option("-n,--accounts", o->accounts, fmt::format("How many accounts (default 1000; at most {})", grouped(max_sample_accounts)))
        ->transform(count_range(0, max_sample_accounts));
    cmd->add_option("--seed", o->seed, "Random seed (default 1)")
        ->transform(count_range(0, std::numeric_limits<std::uint64_t>::max()));
    cmd->add_option("-o,--out", o->out, "Output file (default: standard output)");
    cmd->add_flag("--segments", o->segments, "Add the columns segment (SMB, Mid-market, Enterprise) and parent_id");
    cmd->add_option("--history", o->history, "Also write monthly history (active_users, logins, days_late, revenue_projection) to this file");
    cmd->add_option("--periods", o->periods, "History periods, the newest the month of --as-of (default 12)")
        ->transform(count_range(2, 600));
    cmd->add_option("--previous", o->previous, "Also write earlier scores (and the alerts raised then) to this file");
    cmd->add_option("--previous-periods", o->previous_periods, "Earlier periods in --previous (default 3)")
        ->transform(count_range(1, 600));
    cmd->add_option("--surveys", o->surveys, "Also write stakeholder survey answers by role to this file");
    cmd->add_option("--overrides", o->overrides, "Also write a few CSM overrides (one lapsed the day before --as-of) to this file");
    cmd->add_option("--as-of", o->as_of, "The date the side files are as of, YYYY-MM-DD (default 2026-11-30)");
    cmd->add_flag("--no-progress", o->no_progress, "No progress bar");
    cmd->callback([o, &exit_code] { exit_code = run_sample(*o); });
}

}  // namespace vitals::cli

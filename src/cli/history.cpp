// vitals history: the periods and scorecard versions of a history store (docs/history.md).
#include "commands.hpp"
#include "common.hpp"
#include "terminal.hpp"

#include "vitals/io/history_store.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>

namespace vitals::cli {
namespace {

struct history_options {
    std::string store;
    std::string format;
    bool scorecards = false;
    std::int64_t show = 0;
};

std::string table_text(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    std::string out;
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t c = 0; c < r.size(); ++c) {
            if (c) line += "  ";
            line += right[c] ? fmt::format("{:>{}}", r[c], width[c]) : fmt::format("{:<{}}", r[c], width[c]);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + '\n';
    }
    return out;
}

int run_history(const history_options& o) {
    io::history_store store = take(io::history_store::open(o.store, io::history_store::mode::read));
    const auto periods = take(store.periods());
    const auto cards = take(store.scorecards());
    if (o.show != 0) {
        for (const io::stored_scorecard& c : cards)
            if (c.version == o.show) {
                fmt::print("{}{}", c.text, c.text.ends_with('\n') ? "" : "\n");
                return exit_ok;
            }
        die(exit_usage, fmt::format("{}: no scorecard version {} (the store has {})", o.store, o.show,
                                    cards.empty() ? std::string("none") : fmt::format("1 to {}", cards.back().version)));
    }
    const std::string format = !o.format.empty() ? o.format : is_terminal(STDOUT_FILENO) ? "table" : "csv";
    std::string out;
    if (format == "json") {
        nlohmann::ordered_json j;
        j["store"] = o.store;
        j["periods"] = nlohmann::ordered_json::array();
        for (const io::stored_period& p : periods)
            j["periods"].push_back({{"period", p.period}, {"accounts", p.accounts}, {"scorecard", p.scorecard},
                                    {"as_of", p.as_of}, {"written", p.written}, {"source", p.source}});
        j["scorecards"] = nlohmann::ordered_json::array();
        for (const io::stored_scorecard& c : cards)
            j["scorecards"].push_back({{"version", c.version}, {"hash", c.hash}, {"stored", c.stored}, {"periods", c.periods},
                                       {"first_period", c.first_period}, {"last_period", c.last_period}});
        out = json_text(j, 2, o.store, "write CSV") + "\n";
    } else if (format == "csv") {
        if (o.scorecards) {
            out = "version,hash,stored,periods,first_period,last_period\n";
            for (const io::stored_scorecard& c : cards) {
                out += fmt::format("{},{},{},{},", c.version, c.hash, c.stored, c.periods);
                append_csv_field(out, c.first_period);
                out += ',';
                append_csv_field(out, c.last_period);
                out += '\n';
            }
        } else {
            out = "period,accounts,scorecard,as_of,written,source\n";
            for (const io::stored_period& p : periods) {
                append_csv_field(out, p.period);
                out += fmt::format(",{},{},{},{},", p.accounts, p.scorecard, p.as_of, p.written);
                append_csv_field(out, p.source);
                out += '\n';
            }
        }
    } else {
        std::vector<std::vector<std::string>> rows{{"period", "accounts", "scorecard", "as of", "written", "source"}};
        for (const io::stored_period& p : periods)
            rows.push_back({p.period, grouped(p.accounts), fmt::format("v{}", p.scorecard), p.as_of, p.written, p.source});
        if (!o.scorecards) {
            out += periods.empty() ? fmt::format("{}: no periods stored\n", o.store) : table_text(rows, {false, true, false, false, false, false});
            out += '\n';
        }
        std::vector<std::vector<std::string>> vrows{{"scorecard", "hash", "periods", "first", "last", "stored"}};
        for (const io::stored_scorecard& c : cards)
            vrows.push_back({fmt::format("v{}", c.version), c.hash, grouped(c.periods), c.first_period.empty() ? "-" : c.first_period,
                             c.last_period.empty() ? "-" : c.last_period, c.stored});
        out += cards.empty() ? "no scorecard versions stored\n" : table_text(vrows, {false, false, true, false, false, false});
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (std::fflush(stdout) != 0) die(exit_failure, "standard output: cannot write");
    return exit_ok;
}

}  // namespace

void add_history_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<history_options>();
    CLI::App* cmd = app.add_subcommand("history", "List the periods and scorecard versions of a history store (vitals score --store)");
    cmd->footer(
        "Each period: its accounts, the scorecard version it was scored with, the as-of date, when it was\n"
        "written (UTC) and the book. Each scorecard version: its content hash, the periods that use it.\n"
        "The store is a SQLite file; its tables are described in docs/history.md.\n\n"
        "Examples:\n"
        "  vitals history --store health.db\n"
        "  vitals history --store health.db --format json\n"
        "  vitals history --store health.db --show-scorecard 2 > scorecard-v2.json");
    cmd->add_option("--store", o->store, "The history store (a SQLite file written by vitals score --store)")
        ->required()
        ->type_name("FILE");
    cmd->add_option("-f,--format", o->format, "table, csv or json (default: table on a terminal, else csv)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->add_flag("--scorecards", o->scorecards, "List the scorecard versions only (csv: instead of the periods)");
    cmd->add_option("--show-scorecard", o->show, "Print the scorecard file of version N as stored")
        ->transform(count_range(1, std::numeric_limits<std::int64_t>::max()))
        ->type_name("N");
    cmd->callback([o, &exit_code] { exit_code = run_history(*o); });
}

}  // namespace vitals::cli

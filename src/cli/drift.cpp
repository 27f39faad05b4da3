// vitals drift / vitals bands: is the book drifting away from the scorecard, and where would the band
// cut-offs have to be for the share per band a team wants (docs/history.md, "Drift and calibration").
//
// drift: the population stability index (portfolio/stability.hpp) of the score and of each measure's
// raw value between two stored periods, bins from the earlier one. bands: cut-offs that give a stored
// period the share per band asked for (portfolio/band_proposal.hpp), per card, with the share each
// band holds now and would hold.
#include "commands.hpp"
#include "common.hpp"
#include "store.hpp"
#include "terminal.hpp"

#include "vitals/io/history_store.hpp"
#include "vitals/portfolio/band_proposal.hpp"
#include "vitals/portfolio/stability.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <memory>

namespace vitals::cli {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string default_format(const std::string& given) { return !given.empty() ? given : is_terminal(STDOUT_FILENO) ? "table" : "csv"; }

void print(const std::string& out) {
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
        die(exit_failure, "standard output: cannot write");
}

std::string percent(double share) { return std::isnan(share) ? "-" : fmt::format("{:.1f}%", 100.0 * share); }

/// The scorecard set a period was scored with (a single card is a set of one).
scorecard_set stored_set(const io::stored_snapshot& p, const std::string& store) {
    auto set = load_scorecard_or_set(p.scorecard_text);
    if (!set) die(exit_failure, fmt::format("{}: the scorecard of period {} does not load: {}", store, p.period.period, set.error().message));
    return std::move(set).value();
}

// ---- vitals drift ----------------------------------------------------------------------------------

struct drift_options {
    std::string store, from, to, format;
    std::size_t bins = 10;
};

struct drift_row {
    std::string what;  ///< "score" or "measure"
    std::string name, reads, note;
    std::optional<portfolio::stability_report> psi;
};

int run_drift(const drift_options& o) {
    if (o.from == o.to) die(exit_usage, "--from and --to name the same period");
    const io::history_store store = take(io::history_store::open(o.store, io::history_store::mode::read));
    const io::stored_snapshot p1 = take(store.snapshot(o.from), exit_usage);
    const io::stored_snapshot p2 = take(store.snapshot(o.to), exit_usage);
    if (p1.accounts.empty() || p2.accounts.empty())
        die(exit_usage, fmt::format("{}: period {} holds no accounts", o.store, p1.accounts.empty() ? o.from : o.to));
    std::vector<drift_row> rows;
    const auto scores = [](const io::stored_snapshot& p) {
        std::vector<double> s;
        s.reserve(p.accounts.size());
        for (const io::stored_account& a : p.accounts) s.push_back(a.computed_score);
        return s;
    };
    rows.push_back({"score", "score", "", "", take(portfolio::population_stability(scores(p1), scores(p2), o.bins))});
    // each measure of the later period's scorecard(s), once per name
    const scorecard_set set = stored_set(p2, o.store);
    for (const scorecard& card : set.cards())
        for (const measure& m : card.measures()) {
            bool seen = false;
            for (const drift_row& r : rows) seen = seen || (r.what == "measure" && r.name == m.name);
            if (seen) continue;
            drift_row r{"measure", m.name, m.input.is_ratio() ? m.input.column + " / " + m.input.denominator : m.input.column, "", {}};
            const std::vector<double> a = stored_measure_values(m, p1), b = stored_measure_values(m, p2);
            if (b.empty()) r.note = "not stored with " + o.to + " (it reads a column a side file derives)";
            else if (a.empty()) r.note = "not stored with " + o.from;
            else r.psi = take(portfolio::population_stability(a, b, o.bins));
            rows.push_back(std::move(r));
        }

    const std::string format = default_format(o.format);
    std::string out;
    const auto psi_of = [](const drift_row& r) { return r.psi ? r.psi->psi : nan; };
    const auto verdict_of = [](const drift_row& r) { return r.psi ? std::string(portfolio::stability_label(r.psi->verdict)) : r.note; };
    if (format == "csv") {
        out = "kind,name,reads,psi,verdict,bins\n";
        for (const drift_row& r : rows) {
            out += r.what + ',';
            append_csv_field(out, r.name);
            out += ',';
            append_csv_field(out, r.reads);
            out += ',';
            if (r.psi) append_exact(out, r.psi->psi);
            out += ',';
            append_csv_field(out, verdict_of(r));
            out += ',' + (r.psi ? std::to_string(r.psi->bins.size()) : std::string()) + '\n';
        }
    } else if (format == "json") {
        nlohmann::ordered_json j{{"store", o.store}, {"from", o.from}, {"to", o.to}, {"bins", o.bins},
                                 {"accounts_from", p1.accounts.size()}, {"accounts_to", p2.accounts.size()}};
        j["rows"] = nlohmann::ordered_json::array();
        const auto number = [](double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(); };
        for (const drift_row& r : rows) {
            nlohmann::ordered_json row{{"kind", r.what}, {"name", r.name}};
            if (!r.reads.empty()) row["reads"] = r.reads;
            row["psi"] = number(psi_of(r));
            row["verdict"] = verdict_of(r);
            if (r.psi) {
                row["bins"] = nlohmann::ordered_json::array();
                for (const portfolio::stability_bin& b : r.psi->bins)
                    row["bins"].push_back({{"lower", b.missing ? nlohmann::ordered_json("missing") : number(b.lower)},
                                           {"upper", number(b.upper)},
                                           {"count_from", b.expected_count},
                                           {"count_to", b.actual_count},
                                           {"share_from", b.expected_share},
                                           {"share_to", b.actual_share},
                                           {"term", b.term}});
            }
            j["rows"].push_back(std::move(row));
        }
        out = json_text(j, 2, o.store, "write CSV") + "\n";
    } else {
        out = fmt::format("{} -> {}: {} and {} accounts; population stability index over {} bins (quantiles of {})\n", o.from, o.to,
                          grouped(p1.accounts.size()), grouped(p2.accounts.size()), o.bins, o.from);
        std::size_t w = 5, wr = 5;
        for (const drift_row& r : rows) {
            w = std::max(w, r.name.size());
            wr = std::max(wr, r.reads.size());
        }
        out += fmt::format("  {:<{}}  {:<{}}  {:>7}  {}\n", "", w, "reads", wr, "PSI", "verdict");
        for (const drift_row& r : rows)
            out += fmt::format("  {:<{}}  {:<{}}  {:>7}  {}\n", r.name, w, r.reads, wr, r.psi ? fmt::format("{:.4f}", r.psi->psi) : "-",
                               verdict_of(r));
        out += fmt::format("PSI < {:.2f} stable; < {:.2f} a moderate shift; above, a significant one\n", portfolio::moderate_shift_psi,
                           portfolio::significant_shift_psi);
    }
    print(out);
    return exit_ok;
}

// ---- vitals bands ----------------------------------------------------------------------------------

struct bands_options {
    std::string store, period, format;
    std::string red, yellow, green;
    std::vector<std::string> targets;  ///< LABEL=SHARE
};

/// "20%" or "0.2": a share in [0, 1].
double parse_share(const std::string& text, const std::string& option) {
    std::string t = text;
    const bool pct = !t.empty() && t.back() == '%';
    if (pct) t.pop_back();
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
        die(exit_usage, fmt::format("{} {}: not a share (write 20% or 0.2)", option, text));
    const double share = pct ? v / 100.0 : v;
    if (!pct && v > 1.0) die(exit_usage, fmt::format("{} {}: a share above 1 (for a percentage write {}%)", option, text, text));
    if (!(share >= 0.0 && share <= 1.0)) die(exit_usage, fmt::format("{} {}: a share must lie between 0% and 100%", option, text));
    return share;
}

int run_bands(const bands_options& o) {
    std::vector<std::pair<std::string, double>> wanted;
    for (const auto& [label, text] : {std::pair{"red", &o.red}, std::pair{"yellow", &o.yellow}, std::pair{"green", &o.green}})
        if (!text->empty()) wanted.emplace_back(label, parse_share(*text, std::string("--target-") + label));
    for (const std::string& t : o.targets) {
        const std::size_t eq = t.find('=');
        if (eq == std::string::npos || eq == 0) die(exit_usage, fmt::format("--target {}: write BAND=SHARE, e.g. --target red=20%", t));
        wanted.emplace_back(t.substr(0, eq), parse_share(t.substr(eq + 1), "--target " + t.substr(0, eq) + "="));
    }
    if (wanted.empty()) die(exit_usage, "give the share wanted for at least one band: --target-red 20%, or --target BAND=SHARE");
    for (std::size_t i = 0; i < wanted.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (wanted[i].first == wanted[k].first) die(exit_usage, fmt::format("band {}: its target share is given twice", wanted[i].first));

    const io::history_store store = take(io::history_store::open(o.store, io::history_store::mode::read));
    const io::stored_snapshot p = take(store.snapshot(o.period), exit_usage);
    const scorecard_set set = stored_set(p, o.store);
    struct card_proposal {
        const scorecard* card;
        portfolio::band_proposal p;
        std::vector<double> target;
    };
    std::vector<card_proposal> proposals;
    for (std::size_t c = 0; c < set.cards().size(); ++c) {
        const scorecard& card = set.cards()[c];
        const vitals::bands& b = card.bands();
        std::vector<double> target(b.labels.size(), nan);
        for (const auto& [label, share] : wanted) {
            const auto it = std::find(b.labels.begin(), b.labels.end(), label);
            if (it == b.labels.end()) {
                std::string list;
                for (const std::string& l : b.labels) list += (list.empty() ? "" : ", ") + l;
                die(exit_usage, fmt::format("scorecard \"{}\" has no band \"{}\" (its bands: {})", card.name(), label, list));
            }
            target[static_cast<std::size_t>(it - b.labels.begin())] = share;
        }
        std::vector<double> scores;
        for (const io::stored_account& a : p.accounts)
            if (a.card == static_cast<std::int32_t>(c)) scores.push_back(a.computed_score);
        auto r = portfolio::propose_bands(scores, b, target);
        if (!r) {
            std::string why = r.error().message;
            if (why.starts_with("propose_bands: ")) why.erase(0, 15);
            die(exit_usage, fmt::format("period {}, scorecard \"{}\": {}", o.period, card.name(), why));
        }
        proposals.push_back({&card, std::move(r).value(), std::move(target)});
    }

    const std::string format = default_format(o.format);
    std::string out;
    const auto share = [](std::uint64_t k, std::uint64_t n) { return n ? static_cast<double>(k) / static_cast<double>(n) : nan; };
    if (format == "csv") {
        out = "scorecard,band,cutoff_now,cutoff_proposed,accounts_now,accounts_proposed,share_now,share_proposed,target_share\n";
        for (const card_proposal& cp : proposals)
            for (std::size_t i = 0; i < cp.p.proposed.labels.size(); ++i) {
                append_csv_field(out, cp.card->name());
                out += ',';
                append_csv_field(out, cp.p.proposed.labels[i]);
                out += ',';
                if (i < cp.p.proposed.cutoffs.size()) append_exact(out, cp.card->bands().cutoffs[i]);
                out += ',';
                if (i < cp.p.proposed.cutoffs.size()) append_exact(out, cp.p.proposed.cutoffs[i]);
                out += fmt::format(",{},{},", cp.p.count_now[i], cp.p.count_proposed[i]);
                append_exact(out, share(cp.p.count_now[i], cp.p.scored));
                out += ',';
                append_exact(out, share(cp.p.count_proposed[i], cp.p.scored));
                out += ',';
                if (!std::isnan(cp.target[i])) append_exact(out, cp.target[i]);
                out += '\n';
            }
    } else if (format == "json") {
        nlohmann::ordered_json j{{"store", o.store}, {"period", o.period}, {"scorecard_version", p.period.scorecard}};
        j["scorecards"] = nlohmann::ordered_json::array();
        for (const card_proposal& cp : proposals) {
            nlohmann::ordered_json c{{"scorecard", cp.card->name()}, {"scored", cp.p.scored},
                                     {"cutoffs_now", cp.card->bands().cutoffs}, {"cutoffs_proposed", cp.p.proposed.cutoffs}};
            c["bands"] = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < cp.p.proposed.labels.size(); ++i)
                c["bands"].push_back({{"band", cp.p.proposed.labels[i]},
                                      {"accounts_now", cp.p.count_now[i]},
                                      {"accounts_proposed", cp.p.count_proposed[i]},
                                      {"target_share", std::isnan(cp.target[i]) ? nlohmann::ordered_json() : nlohmann::ordered_json(cp.target[i])}});
            j["scorecards"].push_back(std::move(c));
        }
        out = json_text(j, 2, o.store, "write CSV") + "\n";
    } else {
        for (const card_proposal& cp : proposals) {
            out += fmt::format("{}{}, scorecard \"{}\" (v{}): {} account{} with a score\n", out.empty() ? "" : "\n", o.period, cp.card->name(),
                               p.period.scorecard, grouped(cp.p.scored), cp.p.scored == 1 ? "" : "s");
            std::size_t w = 4;
            for (const std::string& l : cp.p.proposed.labels) w = std::max(w, l.size());
            out += fmt::format("  {:<{}}  {:>11}  {:>11}  {:>17}  {:>17}  {:>7}\n", "band", w, "cut-off now", "proposed", "share now",
                               "proposed", "target");
            for (std::size_t i = 0; i < cp.p.proposed.labels.size(); ++i) {
                const bool last = i == cp.p.proposed.cutoffs.size();
                std::string line = fmt::format("  {:<{}}  {:>11}  {:>11}  {:>17}  {:>17}  {:>7}", cp.p.proposed.labels[i], w,
                                   last ? "" : "< " + exact(cp.card->bands().cutoffs[i]),
                                   last ? "" : "< " + exact(cp.p.proposed.cutoffs[i]),
                                   fmt::format("{} ({})", percent(share(cp.p.count_now[i], cp.p.scored)), grouped(cp.p.count_now[i])),
                                   fmt::format("{} ({})", percent(share(cp.p.count_proposed[i], cp.p.scored)), grouped(cp.p.count_proposed[i])),
                                   std::isnan(cp.target[i]) ? "" : percent(cp.target[i]));
                line.erase(line.find_last_not_of(' ') + 1);  // no trailing blanks where a band has no target
                out += line + '\n';
            }
        }
    }
    print(out);
    return exit_ok;
}

}  // namespace

void add_drift_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<drift_options>();
    CLI::App* cmd = app.add_subcommand("drift", "Population stability of the score and each measure between two stored periods");
    cmd->footer(
        "The population stability index (PSI) of the score and of each measure's raw value in --to against\n"
        "--from, over bins at the quantiles of --from (missing values a bin of their own). PSI < 0.10 is\n"
        "stable, 0.10 to 0.25 a moderate shift, 0.25 and above a significant one.\n\n"
        "Examples:\n"
        "  vitals drift --store health.db --from 2026-10 --to 2026-11\n"
        "  vitals drift --store health.db --from 2026-01 --to 2026-11 --format json");
    cmd->add_option("--store", o->store, "The history store (vitals score --store)")->required()->type_name("FILE");
    cmd->add_option("--from", o->from, "The reference period")->required()->type_name("PERIOD");
    cmd->add_option("--to", o->to, "The later period")->required()->type_name("PERIOD");
    cmd->add_option("--bins", o->bins, "Quantile bins of the reference period (default 10)")->transform(count_range(2, 1000));
    cmd->add_option("-f,--format", o->format, "table, csv or json (default: table on a terminal, else csv)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->callback([o, &exit_code] { exit_code = run_drift(*o); });
}

void add_bands_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<bands_options>();
    CLI::App* cmd = app.add_subcommand("bands", "Band cut-offs that give a stored period the share per band wanted");
    cmd->footer(
        "Proposes cut-offs for each scorecard of --period so that the bands given a target hold that share\n"
        "of the accounts with a score (within one account; a tie of scores is never split). A target for\n"
        "a band moves the cut-off above it; one for the top band alone moves the cut-off below it; cut-offs\n"
        "no target moves stay. Shows the share each band holds now and would hold. Scores before overrides.\n\n"
        "Examples:\n"
        "  vitals bands --store health.db --period 2026-11 --target-red 20%\n"
        "  vitals bands --store health.db --period 2026-11 --target-red 15% --target-yellow 35%\n"
        "  vitals bands --store health.db --period 2026-11 --target at-risk=0.1 --format json");
    cmd->add_option("--store", o->store, "The history store (vitals score --store)")->required()->type_name("FILE");
    cmd->add_option("--period", o->period, "The period whose scores the cut-offs are fitted to")->required()->type_name("PERIOD");
    cmd->add_option("--target-red", o->red, "The share of accounts wanted in band red (20% or 0.2)")->type_name("SHARE");
    cmd->add_option("--target-yellow", o->yellow, "The share wanted in band yellow")->type_name("SHARE");
    cmd->add_option("--target-green", o->green, "The share wanted in band green")->type_name("SHARE");
    cmd->add_option("--target", o->targets, "BAND=SHARE for a band of any name (repeatable)")->type_name("BAND=SHARE");
    cmd->add_option("-f,--format", o->format, "table, csv or json (default: table on a terminal, else csv)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->callback([o, &exit_code] { exit_code = run_bands(*o); });
}

}  // namespace vitals::cli

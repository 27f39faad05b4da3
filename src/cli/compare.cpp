// vitals compare: a draft scorecard beside the live one on a stored period (docs/history.md, "Before
// a scorecard goes live").
//
// Both cards re-score the period's stored inputs (rescore(), store.hpp; overrides not applied), so the
// comparison is of the cards alone, on the same accounts. Shown: the share of accounts in each card's
// lowest band (the accounts a team will call), the band mix, the flip matrix (live band -> draft
// band), the accounts that change band, by revenue at risk under the draft, with the measures whose
// contribution moves most; and with --labels (a churn outcome per account), each card's ROC AUC and
// average precision on the accounts matched.
#include "commands.hpp"
#include "common.hpp"
#include "store.hpp"
#include "terminal.hpp"

#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/io/history_store.hpp"
#include "vitals/model/metrics.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

namespace vitals::cli {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct compare_options {
    std::string live, draft, store, period, labels, label_column, id_column = "account_id", format;
    std::int64_t top = 20;
};

struct side {
    std::string name;  ///< "live" / "draft"
    scorecard card;
    rescored_period r;
    std::vector<std::uint64_t> count;  ///< accounts per band (scored ones)
    std::uint64_t scored = 0;
    double roc_auc = nan, average_precision = nan;
};

struct flipped_account {
    std::size_t row = 0;
    double at_risk = nan;  ///< value x (100 - draft score) / 100
    std::vector<std::pair<std::string, double>> moves;  ///< measure, change in contribution; largest first
};

/// The churn label of each account id in `path` (column `label_column`, ids in `id_column`).
std::unordered_map<std::string, double> read_labels(const compare_options& o) {
    if (o.label_column.empty()) die(exit_usage, "--labels needs --label-column (the column holding 1 = churned, 0 = stayed)");
    auto reader = take(io::open_csv(o.labels), exit_usage);
    const auto header = reader->columns();
    const auto find = [&](const std::string& name, const char* option) {
        std::vector<std::size_t> at;
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) at.push_back(i);
        if (at.size() > 1)
            die(exit_usage, io::duplicate_column_message(reader->source(), reader->header_line(), name, at, "rename one"));
        if (at.empty()) {
            std::string list;
            for (const std::string& h : header) list += (list.empty() ? "" : ", ") + h;
            die(exit_usage, fmt::format("{}: no column \"{}\" ({}; the columns are: {})", reader->source(), name, option, list));
        }
        return at[0];
    };
    const std::size_t id = find(o.id_column, "--id-column"), label = find(o.label_column, "--label-column");
    io::selection sel;
    sel.id_column = id;
    sel.text_columns.push_back(label);
    take(reader->select(std::move(sel)), exit_failure);
    std::unordered_map<std::string, double> out;
    io::account_chunk chunk;
    for (;;) {
        const std::size_t n = take(reader->read(chunk, 65536));
        if (n == 0) break;
        for (std::size_t r = 0; r < n; ++r) {
            const std::string& text = chunk.text(r, 0);
            const io::cell_value y = io::parse_label(text);
            if (y.kind == io::cell_kind::invalid)
                die(exit_usage, fmt::format("{}:{}:{}: label \"{}\" (column {}) is not 0/1, true/false or yes/no", reader->source(),
                                            chunk.origins[r], label + 1, text, o.label_column));
            if (y.kind == io::cell_kind::missing) continue;  // an account without an outcome yet
            if (!out.emplace(chunk.ids[r], y.value).second)
                die(exit_usage, fmt::format("{}:{}: account {} is labelled twice", reader->source(), chunk.origins[r], chunk.ids[r]));
        }
    }
    return out;
}

std::string percent(double share) { return std::isnan(share) ? "-" : fmt::format("{:.1f}%", 100.0 * share); }
std::string points(double x) { return std::isnan(x) ? "-" : fmt::format("{:+.1f}", x); }

int run_compare(const compare_options& o) {
    if (o.top < 0) die(exit_usage, "--top must not be negative");
    const io::history_store store = take(io::history_store::open(o.store, io::history_store::mode::read));
    const io::stored_snapshot snap = take(store.snapshot(o.period), exit_usage);
    const std::size_t n = snap.accounts.size();
    if (n == 0) die(exit_usage, fmt::format("{}: period {} holds no accounts", o.store, o.period));

    std::vector<side> sides;
    for (const auto& [name, path] : {std::pair{"live", &o.live}, std::pair{"draft", &o.draft}}) {
        side s{name, load_card(*path), {}, {}, 0};
        s.r = rescore(s.card, snap, false);
        s.count.assign(s.card.bands().labels.size(), 0);
        for (std::size_t r = 0; r < n; ++r)
            if (s.r.band[r] != bands::none) {
                ++s.count[static_cast<std::size_t>(s.r.band[r])];
                ++s.scored;
            }
        sides.push_back(std::move(s));
    }
    const side& live = sides[0];
    const side& draft = sides[1];

    // the flip matrix: rows live bands, columns draft bands, each with a "no data" slot at the end
    const std::size_t L = live.count.size() + 1, D = draft.count.size() + 1;
    std::vector<std::uint64_t> flips(L * D, 0);
    const auto slot = [](std::int32_t band, std::size_t size) { return band == bands::none ? size - 1 : static_cast<std::size_t>(band); };
    std::vector<flipped_account> flipped;
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t a = slot(live.r.band[r], L), b = slot(draft.r.band[r], D);
        ++flips[a * D + b];
        if (live.card.bands().label(live.r.band[r]) == draft.card.bands().label(draft.r.band[r])) continue;
        flipped_account f{r, snap.accounts[r].value * (100.0 - draft.r.score[r]) / 100.0, {}};
        const auto contribution = [&](const side& s, const std::string& measure) {
            const auto& ms = s.card.measures();
            for (std::size_t m = 0; m < ms.size(); ++m)
                if (ms[m].name == measure) {
                    const double c = s.r.contributions[r * ms.size() + m];
                    return std::isnan(c) ? 0.0 : c;
                }
            return 0.0;
        };
        std::vector<std::string> names;
        for (const side* s : {&live, &draft})
            for (const measure& m : s->card.measures())
                if (std::find(names.begin(), names.end(), m.name) == names.end()) names.push_back(m.name);
        for (const std::string& m : names) {
            const double change = contribution(draft, m) - contribution(live, m);
            if (change != 0.0) f.moves.emplace_back(m, change);
        }
        std::stable_sort(f.moves.begin(), f.moves.end(),
                         [](const auto& x, const auto& y) { return std::abs(x.second) > std::abs(y.second); });
        flipped.push_back(std::move(f));
    }
    // revenue at risk, highest first; accounts without a value (or a draft score) last, in book order
    std::stable_sort(flipped.begin(), flipped.end(), [](const flipped_account& x, const flipped_account& y) {
        if (std::isnan(x.at_risk) || std::isnan(y.at_risk)) return !std::isnan(x.at_risk) && std::isnan(y.at_risk);
        return x.at_risk > y.at_risk;
    });

    std::size_t labelled = 0, churned = 0;
    if (!o.labels.empty()) {
        const auto labels = read_labels(o);
        std::vector<double> y, risk_live, risk_draft;
        for (std::size_t r = 0; r < n; ++r) {
            const auto it = labels.find(snap.accounts[r].id);
            if (it == labels.end() || std::isnan(live.r.score[r]) || std::isnan(draft.r.score[r])) continue;
            y.push_back(it->second);
            risk_live.push_back(100.0 - live.r.score[r]);
            risk_draft.push_back(100.0 - draft.r.score[r]);
        }
        labelled = y.size();
        for (double v : y) churned += v == 1.0 ? 1 : 0;
        if (labelled == 0)
            die(exit_usage, fmt::format("{}: no account of period {} with a score under both cards has a label (ids read from column {})",
                                        o.labels, o.period, o.id_column));
        if (churned == 0 || churned == labelled)
            die(exit_usage, fmt::format("{}: the {} labelled accounts of period {} all {}; AUC needs both outcomes", o.labels, labelled,
                                        o.period, churned == 0 ? "stayed" : "churned"));
        sides[0].roc_auc = take(model::roc_auc(risk_live, y));
        sides[0].average_precision = take(model::average_precision(risk_live, y));
        sides[1].roc_auc = take(model::roc_auc(risk_draft, y));
        sides[1].average_precision = take(model::average_precision(risk_draft, y));
    }

    const auto share = [](std::uint64_t k, std::uint64_t of) { return of ? static_cast<double>(k) / static_cast<double>(of) : nan; };
    const auto band_name = [](const side& s, std::size_t i) {
        return i < s.count.size() ? std::string(s.card.bands().labels[i]) : std::string("no data");
    };
    const std::size_t shown = o.top == 0 ? flipped.size() : std::min(flipped.size(), static_cast<std::size_t>(o.top));
    const std::string format = !o.format.empty() ? o.format : is_terminal(STDOUT_FILENO) ? "table" : "csv";
    std::string out;
    if (format == "csv") {
        // one row per account that changes band (the table's detail); the summary is in table and json
        out = "account_id,live_band,draft_band,live_score,draft_score,value,at_risk,top_measure,top_change\n";
        for (std::size_t k = 0; k < flipped.size(); ++k) {
            const flipped_account& f = flipped[k];
            append_csv_field(out, snap.accounts[f.row].id);
            out += ',';
            append_csv_field(out, std::string(live.card.bands().label(live.r.band[f.row])));
            out += ',';
            append_csv_field(out, std::string(draft.card.bands().label(draft.r.band[f.row])));
            for (double x : {live.r.score[f.row], draft.r.score[f.row], snap.accounts[f.row].value, f.at_risk}) {
                out += ',';
                if (!std::isnan(x)) append_exact(out, x);
            }
            out += ',';
            if (!f.moves.empty()) {
                append_csv_field(out, f.moves[0].first);
                out += ',';
                append_exact(out, f.moves[0].second);
            } else {
                out += ',';
            }
            out += '\n';
        }
    } else if (format == "json") {
        const auto number = [](double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(); };
        nlohmann::ordered_json j{{"store", o.store}, {"period", o.period}, {"accounts", n}};
        for (const side& s : sides) {
            nlohmann::ordered_json c{{"scorecard", s.card.name()}, {"scored", s.scored},
                                     {"lowest_band", s.card.bands().labels.front()},
                                     {"lowest_band_share", number(share(s.count.front(), s.scored))}};
            c["bands"] = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < s.count.size(); ++i)
                c["bands"].push_back({{"band", s.card.bands().labels[i]}, {"accounts", s.count[i]}, {"share", number(share(s.count[i], s.scored))}});
            if (!o.labels.empty()) {
                c["roc_auc"] = number(s.roc_auc);
                c["average_precision"] = number(s.average_precision);
            }
            j[s.name] = std::move(c);
        }
        if (!o.labels.empty()) j["labelled"] = {{"accounts", labelled}, {"churned", churned}};
        nlohmann::ordered_json m = nlohmann::ordered_json::array();
        for (std::size_t a = 0; a < L; ++a)
            for (std::size_t b = 0; b < D; ++b)
                if (flips[a * D + b] != 0) m.push_back({{"live", band_name(live, a)}, {"draft", band_name(draft, b)}, {"accounts", flips[a * D + b]}});
        j["flips"] = std::move(m);
        j["changed_band"] = flipped.size();
        j["accounts_changing_band"] = nlohmann::ordered_json::array();
        for (std::size_t k = 0; k < shown; ++k) {
            const flipped_account& f = flipped[k];
            nlohmann::ordered_json a{{"account_id", snap.accounts[f.row].id},
                                     {"live_band", live.card.bands().label(live.r.band[f.row])},
                                     {"draft_band", draft.card.bands().label(draft.r.band[f.row])},
                                     {"live_score", number(live.r.score[f.row])},
                                     {"draft_score", number(draft.r.score[f.row])},
                                     {"value", number(snap.accounts[f.row].value)},
                                     {"at_risk", number(f.at_risk)}};
            a["measures"] = nlohmann::ordered_json::array();
            for (std::size_t q = 0; q < std::min<std::size_t>(3, f.moves.size()); ++q)
                a["measures"].push_back({{"measure", f.moves[q].first}, {"change", f.moves[q].second}});
            j["accounts_changing_band"].push_back(std::move(a));
        }
        out = json_text(j, 2, o.store, "write CSV") + "\n";
    } else {
        out = fmt::format("period {}: {} accounts re-scored from their stored inputs (overrides not applied)\n", o.period, grouped(n));
        std::size_t w = 5;
        for (const side& s : sides) w = std::max(w, s.card.name().size() + 8);
        out += fmt::format("  {:<{}}  {:>8}  {:>12}", "", w, "scored", "lowest band");
        if (!o.labels.empty()) out += fmt::format("  {:>7}  {:>17}", "ROC AUC", "average precision");
        out += '\n';
        for (const side& s : sides) {
            out += fmt::format("  {:<{}}  {:>8}  {:>12}", fmt::format("{} ({})", s.name, s.card.name()), w, grouped(s.scored),
                               fmt::format("{} {}", s.card.bands().labels.front(), percent(share(s.count.front(), s.scored))));
            if (!o.labels.empty()) out += fmt::format("  {:>7.4f}  {:>17.4f}", s.roc_auc, s.average_precision);
            out += '\n';
        }
        if (!o.labels.empty())
            out += fmt::format("  on {} labelled accounts ({} churned) from {}\n", grouped(labelled), grouped(churned), o.labels);
        out += "\nband mix\n";
        for (const side& s : sides) {
            out += fmt::format("  {:<6}", s.name);
            for (std::size_t i = 0; i < s.count.size(); ++i)
                out += fmt::format("  {} {} ({})", s.card.bands().labels[i], percent(share(s.count[i], s.scored)), grouped(s.count[i]));
            out += '\n';
        }
        out += "\nflips (rows: live band, columns: draft band)\n";
        std::size_t cw = 7;
        for (std::size_t b = 0; b < D; ++b) cw = std::max(cw, band_name(draft, b).size());
        std::size_t rw = 7;
        for (std::size_t a = 0; a < L; ++a) rw = std::max(rw, band_name(live, a).size());
        out += fmt::format("  {:<{}}", "", rw);
        for (std::size_t b = 0; b < D; ++b) out += fmt::format("  {:>{}}", band_name(draft, b), cw);
        out += '\n';
        for (std::size_t a = 0; a < L; ++a) {
            out += fmt::format("  {:<{}}", band_name(live, a), rw);
            for (std::size_t b = 0; b < D; ++b) out += fmt::format("  {:>{}}", grouped(flips[a * D + b]), cw);
            out += '\n';
        }
        out += fmt::format("\n{} account{} change band", grouped(flipped.size()), flipped.size() == 1 ? "" : "s");
        if (shown < flipped.size()) out += fmt::format("; the {} with the most revenue at risk under the draft", shown);
        out += shown ? ":\n" : "\n";
        std::vector<std::array<std::string, 5>> cells;  // account, band change, score change, at risk, measures
        for (std::size_t k = 0; k < shown; ++k) {
            const flipped_account& f = flipped[k];
            std::string why;
            for (std::size_t q = 0; q < std::min<std::size_t>(3, f.moves.size()); ++q)
                why += fmt::format("{}{} {}", q ? "; " : "", f.moves[q].first, points(f.moves[q].second));
            const auto score = [](double x) { return std::isnan(x) ? std::string("-") : fmt::format("{:.1f}", x); };
            cells.push_back({snap.accounts[f.row].id,
                             fmt::format("{} -> {}", live.card.bands().label(live.r.band[f.row]), draft.card.bands().label(draft.r.band[f.row])),
                             score(live.r.score[f.row]) + " -> " + score(draft.r.score[f.row]),
                             std::isnan(f.at_risk) ? "-" : grouped(static_cast<std::uint64_t>(std::llround(std::max(0.0, f.at_risk)))), why});
        }
        if (!cells.empty()) {
            std::array<std::string, 5> head{"account_id", "band", "score", "at risk", "measures (points)"};
            std::array<std::size_t, 5> width{};
            for (std::size_t c = 0; c < 5; ++c) width[c] = head[c].size();
            for (const auto& row : cells)
                for (std::size_t c = 0; c < 5; ++c) width[c] = std::max(width[c], row[c].size());
            cells.insert(cells.begin(), head);
            for (const auto& row : cells)
                out += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:>{}}  {}\n", row[0], width[0], row[1], width[1], row[2], width[2], row[3], width[3], row[4]);
        }
    }
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
        die(exit_failure, "standard output: cannot write");
    return exit_ok;
}

}  // namespace

void add_compare_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<compare_options>();
    CLI::App* cmd = app.add_subcommand("compare", "A draft scorecard beside the live one on a stored period");
    cmd->footer(
        "Re-scores --period's stored inputs with --live and with --draft (overrides not applied) and shows\n"
        "the share of accounts in each card's lowest band, the band mix, which accounts change band (by\n"
        "revenue at risk under the draft, with the measures that move them) and, with --labels, each card's\n"
        "ROC AUC and average precision on the accounts whose outcome is known. The draft must read only\n"
        "inputs the period stored. CSV output lists the accounts that change band.\n\n"
        "Examples:\n"
        "  vitals compare --live scorecard.json --draft draft.json --store health.db --period 2026-11\n"
        "  vitals compare --live scorecard.json --draft draft.json --store health.db --period 2026-05 \\\n"
        "      --labels outcomes.csv --label-column churned");
    cmd->add_option("--live", o->live, "The scorecard in use (a file; \"\" for the built-in one)")->required()->type_name("FILE");
    cmd->add_option("--draft", o->draft, "The scorecard proposed")->required()->type_name("FILE");
    cmd->add_option("--store", o->store, "The history store (vitals score --store)")->required()->type_name("FILE");
    cmd->add_option("--period", o->period, "The stored period both cards score")->required()->type_name("PERIOD");
    cmd->add_option("--labels", o->labels, "CSV of churn outcomes per account, for ROC AUC and average precision")->type_name("FILE");
    cmd->add_option("--label-column", o->label_column, "The outcome column of --labels (1 = churned, 0 = stayed)")->type_name("NAME");
    cmd->add_option("--id-column", o->id_column, "The account id column of --labels (default account_id)")->type_name("NAME");
    cmd->add_option("--top", o->top, "Accounts that change band to list (default 20; 0 for all)")->type_name("N");
    cmd->add_option("-f,--format", o->format, "table, csv or json (default: table on a terminal, else csv)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->callback([o, &exit_code] { exit_code = run_compare(*o); });
}

}  // namespace vitals::cli

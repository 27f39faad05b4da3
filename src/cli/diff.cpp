// vitals diff: why scores changed between two stored periods (docs/history.md, "Why it changed").
//
// Each account in both periods: its change in score, attributed to its measures — each measure's
// change in contribution (points in the score), measures matched by name, a measure in one period only
// counting its whole contribution — plus the change of a score override (the score minus the points
// its measures make: 0 without one). The parts add up to the change in score. Band changes, alerts
// raised (fired or held) that were not and cleared ones, quadrant moves; listed by revenue at risk in
// the later period, highest first.
#include "commands.hpp"
#include "common.hpp"
#include "store.hpp"
#include "terminal.hpp"

#include "vitals/batch.hpp"
#include "vitals/io/history_store.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/signals/trend_columns.hpp"
#include "vitals/survey.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <unordered_map>

namespace vitals::cli {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct diff_options {
    std::string store, from, to, account, format;
    std::int64_t top = 20;
};

struct measure_change {
    const std::string* measure = nullptr;  ///< the name, in the stored snapshot
    double from = 0, to = 0;  ///< contributions (0 when the measure is not in that period's card)
    double data = nan, card = nan;  ///< the split of change(), when there is one
    [[nodiscard]] double change() const { return to - from; }
};

/// Why the data / scorecard split cannot be made ("" when it can): it re-scores stored inputs, so
/// it needs single cards that read only inputs the book held.
std::string no_split(const io::stored_snapshot& p, const std::optional<scorecard>& card) {
    if (!card) return "period " + p.period.period + " was scored with a scorecard set";
    std::vector<std::string> derived = trend_column_names(*card);
    for (std::size_t k = 0; k < survey_column_count; ++k) derived.emplace_back(column_name(static_cast<survey_column>(k)));
    for (const std::string& in : card->inputs())
        if (std::find(derived.begin(), derived.end(), in) != derived.end())
            return "scorecard v" + std::to_string(p.period.scorecard) + " reads " + in + ", which a side file derives";
    return "";
}

struct account_diff {
    std::string id;
    const io::stored_account* a = nullptr;  ///< from
    const io::stored_account* b = nullptr;  ///< to
    std::size_t row_a = 0, row_b = 0;       ///< their rows in the snapshots
    double change = nan, override_change = nan, at_risk = nan;
    double data = nan, card = nan, other = nan;  ///< the split: change = data + card + other (overrides)
    std::vector<measure_change> measures;  ///< largest change first
    std::vector<std::string> raised, cleared;
};

std::set<std::string> raised_of(const io::stored_account& a) {
    std::set<std::string> out;
    for (const std::string* list : {&a.alerts, &a.held_alerts}) {
        std::string_view l = *list;
        while (!l.empty()) {
            const std::size_t semi = l.find(';');
            out.emplace(l.substr(0, semi));
            if (semi == std::string_view::npos) break;
            l.remove_prefix(semi + 1);
        }
    }
    return out;
}

double measured(const io::stored_account& a) {
    double s = 0;
    for (double c : a.contributions) s += std::isnan(c) ? 0.0 : c;
    return s;
}

account_diff compare(const io::stored_snapshot& p1, const io::stored_snapshot& p2, const io::stored_account& a,
                     const io::stored_account& b) {
    account_diff d;
    d.id = b.id;
    d.a = &a;
    d.b = &b;
    if (!std::isnan(b.value) && !std::isnan(b.score)) d.at_risk = b.value * (100.0 - b.score) / 100.0;
    const auto r1 = raised_of(a), r2 = raised_of(b);
    std::set_difference(r2.begin(), r2.end(), r1.begin(), r1.end(), std::back_inserter(d.raised));
    std::set_difference(r1.begin(), r1.end(), r2.begin(), r2.end(), std::back_inserter(d.cleared));
    if (std::isnan(a.score) || std::isnan(b.score) || a.contributions.empty() || b.contributions.empty()) return d;
    d.change = b.score - a.score;
    const auto& n1 = p1.measures[static_cast<std::size_t>(a.card)];
    const auto& n2 = p2.measures[static_cast<std::size_t>(b.card)];
    for (std::size_t m = 0; m < n2.size(); ++m) {
        measure_change c{&n2[m], 0.0, b.contributions[m]};
        if (const auto it = std::find(n1.begin(), n1.end(), n2[m]); it != n1.end()) c.from = a.contributions[static_cast<std::size_t>(it - n1.begin())];
        d.measures.push_back(c);
    }
    for (std::size_t m = 0; m < n1.size(); ++m)
        if (std::find(n2.begin(), n2.end(), n1[m]) == n2.end()) d.measures.push_back({&n1[m], a.contributions[m], 0.0});
    d.override_change = (b.score - measured(b)) - (a.score - measured(a));
    std::stable_sort(d.measures.begin(), d.measures.end(),
                     [](const measure_change& x, const measure_change& y) { return std::fabs(x.change()) > std::fabs(y.change()); });
    return d;
}

std::string signed_points(double x) { return std::isnan(x) ? "-" : fmt::format("{:+.1f}", x); }

std::string top_changes(const account_diff& d, std::size_t k) {
    std::string s;
    for (std::size_t m = 0; m < d.measures.size() && m < k; ++m) {
        if (std::fabs(d.measures[m].change()) < 0.05) break;
        s += fmt::format("{}{} {}", s.empty() ? "" : "; ", *d.measures[m].measure, signed_points(d.measures[m].change()));
    }
    return s;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ";") + x;
    return s;
}

int run_diff(const diff_options& o) {
    if (o.from == o.to) die(exit_usage, "--from and --to name the same period");
    io::history_store store = take(io::history_store::open(o.store, io::history_store::mode::read));
    const io::stored_snapshot p1 = take(store.snapshot(o.from, o.account), exit_usage);
    const io::stored_snapshot p2 = take(store.snapshot(o.to, o.account), exit_usage);
    const auto single = [](const io::stored_snapshot& p) -> std::optional<scorecard> {
        if (p.measures.size() != 1) return std::nullopt;
        auto c = load_scorecard(p.scorecard_text);
        if (!c) return std::nullopt;
        return std::move(c).value();
    };
    const std::optional<scorecard> card1 = single(p1), card2 = single(p2);
    std::string split_note = no_split(p1, card1);
    if (split_note.empty()) split_note = no_split(p2, card2);
    if (!o.account.empty() && p1.accounts.empty() && p2.accounts.empty())
        die(exit_usage, fmt::format("{}: no account \"{}\" in {} or {}", o.store, o.account, o.from, o.to));
    std::unordered_map<std::string_view, const io::stored_account*> before;
    for (const io::stored_account& a : p1.accounts) before.emplace(a.id, &a);
    // the split: P1's data with P1's card, P2's data with P1's card, P2's data with P2's card
    rescored_period s11, s21, s22;
    if (split_note.empty()) {
        s11 = rescore(*card1, p1, /*allow_absent=*/true);
        s21 = rescore(*card1, p2, /*allow_absent=*/true);
        s22 = rescore(*card2, p2, /*allow_absent=*/true);
    }
    std::vector<account_diff> diffs;
    std::vector<std::string> added, removed;
    std::unordered_map<std::string_view, bool> after;
    for (const io::stored_account& b : p2.accounts) {
        after.emplace(b.id, true);
        const auto it = before.find(b.id);
        if (it == before.end()) added.push_back(b.id);
        else {
            account_diff d = compare(p1, p2, *it->second, b);
            d.row_a = static_cast<std::size_t>(it->second - p1.accounts.data());
            d.row_b = static_cast<std::size_t>(&b - p2.accounts.data());
            if (split_note.empty() && !std::isnan(d.change)) {
                const std::size_t M1 = card1->measures().size(), M2 = card2->measures().size();
                d.data = s21.score[d.row_b] - s11.score[d.row_a];
                d.card = s22.score[d.row_b] - s21.score[d.row_b];
                d.other = d.change - d.data - d.card;
                for (measure_change& c : d.measures) {
                    const auto i1 = card1->measure_index(*c.measure), i2 = card2->measure_index(*c.measure);
                    const double c11 = i1 == npos ? 0.0 : s11.contributions[d.row_a * M1 + i1];
                    const double c21 = i1 == npos ? 0.0 : s21.contributions[d.row_b * M1 + i1];
                    const double c22 = i2 == npos ? 0.0 : s22.contributions[d.row_b * M2 + i2];
                    c.data = c21 - c11;
                    c.card = c22 - c21;
                }
            }
            diffs.push_back(std::move(d));
        }
    }
    for (const io::stored_account& a : p1.accounts)
        if (!after.count(a.id)) removed.push_back(a.id);
    std::stable_sort(diffs.begin(), diffs.end(), [](const account_diff& x, const account_diff& y) {
        if (std::isnan(x.at_risk) != std::isnan(y.at_risk)) return std::isnan(y.at_risk);
        return x.at_risk > y.at_risk;
    });

    const std::string format = !o.format.empty() ? o.format : is_terminal(STDOUT_FILENO) ? "table" : "csv";
    std::string out;
    const auto num = [](std::string& s, double x) {
        if (!std::isnan(x)) append_exact(s, x);
    };
    if (format == "csv") {
        out = "account_id,score_from,score_to,change,band_from,band_to,quadrant_from,quadrant_to,at_risk,raised,cleared,"
              "override_change,data_change,scorecard_change,measure_changes\n";
        for (const account_diff& d : diffs) {
            append_csv_field(out, d.id);
            for (double x : {d.a->score, d.b->score, d.change}) {
                out += ',';
                num(out, x);
            }
            for (const std::string* t : {&d.a->band, &d.b->band, &d.a->quadrant, &d.b->quadrant}) {
                out += ',';
                append_csv_field(out, *t);
            }
            out += ',';
            num(out, d.at_risk);
            out += ',';
            append_csv_field(out, joined(d.raised));
            out += ',';
            append_csv_field(out, joined(d.cleared));
            for (double x : {d.override_change, d.data, d.card}) {
                out += ',';
                num(out, x);
            }
            out += ',';
            std::string m;  // every measure: name=change, largest first
            for (const measure_change& c : d.measures) {
                m += (m.empty() ? "" : ";") + *c.measure + "=";
                append_exact(m, c.change());
            }
            append_csv_field(out, m);
            out += '\n';
            if (out.size() >= (std::size_t{1} << 20)) {
                if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) die(exit_failure, "standard output: cannot write");
                out.clear();
            }
        }
    } else if (format == "json") {
        nlohmann::ordered_json j;
        j["store"] = o.store;
        j["from"] = o.from;
        j["to"] = o.to;
        j["scorecard_from"] = p1.period.scorecard;
        j["scorecard_to"] = p2.period.scorecard;
        j["split"] = split_note.empty() ? nlohmann::ordered_json("data and scorecard") : nlohmann::ordered_json(split_note);
        j["accounts"] = nlohmann::ordered_json::array();
        const auto number = [](double x) { return std::isnan(x) ? nlohmann::ordered_json() : nlohmann::ordered_json(x); };
        for (const account_diff& d : diffs) {
            nlohmann::ordered_json a{{"account_id", d.id},        {"score_from", number(d.a->score)},
                                     {"score_to", number(d.b->score)}, {"change", number(d.change)},
                                     {"band_from", d.a->band},     {"band_to", d.b->band},
                                     {"quadrant_from", d.a->quadrant}, {"quadrant_to", d.b->quadrant},
                                     {"at_risk", number(d.at_risk)}, {"raised", d.raised},
                                     {"cleared", d.cleared},       {"override_change", number(d.override_change)},
                                     {"data_change", number(d.data)}, {"scorecard_change", number(d.card)}};
            a["measures"] = nlohmann::ordered_json::array();
            for (const measure_change& c : d.measures)
                a["measures"].push_back({{"measure", *c.measure}, {"from", c.from}, {"to", c.to}, {"change", c.change()},
                                         {"data_change", number(c.data)}, {"scorecard_change", number(c.card)}});
            j["accounts"].push_back(std::move(a));
        }
        j["new_accounts"] = added;
        j["gone_accounts"] = removed;
        out = json_text(j, 2, o.store, "write CSV") + "\n";
    } else {
        std::size_t up = 0, down = 0, bands = 0;
        for (const account_diff& d : diffs) {
            if (d.change > 0.05) ++up;
            if (d.change < -0.05) ++down;
            if (d.a->band != d.b->band) ++bands;
        }
        out += fmt::format("{} -> {}: {} account{} in both (scorecard v{} -> v{}); {} up, {} down by more than 0.05 points, "
                           "{} changed band; {} new, {} gone\n",
                           o.from, o.to, grouped(diffs.size()), diffs.size() == 1 ? "" : "s", p1.period.scorecard, p2.period.scorecard, grouped(up),
                           grouped(down), grouped(bands), grouped(added.size()), grouped(removed.size()));
        if (split_note.empty()) {
            double data = 0, card = 0, other = 0;
            for (const account_diff& d : diffs)
                if (!std::isnan(d.data)) {
                    data += d.data;
                    card += d.card;
                    other += d.other;
                }
            out += fmt::format("change in points summed over the accounts: {} from the data (with v{}), {} from the scorecard "
                               "(v{} -> v{}){}\n",
                               signed_points(data), p1.period.scorecard, signed_points(card), p1.period.scorecard,
                               p2.period.scorecard, std::fabs(other) >= 0.05 ? ", " + signed_points(other) + " from overrides" : "");
        } else {
            out += "no data / scorecard split: " + split_note + "\n";
        }
        if (!o.account.empty() && diffs.size() == 1) {
            const account_diff& d = diffs[0];
            out += fmt::format("{}: score {} -> {} ({}), band {} -> {}, quadrant {} -> {}\n", d.id, fixed(d.a->score, 1),
                               fixed(d.b->score, 1), signed_points(d.change), d.a->band.empty() ? "-" : d.a->band,
                               d.b->band.empty() ? "-" : d.b->band, d.a->quadrant.empty() ? "-" : d.a->quadrant,
                               d.b->quadrant.empty() ? "-" : d.b->quadrant);
            std::size_t w = 14;
            for (const measure_change& c : d.measures) w = std::max(w, c.measure->size());
            out += fmt::format("  {:<{}}  {:>6}  {:>6}  {:>6}  {:>6}  {:>9}\n", "measure", w, "from", "to", "change", "data",
                               "scorecard");
            const auto part = [](double x) { return std::isnan(x) ? std::string("-") : fmt::format("{:+.2f}", x); };
            for (const measure_change& c : d.measures)
                out += fmt::format("  {:<{}}  {:>6.2f}  {:>6.2f}  {:>+6.2f}  {:>6}  {:>9}\n", *c.measure, w, c.from, c.to, c.change(),
                                   part(c.data), part(c.card));
            if (std::fabs(d.override_change) >= 0.005)
                out += fmt::format("  {:<{}}  {:>6}  {:>6}  {:>+6.2f}\n", "score override", w, "", "", d.override_change);
            if (!d.raised.empty()) out += "  raised: " + joined(d.raised) + "\n";
            if (!d.cleared.empty()) out += "  cleared: " + joined(d.cleared) + "\n";
        } else {
            std::vector<std::vector<std::string>> rows{{"account_id", "score", "change", "band", "at risk", "measures (points)", "alerts"}};
            for (std::size_t k = 0; k < diffs.size() && (o.top == 0 || k < static_cast<std::size_t>(o.top)); ++k) {
                const account_diff& d = diffs[k];
                std::string alerts;
                for (const std::string& r : d.raised) alerts += (alerts.empty() ? "+" : " +") + r;
                for (const std::string& c : d.cleared) alerts += (alerts.empty() ? "-" : " -") + c;
                rows.push_back({d.id, fmt::format("{} -> {}", fixed(d.a->score, 1), fixed(d.b->score, 1)), signed_points(d.change),
                                d.a->band == d.b->band ? d.b->band : (d.a->band.empty() ? "-" : d.a->band) + " -> " + (d.b->band.empty() ? "-" : d.b->band),
                                std::isnan(d.at_risk) ? "-" : grouped(static_cast<std::uint64_t>(std::llround(d.at_risk))),
                                top_changes(d, 3), alerts});
            }
            std::vector<std::size_t> width(rows[0].size(), 0);
            for (const auto& r : rows)
                for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
            for (const auto& r : rows) {
                std::string line;
                for (std::size_t c = 0; c < r.size(); ++c)
                    line += (c ? "  " : "") + (c == 2 || c == 4 ? fmt::format("{:>{}}", r[c], width[c]) : fmt::format("{:<{}}", r[c], width[c]));
                while (!line.empty() && line.back() == ' ') line.pop_back();
                out += line + '\n';
            }
            if (o.top > 0 && diffs.size() > static_cast<std::size_t>(o.top))
                out += fmt::format("... {} more accounts (--top 0 for all, or --format csv)\n", grouped(diffs.size() - static_cast<std::size_t>(o.top)));
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (std::fflush(stdout) != 0) die(exit_failure, "standard output: cannot write");
    return exit_ok;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<diff_options>();
    CLI::App* cmd = app.add_subcommand("diff", "Why scores changed between two periods of a history store");
    cmd->footer(
        "Each account in both periods: its change in score, and each measure's change in contribution\n"
        "(points in the score), which add up to it (with the change of a score override, if any); band\n"
        "changes, alerts raised and cleared, quadrant moves. Highest revenue at risk (in --to) first.\n\n"
        "Examples:\n"
        "  vitals diff --store health.db --from 2026-10 --to 2026-11\n"
        "  vitals diff --store health.db --from 2026-10 --to 2026-11 --account ACC-00000042\n"
        "  vitals diff --store health.db --from 2026-10 --to 2026-11 --format csv > changes.csv");
    cmd->add_option("--store", o->store, "The history store (vitals score --store)")->required()->type_name("FILE");
    cmd->add_option("--from", o->from, "The earlier period")->required()->type_name("PERIOD");
    cmd->add_option("--to", o->to, "The later period")->required()->type_name("PERIOD");
    cmd->add_option("--account", o->account, "Only this account (the table shows every measure)")->type_name("ID");
    cmd->add_option("-f,--format", o->format, "table, csv or json (default: table on a terminal, else csv)")
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd->add_option("--top", o->top, "Table: the first N accounts (default 20; 0 = all)")
        ->transform(count_range(0, std::numeric_limits<std::int64_t>::max()));
    cmd->callback([o, &exit_code] { exit_code = run_diff(*o); });
}

}  // namespace vitals::cli

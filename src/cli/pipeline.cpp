// Scoring with signals (see pipeline.hpp).
#include "pipeline.hpp"

#include "output.hpp"

#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/io/sqlite_reader.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"
#include "vitals/survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <set>

namespace vitals::cli {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

std::string join(const std::vector<std::string>& names, std::string_view sep = ", ") {
    std::string out;
    for (const std::string& n : names) {
        if (!out.empty()) out += sep;
        out += n;
    }
    return out;
}

/// A long side file (CSV): its columns by name, read whole.
struct side_file {
    std::unique_ptr<io::account_reader> reader;
    std::string option;  ///< "--history" etc., for messages

    side_file(const std::string& path, std::string opt) : option(std::move(opt)) {
        if (path == "-") die(exit_usage, option + ": standard input is for the accounts; give a file");
        reader = take(io::open_csv(path), exit_usage);
    }
    /// The index of a column, or nullopt.
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const {
        const auto cols = reader->columns();
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (cols[c] == name) return c;
        return std::nullopt;
    }
    [[nodiscard]] std::size_t required(std::string_view name, std::string_view format) const {
        const auto c = column(name);
        if (!c)
            die(exit_usage, fmt::format("{}: no column \"{}\" ({} expects {})", reader->source(), name, option, format));
        return *c;
    }
    /// Reads every row; `row(chunk, r)` is called for each.
    template <class Row>
    void read(io::selection sel, Row row) {
        take(reader->select(std::move(sel)), exit_failure);
        io::account_chunk chunk;
        for (;;) {
            const std::size_t n = take(reader->read(chunk, 65536), exit_usage);
            if (n == 0) break;
            for (std::size_t r = 0; r < n; ++r) row(chunk, r);
        }
    }
    [[nodiscard]] std::string place(const io::account_chunk& c, std::size_t r) const {
        return reader->source() + ":" + std::to_string(c.origins[r]);
    }
};

/// Periods in order: as numbers when every label is one, else as text.
std::vector<std::string> sort_periods(std::set<std::string> labels) {
    std::vector<std::string> out(labels.begin(), labels.end());  // text order
    bool numeric = true;
    for (const std::string& l : out) numeric &= io::parse_cell(l).kind == io::cell_kind::number;
    if (numeric)
        std::stable_sort(out.begin(), out.end(),
                         [](const std::string& a, const std::string& b) { return io::parse_cell(a).value < io::parse_cell(b).value; });
    return out;
}

std::size_t period_index(const std::vector<std::string>& periods, const std::string& p) {
    return static_cast<std::size_t>(std::lower_bound(periods.begin(), periods.end(), p,
                                                     [&](const std::string& a, const std::string& b) {
                                                         const auto ka = io::parse_cell(a), kb = io::parse_cell(b);
                                                         if (ka.kind == io::cell_kind::number &&
                                                             kb.kind == io::cell_kind::number)
                                                             return ka.value < kb.value;
                                                         return a < b;
                                                     }) -
                                    periods.begin());
}

}  // namespace

// ---- options -----------------------------------------------------------------------------------

void signal_options::add_to(CLI::App& cmd, bool quadrant_switch) {
    cmd.add_option("--history", history,
                   "Long CSV account_id,period,<metric>...: the history the scorecard's trends read")
        ->type_name("FILE");
    cmd.add_option("--previous", previous,
                   "Long CSV account_id,period,score[,alerts]: earlier scores (score trend, band downgrade, score drop, cooldowns)")
        ->type_name("FILE");
    cmd.add_option("--overrides", overrides, "CSV account_id,target,value,reason,author,expires: CSM overrides")
        ->type_name("FILE");
    cmd.add_option("--as-of", as_of, "The date overrides are judged on, YYYY-MM-DD (default: today, UTC)")
        ->type_name("DATE");
    cmd.add_option("--surveys", surveys,
                   "CSV account_id,respondent,role,answer: stakeholder answers (survey_nps, survey_participation, ...)")
        ->type_name("FILE");
    cmd.add_option("--value-column", value_column, "Numeric column with the account's value for quadrants (default arr)");
    auto* share = cmd.add_option("--high-value-share", high_value_share,
                                 "High value = the largest accounts holding this percent of revenue (default 50)")
                      ->check(CLI::Range(0.0, 100.0));
    auto* cut = cmd.add_option("--high-value-arr", high_value_arr, "High value = value at least this (instead of --high-value-share)");
    share->excludes(cut);
    cmd.add_option("--health-threshold", health_threshold,
                   "Healthy = score at least this (default: the lower cutoff of the scorecard's top band)")
        ->check(CLI::Range(0.0, 100.0));
    if (quadrant_switch) cmd.add_flag("--no-quadrant", no_quadrant, "No quadrant column even when the value column exists");
}

// ---- side tables -------------------------------------------------------------------------------

std::size_t account_index::add(const std::string& id) {
    auto [it, fresh] = row_of.emplace(id, ids.size());
    if (fresh) ids.push_back(id);
    return it->second;
}

std::int64_t account_index::find(const std::string& id) const {
    const auto it = row_of.find(id);
    return it == row_of.end() ? -1 : static_cast<std::int64_t>(it->second);
}

std::int32_t previous_table::since_fired(std::size_t row, std::string_view alert) const {
    const std::size_t P = periods.size();
    for (std::size_t j = P; j-- > 0;) {
        std::string_view list = alerts[row * P + j];
        while (!list.empty()) {
            const std::size_t semi = list.find(';');
            std::string_view name = io::detail::trim(list.substr(0, semi));
            if (name == alert) return static_cast<std::int32_t>(P - j);
            if (semi == std::string_view::npos) break;
            list.remove_prefix(semi + 1);
        }
    }
    return -1;
}

// ---- the session -------------------------------------------------------------------------------

scoring_session::scoring_session(const input_options& in, const signal_options& sig, unsigned threads,
                                 std::size_t chunk_rows, io::on_error policy)
    : set_(scorecard_set::single(default_scorecard())) {
    const auto start = clock_type::now();
    if (!in.scorecard.empty()) {
        auto s = load_scorecard_or_set_file(in.scorecard);
        if (!s) die(exit_usage, s.error().message);
        set_ = std::move(s).value();
    }
    for (const scorecard& c : set_.cards()) any_alerts_ |= !c.spec().alerts.empty();
    as_of_ = sig.as_of.empty() ? today_utc() : [&] {
        auto d = parse_date(sig.as_of);
        if (!d) die(exit_usage, "--as-of: " + d.error().message);
        return d.value();
    }();
    options_.threads = threads;
    options_.top_k = top_drivers;

    // the source
    if (!in.sqlite.empty()) {
        if (!in.input.empty()) die(exit_usage, "give either INPUT or --sqlite, not both");
        reader_ = take(io::open_sqlite(in.sqlite, in.query), exit_usage);
    } else {
        if (in.input.empty())
            die(exit_usage, "no input: give a CSV file (e.g. docs/examples/accounts.csv), '-' for standard input, "
                            "or --sqlite DB --query SQL");
        reader_ = take(io::open_csv(in.input), exit_usage);
    }
    reader_->set_on_error(policy);

    // the side files, indexed by account id
    if (!sig.history.empty()) load_history(sig.history, in.allow_missing_columns);
    if (!sig.surveys.empty()) load_surveys(sig.surveys);
    if (!sig.previous.empty()) load_previous(sig.previous);
    if (!sig.overrides.empty()) load_overrides(sig.overrides);

    bind(in, sig);

    // quadrants: the value column, the health threshold per card, the high-value cut-off
    quadrant_on_ = value_col_ >= 0 && !sig.no_quadrant;
    thresholds_.assign(set_.cards().size(), sig.health_threshold);
    if (quadrant_on_ && std::isnan(sig.health_threshold))
        for (std::size_t c = 0; c < set_.cards().size(); ++c) {
            auto t = portfolio::health_threshold_of(set_.cards()[c].bands());
            if (!t) die(exit_usage, "scorecard for " + set_.label(c) + ": " + t.error().message + " (--health-threshold)");
            thresholds_[c] = t.value();
        }
    if (quadrant_on_) {
        if (!std::isnan(sig.high_value_arr)) {
            if (!(sig.high_value_arr >= 0.0 && std::isfinite(sig.high_value_arr)))
                die(exit_usage, "--high-value-arr: must be a number >= 0");
            cutoff_ = sig.high_value_arr;
        } else {
            value_prepass(in, sig);
        }
    }
    setup_seconds_ = seconds_since(start);
    chunks_ = std::make_unique<chunk_prefetcher>(*reader_, std::max<std::size_t>(chunk_rows, 1));
}

scoring_session::~scoring_session() = default;

void scoring_session::load_history(const std::string& path, bool allow_absent) {
    std::vector<std::string> metrics;
    for (const scorecard& c : set_.cards())
        for (const std::string& m : history_metrics(c))
            if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    side_file f(path, "--history");
    const char* format = "account_id,period,<metric>,<metric>...";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    sel.text_columns = {f.required("period", format)};
    std::vector<std::string> present, absent;
    for (const std::string& m : metrics) {
        if (auto c = f.column(m)) {
            sel.value_columns.push_back(*c);
            present.push_back(m);
        } else {
            absent.push_back(m);
        }
    }
    if (!absent.empty() && !allow_absent)
        die(exit_usage, fmt::format("{}: no history of {}, which the scorecard's trends read; the columns are: {}"
                                    "\n  (score without it using --allow-missing-columns)",
                                    f.reader->source(), join(absent), join({f.reader->columns().begin(), f.reader->columns().end()})));
    // pass 1 in memory: rows as read, then placed by period
    struct cell {
        std::size_t account;
        std::string period;
        std::uint64_t line;
    };
    std::vector<cell> cells;
    std::vector<double> values;
    std::set<std::string> labels;
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        const std::string& period = c.text(r, 0);
        if (period.empty()) die(exit_usage, f.place(c, r) + ": empty period (account \"" + c.ids[r] + "\")");
        cells.push_back({history_ids_.add(c.ids[r]), period, c.origins[r]});
        labels.insert(period);
        values.insert(values.end(), c.values.begin() + static_cast<std::ptrdiff_t>(r * c.cols),
                      c.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * c.cols));
    });
    const std::vector<std::string> periods = sort_periods(std::move(labels));
    const std::size_t A = history_ids_.ids.size(), T = periods.size(), M = present.size();
    // per metric: accounts x periods, row-major
    std::vector<std::vector<double>> hist(M, std::vector<double>(A * T, nan));
    std::vector<std::uint64_t> seen(A * T, 0);
    for (std::size_t k = 0; k < cells.size(); ++k) {
        const std::size_t t = period_index(periods, cells[k].period);
        std::uint64_t& at = seen[cells[k].account * T + t];
        if (at != 0)
            die(exit_usage, fmt::format("{}:{}: account \"{}\" has period {} twice (first on line {})", f.reader->source(),
                                        cells[k].line, history_ids_.ids[cells[k].account], cells[k].period, at));
        at = cells[k].line;
        for (std::size_t m = 0; m < M; ++m) hist[m][cells[k].account * T + t] = values[k * M + m];
    }
    std::vector<metric_history> histories;
    for (std::size_t m = 0; m < M; ++m)
        histories.push_back({present[m], frame_view<double>::row_major(hist[m].data(), static_cast<std::int64_t>(A),
                                                                       static_cast<std::int64_t>(T))});
    // every card's trend columns, once per name
    for (const scorecard& c : set_.cards()) {
        const auto names = trend_column_names(c);
        std::vector<double> out(names.size() * A);
        take(compute_trend_columns(c, histories, static_cast<std::int64_t>(A), out, /*allow_absent=*/true), exit_usage);
        for (std::size_t t = 0; t < names.size(); ++t) {
            const trend_input& def = c.spec().trends[t];
            auto same = std::find_if(derived_.begin(), derived_.end(), [&](const derived& d) { return d.name == names[t]; });
            if (same != derived_.end()) {
                for (const scorecard& o : set_.cards())
                    for (const trend_input& od : o.spec().trends)
                        if (od.name == def.name && !(od == def))
                            die(exit_usage, "the scorecards of the set declare trend \"" + def.name + "\" differently");
                continue;
            }
            derived_.push_back({names[t], &history_ids_, std::vector<double>(out.begin() + static_cast<std::ptrdiff_t>(t * A),
                                                                              out.begin() + static_cast<std::ptrdiff_t>((t + 1) * A))});
        }
    }
}

void scoring_session::load_surveys(const std::string& path) {
    side_file f(path, "--surveys");
    const char* format = "account_id,respondent,role,answer";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    const std::size_t role_col = f.required("role", format);
    sel.text_columns = {role_col};
    sel.value_columns = {f.required("answer", format)};
    std::vector<std::int64_t> account;
    std::vector<std::int32_t> roles;
    std::vector<double> answers;
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        const std::string where = f.place(c, r) + ":" + std::to_string(role_col + 1);
        const role ro = take(parse_role(c.text(r, 0), where), exit_usage);
        const double a = c.values[r];
        if (!std::isnan(a) && !(a >= 0.0 && a <= 10.0 && a == std::floor(a)))
            die(exit_usage, fmt::format("{}: answer {} is not a whole number 0..10 (or empty: invited, no answer)",
                                        f.place(c, r), readable(a)));
        account.push_back(static_cast<std::int64_t>(survey_ids_.add(c.ids[r])));
        roles.push_back(static_cast<std::int32_t>(ro));
        answers.push_back(a);
    });
    const std::size_t A = survey_ids_.ids.size();
    std::vector<double> block(A * survey_column_count);
    take(survey_measures(static_cast<std::int64_t>(A), {account, roles, answers}, survey_options{},
                         take(survey_outputs::block(block, A), exit_failure)),
         exit_usage);
    for (std::size_t k = 0; k < survey_column_count; ++k)
        derived_.push_back({std::string(column_name(static_cast<survey_column>(k))), &survey_ids_,
                            std::vector<double>(block.begin() + static_cast<std::ptrdiff_t>(k * A),
                                                block.begin() + static_cast<std::ptrdiff_t>((k + 1) * A))});
}

void scoring_session::load_previous(const std::string& path) {
    side_file f(path, "--previous");
    const char* format = "account_id,period,score[,alerts]";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    sel.text_columns = {f.required("period", format)};
    const auto alerts_col = f.column("alerts");
    if (alerts_col) sel.text_columns.push_back(*alerts_col);
    sel.value_columns = {f.required("score", format)};
    struct row {
        std::size_t account;
        std::string period, alerts;
        double score;
        std::uint64_t line;
    };
    std::vector<row> rows;
    std::set<std::string> labels;
    previous_table p;
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        const double s = c.values[r];
        if (!std::isnan(s) && !(s >= 0.0 && s <= 100.0))
            die(exit_usage, fmt::format("{}: score {} is not in 0..100 (account \"{}\")", f.place(c, r), readable(s), c.ids[r]));
        if (c.text(r, 0).empty()) die(exit_usage, f.place(c, r) + ": empty period (account \"" + c.ids[r] + "\")");
        rows.push_back({p.accounts.add(c.ids[r]), c.text(r, 0), alerts_col ? c.text(r, 1) : std::string(), s, c.origins[r]});
        labels.insert(c.text(r, 0));
    });
    p.periods = sort_periods(std::move(labels));
    const std::size_t A = p.accounts.ids.size(), P = p.periods.size();
    p.scores.assign(A * P, nan);
    p.alerts.assign(A * P, std::string());
    std::vector<std::uint64_t> seen(A * P, 0);
    for (const row& r : rows) {
        const std::size_t k = r.account * P + period_index(p.periods, r.period);
        if (seen[k] != 0)
            die(exit_usage, fmt::format("{}:{}: account \"{}\" has period {} twice (first on line {})", f.reader->source(),
                                        r.line, p.accounts.ids[r.account], r.period, seen[k]));
        seen[k] = r.line;
        p.scores[k] = r.score;
        p.alerts[k] = r.alerts;
    }
    previous_ = std::move(p);
}

void scoring_session::load_overrides(const std::string& path) {
    side_file f(path, "--overrides");
    const char* format = "account_id,target,value,reason,author,expires";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    for (const char* name : {"target", "value", "reason", "author", "expires"}) sel.text_columns.push_back(f.required(name, format));
    std::string problems;
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        const override_text t{c.ids[r], c.text(r, 0), c.text(r, 1), c.text(r, 2), c.text(r, 3), c.text(r, 4)};
        auto o = parse_override(t, f.place(c, r));
        if (!o) {
            problems += (problems.empty() ? "" : "\n") + o.error().message;
            return;
        }
        // every measure target must be a measure of some card
        if (!o.value().targets_score()) {
            bool known = false;
            for (const scorecard& card : set_.cards()) known |= card.measure_index(o.value().target) != npos;
            if (!known) {
                problems += (problems.empty() ? "" : "\n") + f.place(c, r) + ": column target: unknown measure \"" +
                            o.value().target + "\" (\"score\" or a measure of the scorecard)";
                return;
            }
        }
        take(book_.add(std::move(o).value()), exit_usage);
    });
    if (!problems.empty()) die(exit_usage, problems);
    take(book_.check_conflicts(as_of_), exit_usage);
}

void scoring_session::bind(const input_options& in, const signal_options& sig) {
    const auto columns = reader_->columns();
    const std::string& src = reader_->source();
    std::vector<io::column_map> maps;
    for (const std::string& m : in.maps) maps.push_back(take(io::parse_column_map(m), exit_usage));

    // the names the cards read: inputs, alert columns; derived ones come from the side files
    std::vector<std::string> needed, inputs;
    const auto add = [](std::vector<std::string>& v, const std::string& n) {
        if (std::find(v.begin(), v.end(), n) == v.end()) v.push_back(n);
    };
    for (const std::string& n : set_.inputs()) {
        add(needed, n);
        add(inputs, n);
    }
    for (const scorecard& c : set_.cards())
        for (const std::string& n : alert_columns(c)) add(needed, n);
    for (const scorecard& c : set_.cards())  // trends without --history: missing for everyone
        for (const std::string& n : trend_column_names(c))
            if (std::none_of(derived_.begin(), derived_.end(), [&](const derived& d) { return d.name == n; }))
                derived_.push_back({n, nullptr, {}});
    for (std::size_t k = 0; k < survey_column_count; ++k) {  // survey columns without --surveys: missing for everyone
        const std::string n(column_name(static_cast<survey_column>(k)));
        if (std::find(needed.begin(), needed.end(), n) != needed.end() &&
            std::none_of(derived_.begin(), derived_.end(), [&](const derived& d) { return d.name == n; }) &&
            std::find(columns.begin(), columns.end(), n) == columns.end())
            derived_.push_back({n, nullptr, {}});
    }
    const auto is_derived = [&](const std::string& n) {
        return std::any_of(derived_.begin(), derived_.end(), [&](const derived& d) { return d.name == n; });
    };
    for (const io::column_map& m : maps)
        if (std::find(needed.begin(), needed.end(), m.input) == needed.end())
            die(exit_usage, "column map \"" + m.input + "=" + m.column + "\": the scorecard reads no input \"" + m.input +
                                "\" (it reads: " + join(needed) + ")");

    const auto source_of = [&](const std::string& name) -> std::optional<std::size_t> {
        std::string col = name;
        for (const io::column_map& m : maps)
            if (m.input == name) col = m.column;
        std::optional<std::size_t> at;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == col) {
                if (at)
                    die(exit_usage, fmt::format("{}: column \"{}\" appears more than once (columns {} and {}); rename one, "
                                                "or map the input to the other with --map",
                                                src, col, *at + 1, c + 1));
                at = c;
            }
        if (!at && col != name)
            die(exit_usage, src + ": no column \"" + col + "\" (mapped to input \"" + name + "\"); the columns are: " +
                                join({columns.begin(), columns.end()}));
        return at;
    };

    io::selection sel;
    std::vector<std::string> absent_inputs, absent_alert_columns;
    for (const std::string& n : needed) {
        if (is_derived(n)) {
            if (source_of(n))
                die(exit_usage, src + ": column \"" + n + "\" is also computed from a side file (--history or --surveys); "
                                      "rename the column or leave out the side file");
            continue;
        }
        if (auto c = source_of(n)) {
            sel.value_columns.push_back(*c);
            names_.push_back(n);
        } else {
            (std::find(inputs.begin(), inputs.end(), n) != inputs.end() ? absent_inputs : absent_alert_columns).push_back(n);
        }
    }
    if (!absent_inputs.empty() && !in.allow_missing_columns)
        die(exit_usage, fmt::format("{}: missing column{} {}, which the scorecard reads; the columns are: {}\n"
                                    "  (map a differently named column with --map input=column, or score without it "
                                    "using --allow-missing-columns)",
                                    src, absent_inputs.size() == 1 ? "" : "s", join(absent_inputs),
                                    join({columns.begin(), columns.end()})));
    for (const std::string& n : absent_alert_columns)
        fmt::print(stderr, "vitals: note: {} has no column \"{}\", which an alert reads; that alert never fires\n", src, n);
    // the value column (quadrants, portfolio)
    if (auto c = source_of(sig.value_column)) {
        auto it = std::find(sel.value_columns.begin(), sel.value_columns.end(), *c);
        if (it == sel.value_columns.end()) {
            sel.value_columns.push_back(*c);
            names_.push_back(sig.value_column);
            value_col_ = static_cast<std::int64_t>(sel.value_columns.size() - 1);
        } else {
            value_col_ = it - sel.value_columns.begin();
        }
    }
    source_cols_ = sel.value_columns.size();
    for (const derived& d : derived_) names_.push_back(d.name);
    for (const std::string& n : absent_inputs) {
        derived_.push_back({n, nullptr, {}});
        names_.push_back(n);
    }
    // the id, segment and parent columns
    if (!in.id_column.empty()) {
        std::optional<std::size_t> at;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == in.id_column) {
                if (at)
                    die(exit_usage, fmt::format("{}: column \"{}\" appears more than once (columns {} and {}); rename one, "
                                                "or map the input to the other with --map",
                                                src, in.id_column, *at + 1, c + 1));
                at = c;
            }
        if (at) sel.id_column = at;
        else if (in.id_column != "account_id")
            die(exit_usage, src + ": no id column \"" + in.id_column + "\"; the columns are: " + join({columns.begin(), columns.end()}));
    }
    const auto text_column = [&](std::string_view name, std::string_view what) -> std::int64_t {
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == name) {
                sel.text_columns.push_back(c);
                return static_cast<std::int64_t>(sel.text_columns.size() - 1);
            }
        die(exit_usage, fmt::format("{}: no column \"{}\" ({}); the columns are: {}", src, name, what,
                                    join({columns.begin(), columns.end()})));
    };
    if (!set_.is_single()) segment_text_ = text_column(set_.segment_column(), "the scorecard set picks a scorecard by it");
    if (!sig.parent_column.empty() &&
        (sig.parent_required || std::find(columns.begin(), columns.end(), sig.parent_column) != columns.end()))
        parent_text_ = text_column(sig.parent_column, "--parent-column");
    take(reader_->select(std::move(sel)), exit_failure);
}

namespace {

/// Standard input cannot be read twice: its chunks are kept in memory by the value pre-pass and
/// served again from here.
class replay_reader final : public io::account_reader {
public:
    replay_reader(std::unique_ptr<io::account_reader> inner, std::deque<io::account_chunk> chunks)
        : account_reader(inner->source()), inner_(std::move(inner)), chunks_(std::move(chunks)) {
        columns_.assign(inner_->columns().begin(), inner_->columns().end());
        selection_ = inner_->selected();
        selected_ = true;
        records_ = inner_->records();
        skipped_ = inner_->skipped();
        problems_.assign(inner_->problems().begin(), inner_->problems().end());
    }
    result<std::size_t> read(io::account_chunk& chunk, std::size_t) override {
        if (chunks_.empty()) return std::size_t{0};
        chunk = std::move(chunks_.front());
        chunks_.pop_front();
        return chunk.rows;
    }
    double progress() const noexcept override { return -1.0; }

private:
    std::unique_ptr<io::account_reader> inner_;
    std::deque<io::account_chunk> chunks_;
};

}  // namespace

void scoring_session::value_prepass(const input_options& in, const signal_options& sig) {
    const auto col = static_cast<std::size_t>(value_col_);
    std::vector<double> arr;
    if (in.sqlite.empty() && in.input == "-") {
        // standard input: keep the chunks, serve them again
        std::deque<io::account_chunk> kept;
        for (;;) {
            io::account_chunk chunk;
            const std::size_t n = take(reader_->read(chunk, 65536), exit_usage);
            if (n == 0) break;
            for (std::size_t r = 0; r < n; ++r) arr.push_back(chunk.values[r * chunk.cols + col]);
            kept.push_back(std::move(chunk));
        }
        reader_ = std::make_unique<replay_reader>(std::move(reader_), std::move(kept));
    } else {
        std::unique_ptr<io::account_reader> r = in.sqlite.empty() ? take(io::open_csv(in.input), exit_usage)
                                                                  : take(io::open_sqlite(in.sqlite, in.query), exit_usage);
        io::selection sel;
        sel.value_columns = {reader_->selected().value_columns[col]};
        take(r->select(sel), exit_failure);
        r->set_on_error(io::on_error::skip);  // the scoring pass reports bad rows
        io::account_chunk chunk;
        for (;;) {
            const std::size_t n = take(r->read(chunk, 65536), exit_usage);
            if (n == 0) break;
            arr.insert(arr.end(), chunk.values.begin(), chunk.values.begin() + static_cast<std::ptrdiff_t>(n));
        }
    }
    for (double v : arr)
        if (!std::isnan(v) && !(v >= 0.0 && std::isfinite(v)))
            die(exit_usage, fmt::format("{}: {} {} is not a value >= 0", reader_->source(), sig.value_column, readable(v)));
    auto cut = portfolio::high_value_cutoff(arr, portfolio::value_rule::top_revenue(sig.high_value_share));
    if (!cut) die(exit_usage, sig.value_column + ": " + cut.error().message);
    cutoff_ = cut.value();
}

const chunk_results* scoring_session::next() {
    const io::account_chunk* chunk = take(chunks_->next());
    if (chunk == nullptr) return nullptr;
    const auto t0 = clock_type::now();
    const std::size_t n = chunk->rows, C = names_.size(), S = source_cols_, W = set_.max_measures();
    chunk_results& o = out_;
    o.chunk = chunk;
    o.rows = n;

    // the frame: source columns, then derived ones looked up by account id
    frame_.resize(n * C);
    for (std::size_t r = 0; r < n; ++r)
        std::copy_n(chunk->values.begin() + static_cast<std::ptrdiff_t>(r * S), S,
                    frame_.begin() + static_cast<std::ptrdiff_t>(r * C));
    for (std::size_t d = 0; d < derived_.size(); ++d) {
        const derived& dv = derived_[d];
        for (std::size_t r = 0; r < n; ++r) {
            double v = nan;
            if (dv.index != nullptr) {
                const std::int64_t k = dv.index->find(chunk->ids[r]);
                if (k >= 0) v = dv.values[static_cast<std::size_t>(k)];
            }
            frame_[r * C + S + d] = v;
        }
    }
    const auto frame = frame_view<double>::row_major(frame_.data(), static_cast<std::int64_t>(n), static_cast<std::int64_t>(C));

    // score with the row's card
    o.score.resize(n);
    o.coverage.resize(n);
    o.band.resize(n);
    o.status.resize(n);
    o.card.resize(n);
    o.drivers.resize(n * top_drivers);
    o.points_lost.resize(n * W);
    const batch_output bo{o.score, o.band, o.coverage, o.status, {}, o.points_lost, o.drivers};
    std::vector<std::string_view> segments;
    if (segment_text_ >= 0) {
        segments.resize(n);
        for (std::size_t r = 0; r < n; ++r) segments[r] = chunk->text(r, static_cast<std::size_t>(segment_text_));
    }
    const std::span<const std::string> ids(chunk->ids.data(), n);
    take(score_batch(set_, frame, std::span<const std::string>(names_), segments, bo, std::span<std::int32_t>(o.card),
                     options_, ids));

    // overrides
    o.overridden.clear();
    o.override_of.assign(n, -1);
    if (!book_.empty()) {
        o.overridden = take(apply_overrides(set_, book_, as_of_, ids, frame, std::span<const std::string>(names_),
                                            std::span<const std::int32_t>(o.card), bo, options_));
        for (std::size_t k = 0; k < o.overridden.size(); ++k)
            o.override_of[static_cast<std::size_t>(o.overridden[k].row)] = static_cast<std::int32_t>(k);
    }

    // previous scores of these accounts
    const std::size_t P = previous_ ? previous_->periods.size() : 0;
    std::vector<double> prev(n * P, nan);
    std::vector<std::int64_t> prev_row(n, -1);
    if (previous_)
        for (std::size_t r = 0; r < n; ++r) {
            prev_row[r] = previous_->accounts.find(chunk->ids[r]);
            if (prev_row[r] >= 0)
                std::copy_n(previous_->scores.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(prev_row[r]) * P), P,
                            prev.begin() + static_cast<std::ptrdiff_t>(r * P));
        }
    const auto prev_frame = frame_view<double>::row_major(prev.data(), static_cast<std::int64_t>(n), static_cast<std::int64_t>(P));
    const auto rows_of = [&](std::size_t c) {
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < n; ++r)
            if (o.card[r] == static_cast<std::int32_t>(c)) rows.push_back(r);
        return rows;
    };

    // the score trend, with each card's dead band
    if (previous_) {
        o.change.assign(n, nan);
        o.direction.assign(n, static_cast<std::int32_t>(score_direction::unknown));
        std::vector<double> change(n);
        std::vector<std::int32_t> direction(n);
        for (std::size_t c = 0; c < set_.cards().size(); ++c) {
            const auto rows = rows_of(c);
            if (rows.empty()) continue;
            take(score_trend(o.score, prev_frame, set_.cards()[c].spec().score_trend, change, direction));
            for (std::size_t r : rows) {
                o.change[r] = change[r];
                o.direction[r] = direction[r];
            }
        }
    }

    // alerts, with each card's rules and the cooldown state from --previous
    if (any_alerts_) {
        o.alerts.assign(n, {});
        for (std::size_t c = 0; c < set_.cards().size(); ++c) {
            const scorecard& card = set_.cards()[c];
            const auto& rules = card.spec().alerts;
            const std::size_t R = rules.size();
            const auto rows = rows_of(c);
            if (R == 0 || rows.empty()) continue;
            std::vector<std::int32_t> since(n * R, -1);
            std::vector<alert_event> events;  // the raised ones only: no dense outputs
            if (previous_)
                for (std::size_t r : rows)
                    if (prev_row[r] >= 0)
                        for (std::size_t a = 0; a < R; ++a)
                            since[r * R + a] = previous_->since_fired(static_cast<std::size_t>(prev_row[r]), rules[a].name);
            alert_options ao;
            ao.allow_absent = true;
            take(evaluate_alerts(card, alert_inputs{frame, names_, o.score, prev_frame, since},
                                 alert_output{{}, {}, {}, {}, &events}, ao));
            auto lists = take(alert_lists(card, static_cast<std::int64_t>(n), events, true));
            for (std::size_t r : rows) o.alerts[r] = std::move(lists[r]);
        }
    }

    // quadrants
    o.value.assign(n, nan);
    if (value_col_ >= 0)
        for (std::size_t r = 0; r < n; ++r) o.value[r] = frame_[r * C + static_cast<std::size_t>(value_col_)];
    if (quadrant_on_) {
        o.quadrant.resize(n);
        for (std::size_t r = 0; r < n; ++r) {
            const double th = o.card[r] >= 0 ? thresholds_[static_cast<std::size_t>(o.card[r])] : nan;
            double v = o.value[r];
            if (!std::isnan(v) && !(v >= 0.0 && std::isfinite(v)))
                die(exit_usage, fmt::format("{}: account \"{}\": {} {} is not a value >= 0", reader_->source(), chunk->ids[r],
                                            names_[static_cast<std::size_t>(value_col_)], readable(v)));
            o.quadrant[r] = static_cast<std::int32_t>(portfolio::detail::place(v, o.score[r], cutoff_, th));
        }
    }
    score_seconds_ += seconds_since(t0);
    return &o;
}

std::string describe_override(const scorecard_set& set, const override_book& book, std::int32_t card,
                              const override_effect& e) {
    const account_override& a = book.entries()[e.entry];
    const std::string& target = a.target;
    (void)set;
    (void)card;
    std::string s = fmt::format("{} {} -> {}", target, std::isnan(e.computed) ? std::string("(no data)") : fixed(e.computed, 1),
                                fixed(e.value, 1));
    if (e.state == override_state::lapsed) s = fmt::format("{} override to {} lapsed", target, fixed(e.value, 1));
    s += fmt::format(" ({}, {} {}): {}", a.author, e.state == override_state::lapsed ? "expired" : "until",
                     format_date(a.expires), a.reason);
    return s;
}

}  // namespace vitals::cli

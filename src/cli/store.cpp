// vitals score --store (see store.hpp).
#include "store.hpp"

#include "vitals/batch.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"
#include "vitals/signals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace vitals::cli {

rescored_period rescore(const scorecard& card, const io::stored_snapshot& snap, bool allow_absent) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = snap.accounts.size(), I = snap.inputs.size(), M = card.measures().size();
    std::vector<double> values(n * I, nan);
    for (std::size_t r = 0; r < n; ++r)
        if (snap.accounts[r].inputs.size() == I)
            std::copy_n(snap.accounts[r].inputs.begin(), I, values.begin() + static_cast<std::ptrdiff_t>(r * I));
    auto bound = bind_columns(card, snap.inputs, allow_absent);
    if (!bound)
        die(exit_usage, fmt::format("period {} of the store: {} (a period keeps the inputs of the scorecard it was scored with)",
                                    snap.period.period, bound.error().message));
    rescored_period out;
    out.score.assign(n, nan);
    out.band.assign(n, bands::none);
    out.contributions.assign(n * M, nan);
    std::vector<std::int32_t> status(n);
    std::vector<double> coverage(n);
    const batch_output bo{out.score, out.band, coverage, status, out.contributions, {}, {}};
    take(score_batch(card, frame_view<double>::row_major(values.data(), static_cast<std::int64_t>(n), static_cast<std::int64_t>(I)),
                     std::span<const std::int64_t>(bound.value()), bo),
         exit_failure);
    return out;
}

std::vector<double> stored_measure_values(const measure& m, const io::stored_snapshot& snap) {
    const auto at = [&](const std::string& col) {
        return static_cast<std::size_t>(std::find(snap.inputs.begin(), snap.inputs.end(), col) - snap.inputs.begin());
    };
    const std::size_t I = snap.inputs.size(), num = at(m.input.column), den = m.input.is_ratio() ? at(m.input.denominator) : 0;
    if (num == I || den == I) return {};
    std::vector<double> v(snap.accounts.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < v.size(); ++r) {
        const std::vector<double>& in = snap.accounts[r].inputs;
        if (in.size() != I) continue;
        v[r] = m.input.is_ratio() ? ratio_value(in[num], in[den]) : in[num];
    }
    return v;
}

void store_options::add_to(CLI::App& cmd) {
    cmd.add_option("--store", store,
                   "History store (SQLite, created if absent): read earlier periods' scores, alerts and metric "
                   "history from it, and write this period's snapshot into it (docs/history.md)")
        ->type_name("FILE");
    cmd.add_option("--period", period, "The period --store writes: YYYY-MM, YYYY-MM-DD or YYYY-Qn; an existing one is replaced")
        ->type_name("PERIOD");
}

store_run::store_run(const store_options& o, const input_options& in, const signal_options& sig) : in_(in), store_([&] {
    if (o.store.empty()) die(exit_usage, "--period needs --store FILE");
    if (o.period.empty()) die(exit_usage, "--store needs --period (the period this run writes, e.g. --period 2026-11)");
    if (!sig.history.empty() || !sig.previous.empty())
        die(exit_usage, "--store reads the metric history and the previous scores from the store; leave out --history and --previous");
    if (in.sqlite.empty() && in.postgres.empty() && in.input == "-")
        die(exit_usage, "--store reads the accounts twice (their metrics first); give a file, not standard input");
    if (auto p = io::check_period(o.period); !p) die(exit_usage, "--period: " + p.error().message);
    return take(io::history_store::open(o.store, io::history_store::mode::write));
}()), period_(o.period) {
    if (auto ok = store_.accepts(period_); !ok) die(exit_usage, "--period: " + ok.error().message);
}

void store_run::read_book_metrics(const scorecard_set& set) {
    for (const scorecard& c : set.cards())
        for (const std::string& m : history_metrics(c))
            if (std::find(metrics_.begin(), metrics_.end(), m) == metrics_.end()) metrics_.push_back(m);
    std::unique_ptr<io::account_reader> r = open_source(in_);
    source_ = r->source();
    const auto columns = r->columns();
    std::vector<io::column_map> maps;
    for (const std::string& m : in_.maps) maps.push_back(take(io::parse_column_map(m), exit_usage));
    io::selection sel;
    std::vector<std::size_t> at;  // metric k -> selected column, or npos
    for (const std::string& m : metrics_) {
        std::string col = m;
        for (const io::column_map& cm : maps)
            if (cm.input == m) col = cm.column;
        const auto it = std::find(columns.begin(), columns.end(), col);
        if (it == columns.end()) {
            fmt::print(stderr, "vitals: note: {} has no column \"{}\": {} keeps no {} history for period {}\n", r->source(), col,
                       store_.path(), m, period_);
            at.push_back(std::numeric_limits<std::size_t>::max());
            continue;
        }
        at.push_back(sel.value_columns.size());
        sel.value_columns.push_back(static_cast<std::size_t>(it - columns.begin()));
    }
    // the scorecards' inputs the book holds (those derived from side files it does not)
    for (const std::string& input : set.inputs()) {
        std::string col = input;
        for (const io::column_map& cm : maps)
            if (cm.input == input) col = cm.column;
        if (std::find(columns.begin(), columns.end(), col) != columns.end()) inputs_.push_back(input);
    }
    if (const auto id = std::find(columns.begin(), columns.end(), in_.id_column); id != columns.end())
        sel.id_column = static_cast<std::size_t>(id - columns.begin());
    take(r->select(sel), exit_failure);
    r->set_on_error(io::on_error::skip);  // the scoring pass reports bad rows
    io::account_chunk chunk;
    std::unordered_map<std::string, std::uint64_t> line_of;
    for (;;) {
        const std::size_t n = take(r->read(chunk, 65536));
        if (n == 0) break;
        for (std::size_t i = 0; i < n; ++i) {
            const auto [it, fresh] = row_of_.emplace(chunk.ids[i], row_of_.size());
            if (!fresh)
                die(exit_usage, fmt::format("{}: account \"{}\" is in the book twice (rows {} and {}); a period of the store "
                                            "holds each account once",
                                            r->source(), chunk.ids[i], line_of[chunk.ids[i]], chunk.origins[i]));
            line_of.emplace(chunk.ids[i], chunk.origins[i]);
            for (std::size_t k = 0; k < metrics_.size(); ++k)
                book_metrics_.push_back(at[k] == std::numeric_limits<std::size_t>::max() ? std::numeric_limits<double>::quiet_NaN()
                                                                                         : chunk.values[i * chunk.cols + at[k]]);
        }
    }
}

void store_run::side_inputs(const scorecard_set& set, session_inputs& side, session_options& options) {
    options.contributions = true;
    read_book_metrics(set);
    begin(set, options.as_of);
    if (!metrics_.empty()) {
        std::int64_t window = 1;
        for (const scorecard& c : set.cards())
            for (const trend_input& t : c.spec().trends) window = std::max(window, t.window);
        history_rows h = take(store_.history_before(period_, metrics_, static_cast<std::size_t>(window - 1)));
        std::vector<std::string> ids(row_of_.size());
        for (const auto& [id, row] : row_of_) ids[row] = id;
        for (std::size_t r = 0; r < ids.size(); ++r) {
            h.ids.push_back(std::move(ids[r]));
            h.periods.push_back(period_);
        }
        h.values.insert(h.values.end(), book_metrics_.begin(), book_metrics_.end());
        side.history = std::move(h);
    }
    if (take(store_.periods_before(period_)) > 0) side.previous = take(store_.previous_before(period_));
}

void store_run::begin(const scorecard_set& set, day_number as_of) {
    io::period_info info;
    info.period = period_;
    info.as_of = format_date(as_of);
    info.source = source_;
    info.metrics = metrics_;
    info.inputs = inputs_;
    info.scorecard_text = take(set.is_single() ? save_scorecard(set.cards()[0]) : save_scorecard_set(set));
    take(store_.begin_period(info, set));
}

void store_run::append(const chunk_results& c, const scorecard_set& set, std::span<const std::string> columns,
                       const override_book& book) {
    // the book's inputs, as the session read them
    const std::size_t I = inputs_.size();
    chunk_inputs_.assign(c.rows * I, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < I; ++k) {
        const auto it = std::find(columns.begin(), columns.end(), inputs_[k]);
        if (it == columns.end()) continue;
        const auto col = static_cast<std::size_t>(it - columns.begin());
        for (std::size_t r = 0; r < c.rows; ++r) chunk_inputs_[r * I + k] = c.chunk->values[r * c.chunk->cols + col];
    }
    const std::size_t M = metrics_.size();
    chunk_metrics_.assign(c.rows * M, std::numeric_limits<double>::quiet_NaN());
    if (M > 0)
        for (std::size_t r = 0; r < c.rows; ++r)
            if (const auto it = row_of_.find(c.chunk->ids[r]); it != row_of_.end())
                std::copy_n(book_metrics_.begin() + static_cast<std::ptrdiff_t>(it->second * M), M,
                            chunk_metrics_.begin() + static_cast<std::ptrdiff_t>(r * M));
    take(store_.append(std::span<const std::string>(c.chunk->ids.data(), c.rows), c, set, chunk_metrics_, chunk_inputs_, book));
    accounts_ += c.rows;
}

void store_run::commit() { take(store_.commit()); }

}  // namespace vitals::cli

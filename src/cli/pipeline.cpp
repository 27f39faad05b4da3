// Scoring with signals (see pipeline.hpp).
#include "pipeline.hpp"

#include "output.hpp"

#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/io/sqlite_reader.hpp"
#include "vitals/report/page.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"
#include "vitals/survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <set>

namespace vitals::cli {
namespace {

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
    /// The index of a column, or nullopt; a column named twice is an error (which one was meant?).
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const {
        const auto cols = reader->columns();
        std::vector<std::size_t> at;
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (cols[c] == name) at.push_back(c);
        if (at.size() > 1)
            die(exit_usage, io::duplicate_column_message(reader->source(), reader->header_line(), name, at, "rename one"));
        if (at.empty()) return std::nullopt;
        return at[0];
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

// ---- the session -------------------------------------------------------------------------------

namespace {

/// --history: account_id,period,<metric>... (the metrics the cards' trends read).
history_rows read_history(const std::string& path, const scorecard_set& set, bool allow_absent) {
    std::vector<std::string> metrics;
    for (const scorecard& c : set.cards())
        for (const std::string& m : history_metrics(c))
            if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    side_file f(path, "--history");
    const char* format = "account_id,period,<metric>,<metric>...";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    sel.text_columns = {f.required("period", format)};
    history_rows h;
    h.source = f.reader->source();
    std::vector<std::string> absent;
    for (const std::string& m : metrics) {
        if (auto c = f.column(m)) {
            sel.value_columns.push_back(*c);
            h.metrics.push_back(m);
        } else {
            absent.push_back(m);
        }
    }
    if (!absent.empty() && !allow_absent)
        die(exit_usage, fmt::format("{}: no history of {}, which the scorecard's trends read; the columns are: {}"
                                    "\n  (score without it using --allow-missing-columns)",
                                    f.reader->source(), join(absent), join({f.reader->columns().begin(), f.reader->columns().end()})));
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        h.ids.push_back(c.ids[r]);
        h.lines.push_back(c.origins[r]);
        h.periods.push_back(c.text(r, 0));
        h.values.insert(h.values.end(), c.values.begin() + static_cast<std::ptrdiff_t>(r * c.cols),
                        c.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * c.cols));
    });
    return h;
}

/// --surveys: account_id,respondent,role,answer.
survey_rows read_surveys(const std::string& path) {
    side_file f(path, "--surveys");
    const char* format = "account_id,respondent,role,answer";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    const std::size_t role_col = f.required("role", format);
    sel.text_columns = {role_col, f.required("respondent", format)};
    sel.value_columns = {f.required("answer", format)};
    survey_rows s;
    s.source = f.reader->source();
    s.role_column = role_col + 1;
    std::map<std::pair<std::string, std::string>, std::uint64_t> seen;  // (account, respondent) -> line
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        const std::string& respondent = c.text(r, 1);
        if (!respondent.empty()) {  // a respondent answers once: a second row would count twice
            const auto [it, fresh] = seen.emplace(std::pair{c.ids[r], respondent}, c.origins[r]);
            if (!fresh)
                die(exit_usage, fmt::format("{}:{}: respondent \"{}\" of account \"{}\" is listed twice (first on line {})",
                                            s.source, c.origins[r], respondent, c.ids[r], it->second));
        }
        s.ids.push_back(c.ids[r]);
        s.lines.push_back(c.origins[r]);
        s.roles.push_back(c.text(r, 0));
        s.answers.push_back(c.values[r]);
    });
    return s;
}

/// --overrides: account_id,target,value,reason,author,expires; every bad row is reported.
override_book read_overrides(const std::string& path) {
    side_file f(path, "--overrides");
    const char* format = "account_id,target,value,reason,author,expires";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    for (const char* name : {"target", "value", "reason", "author", "expires"}) sel.text_columns.push_back(f.required(name, format));
    std::string problems;
    override_book book;
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        const override_text t{c.ids[r], c.text(r, 0), c.text(r, 1), c.text(r, 2), c.text(r, 3), c.text(r, 4)};
        auto o = parse_override(t, f.place(c, r));
        if (!o) {
            problems += (problems.empty() ? "" : "\n") + o.error().message;
            return;
        }
        take(book.add(std::move(o).value()), exit_usage);
    });
    if (!problems.empty()) die(exit_usage, problems);
    return book;
}

}  // namespace

/// --previous: account_id,period,score[,alerts].
previous_rows read_previous(const std::string& path) {
    side_file f(path, "--previous");
    const char* format = "account_id,period,score[,alerts]";
    io::selection sel;
    sel.id_column = f.required("account_id", format);
    sel.text_columns = {f.required("period", format)};
    const auto alerts_col = f.column("alerts");
    if (alerts_col) sel.text_columns.push_back(*alerts_col);
    sel.value_columns = {f.required("score", format)};
    previous_rows p;
    p.source = f.reader->source();
    f.read(sel, [&](const io::account_chunk& c, std::size_t r) {
        p.ids.push_back(c.ids[r]);
        p.lines.push_back(c.origins[r]);
        p.periods.push_back(c.text(r, 0));
        p.scores.push_back(c.values[r]);
        if (alerts_col) p.alerts.push_back(c.text(r, 1));
    });
    return p;
}

scoring_session::scoring_session(const input_options& in, const signal_options& sig, unsigned threads,
                                 std::size_t chunk_rows, io::on_error policy, const side_hook& hook) {
    const auto start = clock_type::now();
    scorecard_set set = scorecard_set::single(default_scorecard());
    if (!in.scorecard.empty()) {
        auto s = load_scorecard_or_set_file(in.scorecard);
        if (!s) die(exit_usage, s.error().message);
        set = std::move(s).value();
    }
    session_options so;
    so.as_of = sig.as_of.empty() ? today_utc() : [&] {
        auto d = parse_date(sig.as_of);
        if (!d) die(exit_usage, "--as-of: " + d.error().message);
        return d.value();
    }();
    so.value_column = sig.value_column;
    so.quadrant = !sig.no_quadrant;
    so.high_value_share = sig.high_value_share;
    so.high_value_arr = sig.high_value_arr;
    so.health_threshold = sig.health_threshold;
    so.allow_missing_columns = in.allow_missing_columns;
    so.threads = threads;
    so.top_drivers = top_drivers;
    so.priority = false;  // `vitals portfolio` ranks the whole book, not each chunk
    so.contributions = sig.contributions;
    so.inputs = sig.inputs;
    if (!std::isnan(sig.high_value_arr) && !(sig.high_value_arr >= 0.0 && std::isfinite(sig.high_value_arr)))
        die(exit_usage, "--high-value-arr: must be a number >= 0");

    // the source
    reader_ = open_source(in);
    reader_->set_on_error(policy);

    // the side files, read whole
    session_inputs side;
    if (!sig.history.empty()) side.history = read_history(sig.history, set, in.allow_missing_columns);
    if (!sig.surveys.empty()) side.surveys = read_surveys(sig.surveys);
    if (!sig.previous.empty()) side.previous = read_previous(sig.previous);
    if (!sig.overrides.empty()) {
        side.overrides = read_overrides(sig.overrides);
        side.overrides_source = sig.overrides;
    }
    if (hook) hook(set, side, so);
    session_ = std::make_unique<session>(take(session::create(std::move(set), std::move(side), std::move(so)), exit_usage));

    bind(in, sig);

    // quadrants: the health threshold per card, the high-value cut-off over the whole book
    quadrant_on_ = value_col_ >= 0 && !sig.no_quadrant;
    if (quadrant_on_ && std::isnan(sig.health_threshold))
        for (std::size_t c = 0; c < this->set().cards().size(); ++c) {
            auto t = portfolio::health_threshold_of(this->set().cards()[c].bands());
            if (!t) die(exit_usage, "scorecard for " + this->set().label(c) + ": " + t.error().message + " (--health-threshold)");
        }
    if (quadrant_on_ && std::isnan(sig.high_value_arr)) value_prepass(in, sig);
    setup_seconds_ = seconds_since(start);
    chunks_ = std::make_unique<chunk_prefetcher>(*reader_, std::max<std::size_t>(chunk_rows, 1));
}

scoring_session::~scoring_session() = default;

void scoring_session::bind(const input_options& in, const signal_options& sig) {
    const auto columns = reader_->columns();
    const std::string& src = reader_->source();
    std::vector<io::column_map> maps;
    for (const std::string& m : in.maps) maps.push_back(take(io::parse_column_map(m), exit_usage));

    // the names the session reads from the book (inputs, alert columns, the value column); the
    // derived ones come from the side files
    const scorecard_set& set = session_->set();
    std::vector<std::string> needed;
    for (const std::string& n : session_->book_columns())
        if (n != sig.value_column || std::find(set.inputs().begin(), set.inputs().end(), n) != set.inputs().end())
            needed.push_back(n);
    std::vector<std::string> inputs(set.inputs().begin(), set.inputs().end());
    const auto is_derived = [&](const std::string& n) { return session_->is_derived(n); };
    for (const std::string& n : session_->derived_columns())
        if (std::find(needed.begin(), needed.end(), n) == needed.end()) needed.push_back(n);
    for (std::size_t k = 0; k < maps.size(); ++k)
        for (std::size_t j = 0; j < k; ++j)
            if (maps[j].input == maps[k].input)
                die(exit_usage, "column map: input \"" + maps[k].input + "\" is mapped more than once (--map " + maps[j].input +
                                    "=" + maps[j].column + " and --map " + maps[k].input + "=" + maps[k].column + ")");
    for (const io::column_map& m : maps)
        if (std::find(needed.begin(), needed.end(), m.input) == needed.end())
            die(exit_usage, "column map \"" + m.input + "=" + m.column + "\": the scorecard reads no input \"" + m.input +
                                "\" (it reads: " + join(needed) + ")");

    const auto duplicate = [&](const std::string& name, std::size_t first, std::size_t second) {
        const std::size_t fields[] = {first, second};
        return io::duplicate_column_message(src, reader_->header_line(), name, fields,
                                            "rename one, or map the input to the other with --map");
    };
    const auto source_of = [&](const std::string& name) -> std::optional<std::size_t> {
        std::string col = name;
        for (const io::column_map& m : maps)
            if (m.input == name) col = m.column;
        std::optional<std::size_t> at;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == col) {
                if (at) die(exit_usage, duplicate(col, *at, c));
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
            sel.levels.push_back(take(set.input_levels(n), exit_usage));  // a column of levels: text -> codes
            names_.push_back(n);
        } else {
            bool survey = false;  // a survey column without --surveys: missing for everyone
            for (std::size_t k = 0; k < survey_column_count; ++k) survey |= n == column_name(static_cast<survey_column>(k));
            if (survey) continue;
            (std::find(inputs.begin(), inputs.end(), n) != inputs.end() ? absent_inputs : absent_alert_columns).push_back(n);
        }
    }
    if (!absent_inputs.empty() && !in.allow_missing_columns)
        die(exit_usage, fmt::format("{}: missing column{} {}, which the scorecard reads; the columns are: {}\n"
                                    "  (map a differently named column with --map input=column, or score without it "
                                    "using --allow-missing-columns)",
                                    src, absent_inputs.size() == 1 ? "" : "s", join(absent_inputs),
                                    join({columns.begin(), columns.end()})));
    (void)absent_alert_columns;  // the session notes an alert that can never fire
    // the value column (quadrants, portfolio)
    if (auto c = source_of(sig.value_column)) {
        auto it = std::find(sel.value_columns.begin(), sel.value_columns.end(), *c);
        if (it == sel.value_columns.end()) {
            sel.value_columns.push_back(*c);
            sel.levels.push_back(nullptr);
            names_.push_back(sig.value_column);
            value_col_ = static_cast<std::int64_t>(sel.value_columns.size() - 1);
        } else {
            value_col_ = it - sel.value_columns.begin();
        }
    }
    // the id, segment and parent columns
    if (!in.id_column.empty()) {
        std::optional<std::size_t> at;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == in.id_column) {
                if (at) die(exit_usage, duplicate(in.id_column, *at, c));
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
    if (!set.is_single()) segment_text_ = text_column(set.segment_column(), "the scorecard set picks a scorecard by it");
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
            const std::size_t n = take(reader_->read(chunk, 65536));
            if (n == 0) break;
            for (std::size_t r = 0; r < n; ++r) arr.push_back(chunk.values[r * chunk.cols + col]);
            kept.push_back(std::move(chunk));
        }
        reader_ = std::make_unique<replay_reader>(std::move(reader_), std::move(kept));
    } else {
        std::unique_ptr<io::account_reader> r = open_source(in);
        io::selection sel;
        sel.value_columns = {reader_->selected().value_columns[col]};
        take(r->select(sel), exit_failure);
        r->set_on_error(io::on_error::skip);  // the scoring pass reports bad rows
        io::account_chunk chunk;
        for (;;) {
            const std::size_t n = take(r->read(chunk, 65536));
            if (n == 0) break;
            arr.insert(arr.end(), chunk.values.begin(), chunk.values.begin() + static_cast<std::ptrdiff_t>(n));
        }
    }
    for (double v : arr)
        if (!std::isnan(v) && !(v >= 0.0 && std::isfinite(v)))
            die(exit_usage, fmt::format("{}: {} {} is not a value >= 0", reader_->source(), sig.value_column, readable(v)));
    auto cut = portfolio::high_value_cutoff(arr, portfolio::value_rule::top_revenue(sig.high_value_share));
    if (!cut) die(exit_usage, sig.value_column + ": " + cut.error().message);
    session_->set_value_cutoff(cut.value());
}

const chunk_results* scoring_session::next() {
    const io::account_chunk* chunk = take(chunks_->next());
    if (chunk == nullptr) return nullptr;
    const auto t0 = clock_type::now();
    const std::size_t n = chunk->rows;
    segments_.clear();
    if (segment_text_ >= 0)
        for (std::size_t r = 0; r < n; ++r) segments_.push_back(chunk->text(r, static_cast<std::size_t>(segment_text_)));
    account_table t;
    t.ids = std::span<const std::string>(chunk->ids.data(), n);
    t.segments = segments_;
    t.names = names_;
    t.values = frame_view<double>::row_major(chunk->values.data(), static_cast<std::int64_t>(n),
                                             static_cast<std::int64_t>(chunk->cols));
    t.source = reader_->source();
    t.first_row = chunk->origins.empty() ? 1 : chunk->origins[0];
    if (reader_->header_line() > 0) t.lines = chunk->origins;  // a CSV file: rows are named by their line
    out_.chunk = chunk;
    take(session_->score(t, out_));
    for (const auto notices = session_->notices(); notices_shown_ < notices.size(); ++notices_shown_)
        fmt::print(stderr, "vitals: note: {}\n", notices[notices_shown_].message);
    score_seconds_ += seconds_since(t0);
    return &out_;
}

std::vector<std::string> source_notes(scoring_session& session) {
    std::vector<std::string> lines;
    io::account_reader& reader = session.reader();
    if (reader.skipped() > 0) {
        for (const io::row_problem& p : reader.problems()) lines.push_back("skipped: " + p.message);
        if (reader.skipped() > reader.problems().size())
            lines.push_back(fmt::format("skipped: ... and {} more", grouped(reader.skipped() - reader.problems().size())));
    }
    // side-file rows for accounts the book does not hold: never silently ignored
    for (std::string& line : report::unmatched_notes(session.unmatched())) lines.push_back(std::move(line));
    return lines;
}

std::string describe_override(const scorecard_set&, const override_book& book, std::int32_t, const override_effect& e) {
    return vitals::describe_override(book, e);
}

}  // namespace vitals::cli

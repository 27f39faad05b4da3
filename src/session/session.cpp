// The account session (see include/vitals/session.hpp).
#include "vitals/session.hpp"

#include "vitals/portfolio/priority.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/signals/score_trend.hpp"
#include "vitals/signals/trend_columns.hpp"
#include "vitals/survey.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace vitals {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& names, std::string_view sep = ", ") {
    std::string out;
    for (const std::string& n : names) {
        if (!out.empty()) out += sep;
        out += n;
    }
    return out;
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// A number for messages: shortest round-trip text.
std::string number_text(double x) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// A period label as a number, when it is one.
std::optional<double> period_number(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

/// Account ids in order of first appearance, with their row.
struct account_index {
    std::unordered_map<std::string, std::size_t> row_of;
    std::vector<std::string> ids;
    std::vector<char> seen;  ///< per row: a scored table held the account
    std::size_t add(const std::string& id) {
        auto [it, fresh] = row_of.emplace(id, ids.size());
        if (fresh) {
            ids.push_back(id);
            seen.push_back(0);
        }
        return it->second;
    }
    [[nodiscard]] std::int64_t find(const std::string& id) const {
        const auto it = row_of.find(id);
        return it == row_of.end() ? -1 : static_cast<std::int64_t>(it->second);
    }
};

/// The periods of a long side input in order, and each row's period index. Numbers when every
/// label is one, else text order.
struct period_axis {
    std::vector<std::string> labels;
    std::vector<std::size_t> of_row;
};

result<period_axis> order_periods(const side_rows& side, const std::vector<std::string>& periods) {
    if (periods.size() != side.rows())
        return fail(errc::shape_mismatch, side.source + ": " + std::to_string(periods.size()) + " periods for " +
                                              std::to_string(side.rows()) + " rows");
    std::map<std::string, std::size_t> index;
    bool numeric = true;
    for (std::size_t r = 0; r < periods.size(); ++r) {
        if (trim(periods[r]).empty())
            return fail(errc::invalid_argument, side.place(r) + ": empty period (account " + in_quotes(side.ids[r]) + ")");
        index.emplace(periods[r], 0);
    }
    std::vector<std::string> labels;
    for (const auto& [l, k] : index) {
        labels.push_back(l);
        numeric &= period_number(l).has_value();
    }
    if (numeric)
        std::stable_sort(labels.begin(), labels.end(),
                         [](const std::string& a, const std::string& b) { return *period_number(a) < *period_number(b); });
    for (std::size_t k = 0; k < labels.size(); ++k) index[labels[k]] = k;
    period_axis axis;
    axis.labels = std::move(labels);
    axis.of_row.resize(periods.size());
    for (std::size_t r = 0; r < periods.size(); ++r) axis.of_row[r] = index[periods[r]];
    return axis;
}

result<void> check_lines(const side_rows& side) {
    if (!side.lines.empty() && side.lines.size() != side.rows())
        return fail(errc::shape_mismatch, side.source + ": " + std::to_string(side.lines.size()) + " line numbers for " +
                                              std::to_string(side.rows()) + " rows");
    return boost::outcome_v2::success();
}

}  // namespace

struct session::state {
    explicit state(scorecard_set s) : set(std::move(s)) {}
    scorecard_set set;
    session_options options;
    batch_options batch;
    bool any_alerts = false;
    bool any_calibration = false;

    // derived columns: name, the side input's index, and per index row its value
    struct derived {
        std::string name;
        account_index* index = nullptr;  ///< nullptr: missing for every account
        std::vector<double> values;      ///< per index row
    };
    std::vector<derived> derived_cols;
    std::vector<std::string> derived_names, book_cols, book_inputs;
    std::vector<std::string> optional_cols;  ///< book columns that may be absent without an error (survey columns)
    std::unique_ptr<account_index> history_ids, survey_ids, override_ids;
    std::string history_source, survey_source, override_source;

    // previous scores: accounts x periods
    struct previous_table {
        std::string source;
        account_index accounts;
        std::vector<std::string> periods;
        std::vector<double> scores;
        std::vector<std::string> alerts;
        [[nodiscard]] std::int32_t since_fired(std::size_t row, std::string_view alert) const {
            const std::size_t P = periods.size();
            for (std::size_t j = P; j-- > 0;) {
                std::string_view list = alerts[row * P + j];
                while (!list.empty()) {
                    const std::size_t semi = list.find(';');
                    if (trim(list.substr(0, semi)) == alert) return static_cast<std::int32_t>(P - j);
                    if (semi == std::string_view::npos) break;
                    list.remove_prefix(semi + 1);
                }
            }
            return -1;
        }
    };
    std::optional<previous_table> previous;
    override_book book;
    bool has_book = false;

    std::vector<double> thresholds;
    std::optional<double> cutoff;
    bool quadrant_last = false, value_last = false;
    std::vector<session_notice> notices;

    // per table: the binding of the frame's columns (cached by the names seen last)
    std::vector<std::string> bound_names;
    std::vector<std::int64_t> source_of;  ///< per frame column: the table column, or -1 (derived/absent)
    std::vector<std::string> frame_names;
    std::int64_t value_col = -1;          ///< frame column of the value
    std::vector<double> frame;

    result<void> load_history(const history_rows& h);
    result<void> load_surveys(const survey_rows& s);
    result<void> load_previous(const previous_rows& p);
    result<void> load_overrides(override_book b);
    void plan_columns();
    result<void> bind(const account_table& t);
};

result<void> session::state::load_history(const history_rows& h) {
    VITALS_TRY(check_lines(h));
    const std::size_t M = h.metrics.size(), N = h.rows();
    if (h.values.size() != N * M)
        return fail(errc::shape_mismatch, h.source + ": " + std::to_string(h.values.size()) + " values for " +
                                              std::to_string(N) + " rows x " + std::to_string(M) + " metrics");
    std::vector<std::string> metrics;
    for (const scorecard& c : set.cards())
        for (const std::string& m : history_metrics(c))
            if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    std::vector<std::string> absent;
    std::vector<std::size_t> col_of;
    std::vector<std::string> present;
    for (const std::string& m : metrics) {
        const auto it = std::find(h.metrics.begin(), h.metrics.end(), m);
        if (it == h.metrics.end()) absent.push_back(m);
        else {
            present.push_back(m);
            col_of.push_back(static_cast<std::size_t>(it - h.metrics.begin()));
        }
    }
    if (!absent.empty() && !options.allow_missing_columns)
        return fail(errc::unknown_column, h.source + ": no history of " + join(absent) +
                                              ", which the scorecard's trends read; the metrics are: " + join(h.metrics));
    VITALS_TRY(axis, order_periods(h, h.periods));
    history_ids = std::make_unique<account_index>();
    history_source = h.source;
    std::vector<std::size_t> account(N);
    for (std::size_t r = 0; r < N; ++r) account[r] = history_ids->add(h.ids[r]);
    const std::size_t A = history_ids->ids.size(), T = axis.labels.size(), P = present.size();
    std::vector<std::vector<double>> hist(P, std::vector<double>(A * T, nan));
    std::vector<std::int64_t> first(A * T, -1);
    for (std::size_t r = 0; r < N; ++r) {
        const std::size_t k = account[r] * T + axis.of_row[r];
        if (first[k] >= 0)
            return fail(errc::invalid_argument,
                        h.place(r) + ": account " + in_quotes(h.ids[r]) + " has period " + h.periods[r] + " twice (first on " +
                            (h.lines.empty() ? "row " + std::to_string(first[k] + 1)
                                             : "line " + std::to_string(h.lines[static_cast<std::size_t>(first[k])])) +
                            ")");
        first[k] = static_cast<std::int64_t>(r);
        for (std::size_t m = 0; m < P; ++m) hist[m][k] = h.values[r * M + col_of[m]];
    }
    std::vector<metric_history> histories;
    for (std::size_t m = 0; m < P; ++m)
        histories.push_back({present[m], frame_view<double>::row_major(hist[m].data(), static_cast<std::int64_t>(A),
                                                                       static_cast<std::int64_t>(T))});
    for (const scorecard& c : set.cards()) {
        const auto names = trend_column_names(c);
        std::vector<double> out(names.size() * A);
        if (auto r = compute_trend_columns(c, histories, static_cast<std::int64_t>(A), out, /*allow_absent=*/true); !r)
            return fail(r.error().code, h.source + ": " + r.error().message);
        for (std::size_t t = 0; t < names.size(); ++t) {
            const trend_input& def = c.spec().trends[t];
            const auto same = std::find_if(derived_cols.begin(), derived_cols.end(), [&](const derived& d) { return d.name == names[t]; });
            if (same != derived_cols.end()) {
                for (const scorecard& o : set.cards())
                    for (const trend_input& od : o.spec().trends)
                        if (od.name == def.name && !(od == def))
                            return fail(errc::invalid_argument,
                                        "the scorecards of the set declare trend " + in_quotes(def.name) + " differently");
                continue;
            }
            if (T < static_cast<std::size_t>(def.window))
                notices.push_back({h.source + " has " + std::to_string(T) + (T == 1 ? " period" : " periods") +
                                   ", fewer than the " + std::to_string(def.window) + " of trend " + in_quotes(def.name) +
                                   "; it is computed over the periods there are"});
            derived_cols.push_back({names[t], history_ids.get(),
                                    std::vector<double>(out.begin() + static_cast<std::ptrdiff_t>(t * A),
                                                        out.begin() + static_cast<std::ptrdiff_t>((t + 1) * A))});
        }
    }
    return boost::outcome_v2::success();
}

result<void> session::state::load_surveys(const survey_rows& s) {
    VITALS_TRY(check_lines(s));
    const std::size_t N = s.rows();
    if (s.roles.size() != N || s.answers.size() != N)
        return fail(errc::shape_mismatch, s.source + ": " + std::to_string(s.roles.size()) + " roles and " +
                                              std::to_string(s.answers.size()) + " answers for " + std::to_string(N) + " rows");
    survey_ids = std::make_unique<account_index>();
    survey_source = s.source;
    std::vector<std::int64_t> account(N);
    std::vector<std::int32_t> roles(N);
    for (std::size_t r = 0; r < N; ++r) {
        VITALS_TRY(ro, parse_role(s.roles[r], s.role_column ? s.place(r) + ":" + std::to_string(s.role_column)
                                                                                  : s.place(r) + ": column role"));
        const double a = s.answers[r];
        if (!std::isnan(a) && !(a >= 0.0 && a <= 10.0 && a == std::floor(a)))
            return fail(errc::invalid_argument, s.place(r) + ": answer " + number_text(a) +
                                                    " is not a whole number 0..10 (or empty: invited, no answer)");
        account[r] = static_cast<std::int64_t>(survey_ids->add(s.ids[r]));
        roles[r] = static_cast<std::int32_t>(ro);
    }
    const std::size_t A = survey_ids->ids.size();
    std::vector<double> block(A * survey_column_count);
    VITALS_TRY(outs, survey_outputs::block(block, A));
    if (auto r = survey_measures(static_cast<std::int64_t>(A), {account, roles, s.answers}, survey_options{}, outs); !r)
        return fail(r.error().code, s.source + ": " + r.error().message);
    for (std::size_t k = 0; k < survey_column_count; ++k)
        derived_cols.push_back({std::string(column_name(static_cast<survey_column>(k))), survey_ids.get(),
                                std::vector<double>(block.begin() + static_cast<std::ptrdiff_t>(k * A),
                                                    block.begin() + static_cast<std::ptrdiff_t>((k + 1) * A))});
    return boost::outcome_v2::success();
}

result<void> session::state::load_previous(const previous_rows& p) {
    VITALS_TRY(check_lines(p));
    const std::size_t N = p.rows();
    if (p.scores.size() != N || (!p.alerts.empty() && p.alerts.size() != N))
        return fail(errc::shape_mismatch, p.source + ": " + std::to_string(p.scores.size()) + " scores and " +
                                              std::to_string(p.alerts.size()) + " alert lists for " + std::to_string(N) + " rows");
    for (std::size_t r = 0; r < N; ++r)
        if (const double s = p.scores[r]; !std::isnan(s) && !(s >= 0.0 && s <= 100.0))
            return fail(errc::invalid_argument, p.place(r) + ": score " + number_text(s) + " is not in 0..100 (account " +
                                                    in_quotes(p.ids[r]) + ")");
    VITALS_TRY(axis, order_periods(p, p.periods));
    previous_table t;
    t.source = p.source;
    std::vector<std::size_t> account(N);
    for (std::size_t r = 0; r < N; ++r) account[r] = t.accounts.add(p.ids[r]);
    t.periods = axis.labels;
    const std::size_t A = t.accounts.ids.size(), P = t.periods.size();
    t.scores.assign(A * P, nan);
    t.alerts.assign(A * P, std::string());
    std::vector<std::int64_t> first(A * P, -1);
    for (std::size_t r = 0; r < N; ++r) {
        const std::size_t k = account[r] * P + axis.of_row[r];
        if (first[k] >= 0)
            return fail(errc::invalid_argument,
                        p.place(r) + ": account " + in_quotes(p.ids[r]) + " has period " + p.periods[r] + " twice (first on " +
                            (p.lines.empty() ? "row " + std::to_string(first[k] + 1)
                                             : "line " + std::to_string(p.lines[static_cast<std::size_t>(first[k])])) +
                            ")");
        first[k] = static_cast<std::int64_t>(r);
        t.scores[k] = p.scores[r];
        if (!p.alerts.empty()) t.alerts[k] = p.alerts[r];
    }
    previous = std::move(t);
    return boost::outcome_v2::success();
}

result<void> session::state::load_overrides(override_book b) {
    std::string problems;
    for (std::size_t i = 0; i < b.size(); ++i) {
        const account_override& o = b.entries()[i];
        if (o.targets_score()) continue;
        bool known = false;
        for (const scorecard& card : set.cards()) known |= card.measure_index(o.target) != npos;
        if (!known)
            problems += (problems.empty() ? "" : "\n") + b.place(i) + ": column target: unknown measure " + in_quotes(o.target) +
                        " (\"score\" or a measure of the scorecard)";
    }
    if (!problems.empty()) return fail(errc::unknown_column, std::move(problems));
    VITALS_TRY(b.check_conflicts(options.as_of));
    override_ids = std::make_unique<account_index>();
    for (const account_override& o : b.entries()) override_ids->add(o.account_id);
    book = std::move(b);
    has_book = !book.empty();
    return boost::outcome_v2::success();
}

void session::state::plan_columns() {
    const auto add = [](std::vector<std::string>& v, const std::string& n) {
        if (std::find(v.begin(), v.end(), n) == v.end()) v.push_back(n);
    };
    std::vector<std::string> needed;
    for (const std::string& n : set.inputs()) {
        add(needed, n);
        add(book_inputs, n);
    }
    for (const scorecard& c : set.cards())
        for (const std::string& n : alert_columns(c)) add(needed, n);
    // trends without a history: missing for everyone
    for (const scorecard& c : set.cards())
        for (const std::string& n : trend_column_names(c))
            if (std::none_of(derived_cols.begin(), derived_cols.end(), [&](const derived& d) { return d.name == n; }))
                derived_cols.push_back({n, nullptr, {}});
    for (const derived& d : derived_cols) derived_names.push_back(d.name);
    if (!survey_ids)
        for (std::size_t k = 0; k < survey_column_count; ++k) optional_cols.emplace_back(column_name(static_cast<survey_column>(k)));
    for (const std::string& n : needed)
        if (std::find(derived_names.begin(), derived_names.end(), n) == derived_names.end()) book_cols.push_back(n);
    if (std::find(book_cols.begin(), book_cols.end(), options.value_column) == book_cols.end() &&
        !options.value_column.empty())
        book_cols.push_back(options.value_column);
}

result<void> session::state::bind(const account_table& t) {
    if (bound_names.size() == t.names.size() && std::equal(bound_names.begin(), bound_names.end(), t.names.begin()))
        return boost::outcome_v2::success();
    const auto find = [&](std::string_view name) -> result<std::int64_t> {
        std::int64_t at = -1;
        for (std::size_t c = 0; c < t.names.size(); ++c)
            if (t.names[c] == name) {
                if (at >= 0)
                    return fail(errc::invalid_argument, std::string(t.source) + ": column " + in_quotes(name) +
                                                            " appears more than once (columns " + std::to_string(at + 1) +
                                                            " and " + std::to_string(c + 1) + ")");
                at = static_cast<std::int64_t>(c);
            }
        return at;
    };
    frame_names.clear();
    source_of.clear();
    value_col = -1;
    std::vector<std::string> absent_inputs;
    for (const std::string& n : derived_names) {
        VITALS_TRY(c, find(n));
        if (c >= 0)
            return fail(errc::invalid_argument, std::string(t.source) + ": column " + in_quotes(n) +
                                                    " is also computed from a side input (history or surveys); "
                                                    "rename the column or leave out the side input");
    }
    for (const std::string& n : book_cols) {
        VITALS_TRY(c, find(n));
        if (c >= 0) {
            frame_names.push_back(n);
            source_of.push_back(c);
            if (n == options.value_column) value_col = static_cast<std::int64_t>(frame_names.size() - 1);
        } else if (std::find(optional_cols.begin(), optional_cols.end(), n) != optional_cols.end()) {
            frame_names.push_back(n);  // a survey column without surveys: missing for everyone
            source_of.push_back(-2);
        } else if (std::find(book_inputs.begin(), book_inputs.end(), n) != book_inputs.end()) {
            absent_inputs.push_back(n);
        } else if (n != options.value_column) {
            notices.push_back({std::string(t.source) + " has no column " + in_quotes(n) + ", which an alert reads; that alert never fires"});
        }
    }
    if (!absent_inputs.empty() && !options.allow_missing_columns)
        return fail(errc::unknown_column, std::string(t.source) + ": missing column" + (absent_inputs.size() == 1 ? " " : "s ") +
                                              join(absent_inputs) + ", which the scorecard reads; the columns are: " +
                                              join({t.names.begin(), t.names.end()}));
    for (const std::string& n : derived_names) {
        frame_names.push_back(n);
        source_of.push_back(-1);
    }
    for (const std::string& n : absent_inputs) {
        frame_names.push_back(n);
        source_of.push_back(-2);
    }
    bound_names.assign(t.names.begin(), t.names.end());
    return boost::outcome_v2::success();
}

session::session(std::unique_ptr<state> s) noexcept : s_(std::move(s)) {}
session::session(session&&) noexcept = default;
session& session::operator=(session&&) noexcept = default;
session::~session() = default;

result<session> session::create(scorecard_set set, session_inputs inputs, session_options options) {
    auto s = std::make_unique<state>(std::move(set));
    s->options = std::move(options);
    s->batch.threads = s->options.threads;
    s->batch.top_k = s->options.top_drivers;
    for (const scorecard& c : s->set.cards()) s->any_alerts |= !c.spec().alerts.empty();
    for (const scorecard& c : s->set.cards()) s->any_calibration |= c.calibration().has_value();
    if (!std::isnan(s->options.high_value_arr) && !(s->options.high_value_arr >= 0.0 && std::isfinite(s->options.high_value_arr)))
        return fail(errc::invalid_argument, "high_value_arr: must be a number >= 0");
    if (!(s->options.high_value_share >= 0.0 && s->options.high_value_share <= 100.0))
        return fail(errc::invalid_argument, "high_value_share: must be a percent in 0..100");
    if (!std::isnan(s->options.health_threshold) && !(s->options.health_threshold >= 0.0 && s->options.health_threshold <= 100.0))
        return fail(errc::invalid_argument, "health_threshold: must be a score in 0..100");
    if (inputs.history) {
        VITALS_TRY(s->load_history(*inputs.history));
    }
    if (inputs.surveys) {
        VITALS_TRY(s->load_surveys(*inputs.surveys));
    }
    if (inputs.previous) {
        VITALS_TRY(s->load_previous(*inputs.previous));
    }
    if (inputs.overrides) {
        s->override_source = inputs.overrides_source;
        VITALS_TRY(s->load_overrides(std::move(*inputs.overrides)));
    }
    s->plan_columns();
    s->thresholds.assign(s->set.cards().size(), s->options.health_threshold);
    if (std::isnan(s->options.health_threshold))
        for (std::size_t c = 0; c < s->set.cards().size(); ++c) {
            auto t = portfolio::health_threshold_of(s->set.cards()[c].bands());
            s->thresholds[c] = t ? t.value() : nan;  // checked when quadrants are on
        }
    if (!std::isnan(s->options.high_value_arr)) s->cutoff = s->options.high_value_arr;
    return session(std::move(s));
}

const scorecard_set& session::set() const noexcept { return s_->set; }
const session_options& session::options() const noexcept { return s_->options; }
std::span<const std::string> session::book_columns() const noexcept { return s_->book_cols; }
std::span<const std::string> session::derived_columns() const noexcept { return s_->derived_names; }
bool session::is_derived(std::string_view name) const noexcept {
    return std::find(s_->derived_names.begin(), s_->derived_names.end(), name) != s_->derived_names.end();
}
bool session::has_previous() const noexcept { return s_->previous.has_value(); }
bool session::has_overrides() const noexcept { return s_->has_book; }
bool session::has_alerts() const noexcept { return s_->any_alerts; }
bool session::has_churn_probability() const noexcept { return s_->any_calibration; }
const override_book& session::overrides() const noexcept { return s_->book; }
day_number session::as_of() const noexcept { return s_->options.as_of; }
void session::set_value_cutoff(double cutoff) noexcept { s_->cutoff = cutoff; }
std::optional<double> session::value_cutoff() const noexcept { return s_->cutoff; }
double session::health_threshold(std::size_t c) const noexcept { return s_->thresholds[c]; }
bool session::has_quadrant() const noexcept { return s_->quadrant_last; }
bool session::has_value() const noexcept { return s_->value_last; }
std::span<const session_notice> session::notices() const noexcept { return s_->notices; }

result<double> session::value_cutoff_of(std::span<const double> values) const {
    if (!std::isnan(s_->options.high_value_arr)) return s_->options.high_value_arr;
    for (std::size_t r = 0; r < values.size(); ++r)
        if (const double v = values[r]; !std::isnan(v) && !(v >= 0.0 && std::isfinite(v)))
            return fail(errc::invalid_argument, s_->options.value_column + ": " + number_text(v) + " (value " +
                                                    std::to_string(r + 1) + ") is not a value >= 0");
    auto cut = portfolio::high_value_cutoff(values, portfolio::value_rule::top_revenue(s_->options.high_value_share));
    if (!cut) return fail(cut.error().code, s_->options.value_column + ": " + cut.error().message);
    return cut.value();
}

namespace {

/// An error from scoring `book`, named by its source, or by the row's place when it is about one
/// row (which it keeps in error::row).
error book_error(const account_table& book, error e) {
    const bool one_row = e.row >= 0 && static_cast<std::size_t>(e.row) < book.ids.size();
    e.message = (one_row ? book.place(static_cast<std::size_t>(e.row)) : std::string(book.source)) + ": " + e.message;
    if (!one_row) e.row = -1;
    return e;
}

}  // namespace

result<void> session::score(const account_table& book, session_result& o) {
    state& s = *s_;
    VITALS_TRY(book.values.validate("values"));
    const auto n = static_cast<std::size_t>(book.values.rows);
    if (book.ids.size() != n)
        return fail(errc::shape_mismatch, std::string(book.source) + ": " + std::to_string(book.ids.size()) + " ids for " +
                                              std::to_string(n) + " rows");
    if (book.names.size() != static_cast<std::size_t>(book.values.cols))
        return fail(errc::shape_mismatch, std::string(book.source) + ": " + std::to_string(book.names.size()) +
                                              " column names for " + std::to_string(book.values.cols) + " columns");
    if (!book.segments.empty() && book.segments.size() != n)
        return fail(errc::shape_mismatch, std::string(book.source) + ": " + std::to_string(book.segments.size()) +
                                              " segments for " + std::to_string(n) + " rows");
    if (!s.set.is_single() && book.segments.empty())
        return fail(errc::unknown_column, std::string(book.source) + ": no segment column \"" + std::string(s.set.segment_column()) +
                                              "\" (the scorecard set picks a scorecard by it)");
    VITALS_TRY(s.bind(book));
    const std::size_t C = s.frame_names.size(), W = s.set.max_measures(), K = s.options.top_drivers;
    o.rows = n;

    // the frame: book columns, then derived ones looked up by account id
    s.frame.resize(n * C);
    std::vector<std::int64_t> hist_row, survey_row;
    const auto lookup = [&](account_index* index, std::vector<std::int64_t>& rows) {
        rows.assign(n, -1);
        for (std::size_t r = 0; r < n; ++r)
            if (const std::int64_t k = index->find(book.ids[r]); k >= 0) {
                rows[r] = k;
                index->seen[static_cast<std::size_t>(k)] = 1;
            }
    };
    if (s.history_ids) lookup(s.history_ids.get(), hist_row);
    if (s.survey_ids) lookup(s.survey_ids.get(), survey_row);
    for (std::size_t c = 0; c < C; ++c) {
        const std::int64_t src = s.source_of[c];
        if (src >= 0) {
            continue;  // the book's columns: copied row by row below
        } else if (src == -2) {
            for (std::size_t r = 0; r < n; ++r) s.frame[r * C + c] = nan;
        } else {
            // a derived column
            const auto it = std::find_if(s.derived_cols.begin(), s.derived_cols.end(),
                                         [&](const state::derived& x) { return x.name == s.frame_names[c]; });
            const state::derived* dv = it == s.derived_cols.end() ? nullptr : &*it;
            const std::vector<std::int64_t>* rows = nullptr;
            if (dv && dv->index == s.history_ids.get() && dv->index) rows = &hist_row;
            if (dv && dv->index == s.survey_ids.get() && dv->index) rows = &survey_row;
            for (std::size_t r = 0; r < n; ++r) {
                double v = nan;
                if (rows && (*rows)[r] >= 0) v = dv->values[static_cast<std::size_t>((*rows)[r])];
                s.frame[r * C + c] = v;
            }
        }
    }
    for (std::size_t r = 0; r < n; ++r) {
        const double* row = book.values.data + static_cast<std::int64_t>(r) * book.values.row_stride;
        double* to = s.frame.data() + r * C;
        for (std::size_t c = 0; c < C; ++c)
            if (const std::int64_t src = s.source_of[c]; src >= 0) to[c] = row[src * book.values.col_stride];
    }
    const auto frame = frame_view<double>::row_major(s.frame.data(), static_cast<std::int64_t>(n), static_cast<std::int64_t>(C));

    // score with each row's card
    o.score.resize(n);
    o.coverage.resize(n);
    o.band.resize(n);
    o.status.resize(n);
    o.card.resize(n);
    o.drivers.resize(n * K);
    o.points_lost.resize(n * W);
    o.contributions.clear();
    if (s.options.contributions) o.contributions.assign(n * W, nan);
    const batch_output bo{o.score, o.band, o.coverage, o.status, o.contributions, o.points_lost, o.drivers};
    const std::span<const std::string> ids(book.ids.data(), n);
    const std::span<const std::string> names(s.frame_names);
    if (auto r = score_batch(s.set, frame, names, book.segments, bo, std::span<std::int32_t>(o.card), s.batch, ids); !r)
        return book_error(book, std::move(r).error());

    // the cards' inputs per row, as they were scored (on request)
    o.inputs.clear();
    o.inputs_width = 0;
    if (s.options.inputs) {
        const auto cards = s.set.cards();
        std::vector<std::vector<std::int64_t>> col_of(cards.size());  // per card, per input: its frame column
        for (std::size_t c = 0; c < cards.size(); ++c) {
            o.inputs_width = std::max(o.inputs_width, cards[c].inputs().size());
            for (const std::string& in : cards[c].inputs()) {
                const auto it = std::find(s.frame_names.begin(), s.frame_names.end(), in);
                col_of[c].push_back(it == s.frame_names.end() ? -1 : it - s.frame_names.begin());
            }
        }
        o.inputs.assign(n * o.inputs_width, nan);
        for (std::size_t r = 0; r < n; ++r) {
            if (o.card[r] < 0) continue;
            const auto& cols = col_of[static_cast<std::size_t>(o.card[r])];
            for (std::size_t k = 0; k < cols.size(); ++k)
                if (cols[k] >= 0) o.inputs[r * o.inputs_width + k] = s.frame[r * C + static_cast<std::size_t>(cols[k])];
        }
    }

    // churn probability of the computed score (before overrides), for rows of a calibrated card
    o.churn_probability.clear();
    if (s.any_calibration) {
        o.churn_probability.assign(n, nan);
        for (std::size_t r = 0; r < n; ++r)
            if (o.card[r] >= 0)
                if (const auto& cal = s.set.cards()[static_cast<std::size_t>(o.card[r])].calibration(); cal && !std::isnan(o.score[r]))
                    o.churn_probability[r] = (*cal)(o.score[r]);
    }

    // overrides
    o.overridden.clear();
    o.override_of.assign(n, -1);
    if (s.has_book) {
        for (std::size_t r = 0; r < n; ++r)
            if (const std::int64_t k = s.override_ids->find(book.ids[r]); k >= 0) s.override_ids->seen[static_cast<std::size_t>(k)] = 1;
        auto applied = apply_overrides(s.set, s.book, s.options.as_of, ids, frame, names,
                                       std::span<const std::int32_t>(o.card), bo, s.batch);
        if (!applied) return book_error(book, std::move(applied).error());
        o.overridden = std::move(applied).value();
        for (std::size_t k = 0; k < o.overridden.size(); ++k)
            o.override_of[static_cast<std::size_t>(o.overridden[k].row)] = static_cast<std::int32_t>(k);
    }

    // previous scores of these accounts
    const std::size_t P = s.previous ? s.previous->periods.size() : 0;
    std::vector<double> prev(n * P, nan);
    std::vector<std::int64_t> prev_row(n, -1);
    if (s.previous)
        for (std::size_t r = 0; r < n; ++r) {
            prev_row[r] = s.previous->accounts.find(book.ids[r]);
            if (prev_row[r] >= 0) {
                s.previous->accounts.seen[static_cast<std::size_t>(prev_row[r])] = 1;
                std::copy_n(s.previous->scores.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(prev_row[r]) * P), P,
                            prev.begin() + static_cast<std::ptrdiff_t>(r * P));
            }
        }
    const auto prev_frame = frame_view<double>::row_major(prev.data(), static_cast<std::int64_t>(n), static_cast<std::int64_t>(P));
    const auto rows_of = [&](std::size_t c) {
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < n; ++r)
            if (o.card[r] == static_cast<std::int32_t>(c)) rows.push_back(r);
        return rows;
    };

    // the score trend, with each card's dead band
    o.change.clear();
    o.direction.clear();
    if (s.previous) {
        o.change.assign(n, nan);
        o.direction.assign(n, static_cast<std::int32_t>(score_direction::unknown));
        std::vector<double> change(n);
        std::vector<std::int32_t> direction(n);
        for (std::size_t c = 0; c < s.set.cards().size(); ++c) {
            const auto rows = rows_of(c);
            if (rows.empty()) continue;
            VITALS_TRY(score_trend(o.score, prev_frame, s.set.cards()[c].spec().score_trend, change, direction));
            for (std::size_t r : rows) {
                o.change[r] = change[r];
                o.direction[r] = direction[r];
            }
        }
    }

    // alerts, with each card's rules and the cooldown state from the previous scores
    o.alerts.clear();
    if (s.any_alerts) {
        o.alerts.assign(n, {});
        for (std::size_t c = 0; c < s.set.cards().size(); ++c) {
            const scorecard& card = s.set.cards()[c];
            const auto& rules = card.spec().alerts;
            const std::size_t R = rules.size();
            const auto rows = rows_of(c);
            if (R == 0 || rows.empty()) continue;
            std::vector<std::int32_t> since(n * R, -1);
            std::vector<alert_event> events;
            if (s.previous)
                for (std::size_t r : rows)
                    if (prev_row[r] >= 0)
                        for (std::size_t a = 0; a < R; ++a)
                            since[r * R + a] = s.previous->since_fired(static_cast<std::size_t>(prev_row[r]), rules[a].name);
            alert_options ao;
            ao.allow_absent = true;
            VITALS_TRY(evaluate_alerts(card, alert_inputs{frame, names, o.score, prev_frame, since},
                                       alert_output{{}, {}, {}, {}, &events}, ao));
            VITALS_TRY(lists, alert_lists(card, static_cast<std::int64_t>(n), events, true));
            for (std::size_t r : rows) o.alerts[r] = std::move(lists[r]);
        }
    }

    // quadrants
    o.value.assign(n, nan);
    s.value_last = s.value_col >= 0;
    s.quadrant_last = s.value_last && s.options.quadrant;
    if (s.value_last)
        for (std::size_t r = 0; r < n; ++r) o.value[r] = s.frame[r * C + static_cast<std::size_t>(s.value_col)];
    o.quadrant.clear();
    o.at_risk.clear();
    o.priority.clear();
    if (s.quadrant_last) {
        for (std::size_t r = 0; r < n; ++r)
            if (const double v = o.value[r]; !std::isnan(v) && !(v >= 0.0 && std::isfinite(v)))
                return book_error(book, fail_at_row(errc::invalid_argument, static_cast<std::int64_t>(r),
                                                    "account " + in_quotes(book.ids[r]) + ": " + s.options.value_column +
                                                        " " + number_text(v) + " is not a value >= 0"));
        for (std::size_t c = 0; c < s.set.cards().size(); ++c)
            if (std::isnan(s.thresholds[c])) {
                auto t = portfolio::health_threshold_of(s.set.cards()[c].bands());
                if (!t) return fail(t.error().code, "scorecard for " + s.set.label(c) + ": " + t.error().message + " (health threshold)");
                s.thresholds[c] = t.value();
            }
        if (!s.cutoff) {
            VITALS_TRY(cut, value_cutoff_of(o.value));
            s.cutoff = cut;
        }
        o.quadrant.resize(n);
        for (std::size_t r = 0; r < n; ++r) {
            const double th = o.card[r] >= 0 ? s.thresholds[static_cast<std::size_t>(o.card[r])] : nan;
            o.quadrant[r] = static_cast<std::int32_t>(portfolio::detail::place(o.value[r], o.score[r], *s.cutoff, th));
        }
        o.at_risk.resize(n);
        for (std::size_t r = 0; r < n; ++r) o.at_risk[r] = portfolio::revenue_at_risk(o.value[r], o.score[r]);
        if (s.options.priority) {
            if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
                return fail(errc::not_supported, std::string(book.source) + ": " + std::to_string(n) +
                                                     " rows: places in the assessment list are int32; score it in "
                                                     "chunks, or turn options.priority off");
            std::vector<std::int64_t> order(n);
            VITALS_TRY(ranked, portfolio::prioritise(o.value, o.score, {}, order));
            o.priority.assign(n, 0);
            for (std::int64_t k = 0; k < ranked.listed; ++k)
                o.priority[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = static_cast<std::int32_t>(k + 1);
        }
    }
    return boost::outcome_v2::success();
}

std::vector<session::unmatched_accounts> session::unmatched() const {
    std::vector<unmatched_accounts> out;
    const auto collect = [&](const char* input, const std::string& source, const account_index* index) {
        if (index == nullptr) return;
        unmatched_accounts u{input, source, {}};
        for (std::size_t k = 0; k < index->ids.size(); ++k)
            if (!index->seen[k]) u.ids.push_back(index->ids[k]);
        if (!u.ids.empty()) out.push_back(std::move(u));
    };
    collect("history", s_->history_source, s_->history_ids.get());
    collect("previous", s_->previous ? s_->previous->source : std::string(), s_->previous ? &s_->previous->accounts : nullptr);
    collect("surveys", s_->survey_source, s_->survey_ids.get());
    collect("overrides", s_->override_source, s_->override_ids.get());
    return out;
}

std::string describe_override(const override_book& book, const override_effect& e) {
    const account_override& a = book.entries()[e.entry];
    const auto fixed1 = [](double x) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f", x);
        return std::string(buf);
    };
    std::string s = a.target + " " + (std::isnan(e.computed) ? std::string("(no data)") : fixed1(e.computed)) + " -> " +
                    fixed1(e.value);
    if (e.state == override_state::lapsed) s = a.target + " override to " + fixed1(e.value) + " lapsed";
    s += " (" + a.author + ", " + (e.state == override_state::lapsed ? "expired " : "until ") + format_date(a.expires) +
         "): " + a.reason;
    return s;
}

}  // namespace vitals

// libvitals — the account session (vitals_session_*): a thin view of vitals::session. The C side
// only reads arguments (tables, long side inputs, options) into the session's types and hands its
// result out by column; the pipeline itself is vitals::session (src/session).
#include "accounts.hpp"
#include "arguments.hpp"
#include "boundary.hpp"

#include "vitals/date.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/report/book_summary.hpp"
#include "vitals/report/page.hpp"
#include "vitals/score.hpp"
#include "vitals/session.hpp"
#include "vitals/signals/score_trend.hpp"
#include "vitals/version.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;

namespace vitals::capi {
namespace {

constexpr std::array<const char*, VITALS_INPUT_COUNT> input_names = {"history", "previous", "surveys", "overrides"};

/// What vitals_session_keep_report asked for, and the report gathered from the tables scored since.
struct report_state {
    vitals::report::summary_options summary;
    vitals::report::page_info page;
    std::shared_ptr<const vitals::session> live;       ///< the set and overrides `book` reads (outlives it)
    std::optional<vitals::report::book_summary> book;  ///< made with the first table
    std::string failed;                                ///< why a table failed to score after the first
    std::string html;                                  ///< the last page written (vitals_session_report)
    std::uint64_t html_tables = 0;                     ///< ... for this many tables
    std::uint64_t tables = 0;                          ///< tables scored into `book`
};

struct session_body {
    explicit session_body(const set_body& s) : set(s.set), callbacks(s.callbacks) {}
    vitals::scorecard_set set;
    std::vector<std::shared_ptr<const callback_state>> callbacks;
    vitals::session_options options;
    /// What the setters gave, until the first table is scored (then the session owns it).
    mutable vitals::session_inputs inputs;
    /// Built from set, inputs and options when first needed; a setter drops it.
    mutable std::shared_ptr<vitals::session> live;
    mutable std::optional<vitals::error> broken;  ///< the build at the first score failed
    std::optional<double> cutoff;               ///< vitals_session_set_value_cutoff
    bool scored = false;                        ///< side inputs are fixed once a table was scored
    std::array<std::vector<std::string>, VITALS_INPUT_COUNT> unmatched;  ///< the last snapshots
    std::optional<report_state> report;         ///< vitals_session_keep_report
    // per score call (kept to reuse their memory across chunks)
    std::vector<std::string> ids, names;
    std::vector<std::string_view> segments;
    std::vector<double> converted;
};

struct result_body {
    std::shared_ptr<const vitals::session> session;  ///< labels, the override book (kept alive)
    vitals::session_result r;
    std::vector<double> computed;                    ///< the score before overrides, per row
    bool has_previous = false, has_overrides = false, has_alerts = false, has_value = false, has_quadrant = false,
         has_churn_probability = false;
};

session_body* body(vitals_session* h) { return reinterpret_cast<session_body*>(h); }
const session_body* body(const vitals_session* h) { return reinterpret_cast<const session_body*>(h); }
result_body* body(vitals_session_result* h) { return reinterpret_cast<result_body*>(h); }
const result_body* body(const vitals_session_result* h) { return reinterpret_cast<const result_body*>(h); }

std::string element(const char* array, std::size_t i) { return std::string(array) + "[" + std::to_string(i) + "]"; }

/// `n` C strings, each required (a NULL entry is an error naming it).
result<std::vector<std::string>> required_strings(const char* const* p, std::size_t n, const char* name) {
    std::vector<std::string> out;
    if (n == 0) return out;
    if (p == nullptr) return fail(errc::invalid_argument, std::string(name) + " is NULL");
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] == nullptr) return fail(errc::invalid_argument, element(name, i) + " is NULL");
        out.emplace_back(p[i]);
    }
    return out;
}

/// A table argument, read and checked; its values as a double view (float32 values converted
/// into `converted`, row-major).
struct table_arg {
    frame_view<double> values;
    std::int64_t row_offset = 0;
    std::string source;
};

result<table_arg> read_table(const vitals_table* in, const char* name, std::vector<std::string>& ids,
                             std::vector<std::string>& names, std::vector<double>& converted) {
    if (in == nullptr) return fail(errc::invalid_argument, std::string(name) + " is NULL");
    VITALS_TRY(t, read_versioned(in, table_v1_size, name));
    if (t.reserved != 0)
        return fail(errc::invalid_argument, std::string(name) + "->reserved: " + std::to_string(t.reserved) + "; must be 0");
    const vitals_dtype dtype = t.dtype == 0 ? VITALS_DTYPE_FLOAT64 : t.dtype;
    result<frame_arg> frame = read_frame(t.data, dtype, t.rows, t.cols, t.row_stride, t.col_stride);
    if (!frame) return fail(frame.error().code, std::string(name) + "->" + frame.error().message);
    if (t.n_columns != t.cols)
        return fail(errc::shape_mismatch, std::string(name) + "->n_columns: " + std::to_string(t.n_columns) +
                                              " names for " + std::to_string(t.cols) + " columns (cols)");
    if (t.row_offset < 0)
        return fail(errc::invalid_argument, std::string(name) + "->row_offset: " + std::to_string(t.row_offset) +
                                                " is negative");
    const std::string member = std::string(name) + "->";
    // rows x cols values are copied for float32 (and for a history): the count must fit, even with
    // zero strides (whose largest offset is small)
    if (auto n = product(t.rows, t.cols, (member + "rows x cols").c_str()); !n) return n.error();
    const auto rows = static_cast<std::size_t>(t.rows), cols = static_cast<std::size_t>(t.cols);
    VITALS_TRY(id, required_strings(t.ids, rows, (member + "ids").c_str()));
    VITALS_TRY(nm, required_strings(t.columns, cols, (member + "columns").c_str()));
    ids = std::move(id);
    names = std::move(nm);
    table_arg a;
    a.row_offset = t.row_offset;
    a.source = t.source != nullptr ? t.source : name;
    if (dtype == VITALS_DTYPE_FLOAT64) {
        a.values = frame.value().f64;
    } else {
        const frame_view<float>& f = frame.value().f32;
        converted.resize(rows * cols);
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j)
                converted[i * cols + j] = static_cast<double>(f.data[static_cast<std::int64_t>(i) * f.row_stride +
                                                                     static_cast<std::int64_t>(j) * f.col_stride]);
        a.values = frame_view<double>::row_major(converted.data(), t.rows, t.cols);
    }
    return a;
}

result<vitals::session_options> read_session_options(const vitals_session_options* in) {
    vitals_session_options o{};
    o.struct_size = sizeof o;
    if (in != nullptr) {
        VITALS_TRY(v, read_versioned(in, session_options_v1_size, "options"));
        o = v;
    }
    vitals::session_options s;
    if (o.as_of_set != 0) {
        if (o.as_of < std::numeric_limits<std::int32_t>::min() || o.as_of > std::numeric_limits<std::int32_t>::max())
            return fail(errc::invalid_argument, "options->as_of: " + std::to_string(o.as_of) + " is not a day number (int32)");
        s.as_of = static_cast<vitals::day_number>(o.as_of);
    } else {
        s.as_of = vitals::today_utc();
    }
    s.value_column = o.value_column != nullptr ? o.value_column : "arr";
    s.quadrant = o.quadrant_off == 0;
    if (o.value_rule == VITALS_VALUE_TOP_REVENUE) {
        const double p = o.revenue_percent == 0.0 ? 50.0 : o.revenue_percent;
        if (!(p > 0.0 && p <= 100.0))
            return fail(errc::invalid_argument, "options->revenue_percent: " + std::to_string(o.revenue_percent) +
                                                    " is not in (0, 100] (0 = the default 50)");
        s.high_value_share = p;
    } else if (o.value_rule == VITALS_VALUE_ARR_CUTOFF) {
        if (!(o.arr_cutoff >= 0.0 && std::isfinite(o.arr_cutoff)))
            return fail(errc::invalid_argument, "options->arr_cutoff: " + std::to_string(o.arr_cutoff) +
                                                    " is not a finite value >= 0");
        s.high_value_arr = o.arr_cutoff;
    } else {
        return fail(errc::invalid_argument, "options->value_rule: " + std::to_string(o.value_rule) +
                                                " is neither VITALS_VALUE_TOP_REVENUE (0) nor VITALS_VALUE_ARR_CUTOFF (1)");
    }
    if (o.health_threshold_set != 0) {
        if (!(o.health_threshold >= 0.0 && o.health_threshold <= 100.0))
            return fail(errc::invalid_argument, "options->health_threshold: " + std::to_string(o.health_threshold) +
                                                    " is not a score in [0, 100]");
        s.health_threshold = o.health_threshold;
    }
    s.allow_missing_columns = o.allow_absent_columns != 0;
    if (o.threads < 0 || o.threads > max_threads)
        return fail(errc::invalid_argument, "options->threads: " + std::to_string(o.threads) + " is not in [0, " +
                                                std::to_string(max_threads) + "] (0 = one per hardware thread)");
    s.threads = static_cast<unsigned>(o.threads);
    const std::int64_t top_k = o.top_k == 0 ? default_top_k : o.top_k;
    if (top_k < 0 || top_k > VITALS_MAX_TOP_K)
        return fail(errc::invalid_argument, "options->top_k: " + std::to_string(o.top_k) + " is not in [0, " +
                                                std::to_string(VITALS_MAX_TOP_K) + "] (0 = the default, 3)");
    s.top_drivers = static_cast<std::size_t>(top_k);
    return s;
}

result<report_state> read_report_options(const vitals_report_options* in) {
    vitals_report_options o{};
    o.struct_size = sizeof o;
    if (in != nullptr) {
        VITALS_TRY(v, read_versioned(in, report_options_v1_size, "options"));
        o = v;
    }
    constexpr std::int64_t most = std::int64_t{1} << 20;
    if (o.top < -1 || o.top > most)
        return fail(errc::invalid_argument, "options->top: " + std::to_string(o.top) + " is not in [-1, " +
                                                std::to_string(most) + "] (0 = 200, -1 = every account)");
    if (o.max_points < -1 || o.max_points > most)
        return fail(errc::invalid_argument, "options->max_points: " + std::to_string(o.max_points) + " is not in [-1, " +
                                                std::to_string(most) + "] (0 = 5000, -1 = always the density)");
    report_state r;
    r.summary.top = o.top == 0 ? std::size_t{200} : o.top < 0 ? std::numeric_limits<std::size_t>::max()
                                                                : static_cast<std::size_t>(o.top);
    r.page.max_points = o.max_points == 0 ? std::size_t{5000} : o.max_points < 0 ? std::size_t{0}
                                                                                : static_cast<std::size_t>(o.max_points);
    if (o.title != nullptr) r.page.title = o.title;
    if (o.source != nullptr) r.page.source = o.source;
    if (o.scorecard != nullptr) r.page.scorecard = o.scorecard;
    r.page.generator = std::string("vitals ") + VITALS_VERSION_STRING;
    return r;
}

/// The session built from the body's set, inputs and options, when not built yet. `last` (the
/// first score: setters are locked from then on) hands the inputs over instead of copying them.
result<vitals::session*> live_session(const session_body& b, bool last = false) {
    if (b.broken) return *b.broken;
    if (!b.live) {
        auto s = last ? vitals::session::create(b.set, std::move(b.inputs), b.options)
                      : vitals::session::create(b.set, b.inputs, b.options);
        if (!s) {
            if (last) b.broken = s.error();  // the inputs are gone: every later score fails the same way
            return s.error();
        }
        b.live = std::make_shared<vitals::session>(std::move(s).value());
        if (b.cutoff) b.live->set_value_cutoff(*b.cutoff);
    }
    if (last) b.inputs = vitals::session_inputs{};
    return b.live.get();
}

/// A setter's common part: before any table was scored, the input `set` fills is checked at once
/// (a session of the set with this input alone is built and dropped), then kept.
// GCC 12 reports the copy of an engaged std::optional<override_book> as maybe-uninitialized (a
// false positive of its optional analysis at -O3).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
template <class Set>
result<void> set_input(vitals_session* h, const char* what, Set&& set) {
    if (h == nullptr) return fail(errc::invalid_argument, "session is NULL");
    session_body& b = *body(h);
    if (b.scored)
        return fail(errc::invalid_argument, std::string("the session has scored a table: its ") + what +
                                                " can no longer change (create a new session)");
    vitals::session_inputs one;
    VITALS_TRY(set(one));
    VITALS_TRY(vitals::session::create(b.set, one, b.options));
    if (one.history) b.inputs.history = std::move(one.history);
    if (one.previous) b.inputs.previous = std::move(one.previous);
    if (one.surveys) b.inputs.surveys = std::move(one.surveys);
    if (one.overrides) {
        b.inputs.overrides = std::move(one.overrides);
        b.inputs.overrides_source = std::move(one.overrides_source);
    }
    b.live.reset();
    return boost::outcome_v2::success();
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

result<void> input_arg(std::int32_t input) {
    if (input < 0 || input >= VITALS_INPUT_COUNT)
        return fail(errc::out_of_range, "input: " + std::to_string(input) + " is not a VITALS_INPUT_* code (0 to " +
                                            std::to_string(VITALS_INPUT_COUNT - 1) + ")");
    return boost::outcome_v2::success();
}

result<std::size_t> rows_arg(std::int64_t rows) {
    if (rows < 0) return fail(errc::shape_mismatch, "rows: " + std::to_string(rows) + " is negative");
    return static_cast<std::size_t>(rows);
}

// ---- result columns ----------------------------------------------------------------------------

enum class kind { f64, i32 };
struct column_def {
    const char* name;
    kind type;
    bool text;
};
constexpr std::array<column_def, VITALS_COLUMN_COUNT> columns = {{
    {"score", kind::f64, false},
    {"band", kind::i32, true},
    {"coverage", kind::f64, false},
    {"status", kind::i32, true},
    {"drivers", kind::i32, true},
    {"points_lost", kind::f64, false},
    {"card", kind::i32, true},
    {"computed_score", kind::f64, false},
    {"override", kind::i32, true},
    {"change", kind::f64, false},
    {"direction", kind::i32, true},
    {"alerts", kind::i32, true},
    {"alerts_held", kind::i32, true},
    {"value", kind::f64, false},
    {"quadrant", kind::i32, true},
    {"at_risk", kind::f64, false},
    {"priority", kind::i32, false},
    {"churn_probability", kind::f64, false},
}};

result<const column_def*> column_arg(std::int32_t column) {
    if (column < 0 || column >= VITALS_COLUMN_COUNT)
        return fail(errc::out_of_range, "column: " + std::to_string(column) + " is not a VITALS_COLUMN_* code (0 to " +
                                             std::to_string(VITALS_COLUMN_COUNT - 1) + ")");
    return &columns[static_cast<std::size_t>(column)];
}

std::size_t width_of(const result_body& b, std::int32_t column) {
    if (!b.session) return 0;
    switch (column) {
    case VITALS_COLUMN_DRIVERS: return b.session->options().top_drivers;
    case VITALS_COLUMN_POINTS_LOST: return b.session->set().max_measures();
    case VITALS_COLUMN_COMPUTED_SCORE:
    case VITALS_COLUMN_OVERRIDE: return b.has_overrides ? 1 : 0;
    case VITALS_COLUMN_CHANGE:
    case VITALS_COLUMN_DIRECTION: return b.has_previous ? 1 : 0;
    case VITALS_COLUMN_ALERTS:
    case VITALS_COLUMN_ALERTS_HELD: return b.has_alerts ? 1 : 0;
    case VITALS_COLUMN_VALUE: return b.has_value ? 1 : 0;
    case VITALS_COLUMN_QUADRANT:
    case VITALS_COLUMN_AT_RISK:
    case VITALS_COLUMN_PRIORITY: return b.has_quadrant ? 1 : 0;
    case VITALS_COLUMN_CHURN_PROBABILITY: return b.has_churn_probability ? 1 : 0;
    default: return 1;
    }
}

/// The width of a column the scored result has (an unscored result has none, 0 rows).
result<std::size_t> present_width(const result_body& b, std::int32_t column, const column_def* def) {
    const std::size_t w = width_of(b, column);
    if (w == 0 && b.session)
        return fail(errc::unknown_column, std::string("column ") + def->name +
                                              ": this result does not have it (see vitals_session_result_width)");
    return w;
}

/// The column as checked for reading: it exists in the result, of type `want`.
result<std::size_t> readable(const vitals_session_result* h, std::int32_t column, kind want) {
    if (h == nullptr) return fail(errc::invalid_argument, "result is NULL");
    VITALS_TRY(def, column_arg(column));
    if (def->type != want)
        return fail(errc::invalid_argument, std::string("column ") + def->name + " is " +
                                                (def->type == kind::f64 ? "float64: read it with vitals_session_result_f64"
                                                                        : "int32: read it with vitals_session_result_i32"));
    return present_width(*body(h), column, def);
}

std::int32_t override_state_of(const result_body& b, std::size_t r) {
    const std::int32_t k = b.r.override_of[r];
    if (k < 0) return VITALS_NO_OVERRIDE;
    return b.r.overridden[static_cast<std::size_t>(k)].any_applied() ? VITALS_OVERRIDE_APPLIED : VITALS_OVERRIDE_LAPSED;
}

std::int32_t alert_count(const result_body& b, std::size_t r, bool held) {
    std::int32_t n = 0;
    for (const vitals::raised_alert& a : b.r.alerts[r]) n += a.suppressed == held ? 1 : 0;
    return n;
}

void copy_f64(const result_body& b, std::int32_t column, std::span<double> out) {
    const vitals::session_result& r = b.r;
    switch (column) {
    case VITALS_COLUMN_SCORE: std::copy(r.score.begin(), r.score.end(), out.begin()); break;
    case VITALS_COLUMN_COVERAGE: std::copy(r.coverage.begin(), r.coverage.end(), out.begin()); break;
    case VITALS_COLUMN_POINTS_LOST: std::copy(r.points_lost.begin(), r.points_lost.end(), out.begin()); break;
    case VITALS_COLUMN_COMPUTED_SCORE: std::copy(b.computed.begin(), b.computed.end(), out.begin()); break;
    case VITALS_COLUMN_CHANGE: std::copy(r.change.begin(), r.change.end(), out.begin()); break;
    case VITALS_COLUMN_VALUE: std::copy(r.value.begin(), r.value.end(), out.begin()); break;
    case VITALS_COLUMN_AT_RISK: std::copy(r.at_risk.begin(), r.at_risk.end(), out.begin()); break;
    case VITALS_COLUMN_CHURN_PROBABILITY:
        std::copy(r.churn_probability.begin(), r.churn_probability.end(), out.begin());
        break;
    default: break;
    }
}

void copy_i32(const result_body& b, std::int32_t column, std::span<std::int32_t> out) {
    const vitals::session_result& r = b.r;
    switch (column) {
    case VITALS_COLUMN_BAND: std::copy(r.band.begin(), r.band.end(), out.begin()); break;
    case VITALS_COLUMN_STATUS: std::copy(r.status.begin(), r.status.end(), out.begin()); break;
    case VITALS_COLUMN_DRIVERS: std::copy(r.drivers.begin(), r.drivers.end(), out.begin()); break;
    case VITALS_COLUMN_CARD: std::copy(r.card.begin(), r.card.end(), out.begin()); break;
    case VITALS_COLUMN_DIRECTION: std::copy(r.direction.begin(), r.direction.end(), out.begin()); break;
    case VITALS_COLUMN_QUADRANT: std::copy(r.quadrant.begin(), r.quadrant.end(), out.begin()); break;
    case VITALS_COLUMN_PRIORITY: std::copy(r.priority.begin(), r.priority.end(), out.begin()); break;
    case VITALS_COLUMN_OVERRIDE:
        for (std::size_t i = 0; i < r.rows; ++i) out[i] = override_state_of(b, i);
        break;
    case VITALS_COLUMN_ALERTS:
    case VITALS_COLUMN_ALERTS_HELD:
        for (std::size_t i = 0; i < r.rows; ++i) out[i] = alert_count(b, i, column == VITALS_COLUMN_ALERTS_HELD);
        break;
    default: break;
    }
}

/// Copies column `column` (of type `want`) into out[0..length) with `copy`.
template <class T, class Copy>
result<void> read_column(const vitals_session_result* h, std::int32_t column, kind want, T* out, std::int64_t length,
                         Copy&& copy) {
    VITALS_TRY(w, readable(h, column, want));
    const result_body& b = *body(h);
    const std::size_t need = b.r.rows * w;
    if (need == 0) return boost::outcome_v2::success();
    if (out == nullptr) return fail(errc::invalid_argument, "out is NULL");
    VITALS_TRY(o, output_array(out, length, need, "length"));
    copy(b, column, o);
    return boost::outcome_v2::success();
}

/// Row r's text of a text column, as `vitals score` writes it.
std::string text_of(const result_body& b, std::int32_t column, std::size_t r) {
    const vitals::session& s = *b.session;
    const vitals::session_result& o = b.r;
    const std::int32_t c = o.card[r];
    const vitals::scorecard* card = c >= 0 ? &s.set().cards()[static_cast<std::size_t>(c)] : nullptr;
    std::string t;
    switch (column) {
    case VITALS_COLUMN_BAND:
        if (card != nullptr && o.band[r] >= 0) t = card->bands().label(o.band[r]);
        break;
    case VITALS_COLUMN_STATUS: t = vitals::to_string(static_cast<vitals::status>(o.status[r])); break;
    case VITALS_COLUMN_DRIVERS: {
        const std::size_t K = s.options().top_drivers;
        for (std::size_t k = 0; k < K && card != nullptr; ++k)
            if (const std::int32_t m = o.drivers[r * K + k]; m >= 0) {
                if (!t.empty()) t += ';';
                t += card->measures()[static_cast<std::size_t>(m)].name;
            }
        break;
    }
    case VITALS_COLUMN_CARD:
        if (c >= 0) t = s.set().label(static_cast<std::size_t>(c));
        break;
    case VITALS_COLUMN_OVERRIDE:
        if (const std::int32_t k = o.override_of[r]; k >= 0)
            for (const vitals::override_effect& e : o.overridden[static_cast<std::size_t>(k)].effects)
                t += (t.empty() ? "" : "; ") + vitals::describe_override(s.overrides(), e);
        break;
    case VITALS_COLUMN_DIRECTION: t = vitals::to_string(static_cast<vitals::score_direction>(o.direction[r])); break;
    case VITALS_COLUMN_ALERTS:
    case VITALS_COLUMN_ALERTS_HELD:
        for (const vitals::raised_alert& a : o.alerts[r])
            if (a.suppressed == (column == VITALS_COLUMN_ALERTS_HELD)) {
                if (!t.empty()) t += ';';
                t += a.name;
            }
        break;
    case VITALS_COLUMN_QUADRANT: t = vitals::portfolio::to_string(static_cast<vitals::portfolio::quadrant>(o.quadrant[r])); break;
    default: break;
    }
    return t;
}

/// The column as checked for text: one with text, in the result.
result<void> text_column(const vitals_session_result* h, std::int32_t column) {
    if (h == nullptr) return fail(errc::invalid_argument, "result is NULL");
    VITALS_TRY(def, column_arg(column));
    if (!def->text)
        return fail(errc::invalid_argument, std::string("column ") + def->name + " has no text: read it with " +
                                                (def->type == kind::f64 ? "vitals_session_result_f64" : "vitals_session_result_i32"));
    VITALS_TRY(present_width(*body(h), column, def));
    return boost::outcome_v2::success();
}

}  // namespace
}  // namespace vitals::capi

using namespace vitals::capi;

extern "C" {

VITALS_API vitals_status vitals_scorecard_set_create_single(const vitals_scorecard* card, vitals_scorecard_set** set) {
    if (set != nullptr) *set = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set: the out-pointer is NULL");
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        *set = reinterpret_cast<vitals_scorecard_set*>(new set_body(vitals::scorecard_set::single(unwrap(card)->card)));
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_create(const vitals_scorecard_set* set, const vitals_session_options* options,
                                               vitals_session** session) {
    if (session != nullptr) *session = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session: the out-pointer is NULL");
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        VITALS_TRY(opt, read_session_options(options));
        auto b = std::make_unique<session_body>(*body(set));
        b->options = std::move(opt);
        VITALS_TRY(live_session(*b));  // checks the options against the set
        *session = reinterpret_cast<vitals_session*>(b.release());
        return boost::outcome_v2::success();
    });
}

VITALS_API void vitals_session_destroy(vitals_session* session) { delete body(session); }

VITALS_API vitals_status vitals_session_set_history(vitals_session* session, const vitals_table* history,
                                                    const char* const* periods, int64_t n_periods, const char* source) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        return set_input(session, "history", [&](vitals::session_inputs& in) -> vitals::result<void> {
            vitals::history_rows h;
            std::vector<std::string> metrics;
            std::vector<double> converted;
            VITALS_TRY(t, read_table(history, "history", h.ids, metrics, converted));
            if (history->segments != nullptr)
                return fail(errc::invalid_argument, "history->segments: must be NULL (a history has no segments)");
            if (n_periods != t.values.rows)
                return fail(errc::shape_mismatch, "n_periods: " + std::to_string(n_periods) + " periods for " +
                                                      std::to_string(t.values.rows) + " rows (history->rows)");
            VITALS_TRY(p, required_strings(periods, static_cast<std::size_t>(t.values.rows), "periods"));
            h.periods = std::move(p);
            h.metrics = std::move(metrics);
            h.source = source != nullptr ? source : "history";
            const auto rows = static_cast<std::size_t>(t.values.rows), cols = static_cast<std::size_t>(t.values.cols);
            h.values.resize(rows * cols);
            for (std::size_t i = 0; i < rows; ++i)
                for (std::size_t j = 0; j < cols; ++j)
                    h.values[i * cols + j] = t.values.data[static_cast<std::int64_t>(i) * t.values.row_stride +
                                                           static_cast<std::int64_t>(j) * t.values.col_stride];
            in.history = std::move(h);
            return boost::outcome_v2::success();
        });
    });
}

VITALS_API vitals_status vitals_session_set_previous(vitals_session* session, const char* const* ids,
                                                     const char* const* periods, const double* scores,
                                                     const char* const* alerts, int64_t rows, const char* source) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        return set_input(session, "previous scores", [&](vitals::session_inputs& in) -> vitals::result<void> {
            VITALS_TRY(n, rows_arg(rows));
            vitals::previous_rows p;
            VITALS_TRY(id, required_strings(ids, n, "ids"));
            VITALS_TRY(per, required_strings(periods, n, "periods"));
            VITALS_TRY(sc, input_span(scores, n, "scores"));
            p.ids = std::move(id);
            p.periods = std::move(per);
            p.scores.assign(sc.begin(), sc.end());
            if (alerts != nullptr) {
                p.alerts.reserve(n);
                for (std::size_t i = 0; i < n; ++i) p.alerts.emplace_back(alerts[i] != nullptr ? alerts[i] : "");
            }
            p.source = source != nullptr ? source : "previous";
            in.previous = std::move(p);
            return boost::outcome_v2::success();
        });
    });
}

VITALS_API vitals_status vitals_session_set_surveys(vitals_session* session, const char* const* ids,
                                                    const char* const* roles, const double* answers, int64_t rows,
                                                    const char* source) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        return set_input(session, "surveys", [&](vitals::session_inputs& in) -> vitals::result<void> {
            VITALS_TRY(n, rows_arg(rows));
            vitals::survey_rows s;
            VITALS_TRY(id, required_strings(ids, n, "ids"));
            VITALS_TRY(ro, required_strings(roles, n, "roles"));
            VITALS_TRY(an, input_span(answers, n, "answers"));
            s.ids = std::move(id);
            s.roles = std::move(ro);
            s.answers.assign(an.begin(), an.end());
            s.source = source != nullptr ? source : "surveys";
            in.surveys = std::move(s);
            return boost::outcome_v2::success();
        });
    });
}

VITALS_API vitals_status vitals_session_set_overrides(vitals_session* session, const vitals_override_book* book,
                                                      const char* source) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        return set_input(session, "overrides", [&](vitals::session_inputs& in) -> vitals::result<void> {
            if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
            in.overrides = body(book)->book;
            in.overrides_source = source != nullptr ? source : "overrides";
            return boost::outcome_v2::success();
        });
    });
}

VITALS_API vitals_status vitals_session_set_value_cutoff(vitals_session* session, double cutoff) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (!(cutoff >= 0.0))
            return fail(errc::invalid_argument, "cutoff: " + std::to_string(cutoff) + " is not a value >= 0 (or +inf)");
        session_body& b = *body(session);
        if (b.report && b.report->tables > 0)
            return fail(errc::invalid_argument, "the session's report has tables scored with the cut-off they had: set it "
                                                "before the first vitals_session_score");
        b.cutoff = cutoff;
        if (b.live) b.live->set_value_cutoff(cutoff);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_column_count(const vitals_session* session, int64_t* count) {
    if (count != nullptr) *count = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
        VITALS_TRY(live, live_session(*body(session)));
        *count = static_cast<std::int64_t>(live->book_columns().size());
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_column_name(const vitals_session* session, int64_t index, const char** name) {
    if (name != nullptr) *name = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        VITALS_TRY(live, live_session(*body(session)));
        const auto cols = live->book_columns();
        if (index < 0 || static_cast<std::uint64_t>(index) >= cols.size())
            return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not in [0, " +
                                                std::to_string(cols.size()) + ")");
        *name = cols[static_cast<std::size_t>(index)].c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_result_create(vitals_session_result** result) {
    if (result != nullptr) *result = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (result == nullptr) return fail(errc::invalid_argument, "result: the out-pointer is NULL");
        *result = reinterpret_cast<vitals_session_result*>(new result_body());
        return boost::outcome_v2::success();
    });
}

VITALS_API void vitals_session_result_destroy(vitals_session_result* result) { delete body(result); }

VITALS_API vitals_status vitals_session_score(vitals_session* session, const vitals_table* table,
                                              vitals_session_result* result) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (result == nullptr) return fail(errc::invalid_argument, "result is NULL");
        session_body& b = *body(session);
        result_body& out = *body(result);
        out.r = vitals::session_result{};
        out.computed.clear();
        out.session.reset();
        VITALS_TRY(t, read_table(table, "table", b.ids, b.names, b.converted));
        b.segments.clear();
        if (table->segments != nullptr) {
            b.segments.reserve(b.ids.size());
            for (std::size_t i = 0; i < b.ids.size(); ++i)
                b.segments.emplace_back(table->segments[i] != nullptr ? std::string_view(table->segments[i])
                                                                      : std::string_view());
        }
        vitals::account_table book;
        book.ids = b.ids;
        book.segments = b.segments;
        book.names = b.names;
        book.values = t.values;
        book.source = t.source;
        book.first_row = static_cast<std::uint64_t>(t.row_offset) + 1;
        if (b.report && !b.report->book) {  // the first table of a report: its set, overrides, earlier scores
            VITALS_TRY(first, live_session(b));
            report_state& rs = *b.report;
            rs.live = b.live;
            rs.book.emplace(first->set(), first->has_overrides() ? &first->overrides() : nullptr, rs.summary);
            if (b.inputs.previous) {
                if (auto e = rs.book->set_earlier(*b.inputs.previous); !e) {
                    rs.book.reset();
                    rs.live.reset();
                    return e.error();
                }
            }
        }
        b.scored = true;  // the side inputs are fixed from here on, and handed to the session
        VITALS_TRY(live, live_session(b, true));
        const std::vector<std::uint64_t> before = failure_counts(b.callbacks);
        if (auto r = explained(b.callbacks, before, live->score(book, out.r)); !r) {
            out.r = vitals::session_result{};
            // the session has seen this table's side-input accounts; a page without its rows would lie
            if (b.report && b.report->failed.empty()) b.report->failed = r.error().message;
            return r;
        }
        const vitals::session& s = *b.live;
        out.session = b.live;
        out.has_previous = s.has_previous();
        out.has_overrides = s.has_overrides();
        out.has_alerts = s.has_alerts();
        out.has_value = s.has_value();
        out.has_quadrant = s.has_quadrant();
        out.has_churn_probability = s.has_churn_probability();
        out.computed.assign(out.r.score.begin(), out.r.score.end());
        for (const vitals::overridden_row& o : out.r.overridden)
            out.computed[static_cast<std::size_t>(o.row)] = o.computed_score;
        if (b.report) {
            VITALS_TRY(b.report->book->add(out.r, std::span<const std::string>(b.ids.data(), out.r.rows)));
            ++b.report->tables;
        }
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_result_row_count(const vitals_session_result* result, int64_t* rows) {
    if (rows != nullptr) *rows = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (result == nullptr) return fail(errc::invalid_argument, "result is NULL");
        if (rows == nullptr) return fail(errc::invalid_argument, "rows: the out-pointer is NULL");
        *rows = static_cast<std::int64_t>(body(result)->r.rows);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_result_width(const vitals_session_result* result, int32_t column,
                                                     int64_t* width) {
    if (width != nullptr) *width = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (result == nullptr) return fail(errc::invalid_argument, "result is NULL");
        if (width == nullptr) return fail(errc::invalid_argument, "width: the out-pointer is NULL");
        VITALS_TRY(column_arg(column));
        *width = static_cast<std::int64_t>(width_of(*body(result), column));
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_result_column_name(int32_t column, const char** name) {
    if (name != nullptr) *name = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        VITALS_TRY(def, column_arg(column));
        *name = def->name;
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_result_f64(const vitals_session_result* result, int32_t column, double* out,
                                                   int64_t length) {
    return guarded(__func__, [&] { return read_column(result, column, kind::f64, out, length, copy_f64); });
}

VITALS_API vitals_status vitals_session_result_i32(const vitals_session_result* result, int32_t column, int32_t* out,
                                                   int64_t length) {
    return guarded(__func__, [&] { return read_column(result, column, kind::i32, out, length, copy_i32); });
}

VITALS_API vitals_status vitals_session_result_text(const vitals_session_result* result, int32_t column, int64_t row,
                                                    char* buffer, size_t size, size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(text_column(result, column));
        const result_body& b = *body(result);
        if (row < 0 || static_cast<std::uint64_t>(row) >= b.r.rows)
            return fail(errc::out_of_range, "row: " + std::to_string(row) + " is not in [0, " + std::to_string(b.r.rows) + ")");
        return write_string(text_of(b, column, static_cast<std::size_t>(row)), buffer, size, needed);
    });
}

VITALS_API vitals_status vitals_session_result_texts(const vitals_session_result* result, int32_t column, char* buffer,
                                                     size_t size, size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(text_column(result, column));
        const result_body& b = *body(result);
        std::string all;
        for (std::size_t r = 0; r < b.r.rows; ++r) {
            all += text_of(b, column, r);
            all += '\0';
        }
        return write_string(all, buffer, size, needed);
    });
}

VITALS_API vitals_status vitals_session_notice_count(const vitals_session* session, int64_t* count) {
    if (count != nullptr) *count = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
        VITALS_TRY(live, live_session(*body(session)));
        *count = static_cast<std::int64_t>(live->notices().size());
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_notice(const vitals_session* session, int64_t index, char* buffer, size_t size,
                                               size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        VITALS_TRY(live, live_session(*body(session)));
        const auto notices = live->notices();
        if (index < 0 || static_cast<std::uint64_t>(index) >= notices.size())
            return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not in [0, " +
                                                std::to_string(notices.size()) + ")");
        return write_string(notices[static_cast<std::size_t>(index)].message, buffer, size, needed);
    });
}

VITALS_API vitals_status vitals_session_unmatched_count(vitals_session* session, int32_t input, int64_t* count) {
    if (count != nullptr) *count = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
        VITALS_TRY(input_arg(input));
        session_body& b = *body(session);
        std::vector<std::string>& snapshot = b.unmatched[static_cast<std::size_t>(input)];
        snapshot.clear();
        VITALS_TRY(live, live_session(b));
        for (auto& u : live->unmatched())
            if (u.input == input_names[static_cast<std::size_t>(input)]) snapshot = std::move(u.ids);
        *count = static_cast<std::int64_t>(snapshot.size());
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_unmatched_id(const vitals_session* session, int32_t input, int64_t index,
                                                     const char** id) {
    if (id != nullptr) *id = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        if (id == nullptr) return fail(errc::invalid_argument, "id: the out-pointer is NULL");
        VITALS_TRY(input_arg(input));
        const std::vector<std::string>& snapshot = body(session)->unmatched[static_cast<std::size_t>(input)];
        if (index < 0 || static_cast<std::uint64_t>(index) >= snapshot.size())
            return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not in [0, " +
                                                std::to_string(snapshot.size()) + ") (the last vitals_session_unmatched_count)");
        *id = snapshot[static_cast<std::size_t>(index)].c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_keep_report(vitals_session* session, const vitals_report_options* options) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        session_body& b = *body(session);
        if (b.scored)
            return fail(errc::invalid_argument,
                        "the session has scored a table: keep its report before the first vitals_session_score");
        VITALS_TRY(r, read_report_options(options));
        if (!b.options.contributions || !b.options.inputs) {
            b.options.contributions = true;  // the assessment list's explanations
            b.options.inputs = true;         // ... and their path to green
            b.live.reset();
        }
        b.report = std::move(r);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_session_report(vitals_session* session, char* buffer, size_t size, size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (session == nullptr) return fail(errc::invalid_argument, "session is NULL");
        session_body& b = *body(session);
        if (!b.report) return fail(errc::invalid_argument, "the session keeps no report (vitals_session_keep_report)");
        report_state& rs = *b.report;
        if (!rs.failed.empty())
            return fail(errc::invalid_argument, "a table failed to score, so the report would leave its accounts out: " +
                                                    rs.failed);
        if (rs.tables == 0)
            return fail(errc::invalid_argument, "the report has no table: score the book with vitals_session_score first");
        if (rs.html.empty() || rs.html_tables != rs.tables) {  // the size query and the copy write one page
            const vitals::session& live = *rs.live;
            vitals::report::page_info page = rs.page;
            page.as_of = vitals::format_date(live.as_of());
            page.value_name = b.options.value_column;
            if (live.has_quadrant() && live.value_cutoff()) {
                page.value_cutoff = *live.value_cutoff();
                page.health_threshold = live.health_threshold(0);
            }
            page.notes = vitals::report::unmatched_notes(live.unmatched());
            rs.html = vitals::report::render_page(*rs.book, page);
            rs.html_tables = rs.tables;
        }
        return write_string(rs.html, buffer, size, needed);
    });
}

}  // extern "C"

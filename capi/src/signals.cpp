// libvitals — signals: trend measures over histories, the score trend, a scorecard's derived trend
// columns and alert rules, and alert evaluation (vitals.h, "signals").
#include "arguments.hpp"
#include "boundary.hpp"

#include "vitals/frame.hpp"
#include "vitals/signals/alert.hpp"
#include "vitals/signals/score_trend.hpp"
#include "vitals/signals/trend.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using vitals::capi::alert_input_v1_size;
using vitals::capi::alert_output_v1_size;
using vitals::capi::read_versioned;
using vitals::capi::scorecard_body;
using vitals::capi::unwrap;

namespace {


vitals::result<void> not_negative(const char* name, std::int64_t v) {
    if (v < 0) return fail(errc::shape_mismatch, std::string(name) + ": " + std::to_string(v) + " is negative");
    return boost::outcome_v2::success();
}

/// A caller buffer of `length` elements that must hold `need`; NULL = not wanted (when allowed).
template <class T>
vitals::result<std::span<T>> buffer(T* ptr, std::int64_t length, std::int64_t need, const std::string& name,
                                    bool required) {
    if (ptr == nullptr) {
        if (required && need > 0) return fail(errc::invalid_argument, name + " is NULL");
        return std::span<T>();
    }
    VITALS_TRY(not_negative((name + "_length").c_str(), length));
    if (length < need)
        return fail(errc::shape_mismatch,
                    name + "_length: " + std::to_string(length) + " elements, " + std::to_string(need) + " needed");
    return std::span<T>(ptr, static_cast<std::size_t>(need));
}

vitals::result<std::int64_t> product(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        return fail(errc::shape_mismatch, std::string(what) + ": " + std::to_string(a) + " x " + std::to_string(b) +
                                              " overflows 64 bits");
    return r;
}

vitals::result<const scorecard_body*> card_of(const vitals_scorecard* card) {
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    return unwrap(card);
}

vitals::result<void> checked_index(std::int64_t index, std::size_t size) {
    if (index < 0 || static_cast<std::uint64_t>(index) >= size)
        return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not in [0, " + std::to_string(size) + ")");
    return boost::outcome_v2::success();
}

vitals::result<void> trend(std::int32_t kind, const void* data, vitals_dtype dtype, std::int64_t rows,
                           std::int64_t periods, std::int64_t row_stride, std::int64_t col_stride, std::int64_t window,
                           double* out, std::int64_t out_length) {
    if (kind < VITALS_TREND_SLOPE || kind > VITALS_TREND_DECLINES)
        return fail(errc::invalid_argument, "kind: " + std::to_string(kind) +
                                                " is not a VITALS_TREND_* value (0 slope, 1 percent change, 2 declines)");
    if (dtype != VITALS_DTYPE_FLOAT64 && dtype != VITALS_DTYPE_FLOAT32)
        return fail(errc::invalid_argument, "dtype: " + std::to_string(dtype) +
                                                " is neither VITALS_DTYPE_FLOAT64 (1) nor VITALS_DTYPE_FLOAT32 (2)");
    VITALS_TRY(not_negative("rows", rows));
    VITALS_TRY(not_negative("periods", periods));
    VITALS_TRY(not_negative("row_stride", row_stride));
    VITALS_TRY(not_negative("col_stride", col_stride));
    if (data == nullptr && rows > 0 && periods > 0) return fail(errc::invalid_argument, "data is NULL");
    VITALS_TRY(o, buffer(out, out_length, rows, "out", true));
    const auto k = static_cast<vitals::trend_kind>(kind);
    if (dtype == VITALS_DTYPE_FLOAT64)
        return vitals::trend_batch(
            k, vitals::frame_view<double>{static_cast<const double*>(data), rows, periods, row_stride, col_stride},
            window, o);
    return vitals::trend_batch(
        k, vitals::frame_view<float>{static_cast<const float*>(data), rows, periods, row_stride, col_stride}, window, o);
}

vitals::result<void> score_trend(const double* score, std::int64_t rows, const double* previous, std::int64_t periods,
                                 std::int64_t row_stride, std::int64_t col_stride, double dead_band,
                                 std::int64_t window, double* change, std::int64_t change_length,
                                 std::int32_t* direction, std::int64_t direction_length) {
    VITALS_TRY(not_negative("rows", rows));
    VITALS_TRY(not_negative("periods", periods));
    VITALS_TRY(not_negative("row_stride", row_stride));
    VITALS_TRY(not_negative("col_stride", col_stride));
    if (score == nullptr && rows > 0) return fail(errc::invalid_argument, "score is NULL");
    if (previous == nullptr && rows > 0 && periods > 0) return fail(errc::invalid_argument, "previous is NULL");
    VITALS_TRY(ch, buffer(change, change_length, rows, "change", false));
    VITALS_TRY(dir, buffer(direction, direction_length, rows, "direction", false));
    const vitals::score_trend_spec spec{dead_band, window};
    if (auto p = spec.validate(); !p.empty())
        return fail(errc::invalid_argument, p.front().where.substr(1) + ": " + p.front().what);
    return vitals::score_trend(std::span<const double>(score, static_cast<std::size_t>(rows)),
                               vitals::frame_view<double>{previous, rows, periods, row_stride, col_stride}, spec, ch,
                               dir);
}

vitals::result<void> evaluate(const vitals_scorecard* card_h, const vitals_alert_input* input_in,
                              const vitals_alert_output* output_in) {
    VITALS_TRY(card, card_of(card_h));
    if (input_in == nullptr) return fail(errc::invalid_argument, "input is NULL");
    if (output_in == nullptr) return fail(errc::invalid_argument, "output is NULL");
    VITALS_TRY(in, read_versioned(input_in, alert_input_v1_size, "input"));
    VITALS_TRY(out, read_versioned(output_in, alert_output_v1_size, "output"));
    const vitals::scorecard& c = card->card;
    const std::int64_t rows = in.rows;
    VITALS_TRY(not_negative("input->rows", rows));
    VITALS_TRY(not_negative("input->cols", in.cols));
    VITALS_TRY(not_negative("input->row_stride", in.row_stride));
    VITALS_TRY(not_negative("input->col_stride", in.col_stride));
    VITALS_TRY(not_negative("input->periods", in.periods));
    VITALS_TRY(not_negative("input->previous_row_stride", in.previous_row_stride));
    VITALS_TRY(not_negative("input->previous_col_stride", in.previous_col_stride));
    if (in.values == nullptr && rows > 0 && in.cols > 0) return fail(errc::invalid_argument, "input->values is NULL");
    if (in.previous == nullptr && rows > 0 && in.periods > 0)
        return fail(errc::invalid_argument, "input->previous is NULL");
    VITALS_TRY(score, buffer(in.score, in.score_length, rows, "input->score", true));
    if (in.n_columns != in.cols)
        return fail(errc::shape_mismatch, "input->n_columns: " + std::to_string(in.n_columns) + " names for " +
                                              std::to_string(in.cols) + " columns");
    if (in.columns == nullptr && in.n_columns > 0) return fail(errc::invalid_argument, "input->columns is NULL");
    std::vector<std::string> names;
    for (std::int64_t j = 0; j < in.n_columns; ++j) {
        if (in.columns[j] == nullptr)
            return fail(errc::invalid_argument, "input->columns[" + std::to_string(j) + "] is NULL");
        names.emplace_back(in.columns[j]);
    }
    const auto R = static_cast<std::int64_t>(c.spec().alerts.size());
    VITALS_TRY(need, product(rows, R, "rows x alerts"));
    std::span<const std::int32_t> since;
    if (in.since_fired != nullptr) {
        VITALS_TRY(not_negative("input->since_fired_length", in.since_fired_length));
        if (in.since_fired_length < need)
            return fail(errc::shape_mismatch, "input->since_fired_length: " + std::to_string(in.since_fired_length) +
                                                  " elements, " + std::to_string(need) + " needed (rows x alerts)");
        since = std::span<const std::int32_t>(in.since_fired, static_cast<std::size_t>(need));
    }
    VITALS_TRY(outcome, buffer(out.outcome, out.outcome_length, need, "output->outcome", false));
    VITALS_TRY(value, buffer(out.value, out.value_length, need, "output->value", false));
    VITALS_TRY(threshold, buffer(out.threshold, out.threshold_length, need, "output->threshold", false));
    VITALS_TRY(since_out, buffer(out.since_fired, out.since_fired_length, need, "output->since_fired", false));
    const vitals::alert_inputs ai{
        vitals::frame_view<double>{in.values, in.cols > 0 ? rows : 0, in.cols, in.row_stride, in.col_stride},
        names,
        score,
        vitals::frame_view<double>{in.previous, in.periods > 0 ? rows : 0, in.periods, in.previous_row_stride,
                                   in.previous_col_stride},
        since};
    return vitals::evaluate_alerts(c, ai, {outcome, value, threshold, since_out}, {in.allow_absent_columns != 0});
}

}  // namespace

extern "C" {

VITALS_API vitals_status vitals_trend_compute(int32_t kind, const void* data, vitals_dtype dtype, int64_t rows,
                                              int64_t periods, int64_t row_stride, int64_t col_stride, int64_t window,
                                              double* out, int64_t out_length) {
    return guarded(__func__, [&] {
        return trend(kind, data, dtype, rows, periods, row_stride, col_stride, window, out, out_length);
    });
}

VITALS_API vitals_status vitals_score_trend_compute(const double* score, int64_t rows, const double* previous,
                                                    int64_t periods, int64_t row_stride, int64_t col_stride,
                                                    double dead_band, int64_t window, double* change,
                                                    int64_t change_length, int32_t* direction,
                                                    int64_t direction_length) {
    return guarded(__func__, [&] {
        return score_trend(score, rows, previous, periods, row_stride, col_stride, dead_band, window, change,
                           change_length, direction, direction_length);
    });
}

VITALS_API vitals_status vitals_scorecard_score_trend_settings(const vitals_scorecard* card, double* dead_band,
                                                               int64_t* window) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(b, card_of(card));
        if (dead_band == nullptr || window == nullptr)
            return fail(errc::invalid_argument, "dead_band and window: the out-pointers must not be NULL");
        *dead_band = b->card.spec().score_trend.dead_band;
        *window = b->card.spec().score_trend.window;
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_trend_count(const vitals_scorecard* card, int64_t* count) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(b, card_of(card));
        if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
        *count = static_cast<int64_t>(b->card.spec().trends.size());
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_trend_info(const vitals_scorecard* card, int64_t index, const char** name,
                                                     const char** metric, int32_t* kind, int64_t* window) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (name != nullptr) *name = nullptr;
        if (metric != nullptr) *metric = nullptr;
        VITALS_TRY(b, card_of(card));
        const auto& trends = b->card.spec().trends;
        VITALS_TRY(checked_index(index, trends.size()));
        const vitals::trend_input& t = trends[static_cast<std::size_t>(index)];
        if (name != nullptr) *name = t.name.c_str();
        if (metric != nullptr) *metric = t.metric.c_str();
        if (kind != nullptr) *kind = static_cast<int32_t>(t.kind);
        if (window != nullptr) *window = t.window;
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_alert_count(const vitals_scorecard* card, int64_t* count) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(b, card_of(card));
        if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
        *count = static_cast<int64_t>(b->card.spec().alerts.size());
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_alert_name(const vitals_scorecard* card, int64_t index, const char** name) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (name != nullptr) *name = nullptr;
        VITALS_TRY(b, card_of(card));
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        const auto& alerts = b->card.spec().alerts;
        VITALS_TRY(checked_index(index, alerts.size()));
        *name = alerts[static_cast<std::size_t>(index)].name.c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_alert_reason(const vitals_scorecard* card, int64_t index,
                                                       const char** reason) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (reason != nullptr) *reason = nullptr;
        VITALS_TRY(b, card_of(card));
        if (reason == nullptr) return fail(errc::invalid_argument, "reason: the out-pointer is NULL");
        const auto& alerts = b->card.spec().alerts;
        VITALS_TRY(checked_index(index, alerts.size()));
        *reason = alerts[static_cast<std::size_t>(index)].reason.c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_alert_severity(const vitals_scorecard* card, int64_t index,
                                                         int32_t* severity) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(b, card_of(card));
        if (severity == nullptr) return fail(errc::invalid_argument, "severity: the out-pointer is NULL");
        const auto& alerts = b->card.spec().alerts;
        VITALS_TRY(checked_index(index, alerts.size()));
        *severity = static_cast<int32_t>(alerts[static_cast<std::size_t>(index)].severity);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_evaluate_alerts(const vitals_scorecard* card, const vitals_alert_input* input,
                                                          const vitals_alert_output* output) {
    return guarded(__func__, [&] { return evaluate(card, input, output); });
}

}  // extern "C"

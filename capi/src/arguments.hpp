// libvitals — reading the arguments of every call at the boundary: versioned structs in and out
// (with each struct's pinned v1 size), strided frames, options, input / output arrays and column
// names, with the checks and messages every entry point shares (scoring, overrides, alerts,
// portfolio, survey, model). The one argument-reading header of capi/src. Internal.
#pragma once

#include "vitals/vitals.h"

#include "vitals/batch.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/scorecard.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace vitals::capi {

// The sizes of the first released version (v1) of each versioned struct: the end of its last v1
// member. When members are appended these stay (sizeof grows), so a caller built against an older
// vitals.h, passing the smaller struct_size, is still accepted. The numbers are pinned for LP64 so
// that a change to a v1 member's layout (which would break old callers) fails the build.
#define VITALS_V1_SIZE(S, last_v1_member) (offsetof(S, last_v1_member) + sizeof(S::last_v1_member))
inline constexpr std::size_t score_options_v1_size = VITALS_V1_SIZE(vitals_score_options, block_size);
inline constexpr std::size_t score_output_v1_size = VITALS_V1_SIZE(vitals_score_output, drivers_length);
inline constexpr std::size_t quadrant_rule_v1_size = VITALS_V1_SIZE(vitals_quadrant_rule, health_threshold);
inline constexpr std::size_t quadrant_summary_v1_size = VITALS_V1_SIZE(vitals_quadrant_summary, high_value);
inline constexpr std::size_t priority_options_v1_size = VITALS_V1_SIZE(vitals_priority_options, arr_cutoff);
inline constexpr std::size_t priority_summary_v1_size = VITALS_V1_SIZE(vitals_priority_summary, value_cutoff);
inline constexpr std::size_t rollup_output_v1_size = VITALS_V1_SIZE(vitals_rollup_output, scored_leaves_length);
inline constexpr std::size_t survey_options_v1_size = VITALS_V1_SIZE(vitals_survey_options, participation_target);
inline constexpr std::size_t override_entry_v1_size = VITALS_V1_SIZE(vitals_override_entry, reserved);
inline constexpr std::size_t overridden_row_v1_size = VITALS_V1_SIZE(vitals_overridden_row, effect_count);
inline constexpr std::size_t override_effect_v1_size = VITALS_V1_SIZE(vitals_override_effect, measure);
inline constexpr std::size_t alert_input_v1_size = VITALS_V1_SIZE(vitals_alert_input, allow_absent_columns);
inline constexpr std::size_t alert_output_v1_size = VITALS_V1_SIZE(vitals_alert_output, since_fired_length);
inline constexpr std::size_t table_v1_size = VITALS_V1_SIZE(vitals_table, row_offset);
inline constexpr std::size_t session_options_v1_size = VITALS_V1_SIZE(vitals_session_options, top_k);
inline constexpr std::size_t report_options_v1_size = VITALS_V1_SIZE(vitals_report_options, max_points);
#undef VITALS_V1_SIZE
static_assert(sizeof(void*) != 8 ||
                  (score_options_v1_size == 40 && score_output_v1_size == 120 && quadrant_rule_v1_size == 48 &&
                   quadrant_summary_v1_size == 120 && priority_options_v1_size == 48 &&
                   priority_summary_v1_size == 40 && rollup_output_v1_size == 72 && survey_options_v1_size == 56 &&
                   override_entry_v1_size == 64 && overridden_row_v1_size == 72 && override_effect_v1_size == 40 &&
                   alert_input_v1_size == 136 && alert_output_v1_size == 72 && table_v1_size == 104 &&
                   session_options_v1_size == 104 && report_options_v1_size == 48),
              "a v1 member of a versioned struct moved: callers built against the released vitals.h would break");

/// Largest struct_size accepted (a guard against garbage: no struct will ever be this large).
inline constexpr std::size_t max_struct_size = 4096;
/// Limits on options (beyond them a request is a mistake, and honouring it could exhaust memory).
inline constexpr std::int64_t max_threads = 1024;
inline constexpr std::int64_t max_block_size = 65536;
/// The batch scorer allocates scratch per thread: a few doubles per account of a block, per input,
/// measure and group. A caller's block size may ask for at most this much per thread: an allocation
/// failure would only come back as VITALS_ERR_INTERNAL ("out of memory"), and with memory
/// overcommit a huge block is more likely to end the process when touched than to fail cleanly.
inline constexpr std::int64_t max_scratch_bytes = std::int64_t{64} << 20;
inline constexpr std::int64_t default_top_k = 3;

/// Checks a versioned struct's struct_size: at least `v1_size`, at most max_struct_size.
template <class S>
result<void> check_struct_size(const S* p, std::size_t v1_size, const char* name) {
    const std::size_t n = p->struct_size;
    if (n < v1_size || n > max_struct_size)
        return fail(errc::invalid_argument, std::string(name) + "->struct_size: " + std::to_string(n) +
                                                "; set it to sizeof(" + name + "'s type), " +
                                                std::to_string(sizeof(S)) + " in this version (at least " +
                                                std::to_string(v1_size) + ")");
    return boost::outcome_v2::success();
}

/// Reads a versioned struct: at least the first version's members, unknown trailing members zero.
template <class S>
result<S> read_versioned(const S* p, std::size_t v1_size, const char* name) {
    S s{};
    VITALS_TRY(check_struct_size(p, v1_size, name));
    const std::size_t n = p->struct_size;
    if (n > sizeof(S)) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(p);
        for (std::size_t i = sizeof(S); i < n; ++i)
            if (bytes[i] != 0)
                return fail(errc::not_supported, std::string(name) + ": byte " + std::to_string(i) +
                                                     " is set, a member this library version (" VITALS_VERSION_STRING
                                                     ") does not know; upgrade the library");
    }
    std::memcpy(static_cast<void*>(&s), static_cast<const void*>(p), std::min(n, sizeof(S)));
    return s;
}

/// Writes a versioned output struct: as much of `s` as the caller's struct_size holds (at least
/// `v1_size`), leaving the caller's further bytes alone.
template <class S>
result<void> write_versioned(S* p, const S& s, std::size_t v1_size, const char* name) {
    VITALS_TRY(check_struct_size(p, v1_size, name));
    const std::size_t n = p->struct_size;
    const std::size_t keep = p->struct_size;
    std::memcpy(static_cast<void*>(p), static_cast<const void*>(&s), std::min(n, sizeof(S)));
    p->struct_size = keep;
    return boost::outcome_v2::success();
}

/// Checks the struct_size of a versioned output struct the library fills with "the members that
/// fit": any size from struct_size alone (8) up; smaller sizes get fewer members.
template <class S>
result<void> check_out_struct_size(const S* p, const char* name) {
    const std::size_t n = p->struct_size;
    if (n < sizeof(std::size_t) || n > max_struct_size)
        return fail(errc::invalid_argument, std::string(name) + "->struct_size: " + std::to_string(n) +
                                                "; set it to sizeof(" + name + "'s type), " +
                                                std::to_string(sizeof(S)) + " in this version");
    return boost::outcome_v2::success();
}

/// Writes `s` into the caller's versioned output struct (checked with check_out_struct_size): the
/// members that fit whole (every member of these structs is made of 8-byte units), struct_size kept.
template <class S>
void write_out_struct(S* p, const S& s) {
    static_assert(sizeof(S) % 8 == 0, "an output struct of 8-byte members");
    const std::size_t n = std::min(p->struct_size, sizeof(S)) / 8 * 8;
    const std::size_t skip = sizeof(std::size_t);  // struct_size stays the caller's
    if (n > skip)
        std::memcpy(reinterpret_cast<unsigned char*>(p) + skip, reinterpret_cast<const unsigned char*>(&s) + skip,
                    n - skip);
}

/// A count argument: not negative.
inline result<std::size_t> count_arg(std::int64_t n, const char* name) {
    if (n < 0) return fail(errc::shape_mismatch, std::string(name) + ": " + std::to_string(n) + " is negative");
    return static_cast<std::size_t>(n);
}

/// An input array of `n` elements: may be NULL only when n is 0.
template <class T>
result<std::span<const T>> input_span(const T* p, std::size_t n, const char* name) {
    if (n == 0) return std::span<const T>();
    if (p == nullptr) return fail(errc::invalid_argument, std::string(name) + " is NULL");
    return std::span<const T>(p, n);
}

/// An output array named in full by `name`: NULL = not wanted (empty span), else `length` must
/// cover `need` elements.
template <class T>
result<std::span<T>> output_array(T* p, std::int64_t length, std::size_t need, const char* name) {
    if (p == nullptr) return std::span<T>();
    if (length < 0 || static_cast<std::uint64_t>(length) < need)
        return fail(errc::shape_mismatch, std::string(name) + ": room for " + std::to_string(length) +
                                              " elements, " + std::to_string(need) + " needed");
    return std::span<T>(p, need);
}

/// a * b, or an error when it overflows int64.
inline result<std::int64_t> product(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        return fail(errc::shape_mismatch, std::string(what) + ": " + std::to_string(a) + " x " + std::to_string(b) +
                                              " overflows 64 bits");
    return r;
}

/// One output buffer: NULL = not wanted, else `length` must cover `need` elements.
template <class T>
result<std::span<T>> output_span(T* ptr, std::int64_t length, std::int64_t need, const char* name) {
    if (ptr == nullptr) return std::span<T>();
    if (length < 0)
        return fail(errc::shape_mismatch, std::string("output->") + name + "_length: " + std::to_string(length) +
                                              " is negative");
    if (length < need)
        return fail(errc::shape_mismatch, std::string("output->") + name + "_length: " + std::to_string(length) +
                                              " elements, " + std::to_string(need) + " needed");
    return std::span<T>(ptr, static_cast<std::size_t>(need));
}

/// The column names of a call: the given ones, or `inputs` (a scorecard's, or a set's) when
/// `columns` is NULL.
inline result<std::vector<std::string>> column_names(std::span<const std::string> inputs, const char* const* columns,
                                                     std::int64_t n_columns, std::int64_t expected,
                                                     const char* expected_name) {
    std::vector<std::string> names;
    if (columns == nullptr) {
        if (n_columns != 0)
            return fail(errc::invalid_argument, "columns: NULL with n_columns " + std::to_string(n_columns) +
                                                    " (pass NULL and 0 to mean the scorecard's inputs in order)");
        if (expected >= 0 && static_cast<std::uint64_t>(expected) != inputs.size())
            return fail(errc::shape_mismatch, std::string(expected_name) + ": " + std::to_string(expected) +
                                                  " given without column names, so the scorecard's " +
                                                  std::to_string(inputs.size()) + " inputs are expected in order");
        names.assign(inputs.begin(), inputs.end());
        return names;
    }
    if (n_columns < 0) return fail(errc::shape_mismatch, "n_columns: " + std::to_string(n_columns) + " is negative");
    if (expected >= 0 && n_columns != expected)
        return fail(errc::shape_mismatch, "n_columns: " + std::to_string(n_columns) + " names for " +
                                              std::to_string(expected) + " columns (" + expected_name + ")");
    names.reserve(static_cast<std::size_t>(n_columns));
    for (std::int64_t j = 0; j < n_columns; ++j) {
        if (columns[j] == nullptr)
            return fail(errc::invalid_argument, "columns[" + std::to_string(j) + "] is NULL");
        names.emplace_back(columns[j]);
    }
    return names;
}

/// The strided input matrix of a scoring call, as a view of its dtype.
struct frame_arg {
    vitals_dtype dtype = VITALS_DTYPE_FLOAT64;
    frame_view<double> f64;
    frame_view<float> f32;
    [[nodiscard]] std::int64_t rows() const noexcept { return f64.rows; }
    [[nodiscard]] std::int64_t cols() const noexcept { return f64.cols; }
};

inline result<frame_arg> read_frame(const void* data, vitals_dtype dtype, std::int64_t rows, std::int64_t cols,
                                    std::int64_t row_stride, std::int64_t col_stride) {
    if (dtype != VITALS_DTYPE_FLOAT64 && dtype != VITALS_DTYPE_FLOAT32)
        return fail(errc::invalid_argument, "dtype: " + std::to_string(dtype) +
                                                " is neither VITALS_DTYPE_FLOAT64 (1) nor VITALS_DTYPE_FLOAT32 (2)");
    const auto negative = [](const char* name, std::int64_t v) {
        return fail(errc::shape_mismatch, std::string(name) + ": " + std::to_string(v) + " is negative");
    };
    if (rows < 0) return negative("rows", rows);
    if (cols < 0) return negative("cols", cols);
    if (row_stride < 0) return negative("row_stride", row_stride);
    if (col_stride < 0) return negative("col_stride", col_stride);
    if (data == nullptr && rows > 0 && cols > 0) return fail(errc::invalid_argument, "data is NULL");
    frame_arg f;
    f.dtype = dtype;
    f.f64 = {static_cast<const double*>(data), rows, cols, row_stride, col_stride};
    f.f32 = {static_cast<const float*>(data), rows, cols, row_stride, col_stride};
    VITALS_TRY(dtype == VITALS_DTYPE_FLOAT64 ? f.f64.validate("data") : f.f32.validate("data"));
    return f;
}

/// The options of a scoring call, checked (the block size against each card's scratch space).
struct score_call_options {
    batch_options batch;
    bool allow_absent = false;
};

inline result<score_call_options> read_score_options(const vitals_score_options* options_in,
                                                     std::span<const scorecard> cards) {
    vitals_score_options opt{};
    opt.struct_size = sizeof opt;
    if (options_in != nullptr) {
        VITALS_TRY(o, read_versioned(options_in, score_options_v1_size, "options"));
        opt = o;
    }
    if (opt.threads < 0 || opt.threads > max_threads)
        return fail(errc::invalid_argument, "options->threads: " + std::to_string(opt.threads) + " is not in [0, " +
                                                std::to_string(max_threads) + "] (0 = one per hardware thread)");
    const std::int64_t top_k = opt.top_k == 0 ? default_top_k : opt.top_k;
    if (top_k < 0 || top_k > VITALS_MAX_TOP_K)
        return fail(errc::invalid_argument, "options->top_k: " + std::to_string(opt.top_k) + " is not in [0, " +
                                                std::to_string(VITALS_MAX_TOP_K) + "] (0 = the default, 3)");
    if (opt.block_size < 0 || opt.block_size > max_block_size)
        return fail(errc::invalid_argument, "options->block_size: " + std::to_string(opt.block_size) +
                                                " is not in [0, " + std::to_string(max_block_size) +
                                                "] (0 = the default)");
    if (opt.block_size > 0)
        for (const scorecard& c : cards) {
            const auto per_account = static_cast<std::int64_t>(c.inputs().size() + 3 * c.measures().size() +
                                                               3 * c.nodes().size());
            if (opt.block_size * per_account * static_cast<std::int64_t>(sizeof(double)) > max_scratch_bytes)
                return fail(errc::invalid_argument,
                            "options->block_size: " + std::to_string(opt.block_size) + " accounts x " +
                                std::to_string(per_account) + " scratch values each exceed " +
                                std::to_string(max_scratch_bytes >> 20) + " MiB per thread for this scorecard");
        }
    score_call_options r;
    r.batch.threads = static_cast<unsigned>(opt.threads);
    r.batch.top_k = static_cast<std::size_t>(top_k);
    if (opt.block_size > 0) r.batch.block_size = static_cast<std::size_t>(opt.block_size);
    r.allow_absent = opt.allow_absent_columns != 0;
    return r;
}

/// The output buffers of a scoring call: per-account arrays of `rows`, per-measure arrays of
/// rows x `measures`, drivers of rows x `top_k`.
inline result<batch_output> read_score_output(const vitals_score_output* output_in, std::int64_t rows,
                                              std::int64_t measures, std::int64_t top_k) {
    if (output_in == nullptr) return fail(errc::invalid_argument, "output is NULL");
    VITALS_TRY(out, read_versioned(output_in, score_output_v1_size, "output"));
    VITALS_TRY(per_measure, product(rows, measures, "rows x measures"));
    VITALS_TRY(per_driver, product(rows, top_k, "rows x top_k"));
    VITALS_TRY(score_out, output_span(out.score, out.score_length, rows, "score"));
    VITALS_TRY(band_out, output_span(out.band, out.band_length, rows, "band"));
    VITALS_TRY(coverage_out, output_span(out.coverage, out.coverage_length, rows, "coverage"));
    VITALS_TRY(status_out, output_span(out.status, out.status_length, rows, "status"));
    VITALS_TRY(contributions_out,
               output_span(out.contributions, out.contributions_length, per_measure, "contributions"));
    VITALS_TRY(points_lost_out, output_span(out.points_lost, out.points_lost_length, per_measure, "points_lost"));
    VITALS_TRY(drivers_out, output_span(out.drivers, out.drivers_length, per_driver, "drivers"));
    return batch_output{score_out,         band_out,        coverage_out, status_out,
                        contributions_out, points_lost_out, drivers_out};
}

}  // namespace vitals::capi

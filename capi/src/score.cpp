// libvitals — scoring: batches of accounts into caller buffers, and one account explained.
#include "boundary.hpp"

#include "vitals/batch.hpp"
#include "vitals/frame.hpp"
#include "vitals/score.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using vitals::capi::scorecard_body;
using vitals::capi::unwrap;

namespace {

using json = nlohmann::ordered_json;

// The sizes of the first released version of each versioned struct. When members are appended,
// these stay; sizeof grows.
constexpr std::size_t score_options_v1_size = sizeof(std::size_t) + 4 * sizeof(std::int64_t);
constexpr std::size_t score_output_v1_size = offsetof(vitals_score_output, drivers_length) + sizeof(std::int64_t);
static_assert(score_options_v1_size == sizeof(vitals_score_options));
static_assert(score_output_v1_size == sizeof(vitals_score_output));

/// Largest struct_size accepted (a guard against garbage: no struct will ever be this large).
constexpr std::size_t max_struct_size = 4096;
/// Limits on options (beyond them a request is a mistake, and honouring it could exhaust memory).
constexpr std::int64_t max_threads = 1024;
constexpr std::int64_t max_block_size = 65536;
/// The batch scorer allocates scratch per thread: a few doubles per account of a block, per input,
/// measure and group. A caller's block size may ask for at most this much per thread: an allocation
/// failure would only come back as VITALS_ERR_INTERNAL ("out of memory"), and with memory
/// overcommit a huge block is more likely to end the process when touched than to fail cleanly.
constexpr std::int64_t max_scratch_bytes = std::int64_t{64} << 20;
constexpr std::int64_t default_top_k = 3;

/// Reads a versioned struct: at least the first version's members, unknown trailing members zero.
template <class S>
vitals::result<S> read_versioned(const S* p, std::size_t v1_size, const char* name) {
    S s{};
    const std::size_t n = p->struct_size;
    if (n < v1_size || n > max_struct_size)
        return fail(errc::invalid_argument, std::string(name) + "->struct_size: " + std::to_string(n) +
                                                "; set it to sizeof(" + name + "'s type), " +
                                                std::to_string(sizeof(S)) + " in this version");
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

/// a * b, or an error when it overflows int64.
vitals::result<std::int64_t> product(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        return fail(errc::shape_mismatch, std::string(what) + ": " + std::to_string(a) + " x " + std::to_string(b) +
                                              " overflows 64 bits");
    return r;
}

/// One output buffer: NULL = not wanted, else `length` must cover `need` elements.
template <class T>
vitals::result<std::span<T>> output_span(T* ptr, std::int64_t length, std::int64_t need, const char* name) {
    if (ptr == nullptr) return std::span<T>();
    if (length < 0)
        return fail(errc::shape_mismatch, std::string("output->") + name + "_length: " + std::to_string(length) +
                                              " is negative");
    if (length < need)
        return fail(errc::shape_mismatch, std::string("output->") + name + "_length: " + std::to_string(length) +
                                              " elements, " + std::to_string(need) + " needed");
    return std::span<T>(ptr, static_cast<std::size_t>(need));
}

/// The column names of a call: the given ones, or the scorecard's inputs when `columns` is NULL.
vitals::result<std::vector<std::string>> column_names(const vitals::scorecard& card, const char* const* columns,
                                                      std::int64_t n_columns, std::int64_t expected,
                                                      const char* expected_name) {
    std::vector<std::string> names;
    if (columns == nullptr) {
        if (n_columns != 0)
            return fail(errc::invalid_argument, "columns: NULL with n_columns " + std::to_string(n_columns) +
                                                    " (pass NULL and 0 to mean the scorecard's inputs in order)");
        const auto inputs = card.inputs();
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

/// Scores with the batch scorer and turns a callback failure into its own message.
template <class T>
vitals::result<void> run_batch(const scorecard_body& h, const vitals::frame_view<T>& frame,
                               std::span<const std::int64_t> bound, const vitals::batch_output& out,
                               const vitals::batch_options& options) {
    const std::vector<std::uint64_t> before = vitals::capi::failure_counts(h.callbacks);
    auto r = vitals::score_batch(h.card, frame, bound, out, options);
    if (!r && r.error().code == errc::out_of_range)
        return vitals::capi::explain_callback_failure(h.callbacks, before, r.error());
    return r;
}

vitals::result<void> score(const scorecard_body* card, const void* data, vitals_dtype dtype, std::int64_t rows,
                           std::int64_t cols, std::int64_t row_stride, std::int64_t col_stride,
                           const char* const* columns, std::int64_t n_columns,
                           const vitals_score_options* options_in, const vitals_score_output* output_in) {
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    if (output_in == nullptr) return fail(errc::invalid_argument, "output is NULL");
    VITALS_TRY(out, read_versioned(output_in, score_output_v1_size, "output"));
    vitals_score_options opt{};
    opt.struct_size = sizeof opt;
    if (options_in != nullptr) {
        VITALS_TRY(o, read_versioned(options_in, score_options_v1_size, "options"));
        opt = o;
    }
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
    const vitals::frame_view<double> f64{static_cast<const double*>(data), rows, cols, row_stride, col_stride};
    const vitals::frame_view<float> f32{static_cast<const float*>(data), rows, cols, row_stride, col_stride};
    VITALS_TRY(dtype == VITALS_DTYPE_FLOAT64 ? f64.validate("data") : f32.validate("data"));

    // options
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
    if (opt.block_size > 0) {
        const auto& c = card->card;
        const auto per_account = static_cast<std::int64_t>(c.inputs().size() + 3 * c.measures().size() +
                                                           3 * c.nodes().size());
        if (opt.block_size * per_account * static_cast<std::int64_t>(sizeof(double)) > max_scratch_bytes)
            return fail(errc::invalid_argument,
                        "options->block_size: " + std::to_string(opt.block_size) + " accounts x " +
                            std::to_string(per_account) + " scratch values each exceed " +
                            std::to_string(max_scratch_bytes >> 20) + " MiB per thread for this scorecard");
    }
    vitals::batch_options bopt;
    bopt.threads = static_cast<unsigned>(opt.threads);
    bopt.top_k = static_cast<std::size_t>(top_k);
    if (opt.block_size > 0) bopt.block_size = static_cast<std::size_t>(opt.block_size);

    // columns
    VITALS_TRY(names, column_names(card->card, columns, n_columns, cols, "cols"));
    VITALS_TRY(bound, vitals::bind_columns(card->card, names, opt.allow_absent_columns != 0));

    // outputs
    const auto measures = static_cast<std::int64_t>(card->card.measures().size());
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
    const vitals::batch_output bout{score_out,         band_out,        coverage_out, status_out,
                                    contributions_out, points_lost_out, drivers_out};

    if (dtype == VITALS_DTYPE_FLOAT64) return run_batch(*card, f64, bound, bout, bopt);
    return run_batch(*card, f32, bound, bout, bopt);
}

/// NaN as JSON null (nlohmann writes NaN as null too; this says so explicitly).
json number(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

vitals::result<std::string> explain(const scorecard_body* card, const double* values, const char* const* columns,
                                    std::int64_t n_values) {
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    if (n_values < 0) return fail(errc::shape_mismatch, "n_values: " + std::to_string(n_values) + " is negative");
    if (values == nullptr && n_values > 0) return fail(errc::invalid_argument, "values is NULL");
    const vitals::scorecard& c = card->card;
    std::vector<double> inputs(c.inputs().size(), std::numeric_limits<double>::quiet_NaN());
    if (columns == nullptr) {
        VITALS_TRY(column_names(c, nullptr, 0, n_values, "n_values"));
        std::copy(values, values + n_values, inputs.begin());
    } else {
        std::vector<char> seen(inputs.size(), 0);
        for (std::int64_t k = 0; k < n_values; ++k) {
            if (columns[k] == nullptr) return fail(errc::invalid_argument, "columns[" + std::to_string(k) + "] is NULL");
            const std::size_t i = c.input_index(columns[k]);
            if (i == vitals::npos) continue;  // a column the scorecard does not read
            if (seen[i])
                return fail(errc::invalid_argument,
                            "columns: \"" + std::string(columns[k]) + "\" appears more than once");
            seen[i] = 1;
            inputs[i] = values[k];
        }
    }
    vitals::score_options so;
    so.top_k = c.measures().size();
    const std::vector<std::uint64_t> before = vitals::capi::failure_counts(card->callbacks);
    auto scored = vitals::score_account(c, std::span<const double>(inputs), so);
    if (!scored) {
        if (scored.error().code == errc::out_of_range)
            return vitals::capi::explain_callback_failure(card->callbacks, before, scored.error());
        return scored.error();
    }
    const vitals::account_score& a = scored.value();

    json j;
    j["status"] = std::string(vitals::to_string(a.status));
    j["score"] = number(a.score);
    j["band"] = a.band;
    j["band_label"] = std::string(c.bands().label(a.band));
    j["coverage"] = a.coverage;
    json measures = json::array();
    for (std::size_t m = 0; m < a.measures.size(); ++m) {
        const vitals::measure_score& ms = a.measures[m];
        measures.push_back({{"index", m},
                            {"name", c.measures()[m].name},
                            {"group", c.measures()[m].group},
                            {"raw", number(ms.raw)},
                            {"sub_score", number(ms.sub_score)},
                            {"weight", ms.weight},
                            {"effective_weight", ms.effective_weight},
                            {"contribution", number(ms.contribution)},
                            {"points_lost", number(ms.points_lost)}});
    }
    j["measures"] = std::move(measures);
    json groups = json::array();
    for (std::size_t n = 0; n < a.groups.size(); ++n) {
        const vitals::group_score& g = a.groups[n];
        groups.push_back({{"name", std::string(c.nodes()[n].name)},
                          {"score", number(g.score)},
                          {"coverage", g.coverage},
                          {"effective_weight", g.effective_weight}});
    }
    j["groups"] = std::move(groups);
    j["drivers"] = a.drivers;
    return j.dump();
}

}  // namespace

extern "C" {

VITALS_API vitals_status vitals_scorecard_score(const vitals_scorecard* card, const void* data, vitals_dtype dtype,
                                                int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride,
                                                const char* const* columns, int64_t n_columns,
                                                const vitals_score_options* options,
                                                const vitals_score_output* output) {
    return guarded(__func__, [&] {
        return score(unwrap(card), data, dtype, rows, cols, row_stride, col_stride, columns, n_columns, options, output);
    });
}

VITALS_API vitals_status vitals_scorecard_explain(const vitals_scorecard* card, const double* values,
                                                  const char* const* columns, int64_t n_values, char* buffer,
                                                  size_t size, size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(text, explain(unwrap(card), values, columns, n_values));
        return vitals::capi::write_string(text, buffer, size, needed);
    });
}

}  // extern "C"

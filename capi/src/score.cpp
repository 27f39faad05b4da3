// libvitals — scoring: batches of accounts into caller buffers, one account explained, and its
// path to green.
#include "arguments.hpp"
#include "boundary.hpp"

#include "vitals/batch.hpp"
#include "vitals/explanation.hpp"
#include "vitals/frame.hpp"
#include "vitals/path_to_green.hpp"
#include "vitals/score.hpp"

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

/// Scores with the batch scorer and turns a callback failure into its own message.
template <class T>
vitals::result<void> run_batch(const scorecard_body& h, const vitals::frame_view<T>& frame,
                               std::span<const std::int64_t> bound, const vitals::batch_output& out,
                               const vitals::batch_options& options) {
    const std::vector<std::uint64_t> before = vitals::capi::failure_counts(h.callbacks);
    auto r = vitals::score_batch(h.card, frame, bound, out, options);
    if (!r && r.error().code == errc::out_of_range)
        return vitals::capi::numbered(vitals::capi::explain_callback_failure(h.callbacks, before, r.error()));
    return vitals::capi::numbered(std::move(r));
}

vitals::result<void> score(const scorecard_body* card, const void* data, vitals_dtype dtype, std::int64_t rows,
                           std::int64_t cols, std::int64_t row_stride, std::int64_t col_stride,
                           const char* const* columns, std::int64_t n_columns,
                           const vitals_score_options* options_in, const vitals_score_output* output_in) {
    using namespace vitals::capi;
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    if (output_in == nullptr) return fail(errc::invalid_argument, "output is NULL");
    VITALS_TRY(read_versioned(output_in, score_output_v1_size, "output"));
    VITALS_TRY(opt, read_score_options(options_in, std::span<const vitals::scorecard>(&card->card, 1)));
    VITALS_TRY(frame, read_frame(data, dtype, rows, cols, row_stride, col_stride));
    VITALS_TRY(names, column_names(card->card.inputs(), columns, n_columns, cols, "cols"));
    VITALS_TRY(bound, vitals::bind_columns(card->card, names, opt.allow_absent));
    const auto measures = static_cast<std::int64_t>(card->card.measures().size());
    VITALS_TRY(bout, read_score_output(output_in, rows, measures, static_cast<std::int64_t>(opt.batch.top_k)));
    if (frame.dtype == VITALS_DTYPE_FLOAT64) return run_batch(*card, frame.f64, bound, bout, opt.batch);
    return run_batch(*card, frame.f32, bound, bout, opt.batch);
}

/// One account's values in the card's input order, from the caller's values (and names).
vitals::result<std::vector<double>> account_inputs(const scorecard_body* card, const double* values,
                                                   const char* const* columns, std::int64_t n_values) {
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    if (n_values < 0) return fail(errc::shape_mismatch, "n_values: " + std::to_string(n_values) + " is negative");
    if (values == nullptr && n_values > 0) return fail(errc::invalid_argument, "values is NULL");
    const vitals::scorecard& c = card->card;
    std::vector<double> inputs(c.inputs().size(), std::numeric_limits<double>::quiet_NaN());
    if (columns == nullptr) {
        VITALS_TRY(vitals::capi::column_names(c.inputs(), nullptr, 0, n_values, "n_values"));
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
    return inputs;
}

/// A scoring failure of a user-defined normaliser, named by its callback.
template <class T>
vitals::result<T> named_failure(const scorecard_body* card, const std::vector<std::uint64_t>& before,
                                vitals::result<T> r) {
    if (!r && r.error().code == errc::out_of_range)
        return vitals::capi::explain_callback_failure(card->callbacks, before, r.error());
    return r;
}

vitals::result<std::string> explain(const scorecard_body* card, const double* values, const char* const* columns,
                                    std::int64_t n_values) {
    VITALS_TRY(inputs, account_inputs(card, values, columns, n_values));
    const vitals::scorecard& c = card->card;
    const std::vector<std::uint64_t> before = vitals::capi::failure_counts(card->callbacks);
    VITALS_TRY(scored, named_failure(card, before, vitals::score_account(c, std::span<const double>(inputs),
                                                                         vitals::explanation_score_options(c))));
    return vitals::explanation_json(c, scored, inputs);
}

vitals::result<std::string> path_to_green(const scorecard_body* card, const double* values, const char* const* columns,
                                          std::int64_t n_values, std::int32_t target_band,
                                          const char* const* not_actionable, std::int64_t n_not_actionable) {
    VITALS_TRY(inputs, account_inputs(card, values, columns, n_values));
    if (n_not_actionable < 0)
        return fail(errc::shape_mismatch, "n_not_actionable: " + std::to_string(n_not_actionable) + " is negative");
    if (not_actionable == nullptr && n_not_actionable > 0) return fail(errc::invalid_argument, "not_actionable is NULL");
    vitals::path_options o;
    o.target_band = target_band;
    for (std::int64_t k = 0; k < n_not_actionable; ++k) {
        if (not_actionable[k] == nullptr)
            return fail(errc::invalid_argument, "not_actionable[" + std::to_string(k) + "] is NULL");
        o.not_actionable.emplace_back(not_actionable[k]);
    }
    const std::vector<std::uint64_t> before = vitals::capi::failure_counts(card->callbacks);
    VITALS_TRY(p, named_failure(card, before, vitals::find_path_to_green(card->card, std::span<const double>(inputs), o)));
    return vitals::path_to_green_json(card->card, p);
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

VITALS_API vitals_status vitals_scorecard_path_to_green(const vitals_scorecard* card, const double* values,
                                                        const char* const* columns, int64_t n_values,
                                                        int32_t target_band, const char* const* not_actionable,
                                                        int64_t n_not_actionable, char* buffer, size_t size,
                                                        size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(text, path_to_green(unwrap(card), values, columns, n_values, target_band, not_actionable,
                                       n_not_actionable));
        return vitals::capi::write_string(text, buffer, size, needed);
    });
}

}  // extern "C"

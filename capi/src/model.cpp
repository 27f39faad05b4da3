// libvitals — fitting a scorecard to churn labels, and back-testing scorecards side by side.
// Both run src/model_run (the same code as `vitals fit` and `vitals evaluate`), so the C ABI, the
// Python package and the CLI give the same numbers.
#include "accounts.hpp"
#include "arguments.hpp"
#include "boundary.hpp"

#include "vitals/model/run.hpp"

#include "vitals/frame.hpp"
#include "vitals/model/labelled_frame.hpp"

#include <cstring>
#include <tuple>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using vitals::capi::scorecard_body;
using vitals::capi::unwrap;

namespace {

/// The accounts of a call as a labelled frame (float32 data is copied to double; double data is not).
struct labelled_input {
    std::vector<std::string> names;
    std::vector<double> copy;  // float32 data, column-major
    std::vector<double> labels;
    vitals::frame_view<double> frame;

    [[nodiscard]] vitals::model::labelled_frame view() const noexcept { return {frame, names, labels}; }
};

vitals::result<labelled_input> read_input(const vitals::scorecard& card, const void* data, vitals_dtype dtype,
                                          std::int64_t rows, std::int64_t cols, std::int64_t row_stride,
                                          std::int64_t col_stride, const char* const* columns, std::int64_t n_columns,
                                          const double* labels, std::int64_t n_labels) {
    VITALS_TRY(f, vitals::capi::read_frame(data, dtype, rows, cols, row_stride, col_stride));
    if (n_labels < 0)
        return fail(errc::shape_mismatch, "n_labels: " + std::to_string(n_labels) + " is negative");
    if (labels == nullptr && n_labels > 0) return fail(errc::invalid_argument, "labels is NULL");
    if (n_labels != rows)
        return fail(errc::shape_mismatch,
                    "n_labels: " + std::to_string(n_labels) + " labels for " + std::to_string(rows) + " rows");
    labelled_input in;
    VITALS_TRY(names, vitals::capi::column_names(card.inputs(), columns, n_columns, cols, "cols"));
    in.names = std::move(names);
    if (dtype == VITALS_DTYPE_FLOAT64) {
        in.frame = f.f64;
    } else {
        in.copy.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
        for (std::int64_t j = 0; j < cols; ++j)
            for (std::int64_t i = 0; i < rows; ++i)
                in.copy[static_cast<std::size_t>(j * rows + i)] = static_cast<double>(f.f32(i, j));
        in.frame = vitals::frame_view<double>::column_major(in.copy.data(), rows, cols);
    }
    in.labels.assign(labels, labels + n_labels);
    for (std::size_t i = 0; i < in.labels.size(); ++i)
        if (!(in.labels[i] == 0.0 || in.labels[i] == 1.0))
            return fail(errc::invalid_argument,
                        "labels[" + std::to_string(i) + "]: must be 0 or 1 (1 = churned), not " + std::to_string(in.labels[i]));
    return in;
}

vitals::result<std::string_view> options_text(const char* options, std::size_t length) {
    if (options == nullptr) {
        if (length != 0 && length != VITALS_NUL_TERMINATED)
            return fail(errc::invalid_argument, "options: NULL with options_length " + std::to_string(length) +
                                                    " (pass NULL and 0 for the defaults)");
        return std::string_view();
    }
    return length == VITALS_NUL_TERMINATED ? std::string_view(options) : std::string_view(options, length);
}

}  // namespace

extern "C" {

VITALS_API vitals_status vitals_scorecard_fit(const vitals_scorecard* start, const void* data, vitals_dtype dtype,
                                              int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride,
                                              const char* const* columns, int64_t n_columns, const double* labels,
                                              int64_t n_labels, const char* options, size_t options_length,
                                              char* report, size_t report_size, size_t* report_needed,
                                              vitals_scorecard** fitted) {
    if (fitted != nullptr) *fitted = nullptr;
    if (report_needed != nullptr) *report_needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (start == nullptr) return fail(errc::invalid_argument, "start is NULL");
        if (fitted == nullptr) return fail(errc::invalid_argument, "fitted is NULL");
        if (report == nullptr && report_size != 0)
            return fail(errc::invalid_argument, "report: NULL with report_size " + std::to_string(report_size) +
                                                    " (pass NULL and 0 when no report is wanted)");
        const scorecard_body* body = unwrap(start);
        VITALS_TRY(text, options_text(options, options_length));
        VITALS_TRY(request, vitals::model_run::parse_fit_request(text, "options"));
        VITALS_TRY(in, read_input(body->card, data, dtype, rows, cols, row_stride, col_stride, columns, n_columns, labels,
                                  n_labels));
        VITALS_TRY(out, vitals::model_run::fit(body->card, in.view(), request));
        const std::string json = out.report.dump();
        if (report_needed != nullptr) *report_needed = json.size() + 1;
        if (report != nullptr) {
            VITALS_TRY(vitals::capi::write_string(json, report, report_size, report_needed));
        }
        *fitted = vitals::capi::wrap(new scorecard_body(std::move(out.card)));
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_evaluate(const vitals_scorecard* const* cards, const char* const* names,
                                                   int64_t n_cards, const void* data, vitals_dtype dtype, int64_t rows,
                                                   int64_t cols, int64_t row_stride, int64_t col_stride,
                                                   const char* const* columns, int64_t n_columns, const double* labels,
                                                   int64_t n_labels, const char* options, size_t options_length,
                                                   char* buffer, size_t size, size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (n_cards < 0) return fail(errc::shape_mismatch, "n_cards: " + std::to_string(n_cards) + " is negative");
        if (n_cards == 0) return fail(errc::invalid_argument, "n_cards: no scorecard to evaluate");
        if (cards == nullptr) return fail(errc::invalid_argument, "cards is NULL");
        if (buffer == nullptr && size != 0)
            return fail(errc::invalid_argument,
                        "buffer: NULL with size " + std::to_string(size) + " (pass size 0 to query the size)");
        std::vector<vitals::model_run::named_scorecard> named;
        for (std::int64_t k = 0; k < n_cards; ++k) {
            const std::string at = "[" + std::to_string(k) + "]";
            if (cards[k] == nullptr) return fail(errc::invalid_argument, "cards" + at + " is NULL");
            if (names != nullptr && names[k] == nullptr) return fail(errc::invalid_argument, "names" + at + " is NULL");
            const vitals::scorecard& c = unwrap(cards[k])->card;
            std::string name = names != nullptr ? std::string(names[k]) : std::string(c.name());
            if (name.empty()) name = "scorecard " + std::to_string(k);
            vitals::model_run::named_scorecard n;
            n.name = std::move(name);
            n.card = &c;
            named.push_back(std::move(n));
        }
        VITALS_TRY(text, options_text(options, options_length));
        VITALS_TRY(request, vitals::model_run::parse_evaluate_request(text, "options"));
        // the columns are named for (and checked against) the first scorecard when not given
        VITALS_TRY(in, read_input(*named[0].card, data, dtype, rows, cols, row_stride, col_stride, columns, n_columns,
                                  labels, n_labels));
        VITALS_TRY(report, vitals::model_run::evaluate(named, in.view(), request));
        return vitals::capi::write_string(report.dump(), buffer, size, needed);
    });
}

VITALS_API vitals_status vitals_scorecard_fit_segments(
    const vitals_scorecard* start, const void* data, vitals_dtype dtype, int64_t rows, int64_t cols, int64_t row_stride,
    int64_t col_stride, const char* const* columns, int64_t n_columns, const double* labels, int64_t n_labels,
    const char* segment_column, const char* const* segments, int64_t n_segments, int64_t min_accounts,
    int64_t min_churners, const char* options, size_t options_length, char* report, size_t report_size,
    size_t* report_needed, vitals_scorecard_set** fitted) {
    if (fitted != nullptr) *fitted = nullptr;
    if (report_needed != nullptr) *report_needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (start == nullptr) return fail(errc::invalid_argument, "start is NULL");
        if (fitted == nullptr) return fail(errc::invalid_argument, "fitted is NULL");
        if (segment_column == nullptr) return fail(errc::invalid_argument, "segment_column is NULL");
        if (*segment_column == '\0') return fail(errc::invalid_argument, "segment_column is empty");
        if (n_segments < 0) return fail(errc::shape_mismatch, "n_segments: " + std::to_string(n_segments) + " is negative");
        if (segments == nullptr && n_segments > 0) return fail(errc::invalid_argument, "segments is NULL");
        if (n_segments != rows)
            return fail(errc::shape_mismatch,
                        "n_segments: " + std::to_string(n_segments) + " segments for " + std::to_string(rows) + " rows");
        if (report == nullptr && report_size != 0)
            return fail(errc::invalid_argument, "report: NULL with report_size " + std::to_string(report_size) +
                                                    " (pass NULL and 0 when no report is wanted)");
        vitals::model_run::segment_fit_options so;
        for (const auto& [value, name, to] : {std::tuple{min_accounts, "min_accounts", &so.min_accounts},
                                              std::tuple{min_churners, "min_churners", &so.min_churners}}) {
            if (value == -1) continue;  // the default
            if (value < 1)
                return fail(errc::invalid_argument, std::string(name) + ": " + std::to_string(value) +
                                                        " (at least 1, or -1 for the default)");
            *to = static_cast<std::size_t>(value);
        }
        const scorecard_body* body = unwrap(start);
        VITALS_TRY(text, options_text(options, options_length));
        VITALS_TRY(request, vitals::model_run::parse_fit_request(text, "options"));
        VITALS_TRY(in, read_input(body->card, data, dtype, rows, cols, row_stride, col_stride, columns, n_columns, labels,
                                  n_labels));
        std::vector<std::string> values(static_cast<std::size_t>(n_segments));
        for (std::int64_t i = 0; i < n_segments; ++i)
            if (segments[i] != nullptr) values[static_cast<std::size_t>(i)] = segments[i];  // NULL: an empty cell
        VITALS_TRY(out, vitals::model_run::fit_segments(body->card, in.view(), segment_column, values, request, so));
        const std::string json = out.report.dump();
        if (report_needed != nullptr) *report_needed = json.size() + 1;
        if (report != nullptr) {
            VITALS_TRY(vitals::capi::write_string(json, report, report_size, report_needed));
        }
        *fitted = reinterpret_cast<vitals_scorecard_set*>(new vitals::capi::set_body(std::move(out.set)));
        return boost::outcome_v2::success();
    });
}

}  // extern "C"

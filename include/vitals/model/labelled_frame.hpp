// Vitals — a labelled account book for fitting and back-testing, and the sub-score matrix of a
// scorecard over it.
//
// A `labelled_frame` is a non-owning view: the raw columns (frame_view<double>, any strides, NaN =
// missing), their names (a scorecard finds its inputs by name), and one churn label per account
// (1 = churned, 0 = stayed). Every model function takes a scorecard and a labelled_frame, so a CLI
// or C ABI wrapper only has to build this view.
#pragma once

#include "vitals/batch.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/scorecard.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

/// Raw columns, their names and churn labels; nothing is copied.
struct labelled_frame {
    frame_view<double> frame;             ///< N accounts x C raw columns
    std::span<const std::string> columns;  ///< C names
    std::span<const double> labels;       ///< N labels, each 0 or 1

    [[nodiscard]] std::size_t rows() const noexcept { return static_cast<std::size_t>(frame.rows); }

    /// Shape, names and labels. Names `argument` in messages.
    [[nodiscard]] result<void> validate(const char* argument = "data") const {
        const std::string a(argument);
        VITALS_TRY(frame.validate((a + ".frame").c_str()));
        if (columns.size() != static_cast<std::size_t>(frame.cols))
            return fail(errc::shape_mismatch, a + ".columns: " + std::to_string(columns.size()) + " names for " +
                                                  std::to_string(frame.cols) + " columns");
        if (labels.size() != rows())
            return fail(errc::shape_mismatch, a + ".labels: " + std::to_string(labels.size()) + " labels for " +
                                                  std::to_string(frame.rows) + " rows");
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (!(labels[i] == 0.0 || labels[i] == 1.0))
                return fail(errc::invalid_argument, a + ".labels[" + std::to_string(i) + "]: must be 0 or 1, not " +
                                                        std::to_string(labels[i]));
        return boost::outcome_v2::success();
    }
};

/// An owning copy of some rows of a labelled frame (column-major), e.g. one fold's training part.
struct frame_rows {
    std::vector<double> values;  ///< column-major, rows() x columns
    std::vector<double> labels;
    std::vector<std::string> columns;

    [[nodiscard]] labelled_frame view() const noexcept {
        const auto n = static_cast<std::int64_t>(labels.size());
        return {frame_view<double>::column_major(values.data(), n, static_cast<std::int64_t>(columns.size())),
                columns, labels};
    }
};

/// Copy the given rows (indices into `data`, any order, repeats allowed) into an owning frame.
[[nodiscard]] inline result<frame_rows> select_rows(const labelled_frame& data, std::span<const std::size_t> rows) {
    VITALS_TRY(data.validate());
    frame_rows out;
    out.columns.assign(data.columns.begin(), data.columns.end());
    const std::size_t C = out.columns.size(), n = rows.size();
    out.values.resize(n * C);
    out.labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (rows[i] >= data.rows())
            return fail(errc::invalid_argument, "rows[" + std::to_string(i) + "]: row " + std::to_string(rows[i]) +
                                                    " is outside the data (" + std::to_string(data.rows()) + " rows)");
        const auto r = static_cast<std::int64_t>(rows[i]);
        for (std::size_t c = 0; c < C; ++c) out.values[c * n + i] = data.frame(r, static_cast<std::int64_t>(c));
        out.labels[i] = data.labels[rows[i]];
    }
    return out;
}

/// The raw value of each measure (a column, or the ratio of two) for every account: N x M,
/// NaN = missing. Inputs the frame does not have are an unknown_column error.
[[nodiscard]] inline result<Eigen::MatrixXd> raw_values(const scorecard& card, const labelled_frame& data) {
    VITALS_TRY(data.validate());
    VITALS_TRY(cols, bind_columns(card, data.columns));
    const auto N = static_cast<Eigen::Index>(data.rows());
    const auto M = static_cast<Eigen::Index>(card.measures().size());
    Eigen::MatrixXd raw(N, M);
    const auto slots = card.slots();
    // derived columns (column slots after the inputs), computed over the whole frame
    const std::size_t I = card.inputs().size(), n = data.rows();
    std::vector<std::vector<double>> derived(card.derived().size(), std::vector<double>(n));
    std::vector<std::vector<double>> inputs_read;  // only when a derived column needs them
    if (!derived.empty()) {
        inputs_read.assign(I, std::vector<double>(n));
        for (std::size_t k = 0; k < I; ++k)
            for (std::size_t i = 0; i < n; ++i)
                inputs_read[k][i] = data.frame(static_cast<std::int64_t>(i), cols[k]);
    }
    std::vector<const double*> operands;
    std::vector<double> scratch;
    for (std::size_t d = 0; d < derived.size(); ++d) {
        const scorecard::derived_slot& ds = card.derived()[d];
        operands.clear();
        for (std::size_t k : ds.operands) operands.push_back(k < I ? inputs_read[k].data() : derived[k - I].data());
        ds.expr.evaluate(operands, n, derived[d].data(), scratch);
    }
    const auto value = [&](std::size_t slot, Eigen::Index i) {
        return slot < I ? data.frame(i, cols[slot]) : derived[slot - I][static_cast<std::size_t>(i)];
    };
    for (Eigen::Index m = 0; m < M; ++m) {
        const auto& sl = slots[static_cast<std::size_t>(m)];
        for (Eigen::Index i = 0; i < N; ++i) {
            const double x = value(sl.numerator, i);
            raw(i, m) = sl.denominator == npos ? x : ratio_value(x, value(sl.denominator, i));
        }
    }
    return raw;
}

/// Sub-scores in [0, 1] of each measure for every account: N x M, NaN = missing (one normaliser
/// call per measure over the whole column). out_of_range when a user normaliser leaves [0, 1].
[[nodiscard]] inline result<Eigen::MatrixXd> sub_scores(const scorecard& card, const labelled_frame& data) {
    VITALS_TRY(raw, raw_values(card, data));
    Eigen::MatrixXd sub(raw.rows(), raw.cols());
    const auto measures = card.measures();
    for (Eigen::Index m = 0; m < raw.cols(); ++m) {
        const auto& me = measures[static_cast<std::size_t>(m)];
        me.normaliser.apply(std::span<const double>(raw.col(m).data(), static_cast<std::size_t>(raw.rows())),
                            std::span<double>(sub.col(m).data(), static_cast<std::size_t>(raw.rows())));
        for (Eigen::Index i = 0; i < raw.rows(); ++i) {
            const double s = sub(i, m);
            if (s == s && !(s >= 0.0 && s <= 1.0))
                return fail(errc::out_of_range, "/measures/" + std::to_string(m) + " (" + me.name +
                                                     "): sub-score " + std::to_string(s) + " outside [0, 1] (row " +
                                                     std::to_string(i) + ")");
        }
    }
    return sub;
}

/// Health scores (0-100, NaN when not scored) of every account, with the batch scorer.
[[nodiscard]] inline result<std::vector<double>> scores(const scorecard& card, const labelled_frame& data,
                                                        unsigned threads = 1) {
    VITALS_TRY(data.validate());
    VITALS_TRY(cols, bind_columns(card, data.columns));
    std::vector<double> s(data.rows(), std::numeric_limits<double>::quiet_NaN());
    batch_output out;
    out.score = s;
    batch_options opt;
    opt.threads = threads;
    VITALS_TRY(score_batch(card, data.frame, cols, out, opt));
    return s;
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

// Vitals — a scorecard's derived trend columns, computed from per-metric histories.
//
// A scorecard may declare derived columns ("trends" in the file; scorecard_spec::trends), each
// the trend of one history metric. `history_metrics(card)` lists the metrics they read;
// `compute_trend_columns` fills one column per declared trend, in declaration order, from the
// histories the caller read (e.g. the CLI's --history file). The caller then offers these columns
// to scoring and alerts under the trend names, next to its other input columns.
#pragma once

#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/signals/trend.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// One metric's history: rows = accounts, columns = periods, oldest first, NaN = missing.
struct metric_history {
    std::string_view metric;
    frame_view<double> periods;
};

/// The distinct history metrics the scorecard's trends read, in order of first use.
[[nodiscard]] inline std::vector<std::string> history_metrics(const scorecard& card) {
    std::vector<std::string> out;
    for (const trend_input& t : card.spec().trends)
        if (std::find(out.begin(), out.end(), t.metric) == out.end()) out.push_back(t.metric);
    return out;
}

/// The names of the derived columns, in declaration order (the column order of
/// compute_trend_columns' output).
[[nodiscard]] inline std::vector<std::string> trend_column_names(const scorecard& card) {
    std::vector<std::string> out;
    for (const trend_input& t : card.spec().trends) out.push_back(t.name);
    return out;
}

/// Compute every derived trend column of `card` for `rows` accounts into `out`, column-major:
/// trend t of account i at out[t * rows + i] (so the columns can sit at the end of a column-major
/// input frame). Every history must have `rows` rows (accounts in the same order as the inputs).
/// A metric the card needs and `histories` lacks is an unknown_column error naming every absent
/// metric, unless `allow_absent`, in which case its trends are NaN for every account (no history:
/// nothing known). Errors: unknown_column, invalid_argument (a metric given twice),
/// shape_mismatch (a bad frame, a history with another row count, `out` shorter than
/// rows x trends). Thread-safe.
[[nodiscard]] inline result<void> compute_trend_columns(const scorecard& card, std::span<const metric_history> histories,
                                                        std::int64_t rows, std::span<double> out,
                                                        bool allow_absent = false) {
    const auto& trends = card.spec().trends;
    if (rows < 0) return fail(errc::shape_mismatch, "rows: must not be negative");
    const auto n = static_cast<std::size_t>(rows);
    if (!trends.empty() && n > out.size() / trends.size())
        return fail(errc::shape_mismatch, "out: " + std::to_string(out.size()) + " elements, " +
                                              std::to_string(trends.size()) + " trends x " + std::to_string(n) +
                                              " accounts needed");
    for (std::size_t h = 0; h < histories.size(); ++h) {
        const std::string at = "histories[" + std::to_string(h) + "] (" + std::string(histories[h].metric) + ")";
        VITALS_TRY(histories[h].periods.validate(at.c_str()));
        if (histories[h].periods.rows != rows)
            return fail(errc::shape_mismatch, at + ": " + std::to_string(histories[h].periods.rows) +
                                                  " accounts, expected " + std::to_string(rows));
        for (std::size_t k = 0; k < h; ++k)
            if (histories[k].metric == histories[h].metric)
                return fail(errc::invalid_argument, at + ": metric given twice (also histories[" + std::to_string(k) + "])");
    }
    std::vector<const metric_history*> of(trends.size(), nullptr);
    std::string absent;
    for (const std::string& m : history_metrics(card)) {
        bool found = false;
        for (std::size_t t = 0; t < trends.size(); ++t)
            for (const metric_history& h : histories)
                if (trends[t].metric == m && h.metric == m) {
                    of[t] = &h;
                    found = true;
                }
        if (!found) absent += (absent.empty() ? "" : ", ") + m;
    }
    if (!absent.empty() && !allow_absent)
        return fail(errc::unknown_column, "histories: the scorecard's trends read metrics that are not given: " + absent);
    for (std::size_t t = 0; t < trends.size(); ++t) {
        const std::span<double> col = out.subspan(t * n, n);
        if (!of[t]) {
            std::fill(col.begin(), col.end(), std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        auto r = trend_batch(trends[t].kind, of[t]->periods, trends[t].window, col);
        if (!r) return fail(r.error().code, "trends[" + std::to_string(t) + "] (" + trends[t].name + "): " + r.error().message);
    }
    return boost::outcome_v2::success();
}

}  // namespace v1
}  // namespace vitals

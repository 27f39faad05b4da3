// Vitals report — the model page of `vitals evaluate --report`: how well each scorecard ranks and
// predicts churn on labelled accounts, drawn from the report vitals::model_run::evaluate returns
// (asked with "curves": true; its JSON is `vitals evaluate --format json`'s) and from the
// scorecards themselves. The same rules as the health report (page.hpp): one self-contained file,
// inline CSS and SVG, no script, nothing fetched, every text escaped, and every line told apart by
// its dash and its label as well as its colour. Sections, each a <section> with a stable id:
//
//   #model-summary     accounts, churned, churn rate, where the churn probabilities come from
//   #comparison        tr.card-row[data-card][data-roc-auc] per scorecard: scored, ROC AUC (and
//                      its bootstrap interval), average precision, Brier score, precision and lift
//                      at each top share
//   #roc               svg#roc-chart: a polyline.curve[data-series=k] per scorecard k (data-points:
//                      the curve's points in the report), line.reference (chance)
//   #precision-recall  svg#pr-chart: the same, line.reference at the churn rate
//   #calibration       svg#calibration-chart: per scorecard with a churn probability a
//                      polyline.curve and a circle.marker[data-count] per non-empty bin, the
//                      diagonal; tr.calibration-row[data-card] per bin
//   #lift              svg#lift-chart: rect.group-column[data-series][data-group][data-value] per
//                      scorecard and risk group (deciles), line.reference at lift 1;
//                      tr.lift-row[data-card][data-group] with accounts, churned, rate, lift, capture
//   #cross-validation  (when the report has one) tr.cv-row per scorecard x refit recipe
//   #weights           div.card-weights[data-card] per scorecard (per card of a set): table.weights,
//                      tr.weight-row[data-measure] (input, normaliser, weight, share of the score),
//                      and for a steps or categories measure table.bins, tr.bin-row (range or
//                      level, sub-score)
#pragma once

#include "vitals/error.hpp"
#include "vitals/scorecard_set.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string>

namespace vitals::report {

/// A scorecard of the report, in the report's order: a single card is a set of one.
struct model_card {
    const scorecard_set* set = nullptr;
};

struct model_page_info {
    std::string title = "Scorecard back-test";
    std::string source;        ///< the labelled accounts ("history.csv")
    std::string label_column;  ///< the churn label
    std::string generator;     ///< "vitals 0.9.0"
};

/// The whole page. Errors (invalid_argument): `cards` not one per scorecard of the report, or a
/// scorecard row without its curves (evaluate with "curves": true), naming the row.
[[nodiscard]] result<std::string> render_model_page(const nlohmann::json& report, std::span<const model_card> cards,
                                                    const model_page_info& info);

}  // namespace vitals::report

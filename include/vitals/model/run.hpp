// Vitals — fitting and back-testing as the CLI, the C ABI and Python run them (target vitals::model_run).
//
// `fit` turns a starting scorecard and a labelled frame into a fitted scorecard plus a JSON report;
// `evaluate` compares scorecards on a labelled frame and returns a JSON report. Options come in as
// JSON objects, so the C ABI can grow them without changing a signature. Both wrap
// include/vitals/model/ (no numerics here): this file only chooses, runs and reports.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/model.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_set.hpp"

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals::model_run {

using json = nlohmann::ordered_json;

/// How to fit (JSON keys in brackets; all optional).
struct fit_request {
    std::string weights = "learned";       ///< ["weights"] learned, entropy, equal or ahp
    bool bin = false;                      ///< ["bin"] monotone binning into steps first
    model::learn_options learn;            ///< ["l2"], ["missing"] complete_rows|impute, ["max_iterations"], ["tolerance"]
    model::binning_options binning;        ///< ["prebins"], ["min_share"], ["max_bins"]
    Eigen::MatrixXd pairwise;              ///< ["pairwise"] AHP matrix over the measures (array of rows)
    double max_consistency_ratio = 0.1;    ///< ["max_consistency_ratio"]
    std::string name;                      ///< ["name"] the fitted scorecard's name; "" = keep
    std::string source;                    ///< ["source"] where the data came from, for the description
};

/// Parse fit options from a JSON object ("" = defaults). Errors: parse_error (not JSON),
/// invalid_argument naming the key (`options.weights: ...`).
[[nodiscard]] result<fit_request> parse_fit_request(std::string_view json_text, std::string_view argument = "options");

/// Read an AHP pairwise-comparison matrix: JSON (an array of rows, or {"measures": [...],
/// "matrix": [[...]]} to name the order) or CSV-like text (one row per line, numbers or
/// fractions such as 1/3 separated by commas or spaces; '#' starts a comment). With "measures"
/// the rows are reordered to the scorecard's measure order. `source` names it in messages.
[[nodiscard]] result<Eigen::MatrixXd> parse_pairwise(std::string_view text, const scorecard& card,
                                                     std::string_view source);

struct fit_outcome {
    scorecard card;  ///< the fitted scorecard (descriptions say how it was fitted)
    json report;     ///< what the fit found (see docs/cli.md, "vitals fit")
};

/// Fit `start` to `data` as `request` says. Errors: those of the model functions, with messages
/// that name the measure.
[[nodiscard]] result<fit_outcome> fit(const scorecard& start, const model::labelled_frame& data,
                                      const fit_request& request);

/// A short report for people (a few lines) from fit()'s JSON report.
[[nodiscard]] std::string fit_summary(const json& report);

/// Per-segment fitting (`vitals fit --segment-by`). A segment with fewer accounts or churners
/// than these falls back to the default card, and the report says so.
struct segment_fit_options {
    std::size_t min_accounts = 200;
    std::size_t min_churners = 20;
};

struct segment_fit_outcome {
    /// A card per segment value fitted on its own accounts, and the default card, fitted on every
    /// account, for the segments that fell back (and for values the data did not have, or empty
    /// cells). Every card stores its calibration: their churn probabilities are on one scale.
    scorecard_set set;
    json report;  ///< {"segment_column", "min_accounts", "min_churners", "default": fit report, "segments": [...]}
};

/// Fit `start` once on all of `data` (the default card), then once per distinct non-empty value of
/// `segments` (one per row of `data`) on that segment's rows. A segment fit that fails (e.g. a
/// measure constant within the segment) falls back to the default card, its reason in the report.
/// Errors: invalid_argument (segments not one per row, an empty column name), the default fit's.
[[nodiscard]] result<segment_fit_outcome> fit_segments(const scorecard& start, const model::labelled_frame& data,
                                                       std::string segment_column, std::span<const std::string> segments,
                                                       const fit_request& request, const segment_fit_options& options = {});

/// A short report for people from fit_segments()'s JSON report: one line per segment.
[[nodiscard]] std::string fit_segments_summary(const json& report);

/// How a candidate is refitted on each training part of a cross-validation: `fit` empty means
/// "none" (the scorecard as given; only its churn probability is fitted on the training folds).
struct refit_recipe {
    std::string label;                ///< "none", or e.g. "learned", "learned+bin" (see recipe_label)
    std::optional<fit_request> fit;
};

/// How to evaluate (JSON keys in brackets; all optional).
struct evaluate_request {
    model::evaluate_options options;  ///< ["top"] fractions, ["calibration_bins"], ["bootstrap"], ["confidence"], ["seed"], ["threads"],
                                      ///< ["curves"] (adds roc_curve, pr_curve and lift_by_group per scorecard), ["lift_groups"]
    /// ["fixed_card_folds"] k >= 2: the AUC of each scorecard *as given* on each of k stratified
    /// folds, and its churn probability fitted out of fold. The scorecard is not refitted: for a
    /// card fitted on these accounts this measures spread, not skill — that is what `cv` is for.
    std::size_t fixed_card_folds = 0;
    /// ["cv"] k >= 2: k-fold stratified cross-validation. Each scorecard x recipe is refitted
    /// (weights, bins) on k - 1 folds and scored on the held-out fold; mean +- sd per metric.
    std::size_t cv = 0;
    /// ["refit"] the recipes of the cross-validation: an array whose items are "none" or a fit
    /// options object (parse_fit_request's keys); default [{"weights": "learned"}].
    std::vector<refit_recipe> refit;
};

/// A short label for a fit recipe: the weights, "+bin" when binned ("learned+bin").
[[nodiscard]] std::string recipe_label(const fit_request& r);

[[nodiscard]] result<evaluate_request> parse_evaluate_request(std::string_view json_text,
                                                              std::string_view argument = "options");

/// One scorecard to evaluate, or a scorecard set (`set`, with each row's segment value in
/// `segments`), which is ranked by its cards' churn probabilities (model::evaluate_set).
struct named_scorecard {
    std::string name;
    const scorecard* card = nullptr;
    const scorecard_set* set = nullptr;
    std::span<const std::string> segments = {};
};

/// Back-test the scorecards side by side on `data` (vitals::model::compare) and report as JSON.
[[nodiscard]] result<json> evaluate(std::span<const named_scorecard> cards, const model::labelled_frame& data,
                                    const evaluate_request& request);

/// The comparison as a plain-text table (one row per scorecard).
[[nodiscard]] std::string evaluate_table(const json& report);

}  // namespace vitals::model_run

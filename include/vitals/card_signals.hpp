// Vitals — the signals a scorecard declares, as plain data: derived trend columns ("trends" in the
// scorecard file), the score-trend settings ("score_trend") and alert rules ("alerts").
//
// They belong to the scorecard's definition (scorecard_spec holds them and scorecard::build
// validates them); computing them is the signals layer's job: vitals/signals/trend.hpp and
// trend_columns.hpp (trends), score_trend.hpp (the score's change and arrow), alert.hpp (alerts).
// This header is part of the core and includes nothing from signals/.
//
// Alert rules have three kinds of condition:
//   band_downgrade  the score's band is lower than the band of the latest previous score (the
//                   newest present one); needs both scores.
//   score_drop      the score is at least `points` below the highest present previous score of
//                   the last `window` previous periods.
//   threshold       a value crosses `threshold`: `when` below (<), above (>), at_most (<=) or
//                   at_least (>=). The value is an input column (`column`: any column of the data,
//                   including a derived trend column declared in the scorecard's "trends") or a
//                   measure's sub-score on the 0-100 points scale (`measure`). Exactly one of
//                   column / measure is set. A missing value never fires.
// Every rule has a name (unique in the scorecard), a severity, a reason (shown to people) and a
// cooldown: the alert is not raised again while fewer than `cooldown` periods have passed since it
// last fired (0 = no cooldown). Evaluation: vitals/signals/alert.hpp.
#pragma once

#include "vitals/normalise/normaliser.hpp"  // problem

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

// ---- derived trend columns ---------------------------------------------------------------------

/// What a trend measure computes (defined at the top of vitals/signals/trend.hpp).
enum class trend_kind : std::int32_t { slope = 0, percent_change = 1, declines = 2 };

/// The file-format name: "slope", "percent_change", "declines".
[[nodiscard]] constexpr std::string_view to_string(trend_kind k) noexcept {
    switch (k) {
    case trend_kind::slope: return "slope";
    case trend_kind::percent_change: return "percent_change";
    case trend_kind::declines: return "declines";
    }
    return "unknown";
}

/// The kind named `name`, if any.
[[nodiscard]] constexpr std::optional<trend_kind> trend_kind_from(std::string_view name) noexcept {
    if (name == "slope") return trend_kind::slope;
    if (name == "percent_change") return trend_kind::percent_change;
    if (name == "declines") return trend_kind::declines;
    return std::nullopt;
}

/// A derived input column declared in a scorecard: the trend `kind` of metric `metric`'s history
/// over the last `window` periods, available to measures and alerts under `name` like any input
/// column (e.g. {"active_users_slope", "active_users", slope, 6}).
struct trend_input {
    std::string name;    ///< the derived column's name
    std::string metric;  ///< the history metric it reads
    trend_kind kind = trend_kind::slope;
    std::int64_t window = 6;  ///< periods, >= 2
    std::string description;

    /// Problems of this entry alone, as JSON pointers relative to it. Names that clash with other
    /// entries are checked by scorecard::build.
    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (name.empty()) p.push_back({"/name", "must not be empty"});
        if (metric.empty()) p.push_back({"/metric", "must not be empty"});
        if (window < 2) p.push_back({"/window", "must be at least 2 periods (a trend needs two points)"});
        if (!trend_kind_from(to_string(kind))) p.push_back({"/kind", "unknown trend kind"});
        return p;
    }

    friend bool operator==(const trend_input&, const trend_input&) = default;
};

// ---- the score trend -----------------------------------------------------------------------------

/// Score-trend settings; in a scorecard file: "score_trend": {"dead_band": 2.0, "window": 1}.
struct score_trend_spec {
    double dead_band = 2.0;   ///< points, finite, >= 0
    std::int64_t window = 1;  ///< previous scores averaged into the reference, >= 1

    /// Problems, as JSON pointers relative to the score_trend object.
    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (!(std::isfinite(dead_band) && dead_band >= 0.0)) p.push_back({"/dead_band", "must be a finite number >= 0"});
        if (window < 1) p.push_back({"/window", "must be at least 1"});
        return p;
    }

    friend bool operator==(const score_trend_spec&, const score_trend_spec&) = default;
};

// ---- alert rules ---------------------------------------------------------------------------------

/// The condition an alert tests. Values are stable (the C ABI uses them).
enum class alert_kind : std::int32_t { band_downgrade = 0, score_drop = 1, threshold = 2 };
/// How loud an alert is. Values are stable (the C ABI uses them).
enum class alert_severity : std::int32_t { info = 0, warning = 1, critical = 2 };
/// The comparison of a threshold alert: value below / above / at_most / at_least the threshold.
enum class alert_when : std::int32_t { below = 0, above = 1, at_most = 2, at_least = 3 };

[[nodiscard]] constexpr std::string_view to_string(alert_kind k) noexcept {
    switch (k) {
    case alert_kind::band_downgrade: return "band_downgrade";
    case alert_kind::score_drop: return "score_drop";
    case alert_kind::threshold: return "threshold";
    }
    return "unknown";
}
[[nodiscard]] constexpr std::string_view to_string(alert_severity s) noexcept {
    switch (s) {
    case alert_severity::info: return "info";
    case alert_severity::warning: return "warning";
    case alert_severity::critical: return "critical";
    }
    return "unknown";
}
[[nodiscard]] constexpr std::string_view to_string(alert_when w) noexcept {
    switch (w) {
    case alert_when::below: return "below";
    case alert_when::above: return "above";
    case alert_when::at_most: return "at_most";
    case alert_when::at_least: return "at_least";
    }
    return "unknown";
}
[[nodiscard]] constexpr std::optional<alert_kind> alert_kind_from(std::string_view s) noexcept {
    if (s == "band_downgrade") return alert_kind::band_downgrade;
    if (s == "score_drop") return alert_kind::score_drop;
    if (s == "threshold") return alert_kind::threshold;
    return std::nullopt;
}
[[nodiscard]] constexpr std::optional<alert_severity> alert_severity_from(std::string_view s) noexcept {
    if (s == "info") return alert_severity::info;
    if (s == "warning") return alert_severity::warning;
    if (s == "critical") return alert_severity::critical;
    return std::nullopt;
}
[[nodiscard]] constexpr std::optional<alert_when> alert_when_from(std::string_view s) noexcept {
    if (s == "below") return alert_when::below;
    if (s == "above") return alert_when::above;
    if (s == "at_most") return alert_when::at_most;
    if (s == "at_least") return alert_when::at_least;
    return std::nullopt;
}

/// One alert rule (see the top of this header; evaluated by vitals/signals/alert.hpp).
struct alert_rule {
    std::string name;
    alert_kind kind = alert_kind::threshold;
    alert_severity severity = alert_severity::warning;
    std::string reason;         ///< why it matters / what to do; shown with the alert
    std::int64_t cooldown = 0;  ///< periods; >= 0
    // score_drop
    double points = 10.0;     ///< at least this many points below the recent high
    std::int64_t window = 1;  ///< previous periods looked at, >= 1
    // threshold
    std::string column;   ///< an input (or derived trend) column, or empty
    std::string measure;  ///< a measure's sub-score (0-100), or empty
    alert_when when = alert_when::below;
    double threshold = 0.0;

    /// Problems of this rule alone, as JSON pointers relative to it (names that must exist in the
    /// scorecard, and duplicate names, are checked by scorecard::build).
    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (name.empty()) p.push_back({"/name", "must not be empty"});
        if (!alert_kind_from(to_string(kind))) p.push_back({"/kind", "unknown alert kind"});
        if (!alert_severity_from(to_string(severity))) p.push_back({"/severity", "unknown severity"});
        if (cooldown < 0) p.push_back({"/cooldown", "must be >= 0 periods"});
        if (kind == alert_kind::score_drop) {
            if (!(std::isfinite(points) && points > 0.0)) p.push_back({"/points", "must be a finite number > 0"});
            if (window < 1) p.push_back({"/window", "must be at least 1 period"});
        }
        if (kind == alert_kind::threshold) {
            if (column.empty() == measure.empty())
                p.push_back({"", "a threshold alert names exactly one of \"column\" and \"measure\""});
            if (!alert_when_from(to_string(when))) p.push_back({"/when", "unknown comparison"});
            if (!std::isfinite(threshold)) p.push_back({"/threshold", "must be a finite number"});
        }
        return p;
    }

    friend bool operator==(const alert_rule&, const alert_rule&) = default;
};

}  // namespace v1
}  // namespace vitals

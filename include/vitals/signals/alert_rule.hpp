// Vitals — an alert rule as declared in a scorecard ("alerts": [...] in the scorecard file).
//
// Three kinds of condition:
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

/// Whether `value` meets `when threshold`; false for NaN.
[[nodiscard]] constexpr bool crosses(double value, alert_when when, double threshold) noexcept {
    switch (when) {
    case alert_when::below: return value < threshold;
    case alert_when::above: return value > threshold;
    case alert_when::at_most: return value <= threshold;
    case alert_when::at_least: return value >= threshold;
    }
    return false;
}

/// One alert rule (see the top of this header).
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

// Vitals — a group: a dimension (adoption, support, ...) that aggregates its members.
#pragma once

#include <string>
#include <string_view>

namespace vitals {
inline namespace v1 {

/// How a group combines the sub-scores of its present members.
enum class aggregation {
    mean,          ///< weighted mean, weights renormalised over the members present
    weakest_link,  ///< the lowest present member (the group is as healthy as its worst member)
};

[[nodiscard]] constexpr std::string_view to_string(aggregation a) noexcept {
    return a == aggregation::mean ? "mean" : "weakest_link";
}

/// A group as written in a scorecard. Groups nest through `parent`.
struct group {
    std::string name;         ///< unique among groups
    double weight = 1.0;      ///< relative to the other members of its parent; >= 0
    std::string parent;       ///< the enclosing group; empty = top level
    vitals::aggregation aggregation = aggregation::mean;
    std::string description;

    friend bool operator==(const group&, const group&) = default;
};

}  // namespace v1
}  // namespace vitals

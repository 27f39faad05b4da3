// Vitals — a measure: one health signal, read from an input column (or a ratio of two), turned
// into a sub-score by a normaliser, and weighted within its group.
#pragma once

#include "vitals/normalise/normaliser.hpp"

#include <limits>
#include <string>
#include <utility>

namespace vitals {
inline namespace v1 {

/// Where a measure's raw value comes from: one input column, or the ratio of two
/// (adoption = active_users / licensed_seats). A ratio is missing (NaN) when either column is
/// missing or the denominator is 0; otherwise it is numerator / denominator as IEEE computes it.
struct input {
    std::string column;       ///< the column, or the numerator of a ratio
    std::string denominator;  ///< empty unless the measure is a ratio

    input() = default;
    input(std::string col) : column(std::move(col)) {}  // NOLINT(google-explicit-constructor)
    input(const char* col) : column(col) {}             // NOLINT(google-explicit-constructor)

    [[nodiscard]] static input ratio(std::string numerator, std::string denominator) {
        input i(std::move(numerator));
        i.denominator = std::move(denominator);
        return i;
    }
    [[nodiscard]] bool is_ratio() const noexcept { return !denominator.empty(); }

    friend bool operator==(const input&, const input&) = default;
};

/// The raw value of a ratio input (see `input`).
[[nodiscard]] constexpr double ratio_value(double numerator, double denominator) noexcept {
    return (denominator == 0.0 || denominator != denominator) ? std::numeric_limits<double>::quiet_NaN()
                                                              : numerator / denominator;
}

/// A measure as written in a scorecard.
struct measure {
    std::string name;         ///< unique within the scorecard
    vitals::input input;      ///< the column(s) it reads
    vitals::normaliser normaliser;
    double weight = 1.0;      ///< relative to the other members of its group; >= 0
    std::string group;        ///< the group it belongs to; empty = top level
    std::string description;  ///< why this measure and these thresholds (shown to people)

    friend bool operator==(const measure&, const measure&) = default;
};

}  // namespace v1
}  // namespace vitals

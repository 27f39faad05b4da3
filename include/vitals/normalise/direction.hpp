// Vitals — which way is healthy for a measure.
#pragma once

#include <string_view>

namespace vitals {
inline namespace v1 {

/// Whether higher raw values are healthier (adoption rate) or lower ones are (days late).
enum class direction { higher_is_better, lower_is_better };

[[nodiscard]] constexpr std::string_view to_string(direction d) noexcept {
    return d == direction::higher_is_better ? "higher_is_better" : "lower_is_better";
}

}  // namespace v1
}  // namespace vitals

// Vitals — the flag normaliser: a yes/no signal (executive sponsor present, contact changed).
#pragma once

#include "vitals/normalise/normaliser.hpp"

#include <span>
#include <string_view>

namespace vitals {
inline namespace v1 {

/// Any non-zero value (including +Inf and -Inf) is "true", 0 is "false".
/// `good_when = true`: true -> 1, false -> 0; `good_when = false`: true -> 0, false -> 1.
/// NaN -> NaN.
struct flag {
    bool good_when = true;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "flag"; }

    void apply(std::span<const double> in, std::span<double> out) const noexcept {
        const std::size_t n = in.size();
        const double* x = in.data();
        double* y = out.data();
        const double on = good_when ? 1.0 : 0.0;
        const double off = 1.0 - on;
        for (std::size_t i = 0; i < n; ++i) {
            const double xi = x[i];
            y[i] = (xi == xi) ? ((xi != 0.0) ? on : off) : xi;
        }
    }

    friend bool operator==(const flag&, const flag&) = default;
};

}  // namespace v1
}  // namespace vitals

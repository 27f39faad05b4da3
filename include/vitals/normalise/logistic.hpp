// Vitals — the logistic normaliser: an S-curve around a midpoint.
#pragma once

#include "vitals/detail/fast_exp.hpp"
#include "vitals/detail/numeric.hpp"
#include "vitals/normalise/normaliser.hpp"

#include <cmath>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Sub-score 1 / (1 + exp(-steepness * (x - midpoint))): 0.5 at the midpoint.
/// A positive steepness makes higher values healthier, a negative one lower values.
/// NaN -> NaN; +Inf -> 1 and -Inf -> 0 when steepness > 0 (the other way round when < 0).
struct logistic {
    double midpoint = 0.0;
    double steepness = 1.0;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "logistic"; }

    void apply(std::span<const double> in, std::span<double> out) const noexcept {
#if defined(__GNUC__)
        apply_lanes<detail::v4d>(in, out);
    }

    /// apply() with the exp computed V (detail::v4d or detail::v8d) lanes at a time: the same
    /// arithmetic per lane, so the same bits; the batch scorer's AVX-512 kernel takes v8d (one
    /// register), every other caller v4d (GCC lowers v8d poorly without AVX-512).
    template <class V>
    void apply_lanes(std::span<const double> in, std::span<double> out) const noexcept {
        const std::size_t n = in.size();
        const double* x = in.data();
        double* y = out.data();
        const double k = -steepness, m = midpoint;
        // The tail goes through the same vector code (padded), so every value gets bit-identical
        // arithmetic whatever the chunk length.
        constexpr std::size_t lanes = sizeof(V) / sizeof(double);
        std::size_t i = 0;
        for (; i + lanes <= n; i += lanes) {
            V v;
            std::memcpy(&v, x + i, sizeof v);
            v = k * (v - m);
            detail::fast_exp_inplace(v);
            v = 1.0 / (1.0 + v);
            std::memcpy(y + i, &v, sizeof v);
        }
        if (i < n) {
            double tmp[lanes] = {};
            std::memcpy(tmp, x + i, (n - i) * sizeof(double));
            V v;
            std::memcpy(&v, tmp, sizeof v);
            v = k * (v - m);
            detail::fast_exp_inplace(v);
            v = 1.0 / (1.0 + v);
            std::memcpy(tmp, &v, sizeof v);
            std::memcpy(y + i, tmp, (n - i) * sizeof(double));
        }
#else
        const std::size_t n = in.size();
        const double* x = in.data();
        double* y = out.data();
        const double k = -steepness, m = midpoint;
        // detail::fast_exp is within 1e-14 relative of std::exp (see its header)
        for (std::size_t i = 0; i < n; ++i) y[i] = 1.0 / (1.0 + detail::fast_exp(k * (x[i] - m)));
#endif
    }

    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (!detail::finite(midpoint)) p.push_back({"/midpoint", "midpoint must be a finite number"});
        if (!detail::finite(steepness) || steepness == 0.0)
            p.push_back({"/steepness", "steepness must be a finite, non-zero number"});
        return p;
    }

    friend bool operator==(const logistic&, const logistic&) = default;
};

}  // namespace v1
}  // namespace vitals

// Vitals — which built-in normaliser a type-erased one holds (internal, not API).
//
// The batch kernel calls a built-in normaliser's apply() directly rather than through the virtual
// call of vitals::normaliser, so the call inlines into the kernel and compiles for the kernel's
// instruction-set level (see isa.hpp). The arithmetic is the same code either way, so the results
// are too. User-defined normalisers keep the virtual call.
#pragma once

#include "vitals/normalise.hpp"

#include <span>

namespace vitals {
inline namespace v1 {
namespace detail {

/// A normaliser with its built-in type looked up once (per scoring call, not per block).
struct builtin_normaliser {
    enum class kind { other, linear, steps, piecewise, logistic, percentile, flag };
    kind k = kind::other;
    const void* model = nullptr;     // the held built-in model, when k != other
    const normaliser* erased = nullptr;

    // By pointer: a constructor from `const normaliser&` would make this type convertible from
    // itself through normaliser's converting constructor, which checks normaliser_model (recursion).
    explicit builtin_normaliser(const normaliser* n) : erased(n) {
        if ((model = n->target<vitals::linear>())) k = kind::linear;
        else if ((model = n->target<vitals::steps>())) k = kind::steps;
        else if ((model = n->target<vitals::piecewise>())) k = kind::piecewise;
        else if ((model = n->target<vitals::logistic>())) k = kind::logistic;
        else if ((model = n->target<vitals::percentile>())) k = kind::percentile;
        else if ((model = n->target<vitals::flag>())) k = kind::flag;
    }

    /// `erased->apply(in, out)`, with the built-in call made directly. Same length spans. `Wide`:
    /// the logistic's exp eight lanes at a time (for callers compiled for AVX-512; same bits).
    template <bool Wide = false>
    void apply(std::span<const double> in, std::span<double> out) const {
#if defined(__GNUC__)
        if constexpr (Wide) {
            if (k == kind::logistic) return static_cast<const vitals::logistic*>(model)->apply_lanes<v8d>(in, out);
        }
#endif
        switch (k) {
        case kind::linear: static_cast<const vitals::linear*>(model)->apply(in, out); return;
        case kind::steps: static_cast<const vitals::steps*>(model)->apply(in, out); return;
        case kind::piecewise: static_cast<const vitals::piecewise*>(model)->apply(in, out); return;
        case kind::logistic: static_cast<const vitals::logistic*>(model)->apply(in, out); return;
        case kind::percentile: static_cast<const vitals::percentile*>(model)->apply(in, out); return;
        case kind::flag: static_cast<const vitals::flag*>(model)->apply(in, out); return;
        case kind::other: break;
        }
        erased->apply(in, out);
    }
};

}  // namespace detail
}  // namespace v1
}  // namespace vitals

// Vitals — the normaliser interface (the pluggable metric model).
//
// A normaliser maps raw values of one measure to sub-scores in [0, 1] (1 = healthy). It works on a
// contiguous chunk at a time — `apply(in, out)` over hundreds or thousands of values — never one
// value per virtual call. Missing in, missing out: NaN maps to NaN.
//
// Any copyable type with `void apply(std::span<const double>, std::span<double>) const` is a
// normaliser (see the `normaliser_model` concept); `vitals::normaliser` holds one by value behind a
// shared, immutable pointer, so copies are cheap and a built scorecard can be shared across threads.
// Optional members a type may add, picked up when present:
//   std::string_view kind() const            — the file-format name ("custom" when absent)
//   std::string name() const                 — the registry name a scorecard file refers to
//   std::vector<vitals::problem> validate() const — parameter checks run when a scorecard is built
//   bool operator==(const T&) const          — equality (otherwise: same object only)
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {

/// One problem found while validating: `where` is a JSON pointer relative to the object that was
/// validated (e.g. "/knots/2", or "" for the object itself); `what` says what is wrong.
struct problem {
    std::string where;
    std::string what;
    friend bool operator==(const problem&, const problem&) = default;
};

/// A type that can act as a normaliser.
template <class N>
concept normaliser_model =
    std::copy_constructible<N> &&
    requires(const N& n, std::span<const double> in, std::span<double> out) {
        { n.apply(in, out) } -> std::same_as<void>;
    };

/// A type-erased, immutable normaliser value.
class normaliser {
public:
    /// Wrap any normaliser model. Implicit, so `measure.norm = vitals::linear{0, 1};` reads well.
    /// The "not a normaliser itself" test comes first: constraints are checked left to right, and
    /// checking normaliser_model<normaliser> (copy_constructible) would recurse into this
    /// constructor (clang rejects that; GCC happens to accept it).
    template <class N>
        requires(!std::same_as<std::remove_cvref_t<N>, normaliser> && normaliser_model<N>)
    normaliser(N model)  // NOLINT(google-explicit-constructor)
        : self_(std::make_shared<const holder<N>>(std::move(model))) {}

    /// An empty normaliser: `bool(n)` is false; building a scorecard with one is an error.
    normaliser() = default;

    [[nodiscard]] explicit operator bool() const noexcept { return self_ != nullptr; }

    /// Map `in` to `out` (same length; `out.size() < in.size()` maps only `out.size()` values).
    /// `in` and `out` must not overlap.
    /// Precondition: the normaliser is not empty.
    void apply(std::span<const double> in, std::span<double> out) const {
        // Both spans are cut: models loop over in.size() and would write past a shorter `out`.
        const std::size_t n = std::min(in.size(), out.size());
        self_->apply(in.first(n), out.first(n));
    }

    /// One value (the reference path); the same code as the chunked path.
    [[nodiscard]] double operator()(double x) const {
        double y = 0.0;
        self_->apply(std::span<const double>(&x, 1), std::span<double>(&y, 1));
        return y;
    }

    /// The file-format kind: "linear", "steps", "piecewise", "logistic", "percentile", "flag",
    /// or "custom" for user types that do not say otherwise.
    [[nodiscard]] std::string_view kind() const { return self_ ? self_->kind() : "empty"; }

    /// The registry name of a user-defined normaliser ("" when the type has none).
    [[nodiscard]] std::string name() const { return self_ ? self_->name() : std::string(); }

    /// Parameter problems (empty when valid).
    [[nodiscard]] std::vector<problem> validate() const {
        if (!self_) return {problem{"", "normaliser is missing"}};
        return self_->validate();
    }

    /// The held model when it is exactly of type N, else nullptr (like std::function::target).
    template <class N>
    [[nodiscard]] const N* target() const noexcept {
        if (!self_ || self_->type() != typeid(N)) return nullptr;
        return static_cast<const N*>(self_->address());
    }

    friend bool operator==(const normaliser& a, const normaliser& b) {
        if (a.self_ == b.self_) return true;
        if (!a.self_ || !b.self_) return false;
        return a.self_->equals(*b.self_);
    }

private:
    struct concept_t {
        virtual ~concept_t() = default;
        virtual void apply(std::span<const double> in, std::span<double> out) const = 0;
        virtual std::string_view kind() const = 0;
        virtual std::string name() const = 0;
        virtual std::vector<problem> validate() const = 0;
        virtual bool equals(const concept_t& other) const = 0;
        virtual const std::type_info& type() const noexcept = 0;
        virtual const void* address() const noexcept = 0;
    };

    template <class N>
    struct holder final : concept_t {
        explicit holder(N m) : model(std::move(m)) {}
        N model;

        void apply(std::span<const double> in, std::span<double> out) const override {
            model.apply(in, out);
        }
        std::string_view kind() const override {
            if constexpr (requires { { model.kind() } -> std::convertible_to<std::string_view>; })
                return model.kind();
            else
                return "custom";
        }
        std::string name() const override {
            if constexpr (requires { { model.name() } -> std::convertible_to<std::string>; })
                return std::string(model.name());
            else
                return {};
        }
        std::vector<problem> validate() const override {
            if constexpr (requires { { model.validate() } -> std::convertible_to<std::vector<problem>>; })
                return model.validate();
            else
                return {};
        }
        bool equals(const concept_t& other) const override {
            if (other.type() != typeid(N)) return false;
            const N& o = *static_cast<const N*>(other.address());
            if constexpr (std::equality_comparable<N>)
                return model == o;
            else
                return &model == &o;
        }
        const std::type_info& type() const noexcept override { return typeid(N); }
        const void* address() const noexcept override { return &model; }
    };

    std::shared_ptr<const concept_t> self_;
};

}  // namespace v1
}  // namespace vitals

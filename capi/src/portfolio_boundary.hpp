// libvitals — small helpers shared by the portfolio and survey functions (portfolio.cpp,
// survey.cpp): versioned structs in and out, and input / output arrays as spans. Internal.
#pragma once

#include "vitals/error.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

namespace vitals::capi::portfolio_detail {

/// Largest struct_size accepted (a guard against garbage).
inline constexpr std::size_t max_struct_size = 4096;

/// Reads a versioned input struct: at least `v1_size` bytes, unknown trailing members zero.
template <class S>
result<S> read_struct(const S* p, std::size_t v1_size, const char* name) {
    S s{};
    const std::size_t n = p->struct_size;
    if (n < v1_size || n > max_struct_size)
        return fail(errc::invalid_argument, std::string(name) + "->struct_size: " + std::to_string(n) +
                                                "; set it to sizeof(" + name + "'s type), " +
                                                std::to_string(sizeof(S)) + " in this version");
    if (n > sizeof(S)) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(p);
        for (std::size_t i = sizeof(S); i < n; ++i)
            if (bytes[i] != 0)
                return fail(errc::not_supported, std::string(name) + ": byte " + std::to_string(i) +
                                                     " is set, a member this library version does not know; "
                                                     "upgrade the library");
    }
    std::memcpy(static_cast<void*>(&s), static_cast<const void*>(p), std::min(n, sizeof(S)));
    return s;
}

/// Checks a versioned output struct's struct_size (at least `v1_size`).
template <class S>
result<void> check_out_struct(const S* p, std::size_t v1_size, const char* name) {
    const std::size_t n = p->struct_size;
    if (n < v1_size || n > max_struct_size)
        return fail(errc::invalid_argument, std::string(name) + "->struct_size: " + std::to_string(n) +
                                                "; set it to sizeof(" + name + "'s type), " +
                                                std::to_string(sizeof(S)) + " in this version");
    return boost::outcome_v2::success();
}

/// Writes `s` into the caller's versioned output struct: the members that fit, struct_size kept.
template <class S>
void write_out_struct(S* p, const S& s) {
    const std::size_t n = std::min(p->struct_size, sizeof(S));
    const std::size_t skip = sizeof(std::size_t);  // struct_size stays the caller's
    if (n > skip)
        std::memcpy(reinterpret_cast<unsigned char*>(p) + skip, reinterpret_cast<const unsigned char*>(&s) + skip,
                    n - skip);
}

/// A count argument: not negative.
inline result<std::size_t> count_arg(std::int64_t n, const char* name) {
    if (n < 0) return fail(errc::shape_mismatch, std::string(name) + ": " + std::to_string(n) + " is negative");
    return static_cast<std::size_t>(n);
}

/// An input array of `n` elements: may be NULL only when n is 0.
template <class T>
result<std::span<const T>> input_span(const T* p, std::size_t n, const char* name) {
    if (n == 0) return std::span<const T>();
    if (p == nullptr) return fail(errc::invalid_argument, std::string(name) + " is NULL");
    return std::span<const T>(p, n);
}

/// An output array: NULL = not wanted (empty span), else `length` must cover `need` elements.
template <class T>
result<std::span<T>> output_span(T* p, std::int64_t length, std::size_t need, const char* name) {
    if (p == nullptr) return std::span<T>();
    if (length < 0 || static_cast<std::uint64_t>(length) < need)
        return fail(errc::shape_mismatch, std::string(name) + ": room for " + std::to_string(length) +
                                              " elements, " + std::to_string(need) + " needed");
    return std::span<T>(p, need);
}

}  // namespace vitals::capi::portfolio_detail

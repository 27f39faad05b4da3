// Vitals — columnar views: N accounts x M columns of double or float, any strides, no copy.
#pragma once

#include "vitals/error.hpp"

#include <cstdint>
#include <limits>
#include <string>

namespace vitals {
inline namespace v1 {

/// A non-owning view of an N x M matrix of T (double or float). Element (row i, column j) is
/// data[i * row_stride + j * col_stride]; strides count elements (not bytes) and may be any
/// non-negative value, so column-major, row-major, sliced and interleaved layouts all work without
/// a copy. NaN means missing.
template <class T>
struct frame_view {
    const T* data = nullptr;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::int64_t row_stride = 0;  ///< elements between consecutive accounts
    std::int64_t col_stride = 0;  ///< elements between consecutive columns

    /// Columns stored one after another (Fortran order, pandas' usual block layout).
    [[nodiscard]] static frame_view column_major(const T* data, std::int64_t rows, std::int64_t cols) noexcept {
        return {data, rows, cols, 1, rows};
    }
    /// Accounts stored one after another (C order).
    [[nodiscard]] static frame_view row_major(const T* data, std::int64_t rows, std::int64_t cols) noexcept {
        return {data, rows, cols, cols, 1};
    }

    [[nodiscard]] T operator()(std::int64_t row, std::int64_t col) const noexcept {
        return data[row * row_stride + col * col_stride];
    }

    /// Checks the shape: non-negative sizes and strides, data present when non-empty, and the
    /// largest element offset representable (no overflow past 2^63). Names `argument` in messages.
    [[nodiscard]] result<void> validate(const char* argument = "frame") const {
        const std::string a(argument);
        if (rows < 0 || cols < 0) return fail(errc::shape_mismatch, a + ": rows and cols must not be negative");
        if (row_stride < 0 || col_stride < 0)
            return fail(errc::shape_mismatch, a + ": strides must not be negative");
        if (rows == 0 || cols == 0) return boost::outcome_v2::success();
        if (data == nullptr) return fail(errc::invalid_argument, a + ": data is NULL");
        constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max() / static_cast<std::int64_t>(sizeof(T));
        const auto fits = [&](std::int64_t n, std::int64_t stride) {
            return stride == 0 || (n - 1) <= max / stride;
        };
        if (!fits(rows, row_stride) || !fits(cols, col_stride) ||
            (rows - 1) * row_stride > max - (cols - 1) * col_stride)
            return fail(errc::shape_mismatch, a + ": rows x cols x strides overflow the address range");
        return boost::outcome_v2::success();
    }
};

}  // namespace v1
}  // namespace vitals

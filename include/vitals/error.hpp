// Vitals — error codes and vitals::result<T>.
//
// Expected failures (a bad scorecard, a bad input shape, an unreadable file) are values, not
// exceptions: every fallible call returns vitals::result<T>, which holds either a T or a
// vitals::error. An error carries a stable code (never renumbered; the C ABI exposes the same
// numbers, negated) and a message that names the place: a JSON pointer, file:line:column, or the
// argument of a call.
#pragma once

#include <boost/outcome/result.hpp>
#include <boost/outcome/try.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace vitals {
inline namespace v1 {

/// Stable error codes. Values are only ever appended; the C ABI returns -(value).
enum class errc : std::int32_t {
    ok = 0,
    invalid_argument = 1,   ///< a parameter is out of its domain (NULL, negative size, bad option)
    invalid_scorecard = 2,  ///< a scorecard (spec or file) failed validation
    parse_error = 3,        ///< text that is not what it should be (JSON, CSV, a number)
    io_error = 4,           ///< a file could not be opened, read or written
    shape_mismatch = 5,     ///< array dimensions, strides or buffer lengths do not fit
    unknown_column = 6,     ///< a column the scorecard needs is absent, or a name is not known
    out_of_range = 7,       ///< a computed value left its documented range (e.g. a user normaliser)
    not_supported = 8,      ///< the operation is valid but not available for this object
    internal = 9,           ///< a bug in Vitals: please report it
};

/// The name of a code, e.g. "invalid_scorecard". Never empty.
[[nodiscard]] constexpr std::string_view to_string(errc code) noexcept {
    switch (code) {
    case errc::ok: return "ok";
    case errc::invalid_argument: return "invalid_argument";
    case errc::invalid_scorecard: return "invalid_scorecard";
    case errc::parse_error: return "parse_error";
    case errc::io_error: return "io_error";
    case errc::shape_mismatch: return "shape_mismatch";
    case errc::unknown_column: return "unknown_column";
    case errc::out_of_range: return "out_of_range";
    case errc::not_supported: return "not_supported";
    case errc::internal: return "internal";
    }
    return "unknown";
}

/// An expected failure: a stable code and a message naming the place.
/// A message may hold several lines when a validation found several problems (one per line).
///
/// An error about one account carries its row as data: `row` is the 0-based row, among the rows
/// the failing call was handed, and the scorers' messages (score_batch, apply_overrides) do not
/// name it. Whoever knows how its user numbers rows names it: the session as the book's file
/// line, the C ABI as "row N (account ...)"; a caller that handed over a part of its rows maps
/// the row back by index (scorecard_set.hpp), never by reading the text.
struct error {
    errc code = errc::internal;
    std::string message;
    std::int64_t row = -1;  ///< the row the error is about, or -1

    friend bool operator==(const error&, const error&) = default;
};

/// Convenience constructor: `return vitals::fail(errc::parse_error, "file.csv:3:7: ...");`
[[nodiscard]] inline error fail(errc code, std::string message) {
    return error{code, std::move(message)};
}

/// An error about row `row` (0-based) of the caller's rows; `message` does not name the row.
[[nodiscard]] inline error fail_at_row(errc code, std::int64_t row, std::string message) {
    return error{code, std::move(message), row};
}

/// result<T>: a T or a vitals::error. `.value()` on an error throws
/// boost::outcome_v2::bad_result_access_with<vitals::error>; check `has_value()` first (or use
/// VITALS_TRY) in code that must not throw.
template <class T>
using result = boost::outcome_v2::result<
    T, error, boost::outcome_v2::policy::throw_bad_result_access<error, void>>;

}  // namespace v1
}  // namespace vitals

/// Propagate an error: `VITALS_TRY(x, make_x());` declares `auto&& x` bound to the value;
/// `VITALS_TRY(check());` only propagates.
#define VITALS_TRY BOOST_OUTCOME_TRY

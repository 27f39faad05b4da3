// Vitals — numbers in error messages: the shortest text that reads back as the same double
// (11, 7.5, 1e+300, inf, nan), not std::to_string's fixed six decimals. Internal, not API.
#pragma once

#include <charconv>
#include <string>

namespace vitals {
inline namespace v1 {
namespace detail {

[[nodiscard]] inline std::string format_number(double x) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

}  // namespace detail
}  // namespace v1
}  // namespace vitals

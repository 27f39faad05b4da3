// Vitals — a double as a JSON number. JSON has no NaN and no infinities: such a double is written
// null, which is also how every JSON Vitals writes says "missing". The one rule for the library, the
// C ABI and the CLI, in the two forms their writers need: a value of a JSON document type, and text
// appended to a stream.
#pragma once

#include <charconv>
#include <cmath>
#include <string>

namespace vitals {
inline namespace v1 {

/// `x` as a value of a JSON document type (nlohmann::json, nlohmann::ordered_json, ...): the
/// number, or null when x is NaN or infinite. The type is a parameter so that this header needs
/// no JSON library: `json_number<nlohmann::ordered_json>(x)`.
template <class Json>
[[nodiscard]] Json json_number(double x) {
    return std::isfinite(x) ? Json(x) : Json(nullptr);
}

/// Appends `x` as JSON text: the shortest text that reads back as the same double (std::to_chars:
/// 11, 0.5, 1e+300), or null when x is NaN or infinite.
inline void append_json_number(std::string& out, double x) {
    if (!std::isfinite(x)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}

}  // namespace v1
}  // namespace vitals

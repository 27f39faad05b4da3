// Vitals — what the scorecard and scorecard set readers share: JSON pointer tokens and the names of
// JSON value kinds in messages (internal to the vitals::scorecard_file target).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace vitals {
inline namespace v1 {
namespace json_support {

using json = nlohmann::ordered_json;

/// An object key as a JSON pointer token (RFC 6901: "~" -> "~0", "/" -> "~1").
inline std::string escape_key(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

/// "null", "a boolean", "a string", "an array", "an object", "a number" — for "expected X, found Y".
inline const char* kind_of(const json& j) {
    switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::discarded: return "nothing";
    default: return "a number";
    }
}

}  // namespace json_support
}  // namespace v1
}  // namespace vitals

// Vitals — what the scorecard and scorecard set readers share: JSON pointer tokens and the names of
// JSON value kinds in messages (internal to the vitals::scorecard_file target).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// The deepest nesting of objects and arrays a scorecard file may have.
inline constexpr std::size_t max_json_depth = 64;

/// A JSON text's strict-loading problem: (JSON pointer, what). Checked before the text is parsed
/// into a document: nesting deeper than max_json_depth, a key given twice in one object, a number
/// too large for a double (1e999). Syntax errors are left to the parse that follows (nullopt).
inline std::optional<std::pair<std::string, std::string>> strict_problem(std::string_view text) {
    struct handler {
        struct frame {
            bool object = false;
            std::int64_t index = -1;  // arrays: the current element
            std::string key;          // objects: the current key (a pointer token)
            std::set<std::string> keys;
        };
        std::vector<frame> stack;
        std::optional<std::pair<std::string, std::string>> problem;

        [[nodiscard]] std::string pointer() const {
            std::string p;
            for (const frame& f : stack) p += "/" + (f.object ? f.key : std::to_string(f.index));
            return p;
        }
        void value() {  // a value begins: in an array, it is the next element
            if (!stack.empty() && !stack.back().object) ++stack.back().index;
        }
        bool scalar() {
            value();
            return true;
        }
        bool open(bool object) {
            value();
            if (stack.size() >= max_json_depth) {
                problem.emplace(pointer(), "nested deeper than " + std::to_string(max_json_depth) + " levels");
                return false;
            }
            stack.push_back({object, -1, {}, {}});
            return true;
        }
        bool null() { return scalar(); }
        bool boolean(bool) { return scalar(); }
        bool number_integer(json::number_integer_t) { return scalar(); }
        bool number_unsigned(json::number_unsigned_t) { return scalar(); }
        bool number_float(json::number_float_t, const json::string_t&) { return scalar(); }
        bool string(json::string_t&) { return scalar(); }
        bool binary(json::binary_t&) { return scalar(); }
        bool start_object(std::size_t) { return open(true); }
        bool start_array(std::size_t) { return open(false); }
        bool end_object() {
            stack.pop_back();
            return true;
        }
        bool end_array() {
            stack.pop_back();
            return true;
        }
        bool key(json::string_t& k) {
            frame& f = stack.back();
            f.key = escape_key(k);
            if (!f.keys.insert(k).second) {
                problem.emplace(pointer(), "the key \"" + k + "\" is given twice");
                return false;
            }
            return true;
        }
        bool parse_error(std::size_t, const std::string& token, const nlohmann::detail::exception& e) {
            if (e.id == 406) {  // out_of_range.406: number overflow
                value();
                problem.emplace(pointer(), "the number " + token + " is too large (beyond the range of a double)");
            }
            return false;  // other errors: reported by the parse that follows
        }
    } h;
    json::sax_parse(text.begin(), text.end(), &h, json::input_format_t::json, true);
    return h.problem;
}

}  // namespace json_support
}  // namespace v1
}  // namespace vitals

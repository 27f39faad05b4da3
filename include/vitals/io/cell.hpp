// Vitals I/O — one text cell as a number: the rules every reader (CSV, SQLite text) shares.
//
//   - empty, "NA", "N/A", "null" and "NaN" (any case, surrounding spaces ignored) are missing;
//   - "true"/"false" (any case) are 1 and 0, so boolean exports work for flag measures;
//   - anything else must be a whole decimal number that std::from_chars reads (an optional leading
//     '+' is accepted; thousands separators, units and trailing text are not), and finite.
#pragma once

#include "vitals/normalise/categories.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace vitals::io {

/// What a cell holds.
enum class cell_kind {
    number,   ///< a finite number (value)
    missing,  ///< an empty or missing-value marker (value is NaN)
    invalid,  ///< not a number (value is NaN)
};

struct cell_value {
    cell_kind kind = cell_kind::missing;
    double value = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view lower) noexcept {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

[[nodiscard]] constexpr std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace detail

/// Reads one cell by the rules above.
[[nodiscard]] inline cell_value parse_cell(std::string_view text) noexcept {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const std::string_view s = detail::trim(text);
    if (s.empty()) return {cell_kind::missing, nan};
    // fast path: most cells start with a digit or a sign
    const char c0 = s.front();
    if (!((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == '+' || c0 == '.')) {
        if (detail::iequals(s, "na") || detail::iequals(s, "n/a") || detail::iequals(s, "null") ||
            detail::iequals(s, "nan"))
            return {cell_kind::missing, nan};
        if (detail::iequals(s, "true")) return {cell_kind::number, 1.0};
        if (detail::iequals(s, "false")) return {cell_kind::number, 0.0};
        return {cell_kind::invalid, nan};
    }
    std::string_view digits = s;
    if (c0 == '+') {
        digits.remove_prefix(1);
        if (digits.empty() || digits.front() == '-' || digits.front() == '+') return {cell_kind::invalid, nan};
    }
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) return {cell_kind::invalid, nan};
    if (v != v) return {cell_kind::missing, nan};  // "-nan"
    if (!std::isfinite(v)) return {cell_kind::invalid, nan};
    return {cell_kind::number, v};
}

/// Reads one cell of a column of levels (a categories measure reads it; scorecard::input_levels):
/// a level's text (case and surrounding spaces ignored) is its code; then empty and the missing
/// markers above are missing; any other text is missing or invalid as the levels' `unseen` says.
[[nodiscard]] inline cell_value parse_level(std::string_view text, const categories& levels) noexcept {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (const auto code = levels.level_code(text)) return {cell_kind::number, static_cast<double>(*code)};
    const std::string_view s = detail::trim(text);
    if (s.empty() || detail::iequals(s, "na") || detail::iequals(s, "n/a") || detail::iequals(s, "null") ||
        detail::iequals(s, "nan"))
        return {cell_kind::missing, nan};
    return {levels.unseen == unseen_level::missing ? cell_kind::missing : cell_kind::invalid, nan};
}

/// One value cell: parse_level when its column holds levels (`levels` not null), else parse_cell.
[[nodiscard]] inline cell_value parse_value(std::string_view text, const categories* levels) noexcept {
    return levels != nullptr ? parse_level(text, *levels) : parse_cell(text);
}

/// What is wrong with an invalid cell, after its quoted text: "is not a number", or, in a column
/// of levels, "is not one of the levels (Month-to-month, One year, Two year)".
[[nodiscard]] inline std::string invalid_cell_reason(const categories* levels) {
    if (levels == nullptr) return "is not a number";
    std::string list;
    for (const std::string& l : levels->levels) list += (list.empty() ? "" : ", ") + l;
    return "is not one of the levels (" + list + ")";
}

/// Reads a churn label cell (what `vitals fit` and `vitals evaluate` learn from): 1 or 0 (any
/// number equal to them), true/false or yes/no (any case, surrounding spaces ignored). An empty
/// cell is missing; anything else is invalid.
[[nodiscard]] inline cell_value parse_label(std::string_view text) noexcept {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const std::string_view t = detail::trim(text);
    if (t.empty()) return {cell_kind::missing, nan};
    if (detail::iequals(t, "yes")) return {cell_kind::number, 1.0};
    if (detail::iequals(t, "no")) return {cell_kind::number, 0.0};
    const cell_value c = parse_cell(t);
    if (c.kind == cell_kind::number && (c.value == 0.0 || c.value == 1.0)) return c;
    return {cell_kind::invalid, nan};
}

/// A cell's text for a message, quoted: at most 40 characters, control characters and quotes escaped.
[[nodiscard]] inline std::string quote_cell(std::string_view text) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char c : text) {
        if (++n > 40) {
            out += "...";
            break;
        }
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c == '"') out += "\\\"";
        else out += c;
    }
    return out + "\"";
}

}  // namespace vitals::io

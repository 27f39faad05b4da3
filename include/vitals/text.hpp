// Vitals — text as the library writes it: UTF-8 checked byte by byte, and a string as a JSON string
// literal (json_number.hpp is the numbers' rule). One rule for every writer — the CLI's JSON and
// NDJSON, the history store's rows, the report's HTML escaping — so that a byte that is not UTF-8
// is found, or replaced by U+FFFD, the same way everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vitals {
inline namespace v1 {

/// The length (2 to 4) of the valid multi-byte UTF-8 sequence that starts at text[i], or 0 when
/// the bytes there are not one (a continuation byte, an overlong form, a surrogate, a code point
/// beyond U+10FFFF, a truncated sequence). text[i] must be >= 0x80 and i < text.size().
[[nodiscard]] inline std::size_t utf8_sequence(std::string_view text, std::size_t i) noexcept {
    const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t c = b(i);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1Fu;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0Fu;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07u;
    else return 0;
    if (i + len > text.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(i + k) & 0xC0u) != 0x80u) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3Fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return len;
}

/// The offset of the first byte of `text` that is not part of valid UTF-8, or npos.
[[nodiscard]] inline std::size_t invalid_utf8_at(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<std::uint8_t>(text[i]) < 0x80) {
            ++i;
        } else if (const std::size_t len = utf8_sequence(text, i)) {
            i += len;
        } else {
            return i;
        }
    }
    return std::string_view::npos;
}

/// Appends `text` as a JSON string literal: `"` and `\` escaped, \n \r \t by name, the other
/// control characters as \u00XX, and each byte that is not UTF-8 as U+FFFD (so the output always
/// parses; a writer that must not change text checks it with invalid_utf8_at first).
inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const auto u = static_cast<std::uint8_t>(c);
        if (u >= 0x80) {
            const std::size_t len = utf8_sequence(text, i);
            if (len != 0) out.append(text.substr(i, len));
            else out += "\xEF\xBF\xBD";
            i += len != 0 ? len : 1;
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[(u >> 4) & 0xF];
                out += hex[u & 0xF];
            } else {
                out += c;
            }
        }
        ++i;
    }
    out += '"';
}

}  // namespace v1
}  // namespace vitals

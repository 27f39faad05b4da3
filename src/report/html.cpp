// Vitals report — HTML escaping (see include/vitals/report/html.hpp).
#include "vitals/report/html.hpp"

#include <cstddef>
#include <cstdint>

namespace vitals::report {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

/// The length of the valid UTF-8 sequence starting at text[i] (2..4), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) noexcept {
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

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
    out.reserve(out.size() + text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char ch = text[i];
        const auto u = static_cast<std::uint8_t>(ch);
        if (u >= 0x80) {
            if (const std::size_t len = utf8_sequence(text, i)) {
                out.append(text.substr(i, len));
                i += len;
            } else {
                out.append(replacement);
                ++i;
            }
            continue;
        }
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t':
        case '\n':
        case '\r': out += ch; break;
        default:
            if (u < 0x20 || u == 0x7F) out.append(replacement);
            else out += ch;
        }
        ++i;
    }
}

std::string escaped(std::string_view text) {
    std::string out;
    append_escaped(out, text);
    return out;
}

}  // namespace vitals::report

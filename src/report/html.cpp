// Vitals report — HTML escaping (see include/vitals/report/html.hpp).
#include "vitals/report/html.hpp"

#include "vitals/text.hpp"

#include <cstddef>
#include <cstdint>

namespace vitals::report {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

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

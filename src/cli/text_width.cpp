#include "text_width.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace vitals::cli {
namespace {

struct code_point {
    std::uint32_t value = 0;
    std::size_t bytes = 1;
    bool valid = false;
};

/// The code point at `i` (a byte that does not start valid UTF-8: one byte, not valid).
code_point decode(std::string_view s, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return {c, 1, true};
    std::size_t n = 0;
    std::uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1Fu, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0Fu, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07u, min = 0x10000;
    else return {c, 1, false};
    for (std::size_t k = 1; k <= n; ++k) {
        if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) return {c, 1, false};
        cp = (cp << 6) | (byte(i + k) & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {c, 1, false};
    return {cp, n + 1, true};
}

struct range {
    std::uint32_t first, last;
};

// Combining marks and zero-width characters (the common blocks; as wcwidth returns 0).
constexpr std::array<range, 22> zero_width{{
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06ED}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0x1F3FB, 0x1F3FF}, {0xE0000, 0xE01EF},
}};

// East Asian wide and fullwidth characters, and the emoji blocks drawn two columns wide.
constexpr std::array<range, 20> double_width{{
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
}};

template <std::size_t N>
bool in(const std::array<range, N>& table, std::uint32_t cp) noexcept {
    const auto it = std::upper_bound(table.begin(), table.end(), cp, [](std::uint32_t v, const range& r) { return v < r.first; });
    return it != table.begin() && cp <= std::prev(it)->last;
}

std::size_t columns_of(const code_point& c) noexcept {
    if (!c.valid) return 1;
    if (in(zero_width, c.value)) return 0;
    if (in(double_width, c.value)) return 2;
    return 1;
}

}  // namespace

std::size_t display_width(std::string_view text) noexcept {
    std::size_t w = 0;
    for (std::size_t i = 0; i < text.size();) {
        const code_point c = decode(text, i);
        w += columns_of(c);
        i += c.bytes;
    }
    return w;
}

std::string fit_width(std::string_view text, std::size_t width, std::string_view ellipsis) {
    if (display_width(text) <= width) return std::string(text);
    const std::size_t mark = std::min(display_width(ellipsis), width);
    std::string out;
    std::size_t w = 0;
    for (std::size_t i = 0; i < text.size();) {
        const code_point c = decode(text, i);
        const std::size_t cw = columns_of(c);
        if (w + cw > width - mark) break;
        out.append(text.substr(i, c.bytes));
        w += cw;
        i += c.bytes;
    }
    // the ellipsis, or as much of it as fits (one column each for "...")
    for (std::size_t i = 0; i < ellipsis.size() && w < width;) {
        const code_point c = decode(ellipsis, i);
        out.append(ellipsis.substr(i, c.bytes));
        w += columns_of(c);
        i += c.bytes;
    }
    return out;
}

std::string pad_right(std::string_view text, std::size_t width) {
    const std::size_t w = display_width(text);
    std::string out(text);
    if (w < width) out.append(width - w, ' ');
    return out;
}

std::string pad_left(std::string_view text, std::size_t width) {
    const std::size_t w = display_width(text);
    std::string out = w < width ? std::string(width - w, ' ') : std::string();
    out.append(text);
    return out;
}

std::string printable(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    return out;
}

}  // namespace vitals::cli

// The vitals tool: how wide UTF-8 text is on a terminal, and text cut or padded to a width.
//
// A width is in display columns, as a terminal draws the text: one per character, two for East
// Asian wide characters and most emoji, none for combining marks and zero-width characters. A
// byte that is not part of valid UTF-8 counts one (terminals draw it as a replacement character).
// ANSI escape sequences are not understood: colour a cell after padding it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vitals::cli {

/// The display columns of `text`.
[[nodiscard]] std::size_t display_width(std::string_view text) noexcept;

/// `text` in at most `width` columns: as it is when it fits, else cut at a character boundary and
/// ended with `ellipsis` ("…" or "..."; only as much of it as fits when `width` is smaller).
[[nodiscard]] std::string fit_width(std::string_view text, std::size_t width, std::string_view ellipsis);

/// `text` padded with spaces to `width` columns, on the right (left-aligned) or the left.
[[nodiscard]] std::string pad_right(std::string_view text, std::size_t width);
[[nodiscard]] std::string pad_left(std::string_view text, std::size_t width);

/// `text` with each control character (a tab, a line feed inside a quoted CSV field) shown as "?",
/// so that a cell stays on its line and takes the columns it is counted for.
[[nodiscard]] std::string printable(std::string_view text);

}  // namespace vitals::cli

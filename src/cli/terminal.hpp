// The vitals tool: terminals — their size, colour decisions and the progress bar.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vitals::cli {

[[nodiscard]] bool is_terminal(int fd) noexcept;

/// The width output to `fd` is fitted to, in display columns: COLUMNS when it is a whole number
/// from 1 (it overrides the terminal's), else the terminal's width (TIOCGWINSZ; 80 when the
/// terminal does not say) when `fd` is a terminal, else 0 (no limit). `fd` -1: a file.
[[nodiscard]] std::size_t output_columns(int fd) noexcept;

/// The rows of the terminal on `fd`: LINES when it is a whole number from 1, else the terminal's
/// (TIOCGWINSZ; 24 when it does not say); 0 when `fd` is not a terminal.
[[nodiscard]] std::size_t terminal_rows(int fd) noexcept;

/// Whether the terminal takes UTF-8: LC_ALL, else LC_CTYPE, else LANG names UTF-8.
[[nodiscard]] bool utf8_locale();

/// Whether to colour output going to `fd`: --color always/never, or (auto) a terminal, NO_COLOR
/// unset or empty, and TERM not "dumb".
[[nodiscard]] bool use_color(std::string_view mode, int fd) noexcept;

/// ANSI colour codes.
namespace ansi {
inline constexpr std::string_view reset = "\x1b[0m", bold = "\x1b[1m", dim = "\x1b[2m", red = "\x1b[31m",
                                  green = "\x1b[32m", yellow = "\x1b[33m";
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the run has taken more than
/// a second; redrawn at most ten times a second; erased by finish().
class progress_bar {
public:
    progress_bar(std::string label, bool enabled);
    ~progress_bar() { finish(); }
    progress_bar(const progress_bar&) = delete;
    progress_bar& operator=(const progress_bar&) = delete;

    /// `fraction` in [0, 1], or negative when unknown (a spinner and a count are shown).
    void update(double fraction, std::uint64_t items);
    void finish();

private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace vitals::cli

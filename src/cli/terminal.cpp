#include "terminal.hpp"

#include "common.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace vitals::cli {

bool is_terminal(int fd) noexcept { return ::isatty(fd) == 1; }

namespace {

/// The environment variable `name` as a whole number from 1, or 0.
std::size_t env_count(const char* name) noexcept {
    const char* v = std::getenv(name);
    if (v == nullptr) return 0;
    const std::size_t len = std::strlen(v);
    std::size_t n = 0;
    const auto r = std::from_chars(v, v + len, n);
    return r.ec == std::errc() && r.ptr == v + len ? n : 0;
}

/// The terminal's columns or rows (0 when it does not say).
std::size_t window(int fd, bool columns) noexcept {
    winsize ws{};
    if (::ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return columns ? ws.ws_col : ws.ws_row;
}

}  // namespace

std::size_t output_columns(int fd) noexcept {
    if (const std::size_t n = env_count("COLUMNS")) return n;
    if (fd < 0 || !is_terminal(fd)) return 0;
    const std::size_t w = window(fd, true);
    return w ? w : 80;
}

std::size_t terminal_rows(int fd) noexcept {
    if (fd < 0 || !is_terminal(fd)) return 0;
    if (const std::size_t n = env_count("LINES")) return n;
    const std::size_t h = window(fd, false);
    return h ? h : 24;
}

bool utf8_locale() {
    for (const char* var : {"LC_ALL", "LC_CTYPE", "LANG"}) {
        const char* v = std::getenv(var);
        if (v == nullptr || *v == '\0') continue;
        std::string s(v);
        for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s.find("utf-8") != std::string::npos || s.find("utf8") != std::string::npos;
    }
    return false;
}

bool use_color(std::string_view mode, int fd) noexcept {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && no_color[0] != '\0') return false;
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
    return is_terminal(fd);
}

progress_bar::progress_bar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && is_terminal(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void progress_bar::update(double fraction, std::uint64_t items) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(items) / secs : 0.0;
    std::string line = "\r\x1b[K" + label_ + " ";
    if (fraction >= 0.0) {
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
                std::string(static_cast<std::size_t>(width - filled), '.') + "] " +
                fmt::format("{:3.0f}% ", fraction * 100.0);
    } else {
        static constexpr char spin[] = "|/-\\";
        line += std::string(1, spin[(items / 65536) % 4]) + " ";
    }
    line += fmt::format("{} accounts  {}/s", grouped(items), grouped(static_cast<std::uint64_t>(rate)));
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
}

void progress_bar::finish() {
    if (drawn_) {
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace vitals::cli

#include "terminal.hpp"

#include "common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace vitals::cli {

bool is_terminal(int fd) noexcept { return ::isatty(fd) == 1; }

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

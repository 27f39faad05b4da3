// Shared by the libFuzzer targets: a check that stops the run with a message (libFuzzer then
// records the input as a crash), and a reader of fuzzer-chosen parameters from the input's front.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace vitals::fuzz {

/// Stops the process with a message when `ok` is false: a broken property is a crash to libFuzzer.
inline void check(bool ok, const char* what, std::string_view detail = {}) {
    if (ok) return;
    std::fprintf(stderr, "fuzz check failed: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
    std::abort();
}

/// Takes parameters from the front of the input; what is left is the payload.
class bytes {
public:
    bytes(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
    /// One byte (0 when the input is used up).
    std::uint8_t byte() {
        if (n_ == 0) return 0;
        --n_;
        return *p_++;
    }
    /// An integer in [lo, hi] from one byte.
    std::size_t pick(std::size_t lo, std::size_t hi) { return lo + byte() % (hi - lo + 1); }
    [[nodiscard]] std::string_view rest() const { return {reinterpret_cast<const char*>(p_), n_}; }
    [[nodiscard]] std::size_t left() const { return n_; }

private:
    const std::uint8_t* p_;
    std::size_t n_;
};

}  // namespace vitals::fuzz

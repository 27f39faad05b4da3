// The benchmark scorecard and account book, shared by the C++ benchmarks.
//
// M measures over columns x0..x{M-1}: measure j is linear (j % 3 == 0), steps (== 1) or logistic
// (== 2), weight 1 + j % 3, in group j % 4 (four equally weighted groups). Values are uniform on
// [-0.2, 1.2) with 5 % missing (NaN), stored column-major; bench/numpy_batch.py rebuilds the same
// values from the same splitmix64 stream.
#pragma once

#include "vitals/vitals.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace vitals_bench {

inline vitals::scorecard bench_card(std::size_t M) {
    vitals::scorecard_spec spec;
    spec.name = "bench";
    for (int g = 0; g < 4; ++g) spec.groups.push_back({"g" + std::to_string(g), 1.0, "", vitals::aggregation::mean, ""});
    for (std::size_t j = 0; j < M; ++j) {
        vitals::measure m;
        m.name = "m" + std::to_string(j);
        m.input = "x" + std::to_string(j);
        m.group = "g" + std::to_string(j % 4);
        m.weight = 1.0 + static_cast<double>(j % 3);
        switch (j % 3) {
        case 0: m.normaliser = vitals::linear{0.0, 1.0}; break;
        case 1: m.normaliser = vitals::steps{{0.2, 0.6}, {0.0, 0.5, 1.0}}; break;
        default: m.normaliser = vitals::logistic{0.5, 8.0}; break;
        }
        spec.measures.push_back(std::move(m));
    }
    spec.min_coverage = 0.5;
    return vitals::scorecard::build(std::move(spec)).value();
}

/// splitmix64: a tiny portable generator, so the data set is the same everywhere.
struct splitmix64 {
    std::uint64_t s;
    std::uint64_t operator()() noexcept {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
};

template <class T>
std::vector<T> bench_book(std::size_t N, std::size_t M, std::uint64_t seed = 1) {
    std::vector<T> v(N * M);
    splitmix64 rng{seed};
    for (T& x : v) {  // two draws per cell, always, so numpy_batch.py can rebuild the same book
        const double u = rng.uniform();
        const double value = -0.2 + 1.4 * rng.uniform();
        x = u < 0.05 ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(value);
    }
    return v;
}

}  // namespace vitals_bench

// Google Benchmark: the batch scorer against a plain scalar loop, the one-account reference path
// and a read-only pass over the same input (the memory-bandwidth bound), all in one run.
// `bench/report.py --native` adds its 1- and 10-million-account rows to docs/performance.md.
#include "bench_card.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <memory>
#include <tuple>

namespace {

using vitals_bench::bench_book;
using vitals_bench::bench_card;

/// One data set per element type at a time (the largest is 1e7 x 64 doubles = 5.1 GB).
template <class T>
const std::vector<T>& book(std::size_t N, std::size_t M) {
    static std::pair<std::size_t, std::size_t> key{0, 0};
    static std::vector<T> data;
    if (key != std::make_pair(N, M)) {
        data = {};
        data = bench_book<T>(N, M);
        key = {N, M};
    }
    return data;
}

std::vector<std::string> column_names(std::size_t M) {
    std::vector<std::string> names;
    for (std::size_t j = 0; j < M; ++j) names.push_back("x" + std::to_string(j));
    return names;
}

template <class T>
void BM_batch(benchmark::State& state) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto threads = static_cast<unsigned>(state.range(2));
    const auto card = bench_card(M);
    const auto& data = book<T>(N, M);
    const auto names = column_names(M);
    const auto bind = vitals::bind_columns(card, names).value();
    std::vector<double> score(N), coverage(N);
    std::vector<std::int32_t> band(N), status(N);
    const vitals::batch_output out{score, band, coverage, status, {}, {}, {}};
    const auto frame = vitals::frame_view<T>::column_major(data.data(), static_cast<std::int64_t>(N),
                                                           static_cast<std::int64_t>(M));
    for (auto _ : state) {
        auto r = vitals::score_batch(card, frame, bind, out, {threads, 512, 3});
        if (!r) state.SkipWithError(r.error().message.c_str());
        benchmark::DoNotOptimize(score.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * N * M * sizeof(T)));
}

/// Batch with the explanation outputs too: contributions, points lost and top-3 drivers.
void BM_batch_explain(benchmark::State& state) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto threads = static_cast<unsigned>(state.range(2));
    const auto card = bench_card(M);
    const auto& data = book<double>(N, M);
    const auto names = column_names(M);
    const auto bind = vitals::bind_columns(card, names).value();
    std::vector<double> score(N), coverage(N), contributions(N * M), lost(N * M);
    std::vector<std::int32_t> band(N), status(N), drivers(N * 3);
    const vitals::batch_output out{score, band, coverage, status, contributions, lost, drivers};
    const auto frame = vitals::frame_view<double>::column_major(data.data(), static_cast<std::int64_t>(N),
                                                                static_cast<std::int64_t>(M));
    for (auto _ : state) {
        auto r = vitals::score_batch(card, frame, bind, out, {threads, 512, 3});
        if (!r) state.SkipWithError(r.error().message.c_str());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

/// A plain scalar loop doing the same work: account by account, measure by measure, std::exp.
template <class T>
void BM_scalar_loop(benchmark::State& state) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto card = bench_card(M);
    const auto& data = book<T>(N, M);
    std::vector<double> score(N), coverage(N);
    std::vector<std::int32_t> band(N);
    std::vector<double> share(M);
    for (std::size_t j = 0; j < M; ++j) share[j] = card.slots()[j].share;
    for (auto _ : state) {
        for (std::size_t i = 0; i < N; ++i) {
            double gsum[4] = {0, 0, 0, 0}, gw[4] = {0, 0, 0, 0}, cov = 0.0;
            for (std::size_t j = 0; j < M; ++j) {
                const double x = static_cast<double>(data[j * N + i]);
                if (std::isnan(x)) continue;
                double s;
                switch (j % 3) {
                case 0: s = std::clamp(x, 0.0, 1.0); break;
                case 1: s = x < 0.2 ? 0.0 : x < 0.6 ? 0.5 : 1.0; break;
                default: s = 1.0 / (1.0 + std::exp(-8.0 * (x - 0.5))); break;
                }
                const double w = 1.0 + static_cast<double>(j % 3);
                gsum[j % 4] += w * s;
                gw[j % 4] += w;
                cov += share[j];
            }
            double top = 0.0, tw = 0.0;
            for (int g = 0; g < 4; ++g)
                if (gw[g] > 0.0) {
                    top += gsum[g] / gw[g];
                    tw += 1.0;
                }
            const bool ok = tw > 0.0 && cov >= 0.5;
            score[i] = ok ? 100.0 * top / tw : NAN;
            coverage[i] = cov;
            band[i] = ok ? (score[i] >= 70.0 ? 2 : score[i] >= 40.0 ? 1 : 0) : -1;
        }
        benchmark::DoNotOptimize(score.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

/// The memory-bandwidth bound: one read-only pass over the same input (a sum, 8 accumulators).
template <class T>
void BM_read_bound(benchmark::State& state) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto& data = book<T>(N, M);
    for (auto _ : state) {
        T acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        const std::size_t n = data.size() / 8 * 8;
        for (std::size_t i = 0; i < n; i += 8)
            for (int a = 0; a < 8; ++a) acc[a] += data[i + static_cast<std::size_t>(a)];
        T total = 0;
        for (T a : acc) total += a;
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * N * M * sizeof(T)));
}

/// The one-account reference path, account by account.
void BM_reference(benchmark::State& state) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto card = bench_card(M);
    const auto& data = book<double>(N, M);
    std::vector<double> in(M);
    std::size_t i = 0;
    for (auto _ : state) {
        for (std::size_t j = 0; j < M; ++j) in[j] = data[j * N + i];
        auto r = vitals::score_account(card, std::span<const double>(in));
        benchmark::DoNotOptimize(r);
        i = (i + 1) % N;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void grid(benchmark::internal::Benchmark* b, bool threads) {
    for (std::int64_t M : {8, 16, 64})
        for (std::int64_t N : {10'000, 100'000, 1'000'000, 10'000'000})
            for (std::int64_t t : {1, 2})
                if (threads || t == 1) b->Args({N, M, t});
    b->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(0.3);
}

}  // namespace

// Registration order groups the runs by data set, so each is generated once.
BENCHMARK(BM_batch<double>)->Apply([](auto* b) { grid(b, true); });
BENCHMARK(BM_scalar_loop<double>)->Apply([](auto* b) { grid(b, false); });
BENCHMARK(BM_read_bound<double>)->Apply([](auto* b) { grid(b, false); });
BENCHMARK(BM_batch<float>)->Apply([](auto* b) { grid(b, true); });
BENCHMARK(BM_read_bound<float>)->Apply([](auto* b) { grid(b, false); });
BENCHMARK(BM_batch_explain)->Args({1'000'000, 16, 1})->Args({1'000'000, 16, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_reference)->Args({10'000, 16})->Unit(benchmark::kNanosecond);

BENCHMARK_MAIN();

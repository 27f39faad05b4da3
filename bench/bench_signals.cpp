// Google Benchmark: the cost of signals on top of plain scoring (issue 6: "batch throughput with
// trends and alerts on stays within 2x of plain scoring").
//
// The same book as bench_batch (bench_card.hpp: M measures over x0..x{M-1}, 5 % missing), plus a
// history of 3 metrics x 12 periods per account (5 % missing) and 3 previous scores.
//   BM_plain    score_batch only;
//   BM_signals  the whole pipeline: 3 derived trend columns (slope, declines, percent change)
//               computed into the input frame, score_batch, the score trend, and 5 alert rules
//               (band downgrade, score drop, three thresholds: two on trend columns, one on a
//               measure's sub-score) with cooldown state;
//   BM_trends, BM_alerts  the two signal stages alone.
// All single-threaded (threads = 1), so the ratio BM_signals / BM_plain is the work signals add.
#include "bench_card.hpp"

#include "vitals/signals.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using vitals_bench::bench_book;
using vitals_bench::bench_card;

constexpr std::int64_t periods = 12;
constexpr std::int64_t previous_periods = 3;

/// bench_card(M) with three trends and five alerts.
vitals::scorecard signals_card(std::size_t M) {
    vitals::scorecard_spec spec = bench_card(M).spec();
    spec.trends = {{"h0_slope", "h0", vitals::trend_kind::slope, 6, ""},
                   {"h1_declines", "h1", vitals::trend_kind::declines, 6, ""},
                   {"h2_change", "h2", vitals::trend_kind::percent_change, 3, ""}};
    vitals::alert_rule a;
    a.name = "band_downgrade";
    a.kind = vitals::alert_kind::band_downgrade;
    a.cooldown = 2;
    spec.alerts.push_back(a);
    a.name = "score_drop";
    a.kind = vitals::alert_kind::score_drop;
    a.points = 10;
    a.window = 3;
    spec.alerts.push_back(a);
    a.kind = vitals::alert_kind::threshold;
    a.name = "usage_declining";
    a.column = "h1_declines";
    a.when = vitals::alert_when::at_least;
    a.threshold = 3;
    spec.alerts.push_back(a);
    a.name = "revenue_flat";
    a.column = "h2_change";
    a.when = vitals::alert_when::at_most;
    a.threshold = 0;
    spec.alerts.push_back(a);
    a.name = "m1_low";
    a.column.clear();
    a.measure = "m1";
    a.when = vitals::alert_when::below;
    a.threshold = 30;
    spec.alerts.push_back(a);
    return vitals::scorecard::build(std::move(spec)).value();
}

/// Everything one run needs, built once per (N, M).
struct book_with_history {
    std::size_t N = 0, M = 0;
    std::vector<double> frame;     // column-major, M input columns + 3 derived columns
    std::vector<double> history;   // 3 metrics, each N x periods column-major, one after another
    std::vector<double> previous;  // N x previous_periods column-major
    std::vector<std::int32_t> since;
    std::vector<std::string> names;

    static book_with_history& get(std::size_t N, std::size_t M) {
        static book_with_history b;
        if (b.N == N && b.M == M) return b;
        b = {};
        b.N = N;
        b.M = M;
        b.frame = bench_book<double>(N, M);
        b.frame.resize(N * (M + 3));
        b.history = bench_book<double>(N, 3 * static_cast<std::size_t>(periods), 2);
        for (double& v : b.history) v *= 100.0;
        b.previous = bench_book<double>(N, previous_periods, 3);
        for (double& v : b.previous) v = v * 70.0 + 10.0;
        b.since.assign(N * 5, -1);
        for (std::size_t i = 0; i < b.since.size(); i += 7) b.since[i] = 1;
        for (std::size_t j = 0; j < M; ++j) b.names.push_back("x" + std::to_string(j));
        b.names.insert(b.names.end(), {"h0_slope", "h1_declines", "h2_change"});
        return b;
    }
};

struct outputs {
    std::vector<double> score, coverage, change, value, threshold;
    std::vector<std::int32_t> band, status, direction, outcome, since;
    explicit outputs(std::size_t N)
        : score(N), coverage(N), change(N), value(N * 5), threshold(N * 5), band(N), status(N), direction(N),
          outcome(N * 5), since(N * 5) {}
};

void plain(benchmark::State& state) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto card = bench_card(M);
    const auto& b = book_with_history::get(N, M);
    const auto bind = vitals::bind_columns(card, b.names).value();
    outputs o(N);
    const auto frame = vitals::frame_view<double>::column_major(b.frame.data(), static_cast<std::int64_t>(N),
                                                                static_cast<std::int64_t>(M + 3));
    for (auto _ : state) {
        auto r = vitals::score_batch(card, frame, bind, {o.score, o.band, o.coverage, o.status, {}, {}, {}}, {1, 512, 3});
        if (!r) state.SkipWithError(r.error().message.c_str());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

/// The stages of the signals pipeline; `stages` bit 1 = trends, 2 = scoring, 4 = alerts + score trend.
void pipeline(benchmark::State& state, int stages) {
    const auto N = static_cast<std::size_t>(state.range(0));
    const auto M = static_cast<std::size_t>(state.range(1));
    const auto card = signals_card(M);
    auto& b = book_with_history::get(N, M);
    const auto bind = vitals::bind_columns(card, b.names).value();
    outputs o(N);
    const auto n = static_cast<std::int64_t>(N);
    const auto frame = vitals::frame_view<double>::column_major(b.frame.data(), n, static_cast<std::int64_t>(M + 3));
    std::vector<vitals::metric_history> hs;
    for (std::size_t k = 0; k < 3; ++k)
        hs.push_back({k == 0 ? "h0" : (k == 1 ? "h1" : "h2"),
                      vitals::frame_view<double>::column_major(b.history.data() + k * N * periods, n, periods)});
    const auto previous = vitals::frame_view<double>::column_major(b.previous.data(), n, previous_periods);
    const std::span<double> derived(b.frame.data() + M * N, 3 * N);
    // a first pass, so the alerts-only stage reads real trend columns and scores
    if (!vitals::compute_trend_columns(card, hs, n, derived) ||
        !vitals::score_batch(card, frame, bind, {o.score, o.band, o.coverage, o.status, {}, {}, {}}, {1, 512, 3})) {
        state.SkipWithError("setup failed");
        return;
    }
    for (auto _ : state) {
        if (stages & 1) {
            auto r = vitals::compute_trend_columns(card, hs, n, derived);
            if (!r) state.SkipWithError(r.error().message.c_str());
        }
        if (stages & 2) {
            auto r = vitals::score_batch(card, frame, bind, {o.score, o.band, o.coverage, o.status, {}, {}, {}},
                                         {1, 512, 3});
            if (!r) state.SkipWithError(r.error().message.c_str());
        }
        if (stages & 4) {
            auto r = vitals::score_trend(o.score, previous, card.spec().score_trend, o.change, o.direction);
            if (!r) state.SkipWithError(r.error().message.c_str());
            const vitals::alert_inputs in{frame, b.names, o.score, previous, b.since};
            auto a = vitals::evaluate_alerts(card, in, {o.outcome, o.value, o.threshold, o.since});
            if (!a) state.SkipWithError(a.error().message.c_str());
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

void BM_plain(benchmark::State& state) { plain(state); }
void BM_signals(benchmark::State& state) { pipeline(state, 1 | 2 | 4); }
void BM_trends(benchmark::State& state) { pipeline(state, 1); }
void BM_alerts(benchmark::State& state) { pipeline(state, 4); }

void args(benchmark::internal::Benchmark* b) {
    b->Args({1'000'000, 16})->Args({1'000'000, 64})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_plain)->Apply(args);
BENCHMARK(BM_signals)->Apply(args);
BENCHMARK(BM_trends)->Apply(args);
BENCHMARK(BM_alerts)->Apply(args);

BENCHMARK_MAIN();

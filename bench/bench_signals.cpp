// Google Benchmark: the cost of signals on top of plain scoring (issue 6: "batch throughput with
// trends and alerts on stays within 2x of plain scoring").
//
// The same book as bench_batch (bench_card.hpp: M measures over x0..x{M-1}, 5 % missing), plus a
// history of 3 metrics x 12 periods per account (5 % missing) and 3 previous scores.
//   BM_plain    score_batch only;
//   BM_signals  the whole pipeline: 3 derived trend columns (slope, declines, percent change)
//               computed into the input frame, score_batch, the score trend, and 5 alert rules
//               (band downgrade, score drop, three thresholds: two on trend columns, one on a
//               measure's sub-score) with cooldown state; the alert outputs are the outcome and
//               the state for the next period per account and rule, and the raised alerts with
//               their values as events (what vitals score uses);
//   BM_signals_dense  the same with the dense value and threshold per account and rule as well;
//   BM_trends, BM_alerts, BM_alerts_dense  the signal stages alone.
// All single-threaded (threads = 1), so the ratio BM_signals / BM_plain is the work signals add.
#include "bench_card.hpp"

#include "vitals/signals.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <limits>
#include <span>
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
    a.threshold = 4;
    spec.alerts.push_back(a);
    a.name = "revenue_flat";
    a.column = "h2_change";
    a.when = vitals::alert_when::at_most;
    a.threshold = -4;
    spec.alerts.push_back(a);
    a.name = "m2_low";
    a.column.clear();
    a.measure = "m2";
    a.when = vitals::alert_when::below;
    a.threshold = 1;
    spec.alerts.push_back(a);
    return vitals::scorecard::build(std::move(spec)).value();
}

/// 3 metrics x `periods` of history per account, each metric N x periods column-major, one after
/// another. Like real usage series, not white noise: each account has a level and a drift
/// (-2 % to +2 % of its level per period) and each period a little noise (+-2 %); 5 % missing.
std::vector<double> metric_histories(std::size_t N) {
    vitals_bench::splitmix64 rng{2};
    const auto P = static_cast<std::size_t>(periods);
    std::vector<double> h(3 * N * P);
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < N; ++i) {
            const double level = 20.0 + 80.0 * rng.uniform(), drift = 0.04 * (rng.uniform() - 0.5);
            for (std::size_t t = 0; t < P; ++t) {
                const double noise = 0.04 * (rng.uniform() - 0.5);
                const double v = level * (1.0 + drift * static_cast<double>(t)) * (1.0 + noise);
                h[k * N * P + t * N + i] = rng.uniform() < 0.05 ? std::numeric_limits<double>::quiet_NaN() : v;
            }
        }
    return h;
}

/// Previous scores near the current ones: each account drifts by up to +-3 points per period,
/// plus +-2 points of noise; 5 % missing.
void previous_scores(std::span<const double> score, std::vector<double>& previous) {
    vitals_bench::splitmix64 rng{3};
    const std::size_t N = score.size();
    for (std::size_t i = 0; i < N; ++i) {
        const double drift = 6.0 * (rng.uniform() - 0.5);
        for (std::size_t j = 0; j < static_cast<std::size_t>(previous_periods); ++j) {
            const double back = static_cast<double>(previous_periods - static_cast<std::int64_t>(j));
            const double v = score[i] - drift * back + 4.0 * (rng.uniform() - 0.5);
            previous[j * N + i] = rng.uniform() < 0.05 ? std::numeric_limits<double>::quiet_NaN() : v;
        }
    }
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
        b.history = metric_histories(N);
        b.previous.assign(N * static_cast<std::size_t>(previous_periods), 0.0);  // from the scores, in pipeline()
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

/// The stages of the signals pipeline; `stages` bit 1 = trends, 2 = scoring, 4 = alerts + score trend,
/// 8 = the alerts' dense value and threshold outputs instead of events.
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
    std::vector<vitals::alert_event> events;
    // a first pass, so the alerts-only stage reads real trend columns and scores
    if (!vitals::compute_trend_columns(card, hs, n, derived) ||
        !vitals::score_batch(card, frame, bind, {o.score, o.band, o.coverage, o.status, {}, {}, {}}, {1, 512, 3})) {
        state.SkipWithError("setup failed");
        return;
    }
    previous_scores(o.score, b.previous);
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
            events.clear();
            auto a = (stages & 8) ? vitals::evaluate_alerts(card, in, {o.outcome, o.value, o.threshold, o.since})
                                  : vitals::evaluate_alerts(card, in, {o.outcome, {}, {}, o.since, &events});
            if (!a) state.SkipWithError(a.error().message.c_str());
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
    if (stages & 4) {  // how many alerts were raised (fired or held back) per account: realistic rules raise few
        std::size_t raised = 0;
        for (std::int32_t x : o.outcome) raised += x != 0 ? 1 : 0;
        state.counters["raised_per_account"] = static_cast<double>(raised) / static_cast<double>(N);
    }
}

void BM_plain(benchmark::State& state) { plain(state); }
void BM_signals(benchmark::State& state) { pipeline(state, 1 | 2 | 4); }
void BM_signals_dense(benchmark::State& state) { pipeline(state, 1 | 2 | 4 | 8); }
void BM_trends(benchmark::State& state) { pipeline(state, 1); }
void BM_alerts(benchmark::State& state) { pipeline(state, 4); }
void BM_alerts_dense(benchmark::State& state) { pipeline(state, 4 | 8); }

void args(benchmark::internal::Benchmark* b) {
    b->Args({1'000'000, 16})->Args({1'000'000, 64})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_plain)->Apply(args);
BENCHMARK(BM_signals)->Apply(args);
BENCHMARK(BM_signals_dense)->Apply(args);
BENCHMARK(BM_trends)->Apply(args);
BENCHMARK(BM_alerts)->Apply(args);
BENCHMARK(BM_alerts_dense)->Apply(args);

BENCHMARK_MAIN();

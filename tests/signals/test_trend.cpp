// Tests of trend measures (include/vitals/signals/trend.hpp), the score trend
// (signals/score_trend.hpp) and derived trend columns (signals/trend_columns.hpp): the batch path
// against the one-account reference on random histories with missing values, in several layouts
// and in float; hand-checked values; the edges (history shorter than the window, all-NaN,
// constant, zero mean, one present value).
#include <doctest/doctest.h>

#include "vitals/normalise.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/signals/score_trend.hpp"
#include "vitals/signals/trend.hpp"
#include "vitals/signals/trend_columns.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr vitals::trend_kind kinds[] = {vitals::trend_kind::slope, vitals::trend_kind::percent_change,
                                        vitals::trend_kind::declines};

bool same(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= 1e-9 * (1.0 + std::fabs(b));
}

double one(vitals::trend_kind k, std::vector<double> h, std::int64_t window) {
    const double ref = vitals::trend_value(k, h, window);
    // the batch path on the same single account must agree, through both kernels: the general one
    // (rows not contiguous) and the one for contiguous rows (which has fixed-window versions)
    const auto cols = static_cast<std::int64_t>(h.size());
    std::vector<double> out(1);
    REQUIRE(vitals::trend_batch(k, vitals::frame_view<double>::row_major(h.data(), 1, cols), window, out));
    CHECK(same(out[0], ref));
    REQUIRE(vitals::trend_batch(k, vitals::frame_view<double>::column_major(h.data(), 1, cols), window, out));
    CHECK(same(out[0], ref));
    return ref;
}

/// Random accounts x periods (row-major), values in [0, 100] with about `missing` NaN, some rows
/// constant, some all missing, some with repeated values, some signed (with -0.0 and zero means).
std::vector<double> random_history(std::mt19937_64& rng, std::int64_t rows, std::int64_t cols, double missing) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> h(static_cast<std::size_t>(rows * cols));
    for (std::int64_t i = 0; i < rows; ++i) {
        const double mode = u(rng);
        for (std::int64_t j = 0; j < cols; ++j) {
            double v = std::round(u(rng) * 100.0 * 4.0) / 4.0;  // quarter steps: ties happen
            if (mode < 0.05) v = 42.0;                           // constant
            else if (mode < 0.08) v = 0.0;                       // constant zero
            else if (mode < 0.11) v = (j % 2 == 0 ? 1.0 : -1.0) * (u(rng) < 0.3 ? 0.0 : 1.0);  // signed, -0.0
            else if (mode < 0.14) v = std::round((u(rng) - 0.5) * 8.0);  // signed, ties, often zero
            if (u(rng) < missing || (mode > 0.97)) v = nan_v;    // missing, or all missing
            h[static_cast<std::size_t>(i * cols + j)] = v;
        }
    }
    return h;
}

}  // namespace

TEST_CASE("trend measures: hand-checked values") {
    using vitals::trend_kind;
    // slope of 1, 2, 3, 4: 1 per period, mean 2.5 -> 0.4 of the mean per period
    CHECK(one(trend_kind::slope, {1, 2, 3, 4}, 4) == doctest::Approx(0.4));
    // falling: 4, 3, 2, 1 -> -0.4; a negative level divides by |mean|: -1, -2, -3 -> -1 / 2 = -0.5
    CHECK(one(trend_kind::slope, {4, 3, 2, 1}, 4) == doctest::Approx(-0.4));
    CHECK(one(trend_kind::slope, {-1, -2, -3}, 3) == doctest::Approx(-0.5));
    // a gap keeps its place: 10, NaN, 30 -> slope 10 per period over mean 20 = 0.5
    CHECK(one(trend_kind::slope, {10, nan_v, 30}, 3) == doctest::Approx(0.5));
    // only the last `window` periods count
    CHECK(one(trend_kind::slope, {100, 0, 1, 2}, 3) == doctest::Approx(1.0));
    // percent change: first and newest present in the window
    CHECK(one(trend_kind::percent_change, {100, nan_v, 80}, 3) == doctest::Approx(-20.0));
    CHECK(one(trend_kind::percent_change, {50, 100, nan_v}, 3) == doctest::Approx(100.0));
    CHECK(one(trend_kind::percent_change, {-50, -25}, 2) == doctest::Approx(50.0));
    // declines: strict, ending at the newest present value, gaps skipped, ties end the run
    CHECK(one(trend_kind::declines, {5, 4, nan_v, 3, 2}, 5) == 3.0);
    CHECK(one(trend_kind::declines, {5, 4, 4, 3}, 4) == 1.0);
    CHECK(one(trend_kind::declines, {1, 2, 3}, 3) == 0.0);
    CHECK(one(trend_kind::declines, {9, 8, 7, 6, 5}, 3) == 2.0);  // at most window - 1
}

TEST_CASE("trend measures: edges") {
    using vitals::trend_kind;
    for (trend_kind k : kinds) {
        CAPTURE(vitals::to_string(k));
        // all-NaN history, one present value, empty and one-period histories: NaN
        CHECK(std::isnan(one(k, {nan_v, nan_v, nan_v, nan_v}, 4)));
        CHECK(std::isnan(one(k, {nan_v, 7, nan_v}, 3)));
        CHECK(std::isnan(one(k, {7}, 6)));
        CHECK(std::isnan(one(k, {}, 6)));
        // constant: no trend
        CHECK(one(k, {3, 3, 3, 3}, 4) == 0.0);
        CHECK(one(k, {0, 0, 0}, 3) == 0.0);
        // a history shorter than the window is the same as one padded with missing periods
        const std::vector<double> short_h{12, 10, nan_v, 11, 9};
        std::vector<double> padded(7, nan_v);
        padded.insert(padded.end(), short_h.begin(), short_h.end());
        CHECK(same(one(k, short_h, 12), one(k, padded, 12)));
        CHECK(!std::isnan(one(k, short_h, 12)));
    }
    // zero mean that is not flat: the relative slope is undefined; from zero: percent change too
    CHECK(std::isnan(one(trend_kind::slope, {-1, 1}, 2)));
    CHECK(std::isnan(one(trend_kind::percent_change, {0, 5}, 2)));
    CHECK(one(trend_kind::declines, {0, -5}, 2) == 1.0);
}

TEST_CASE("trend_batch agrees with trend_value on random histories with missing values") {
    std::mt19937_64 rng(20260601);
    for (std::int64_t cols : {1, 2, 3, 5, 7, 12, 13, 24}) {
        const std::int64_t rows = 1000;  // several blocks, the last one partial
        const std::vector<double> h = random_history(rng, rows, cols, cols > 10 ? 0.3 : 0.15);
        // column-major copies in double and float (values are quarter steps: exact in float), and a
        // float row-major one: contiguous rows take the fixed-window kernels, the others the general one
        std::vector<double> hc(h.size());
        std::vector<float> hf(h.size()), hfc(h.size());
        for (std::int64_t i = 0; i < rows; ++i)
            for (std::int64_t j = 0; j < cols; ++j) {
                const double v = h[static_cast<std::size_t>(i * cols + j)];
                hc[static_cast<std::size_t>(j * rows + i)] = v;
                hf[static_cast<std::size_t>(i * cols + j)] = static_cast<float>(v);
                hfc[static_cast<std::size_t>(j * rows + i)] = static_cast<float>(v);
            }
        const auto fr = vitals::frame_view<double>::row_major(h.data(), rows, cols);
        const auto fc = vitals::frame_view<double>::column_major(hc.data(), rows, cols);
        const auto ff = vitals::frame_view<float>::row_major(hf.data(), rows, cols);
        const auto ffc = vitals::frame_view<float>::column_major(hfc.data(), rows, cols);
        for (vitals::trend_kind k : kinds)
            for (std::int64_t window : {2, 3, 4, 5, 6, 7, 8, 12, 13, 30}) {
                CAPTURE(vitals::to_string(k));
                CAPTURE(cols);
                CAPTURE(window);
                std::vector<double> a(rows), b(rows), c(rows), d(rows);
                REQUIRE(vitals::trend_batch(k, fr, window, a));
                REQUIRE(vitals::trend_batch(k, fc, window, b));
                REQUIRE(vitals::trend_batch(k, ff, window, c));
                REQUIRE(vitals::trend_batch(k, ffc, window, d));
                std::int64_t bad = 0, present = 0;
                for (std::int64_t i = 0; i < rows; ++i) {
                    const std::span<const double> row(h.data() + i * cols, static_cast<std::size_t>(cols));
                    const double ref = vitals::trend_value(k, row, window);
                    const auto u = static_cast<std::size_t>(i);
                    bad += (!same(a[u], ref) || !same(b[u], ref) || !same(c[u], ref) || !same(d[u], ref)) ? 1 : 0;
                    present += std::isnan(ref) ? 0 : 1;
                }
                CHECK(bad == 0);
                if (cols >= 3) CHECK(present > rows / 3);  // the comparison is not all NaN
            }
    }
}

TEST_CASE("trend_batch: argument errors") {
    std::vector<double> h{1, 2, 3, 4};
    const auto f = vitals::frame_view<double>::row_major(h.data(), 2, 2);
    std::vector<double> out(2);
    auto r = vitals::trend_batch(vitals::trend_kind::slope, f, 1, out);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::invalid_argument);
    CHECK(r.error().message == "window: must be at least 2 periods, not 1");
    std::vector<double> short_out(1);
    r = vitals::trend_batch(vitals::trend_kind::slope, f, 2, short_out);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    r = vitals::trend_batch(vitals::trend_kind::slope, vitals::frame_view<double>{nullptr, 2, 2, 2, 1}, 2, out);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::invalid_argument);
    // zero accounts: fine, nothing written
    CHECK(vitals::trend_batch(vitals::trend_kind::slope, vitals::frame_view<double>{nullptr, 0, 5, 5, 1}, 3,
                              std::span<double>()));
}

TEST_CASE("score trend: change, direction, dead band, unknown without a previous score") {
    // previous scores (accounts x 3 periods, oldest first) and current scores
    const std::vector<double> prev{
        60, 62, 64,         // latest 64
        60, 62, 64,         // latest 64
        60, 62, 64,         // latest 64
        70, 70, nan_v,      // latest present: 70 (the newest period is missing)
        nan_v, nan_v, nan_v,  // no previous score
        50, 55, 60,         // latest 60
    };
    const std::vector<double> score{70, 62.5, 61.9, 60, 80, nan_v};
    const auto f = vitals::frame_view<double>::row_major(prev.data(), 6, 3);
    std::vector<double> change(6);
    std::vector<std::int32_t> dir(6);
    REQUIRE(vitals::score_trend(score, f, {2.0, 1}, change, dir));
    using D = vitals::score_direction;
    CHECK(change[0] == 6.0);
    CHECK(dir[0] == static_cast<std::int32_t>(D::improving));
    CHECK(change[1] == -1.5);
    CHECK(dir[1] == static_cast<std::int32_t>(D::stable));  // within the dead band
    CHECK(change[2] == doctest::Approx(-2.1));
    CHECK(dir[2] == static_cast<std::int32_t>(D::declining));
    CHECK(change[3] == -10.0);  // against 70, the latest present
    CHECK(dir[3] == static_cast<std::int32_t>(D::declining));
    CHECK(std::isnan(change[4]));
    CHECK(dir[4] == static_cast<std::int32_t>(D::unknown));  // no previous score
    CHECK(dir[5] == static_cast<std::int32_t>(D::unknown));  // no current score
    // exactly at the dead band: stable
    CHECK(vitals::direction_of(2.0, 2.0) == D::stable);
    CHECK(vitals::direction_of(-2.0, 2.0) == D::stable);
    // window 2: mean of the two newest present previous scores
    REQUIRE(vitals::score_trend(score, f, {0.0, 2}, change, dir));
    CHECK(change[0] == 70.0 - 63.0);
    CHECK(change[3] == 60.0 - 70.0);
    // no history at all (0 columns)
    std::vector<double> none;
    REQUIRE(vitals::score_trend(score, vitals::frame_view<double>{nullptr, 6, 0, 0, 1}, {}, change, dir));
    for (std::int32_t d : dir) CHECK(d == static_cast<std::int32_t>(D::unknown));
    // errors
    auto r = vitals::score_trend(score, f, {-1.0, 1}, change, dir);
    REQUIRE(!r);
    CHECK(r.error().message == "spec/dead_band: must be a finite number >= 0");
    r = vitals::score_trend(std::span<const double>(score).first(5), f, {}, change, dir);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
}

TEST_CASE("score_trend agrees with previous_reference and direction_of on random scores with missing values") {
    std::mt19937_64 rng(20261123);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::int64_t cols : {0, 1, 3, 6}) {
        const std::int64_t rows = 1000;  // several blocks, the last one partial
        std::vector<double> prev(static_cast<std::size_t>(rows * cols)), prev_cm(prev.size()), score(static_cast<std::size_t>(rows));
        for (std::int64_t i = 0; i < rows; ++i) {
            // whole points so that changes land exactly on the dead band now and then
            score[static_cast<std::size_t>(i)] = u(rng) < 0.1 ? nan_v : std::round(u(rng) * 100.0);
            for (std::int64_t j = 0; j < cols; ++j) {
                const double v = u(rng) < 0.3 ? nan_v : std::round(u(rng) * 100.0);
                prev[static_cast<std::size_t>(i * cols + j)] = v;
                prev_cm[static_cast<std::size_t>(j * rows + i)] = v;
            }
        }
        const auto fr = vitals::frame_view<double>::row_major(prev.data(), rows, cols);
        const auto fc = vitals::frame_view<double>::column_major(prev_cm.data(), rows, cols);
        for (std::int64_t window : {1, 2, 4})
            for (double band : {0.0, 2.0, 5.0}) {
                CAPTURE(cols);
                CAPTURE(window);
                CAPTURE(band);
                std::vector<double> ca(static_cast<std::size_t>(rows)), cb(ca.size());
                std::vector<std::int32_t> da(ca.size()), db(ca.size());
                REQUIRE(vitals::score_trend(score, fr, {band, window}, ca, da));
                REQUIRE(vitals::score_trend(score, fc, {band, window}, cb, db));
                std::int64_t bad = 0, known = 0;
                for (std::int64_t i = 0; i < rows; ++i) {
                    const auto k = static_cast<std::size_t>(i);
                    const std::span<const double> row(prev.data() + i * cols, static_cast<std::size_t>(cols));
                    const double change = score[k] - vitals::previous_reference(row, window);
                    const auto dir = static_cast<std::int32_t>(vitals::direction_of(change, band));
                    bad += (!same(ca[k], change) || !same(cb[k], change) || da[k] != dir || db[k] != dir) ? 1 : 0;
                    known += std::isnan(change) ? 0 : 1;
                }
                CHECK(bad == 0);
                if (cols > 0) CHECK(known > rows / 2);  // the comparison is not all unknown
            }
    }
}

TEST_CASE("derived trend columns from per-metric histories") {
    vitals::scorecard_spec spec;
    vitals::measure m;
    m.name = "usage_trend";
    m.input = "active_users_slope";
    m.normaliser = vitals::linear{-0.2, 0.1};
    spec.measures.push_back(m);
    spec.trends = {{"active_users_slope", "active_users", vitals::trend_kind::slope, 6, ""},
                   {"active_users_declines", "active_users", vitals::trend_kind::declines, 4, ""},
                   {"days_late_slope", "days_late", vitals::trend_kind::slope, 3, ""}};
    auto built = vitals::scorecard::build(spec);
    REQUIRE_MESSAGE(built, (built ? "" : built.error().message));
    const vitals::scorecard* card = &built.value();
    CHECK(vitals::history_metrics(*card) == std::vector<std::string>{"active_users", "days_late"});
    CHECK(vitals::trend_column_names(*card) ==
          std::vector<std::string>{"active_users_slope", "active_users_declines", "days_late_slope"});

    std::mt19937_64 rng(7);
    const std::int64_t rows = 300;
    const auto users = random_history(rng, rows, 12, 0.2);
    const auto late = random_history(rng, rows, 5, 0.2);
    const vitals::metric_history hs[] = {
        {"days_late", vitals::frame_view<double>::row_major(late.data(), rows, 5)},
        {"active_users", vitals::frame_view<double>::row_major(users.data(), rows, 12)},
    };
    std::vector<double> out(3 * rows);
    REQUIRE(vitals::compute_trend_columns(*card, hs, rows, out));
    std::int64_t bad = 0;
    for (std::int64_t i = 0; i < rows; ++i) {
        const std::span<const double> u(users.data() + i * 12, 12), l(late.data() + i * 5, 5);
        const auto k = static_cast<std::size_t>(i);
        bad += same(out[k], vitals::trend_value(vitals::trend_kind::slope, u, 6)) ? 0 : 1;
        bad += same(out[rows + k], vitals::trend_value(vitals::trend_kind::declines, u, 4)) ? 0 : 1;
        bad += same(out[2 * rows + k], vitals::trend_value(vitals::trend_kind::slope, l, 3)) ? 0 : 1;
    }
    CHECK(bad == 0);

    // a metric not given: an error naming it, or NaN columns when absent metrics are allowed
    auto r = vitals::compute_trend_columns(*card, std::span(hs).first(1), rows, out);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::unknown_column);
    CHECK(r.error().message == "histories: the scorecard's trends read metrics that are not given: active_users");
    REQUIRE(vitals::compute_trend_columns(*card, std::span(hs).first(1), rows, out, true));
    CHECK(std::isnan(out[0]));
    CHECK(std::isnan(out[static_cast<std::size_t>(2 * rows - 1)]));
    // wrong row count, short output
    r = vitals::compute_trend_columns(*card, hs, rows + 1, out);
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    r = vitals::compute_trend_columns(*card, hs, rows, std::span(out).first(out.size() - 1));
    REQUIRE(!r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
}

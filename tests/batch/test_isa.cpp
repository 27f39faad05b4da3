// The batch kernel at every instruction-set level this CPU runs (forced through set_isa), against
// the reference scorer and against each other, bit for bit.
#include "random_scorecard.hpp"

#include "vitals/isa.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <random>
#include <vector>

namespace {

using vitals_test::outputs;
using vitals_test::random_book;
using vitals_test::random_scorecard;
using vitals_test::same_bits;

/// Bitwise equality of doubles (NaN equal to NaN of the same pattern).
bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_bits(a[i], b[i])) return false;
    return true;
}

/// The levels this CPU runs, lowest first.
std::vector<vitals::isa> levels() {
    std::vector<vitals::isa> v;
    for (vitals::isa l : {vitals::isa::baseline, vitals::isa::avx2, vitals::isa::avx512})
        if (l <= vitals::supported_isa()) v.push_back(l);
    return v;
}

/// Restores the level in use when the test started.
struct isa_guard {
    vitals::isa saved = vitals::active_isa();
    ~isa_guard() { vitals::set_isa(saved); }
};

}  // namespace

TEST_CASE("set_isa runs the kernels at a level the CPU has, else the best it has") {
    const isa_guard guard;
    MESSAGE("this CPU runs up to " << vitals::to_string(vitals::supported_isa()) << "; in use at start: "
                                   << vitals::isa_report());
    for (vitals::isa l : {vitals::isa::baseline, vitals::isa::avx2, vitals::isa::avx512}) {
        const vitals::isa got = vitals::set_isa(l);
        CHECK(got == (l <= vitals::supported_isa() ? l : vitals::supported_isa()));
        CHECK(vitals::active_isa() == got);
    }
    CHECK(vitals::parse_isa("avx2") == vitals::isa::avx2);
    CHECK(vitals::parse_isa("avx512") == vitals::isa::avx512);
    CHECK(vitals::parse_isa("baseline") == vitals::isa::baseline);
    CHECK_FALSE(vitals::parse_isa("sse4").has_value());
#if !defined(__x86_64__)
    CHECK(vitals::supported_isa() == vitals::isa::baseline);
#endif
}

TEST_CASE("every level equals the reference scorer and the other levels bit for bit") {
    const isa_guard guard;
    std::mt19937_64 rng(20261202);
    const std::size_t columns = 6;
    std::size_t compared = 0;
    for (int trial = 0; trial < 16; ++trial) {
        const vitals::scorecard card = random_scorecard(rng, columns);
        const std::size_t M = card.measures().size();
        std::vector<std::string> names;
        for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
        const auto bind = vitals::bind_columns(card, names).value();
        for (double missing : {0.0, 0.05, 1.0}) {
            const std::size_t rows = 1031;  // several blocks and a short last one
            const std::size_t k = 1 + static_cast<std::size_t>(trial % 4);
            const std::vector<double> cm = random_book(rng, rows, columns, missing);
            std::vector<double> rm(cm.size());
            std::vector<float> f(cm.size());
            for (std::size_t i = 0; i < rows; ++i)
                for (std::size_t c = 0; c < columns; ++c) rm[i * columns + c] = cm[c * rows + i];
            for (std::size_t x = 0; x < cm.size(); ++x) f[x] = static_cast<float>(cm[x]);
            const auto R = static_cast<std::int64_t>(rows), C = static_cast<std::int64_t>(columns);
            CAPTURE(trial);
            CAPTURE(missing);

            // the reference scorer, account by account, on the double values
            outputs ref(rows, M, k);
            std::vector<double> in(card.inputs().size());
            for (std::size_t i = 0; i < rows; ++i) {
                for (std::size_t j = 0; j < in.size(); ++j) in[j] = cm[static_cast<std::size_t>(bind[j]) * rows + i];
                const auto r = vitals::score_account(card, std::span<const double>(in), {k}).value();
                ref.score[i] = r.score;
                ref.coverage[i] = r.coverage;
                ref.band[i] = r.band;
                ref.status[i] = static_cast<std::int32_t>(r.status);
                for (std::size_t m = 0; m < M; ++m) {
                    ref.contributions[i * M + m] = r.measures[m].contribution;
                    ref.points_lost[i * M + m] = r.measures[m].points_lost;
                }
                for (std::size_t d = 0; d < k; ++d)
                    ref.drivers[i * k + d] = d < r.drivers.size() ? static_cast<std::int32_t>(r.drivers[d]) : -1;
            }

            std::vector<outputs> floats;
            for (vitals::isa level : levels()) {
                CAPTURE(vitals::to_string(level));
                REQUIRE(vitals::set_isa(level) == level);
                outputs o_cm(rows, M, k), o_rm(rows, M, k), o_f(rows, M, k);
                REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::column_major(cm.data(), R, C), bind,
                                            o_cm.view(), {2, 256, k}));
                REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::row_major(rm.data(), R, C), bind,
                                            o_rm.view(), {1, 100, k}));
                REQUIRE(vitals::score_batch(card, vitals::frame_view<float>::column_major(f.data(), R, C), bind,
                                            o_f.view(), {2, 512, k}));
                for (const outputs* o : {&o_cm, &o_rm}) {  // double: equal to the reference
                    CHECK(same(o->score, ref.score));
                    CHECK(same(o->coverage, ref.coverage));
                    CHECK(same(o->contributions, ref.contributions));
                    CHECK(same(o->points_lost, ref.points_lost));
                    CHECK(o->band == ref.band);
                    CHECK(o->status == ref.status);
                    CHECK(o->drivers == ref.drivers);
                }
                if (!floats.empty()) {  // float: equal across levels
                    CHECK(same(o_f.score, floats.front().score));
                    CHECK(same(o_f.coverage, floats.front().coverage));
                    CHECK(same(o_f.contributions, floats.front().contributions));
                    CHECK(same(o_f.points_lost, floats.front().points_lost));
                    CHECK(o_f.band == floats.front().band);
                    CHECK(o_f.drivers == floats.front().drivers);
                }
                floats.push_back(std::move(o_f));
                ++compared;
            }
        }
    }
    MESSAGE("compared " << compared << " runs at " << levels().size() << " level(s)");
}

TEST_CASE("every level reports a user normaliser's out-of-range sub-score the same way") {
    const isa_guard guard;
    struct too_high {
        void apply(std::span<const double> in, std::span<double> out) const {
            for (std::size_t i = 0; i < in.size(); ++i) out[i] = in[i] > 5.0 ? 2.0 : 0.5;
        }
    };
    vitals::scorecard_spec spec;
    spec.name = "bad";
    spec.measures.push_back({"a", "x", vitals::linear{0.0, 10.0}, 1.0, "", ""});
    spec.measures.push_back({"b", "x", too_high{}, 1.0, "", ""});
    const vitals::scorecard card = vitals::scorecard::build(std::move(spec)).value();
    std::vector<double> x(1000, 1.0);
    x[700] = 6.0;
    std::vector<std::string> message;
    for (vitals::isa level : levels()) {
        vitals::set_isa(level);
        std::vector<double> score(x.size());
        const vitals::batch_output out{score, {}, {}, {}, {}, {}, {}};
        const std::vector<std::int64_t> bind{0};
        auto r = vitals::score_batch(card, vitals::frame_view<double>::column_major(x.data(), 1000, 1), bind, out,
                                     {1, 512, 3});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::out_of_range);
        CHECK(r.error().row == 700);  // the row is data; the message names the measure and the value
        message.push_back(r.error().message);
    }
    for (const std::string& m : message) CHECK(m == message.front());
}

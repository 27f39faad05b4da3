// The batch scorer against the reference one-account scorer, on random scorecards and books.
#include "random_scorecard.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <random>

namespace {

using vitals_test::outputs;
using vitals_test::random_book;
using vitals_test::random_scorecard;
using vitals_test::same_bits;

bool close(double a, double b, double tol) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= tol;
}

/// Checks every output of one batch run against score_account on the same (double) values.
void check_against_reference(const vitals::scorecard& card, const std::vector<double>& colmajor, std::size_t rows,
                             std::size_t columns, const std::vector<std::int64_t>& bind, outputs& o, std::size_t k) {
    const std::size_t M = card.measures().size();
    std::vector<double> in(card.inputs().size());
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < in.size(); ++j)
            in[j] = bind[j] < 0 ? NAN : colmajor[static_cast<std::size_t>(bind[j]) * rows + i];
        auto ref = vitals::score_account(card, std::span<const double>(in), {k});
        REQUIRE(ref);
        const auto& r = ref.value();
        INFO("row " << i);
        CHECK(close(o.score[i], r.score, 1e-9));
        CHECK(close(o.coverage[i], r.coverage, 1e-12));
        CHECK(o.band[i] == r.band);
        CHECK(o.status[i] == static_cast<std::int32_t>(r.status));
        for (std::size_t m = 0; m < M; ++m) {
            CHECK(close(o.contributions[i * M + m], r.measures[m].contribution, 1e-9));
            CHECK(close(o.points_lost[i * M + m], r.measures[m].points_lost, 1e-9));
        }
        for (std::size_t d = 0; d < k; ++d) {
            const std::int32_t want = d < r.drivers.size() ? static_cast<std::int32_t>(r.drivers[d]) : -1;
            CHECK(o.drivers[i * k + d] == want);
        }
    }
    (void)columns;
}

}  // namespace

TEST_CASE("batch equals the reference scorer on random scorecards, layouts and missing rates") {
    std::mt19937_64 rng(20261122);
    const std::size_t columns = 6;
    for (int trial = 0; trial < 12; ++trial) {
        const vitals::scorecard card = random_scorecard(rng, columns);
        const std::size_t M = card.measures().size();
        std::vector<std::string> names;
        for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
        const auto bind = vitals::bind_columns(card, names).value();
        for (double missing : {0.0, 0.05, 1.0}) {
            for (std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1031}}) {
                CAPTURE(trial);
                CAPTURE(missing);
                CAPTURE(rows);
                const std::vector<double> cm = random_book(rng, rows, columns, missing);
                const auto R = static_cast<std::int64_t>(rows), C = static_cast<std::int64_t>(columns);
                const std::size_t k = 1 + static_cast<std::size_t>(trial % 4);

                // column-major double, 1 and 2 threads, two block sizes: reference + bitwise invariance
                outputs base(rows, M, k);
                REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::column_major(cm.data(), R, C), bind,
                                            base.view(), {1, 64, k}));
                check_against_reference(card, cm, rows, columns, bind, base, k);
                for (unsigned threads : {1u, 2u})
                    for (std::size_t block : {std::size_t{1}, std::size_t{512}}) {
                        outputs o(rows, M, k);
                        REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::column_major(cm.data(), R, C),
                                                    bind, o.view(), {threads, block, k}));
                        for (std::size_t i = 0; i < rows; ++i) {
                            CHECK(same_bits(o.score[i], base.score[i]));
                            CHECK(same_bits(o.coverage[i], base.coverage[i]));
                        }
                        CHECK(o.drivers == base.drivers);
                        CHECK(o.band == base.band);
                        for (std::size_t x = 0; x < rows * M; ++x)
                            CHECK(same_bits(o.contributions[x], base.contributions[x]));
                    }

                // row-major double
                std::vector<double> rm(rows * columns);
                for (std::size_t i = 0; i < rows; ++i)
                    for (std::size_t c = 0; c < columns; ++c) rm[i * columns + c] = cm[c * rows + i];
                outputs o_rm(rows, M, k);
                REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::row_major(rm.data(), R, C), bind,
                                            o_rm.view(), {2, 100, k}));
                check_against_reference(card, cm, rows, columns, bind, o_rm, k);

                // strided: every other row of a padded row-major buffer (row stride 2 x (columns + 3))
                std::vector<double> padded(2 * rows * (columns + 3), 12345.0);
                for (std::size_t i = 0; i < rows; ++i)
                    for (std::size_t c = 0; c < columns; ++c) padded[2 * i * (columns + 3) + c] = cm[c * rows + i];
                outputs o_st(rows, M, k);
                const vitals::frame_view<double> strided{padded.data(), R, C, 2 * (C + 3), 1};
                REQUIRE(vitals::score_batch(card, strided, bind, o_st.view(), {2, 33, k}));
                check_against_reference(card, cm, rows, columns, bind, o_st, k);

                // float, column-major: the reference sees the same float values widened to double
                std::vector<float> f(cm.size());
                std::vector<double> fd(cm.size());
                for (std::size_t x = 0; x < cm.size(); ++x) {
                    f[x] = static_cast<float>(cm[x]);
                    fd[x] = static_cast<double>(f[x]);
                }
                outputs o_f(rows, M, k);
                REQUIRE(vitals::score_batch(card, vitals::frame_view<float>::column_major(f.data(), R, C), bind,
                                            o_f.view(), {2, 512, k}));
                check_against_reference(card, fd, rows, columns, bind, o_f, k);
            }
        }
    }
}

TEST_CASE("batch outputs are optional and each is checked for length") {
    std::mt19937_64 rng(7);
    const vitals::scorecard card = random_scorecard(rng, 4);
    const std::vector<double> cm = random_book(rng, 10, 4, 0.05);
    const std::vector<std::string> names{"c0", "c1", "c2", "c3"};
    const auto bind = vitals::bind_columns(card, names).value();
    const auto frame = vitals::frame_view<double>::column_major(cm.data(), 10, 4);

    std::vector<double> score(10);
    vitals::batch_output only_score;
    only_score.score = score;
    REQUIRE(vitals::score_batch(card, frame, bind, only_score));
    outputs full(10, card.measures().size(), 3);
    REQUIRE(vitals::score_batch(card, frame, bind, full.view()));
    for (std::size_t i = 0; i < 10; ++i) CHECK(same_bits(score[i], full.score[i]));

    std::vector<double> short_score(9);
    vitals::batch_output bad;
    bad.score = short_score;
    auto r = vitals::score_batch(card, frame, bind, bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    CHECK(r.error().message.find("out.score") != std::string::npos);

    std::vector<std::int32_t> short_drivers(29);
    vitals::batch_output bad2;
    bad2.drivers = short_drivers;
    r = vitals::score_batch(card, frame, bind, bad2);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("out.drivers") != std::string::npos);
}

TEST_CASE("batch rejects bad frames and column bindings") {
    std::mt19937_64 rng(8);
    const vitals::scorecard card = random_scorecard(rng, 3);
    const std::vector<std::string> names{"c0", "c1", "c2"};
    const auto bind = vitals::bind_columns(card, names).value();
    std::vector<double> data(30), score(10);
    vitals::batch_output out;
    out.score = score;

    auto r = vitals::score_batch(card, vitals::frame_view<double>{data.data(), -1, 3, 1, 10}, bind, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);

    r = vitals::score_batch(card, vitals::frame_view<double>{nullptr, 10, 3, 1, 10}, bind, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::invalid_argument);

    r = vitals::score_batch(card, vitals::frame_view<double>{data.data(), 10, 3, INT64_MAX / 4, 1}, bind, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
    CHECK(r.error().message.find("overflow") != std::string::npos);

    std::vector<std::int64_t> wrong = bind;
    wrong[0] = 3;  // past the last column
    r = vitals::score_batch(card, vitals::frame_view<double>::column_major(data.data(), 10, 3), wrong, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::invalid_argument);

    const std::vector<std::string> partial{"c0"};
    auto b = vitals::bind_columns(card, partial);
    if (card.inputs().size() > 1) {
        REQUIRE_FALSE(b);
        CHECK(b.error().code == vitals::errc::unknown_column);
        auto lenient = vitals::bind_columns(card, partial, true);
        REQUIRE(lenient);
        CHECK(std::count(lenient.value().begin(), lenient.value().end(), -1) ==
              static_cast<std::ptrdiff_t>(card.inputs().size() - 1));
    }
}

TEST_CASE("a user normaliser returning a sub-score out of [0, 1] fails the batch, naming the measure, its row as data") {
    struct broken {
        void apply(std::span<const double> in, std::span<double> out) const {
            for (std::size_t i = 0; i < in.size(); ++i) out[i] = in[i] > 5.0 ? 1.5 : 0.5;
        }
    };
    vitals::scorecard_spec spec;
    spec.measures.push_back({"fine", "a", vitals::linear{0, 10}, 1.0, "", ""});
    spec.measures.push_back({"bad", "b", broken{}, 1.0, "", ""});
    const auto card = vitals::scorecard::build(spec).value();
    std::vector<double> data(2 * 2000, 1.0);
    data[2000 + 1500] = 6.0;  // row 1500 of column b
    std::vector<double> score(2000);
    vitals::batch_output out;
    out.score = score;
    const std::vector<std::int64_t> bind{0, 1};
    for (unsigned threads : {1u, 2u}) {
        auto r = vitals::score_batch(card, vitals::frame_view<double>::column_major(data.data(), 2000, 2), bind, out,
                                     {threads, 128, 3});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == vitals::errc::out_of_range);
        CHECK(r.error().message.find("/measures/1 (bad)") != std::string::npos);
        CHECK(r.error().row == 1500);
        CHECK(r.error().message.find("row") == std::string::npos);  // the caller numbers rows
    }
}

TEST_CASE("an exception thrown by a user normaliser in a worker thread reaches the caller") {
    struct throws_on_seven {
        void apply(std::span<const double> in, std::span<double> out) const {
            for (std::size_t i = 0; i < in.size(); ++i) {
                if (in[i] == 7.0) throw std::runtime_error("seven");
                out[i] = 0.5;
            }
        }
    };
    vitals::scorecard_spec spec;
    spec.measures.push_back({"m", "a", throws_on_seven{}, 1.0, "", ""});
    const auto card = vitals::scorecard::build(spec).value();
    std::vector<double> data(5000, 1.0);
    data[4321] = 7.0;
    std::vector<double> score(5000);
    vitals::batch_output out;
    out.score = score;
    const std::vector<std::int64_t> bind{0};
    for (unsigned threads : {1u, 2u})
        CHECK_THROWS_WITH_AS((void)vitals::score_batch(card, vitals::frame_view<double>::column_major(data.data(), 5000, 1),
                                                       bind, out, {threads, 64, 3}),
                             "seven", std::runtime_error);
    data[4321] = 1.0;
    CHECK(vitals::score_batch(card, vitals::frame_view<double>::column_major(data.data(), 5000, 1), bind, out, {2, 64, 3}));
}

TEST_CASE("output sizes that would overflow are rejected, not wrapped") {
    std::mt19937_64 rng(9);
    const vitals::scorecard card = random_scorecard(rng, 2);
    const std::vector<std::string> names{"c0", "c1"};
    const auto bind = vitals::bind_columns(card, names).value();
    const double one = 1.0;
    // stride 0: every row is the same cell, so any row count is a valid frame
    const vitals::frame_view<double> huge{&one, std::int64_t{1} << 62, 2, 0, 0};
    std::vector<std::int32_t> drivers(8);
    vitals::batch_output out;
    out.drivers = drivers;
    auto r = vitals::score_batch(card, huge, bind, out, {1, 512, 64});  // 2^62 x 64 wraps to 0
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::shape_mismatch);
}

TEST_CASE("an account with every measure present has coverage exactly 1, in both scorers") {
    std::mt19937_64 rng(11);
    for (int trial = 0; trial < 20; ++trial) {
        const vitals::scorecard card = random_scorecard(rng, 5);
        const std::vector<std::string> names{"c0", "c1", "c2", "c3", "c4"};
        const auto bind = vitals::bind_columns(card, names).value();
        std::vector<double> data(3 * 5, 0.5);  // every value present, no ratio denominator 0
        std::vector<double> cov(3);
        vitals::batch_output out;
        out.coverage = cov;
        REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::column_major(data.data(), 3, 5), bind, out));
        for (double c : cov) CHECK(c == 1.0);
        std::vector<double> in(card.inputs().size(), 0.5);
        CHECK(vitals::score_account(card, std::span<const double>(in)).value().coverage == 1.0);
    }
}

TEST_CASE("derived columns: batch equals the reference scorer bit for bit, with 5 % missing") {
    std::mt19937_64 rng(15001);
    const std::size_t columns = 5;
    std::vector<std::string> names;
    for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
    std::size_t derived_seen = 0, missing_derived = 0;
    for (int trial = 0; trial < 20; ++trial) {
        const vitals::scorecard card = random_scorecard(rng, columns, 1 + static_cast<std::size_t>(trial % 4));
        CAPTURE(trial);
        const std::size_t M = card.measures().size();
        const auto bind = vitals::bind_columns(card, names).value();
        for (std::size_t rows : {std::size_t{1}, std::size_t{700}}) {
            const std::vector<double> cm = random_book(rng, rows, columns, 0.05);
            const auto R = static_cast<std::int64_t>(rows), C = static_cast<std::int64_t>(columns);
            const std::size_t k = 3;
            for (unsigned threads : {1u, 2u}) {
                outputs o(rows, M, k);
                REQUIRE(vitals::score_batch(card, vitals::frame_view<double>::column_major(cm.data(), R, C), bind,
                                            o.view(), {threads, 64, k}));
                std::vector<double> in(card.inputs().size()), slots(card.slot_count());
                for (std::size_t i = 0; i < rows; ++i) {
                    for (std::size_t j = 0; j < in.size(); ++j) in[j] = slots[j] = cm[static_cast<std::size_t>(bind[j]) * rows + i];
                    card.fill_derived(slots);
                    for (std::size_t d = in.size(); d < slots.size(); ++d) {
                        ++derived_seen;
                        missing_derived += std::isnan(slots[d]) ? 1 : 0;
                    }
                    auto ref = vitals::score_account(card, std::span<const double>(in), {k});
                    REQUIRE(ref);
                    const auto& r = ref.value();
                    INFO("row " << i);
                    CHECK(same_bits(o.score[i], r.score));
                    CHECK(same_bits(o.coverage[i], r.coverage));
                    CHECK(o.band[i] == r.band);
                    CHECK(o.status[i] == static_cast<std::int32_t>(r.status));
                    for (std::size_t m = 0; m < M; ++m) {
                        CHECK(close(o.contributions[i * M + m], r.measures[m].contribution, 1e-9));
                        CHECK(close(o.points_lost[i * M + m], r.measures[m].points_lost, 1e-9));
                        // the measure's raw value is its column slot's value (derived ones included)
                        const auto& sl = card.slots()[m];
                        const double raw = sl.denominator == vitals::npos
                                               ? slots[sl.numerator]
                                               : vitals::ratio_value(slots[sl.numerator], slots[sl.denominator]);
                        CHECK(same_bits(raw, r.measures[m].raw));
                    }
                    for (std::size_t d = 0; d < k; ++d) {
                        const std::int32_t want = d < r.drivers.size() ? static_cast<std::int32_t>(r.drivers[d]) : -1;
                        CHECK(o.drivers[i * k + d] == want);
                    }
                }
            }
        }
    }
    CHECK(derived_seen > 0);
    CHECK(missing_derived > 0);                // missing inputs (and / 0) reached the derived columns
    CHECK(missing_derived < derived_seen);     // and not every value is missing
}

TEST_CASE("derived columns read the inputs they need; an absent one is an unknown column") {
    vitals::scorecard_spec spec;
    spec.derived = {{"bill", "base + usage + tax", ""}, {"bill_k", "bill / 1000", ""}};
    spec.measures = {{"bill", "bill_k", vitals::linear{0, 10}, 1.0, "", ""}, {"nps", "nps", vitals::linear{-100, 100}, 1.0, "", ""}};
    const auto card = vitals::scorecard::build(spec).value();
    REQUIRE(card.inputs().size() == 4);
    CHECK(card.inputs()[0] == "base");
    CHECK(card.inputs()[1] == "usage");
    CHECK(card.inputs()[2] == "tax");
    CHECK(card.inputs()[3] == "nps");
    CHECK(card.slot_count() == 6);
    CHECK(card.column_slot("bill") == 4);
    CHECK(card.column_slot("bill_k") == 5);
    CHECK(card.slots()[0].numerator == 5);
    const std::vector<std::string> cols{"nps", "base", "usage"};
    auto b = vitals::bind_columns(card, cols);
    REQUIRE(!b);
    CHECK(b.error().code == vitals::errc::unknown_column);
    CHECK(b.error().message == "columns: the scorecard reads columns that are not given: tax");
    auto s = vitals::score_account(card, {{"base", 3000.0}, {"usage", 1500.0}, {"tax", 500.0}, {"nps", 0.0}});
    REQUIRE(s);
    CHECK(s.value().measures[0].raw == 5.0);
    CHECK(s.value().measures[0].sub_score == 0.5);
}

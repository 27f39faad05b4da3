// Tests of the stakeholder-weighted survey measures (include/vitals/survey.hpp): weighted NPS,
// participation against the target, seniority coverage and the senior-voices-missing flag, role
// parsing, the edges (only managers answering, no survey rows, invited but none answered), the
// errors, and a comparison with a plain reference on random responses.
#include <doctest/doctest.h>

#include "vitals/survey.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
using vitals::role;
using vitals::survey_column;

struct rows {
    std::vector<std::int64_t> account;
    std::vector<std::int32_t> role;
    std::vector<double> answer;
    void add(std::int64_t a, vitals::role r, double ans) {
        account.push_back(a);
        role.push_back(static_cast<std::int32_t>(r));
        answer.push_back(ans);
    }
};

/// All columns, column-major block: at(c, i).
struct table {
    std::size_t n = 0;
    std::vector<double> data;
    double at(survey_column c, std::size_t i) const { return data[static_cast<std::size_t>(c) * n + i]; }
};

table measures(std::int64_t accounts, const rows& r, vitals::survey_options o = {}) {
    table t;
    t.n = static_cast<std::size_t>(accounts);
    t.data.assign(t.n * vitals::survey_column_count, -7.0);
    auto res = vitals::survey_measures(accounts, {r.account, r.role, r.answer}, o,
                                       vitals::survey_outputs::block(t.data, t.n).value());
    if (!res) FAIL("survey_measures failed: " << res.error().message);
    return t;
}

}  // namespace

TEST_CASE("survey: weighted NPS, participation, seniority") {
    rows r;
    r.add(0, role::c_suite, 10);  // promoter, weight 3
    r.add(0, role::director, 5);  // detractor, 1.5
    r.add(0, role::manager, 8);   // passive, 1
    r.add(0, role::user, NaN);    // invited, no answer
    const auto t = measures(1, r);
    // 100 x (3 - 1.5) / (3 + 1.5 + 1) = 27.27...
    CHECK(t.at(survey_column::nps, 0) == doctest::Approx(100.0 * 1.5 / 5.5));
    CHECK(t.at(survey_column::participation, 0) == 0.75);
    CHECK(t.at(survey_column::participation_below_target, 0) == 0.0);  // exactly at the 75 % target
    CHECK(t.at(survey_column::seniority_levels, 0) == 1 + 4 + 8);
    CHECK(t.at(survey_column::seniority_coverage, 0) == doctest::Approx(0.6));
    CHECK(t.at(survey_column::senior_voices_missing, 0) == 0.0);
    CHECK(t.at(survey_column::invited, 0) == 4.0);
    CHECK(t.at(survey_column::answered, 0) == 3.0);

    SUBCASE("equal weights give the classic NPS") {
        vitals::survey_options o;
        o.role_weights = {1, 1, 1, 1, 1};
        CHECK(measures(1, r, o).at(survey_column::nps, 0) == doctest::Approx(0.0));  // 1 promoter, 1 detractor of 3
    }
    SUBCASE("a stricter target") {
        vitals::survey_options o;
        o.participation_target = 0.8;
        CHECK(measures(1, r, o).at(survey_column::participation_below_target, 0) == 1.0);
    }
    CHECK(vitals::column_name(survey_column::nps) == "survey_nps");
    CHECK(vitals::column_name(survey_column::senior_voices_missing) == "survey_senior_voices_missing");
}

TEST_CASE("survey: the edges") {
    SUBCASE("only managers answering: senior voices missing") {
        rows r;
        r.add(0, role::manager, 9);
        r.add(0, role::manager, 10);
        r.add(0, role::vp, NaN);       // invited, silent
        r.add(0, role::c_suite, NaN);  // invited, silent
        const auto t = measures(1, r);
        CHECK(t.at(survey_column::nps, 0) == 100.0);
        CHECK(t.at(survey_column::senior_voices_missing, 0) == 1.0);
        CHECK(t.at(survey_column::seniority_levels, 0) == 8.0);
        CHECK(t.at(survey_column::seniority_coverage, 0) == doctest::Approx(0.2));
        CHECK(t.at(survey_column::participation, 0) == 0.5);
        CHECK(t.at(survey_column::participation_below_target, 0) == 1.0);
    }
    SUBCASE("an account with no survey rows is missing, not zero") {
        rows r;
        r.add(1, role::vp, 7);
        const auto t = measures(3, r);
        for (std::size_t i : {std::size_t{0}, std::size_t{2}}) {
            for (survey_column c : {survey_column::nps, survey_column::participation,
                                    survey_column::participation_below_target, survey_column::seniority_levels,
                                    survey_column::seniority_coverage, survey_column::senior_voices_missing})
                CHECK(std::isnan(t.at(c, i)));
            CHECK(t.at(survey_column::invited, i) == 0.0);
            CHECK(t.at(survey_column::answered, i) == 0.0);
        }
        CHECK(t.at(survey_column::nps, 1) == 0.0);  // a passive
        CHECK(t.at(survey_column::senior_voices_missing, 1) == 0.0);
    }
    SUBCASE("no survey rows at all, and no accounts") {
        const auto t = measures(2, rows{});
        CHECK(std::isnan(t.at(survey_column::nps, 0)));
        CHECK(std::isnan(t.at(survey_column::participation, 1)));
        CHECK(measures(0, rows{}).data.empty());
    }
    SUBCASE("all invited, none answered") {
        rows r;
        r.add(0, role::c_suite, NaN);
        r.add(0, role::user, NaN);
        const auto t = measures(1, r);
        CHECK(std::isnan(t.at(survey_column::nps, 0)));
        CHECK(t.at(survey_column::participation, 0) == 0.0);
        CHECK(t.at(survey_column::participation_below_target, 0) == 1.0);
        CHECK(t.at(survey_column::seniority_levels, 0) == 0.0);
        CHECK(t.at(survey_column::seniority_coverage, 0) == 0.0);
        CHECK(t.at(survey_column::senior_voices_missing, 0) == 1.0);
        CHECK(t.at(survey_column::invited, 0) == 2.0);
    }
    SUBCASE("answers only from a zero-weight role: NPS NaN, participation counted") {
        rows r;
        r.add(0, role::user, 10);
        vitals::survey_options o;
        o.role_weights = {1, 1, 1, 1, 0};
        const auto t = measures(1, r, o);
        CHECK(std::isnan(t.at(survey_column::nps, 0)));
        CHECK(t.at(survey_column::participation, 0) == 1.0);
    }
    SUBCASE("only some columns wanted") {
        rows r;
        r.add(0, role::director, 3);
        std::vector<double> nps(1, 5.0);
        vitals::survey_outputs out;
        out.column(survey_column::nps) = nps;
        REQUIRE(vitals::survey_measures(1, {r.account, r.role, r.answer}, {}, out));
        CHECK(nps[0] == -100.0);
    }
}

TEST_CASE("survey: roles from text") {
    CHECK(vitals::parse_role("c_suite").value() == role::c_suite);
    CHECK(vitals::parse_role(" C-Suite ").value() == role::c_suite);
    CHECK(vitals::parse_role("c suite").value() == role::c_suite);
    CHECK(vitals::parse_role("VP").value() == role::vp);
    CHECK(vitals::parse_role("Director\r").value() == role::director);
    CHECK(vitals::parse_role("MANAGER").value() == role::manager);
    CHECK(vitals::parse_role("user").value() == role::user);
    auto e = vitals::parse_role("ceo", "surveys.csv:12:3");
    REQUIRE_FALSE(e);
    CHECK(e.error().code == vitals::errc::parse_error);
    CHECK(e.error().message ==
          "surveys.csv:12:3: unknown role \"ceo\" (expected c_suite, vp, director, manager or user)");
    CHECK_FALSE(vitals::parse_role(""));
    for (std::size_t k = 0; k < vitals::role_count; ++k) {
        const auto r = static_cast<role>(k);
        CHECK(vitals::parse_role(vitals::to_string(r)).value() == r);
        CHECK(vitals::level_bit(r) == (1u << k));
    }
}

TEST_CASE("survey: errors name the row or the option") {
    const auto err = [](std::int64_t accounts, const rows& r, vitals::survey_options o = {}) {
        std::vector<double> out(static_cast<std::size_t>(accounts) * vitals::survey_column_count);
        const auto columns = vitals::survey_outputs::block(out, static_cast<std::size_t>(accounts)).value();
        auto res = vitals::survey_measures(accounts, {r.account, r.role, r.answer}, o, columns);
        REQUIRE_FALSE(res);
        return res.error();
    };
    rows r;
    r.add(0, role::vp, 9);
    r.add(1, role::vp, 11);
    auto e = err(2, r);
    CHECK(e.code == vitals::errc::invalid_argument);
    CHECK(e.message == "row 1: answer 11 is not a whole number 0..10 (or empty: invited, no answer)");
    r.answer[1] = 7.5;
    CHECK(err(2, r).message.find("row 1: answer 7.5 is not") != std::string::npos);
    r.answer[1] = 7;
    CHECK(err(1, r).message.find("row 1: account index 1 is not one of the 1 accounts") != std::string::npos);
    r.role[0] = 5;
    CHECK(err(2, r).message.find("row 0: role code 5") != std::string::npos);
    r.role[0] = 0;
    r.answer.pop_back();
    CHECK(err(2, r).code == vitals::errc::shape_mismatch);
    r.answer.push_back(7);
    vitals::survey_options o;
    o.role_weights = {0, 0, 0, 0, 0};
    CHECK(err(2, r, o).message == "role_weights: all weights are zero");
    o = {};
    o.role_weights[1] = -1;
    CHECK(err(2, r, o).message.find("role_weights[vp]") != std::string::npos);
    o = {};
    o.participation_target = 1.5;
    CHECK(err(2, r, o).message.find("participation_target") != std::string::npos);
    std::vector<double> short_col(1);
    vitals::survey_outputs out;
    out.column(survey_column::participation) = short_col;
    auto res = vitals::survey_measures(2, {r.account, r.role, r.answer}, {}, out);
    REQUIRE_FALSE(res);
    CHECK(res.error().message.find("survey_participation: 1 entries for 2 accounts") != std::string::npos);
    CHECK(vitals::survey_measures(-1, {}, {}, {}).error().code == vitals::errc::invalid_argument);
    std::vector<double> small_block(2 * vitals::survey_column_count - 1);
    CHECK(vitals::survey_outputs::block(small_block, 2).error().code == vitals::errc::shape_mismatch);
    CHECK(vitals::survey_outputs::block(small_block, 1).has_value());
}

TEST_CASE("survey: random responses agree with a plain per-account reference") {
    std::mt19937_64 rng(4242);
    for (int round = 0; round < 100; ++round) {
        const std::int64_t accounts = static_cast<std::int64_t>(rng() % 12);
        const std::size_t n = accounts == 0 ? 0 : static_cast<std::size_t>(rng() % 60);
        rows r;
        for (std::size_t k = 0; k < n; ++k)
            r.add(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(accounts)),
                  static_cast<role>(rng() % 5), rng() % 3 == 0 ? NaN : static_cast<double>(rng() % 11));
        vitals::survey_options o;
        for (double& w : o.role_weights) w = static_cast<double>(rng() % 4);
        o.role_weights[rng() % 5] = 1.0;
        o.participation_target = static_cast<double>(rng() % 5) / 4.0;
        const auto t = measures(accounts, r, o);
        for (std::int64_t a = 0; a < accounts; ++a) {
            const auto i = static_cast<std::size_t>(a);
            double invited = 0, answered = 0, wsum = 0, wp = 0, wd = 0;
            std::array<bool, 5> level{};
            for (std::size_t k = 0; k < n; ++k) {
                if (r.account[k] != a) continue;
                invited += 1;
                if (std::isnan(r.answer[k])) continue;
                answered += 1;
                const double w = o.role_weights[static_cast<std::size_t>(r.role[k])];
                wsum += w;
                if (r.answer[k] >= 9) wp += w;
                if (r.answer[k] <= 6) wd += w;
                level[static_cast<std::size_t>(r.role[k])] = true;
            }
            CHECK(t.at(survey_column::invited, i) == invited);
            CHECK(t.at(survey_column::answered, i) == answered);
            if (invited == 0) {
                CHECK(std::isnan(t.at(survey_column::nps, i)));
                CHECK(std::isnan(t.at(survey_column::senior_voices_missing, i)));
                continue;
            }
            if (wsum > 0)
                CHECK(t.at(survey_column::nps, i) == doctest::Approx(100.0 * (wp - wd) / wsum));
            else
                CHECK(std::isnan(t.at(survey_column::nps, i)));
            CHECK(t.at(survey_column::participation, i) == doctest::Approx(answered / invited));
            CHECK(t.at(survey_column::participation_below_target, i) ==
                  (answered / invited < o.participation_target ? 1.0 : 0.0));
            double mask = 0, count = 0;
            for (std::size_t k = 0; k < 5; ++k)
                if (level[k]) {
                    mask += std::pow(2.0, static_cast<double>(k));
                    count += 1;
                }
            CHECK(t.at(survey_column::seniority_levels, i) == mask);
            CHECK(t.at(survey_column::seniority_coverage, i) == doctest::Approx(count / 5));
            CHECK(t.at(survey_column::senior_voices_missing, i) == ((level[0] || level[1] || level[2]) ? 0.0 : 1.0));
        }
    }
}

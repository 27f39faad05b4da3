// The synthetic account book: portable arithmetic, determinism, shape, and that it reads back.
#include "vitals/io/csv_reader.hpp"
#include "vitals/io/sample.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace vitals::io;

TEST_CASE("portable exp and log agree with the C library to a few ulp") {
    for (double x = -700; x <= 700; x += 0.731) {
        const double a = portable_exp(x), b = std::exp(x);
        CHECK(std::abs(a - b) <= 4e-16 * b);
    }
    for (double x = 1e-300; x < 1e300; x *= 7.3) {
        const double a = portable_log(x), b = std::log(x);
        CHECK(std::abs(a - b) <= 4e-16 * std::max(1.0, std::abs(b)));
    }
    CHECK(portable_log(1.0) == 0.0);
    CHECK(portable_exp(0.0) == 1.0);
}

TEST_CASE("xoshiro256** matches its reference stream") {
    // splitmix64 seeded with 0 gives the published first output 0xe220a8397b1dcdaf
    splitmix64 sm{0};
    CHECK(sm.next() == 0xE220A8397B1DCDAFull);
    xoshiro256ss a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) CHECK(a.next() == b.next());
    CHECK(a.next() != c.next());
    for (int i = 0; i < 1000; ++i) {
        const double u = a.uniform();
        CHECK((u >= 0.0 && u < 1.0));
    }
}

TEST_CASE("the sample: deterministic, independent of the book size, plausible") {
    const sample_generator g(42), h(42), other(7);
    std::string a, b, c;
    for (std::uint64_t i = 0; i < 200; ++i) {
        g.append_csv(a, i);
        h.append_csv(b, i);
        other.append_csv(c, i);
    }
    CHECK(a == b);
    CHECK(a != c);
    CHECK(sample_generator::account_id(0) == "ACC-00000001");
    CHECK(sample_generator::account_id(123456788) == "ACC-123456789");

    std::size_t churned = 0, missing = 0, n = 5000;
    for (std::uint64_t i = 0; i < n; ++i) {
        const sample_account s = g.account(i);
        const auto& v = s.values;
        // active users never exceed seats; shares in range
        if (!std::isnan(v[1]) && !std::isnan(v[2])) CHECK(v[2] <= v[1]);
        if (!std::isnan(v[4])) CHECK((v[4] >= 0 && v[4] <= 1));
        if (!std::isnan(v[7])) CHECK((v[7] >= -100 && v[7] <= 100));
        CHECK((v[13] == 0 || v[13] == 1));
        churned += v[13] == 1;
        for (double x : v) missing += std::isnan(x);
    }
    const double rate = static_cast<double>(churned) / static_cast<double>(n);
    CHECK(rate > 0.05);
    CHECK(rate < 0.2);
    CHECK(missing > 0);
}

TEST_CASE("the sample reads back through the CSV reader with the same values") {
    const sample_generator g(5);
    std::string text;
    sample_generator::append_header(text);
    for (std::uint64_t i = 0; i < 300; ++i) g.append_csv(text, i);
    std::string tmpl = (std::filesystem::temp_directory_path() / "vitals-sample-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    const auto path = std::filesystem::path(tmpl) / "s.csv";
    std::ofstream(path, std::ios::binary) << text;
    auto r = open_csv(path);
    REQUIRE(r);
    auto& reader = *r.value();
    REQUIRE(reader.columns().size() == sample_columns.size());
    selection sel;
    sel.id_column = 0;
    for (std::size_t j = 1; j < sample_columns.size(); ++j) sel.value_columns.push_back(j);
    REQUIRE(reader.select(sel));
    account_chunk c;
    REQUIRE(reader.read(c, 1000).value() == 300);
    for (std::uint64_t i = 0; i < 300; ++i) {
        const sample_account s = g.account(i);
        CHECK(c.ids[i] == sample_generator::account_id(i));
        for (std::size_t j = 0; j < s.values.size(); ++j) {
            const double x = c.values[i * c.cols + j];
            CHECK(((std::isnan(x) && std::isnan(s.values[j])) || x == s.values[j]));
        }
    }
    std::filesystem::remove_all(tmpl);
}

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t nl = text.find('\n', at);
        out.push_back(text.substr(at, nl - at));
        at = nl + 1;
    }
    return out;
}

std::vector<std::string> split(const std::string& line, char sep = ',') {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == sep && !quoted) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

}  // namespace

TEST_CASE("the sample's segments: the same accounts, two more columns; parents are earlier accounts") {
    const sample_generator g(42);
    std::string plain, with;
    sample_generator::append_header(plain);
    sample_generator::append_header(with, true);
    CHECK(with == plain.substr(0, plain.size() - 1) + ",segment,parent_id\n");
    std::size_t children = 0;
    for (std::uint64_t i = 0; i < 2000; ++i) {
        std::string a, b;
        g.append_csv(a, i);
        g.append_csv(b, i, true);
        const std::string p = g.parent_id(i);
        const sample_account s = g.account(i);
        CHECK(b == a.substr(0, a.size() - 1) + "," + std::string(sample_segments[static_cast<std::size_t>(s.segment)]) +
                       "," + p + "\n");
        if (!p.empty()) {
            ++children;
            CHECK(p < sample_generator::account_id(i));  // an earlier account of the book
            CHECK(g.parent_id(std::stoull(p.substr(4)) - 1).empty());  // parents have no parent
        }
    }
    CHECK(children > 60);
    CHECK(children < 200);
}

TEST_CASE("the sample's side files: deterministic, per account, agreeing with the accounts") {
    const sample_generator g(42), other(43);
    sample_calendar cal;
    CHECK(cal.period(0) == "2026-11");
    CHECK(cal.period(11) == "2025-12");
    CHECK(cal.period(23) == "2024-12");
    std::size_t differs = 0, declining = 0, all_missing = 0, only_managers = 0, unsurveyed = 0, previous_rows = 0, alerts = 0;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        const sample_account a = g.account(i);
        const std::string id = sample_generator::account_id(i);
        std::string h1, h2, h3;
        g.append_history(h1, i, cal);
        g.append_history(h2, i, cal);
        other.append_history(h3, i, cal);
        CHECK(h1 == h2);
        differs += h1 != h3;
        const auto rows = split_lines(h1);
        REQUIRE(rows.size() == 12);
        std::vector<double> users;
        for (std::size_t t = 0; t < rows.size(); ++t) {
            const auto f = split(rows[t]);
            REQUIRE(f.size() == 6);
            CHECK(f[0] == id);
            CHECK(f[1] == cal.period(static_cast<int>(11 - t)));
            users.push_back(f[2].empty() ? std::nan("") : std::stod(f[2]));
            if (!f[2].empty() && !std::isnan(a.values[1])) CHECK(std::stod(f[2]) <= a.values[1]);  // <= seats
        }
        // the newest period is the account's columns
        const auto last = split(rows.back());
        CHECK(last[2] == (std::isnan(a.values[2]) ? std::string() : std::to_string(static_cast<long>(a.values[2]))));
        CHECK(last[4] == (std::isnan(a.values[8]) ? std::string() : std::to_string(static_cast<long>(a.values[8]))));
        if (std::isnan(users.back())) all_missing += std::all_of(users.begin(), users.end(), [](double x) { return std::isnan(x); });
        else if (users[11] < users[10] && users[10] < users[9] && users[9] < users[8]) ++declining;

        std::string p1, p2;
        g.append_previous(p1, i, 50.0, cal);
        g.append_previous(p2, i, 50.0, cal);
        CHECK(p1 == p2);
        for (const std::string& row : split_lines(p1)) {
            const auto f = split(row);
            REQUIRE(f.size() == 4);
            CHECK(f[0] == id);
            CHECK((f[1] == "2026-08" || f[1] == "2026-09" || f[1] == "2026-10"));
            const double s = std::stod(f[2]);
            CHECK((s >= 0 && s <= 100));
            alerts += !f[3].empty();
            ++previous_rows;
        }

        std::string s1;
        g.append_surveys(s1, i);
        const auto answers = split_lines(s1);
        unsurveyed += answers.empty();
        bool manager_answered = false, other_answered = false;
        for (const std::string& row : answers) {
            const auto f = split(row);
            REQUIRE(f.size() == 4);
            CHECK(f[0] == id);
            CHECK(std::find(sample_roles.begin(), sample_roles.end(), f[2]) != sample_roles.end());
            if (!f[3].empty()) {
                const double x = std::stod(f[3]);
                CHECK((x >= 0 && x <= 10));
                (f[2] == "manager" ? manager_answered : other_answered) = true;
            }
        }
        only_managers += manager_answered && !other_answered;
    }
    CHECK(differs > 900);  // another seed, another history
    CHECK(declining > 50);
    CHECK(all_missing > 5);
    CHECK(only_managers > 20);
    CHECK(unsurveyed > 20);
    CHECK(previous_rows > 2000);
    CHECK(alerts > 50);
}

TEST_CASE("the sample's overrides: a few fixed accounts, one lapsed the day before as-of") {
    sample_calendar cal;
    std::string text;
    sample_generator::append_overrides(text, 1000, cal);
    const auto rows = split_lines(text);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == "account_id,target,value,reason,author,expires");
    CHECK(split(rows[2])[5] == "2026-11-29");
    CHECK(split(rows[3])[1] == "days_late");
    std::string few;
    sample_generator::append_overrides(few, 5, cal);  // only the accounts the book has
    CHECK(split_lines(few).size() == 3);
}

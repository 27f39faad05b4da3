// Derived-input expressions (vitals/expression.hpp): the grammar, the semantics (NaN in -> NaN
// out, division by zero -> missing), errors with the offset of the bad token, the nesting limit,
// and block evaluation giving the same bits as row evaluation.
#include "vitals/expression.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();

vitals::expression parse(const std::string& text) {
    auto e = vitals::expression::parse(text);
    REQUIRE_MESSAGE(e.has_value(), text << ": " << (e ? std::string() : e.error().message));
    return std::move(e).value();
}

/// The value of `text` with columns bound by name; also checks block evaluation gives the same bits.
double eval(const std::string& text, const std::map<std::string, double>& row = {}) {
    const vitals::expression e = parse(text);
    std::vector<double> values;
    for (const std::string& c : e.columns()) {
        auto it = row.find(c);
        REQUIRE_MESSAGE(it != row.end(), text << ": no value for column " << c);
        values.push_back(it->second);
    }
    const double v = e.evaluate_row(values);
    std::vector<const double*> cols;
    for (const double& x : values) cols.push_back(&x);
    double block = -1.0;
    std::vector<double> scratch;
    e.evaluate(cols, 1, &block, scratch);
    CHECK(std::bit_cast<std::uint64_t>(block) == std::bit_cast<std::uint64_t>(v));
    return v;
}

std::string error_of(const std::string& text) {
    auto e = vitals::expression::parse(text);
    REQUIRE_MESSAGE(!e.has_value(), text << " parsed");
    CHECK(e.error().code == vitals::errc::parse_error);
    return e.error().message;
}

}  // namespace

TEST_CASE("each operator") {
    const std::map<std::string, double> r{{"a", 7.0}, {"b", 2.0}, {"c", -3.0}};
    CHECK(eval("a + b", r) == 9.0);
    CHECK(eval("a - b", r) == 5.0);
    CHECK(eval("a * b", r) == 14.0);
    CHECK(eval("a / b", r) == 3.5);
    CHECK(eval("-a", r) == -7.0);
    CHECK(eval("+a", r) == 7.0);
    CHECK(eval("min(a, b)", r) == 2.0);
    CHECK(eval("max(a, b)", r) == 7.0);
    CHECK(eval("min(a, b, c)", r) == -3.0);
    CHECK(eval("max(c, b, a, 1)", r) == 7.0);
    CHECK(eval("abs(c)", r) == 3.0);
    CHECK(eval("42") == 42.0);
    CHECK(eval("1e3") == 1000.0);
    CHECK(eval("2.5E-1") == 0.25);
    CHECK(eval(".5") == 0.5);
    CHECK(eval("3.") == 3.0);
}

TEST_CASE("precedence and associativity") {
    const std::map<std::string, double> r{{"a", 8.0}, {"b", 4.0}, {"c", 2.0}};
    CHECK(eval("a - b - c", r) == 2.0);    // (a - b) - c, not a - (b - c) = 6
    CHECK(eval("a / b / c", r) == 1.0);    // (a / b) / c, not 4
    CHECK(eval("a / b * c", r) == 4.0);    // (a / b) * c, not 1
    CHECK(eval("a + b * c", r) == 16.0);   // * before +
    CHECK(eval("(a + b) * c", r) == 24.0);
    CHECK(eval("a - -b", r) == 12.0);
    CHECK(eval("-a * b", r) == -32.0);
    CHECK(eval("- (a - b)", r) == -4.0);
    CHECK(eval("a - b + c", r) == 6.0);
    CHECK(eval("2 * (a + min(b, c) * 3) - 1", r) == 27.0);
    CHECK(eval(" \t a\n+\r\nb ", r) == 12.0);
}

TEST_CASE("column names: identifiers, dots, backticks, reuse") {
    const vitals::expression e = parse("seats.used - `seats bought` + seats.used * `min`");
    REQUIRE(e.columns().size() == 3);
    CHECK(e.columns()[0] == "seats.used");
    CHECK(e.columns()[1] == "seats bought");
    CHECK(e.columns()[2] == "min");
    CHECK(eval("seats.used - `seats bought` + seats.used * `min`",
               {{"seats.used", 10.0}, {"seats bought", 12.0}, {"min", 0.5}}) == 3.0);
    CHECK(eval("_x1 + x_2", {{"_x1", 1.0}, {"x_2", 2.0}}) == 3.0);
}

TEST_CASE("NaN in, NaN out; division by zero is missing") {
    const std::map<std::string, double> r{{"a", 5.0}, {"m", qnan}, {"z", 0.0}, {"nz", -0.0}};
    for (const char* t : {"a + m", "m - a", "a * m", "m / a", "a / m", "-m", "abs(m)", "min(a, m)", "min(m, a)",
                          "max(a, m)", "max(m, a, 1)", "0 * m", "a / z", "a / nz", "z / z", "min(a / z, 1)"})
        CHECK_MESSAGE(std::isnan(eval(t, r)), t);
    CHECK(eval("z / a", r) == 0.0);
    CHECK(std::isinf(eval("1e308 * 10")));  // overflow is IEEE's
    // min of -0 and +0 is the first given
    CHECK(std::signbit(eval("min(nz, z)", r)));
    CHECK(!std::signbit(eval("min(z, nz)", r)));
}

TEST_CASE("unknown function, bad tokens and their offsets") {
    CHECK(error_of("a + b)") == "unexpected ')' at offset 5");
    CHECK(error_of("(a + b") == "expected ')' but the expression ends at offset 6");
    CHECK(error_of("a + * b") == "unexpected '*' at offset 4");
    CHECK(error_of("a b") == "unexpected 'b' at offset 2");
    CHECK(error_of("a +") == "unexpected end of the expression at offset 3");
    CHECK(error_of("a # b") == "unexpected '#' at offset 2");
    CHECK(error_of("sqrt(a)") ==
          "unknown function \"sqrt\" at offset 0 (the functions are min, max and abs; write a column named so in backticks)");
    CHECK(error_of("min(a)") == "min takes two or more arguments at offset 0");
    CHECK(error_of("x + abs(a, b)") == "abs takes one argument at offset 9");
    CHECK(error_of("max(a b)") == "expected ',' or ')', not 'b' at offset 6");
    CHECK(error_of("min(a,)") == "unexpected ')' at offset 6");
    CHECK(error_of("1e") == "malformed number: an exponent needs digits at offset 0");
    CHECK(error_of("2x") == "malformed number \"2x\" at offset 0");
    CHECK(error_of("1.2.3") == "malformed number \"1.2.\" at offset 0");
    CHECK(error_of("1e999") == "number \"1e999\" is out of range at offset 0");
    CHECK(error_of("a + `b") == "unterminated `quoted` column name at offset 4");
    CHECK(error_of("``") == "empty `quoted` column name at offset 0");
    CHECK(error_of("a\x01") == "unexpected character (byte 1) at offset 1");
    CHECK(error_of("()") == "unexpected ')' at offset 1");
    CHECK(error_of("") == "empty expression");
    CHECK(error_of("   ") == "empty expression");
}

TEST_CASE("nesting and length are bounded: an error, not a crash") {
    const std::size_t L = vitals::expression::max_nesting;
    CHECK(eval(std::string(L, '(') + "1" + std::string(L, ')')) == 1.0);
    CHECK(error_of(std::string(L + 1, '(') + "1" + std::string(L + 1, ')')) ==
          "the expression nests more than 64 levels deep at offset 64");
    CHECK(error_of(std::string(100000, '(')).find("characters long") != std::string::npos);
    CHECK(error_of(std::string(1000, '-') + "a") == "the expression nests more than 64 levels deep at offset 64");
    std::string calls;
    for (int i = 0; i < 100; ++i) calls += "min(1, ";
    CHECK(error_of(calls) == "the expression nests more than 64 levels deep at offset 448");
    // a long flat expression is fine: the stack stays shallow
    std::string flat = "a";
    for (int i = 0; i < 5000; ++i) flat += " + a";
    const vitals::expression e = parse(flat);
    CHECK(e.stack_depth() == 2);
    CHECK(eval(flat, {{"a", 1.0}}) == 5001.0);
    std::string many = "min(a";
    for (int i = 0; i < 1000; ++i) many += ", " + std::to_string(i);
    CHECK(parse(many + ")").stack_depth() == 2);
}

TEST_CASE("block evaluation equals row evaluation bit for bit, with missing values") {
    std::mt19937_64 rng(15);
    std::uniform_real_distribution<double> u(-100.0, 100.0);
    const char* texts[] = {"a + b + c + d", "a - b * c / d", "min(a, b * 2, c) - max(d, -a)", "abs(a - b) / (c + d)",
                           "(a + b) / (c - c)", "a * 1e-3 + 7", "-(-(a)) / b * c", "a"};
    const std::size_t n = 1000;
    std::vector<std::vector<double>> cols(4, std::vector<double>(n));
    for (auto& c : cols)
        for (double& x : c) {
            const auto roll = rng() % 100;
            x = roll < 5 ? qnan : roll < 8 ? 0.0 : u(rng);
        }
    for (const char* t : texts) {
        const vitals::expression e = parse(t);
        std::vector<const double*> ptr;
        for (const std::string& c : e.columns()) ptr.push_back(cols[static_cast<std::size_t>(c[0] - 'a')].data());
        std::vector<double> out(n), scratch;
        e.evaluate(ptr, n, out.data(), scratch);
        std::size_t same = 0, missing = 0;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<double> row;
            for (const double* p : ptr) row.push_back(p[i]);
            const double v = e.evaluate_row(row);
            same += std::bit_cast<std::uint64_t>(v) == std::bit_cast<std::uint64_t>(out[i]) ? 1 : 0;
            missing += std::isnan(v) ? 1 : 0;
        }
        CHECK_MESSAGE(same == n, t);
        CHECK_MESSAGE(missing > 0, t);  // the missing values reached the result
    }
}

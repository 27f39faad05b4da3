// libFuzzer target: derived-input expressions (vitals::expression::parse, evaluate_row, evaluate)
// on arbitrary text. Properties: parsing returns (never throws, never crashes, however deep the
// nesting); an error is a parse_error whose message names an offset inside the text (or is about
// the whole text: empty, too long); a parsed expression evaluates every row the same, bit for bit,
// row by row and block-wise, on fuzzer-chosen values with missing ones; a missing operand makes
// the result missing.
#include "fuzz_check.hpp"

#include "vitals/expression.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using vitals::fuzz::check;
    vitals::fuzz::bytes in(data, size);
    const std::size_t rows = in.pick(1, 9);
    const std::uint8_t seed = in.byte();
    const std::string_view text = in.rest();
    auto e = vitals::expression::parse(text);
    if (!e) {
        const std::string& m = e.error().message;
        check(e.error().code == vitals::errc::parse_error, "a parse failure is parse_error", m);
        const std::size_t at = m.rfind(" at offset ");
        if (at != std::string::npos) {
            std::size_t off = 0;
            for (std::size_t i = at + 11; i < m.size() && m[i] >= '0' && m[i] <= '9'; ++i) off = off * 10 + static_cast<std::size_t>(m[i] - '0');
            check(off <= text.size(), "the offset of a bad token lies in the text", m);
        } else {
            check(m == "empty expression" || m.find("characters long") != std::string::npos,
                  "a parse error names an offset", m);
        }
        return 0;
    }
    const vitals::expression& x = e.value();
    check(x.stack_depth() >= 1 && x.stack_depth() <= 3 * vitals::expression::max_nesting + 3, "the stack is bounded");
    const std::size_t C = x.columns().size();
    // values per column: a few fixed patterns (NaN, 0, -0, inf, ordinary numbers) picked by the seed
    static const double pool[] = {std::numeric_limits<double>::quiet_NaN(), 0.0, -0.0, 1.0, -2.5, 1e300,
                                  -std::numeric_limits<double>::infinity(), 3.0, 0.125, 7e-310};
    std::vector<std::vector<double>> cols(C, std::vector<double>(rows));
    for (std::size_t c = 0; c < C; ++c)
        for (std::size_t i = 0; i < rows; ++i) cols[c][i] = pool[(seed + 7 * c + 3 * i) % 10];
    std::vector<const double*> ptr;
    for (const auto& c : cols) ptr.push_back(c.data());
    std::vector<double> out(rows), scratch;
    x.evaluate(ptr, rows, out.data(), scratch);
    std::vector<double> row(C);
    for (std::size_t i = 0; i < rows; ++i) {
        bool any_missing = false;
        for (std::size_t c = 0; c < C; ++c) {
            row[c] = cols[c][i];
            any_missing = any_missing || std::isnan(row[c]);
        }
        const double v = x.evaluate_row(row);
        check(std::bit_cast<std::uint64_t>(v) == std::bit_cast<std::uint64_t>(out[i]),
              "block evaluation equals row evaluation bit for bit", text);
        if (any_missing) check(std::isnan(v), "a missing operand makes the result missing", text);
    }
    return 0;
}

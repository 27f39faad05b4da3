// vitals/text.hpp: UTF-8 checked byte by byte against the Unicode standard's table of well-formed
// byte sequences (Table 3-7), over every 1- to 3-byte sequence and random 4-byte ones; and JSON
// string literals that nlohmann-json reads back as the text (U+FFFD for each byte not UTF-8).
#include "vitals/text.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <random>
#include <string>

namespace {

/// Table 3-7 of the Unicode standard, row by row: the length of the well-formed sequence at the
/// start of `s` (1 to 4), or 0.
std::size_t well_formed(const std::string& s) {
    const auto in = [&](std::size_t k, int lo, int hi) {
        return k < s.size() && static_cast<std::uint8_t>(s[k]) >= lo && static_cast<std::uint8_t>(s[k]) <= hi;
    };
    if (in(0, 0x00, 0x7F)) return 1;
    if (in(0, 0xC2, 0xDF)) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (in(0, 0xE0, 0xE0)) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (in(0, 0xE1, 0xEC) || in(0, 0xEE, 0xEF)) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (in(0, 0xED, 0xED)) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (in(0, 0xF0, 0xF0)) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (in(0, 0xF1, 0xF3)) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (in(0, 0xF4, 0xF4)) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

std::size_t checked(const std::string& s) {
    if (static_cast<std::uint8_t>(s[0]) < 0x80) return 1;
    return vitals::utf8_sequence(s, 0);
}

}  // namespace

TEST_CASE("utf8_sequence: every 1-, 2- and 3-byte sequence and random 4-byte ones, as Table 3-7") {
    std::size_t valid = 0;
    for (int a = 0; a < 256; ++a) {
        const std::string one(1, static_cast<char>(a));
        REQUIRE(checked(one) == well_formed(one));
        for (int b = 0; b < 256; ++b) {
            const std::string two{static_cast<char>(a), static_cast<char>(b)};
            REQUIRE(checked(two) == well_formed(two));
            if (a < 0xE0 || a > 0xF4) continue;
            for (int c = 0; c < 256; ++c) {
                const std::string three{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
                REQUIRE(checked(three) == well_formed(three));
                valid += well_formed(three) == 3;
            }
        }
    }
    CHECK(valid == 0x10000 - 0x800 - 0x800);  // U+0800..U+FFFF without the surrogates
    std::mt19937_64 rng(7);
    for (int k = 0; k < 200000; ++k) {
        const auto r = rng();
        std::string four{static_cast<char>(0xF0 + r % 8), static_cast<char>(r >> 8), static_cast<char>(r >> 16),
                         static_cast<char>(r >> 24)};
        if (k % 2 == 0) four[1] = static_cast<char>(0x80 | ((r >> 32) & 0x3F));  // often a real continuation
        REQUIRE(checked(four) == well_formed(four));
    }
}

TEST_CASE("invalid_utf8_at: the first byte that is not UTF-8") {
    CHECK(vitals::invalid_utf8_at("") == std::string_view::npos);
    CHECK(vitals::invalid_utf8_at("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == std::string_view::npos);
    CHECK(vitals::invalid_utf8_at("caf\xE9") == 3);            // latin-1
    CHECK(vitals::invalid_utf8_at("ab\xC0\xAF") == 2);         // overlong '/'
    CHECK(vitals::invalid_utf8_at("\xED\xA0\x80") == 0);       // a surrogate
    CHECK(vitals::invalid_utf8_at("x\xF4\x90\x80\x80") == 1);  // beyond U+10FFFF
    CHECK(vitals::invalid_utf8_at("\xE2\x82") == 0);           // truncated
}

TEST_CASE("append_json_string: read back as the text; each byte not UTF-8 as U+FFFD") {
    std::mt19937_64 rng(11);
    for (int k = 0; k < 20000; ++k) {
        std::string text;
        const std::size_t n = rng() % 12;
        for (std::size_t i = 0; i < n; ++i) {
            const auto r = rng();
            switch (r % 4) {
            case 0: text += static_cast<char>(r >> 8); break;                  // any byte
            case 1: text += static_cast<char>((r >> 8) % 0x20); break;        // a control character
            case 2: text += "\"\\/"[(r >> 8) % 3]; break;
            default: text += "\xC3\xA9"; break;                               // é
            }
        }
        std::string literal;
        vitals::append_json_string(literal, text);
        const nlohmann::json back = nlohmann::json::parse(literal);  // throws (fails) if not JSON
        REQUIRE(back.is_string());
        // the expected text: the input with each byte that starts no valid sequence replaced
        std::string expected;
        for (std::size_t i = 0; i < text.size();) {
            if (static_cast<std::uint8_t>(text[i]) < 0x80) {
                expected += text[i++];
            } else if (const std::size_t len = well_formed(text.substr(i))) {
                expected += text.substr(i, len);
                i += len;
            } else {
                expected += "\xEF\xBF\xBD";
                ++i;
            }
        }
        REQUIRE(back.get<std::string>() == expected);
        CHECK(literal.find('\n') == std::string::npos);  // one line: NDJSON-safe
    }
}

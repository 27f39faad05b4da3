// Vitals — the categories normaliser: text levels with one sub-score each (yes / no; a contract
// type; Low / Medium / High).
#pragma once

#include "vitals/normalise/normaliser.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// What a reader does with a text that is none of a column's levels.
enum class unseen_level {
    missing,  ///< the value is missing (the measure drops out, coverage falls)
    error,    ///< the row is bad: an error naming the row, the column and the levels
};

[[nodiscard]] constexpr std::string_view to_string(unseen_level u) noexcept {
    return u == unseen_level::missing ? "missing" : "error";
}

/// Levels with a sub-score each. An account carries its level as a *code*: the level's index in
/// `levels` (0, 1, 2, ... as a double); NaN, and any value that is not a code, is missing. The
/// readers (CSV, SQLite, PostgreSQL) turn a categorical column's text into codes with level_code();
/// a host of the C ABI or Python passes codes, or text that the binding encodes.
///
/// Matching text to a level ignores leading and trailing spaces and tabs and ASCII letter case:
/// " yes", "Yes" and "YES" are the level "Yes". Two levels may not match the same text.
struct categories {
    std::vector<std::string> levels;
    std::vector<double> scores;
    unseen_level unseen = unseen_level::missing;

    [[nodiscard]] static constexpr std::string_view kind() noexcept { return "categories"; }

    /// Code -> sub-score; anything that is not a code (NaN, 1.5, -1, past the last level) -> NaN.
    void apply(std::span<const double> in, std::span<double> out) const noexcept {
        const double L = static_cast<double>(scores.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
            const double c = in[i];
            out[i] = (c >= 0.0 && c < L && c == std::floor(c)) ? scores[static_cast<std::size_t>(c)]
                                                                  : std::numeric_limits<double>::quiet_NaN();
        }
    }

    /// The text with surrounding spaces and tabs removed.
    [[nodiscard]] static constexpr std::string_view trimmed(std::string_view s) noexcept {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }

    /// Whether two texts name the same level (trimmed, ASCII case ignored).
    [[nodiscard]] static constexpr bool same_level(std::string_view a, std::string_view b) noexcept {
        a = trimmed(a);
        b = trimmed(b);
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
            if (x != y) return false;
        }
        return true;
    }

    /// Whether `other` lists the same levels in the same order (so a code means the same level).
    [[nodiscard]] bool same_levels(const categories& other) const noexcept {
        if (levels.size() != other.levels.size()) return false;
        for (std::size_t l = 0; l < levels.size(); ++l)
            if (!same_level(levels[l], other.levels[l])) return false;
        return true;
    }

    /// The code of a text, or nullopt when it is none of the levels.
    [[nodiscard]] std::optional<std::size_t> level_code(std::string_view text) const noexcept {
        for (std::size_t l = 0; l < levels.size(); ++l)
            if (same_level(text, levels[l])) return l;
        return std::nullopt;
    }

    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        if (levels.empty()) p.push_back({"/levels", "at least one level is required"});
        for (std::size_t l = 0; l < levels.size(); ++l) {
            if (trimmed(levels[l]).empty()) p.push_back({"/levels/" + std::to_string(l), "a level must not be empty"});
            for (std::size_t k = 0; k < l; ++k)
                if (same_level(levels[l], levels[k]))
                    p.push_back({"/levels/" + std::to_string(l),
                                 "\"" + levels[l] + "\" is the same level as \"" + levels[k] +
                                     "\" (levels match ignoring case and surrounding spaces)"});
        }
        if (scores.size() != levels.size())
            p.push_back({"/scores", "there must be one score per level (" + std::to_string(levels.size()) +
                                        " expected, " + std::to_string(scores.size()) + " given)"});
        for (std::size_t j = 0; j < scores.size(); ++j)
            if (!(scores[j] >= 0.0 && scores[j] <= 1.0))
                p.push_back({"/scores/" + std::to_string(j), "scores must lie in [0, 1]"});
        return p;
    }

    friend bool operator==(const categories&, const categories&) = default;
};

}  // namespace v1
}  // namespace vitals

// Vitals — stakeholder-weighted survey measures per account.
//
// Input: one row per invited stakeholder: the account (an index 0..accounts-1), the respondent's
// role (c_suite, vp, director, manager, user) and the answer to "how likely are you to recommend
// us" on 0..10 (a whole number), or NaN when the stakeholder was invited but did not answer.
// Output: named columns, one value per account, that feed scorecard measures like any column:
//
//   survey_nps                    100 x (W_promoters - W_detractors) / W_answered, in [-100, 100],
//                                 where W_x sums the role weights of the respondents in x:
//                                 promoters answer 9 or 10, detractors 0..6, passives 7 or 8 count
//                                 in W_answered only. NaN when no one answered (or every answering
//                                 role weighs 0).
//   survey_participation          answered / invited (each row counts 1, whatever the role), [0, 1]
//   survey_participation_below_target   1 when participation < the target (default 0.75), else 0
//   survey_seniority_levels       bitmask of the levels that answered: bit r set when a respondent
//                                 of role r answered (c_suite 1, vp 2, director 4, manager 8, user 16)
//   survey_seniority_coverage     levels that answered / 5 (all five levels), [0, 1]
//   survey_senior_voices_missing  1 when no one above manager (c_suite, vp, director) answered, else 0
//   survey_invited                rows (invited stakeholders) of the account
//   survey_answered               rows with an answer
//
// An account with no survey rows gets NaN in every measure column (missing, not zero), and 0 in
// the two counts. An account whose invitees all did not answer has NaN NPS, participation 0,
// below target 1, levels 0, coverage 0 and senior voices missing 1.
//
// Default role weights (`role_weights`): c_suite 3, vp 2, director 1.5, manager 1, user 0.5 — an
// executive's view of the relationship counts three times a manager's, a user's half.
#pragma once

#include "vitals/detail/format.hpp"
#include "vitals/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// A respondent's role, most senior first. Values are stable (the C ABI uses the same numbers).
enum class role : std::int32_t { c_suite = 0, vp = 1, director = 2, manager = 3, user = 4 };

/// The number of roles.
inline constexpr std::size_t role_count = 5;

/// "c_suite", "vp", "director", "manager", "user".
[[nodiscard]] constexpr std::string_view to_string(role r) noexcept {
    switch (r) {
    case role::c_suite: return "c_suite";
    case role::vp: return "vp";
    case role::director: return "director";
    case role::manager: return "manager";
    case role::user: return "user";
    }
    return "unknown";
}

/// A role from text: c_suite, vp, director, manager or user, case-insensitive, surrounding spaces
/// ignored; "c-suite" and "c suite" are read as c_suite. `where` names the place for the error
/// message (e.g. "surveys.csv:12:3" or "row 12"). Error: parse_error naming the place and the text.
[[nodiscard]] inline result<role> parse_role(std::string_view text, std::string_view where = "role") {
    std::string_view t = text;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
    std::string k;
    k.reserve(t.size());
    for (char c : t) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '-' || c == ' ') c = '_';
        k.push_back(c);
    }
    for (std::size_t r = 0; r < role_count; ++r)
        if (k == to_string(static_cast<role>(r))) return static_cast<role>(r);
    return fail(errc::parse_error, std::string(where) + ": unknown role \"" + std::string(text) +
                                       "\" (expected c_suite, vp, director, manager or user)");
}

/// The weights and the participation target.
struct survey_options {
    /// Weight per role, indexed by `static_cast<std::size_t>(role)`: finite, >= 0, not all zero.
    std::array<double, role_count> role_weights{3.0, 2.0, 1.5, 1.0, 0.5};
    double participation_target = 0.75;  ///< in [0, 1]

    [[nodiscard]] double weight(role r) const noexcept { return role_weights[static_cast<std::size_t>(r)]; }

    [[nodiscard]] result<void> validate() const {
        double total = 0.0;
        for (std::size_t r = 0; r < role_count; ++r) {
            const double w = role_weights[r];
            if (!(std::isfinite(w) && w >= 0.0))
                return fail(errc::invalid_argument, "role_weights[" + std::string(to_string(static_cast<role>(r))) +
                                                        "]: must be a finite number >= 0, not " +
                                                        vitals::detail::format_number(w));
            total += w;
        }
        if (total == 0.0) return fail(errc::invalid_argument, "role_weights: all weights are zero");
        if (!(participation_target >= 0.0 && participation_target <= 1.0))
            return fail(errc::invalid_argument, "participation_target: must lie in [0, 1], not " +
                                                    vitals::detail::format_number(participation_target));
        return boost::outcome_v2::success();
    }
};

/// The output columns, in their stable order (the C ABI's column-major block uses it).
enum class survey_column : std::int32_t {
    nps = 0,
    participation = 1,
    participation_below_target = 2,
    seniority_levels = 3,
    seniority_coverage = 4,
    senior_voices_missing = 5,
    invited = 6,
    answered = 7,
};

/// The number of output columns.
inline constexpr std::size_t survey_column_count = 8;

/// The column name, e.g. "survey_nps".
[[nodiscard]] constexpr std::string_view column_name(survey_column c) noexcept {
    switch (c) {
    case survey_column::nps: return "survey_nps";
    case survey_column::participation: return "survey_participation";
    case survey_column::participation_below_target: return "survey_participation_below_target";
    case survey_column::seniority_levels: return "survey_seniority_levels";
    case survey_column::seniority_coverage: return "survey_seniority_coverage";
    case survey_column::senior_voices_missing: return "survey_senior_voices_missing";
    case survey_column::invited: return "survey_invited";
    case survey_column::answered: return "survey_answered";
    }
    return "";
}

/// The bit of a role in survey_seniority_levels.
[[nodiscard]] constexpr std::uint32_t level_bit(role r) noexcept { return 1u << static_cast<std::uint32_t>(r); }

/// Caller-owned outputs, one column per entry of `survey_column`; each is empty (not written) or
/// has one value per account. `column(c)` picks one by its enum.
struct survey_outputs {
    std::array<std::span<double>, survey_column_count> columns{};

    [[nodiscard]] std::span<double>& column(survey_column c) noexcept {
        return columns[static_cast<std::size_t>(c)];
    }
    /// Every column from one column-major block of `accounts` x survey_column_count doubles
    /// (column c at data[c * accounts]). Error: shape_mismatch when `data` is shorter.
    [[nodiscard]] static result<survey_outputs> block(std::span<double> data, std::size_t accounts) {
        if (accounts > data.size() / survey_column_count || data.size() < accounts * survey_column_count)
            return fail(errc::shape_mismatch, "survey outputs: " + std::to_string(data.size()) + " doubles for " +
                                                  std::to_string(accounts) + " accounts x " +
                                                  std::to_string(survey_column_count) + " columns");
        survey_outputs o;
        for (std::size_t c = 0; c < survey_column_count; ++c) o.columns[c] = data.subspan(c * accounts, accounts);
        return o;
    }
};

/// The survey rows as parallel columns, one entry per invited stakeholder.
struct survey_responses {
    std::span<const std::int64_t> account;  ///< 0..accounts-1
    std::span<const std::int32_t> role;     ///< a `vitals::role` value, 0..4
    std::span<const double> answer;         ///< 0..10 whole number, or NaN (invited, no answer)
};

/// Compute the survey columns for `accounts` accounts. Errors: shape_mismatch (column lengths,
/// an output neither empty nor `accounts` long), invalid_argument (options; a row whose account is
/// out of range, whose role code is not 0..4, or whose answer is not NaN nor a whole number in
/// 0..10: the message names the row).
[[nodiscard]] inline result<void> survey_measures(std::int64_t accounts, const survey_responses& rows,
                                                  const survey_options& options, const survey_outputs& out) {
    VITALS_TRY(options.validate());
    if (accounts < 0) return fail(errc::invalid_argument, "accounts: must not be negative");
    const std::size_t rows_n = rows.account.size();
    if (rows.role.size() != rows_n || rows.answer.size() != rows_n)
        return fail(errc::shape_mismatch, "survey rows: account " + std::to_string(rows_n) + ", role " +
                                              std::to_string(rows.role.size()) + ", answer " +
                                              std::to_string(rows.answer.size()) + " entries (one of each per row)");
    const auto n = static_cast<std::size_t>(accounts);
    for (std::size_t c = 0; c < survey_column_count; ++c)
        if (!out.columns[c].empty() && out.columns[c].size() != n)
            return fail(errc::shape_mismatch, std::string(column_name(static_cast<survey_column>(c))) + ": " +
                                                  std::to_string(out.columns[c].size()) + " entries for " +
                                                  std::to_string(n) + " accounts (pass one per account, or none)");
    for (std::size_t i = 0; i < rows_n; ++i) {
        const std::string row = "row " + std::to_string(i);
        if (rows.account[i] < 0 || rows.account[i] >= accounts)
            return fail(errc::invalid_argument, row + ": account index " + std::to_string(rows.account[i]) +
                                                    " is not one of the " + std::to_string(accounts) + " accounts");
        if (rows.role[i] < 0 || rows.role[i] >= static_cast<std::int32_t>(role_count))
            return fail(errc::invalid_argument,
                        row + ": role code " + std::to_string(rows.role[i]) + " is not 0..4 (c_suite..user)");
        const double a = rows.answer[i];
        if (!std::isnan(a) && !(a >= 0.0 && a <= 10.0 && a == std::floor(a)))
            return fail(errc::invalid_argument, row + ": answer " + vitals::detail::format_number(a) +
                                                    " is not a whole number 0..10 (or empty: invited, no answer)");
    }

    struct tally {
        double promoters = 0.0, detractors = 0.0, answered_weight = 0.0;
        std::int64_t invited = 0, answered = 0;
        std::uint32_t levels = 0;
        // answers per role (promoters, detractors, answered): to recompute the NPS with scaled
        // weights when the weighted sums overflow (weights near the largest double, issue 13)
        std::array<std::int64_t, role_count> role_promoters{}, role_detractors{}, role_answered{};
    };
    std::vector<tally> t(n);
    for (std::size_t i = 0; i < rows_n; ++i) {
        tally& a = t[static_cast<std::size_t>(rows.account[i])];
        const auto r = static_cast<role>(rows.role[i]);
        ++a.invited;
        const double ans = rows.answer[i];
        if (std::isnan(ans)) continue;
        ++a.answered;
        a.levels |= level_bit(r);
        const double w = options.weight(r);
        a.answered_weight += w;
        ++a.role_answered[static_cast<std::size_t>(r)];
        if (ans >= 9.0) {
            a.promoters += w;
            ++a.role_promoters[static_cast<std::size_t>(r)];
        } else if (ans <= 6.0) {
            a.detractors += w;
            ++a.role_detractors[static_cast<std::size_t>(r)];
        }
    }
    double largest_weight = 0.0;
    for (double w : options.role_weights) largest_weight = std::max(largest_weight, w);
    // The NPS of one account: the weighted sums as accumulated, or, when they overflowed (the
    // weights are finite, so only their sums can be infinite), recomputed with every weight divided
    // by the largest (the ratio is the same; the sums are then at most the number of rows).
    const auto nps_of = [&](const tally& a) {
        if (!(a.answered_weight > 0.0)) return std::numeric_limits<double>::quiet_NaN();
        if (std::isfinite(a.answered_weight) && std::isfinite(a.promoters) && std::isfinite(a.detractors))
            return 100.0 * (a.promoters - a.detractors) / a.answered_weight;
        double p = 0.0, d = 0.0, w = 0.0;
        for (std::size_t r = 0; r < role_count; ++r) {
            const double scaled = options.role_weights[r] / largest_weight;
            p += scaled * static_cast<double>(a.role_promoters[r]);
            d += scaled * static_cast<double>(a.role_detractors[r]);
            w += scaled * static_cast<double>(a.role_answered[r]);
        }
        return 100.0 * (p - d) / w;
    };
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr std::uint32_t senior = (1u << 0) | (1u << 1) | (1u << 2);
    const auto put = [&](survey_column c, std::size_t i, double v) {
        std::span<double> col = out.columns[static_cast<std::size_t>(c)];
        if (!col.empty()) col[i] = v;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const tally& a = t[i];
        put(survey_column::invited, i, static_cast<double>(a.invited));
        put(survey_column::answered, i, static_cast<double>(a.answered));
        if (a.invited == 0) {
            for (survey_column c : {survey_column::nps, survey_column::participation,
                                    survey_column::participation_below_target, survey_column::seniority_levels,
                                    survey_column::seniority_coverage, survey_column::senior_voices_missing})
                put(c, i, nan);
            continue;
        }
        const double participation = static_cast<double>(a.answered) / static_cast<double>(a.invited);
        int levels = 0;
        for (std::size_t r = 0; r < role_count; ++r) levels += (a.levels >> r) & 1u;
        put(survey_column::nps, i, nps_of(a));
        put(survey_column::participation, i, participation);
        put(survey_column::participation_below_target, i, participation < options.participation_target ? 1.0 : 0.0);
        put(survey_column::seniority_levels, i, static_cast<double>(a.levels));
        put(survey_column::seniority_coverage, i, static_cast<double>(levels) / static_cast<double>(role_count));
        put(survey_column::senior_voices_missing, i, (a.levels & senior) == 0 ? 1.0 : 0.0);
    }
    return boost::outcome_v2::success();
}

}  // namespace v1
}  // namespace vitals

// Vitals — parent / child roll-up: a parent account's score as the ARR-weighted mean of its
// children's.
//
// The hierarchy is one parent index per account (`no_parent` = -1 for a top-level account);
// `resolve_parents` builds it from text ids. Hierarchies nest to any depth. For an account with
// children (a parent):
//
//   rolled score = sum over its leaf descendants l with a score and an ARR of ARR_l x score_l
//                  / sum of the same ARR_l
//
// which is the same as the ARR-weighted mean of its children's rolled scores, each child weighing
// the ARR that stands behind its own rolled score: rolling up level by level and rolling up in one
// step agree. A parent's own score and ARR are not used (its rolled score replaces its own score;
// for an account without children the rolled score is its own score). Leaves without a score or
// without an ARR are left out of the mean and reported by the coverage:
//
//   coverage = ARR of the leaf descendants in the mean / ARR of all leaf descendants with a known ARR
//   leaves, scored_leaves = the counts of leaf descendants, and of those in the mean
//
// A parent whose leaves carry no ARR (zero total revenue), or none of which is scored, has a NaN
// rolled score (never invented); its coverage is NaN when the leaves' known ARR sums to 0. For an
// account without children: leaves = 1, scored_leaves = coverage = 1 when it has a score and an ARR
// (else 0). Errors: a parent index out of range and a cycle (an account its own ancestor) name the
// account ids (or "account <index>" when no ids are given).
#pragma once

#include "vitals/error.hpp"
#include "vitals/portfolio/quadrant.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace portfolio {

/// The parent index of a top-level account.
inline constexpr std::int64_t no_parent = -1;

/// Caller-owned outputs, one entry per account; any may be empty (not written).
struct rollup_outputs {
    std::span<double> score;               ///< rolled score (own score for an account without children)
    std::span<double> coverage;            ///< ARR share of the leaf descendants behind the score
    std::span<std::int64_t> leaves;        ///< leaf descendants (1 for an account without children)
    std::span<std::int64_t> scored_leaves; ///< leaf descendants in the mean
};

namespace detail {

[[nodiscard]] inline std::string account_name(std::span<const std::string_view> ids, std::size_t i) {
    if (i < ids.size()) return "\"" + std::string(ids[i]) + "\"";
    return "account " + std::to_string(i);
}

}  // namespace detail

/// Parent indices from text ids: `parent_ids[i]` is the id of account i's parent, or empty for a
/// top-level account. Errors: shape_mismatch (lengths), invalid_argument for an empty or duplicate
/// account id and unknown_column for a parent id that names no account (messages name the row and
/// the ids). Cycles are found by `roll_up`.
[[nodiscard]] inline result<void> resolve_parents(std::span<const std::string_view> ids,
                                                  std::span<const std::string_view> parent_ids,
                                                  std::span<std::int64_t> parent) {
    if (parent_ids.size() != ids.size() || parent.size() != ids.size())
        return fail(errc::shape_mismatch, "ids: " + std::to_string(ids.size()) + ", parent_ids: " +
                                              std::to_string(parent_ids.size()) + ", parent: " +
                                              std::to_string(parent.size()) + " (one of each per account)");
    std::unordered_map<std::string_view, std::size_t> row_of;
    row_of.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i].empty()) return fail(errc::invalid_argument, "ids[" + std::to_string(i) + "]: empty account id");
        if (auto [it, fresh] = row_of.emplace(ids[i], i); !fresh)
            return fail(errc::invalid_argument, "ids[" + std::to_string(i) + "]: duplicate account id \"" +
                                                    std::string(ids[i]) + "\" (first at row " +
                                                    std::to_string(it->second) + ")");
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (parent_ids[i].empty()) {
            parent[i] = no_parent;
            continue;
        }
        auto it = row_of.find(parent_ids[i]);
        if (it == row_of.end())
            return fail(errc::unknown_column, "parent_ids[" + std::to_string(i) + "]: account \"" +
                                                  std::string(ids[i]) + "\" names an unknown parent \"" +
                                                  std::string(parent_ids[i]) + "\"");
        parent[i] = static_cast<std::int64_t>(it->second);
    }
    return boost::outcome_v2::success();
}

/// Roll scores up the hierarchy (see the header comment). `ids` (optional, one per account) only
/// serve the error messages. Errors: shape_mismatch (lengths), invalid_argument (an ARR or score
/// out of its domain, a parent index out of range, a cycle: the message lists the accounts on it).
[[nodiscard]] inline result<void> roll_up(std::span<const double> arr, std::span<const double> score,
                                          std::span<const std::int64_t> parent, const rollup_outputs& out,
                                          std::span<const std::string_view> ids = {}) {
    VITALS_TRY(detail::check_portfolio(arr, score));
    const std::size_t n = arr.size();
    if (parent.size() != n)
        return fail(errc::shape_mismatch, "parent: " + std::to_string(parent.size()) + " entries for " +
                                              std::to_string(n) + " accounts");
    if (!ids.empty() && ids.size() != n)
        return fail(errc::shape_mismatch, "ids: " + std::to_string(ids.size()) + " entries for " +
                                              std::to_string(n) + " accounts (pass one per account, or none)");
    const auto check_out = [n](std::size_t size, const char* name) -> result<void> {
        if (size != 0 && size != n)
            return fail(errc::shape_mismatch, std::string(name) + ": " + std::to_string(size) + " entries for " +
                                                  std::to_string(n) + " accounts (pass one per account, or none)");
        return boost::outcome_v2::success();
    };
    VITALS_TRY(check_out(out.score.size(), "out.score"));
    VITALS_TRY(check_out(out.coverage.size(), "out.coverage"));
    VITALS_TRY(check_out(out.leaves.size(), "out.leaves"));
    VITALS_TRY(check_out(out.scored_leaves.size(), "out.scored_leaves"));
    for (std::size_t i = 0; i < n; ++i)
        if (parent[i] != no_parent && (parent[i] < 0 || parent[i] >= static_cast<std::int64_t>(n)))
            return fail(errc::invalid_argument, "parent[" + std::to_string(i) + "]: " + detail::account_name(ids, i) +
                                                    " has parent index " + std::to_string(parent[i]) +
                                                    ", not an account (0.." + std::to_string(n) + ") nor -1");

    // Depth of every account, walking up with memo; a walk that meets itself is a cycle.
    constexpr std::int64_t unseen = -1, on_path = -2;
    std::vector<std::int64_t> depth(n, unseen);
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < n; ++start) {
        if (depth[start] != unseen) continue;
        path.clear();
        std::size_t a = start;
        while (true) {
            if (depth[a] == on_path) {  // cycle: from a around to a
                std::string names = detail::account_name(ids, a);
                const auto up = [&](std::size_t b) { return static_cast<std::size_t>(parent[b]); };
                for (std::size_t b = up(a); b != a; b = up(b)) names += " -> " + detail::account_name(ids, b);
                names += " -> " + detail::account_name(ids, a);
                return fail(errc::invalid_argument, "parent: accounts form a cycle: " + names);
            }
            if (depth[a] != unseen) break;
            depth[a] = on_path;
            path.push_back(a);
            if (parent[a] == no_parent) break;
            a = static_cast<std::size_t>(parent[a]);
        }
        // unwind: the last on the path is a root (depth 0) or sits below an account of known depth
        // the walk stopped at a root (pushed last) or at an account of known depth (not pushed)
        std::int64_t d = path.back() == a ? 0 : depth[a] + 1;
        for (auto it = path.rbegin(); it != path.rend(); ++it, ++d) depth[*it] = d;
    }

    // Sums over leaf descendants, pushed up deepest first.
    std::vector<double> weighted(n, 0.0), weight(n, 0.0), known_arr(n, 0.0);
    std::vector<std::int64_t> leaves(n, 0), scored(n, 0);
    std::vector<char> has_children(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (parent[i] != no_parent) has_children[static_cast<std::size_t>(parent[i])] = 1;
    std::vector<std::size_t> by_depth(n);
    {
        std::int64_t max_depth = 0;
        for (std::int64_t d : depth) max_depth = std::max(max_depth, d);
        std::vector<std::size_t> start(static_cast<std::size_t>(max_depth) + 2, 0);
        for (std::int64_t d : depth) ++start[static_cast<std::size_t>(d) + 1];
        for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
        for (std::size_t i = 0; i < n; ++i) by_depth[start[static_cast<std::size_t>(depth[i])]++] = i;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (has_children[i]) continue;
        leaves[i] = 1;
        if (!std::isnan(arr[i])) known_arr[i] = arr[i];
        if (!std::isnan(arr[i]) && !std::isnan(score[i])) {
            scored[i] = 1;
            weight[i] = arr[i];
            weighted[i] = arr[i] * score[i];
        }
    }
    for (auto it = by_depth.rbegin(); it != by_depth.rend(); ++it) {
        const std::size_t i = *it;
        if (parent[i] == no_parent) continue;
        const auto p = static_cast<std::size_t>(parent[i]);
        weighted[p] += weighted[i];
        weight[p] += weight[i];
        known_arr[p] += known_arr[i];
        leaves[p] += leaves[i];
        scored[p] += scored[i];
    }
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < n; ++i) {
        double s, c;
        if (!has_children[i]) {
            s = score[i];
            c = scored[i] ? 1.0 : 0.0;
        } else {
            s = weight[i] > 0.0 ? weighted[i] / weight[i] : nan;
            c = known_arr[i] > 0.0 ? weight[i] / known_arr[i] : nan;
        }
        if (!out.score.empty()) out.score[i] = s;
        if (!out.coverage.empty()) out.coverage[i] = c;
        if (!out.leaves.empty()) out.leaves[i] = leaves[i];
        if (!out.scored_leaves.empty()) out.scored_leaves[i] = scored[i];
    }
    return boost::outcome_v2::success();
}

}  // namespace portfolio
}  // namespace v1
}  // namespace vitals

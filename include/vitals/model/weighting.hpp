// Vitals — weighting models: put new measure weights into a scorecard, and the equal-weights
// baseline.
//
// Every weighting model (learned: logistic_fit.hpp, objective: entropy.hpp, elicited: ahp.hpp,
// equal: here) ends the same way: one weight per measure, the measure's share of the score when
// every measure is present. `with_measure_weights` writes those shares into the scorecard's spec
// and rebuilds it with scorecard::build, so the result is an ordinary scorecard (same measures,
// normalisers, groups, bands), saved and read like any other:
//   - a measure's weight becomes 100 x its share (points of 100, so the file reads as a table);
//   - a group's weight becomes the sum of the shares below it (x 100), so the shares come out
//     exactly as given; a group whose shares are all 0 gets weight 0 and its members weight 1
//     (the scorecard stays valid, the group counts for nothing);
//   - only `mean` groups can take free weights; a `weakest_link` group is not_supported.
#pragma once

#include "vitals/error.hpp"
#include "vitals/group.hpp"
#include "vitals/scorecard.hpp"

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

/// A scorecard with weights from a weighting model, and the shares it was given.
struct weighted_scorecard {
    scorecard card;
    std::vector<double> shares;  ///< per measure, sum 1: its share of the score when all are present
};

/// The scorecard with measure shares `shares` (one per measure, >= 0, not all 0; normalised to sum 1).
/// Errors: shape_mismatch (count), invalid_argument (negative, NaN or all zero), not_supported
/// (a weakest_link group), invalid_scorecard (should not happen: the rebuilt spec is checked).
[[nodiscard]] inline result<weighted_scorecard> with_measure_weights(const scorecard& card,
                                                                     std::span<const double> shares) {
    const std::size_t M = card.measures().size();
    if (shares.size() != M)
        return fail(errc::shape_mismatch, "shares: " + std::to_string(shares.size()) + " given, the scorecard has " +
                                              std::to_string(M) + " measures");
    double total = 0.0;
    for (std::size_t m = 0; m < M; ++m) {
        if (!(std::isfinite(shares[m]) && shares[m] >= 0.0))
            return fail(errc::invalid_argument, "shares[" + std::to_string(m) + "] (" + card.measures()[m].name +
                                                    "): must be a finite number >= 0");
        total += shares[m];
    }
    if (!(total > 0.0)) return fail(errc::invalid_argument, "shares: all are zero");
    for (std::size_t g = 0; g < card.groups().size(); ++g)
        if (card.groups()[g].aggregation != aggregation::mean)
            return fail(errc::not_supported, "/groups/" + std::to_string(g) + " (" + card.groups()[g].name +
                                                  "): a weakest_link group cannot take learned weights");
    weighted_scorecard out{card, std::vector<double>(M)};
    for (std::size_t m = 0; m < M; ++m) out.shares[m] = shares[m] / total;

    scorecard_spec spec = card.spec();
    const auto nodes = card.nodes();
    std::vector<double> below(nodes.size(), 0.0);  // sum of shares below each node
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t n = card.slots()[m].node; n != npos; n = nodes[n].parent) below[n] += out.shares[m];
    for (std::size_t m = 0; m < M; ++m) {
        const std::size_t n = card.slots()[m].node;
        spec.measures[m].weight = below[n] > 0.0 ? 100.0 * out.shares[m] : 1.0;
    }
    for (std::size_t g = 0; g < spec.groups.size(); ++g) spec.groups[g].weight = 100.0 * below[g + 1];
    auto built = scorecard::build(std::move(spec));
    if (!built) return built.error();
    out.card = std::move(built).value();
    return out;
}

/// The equal-weights baseline: every measure the same share of the score (1 / M), whatever the
/// groups. Errors: those of with_measure_weights.
[[nodiscard]] inline result<weighted_scorecard> equal_weights(const scorecard& card) {
    const std::vector<double> shares(card.measures().size(), 1.0);
    return with_measure_weights(card, shares);
}

}  // namespace model
}  // namespace v1
}  // namespace vitals

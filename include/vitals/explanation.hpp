// Vitals — one account's score explained, as JSON: the text the C ABI's vitals_scorecard_explain
// returns and `vitals explain --format json` prints (one function, so the two cannot drift apart).
// The keys are described once, in docs/c-api.md ("The explanation JSON"). Compiled part: link
// vitals::scorecard_file.
#pragma once

#include "vitals/error.hpp"
#include "vitals/path_to_green.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace vitals {
inline namespace v1 {

/// Where the explained account came from. Each key is written only when set, first in the object,
/// in this order.
struct explanation_context {
    std::optional<std::string> account_id;  ///< ["account_id"]
    std::optional<std::string> source;      ///< ["source"] the input's name: a file, a database
    std::optional<std::uint64_t> origin;    ///< ["origin"] the CSV line or the SQLite row
};

/// The options an account is scored with before it is explained: every measure losing points is a
/// driver (top_k = all measures), so "drivers" lists them all.
[[nodiscard]] inline score_options explanation_score_options(const scorecard& card) noexcept {
    score_options o;
    o.top_k = card.measures().size();
    return o;
}

/// The explanation of one account as JSON text: compact when `indent` < 0, else pretty-printed
/// with `indent` spaces. `inputs` are the account's values in `card.inputs()` order (NaN =
/// missing) and `s` is score_account's result for them (with explanation_score_options(card) for
/// every driver); the derived columns are computed from the inputs. NaN and infinities are null.
/// Errors: shape_mismatch when `inputs` or `s` do not fit the card; invalid_argument when a text
/// (a name, a label, the context) is not valid UTF-8.
[[nodiscard]] result<std::string> explanation_json(const scorecard& card, const account_score& s,
                                                   std::span<const double> inputs,
                                                   const explanation_context& context = {}, int indent = -1);

/// A path to green (path_to_green.hpp) as JSON text: the key "path_to_green" of `vitals explain
/// --format json` and what vitals_scorecard_path_to_green returns (docs/c-api.md, "The path to
/// green JSON"): {"score", "band", "band_label", "target_band", "target_label", "cutoff", "note",
/// "single": [path, ...], "pair": path | null, "blocked": [{"measure", "name", "reason"}, ...]},
/// each path {"changes": [{"measure", "name", "column", "value_from", "value_to", "raw_from",
/// "raw_to", "sub_score_from", "sub_score_to"}, ...], "score", "band", "band_label", "effort"}.
/// NaN is null. Errors: shape_mismatch when `p` does not fit the card; invalid_argument for a
/// text that is not valid UTF-8.
[[nodiscard]] result<std::string> path_to_green_json(const scorecard& card, const path_to_green& p, int indent = -1);

}  // namespace v1
}  // namespace vitals

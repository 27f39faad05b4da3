// Vitals — the scorecard set file format (JSON, `"vitals_scorecard_set": 1`): load a set of
// scorecards by segment, or either kind of file. Documented in docs/scorecard-format.md.
// Compiled part: link vitals::scorecard_file.
//
//   {"vitals_scorecard_set": 1,
//    "segment_column": "segment",
//    "scorecards": {"SMB": "smb.json", "Enterprise": {<an inline scorecard>}},
//    "default": "SMB"}          // optional: a segment named above, a path, or an inline scorecard
#pragma once

#include "vitals/error.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set.hpp"

#include <filesystem>
#include <string_view>

namespace vitals {
inline namespace v1 {

/// The set format version this library writes and reads.
inline constexpr int scorecard_set_format_version = 1;

/// Parse and validate a scorecard set from JSON text. Scorecard paths are relative to `base_dir`
/// (the set file's folder; empty = the current folder); a file named twice is loaded once and its
/// segments share the card. Every problem is reported, one per line, as
/// `<source>: <json pointer>: <what>`; a problem inside an inline scorecard has the scorecard's
/// pointer prefixed (`/scorecards/SMB/measures/0/weight: ...`), one inside a scorecard file is
/// `<source>: /scorecards/SMB: <file>: <pointer>: <what>`.
/// Errors: parse_error (not JSON), io_error (only unreadable scorecard files), invalid_scorecard.
[[nodiscard]] result<scorecard_set> load_scorecard_set(std::string_view json_text, const load_options& options = {},
                                                       std::string_view source = "",
                                                       const std::filesystem::path& base_dir = {});

/// Read and load a scorecard set file (paths inside relative to its folder).
[[nodiscard]] result<scorecard_set> load_scorecard_set_file(const std::filesystem::path& path,
                                                            const load_options& options = {});

/// Either kind of file: a set (the top-level object has "vitals_scorecard_set") or a plain
/// scorecard, which becomes scorecard_set::single(card) (is_single() tells them apart).
[[nodiscard]] result<scorecard_set> load_scorecard_or_set(std::string_view json_text, const load_options& options = {},
                                                          std::string_view source = "",
                                                          const std::filesystem::path& base_dir = {});

/// load_scorecard_or_set on a file's text.
[[nodiscard]] result<scorecard_set> load_scorecard_or_set_file(const std::filesystem::path& path,
                                                               const load_options& options = {});

/// The set as set-file text with every card inline; load_scorecard_set reads it back to a set that
/// picks the same card (an equal spec) for every segment value. A card several segments share is
/// written once per segment; a default card that is also a segment's is written as its name. Errors: invalid_argument for a single
/// card (no segment column: save it with save_scorecard), those of save_scorecard.
[[nodiscard]] result<std::string> save_scorecard_set(const scorecard_set& set, std::string_view description = "");

}  // namespace v1
}  // namespace vitals

// The vitals tool: help for mistakes on the command line — the nearest command or option to a
// misspelled one ("did you mean "score"?"), and CLI11's parse errors as "vitals: " lines.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vitals::cli {

/// Optimal-string-alignment (Damerau-Levenshtein) distance: insertions, deletions, substitutions
/// and transpositions of adjacent characters each cost 1 ("scroe" to "score" is 1).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates nearest to `word` (best first, at most 3), or none when none is near: within an
/// edit distance of 1 for words of 3 to 5 characters, 2 for longer ones (never for 1 or 2), or
/// starting with `word` when it has 2 characters or more ("sc": score, scorecard). Case is ignored.
[[nodiscard]] std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

/// "; did you mean \"score\"?" / "; did you mean \"score\" or \"scorecard\"?" / "" (none near); each
/// candidate shown after `shown_prefix` ("--" for options compared without their dashes).
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                                       std::string_view shown_prefix = {});

/// The names of the commands of `app` ("score", "explain", ...).
[[nodiscard]] std::vector<std::string> command_names(const CLI::App& app);

/// "score, explain, ...": the commands of `app`, for messages.
[[nodiscard]] std::string command_list(const CLI::App& app);

/// `unknown command "scroe"; did you mean "score"?`, or with the list of commands when none is near.
[[nodiscard]] std::string unknown_command(const CLI::App& app, std::string_view word);

/// What went wrong in a CLI11 parse error, for people: one line per problem (without "vitals: ";
/// main adds it), the command in use named, each unknown option or command with the nearest known
/// one, and where to read more ("see vitals score --help").
[[nodiscard]] std::string parse_error_message(const CLI::App& app, const CLI::ParseError& error);

}  // namespace vitals::cli

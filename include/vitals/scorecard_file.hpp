// Vitals — the scorecard file format (JSON, versioned): load, validate, save.
// Documented in docs/scorecard-format.md. Compiled part: link vitals::scorecard_file.
#pragma once

#include "vitals/error.hpp"
#include "vitals/normalise/normaliser.hpp"
#include "vitals/scorecard.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace vitals {
inline namespace v1 {

/// The format version this library writes, and the only one it reads so far.
inline constexpr int scorecard_format_version = 1;

/// Options for loading scorecard files.
struct load_options {
    /// User-defined normalisers a file may name: `{"kind": "custom", "name": "<key>"}`.
    std::map<std::string, normaliser, std::less<>> custom;
};

/// Parse and validate a scorecard from JSON text. Every problem is reported, one per line, as
/// `<source>: <json pointer>: <what>` (or `<source>:<line>:<column>: <what>` for malformed JSON);
/// `source` names the text in messages (a file name, or "" for none).
/// Errors: parse_error (not JSON), invalid_scorecard (anything else).
[[nodiscard]] result<scorecard> load_scorecard(std::string_view json_text, const load_options& options = {},
                                               std::string_view source = "");

/// Read and load a scorecard file. Errors: io_error, plus those of load_scorecard.
[[nodiscard]] result<scorecard> load_scorecard_file(const std::filesystem::path& path,
                                                    const load_options& options = {});

/// The scorecard as JSON text (pretty-printed, every field written, numbers exact), such that
/// `load_scorecard(save_scorecard(c))` equals c. Errors: not_supported when a user-defined
/// normaliser has no name() to write.
[[nodiscard]] result<std::string> save_scorecard(const scorecard& card);

/// Write save_scorecard's text to a file (through a temporary file and a rename).
[[nodiscard]] result<void> save_scorecard_file(const scorecard& card, const std::filesystem::path& path);

/// The built-in default scorecard (see docs/scorecard-format.md for its measures and reasons).
[[nodiscard]] const scorecard& default_scorecard();

/// The default scorecard's file text, as `vitals scorecard init` writes it.
[[nodiscard]] std::string_view default_scorecard_json() noexcept;

}  // namespace v1
}  // namespace vitals

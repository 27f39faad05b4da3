// Vitals — the scorecard set file format: JSON text -> scorecard_set.
//
// Every problem is collected (the set's own keys, each inline scorecard, each scorecard file) and
// reported together, one per line, each with its JSON pointer in the set file.
#include "vitals/scorecard_set_file.hpp"

#include "json_support.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace {

using json = nlohmann::ordered_json;

using json_support::escape_key;
using json_support::kind_of;

result<json> parse_json(std::string_view text, std::string_view source) {
    if (auto bad = json_support::strict_problem(text))
        return fail(errc::parse_error, (source.empty() ? std::string() : std::string(source) + ": ") + bad->first + ": " +
                                           bad->second);
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::size_t line = 1, col = 1;
        const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        for (std::size_t i = 0; i < end; ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        std::string what = e.what();
        if (auto c = what.find(", column "); c != std::string::npos)
            if (auto p = what.find(": ", c); p != std::string::npos) what = what.substr(p + 2);
        return fail(errc::parse_error, (source.empty() ? std::string("<text>") : std::string(source)) + ":" +
                                           std::to_string(line) + ":" + std::to_string(col) + ": not valid JSON: " + what);
    }
}

result<std::string> read_text(const std::filesystem::path& path, std::string_view what) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return fail(errc::io_error, path.string() + ": is a directory, not a " + std::string(what) + " file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(errc::io_error, path.string() + ": cannot open for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(errc::io_error, path.string() + ": read failed");
    return text.str();
}

/// Reads the set from a parsed root, collecting problems.
class set_reader {
public:
    set_reader(const load_options& options, std::filesystem::path base) : options_(options), base_(std::move(base)) {}

    std::vector<std::string> problems;
    bool only_io = true;  // every problem so far is an unreadable scorecard file

    void report(const std::string& where, const std::string& what, bool io = false) {
        problems.push_back(where + ": " + what);
        only_io = only_io && io;
    }

    /// A scorecard given as a path or an inline object; its card index, or nullopt after a problem.
    std::optional<std::size_t> card(const json& j, const std::string& at) {
        if (j.is_string()) {
            const std::string rel = j.get<std::string>();
            if (rel.empty()) {
                report(at, "must be a scorecard file path or an inline scorecard object, not an empty string");
                return std::nullopt;
            }
            const std::filesystem::path p = base_.empty() ? std::filesystem::path(rel) : base_ / rel;
            std::error_code ec;
            std::filesystem::path key = std::filesystem::weakly_canonical(p, ec);
            if (ec) key = p.lexically_normal();
            if (auto it = by_path_.find(key.string()); it != by_path_.end()) return it->second;
            auto loaded = load_scorecard_file(p, options_);
            if (!loaded) {
                nest(at + ": ", loaded.error());
                return std::nullopt;
            }
            cards.push_back(std::move(loaded).value());
            by_path_.emplace(key.string(), cards.size() - 1);
            return cards.size() - 1;
        }
        if (j.is_object()) {
            auto loaded = load_scorecard(j.dump(), options_, "");
            if (!loaded) {
                nest(at, loaded.error());  // inner pointers continue the set's
                return std::nullopt;
            }
            cards.push_back(std::move(loaded).value());
            return cards.size() - 1;
        }
        report(at, std::string("must be a scorecard file path or an inline scorecard object, not ") + kind_of(j));
        return std::nullopt;
    }

    std::vector<scorecard> cards;

private:
    void nest(const std::string& prefix, const error& e) {
        std::istringstream in(e.message);
        for (std::string line; std::getline(in, line);) problems.push_back(prefix + line);
        only_io = only_io && e.code == errc::io_error;
    }

    const load_options& options_;
    std::filesystem::path base_;
    std::map<std::string, std::size_t> by_path_;
};

result<scorecard_set> read_set(const json& root, const load_options& options, std::string_view source,
                               const std::filesystem::path& base_dir) {
    set_reader r(options, base_dir);
    const auto done = [&]() -> result<scorecard_set> {
        std::string msg;
        const std::string pre = source.empty() ? std::string() : std::string(source) + ": ";
        for (const std::string& l : r.problems) msg += (msg.empty() ? "" : "\n") + pre + l;
        return fail(r.only_io ? errc::io_error : errc::invalid_scorecard, std::move(msg));
    };
    if (!root.is_object()) {
        r.report("", std::string("a scorecard set must be an object, not ") + kind_of(root));
        return done();
    }
    static constexpr std::string_view allowed[] = {"vitals_scorecard_set", "segment_column", "scorecards", "default",
                                                   "description"};
    for (const auto& [key, value] : root.items())
        if (std::find(std::begin(allowed), std::end(allowed), key) == std::end(allowed))
            r.report("/" + escape_key(key),
                     "unknown key \"" + key +
                         "\" (expected one of: vitals_scorecard_set, segment_column, scorecards, default, description)");
    for (const char* key : {"vitals_scorecard_set", "segment_column", "scorecards"})
        if (!root.contains(key)) r.report("/" + std::string(key), "missing required key \"" + std::string(key) + "\"");
    if (root.contains("vitals_scorecard_set")) {
        const json& v = root["vitals_scorecard_set"];
        if (!v.is_number_integer() || v.get<long long>() != scorecard_set_format_version)
            r.report("/vitals_scorecard_set", "unsupported set format version " + v.dump() +
                                                  " (this library reads version " +
                                                  std::to_string(scorecard_set_format_version) + ")");
    }
    if (root.contains("description") && !root["description"].is_string())
        r.report("/description", std::string("must be a string, not ") + kind_of(root["description"]));
    std::string column;
    if (root.contains("segment_column")) {
        const json& v = root["segment_column"];
        if (!v.is_string())
            r.report("/segment_column", std::string("must be a column name (a string), not ") + kind_of(v));
        else if (v.get<std::string>().empty())
            r.report("/segment_column", "must not be empty");
        else
            column = v.get<std::string>();
    }
    std::vector<scorecard_set::segment> segments;
    if (root.contains("scorecards")) {
        const json& s = root["scorecards"];
        if (!s.is_object()) {
            r.report("/scorecards", std::string("must be an object of segment value -> scorecard, not ") + kind_of(s));
        } else {
            if (s.empty() && !root.contains("default"))
                r.report("/scorecards", "names no segment, and there is no default: the set scores nobody");
            for (const auto& [value, card] : s.items()) {
                const std::string at = "/scorecards/" + escape_key(value);
                if (value.empty()) {
                    r.report(at, "the segment value must not be empty (an empty segment cell takes the default)");
                    continue;
                }
                if (auto c = r.card(card, at)) segments.push_back({value, *c});
            }
        }
    }
    std::optional<std::size_t> fallback;
    if (root.contains("default")) {
        const json& d = root["default"];
        bool named = false;
        if (d.is_string())
            for (const scorecard_set::segment& s : segments)
                if (s.value == d.get<std::string>()) {
                    fallback = s.card;
                    named = true;
                }
        if (!named && d.is_string() && root.contains("scorecards") && root["scorecards"].is_object() &&
            root["scorecards"].contains(d.get<std::string>())) {
            // names a segment whose scorecard had a problem (already reported)
        } else if (!named) {
            fallback = r.card(d, "/default");
        }
    }
    if (!r.problems.empty()) return done();
    auto built = scorecard_set::build(std::move(column), std::move(r.cards), std::move(segments), fallback);
    if (!built) {
        r.report("", built.error().message);  // not expected: the checks above cover build's
        return done();
    }
    return built;
}

}  // namespace

result<scorecard_set> load_scorecard_set(std::string_view json_text, const load_options& options,
                                         std::string_view source, const std::filesystem::path& base_dir) {
    VITALS_TRY(root, parse_json(json_text, source));
    return read_set(root, options, source, base_dir);
}

result<scorecard_set> load_scorecard_set_file(const std::filesystem::path& path, const load_options& options) {
    VITALS_TRY(text, read_text(path, "scorecard set"));
    return load_scorecard_set(text, options, path.string(), path.parent_path());
}

result<scorecard_set> load_scorecard_or_set(std::string_view json_text, const load_options& options,
                                            std::string_view source, const std::filesystem::path& base_dir) {
    VITALS_TRY(root, parse_json(json_text, source));
    if (root.is_object() && root.contains("vitals_scorecard_set")) return read_set(root, options, source, base_dir);
    VITALS_TRY(card, load_scorecard(json_text, options, source));
    return scorecard_set::single(std::move(card));
}

result<scorecard_set> load_scorecard_or_set_file(const std::filesystem::path& path, const load_options& options) {
    VITALS_TRY(text, read_text(path, "scorecard"));
    return load_scorecard_or_set(text, options, path.string(), path.parent_path());
}

result<std::string> save_scorecard_set(const scorecard_set& set, std::string_view description) {
    if (set.is_single())
        return fail(errc::invalid_argument, "set: a single scorecard has no segment column; write it with save_scorecard");
    const auto inline_card = [](const scorecard& card) -> result<json> {
        VITALS_TRY(text, save_scorecard(card));
        return json::parse(text);
    };
    json root;
    root["vitals_scorecard_set"] = scorecard_set_format_version;
    if (!description.empty()) root["description"] = std::string(description);
    root["segment_column"] = std::string(set.segment_column());
    root["scorecards"] = json::object();
    std::string default_segment;
    for (const scorecard_set::segment& s : set.segments()) {
        VITALS_TRY(card, inline_card(set.cards()[s.card]));
        root["scorecards"][s.value] = std::move(card);
        if (s.card == set.default_card() && default_segment.empty()) default_segment = s.value;
    }
    if (set.default_card() != npos) {
        if (!default_segment.empty()) {
            root["default"] = default_segment;
        } else {
            VITALS_TRY(card, inline_card(set.cards()[set.default_card()]));
            root["default"] = std::move(card);
        }
    }
    return root.dump(2) + "\n";
}

}  // namespace v1
}  // namespace vitals

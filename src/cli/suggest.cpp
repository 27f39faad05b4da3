#include "suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace vitals::cli {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// "vitals score", "vitals scorecard validate": the command path of `app`.
std::string command_path(const CLI::App& app) {
    std::string path = app.get_name();
    for (const CLI::App* p = app.get_parent(); p != nullptr; p = p->get_parent()) path = p->get_name() + " " + path;
    return path;
}

/// The subcommand the parse reached (the root when none).
const CLI::App& deepest(const CLI::App& app) {
    for (const CLI::App* sub : app.get_subcommands({}))
        if (sub->parsed()) return deepest(*sub);
    return app;
}

/// The long options of `app` without their dashes ("threads").
std::vector<std::string> long_options(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app.get_options())
        for (const std::string& l : o->get_lnames()) names.push_back(l);
    return names;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // three rows of the optimal-string-alignment table: i-2, i-1, i
    std::vector<std::size_t> two(b.size() + 1), one(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) one[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], two[j - 2] + 1);
        }
        std::swap(two, one);
        std::swap(one, row);
    }
    return one[b.size()];
}

std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string w = lower(word);
    const std::size_t allowed = w.size() < 3 ? 0 : w.size() <= 5 ? 1 : 2;
    std::vector<std::pair<std::size_t, std::string>> near;
    for (const std::string& c : candidates) {
        const std::string lc = lower(c);
        if (c == word) continue;
        std::size_t d = edit_distance(w, lc);
        if (w.size() >= 2 && lc.starts_with(w)) d = std::min<std::size_t>(d, 1);  // a prefix is near
        else if (d > allowed) continue;
        if (std::none_of(near.begin(), near.end(), [&](const auto& n) { return n.second == c; })) near.emplace_back(d, c);
    }
    std::stable_sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (const auto& [d, c] : near)
        if (d == near.front().first && out.size() < 3) out.push_back(c);
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates, std::string_view shown_prefix) {
    const std::vector<std::string> near = nearest(word, candidates);
    if (near.empty()) return {};
    std::string s = "; did you mean ";
    for (std::size_t k = 0; k < near.size(); ++k)
        s += fmt::format("{}\"{}{}\"", k == 0 ? "" : k + 1 == near.size() ? " or " : ", ", shown_prefix, near[k]);
    return s + "?";
}

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    return names;
}

std::string command_list(const CLI::App& app) {
    std::string known;
    for (const std::string& c : command_names(app)) known += (known.empty() ? "" : ", ") + c;
    return known;
}

std::string unknown_command(const CLI::App& app, std::string_view word) {
    const std::string hint = did_you_mean(word, command_names(app));
    return fmt::format("unknown command \"{}\"{}", word, hint.empty() ? " (the commands: " + command_list(app) + ")" : hint);
}

std::string parse_error_message(const CLI::App& app, const CLI::ParseError& e) {
    const CLI::App& in = deepest(app);
    const auto where_of = [&](const CLI::App& at) {  // "score: ", "scorecard show: ", "" for vitals itself
        const std::string path = command_path(at);
        return &at == &app ? std::string() : path.substr(path.find(' ') + 1) + ": ";
    };
    // the unknown options and arguments, in order, of each command on the way (`vitals --verison
    // score` leaves its extra at the top)
    std::vector<const CLI::App*> chain{&in};
    while (chain.back() != &app) chain.push_back(chain.back()->get_parent());
    std::string msg;
    bool any_extra = false;
    for (auto at = chain.rbegin(); at != chain.rend(); ++at) {
        const CLI::App& cmd = **at;
        const std::string where = where_of(cmd);
        bool first_positional = true, unknown_option = false;
        for (const std::string& arg : cmd.remaining(false)) {
            any_extra = true;
            if (!msg.empty()) msg += '\n';
            if (arg.size() > 1 && arg[0] == '-') {
                const std::string name = arg.substr(0, arg.find('='));  // --formt=json: the option is --formt
                const std::string bare = name.substr(std::min(name.find_first_not_of('-'), name.size()));
                const std::string hint = did_you_mean(bare, long_options(cmd), "--");  // shown with their dashes
                msg += fmt::format("{}unknown option \"{}\"{}", where, name, hint);
                unknown_option = true;
            } else if (first_positional && !cmd.get_subcommands({}).empty()) {
                msg += where + unknown_command(cmd, arg);
            } else {
                msg += fmt::format("{}unexpected argument \"{}\" ({})", where, arg,
                                   unknown_option ? "a value after an unknown option is read as an argument"
                                                  : "no more arguments without an option name go here");
            }
            if (arg.empty() || arg[0] != '-') first_positional = false;
        }
    }
    const bool is_required = dynamic_cast<const CLI::RequiredError*>(&e) != nullptr;
    const bool command_missing = is_required && !in.get_subcommands({}).empty() &&
                                 std::string_view(e.what()).find("ubcommand") != std::string_view::npos;
    // the error itself, unless the unknown arguments are all of it: "--acount" comes with
    // "--account is required", but an unknown command with "A subcommand is required" says it all
    const bool extras_error = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
    if (!any_extra || !(extras_error || command_missing)) {
        if (!msg.empty()) msg += '\n';
        if (command_missing) msg += fmt::format("{}a command is required (the commands: {})", where_of(in), command_list(in));
        else msg += where_of(in) + e.what();
    }
    return msg + fmt::format("\nsee {} --help", command_path(in));
}

}  // namespace vitals::cli

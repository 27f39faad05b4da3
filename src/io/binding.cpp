// Binding a source's columns to a scorecard's inputs (see binding.hpp).
#include "vitals/io/binding.hpp"

#include "vitals/batch.hpp"

#include <algorithm>

namespace vitals::io {
namespace {

std::string join(std::span<const std::string> names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

result<column_map> parse_column_map(std::string_view text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size())
        return fail(errc::invalid_argument,
                    "column map \"" + std::string(text) + "\": expected input=column, e.g. nps=\"NPS score\"");
    return column_map{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

result<binding> bind_inputs(const scorecard& card, std::span<const std::string> columns, std::string_view source,
                            const binding_options& options) {
    const std::string src(source);
    const auto inputs = card.inputs();

    // 1. rename: a mapped source column takes its input's name; a column that merely bears the
    //    name of a mapped input no longer feeds it.
    std::vector<std::string> renamed(columns.begin(), columns.end());
    std::vector<char> mapped(columns.size(), 0);
    for (const column_map& m : options.map) {
        if (card.input_index(m.input) == npos)
            return fail(errc::unknown_column, "column map \"" + m.input + "=" + m.column +
                                                  "\": the scorecard reads no input \"" + m.input +
                                                  "\" (it reads: " + join(inputs) + ")");
        if (std::count_if(options.map.begin(), options.map.end(), [&](const column_map& o) { return o.input == m.input; }) > 1)
            return fail(errc::invalid_argument, "column map: input \"" + m.input + "\" is mapped more than once");
        bool found = false;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == m.column) {
                found = true;
                mapped[c] = 1;
            }
        if (!found)
            return fail(errc::unknown_column, src + ": no column \"" + m.column + "\" (mapped to input \"" + m.input +
                                                  "\"); the columns are: " + join(columns));
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (mapped[c]) continue;
        for (const column_map& m : options.map)
            if (columns[c] == m.input) renamed[c].clear();  // shadowed by the map
    }
    for (const column_map& m : options.map)
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (mapped[c] && columns[c] == m.column) renamed[c] = m.input;

    // 2. a column the binding uses must appear once
    const auto fields_named = [&](const std::vector<std::string>& names, const std::string& name) {
        std::vector<std::size_t> at;
        for (std::size_t c = 0; c < names.size(); ++c)
            if (names[c] == name) at.push_back(c + 1);
        return at;
    };
    const auto duplicate = [&](const std::string& name, std::vector<std::size_t> at) {
        for (std::size_t& a : at) --a;  // 0-based
        return fail(errc::parse_error, duplicate_column_message(src, options.header_line, name, at,
                                                                "rename one, or map the input to the other with --map"));
    };
    for (const std::string& in : inputs) {
        const auto at = fields_named(renamed, in);
        if (at.size() > 1) return duplicate(in, at);
    }

    // 3. inputs -> source columns -> frame columns
    auto bound = vitals::bind_columns(card, renamed, /*allow_absent=*/true);
    if (!bound) return fail(bound.error().code, src + ": " + bound.error().message);
    binding b;
    b.input_columns.assign(inputs.size(), -1);
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        const std::int64_t c = bound.value()[k];
        if (c < 0) {
            b.absent.push_back(inputs[k]);
            continue;
        }
        const auto& vc = b.selection.value_columns;
        auto it = std::find(vc.begin(), vc.end(), static_cast<std::size_t>(c));
        const categories* levels = card.input_levels(k);  // a column of levels: its text is encoded
        if (it == vc.end()) {
            b.selection.value_columns.push_back(static_cast<std::size_t>(c));
            b.selection.levels.push_back(levels);
            b.input_columns[k] = static_cast<std::int64_t>(vc.size() - 1);
        } else {
            const auto f = static_cast<std::size_t>(it - vc.begin());
            if (b.selection.levels[f] != levels)
                return fail(errc::invalid_argument,
                            src + ": column \"" + std::string(columns[static_cast<std::size_t>(c)]) +
                                "\" feeds two inputs, one of them a column of levels; map them to different columns");
            b.input_columns[k] = static_cast<std::int64_t>(f);
        }
    }
    if (!b.absent.empty() && !options.allow_absent)
        return fail(errc::unknown_column,
                    src + ": missing column" + (b.absent.size() == 1 ? " " : "s ") + join(b.absent) +
                        ", which the scorecard reads; the columns are: " + join(columns));

    // 4. the id column (by its name in the source)
    if (!options.id_column.empty()) {
        const std::vector<std::string> original(columns.begin(), columns.end());
        const auto at = fields_named(original, options.id_column);
        if (at.size() > 1) return duplicate(options.id_column, at);
        if (at.size() == 1) b.selection.id_column = at[0] - 1;
        else if (options.id_required)
            return fail(errc::unknown_column,
                        src + ": no id column \"" + options.id_column + "\"; the columns are: " + join(columns));
    }
    return b;
}

}  // namespace vitals::io

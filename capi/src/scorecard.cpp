// libvitals — scorecards: create, destroy, describe, names.
#include "boundary.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <utility>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using vitals::capi::scorecard_body;
using vitals::capi::unwrap;
using vitals::capi::wrap;

namespace {

using json = nlohmann::ordered_json;

/// Wraps a loaded scorecard in a new handle.
vitals::result<void> make_handle(vitals::result<vitals::scorecard> loaded, vitals_scorecard** out) {
    if (!loaded) return loaded.error();
    *out = wrap(new scorecard_body(std::move(loaded).value()));
    return boost::outcome_v2::success();
}

const vitals::load_options& options_or_none(const vitals_load_options* options) {
    static const vitals::load_options none;
    return options != nullptr ? unwrap(options)->options : none;
}

std::string describe(const vitals::scorecard& card) {
    const auto slots = card.slots();
    const auto nodes = card.nodes();
    json j;
    j["name"] = card.spec().name;
    j["description"] = card.spec().description;
    j["min_coverage"] = card.min_coverage();
    j["inputs"] = card.inputs();
    json measures = json::array();
    for (std::size_t m = 0; m < card.measures().size(); ++m) {
        const vitals::measure& me = card.measures()[m];
        json inputs = json::array({me.input.column});
        if (me.input.is_ratio()) inputs.push_back(me.input.denominator);
        measures.push_back({{"name", me.name},
                            {"group", me.group},
                            {"inputs", std::move(inputs)},
                            {"normaliser", std::string(me.normaliser.kind())},
                            {"weight", me.weight},
                            {"share", slots[m].share}});
    }
    j["measures"] = std::move(measures);
    json groups = json::array();
    for (std::size_t g = 0; g < card.groups().size(); ++g) {
        const vitals::group& gr = card.groups()[g];
        groups.push_back({{"name", gr.name},
                          {"parent", gr.parent},
                          {"aggregation", std::string(vitals::to_string(gr.aggregation))},
                          {"weight", gr.weight},
                          {"share", nodes[g + 1].share}});
    }
    j["groups"] = std::move(groups);
    j["bands"] = {{"cutoffs", card.bands().cutoffs}, {"labels", card.bands().labels}};
    return j.dump();
}

/// The name lookups share their checks.
template <class Names>
vitals::result<void> name_at(const scorecard_body* card, std::int64_t index, const char** name, const char* what,
                             Names&& names) {
    if (name != nullptr) *name = nullptr;
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    if (name == nullptr) return fail(errc::invalid_argument, std::string(what) + ": the out-pointer is NULL");
    const auto list = names(card->card);
    if (index < 0 || static_cast<std::uint64_t>(index) >= list.size())
        return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not in [0, " +
                                            std::to_string(list.size()) + ")");
    *name = list[static_cast<std::size_t>(index)].c_str();
    return boost::outcome_v2::success();
}

vitals::result<void> count_of(const scorecard_body* card, std::int64_t* count, std::size_t (*get)(const vitals::scorecard&)) {
    if (count != nullptr) *count = 0;
    if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
    if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
    *count = static_cast<std::int64_t>(get(card->card));
    return boost::outcome_v2::success();
}

/// The levels of input `index` (nullptr: a number column); out_of_range for an index that is no input.
vitals::result<const vitals::categories*> levels_at(const vitals::scorecard& c, int64_t index) {
    if (index < 0 || static_cast<std::uint64_t>(index) >= c.inputs().size())
        return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not an input (the scorecard reads " +
                                            std::to_string(c.inputs().size()) + ")");
    return c.input_levels(static_cast<std::size_t>(index));
}

}  // namespace

extern "C" {

VITALS_API vitals_status vitals_scorecard_create_default(vitals_scorecard** card) {
    if (card != nullptr) *card = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card: the out-pointer is NULL");
        // Loaded here rather than through vitals::default_scorecard(), which aborts if the built-in
        // text were ever invalid: the C layer reports instead.
        static const vitals::result<vitals::scorecard> builtin =
            vitals::load_scorecard(vitals::default_scorecard_json(), {}, "default_scorecard.json");
        return make_handle(builtin, card);
    });
}

VITALS_API vitals_status vitals_scorecard_create_from_json(const char* json_text, size_t length,
                                                           const vitals_load_options* options,
                                                           vitals_scorecard** card) {
    if (card != nullptr) *card = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card: the out-pointer is NULL");
        if (json_text == nullptr) return fail(errc::invalid_argument, "json is NULL");
        const std::size_t n = length == VITALS_NUL_TERMINATED ? std::strlen(json_text) : length;
        return make_handle(vitals::load_scorecard(std::string_view(json_text, n), options_or_none(options)), card);
    });
}

VITALS_API vitals_status vitals_scorecard_create_from_file(const char* path, const vitals_load_options* options,
                                                           vitals_scorecard** card) {
    if (card != nullptr) *card = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card: the out-pointer is NULL");
        if (path == nullptr) return fail(errc::invalid_argument, "path is NULL");
        if (*path == '\0') return fail(errc::invalid_argument, "path is empty");
        return make_handle(vitals::load_scorecard_file(std::filesystem::path(path), options_or_none(options)), card);
    });
}

VITALS_API void vitals_scorecard_destroy(vitals_scorecard* card) {
    delete unwrap(card);  // noexcept; a normaliser's release callback must not unwind
}

VITALS_API vitals_status vitals_scorecard_describe(const vitals_scorecard* card, char* buffer, size_t size,
                                                   size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        return vitals::capi::write_string(describe(unwrap(card)->card), buffer, size, needed);
    });
}

VITALS_API vitals_status vitals_scorecard_to_json(const vitals_scorecard* card, char* buffer, size_t size,
                                                  size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        VITALS_TRY(text, vitals::save_scorecard(unwrap(card)->card));
        return vitals::capi::write_string(text, buffer, size, needed);
    });
}

VITALS_API vitals_status vitals_scorecard_input_count(const vitals_scorecard* card, int64_t* count) {
    return guarded(__func__, [&] {
        return count_of(unwrap(card), count, [](const vitals::scorecard& c) { return c.inputs().size(); });
    });
}

VITALS_API vitals_status vitals_scorecard_input_name(const vitals_scorecard* card, int64_t index, const char** name) {
    return guarded(__func__, [&] {
        return name_at(unwrap(card), index, name, "name", [](const vitals::scorecard& c) { return c.inputs(); });
    });
}

VITALS_API vitals_status vitals_scorecard_input_levels(const vitals_scorecard* card, int64_t index, int64_t* count,
                                                       int32_t* unseen) {
    if (count != nullptr) *count = 0;
    if (unseen != nullptr) *unseen = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
        VITALS_TRY(levels, levels_at(unwrap(card)->card, index));
        *count = levels == nullptr ? 0 : static_cast<int64_t>(levels->levels.size());
        if (unseen != nullptr) *unseen = levels != nullptr && levels->unseen == vitals::unseen_level::error ? 1 : 0;
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_input_level(const vitals_scorecard* card, int64_t index, int64_t level,
                                                      const char** name) {
    if (name != nullptr) *name = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        const vitals::scorecard& c = unwrap(card)->card;
        VITALS_TRY(levels, levels_at(c, index));
        const std::int64_t n = levels == nullptr ? 0 : static_cast<std::int64_t>(levels->levels.size());
        if (level < 0 || level >= n)
            return fail(errc::out_of_range, "level: " + std::to_string(level) + " is not a level of input \"" +
                                                c.inputs()[static_cast<std::size_t>(index)] + "\" (it has " +
                                                std::to_string(n) + ")");
        *name = levels->levels[static_cast<std::size_t>(level)].c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_measure_count(const vitals_scorecard* card, int64_t* count) {
    return guarded(__func__, [&] {
        return count_of(unwrap(card), count, [](const vitals::scorecard& c) { return c.measures().size(); });
    });
}

VITALS_API vitals_status vitals_scorecard_measure_name(const vitals_scorecard* card, int64_t index,
                                                       const char** name) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (name != nullptr) *name = nullptr;
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        const auto measures = unwrap(card)->card.measures();
        if (index < 0 || static_cast<std::uint64_t>(index) >= measures.size())
            return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not in [0, " +
                                                std::to_string(measures.size()) + ")");
        *name = measures[static_cast<std::size_t>(index)].name.c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_band_count(const vitals_scorecard* card, int64_t* count) {
    return guarded(__func__, [&] {
        return count_of(unwrap(card), count, [](const vitals::scorecard& c) { return c.bands().labels.size(); });
    });
}

VITALS_API vitals_status vitals_scorecard_band_label(const vitals_scorecard* card, int64_t index,
                                                     const char** label) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (label != nullptr) *label = nullptr;
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        if (label == nullptr) return fail(errc::invalid_argument, "label: the out-pointer is NULL");
        if (index == VITALS_BAND_NONE) {
            *label = unwrap(card)->card.bands().label(vitals::bands::none).data();  // a NUL-terminated literal
            return boost::outcome_v2::success();
        }
        return name_at(unwrap(card), index, label, "label",
                       [](const vitals::scorecard& c) { return std::span<const std::string>(c.bands().labels); });
    });
}

}  // extern "C"

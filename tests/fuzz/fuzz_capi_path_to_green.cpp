// libFuzzer target: the C ABI's vitals_scorecard_path_to_green, over the default scorecard or
// docs/examples' scorecard-enterprise.json, with fuzzer-chosen values (missing, infinite, huge,
// subnormal, ordinary), columns (NULL = the inputs in order, or names: a subset, unknown names, a
// name twice, a NULL name), target bands (-1, each band, out of range), not-actionable measures
// (known, unknown, NULL) and output buffers (NULL, empty, one byte short, long enough).
// Properties: the call returns a documented status and never crashes; a failure leaves a message;
// a buffer one byte short is a shape mismatch that still tells the size needed and leaves "" in the
// buffer; a success is the JSON the header describes, and every single change it proposes, applied
// to the account and re-scored through vitals_scorecard_explain, lands the account in the target
// band or above.
#include "fuzz_capi_cards.hpp"
#include "fuzz_check.hpp"

#include "vitals/vitals.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using vitals::fuzz::card_of;
using vitals::fuzz::check;

double value_of(std::uint8_t b) {
    switch (b % 16) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return 0.0;
    case 4: return -1.0;
    case 5: return 1e308;
    case 6: return 5e-324;
    default: return static_cast<double>(b) / 3.0 - 20.0;
    }
}

bool documented(vitals_status s) {
    return s == VITALS_OK || s == VITALS_ERR_INVALID_ARGUMENT || s == VITALS_ERR_SHAPE_MISMATCH ||
           s == VITALS_ERR_UNKNOWN_COLUMN || s == VITALS_ERR_OUT_OF_RANGE;
}

/// The account's band through vitals_scorecard_explain (-1 when not scored).
int band_of(vitals_scorecard* card, const std::vector<double>& values, const std::vector<const char*>& columns) {
    std::size_t needed = 0;
    vitals_status s = vitals_scorecard_explain(card, values.data(), columns.empty() ? nullptr : columns.data(),
                                               static_cast<std::int64_t>(values.size()), nullptr, 0, &needed);
    check(s == VITALS_OK || s == VITALS_ERR_SHAPE_MISMATCH, "explain tells the size it needs", vitals_last_error());
    std::string text(needed, '\0');
    s = vitals_scorecard_explain(card, values.data(), columns.empty() ? nullptr : columns.data(),
                                 static_cast<std::int64_t>(values.size()), text.data(), text.size(), &needed);
    check(s == VITALS_OK, "explain of a re-scored account", vitals_last_error());
    const auto j = nlohmann::json::parse(text.c_str());
    return j.at("band").get<int>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    vitals::fuzz::bytes in(data, size);
    vitals_scorecard* card = card_of(in.byte() & 1U);
    std::int64_t n_inputs = 0, n_measures = 0, n_bands = 0;
    check(vitals_scorecard_input_count(card, &n_inputs) == VITALS_OK, "input count");
    check(vitals_scorecard_measure_count(card, &n_measures) == VITALS_OK, "measure count");
    check(vitals_scorecard_band_count(card, &n_bands) == VITALS_OK, "band count");
    std::vector<std::string> inputs, measures;
    for (std::int64_t i = 0; i < n_inputs; ++i) {
        const char* name = nullptr;
        check(vitals_scorecard_input_name(card, i, &name) == VITALS_OK && name != nullptr, "input name");
        inputs.emplace_back(name);
    }
    for (std::int64_t i = 0; i < n_measures; ++i) {
        const char* name = nullptr;
        check(vitals_scorecard_measure_name(card, i, &name) == VITALS_OK && name != nullptr, "measure name");
        measures.emplace_back(name);
    }

    // the columns: NULL (every input in order) or names
    const std::uint8_t cm = in.byte();
    const bool named = (cm & 1U) != 0;
    std::vector<std::string> names;
    if (named) {
        const std::size_t n = in.pick(0, inputs.size() + 2);
        for (std::size_t k = 0; k < n; ++k) {
            const std::uint8_t b = in.byte();
            names.push_back(b % (inputs.size() + 1) == inputs.size() ? "not_an_input" : inputs[b % (inputs.size() + 1)]);
        }
    } else {
        names = inputs;
    }
    std::vector<double> values(names.size());
    for (double& v : values) v = value_of(in.byte());
    std::vector<const char*> columns;
    if (named)
        for (const std::string& n : names) columns.push_back(n.c_str());
    const bool null_name = named && !columns.empty() && (cm & 2U) != 0 && in.byte() % 8 == 0;
    if (null_name) columns[in.pick(0, columns.size() - 1)] = nullptr;
    const std::int64_t n_values = static_cast<std::int64_t>(values.size()) - ((cm & 4U) && !named ? 1 : 0);

    // the target band and the measures to leave alone
    const std::int64_t target = static_cast<std::int64_t>(in.pick(0, static_cast<std::size_t>(n_bands) + 2)) - 1;
    std::vector<const char*> fixed;
    const std::size_t n_fixed = in.pick(0, 3);
    for (std::size_t k = 0; k < n_fixed; ++k) {
        const std::uint8_t b = in.byte();
        fixed.push_back(b % 17 == 16 ? nullptr : b % 17 == 15 ? "no_such_measure" : measures[b % measures.size()].c_str());
    }

    // the buffer: ask for the size first, then give it one byte short or enough
    std::size_t needed = 0;
    vitals_status s = vitals_scorecard_path_to_green(card, values.empty() ? nullptr : values.data(),
                                                     named ? columns.data() : nullptr, n_values,
                                                     static_cast<std::int32_t>(target), fixed.data(),
                                                     static_cast<std::int64_t>(fixed.size()), nullptr, 0, &needed);
    check(documented(s), "a documented status", vitals_status_string(s));
    if (s != VITALS_OK && s != VITALS_ERR_SHAPE_MISMATCH) {
        check(std::strlen(vitals_last_error()) > 0, "a failure says why");
        return 0;
    }
    if (s == VITALS_ERR_SHAPE_MISMATCH && needed == 0) {  // a shape error of the arguments, not the buffer
        check(std::strlen(vitals_last_error()) > 0, "a failure says why");
        return 0;
    }
    check(needed > 0, "a successful call needs room for its text");
    std::string text(needed, 'x');
    std::size_t again = 0;
    s = vitals_scorecard_path_to_green(card, values.empty() ? nullptr : values.data(), named ? columns.data() : nullptr,
                                       n_values, static_cast<std::int32_t>(target), fixed.data(),
                                       static_cast<std::int64_t>(fixed.size()), text.data(), needed - 1, &again);
    check(s == VITALS_ERR_SHAPE_MISMATCH && again == needed && text[0] == '\0', "one byte short: the size and \"\"");
    s = vitals_scorecard_path_to_green(card, values.empty() ? nullptr : values.data(), named ? columns.data() : nullptr,
                                       n_values, static_cast<std::int32_t>(target), fixed.data(),
                                       static_cast<std::int64_t>(fixed.size()), text.data(), text.size(), &again);
    check(s == VITALS_OK && again == needed && text[needed - 1] == '\0', "enough room: the text", vitals_last_error());
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.c_str());
    } catch (const nlohmann::json::exception& e) {
        check(false, "the path to green is JSON", e.what());
    }
    for (const char* key : {"score", "band", "band_label", "target_band", "target_label", "single", "pair", "blocked"})
        check(j.contains(key), "every key the header lists", key);
    const int want = j.at("target_band").get<int>();
    if (want < 0) return 0;  // nothing to reach (the note says why)

    // every single change, applied and re-scored, reaches the band
    for (const auto& single : j.at("single")) {
        std::vector<double> changed(values.begin(), values.begin() + n_values);
        std::vector<std::string> changed_names(names.begin(), names.begin() + n_values);
        for (const auto& c : single.at("changes")) {
            const std::string column = c.at("column").get<std::string>();
            check(c.at("value_to").is_number(), "a proposed value is a number", c.dump());
            const double to = c.at("value_to").get<double>();
            bool found = false;
            for (std::size_t k = 0; k < changed_names.size(); ++k)
                if (changed_names[k] == column) {
                    changed[k] = to;
                    found = true;
                }
            if (!found) {
                changed_names.push_back(column);
                changed.push_back(to);
            }
        }
        std::vector<const char*> cols;
        for (const std::string& n : changed_names) cols.push_back(n.c_str());
        const int got = band_of(card, changed, cols);
        check(got >= want, "a proposed change reaches the target band", single.dump());
    }
    return 0;
}

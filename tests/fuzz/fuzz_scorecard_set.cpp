// libFuzzer target: the scorecard-set loader (vitals::load_scorecard_or_set) on arbitrary text,
// with scorecard paths relative to docs/examples (so the seeds' "scorecard-default.json" loads).
// Properties: it returns (never throws, never crashes); an error has a message; in a set that
// loads, every card round-trips (save -> load gives an equal card, and saving that gives the same
// text), every listed segment value finds its card, and an unlisted value finds the default or
// fails with a message.
#include "fuzz_check.hpp"

#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <string>

#ifndef VITALS_FUZZ_BASE_DIR
#error "VITALS_FUZZ_BASE_DIR (the folder scorecard paths are relative to) must be defined"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using vitals::fuzz::check;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto set = vitals::load_scorecard_or_set(text, {}, "fuzz-set.json", VITALS_FUZZ_BASE_DIR);
    if (!set) {
        check(!set.error().message.empty(), "a load error has a message");
        return 0;
    }
    const vitals::scorecard_set& s = set.value();
    check(!s.cards().empty(), "a set has a card");
    for (const vitals::scorecard& card : s.cards()) {
        auto saved = vitals::save_scorecard(card);
        check(saved.has_value(), "a card of a loaded set saves");
        auto again = vitals::load_scorecard(saved.value(), {}, "saved.json");
        check(again.has_value(), "the saved card loads", again ? std::string_view() : std::string_view(again.error().message));
        check(again.value() == card, "the reloaded card equals the set's card", saved.value());
        auto resaved = vitals::save_scorecard(again.value());
        check(resaved.has_value() && resaved.value() == saved.value(), "save -> load -> save gives the same text",
              saved.value());
    }
    for (const auto& seg : s.segments()) {
        auto c = s.card_for(seg.value);
        check(c.has_value() && c.value() == seg.card, "a listed segment value finds its card", seg.value);
    }
    if (!s.is_single()) {
        auto c = s.card_for("\x01-not-a-segment-\x02");
        check(c ? c.value() == s.default_card() : !c.error().message.empty(), "an unlisted value takes the default or fails with a message");
    }
    return 0;
}

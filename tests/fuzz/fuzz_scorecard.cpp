// libFuzzer target: the scorecard loader (vitals::load_scorecard) on arbitrary text.
// Properties: it returns (never throws, never crashes); an error has a code and a message; a card
// that loads saves, the saved text loads again to an equal card, and saving that gives the same
// text (save -> load -> save is a fixed point); the loaded card scores an all-missing and an
// all-zero account without error, with a score that is NaN or in 0-100 and a coverage in 0-1.
#include "fuzz_check.hpp"

#include "vitals/score.hpp"
#include "vitals/scorecard_file.hpp"

#include <cmath>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using vitals::fuzz::check;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto card = vitals::load_scorecard(text, {}, "fuzz.json");
    if (!card) {
        check(!card.error().message.empty(), "a load error has a message");
        return 0;
    }
    auto saved = vitals::save_scorecard(card.value());
    check(saved.has_value(), "a loaded card (no custom normalisers) saves");
    auto again = vitals::load_scorecard(saved.value(), {}, "saved.json");
    check(again.has_value(), "the saved text loads", again ? std::string_view() : std::string_view(again.error().message));
    check(again.value() == card.value(), "the reloaded card equals the loaded one", saved.value());
    auto resaved = vitals::save_scorecard(again.value());
    check(resaved.has_value() && resaved.value() == saved.value(), "save -> load -> save gives the same text", saved.value());

    const std::size_t n = card.value().inputs().size();
    for (const double v : {std::nan(""), 0.0}) {
        const std::vector<double> inputs(n, v);
        auto s = vitals::score_account(card.value(), inputs);
        check(s.has_value(), "a loaded card scores an account", s ? std::string_view() : std::string_view(s.error().message));
        const double score = s.value().score;
        check(std::isnan(score) || (score >= 0.0 && score <= 100.0), "a score is NaN or in 0-100");
        check(s.value().coverage >= 0.0 && s.value().coverage <= 1.0, "coverage is in 0-1");
    }
    return 0;
}

// libFuzzer target: the option texts of `vitals fit` / `vitals evaluate` and the C ABI's
// vitals_scorecard_fit / vitals_evaluate (vitals::model_run::parse_fit_request,
// parse_evaluate_request) and the AHP pairwise matrix (parse_pairwise, against the default
// scorecard). The first byte picks the parser; the rest is the text.
// Properties: each returns (never throws, never crashes, whatever the nesting or the numbers); an
// error has a message that starts with the argument or source it was given; options that parse
// hold what the format promises (a known weighting, finite l2 >= 0, a finite positive tolerance,
// cv and fixed_card_folds 0 or at least 2, every refit recipe labelled); a pairwise matrix that
// parses is square (its size and values are checked against the scorecard when AHP runs).
#include "fuzz_check.hpp"

#include "vitals/model/run.hpp"
#include "vitals/scorecard_file.hpp"

#include <cmath>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using vitals::fuzz::check;
    vitals::fuzz::bytes in(data, size);
    const int which = in.byte() % 3;
    const std::string_view text = in.rest();
    const auto starts_with = [](const std::string& message, std::string_view prefix) {
        return message.compare(0, prefix.size(), prefix) == 0;
    };
    if (which == 0) {
        auto r = vitals::model_run::parse_fit_request(text, "options");
        if (!r) {
            check(!r.error().message.empty(), "a fit options error has a message");
            check(starts_with(r.error().message, "options"), "a fit options error names the argument", r.error().message);
            return 0;
        }
        const auto& f = r.value();
        check(f.weights == "learned" || f.weights == "entropy" || f.weights == "equal" || f.weights == "ahp",
              "the weighting is a known one", f.weights);
        check(std::isfinite(f.learn.l2) && f.learn.l2 >= 0.0, "l2 is finite and not negative");
        check(std::isfinite(f.learn.tolerance) && f.learn.tolerance > 0.0, "the tolerance is finite and positive");
        check(std::isfinite(f.max_consistency_ratio), "the consistency ratio is finite");
        check(!vitals::model_run::recipe_label(f).empty(), "a fit request has a label");
    } else if (which == 1) {
        auto r = vitals::model_run::parse_evaluate_request(text, "options");
        if (!r) {
            check(!r.error().message.empty(), "an evaluate options error has a message");
            check(starts_with(r.error().message, "options"), "an evaluate options error names the argument",
                  r.error().message);
            return 0;
        }
        const auto& e = r.value();
        check(e.cv == 0 || e.cv >= 2, "cv is 0 or at least 2");
        check(e.fixed_card_folds == 0 || e.fixed_card_folds >= 2, "fixed_card_folds is 0 or at least 2");
        for (const auto& recipe : e.refit) check(!recipe.label.empty(), "every refit recipe has a label");
    } else {
        const vitals::scorecard& card = vitals::default_scorecard();
        auto r = vitals::model_run::parse_pairwise(text, card, "pairwise.csv");
        if (!r) {
            check(!r.error().message.empty(), "a pairwise error has a message");
            check(starts_with(r.error().message, "pairwise.csv"), "a pairwise error names its source", r.error().message);
            return 0;
        }
        const auto& m = r.value();
        check(m.rows() > 0 && m.rows() == m.cols(), "a pairwise matrix that parses is square and not empty");
    }
    return 0;
}

// Shared by the C ABI fuzz targets: the two scorecards they fuzz against, loaded once through the
// C ABI — the built-in card (0) and VITALS_FUZZ_BASE_DIR/scorecard-enterprise.json (1).
#pragma once

#include "fuzz_check.hpp"

#include "vitals/vitals.h"

#ifndef VITALS_FUZZ_BASE_DIR
#error "VITALS_FUZZ_BASE_DIR (the folder with scorecard-enterprise.json) must be defined"
#endif

namespace vitals::fuzz {

/// Card `which` (0 or 1), loaded on first use and kept for the run (a failure to load stops it).
inline vitals_scorecard* card_of(int which) {
    static vitals_scorecard* cards[2] = {nullptr, nullptr};
    if (cards[which] == nullptr) {
        const vitals_status s = which == 0 ? vitals_scorecard_create_default(&cards[0])
                                           : vitals_scorecard_create_from_file(VITALS_FUZZ_BASE_DIR "/scorecard-enterprise.json",
                                                                              nullptr, &cards[1]);
        check(s == VITALS_OK, "the fuzzer's scorecards load", vitals_last_error());
    }
    return cards[which];
}

}  // namespace vitals::fuzz

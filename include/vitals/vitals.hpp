// Vitals — the umbrella header: every header of the header-only library (target vitals::vitals),
// by layer, lowest first (docs/architecture.md, "Which way the layers point"). The compiled
// libraries are included where they are linked, each by its own header:
//   vitals/scorecard_file.hpp, vitals/scorecard_set_file.hpp, vitals/explanation.hpp
//                                             files and JSON          (vitals::scorecard_file)
//   vitals/session.hpp                        the account session     (vitals::session)
//   vitals/model/run.hpp                      fit and evaluate        (vitals::model_run)
//   vitals/report/*.hpp                       the one-page report     (vitals::report)
#pragma once

// The core: a scorecard (measures, normalisers, groups, bands), scoring one account and a batch,
// explaining it, the path to green; errors, frames, numbers and text as the library writes them.
#include "vitals/band.hpp"
#include "vitals/batch.hpp"
#include "vitals/build_info.hpp"
#include "vitals/card_signals.hpp"
#include "vitals/churn_probability.hpp"
#include "vitals/error.hpp"
#include "vitals/expression.hpp"
#include "vitals/frame.hpp"
#include "vitals/group.hpp"
#include "vitals/isa.hpp"
#include "vitals/json_number.hpp"
#include "vitals/measure.hpp"
#include "vitals/normalise.hpp"
#include "vitals/path_to_green.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/text.hpp"
#include "vitals/version.hpp"

// Accounts: calendar dates, overrides with expiry, a scorecard per segment, stakeholder surveys.
#include "vitals/date.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/survey.hpp"

// Above the core, each folder through its own umbrella: trends, the score trend and alerts;
// the value x health quadrant, the assessment list, roll-ups, band proposals, stability.
#include "vitals/portfolio.hpp"
#include "vitals/signals.hpp"

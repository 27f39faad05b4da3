// Vitals — fitting and back-testing scorecards: every header of include/vitals/model/.
// See docs/models.md.
#pragma once

#include "vitals/model/ahp.hpp"
#include "vitals/model/binning.hpp"
#include "vitals/model/compare.hpp"
#include "vitals/model/cross_validation.hpp"
#include "vitals/model/entropy.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/model/learned_weights.hpp"
#include "vitals/model/logistic_fit.hpp"
#include "vitals/model/metrics.hpp"
#include "vitals/model/weighting.hpp"

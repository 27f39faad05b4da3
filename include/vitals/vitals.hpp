// Vitals — the umbrella header of the header-first core.
#pragma once

#include "vitals/band.hpp"
#include "vitals/batch.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/group.hpp"
#include "vitals/measure.hpp"
#include "vitals/normalise.hpp"
#include "vitals/path_to_green.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/version.hpp"
#include "vitals/date.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/signals.hpp"

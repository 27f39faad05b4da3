// Vitals — the portfolio views: the value x health quadrant, the prioritised assessment list and
// the parent / child roll-up (one header each under vitals/portfolio/).
#pragma once

#include "vitals/portfolio/band_proposal.hpp"
#include "vitals/portfolio/priority.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/portfolio/rollup.hpp"
#include "vitals/portfolio/stability.hpp"

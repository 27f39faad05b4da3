// Vitals — normalisers: the interface and every built-in.
#pragma once

#include "vitals/normalise/categories.hpp"
#include "vitals/normalise/direction.hpp"
#include "vitals/normalise/flag.hpp"
#include "vitals/normalise/linear.hpp"
#include "vitals/normalise/logistic.hpp"
#include "vitals/normalise/normaliser.hpp"
#include "vitals/normalise/percentile.hpp"
#include "vitals/normalise/piecewise.hpp"
#include "vitals/normalise/steps.hpp"

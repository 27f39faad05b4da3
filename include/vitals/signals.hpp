// Vitals — signals: trends from history, the score trend, derived trend columns, alerts.
#pragma once

#include "vitals/signals/alert.hpp"
#include "vitals/signals/alert_rule.hpp"
#include "vitals/signals/score_trend.hpp"
#include "vitals/signals/trend.hpp"
#include "vitals/signals/trend_columns.hpp"

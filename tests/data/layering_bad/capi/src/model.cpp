#include "model_run.hpp"
#include "vitals/scorecard.hpp"

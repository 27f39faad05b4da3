#pragma once
#include "vitals/signals/trend.hpp"

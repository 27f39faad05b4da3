#pragma once
#include <vitals/portfolio.hpp>

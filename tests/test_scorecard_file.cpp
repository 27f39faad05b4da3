#include <doctest/doctest.h>
#include "vitals/vitals.hpp"
TEST_CASE("placeholder") { CHECK(true); }

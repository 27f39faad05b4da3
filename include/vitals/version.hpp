// Vitals — library version: VITALS_VERSION_MAJOR/_MINOR/_PATCH/_STRING/_NUMBER.
// The numbers are written once, in vitals/version.h (shared with the C ABI's vitals.h).
#pragma once

#include "vitals/version.h"

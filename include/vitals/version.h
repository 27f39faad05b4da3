/* Vitals — the library version, written here and nowhere else (C and C++).
 *
 * Everything else derives from these three numbers: the top-level CMakeLists.txt reads them for
 * project(VERSION), include/vitals/version.hpp and the C ABI's vitals.h include this header, and the
 * ctest `version_agrees` (tests/check_version.cmake) fails if the Python package's __version__
 * (capi/python/vitals/__init__.py, a literal so that `import vitals` needs no library) differs.
 * To release a new version, change the three numbers below and that one Python line. */
#ifndef VITALS_VERSION_H
#define VITALS_VERSION_H

#define VITALS_VERSION_MAJOR 0
#define VITALS_VERSION_MINOR 1
#define VITALS_VERSION_PATCH 0

#define VITALS_VERSION_STRINGIFY_(x) #x
#define VITALS_VERSION_STRINGIFY(x) VITALS_VERSION_STRINGIFY_(x)
/** "MAJOR.MINOR.PATCH", e.g. "0.1.0": a string literal. */
#define VITALS_VERSION_STRING                                                                      \
    VITALS_VERSION_STRINGIFY(VITALS_VERSION_MAJOR)                                                 \
    "." VITALS_VERSION_STRINGIFY(VITALS_VERSION_MINOR) "." VITALS_VERSION_STRINGIFY(VITALS_VERSION_PATCH)
/** MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 100 for 0.1.0. */
#define VITALS_VERSION_NUMBER (VITALS_VERSION_MAJOR * 10000 + VITALS_VERSION_MINOR * 100 + VITALS_VERSION_PATCH)

#endif /* VITALS_VERSION_H */

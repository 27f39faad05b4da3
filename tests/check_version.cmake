# ctest version_agrees: the version is written once (include/vitals/version.h) and everything that
# states it agrees: the project's VERSION (passed in as PROJECT_VERSION), version.hpp and the C ABI's
# vitals.h take it from version.h (include it, define none of their own), and the Python package's
# __version__ literal equals it.
#   cmake -DSOURCE_DIR=<repo> -DPROJECT_VERSION=<x.y.z> -P check_version.cmake
set(errors "")
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/VitalsVersion.cmake)
vitals_read_version(version ${SOURCE_DIR})
message(STATUS "include/vitals/version.h: ${version}")

if(NOT PROJECT_VERSION STREQUAL version)
    string(APPEND errors "CMakeLists.txt: project VERSION ${PROJECT_VERSION}, version.h says ${version}\n")
endif()

foreach(header IN ITEMS include/vitals/version.hpp capi/include/vitals/vitals.h)
    file(READ ${SOURCE_DIR}/${header} text)
    if(NOT text MATCHES "#include \"vitals/version.h\"")
        string(APPEND errors "${header}: does not include vitals/version.h\n")
    endif()
    if(text MATCHES "#define VITALS_VERSION_")
        string(APPEND errors "${header}: defines a VITALS_VERSION_ macro of its own (version.h is the one place)\n")
    endif()
endforeach()

file(STRINGS ${SOURCE_DIR}/capi/python/vitals/__init__.py py REGEX "^__version__ = ")
if(NOT py MATCHES "^__version__ = \"([^\"]*)\"$")
    string(APPEND errors "capi/python/vitals/__init__.py: no `__version__ = \"...\"` line\n")
elseif(NOT CMAKE_MATCH_1 STREQUAL version)
    string(APPEND errors "capi/python/vitals/__init__.py: __version__ ${CMAKE_MATCH_1}, version.h says ${version}\n")
endif()

if(errors)
    message(FATAL_ERROR "the version is stated differently:\n${errors}")
endif()
message(STATUS "version ${version} agrees everywhere")

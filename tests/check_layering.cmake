# ctest layering: the layers point one way (docs/architecture.md).
#   1. The core — every header under include/vitals/ outside signals/, portfolio/, model/ and io/
#      (scorecard, score, batch, normalisers, ...) — includes nothing from those folders, nor their
#      umbrella headers. The composing headers above every layer are named here: session.hpp (the
#      account session) and vitals.hpp (the everything-umbrella); signals.hpp and portfolio.hpp are
#      their folders' umbrellas and belong to those layers.
#   2. The C ABI (capi/) includes only its own files and installed headers (include/): nothing from
#      src/ that is not an installed library's public header.
#   3. Every Vitals library the C ABI links is installed (install(TARGETS ...) in its CMakeLists).
#   4. The CLI (src/cli) does not reach into a detail:: namespace of the library.
#   cmake -DSOURCE_DIR=<repo> -P check_layering.cmake
cmake_minimum_required(VERSION 3.25)
set(errors "")
set(upper_folders signals portfolio model io report)
set(upper_headers signals.hpp portfolio.hpp session.hpp vitals.hpp)
set(composing session.hpp vitals.hpp signals.hpp portfolio.hpp)

# 1. the core
file(GLOB_RECURSE headers RELATIVE ${SOURCE_DIR}/include/vitals ${SOURCE_DIR}/include/vitals/*.hpp
     ${SOURCE_DIR}/include/vitals/*.h)
set(core_count 0)
foreach(h IN LISTS headers)
    string(REGEX MATCH "^[^/]+/" folder "${h}")
    string(REGEX REPLACE "/$" "" folder "${folder}")
    if(folder IN_LIST upper_folders OR h IN_LIST composing)
        continue()
    endif()
    math(EXPR core_count "${core_count} + 1")
    file(STRINGS ${SOURCE_DIR}/include/vitals/${h} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]vitals/")
    foreach(line IN LISTS includes)
        string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]vitals/([^>\"]+)[>\"].*" "\\1" target "${line}")
        string(REGEX MATCH "^[^/]+/" tfolder "${target}")
        string(REGEX REPLACE "/$" "" tfolder "${tfolder}")
        if(tfolder IN_LIST upper_folders OR target IN_LIST upper_headers)
            string(APPEND errors "include/vitals/${h}: the core includes vitals/${target} (a layer above it)\n")
        endif()
    endforeach()
endforeach()
if(NOT DEFINED MIN_CORE)
    set(MIN_CORE 20)
endif()
if(core_count LESS MIN_CORE)
    string(APPEND errors "found only ${core_count} core headers under ${SOURCE_DIR}/include/vitals: wrong SOURCE_DIR?\n")
endif()
message(STATUS "core headers checked: ${core_count}")

# 2. capi includes
file(GLOB_RECURSE capi_files RELATIVE ${SOURCE_DIR}/capi ${SOURCE_DIR}/capi/*.c ${SOURCE_DIR}/capi/*.cpp
     ${SOURCE_DIR}/capi/*.h ${SOURCE_DIR}/capi/*.hpp)
set(capi_count 0)
foreach(f IN LISTS capi_files)
    math(EXPR capi_count "${capi_count} + 1")
    get_filename_component(dir ${SOURCE_DIR}/capi/${f} DIRECTORY)
    file(STRINGS ${SOURCE_DIR}/capi/${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS includes)
        string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" target "${line}")
        if(EXISTS ${dir}/${target} OR EXISTS ${SOURCE_DIR}/capi/include/${target}
           OR EXISTS ${SOURCE_DIR}/include/${target})
            continue()
        endif()
        string(APPEND errors "capi/${f}: includes \"${target}\", which is neither in capi/ nor an installed header (include/)\n")
    endforeach()
    file(STRINGS ${SOURCE_DIR}/capi/${f} sneaky REGEX "#[ \t]*include[ \t]*[<\"][^>\"]*src/")
    foreach(line IN LISTS sneaky)
        string(APPEND errors "capi/${f}: includes a path under src/: ${line}\n")
    endforeach()
endforeach()
message(STATUS "capi files checked: ${capi_count}")

# 3. what the C ABI links
file(READ ${SOURCE_DIR}/capi/CMakeLists.txt capi_cmake)
string(REGEX MATCHALL "target_link_libraries\\(vitals_capi[^)]*\\)" links "${capi_cmake}")
file(GLOB_RECURSE lib_cmakes ${SOURCE_DIR}/src/*/CMakeLists.txt)
set(installed vitals)
foreach(c IN LISTS lib_cmakes)
    file(READ ${c} text)
    string(REGEX MATCHALL "install\\(TARGETS[ \t]+[A-Za-z0-9_]+" inst "${text}")
    foreach(i IN LISTS inst)
        string(REGEX REPLACE "install\\(TARGETS[ \t]+" "" t "${i}")
        list(APPEND installed ${t})
        string(REGEX MATCH "add_library\\(vitals::([A-Za-z0-9_]+) ALIAS ${t}\\)" alias "${text}")
        if(alias)
            list(APPEND installed "vitals::${CMAKE_MATCH_1}")
        endif()
    endforeach()
endforeach()
set(linked_count 0)
foreach(block IN LISTS links)
    string(REGEX MATCHALL "[$<A-Za-z0-9_:]+" tokens "${block}")
    foreach(tok IN LISTS tokens)
        string(REGEX REPLACE "^\\$<BUILD_INTERFACE:" "" tok "${tok}")
        if(tok MATCHES "^(vitals::|vitals_)" AND NOT tok STREQUAL "vitals_capi")
            math(EXPR linked_count "${linked_count} + 1")
            if(NOT tok IN_LIST installed)
                string(APPEND errors "capi/CMakeLists.txt: the C ABI links ${tok}, which is not installed\n")
            endif()
        endif()
    endforeach()
endforeach()
message(STATUS "Vitals libraries the C ABI links: ${linked_count} (installed: ${installed})")
if(linked_count EQUAL 0)
    string(APPEND errors "capi/CMakeLists.txt: found no Vitals library in target_link_libraries(vitals_capi ...)\n")
endif()

# 4. the CLI and detail::
file(GLOB cli_files ${SOURCE_DIR}/src/cli/*.cpp ${SOURCE_DIR}/src/cli/*.hpp)
foreach(f IN LISTS cli_files)
    file(STRINGS ${f} hits REGEX "detail::")
    foreach(line IN LISTS hits)
        string(APPEND errors "${f}: the CLI uses a detail:: name: ${line}\n")
    endforeach()
endforeach()

if(errors)
    message(FATAL_ERROR "layering:\n${errors}")
endif()
message(STATUS "layering: the layers point one way")

# ctest layering_check_can_fail: check_layering.cmake run on tests/data/layering_bad, a small tree
# that breaks each rule once, must fail and name every break.
#   cmake -DSOURCE_DIR=<repo> -P check_layering_selftest.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${SOURCE_DIR}/tests/data/layering_bad -DMIN_CORE=1
                        -P ${CMAKE_CURRENT_LIST_DIR}/check_layering.cmake
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX REPLACE "[ \t\r\n]+" " " all "${out}${err}")   # message() wraps long lines
if(rc EQUAL 0)
    message(FATAL_ERROR "check_layering passed a tree that breaks every rule:\n${all}")
endif()
foreach(expected IN ITEMS
        "include/vitals/scorecard.hpp: the core includes vitals/signals/trend.hpp"
        "include/vitals/normalise/linear.hpp: the core includes vitals/portfolio.hpp"
        "capi/src/model.cpp: includes \"model_run.hpp\""
        "the C ABI links vitals::session, which is not installed"
        "the C ABI links vitals_model_run, which is not installed"
        "the CLI uses a detail:: name")
    string(FIND "${all}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "check_layering did not report: ${expected}\n${all}")
    endif()
endforeach()
message(STATUS "check_layering names each break in the bad tree")

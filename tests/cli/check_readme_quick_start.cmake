# cmake -DREADME=<README.md> -DVITALS=<vitals binary> -DSOURCE_DIR=<repo> -P check_readme_quick_start.cmake
# Keeps the README's Quick start true: its first command ends by running `build/release/src/cli/vitals
# <args>` on the shipped sample; this runs the same arguments with the binary under test, from the
# repository root, and checks that it succeeds and that what the README promises is in the output
# (a trend arrow column, alerts, an override and the quadrant).
file(READ "${README}" text)
string(FIND "${text}" "## Quick start" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md has no '## Quick start' section")
endif()
string(SUBSTRING "${text}" ${at} -1 text)
string(REGEX MATCH "```sh\n[^\n]*build/release/src/cli/vitals ([^\n]*)\n```" block "${text}")
if(NOT block)
    message(FATAL_ERROR "README.md: the Quick start's first command does not run build/release/src/cli/vitals")
endif()
separate_arguments(args UNIX_COMMAND "${CMAKE_MATCH_1}")
execute_process(COMMAND "${VITALS}" ${args} --color never
    WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the Quick start command failed (exit ${rc}): vitals ${CMAKE_MATCH_1}\n${err}")
endif()
foreach(expected IN ITEMS "trend" "alerts" "quadrant" "override" "scored 1,000 accounts")
    string(FIND "${out}${err}" "${expected}" found)
    if(found EQUAL -1)
        message(FATAL_ERROR "the Quick start output lacks \"${expected}\":\n${out}\n${err}")
    endif()
endforeach()
message(STATUS "README Quick start: vitals ${CMAKE_MATCH_1}: ok")

# ctest cli_isa: `vitals` under VITALS_ISA=baseline, avx2, avx512 and a bad name. Each run reports
# the level it uses in `vitals --version` (a level this CPU lacks, or a name that is no level,
# falls back to the CPU's best and says so: never an illegal instruction), and each scores the
# same book to the same bytes (JSON numbers are the shortest text of the exact double).
#   cmake -DVITALS=<vitals binary> -DWORK=<scratch folder> -P check_isa.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${VITALS} sample --accounts 20000 --seed 14 --out ${WORK}/book.csv
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vitals sample failed (${rc}): ${err}")
endif()

set(levels baseline avx2 avx512)
# the CPU's best level, as the binary sees it with no VITALS_ISA
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=VITALS_ISA ${VITALS} --version
    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\nisa ([a-z0-9]+); cpu ([a-z0-9]+);")
    message(FATAL_ERROR "vitals --version (${rc}) does not report the level:\n${out}")
endif()
set(cpu ${CMAKE_MATCH_2})
if(NOT CMAKE_MATCH_1 STREQUAL cpu)
    message(FATAL_ERROR "with no VITALS_ISA the level is ${CMAKE_MATCH_1}, not the CPU's best (${cpu})")
endif()
list(FIND levels ${cpu} cpu_rank)
message(STATUS "this CPU runs up to ${cpu}")

set(first "")
foreach(level IN ITEMS baseline avx2 avx512 sse9)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env VITALS_ISA=${level} ${VITALS} --version
        OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    list(FIND levels ${level} rank)
    if(rank EQUAL -1)
        set(want "isa ${cpu} (VITALS_ISA=${level} is not a level (baseline, avx2, avx512); using ${cpu});")
    elseif(rank LESS_EQUAL cpu_rank)
        set(want "isa ${level}; cpu ${cpu};")
    else()
        set(want "isa ${cpu} (VITALS_ISA=${level}, but this CPU lacks ${level}; using ${cpu}); cpu ${cpu};")
    endif()
    string(FIND "${out}" "\n${want}" at)
    if(NOT rc EQUAL 0 OR at EQUAL -1)
        message(FATAL_ERROR "VITALS_ISA=${level} vitals --version (${rc}): expected \"${want}\" in\n${out}")
    endif()
    message(STATUS "VITALS_ISA=${level}: ${want}")

    execute_process(COMMAND ${CMAKE_COMMAND} -E env VITALS_ISA=${level}
            ${VITALS} score ${WORK}/book.csv --format json -q --out ${WORK}/scores-${level}.json
        RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "VITALS_ISA=${level} vitals score failed (${rc}): ${err}")
    endif()
    if(first STREQUAL "")
        set(first ${level})
    else()
        execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/scores-${first}.json
            ${WORK}/scores-${level}.json RESULT_VARIABLE differ)
        if(NOT differ EQUAL 0)
            message(FATAL_ERROR "VITALS_ISA=${level} scores differ from VITALS_ISA=${first}'s")
        endif()
    endif()
endforeach()
file(SIZE ${WORK}/scores-baseline.json size)
message(STATUS "the same ${size} bytes of scores at every level")

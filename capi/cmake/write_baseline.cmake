# cmake -DABIDW=<abidw> -DLIBRARY=<libvitals.so> -DSOURCE_DIR=<repo> -DOUTPUT=<libvitals.abi>
#       -P write_baseline.cmake
# Writes the ABI baseline: abidw over the exported interfaces only, without machine-specific paths
# (source paths are made relative to the repository).
execute_process(
    COMMAND ${ABIDW} --exported-interfaces-only --no-corpus-path --no-comp-dir-path --no-show-locs ${LIBRARY}
    OUTPUT_VARIABLE abi RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "abidw ${LIBRARY} failed (${rc})")
endif()
string(REPLACE "path='${SOURCE_DIR}/" "path='" abi "${abi}")
# Sources compiled by relative path (a compiler launcher with a base_dir, e.g. ccache) show up
# relative to the build folder: "../../capi/src/x.cpp" is "capi/src/x.cpp" as well.
string(REGEX REPLACE "path='(\\.\\./)+" "path='" abi "${abi}")
file(WRITE ${OUTPUT} "${abi}")
message(STATUS "wrote ${OUTPUT}")

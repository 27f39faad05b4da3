# cmake -DLIBRARY=<libvitals.so> -DBASELINE=<libvitals.abi> -DSUPPRESSIONS=<file> -P check_abi.cmake
# Compares the built library with the committed ABI baseline (libabigail's abidiff) and fails on
# any change except added functions: removed functions, changed signatures, changed types.
# The versioned structs are left to the suppression file (they may grow at their end) and their
# first-version layout is pinned by tests/capi/test_capi.c instead (see libvitals.abignore).
# Do not add --headers-dir/--drop-private-types here: with a baseline written without source
# locations, abidiff 2.2 then treats every type as private and reports nothing at all.
# Prints "SKIPPED:" (which the test treats as a skip) when abidiff is not installed.
find_program(ABIDIFF abidiff)
if(NOT ABIDIFF)
    message("SKIPPED: abidiff (Debian package abigail-tools) is not installed")
    return()
endif()
if(NOT EXISTS "${BASELINE}")
    message(FATAL_ERROR "no ABI baseline at ${BASELINE}: build the target vitals_abi_baseline and commit it")
endif()
execute_process(
    COMMAND ${ABIDIFF} --exported-interfaces-only --no-added-syms --suppressions ${SUPPRESSIONS}
            ${BASELINE} ${LIBRARY}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
# abidiff's status is a bit set: 1 error, 2 usage error, 4 ABI change, 8 incompatible ABI change.
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "abidiff reports ABI changes against ${BASELINE} (status ${rc}: "
        "1 = tool error, 2 = usage, 4 = change, 8 = incompatible change):\n${out}${err}\n"
        "Symbols may only be added. If this change is intended for a new ABI version, bump "
        "VITALS_ABI_VERSION and rebuild the baseline (target vitals_abi_baseline).")
endif()
message(STATUS "ABI compatible with ${BASELINE}")
if(out)
    message(STATUS "${out}")
endif()

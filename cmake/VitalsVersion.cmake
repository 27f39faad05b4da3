# vitals_read_version(<out> <source dir>): sets <out> to "MAJOR.MINOR.PATCH" read from
# <source dir>/include/vitals/version.h, the one place the version is written. Used by the top-level
# CMakeLists.txt (before project()) and by tests/check_version.cmake (script mode).
function(vitals_read_version out source_dir)
    file(STRINGS "${source_dir}/include/vitals/version.h" lines
        REGEX "^#define VITALS_VERSION_(MAJOR|MINOR|PATCH) [0-9]+$")
    set(version "")
    foreach(part IN ITEMS MAJOR MINOR PATCH)
        set(line "${lines}")
        list(FILTER line INCLUDE REGEX "_${part} ")
        if(NOT line MATCHES "^#define VITALS_VERSION_${part} ([0-9]+)$")
            message(FATAL_ERROR "cannot read VITALS_VERSION_${part} from ${source_dir}/include/vitals/version.h")
        endif()
        list(APPEND version ${CMAKE_MATCH_1})
    endforeach()
    list(JOIN version "." version)
    set(${out} ${version} PARENT_SCOPE)
endfunction()

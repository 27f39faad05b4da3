# Script mode: install, configure the consumer against the install tree only, build, run.
file(REMOVE_RECURSE ${PREFIX} ${CONSUMER_BUILD})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${VITALS_BUILD_DIR} --prefix ${PREFIX}
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE} -B ${CONSUMER_BUILD} -G ${GENERATOR}
        -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "configuring the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${CONSUMER_BUILD} RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${CONSUMER_BUILD}/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "${out}")
if(rc)
    message(FATAL_ERROR "the consumer failed: ${rc}")
endif()
if(NOT out MATCHES "scored 3 accounts")
    message(FATAL_ERROR "unexpected consumer output: ${out}")
endif()

# ---- a C host through CMake: COMPONENTS capi, with Eigen, Boost and nlohmann-json unfindable ----
set(c_build ${CONSUMER_BUILD}-c)
file(REMOVE_RECURSE ${c_build})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${C_CONSUMER_SOURCE} -B ${c_build} -G ${GENERATOR}
        -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
        -DCMAKE_C_COMPILER=${C_COMPILER} -DEXAMPLE=${C_EXAMPLE}
        -DCMAKE_DISABLE_FIND_PACKAGE_Eigen3=ON -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON -DCMAKE_DISABLE_FIND_PACKAGE_Threads=ON
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "configuring the C consumer (COMPONENTS capi, no Eigen / Boost) failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${c_build} RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the C consumer failed: ${rc}")
endif()
execute_process(COMMAND ${c_build}/c_consumer RESULT_VARIABLE rc OUTPUT_VARIABLE c_out)
if(rc)
    message(FATAL_ERROR "the C consumer failed: ${rc}\n${c_out}")
endif()
# the proof that the configure could not have used them: the C++ config does fail there
file(REMOVE_RECURSE ${c_build}-cxx)
file(MAKE_DIRECTORY ${c_build}-cxx)
file(WRITE ${c_build}-cxx/CMakeLists.txt
    "cmake_minimum_required(VERSION 3.25)\nproject(probe LANGUAGES C)\nfind_package(vitals 0.1 REQUIRED)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${c_build}-cxx -B ${c_build}-cxx/build -G ${GENERATOR}
        -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_C_COMPILER=${C_COMPILER}
        -DCMAKE_DISABLE_FIND_PACKAGE_Eigen3=ON -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc)
    message(FATAL_ERROR "find_package(vitals) with every component configured where Eigen and Boost are "
                        "disabled: the C-only check above proves nothing")
endif()

# ---- the same C host through pkg-config ----
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/lib/pkgconfig)
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs vitals RESULT_VARIABLE rc OUTPUT_VARIABLE flags
    OUTPUT_STRIP_TRAILING_WHITESPACE)
if(rc)
    message(FATAL_ERROR "pkg-config --cflags --libs vitals failed: ${rc}")
endif()
execute_process(COMMAND ${PKG_CONFIG} --modversion vitals OUTPUT_VARIABLE pc_version OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "pkg-config: vitals ${pc_version}: ${flags}")
if(NOT flags MATCHES "-I${PREFIX}/include" OR NOT flags MATCHES "-L${PREFIX}/lib" OR NOT flags MATCHES "-lvitals")
    message(FATAL_ERROR "pkg-config gives ${flags}: not the prefix's include and lib folders")
endif()
separate_arguments(flag_list UNIX_COMMAND "${flags}")
execute_process(COMMAND ${C_COMPILER} -std=c99 -pedantic -Werror ${C_EXAMPLE} -o ${c_build}/pc_consumer ${flag_list} -lm
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the C example with pkg-config's flags failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${PREFIX}/lib ${c_build}/pc_consumer
    RESULT_VARIABLE rc OUTPUT_VARIABLE pc_out)
if(rc OR NOT pc_out STREQUAL c_out)
    message(FATAL_ERROR "the pkg-config build failed (${rc}) or printed otherwise than the CMake one:\n${pc_out}")
endif()

# ---- the installed library is stripped, its debug information split out ----
file(GLOB lib LIST_DIRECTORIES false ${PREFIX}/lib/libvitals.so.*.*)
list(LENGTH lib n)
if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one libvitals.so.<abi>.<version> in ${PREFIX}/lib, found: ${lib}")
endif()
get_filename_component(lib_name ${lib} NAME)
find_program(READELF readelf REQUIRED)
execute_process(COMMAND ${READELF} -S --wide ${lib} OUTPUT_VARIABLE sections)
if(sections MATCHES "\\.debug_info" OR NOT sections MATCHES "\\.gnu_debuglink")
    message(FATAL_ERROR "${lib} is not stripped with a debug link:\n${sections}")
endif()
execute_process(COMMAND ${READELF} -S --wide ${PREFIX}/lib/.debug/${lib_name}.debug OUTPUT_VARIABLE debug_sections
    RESULT_VARIABLE rc)
if(rc OR NOT debug_sections MATCHES "\\.debug_info")
    message(FATAL_ERROR "${PREFIX}/lib/.debug/${lib_name}.debug has no debug information")
endif()
file(SIZE ${lib} lib_size)
file(SIZE ${PREFIX}/lib/.debug/${lib_name}.debug debug_size)
message(STATUS "installed ${lib_name}: ${lib_size} bytes; its debug information: ${debug_size} bytes")

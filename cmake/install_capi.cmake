# Install-time steps for libvitals (run by `cmake --install`; capi/CMakeLists.txt sets the
# VITALS_* variables before it):
#   1. split the library's debug information into <libdir>/.debug/<file>.debug and strip it;
#   2. write <libdir>/pkgconfig/vitals.pc for the prefix being installed to.
set(_dir "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${VITALS_LIBDIR}")
if(IS_ABSOLUTE "${VITALS_LIBDIR}")
    set(_dir "$ENV{DESTDIR}${VITALS_LIBDIR}")
endif()

set(_lib "${_dir}/${VITALS_LIBRARY_FILE}")
if(VITALS_OBJCOPY AND VITALS_STRIP AND EXISTS "${_lib}")
    set(_debug "${_dir}/.debug/${VITALS_LIBRARY_FILE}.debug")
    file(MAKE_DIRECTORY "${_dir}/.debug")
    execute_process(COMMAND "${VITALS_OBJCOPY}" --only-keep-debug "${_lib}" "${_debug}" COMMAND_ERROR_IS_FATAL ANY)
    execute_process(COMMAND "${VITALS_STRIP}" --strip-debug --strip-unneeded "${_lib}" COMMAND_ERROR_IS_FATAL ANY)
    execute_process(COMMAND "${VITALS_OBJCOPY}" "--add-gnu-debuglink=${_debug}" "${_lib}" COMMAND_ERROR_IS_FATAL ANY)
    message(STATUS "Stripped: ${_lib} (debug information: ${_debug})")
endif()

# pkg-config paths relative to ${prefix} when the install dirs are relative
set(PKG_PREFIX "${CMAKE_INSTALL_PREFIX}")
foreach(_kind LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${VITALS_${_kind}}")
        set(PKG_${_kind} "${VITALS_${_kind}}")
    else()
        set(PKG_${_kind} "\${prefix}/${VITALS_${_kind}}")
    endif()
endforeach()
set(PROJECT_VERSION "${VITALS_VERSION}")
set(_pc "${_dir}/pkgconfig/vitals.pc")
configure_file("${VITALS_PC_IN}" "${_pc}" @ONLY)
message(STATUS "Installing: ${_pc}")

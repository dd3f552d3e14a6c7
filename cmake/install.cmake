# Install rules (included by CMakeLists.txt after the targets): `cmake --install
# build [--prefix DIR]` installs, under the GNU layout (GNUInstallDirs):
#
#   bin/accord                              the command-line tool
#   lib/libaccord.so.X.Y.Z (+ soname link)  the shared library
#   include/accord.h, accord_*.h            the public headers, with the
#                                           generated accord_version.h
#   lib/pkgconfig/accord.pc                 for pkg-config
#   lib/cmake/accord/                       accordConfig.cmake, accordConfigVersion.cmake
#                                           and accordTargets*.cmake: accord::accord
#
# (lib/ is CMAKE_INSTALL_LIBDIR, e.g. lib/x86_64-linux-gnu under /usr on
# Debian.)  Everything is relocatable: the pkg-config file and the CMake
# package find the prefix from their own place, and the tool finds the
# library through an $ORIGIN-relative RPATH.  docs/building.md says more.
include(CMakePackageConfigHelpers)

# The public headers: every include/*.h, and the generated version header.
file(GLOB ACCORD_PUBLIC_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/*.h)
install(FILES ${ACCORD_PUBLIC_HEADERS} ${ACCORD_GENERATED_INCLUDE}/accord_version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development)

install(TARGETS accord EXPORT accordTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

file(RELATIVE_PATH _accord_bin_to_lib ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
set_target_properties(accord_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_accord_bin_to_lib}")
install(TARGETS accord_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

# ---- pkg-config: accord.pc ----
# prefix is ${pcfiledir}/<back to the prefix>, so that `cmake --install
# --prefix DIR` (which does not reconfigure) still yields a correct file.
set(_accord_pcdir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(ACCORD_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _accord_pc_up /${_accord_pcdir} /)
  string(REGEX REPLACE "/$" "" _accord_pc_up "${_accord_pc_up}")
  set(ACCORD_PC_PREFIX "\${pcfiledir}/${_accord_pc_up}")
endif()
foreach(_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
    set(ACCORD_PC_${_dir} "${CMAKE_INSTALL_${_dir}}")
  else()
    set(ACCORD_PC_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
  endif()
endforeach()
# What a static link would add: the OpenMP runtime of the compiler that built
# the library (gomp for gcc, omp for clang, with its folder when that is not
# one the linker searches anyway) and libm.  libyaml, jansson and expat come
# through Requires.private.
set(ACCORD_PC_LIBS_PRIVATE)
foreach(_lib ${OpenMP_C_LIB_NAMES})
  get_filename_component(_libdir "${OpenMP_${_lib}_LIBRARY}" DIRECTORY)
  if(_libdir AND NOT _libdir IN_LIST CMAKE_C_IMPLICIT_LINK_DIRECTORIES)
    list(APPEND ACCORD_PC_LIBS_PRIVATE "-L${_libdir}")
  endif()
  list(APPEND ACCORD_PC_LIBS_PRIVATE "-l${_lib}")
endforeach()
list(APPEND ACCORD_PC_LIBS_PRIVATE -lm)
list(REMOVE_DUPLICATES ACCORD_PC_LIBS_PRIVATE)
list(JOIN ACCORD_PC_LIBS_PRIVATE " " ACCORD_PC_LIBS_PRIVATE)
configure_file(${PROJECT_SOURCE_DIR}/cmake/accord.pc.in ${PROJECT_BINARY_DIR}/accord.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/accord.pc DESTINATION ${_accord_pcdir} COMPONENT development)

# ---- CMake package: find_package(accord) gives accord::accord ----
set(_accord_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/accord)
install(EXPORT accordTargets NAMESPACE accord:: DESTINATION ${_accord_cmakedir}
        COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/accordConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/accordConfig.cmake
                              INSTALL_DESTINATION ${_accord_cmakedir}
                              PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
# Before 1.0 a minor release may break the API (as the soname says), so a
# request for 0.1 accepts 0.1.x only; from 1.0 on, any 1.y.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_accord_compat SameMinorVersion)
else()
  set(_accord_compat SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/accordConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY ${_accord_compat})
install(FILES ${PROJECT_BINARY_DIR}/accordConfig.cmake ${PROJECT_BINARY_DIR}/accordConfigVersion.cmake
        DESTINATION ${_accord_cmakedir} COMPONENT development)

# SPDX-License-Identifier: MIT
# The installed CMake package (find_package(QOrm CONFIG)) and a pkg-config file.
# The targets and headers are installed by orm/ and adapters/ into the export set QOrmTargets.
include(CMakePackageConfigHelpers)

set(QORM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/QOrm)

install(EXPORT QOrmTargets NAMESPACE QOrm:: DESTINATION ${QORM_CMAKE_DIR} FILE QOrmTargets.cmake)
if(TARGET qorm_widgets)
    set(QORM_HAS_WIDGETS TRUE)
else()
    set(QORM_HAS_WIDGETS FALSE)
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/QOrmConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/QOrmConfig.cmake
    INSTALL_DESTINATION ${QORM_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/QOrmConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/QOrmConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/QOrmConfigVersion.cmake
    DESTINATION ${QORM_CMAKE_DIR})

# pkg-config: one file per library (qorm-core, qorm-adapters, qorm-widgets), for builds that do
# not use CMake. The prefix is relative to the .pc file, so an installed tree can be moved (and
# --prefix works).
file(RELATIVE_PATH QORM_PC_RELATIVE_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
set(_qorm_pc_libs core adapters)
if(TARGET qorm_widgets)
    list(APPEND _qorm_pc_libs widgets)
endif()
foreach(lib IN LISTS _qorm_pc_libs)
    configure_file(${CMAKE_CURRENT_LIST_DIR}/qorm-${lib}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/qorm-${lib}.pc @ONLY)
    install(FILES ${CMAKE_CURRENT_BINARY_DIR}/qorm-${lib}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

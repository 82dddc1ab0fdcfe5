# SPDX-License-Identifier: MIT
# `cmake --build build --target docs`: the API reference of the public headers (Debian: doxygen),
# in build/docs/html. Any doxygen warning fails the target (WARN_AS_ERROR = FAIL_ON_WARNINGS).
find_package(Doxygen QUIET)
if(DOXYGEN_FOUND)
    set(QORM_DOXYGEN_INPUT
        "${PROJECT_SOURCE_DIR}/orm/include/qorm ${PROJECT_SOURCE_DIR}/adapters/include/qorm ${PROJECT_SOURCE_DIR}/adapters/widgets/include/qorm ${PROJECT_BINARY_DIR}/orm/include/qorm/version.h ${PROJECT_SOURCE_DIR}/docs/mainpage.md")
    configure_file(${PROJECT_SOURCE_DIR}/docs/Doxyfile.in ${PROJECT_BINARY_DIR}/docs/Doxyfile @ONLY)
    add_custom_target(docs
        COMMAND ${DOXYGEN_EXECUTABLE} ${PROJECT_BINARY_DIR}/docs/Doxyfile
        WORKING_DIRECTORY ${PROJECT_BINARY_DIR}/docs
        COMMENT "API reference (doxygen) -> ${PROJECT_BINARY_DIR}/docs/html"
        VERBATIM)
else()
    add_custom_target(docs
        COMMAND ${CMAKE_COMMAND} -E echo "doxygen is not installed (Debian: apt-get install doxygen)"
        COMMAND ${CMAKE_COMMAND} -E false
        VERBATIM)
endif()

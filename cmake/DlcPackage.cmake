# Installs the runtime as a CMake package, so that an application can
#   find_package(dlc REQUIRED)
#   target_link_libraries(app PRIVATE dlc::dlc_runtime)
# The tools install themselves (tools/); this file covers only the runtime.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(DLC_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/dlc)

install(TARGETS dlc_runtime
  EXPORT dlcTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    COMPONENT dlc_runtime
    NAMELINK_COMPONENT dlc_development
)
# artifact.hpp stays behind: it belongs to dlc_artifact, which is not installed.
install(FILES
  ${CMAKE_CURRENT_LIST_DIR}/../runtime/include/dlc/abi.h
  ${CMAKE_CURRENT_LIST_DIR}/../runtime/include/dlc/runtime.h
  ${CMAKE_CURRENT_LIST_DIR}/../runtime/include/dlc/runtime.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dlc
  COMPONENT dlc_development
)
install(EXPORT dlcTargets
  NAMESPACE dlc::
  DESTINATION ${DLC_INSTALL_CMAKEDIR}
  COMPONENT dlc_development
)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/dlcConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dlcConfig.cmake
  INSTALL_DESTINATION ${DLC_INSTALL_CMAKEDIR}
)
# 0.x releases may break the C API between minor versions.
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/dlcConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion
)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/dlcConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dlcConfigVersion.cmake
  DESTINATION ${DLC_INSTALL_CMAKEDIR}
  COMPONENT dlc_development
)

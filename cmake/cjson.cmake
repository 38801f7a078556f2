# cJSON (Debian libcjson-dev) as one INTERFACE target, pcdsim_cjson: writes the Perfetto trace
# (`pcdsim run --perfetto`) and reads it back in test/pictures. pkg-config's libcjson when
# available, else the header and library found directly; the header is included as <cJSON.h>.
if(TARGET pcdsim_cjson)
  return()
endif()
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PCDSIM_CJSON QUIET IMPORTED_TARGET GLOBAL libcjson)
endif()
add_library(pcdsim_cjson INTERFACE)
if(TARGET PkgConfig::PCDSIM_CJSON)
  target_link_libraries(pcdsim_cjson INTERFACE PkgConfig::PCDSIM_CJSON)
else()
  find_path(PCDSIM_CJSON_INCLUDE_DIR cJSON.h PATH_SUFFIXES cjson REQUIRED)
  find_library(PCDSIM_CJSON_LIBRARY cjson REQUIRED)
  target_include_directories(pcdsim_cjson INTERFACE ${PCDSIM_CJSON_INCLUDE_DIR})
  target_link_libraries(pcdsim_cjson INTERFACE ${PCDSIM_CJSON_LIBRARY})
endif()

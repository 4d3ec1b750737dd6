# The provider seam (docs/ARCHITECTURE.md, "Providers"): only app/ and a provider's own folder
# may include a provider's folder (channels/<provider>/...); the seam (channels/*.h) names no
# provider, and a provider never includes another provider's folder (channels/common/ is shared). Everything else reaches providers through channels/provider.h and the registry.
#
# Run as: cmake -DSOURCE_DIR=<repo>/src -P provider_includes.cmake   (fails listing offenders)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "pass -DSOURCE_DIR=<repository>/src")
endif()

file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/*.h ${SOURCE_DIR}/*.cpp)
set(offenders "")
foreach(source ${sources})
  file(STRINGS ${SOURCE_DIR}/${source} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"channels/[^/\"]+/")
  if(NOT includes)
    continue()
  endif()
  string(REGEX MATCH "^channels/([^/]+)/" own_provider "${source}")
  set(own_folder "${CMAKE_MATCH_1}")
  foreach(line ${includes})
    string(REGEX MATCH "\"channels/([^/\"]+)/" included "${line}")
    set(folder "${CMAKE_MATCH_1}")
    if(source MATCHES "^app/")
      continue()  # app wires providers in (app/providers.cpp)
    elseif(own_folder STREQUAL folder OR folder STREQUAL "common")
      continue()  # a provider's own files, and code shared by providers
    endif()
    string(STRIP "${line}" line)
    list(APPEND offenders "src/${source}: ${line}")
  endforeach()
endforeach()

if(offenders)
  list(JOIN offenders "\n  " listed)
  message(FATAL_ERROR "provider folders included outside channels/ and app/ "
                      "(use channels/provider.h and the ProviderRegistry):\n  ${listed}")
endif()
list(LENGTH sources count)
message(STATUS "provider includes: ${count} files checked, none reaches into a provider")

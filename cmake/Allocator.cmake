# mensajero_link_allocator(<target>): links MENSAJERO_ALLOCATOR into an executable.
#
# Both allocators replace malloc and free by symbol interposition when their shared library
# is loaded before libc, which linking it into the executable does. --no-as-needed keeps the
# library although no symbol of it is named: without it the linker could drop it silently.
if(MENSAJERO_SANITIZE OR MENSAJERO_FUZZ)
  set(MENSAJERO_ALLOCATOR_EFFECTIVE "system")
else()
  set(MENSAJERO_ALLOCATOR_EFFECTIVE "${MENSAJERO_ALLOCATOR}")
endif()

# One cache entry per library: find_library keeps a found path, so a shared entry would keep
# the first allocator when a build directory is reconfigured with another.
if(MENSAJERO_ALLOCATOR_EFFECTIVE STREQUAL "mimalloc")
  find_library(MENSAJERO_MIMALLOC_LIBRARY NAMES mimalloc REQUIRED)
  set(MENSAJERO_ALLOCATOR_LIBRARY "${MENSAJERO_MIMALLOC_LIBRARY}")
elseif(MENSAJERO_ALLOCATOR_EFFECTIVE STREQUAL "jemalloc")
  find_library(MENSAJERO_JEMALLOC_LIBRARY NAMES jemalloc REQUIRED)
  set(MENSAJERO_ALLOCATOR_LIBRARY "${MENSAJERO_JEMALLOC_LIBRARY}")
elseif(NOT MENSAJERO_ALLOCATOR_EFFECTIVE STREQUAL "system")
  message(FATAL_ERROR "MENSAJERO_ALLOCATOR must be mimalloc, jemalloc or system")
endif()
message(STATUS "Allocator of the executables: ${MENSAJERO_ALLOCATOR_EFFECTIVE}")

function(mensajero_link_allocator target)
  if(MENSAJERO_ALLOCATOR_EFFECTIVE STREQUAL "system")
    return()
  endif()
  target_link_libraries(${target} PRIVATE
    "-Wl,--push-state,--no-as-needed" "${MENSAJERO_ALLOCATOR_LIBRARY}" "-Wl,--pop-state")
endfunction()

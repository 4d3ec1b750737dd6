# mensajero_module(<name> SOURCES ... DEPS ...)
# One static library per module under src/, named mensajero_<name>. DEPS are the only
# modules and libraries it may use, so the build enforces the dependency arrows of
# docs/ARCHITECTURE.md.
function(mensajero_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(mensajero_${name} STATIC ${ARG_SOURCES})
  target_include_directories(mensajero_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mensajero_${name} PUBLIC ${ARG_DEPS})
endfunction()

# mensajero_test(<name> LABEL unit|integration|contract SOURCES ... DEPS ...)
function(mensajero_test name)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "MENSAJERO_SOURCE_DIR=${PROJECT_SOURCE_DIR};MENSAJERO_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

# mensajero_module(<name> SOURCES ... PUBLIC_DEPS ... PRIVATE_DEPS ... [HEADERS ...])
# One static library per module under src/, named mensajero_<name> (an INTERFACE library when
# it has no SOURCES). The build enforces the dependency arrows of docs/ARCHITECTURE.md: a
# module sees its own headers and those of the modules it links, nothing else.
#
# A dependency is PUBLIC when the module's headers include that dependency's headers (its
# users then see them too), PRIVATE when only its .cpp files do. DEPS is read as PUBLIC_DEPS.
#
# Headers are included as "<folder>/<file>.h" ("storage/store.h"). src/ itself is never an
# include directory: each module gets a directory of its own in the build tree,
# include/mensajero_<name>/, holding symbolic links to the headers it owns, and that is its
# only include directory. What a module owns:
#   - HEADERS given: those files of the calling folder (e.g. storage/store_factory.h);
#   - a name <folder>_<sub> or <sub> with a subfolder <sub> (storage_sqlite): <folder>/<sub>/;
#   - otherwise the calling folder, minus the files and subfolders other modules own (so
#     mensajero_storage owns storage/*.h but not storage/sqlite/ or storage/store_factory.h).
function(mensajero_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS;DEPS;HEADERS" ${ARGN})
  set(target mensajero_${name})
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  if(ARG_SOURCES)
    add_library(${target} STATIC ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC ${root})
    target_link_libraries(${target} PUBLIC ${ARG_PUBLIC_DEPS} ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  else()
    if(ARG_PRIVATE_DEPS)
      message(FATAL_ERROR "${target} has no sources, so it cannot have PRIVATE_DEPS")
    endif()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${root})
    target_link_libraries(${target} INTERFACE ${ARG_PUBLIC_DEPS} ${ARG_DEPS})
  endif()

  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR})
  string(REGEX REPLACE "^${folder}_" "" sub ${name})
  if(ARG_HEADERS)
    list(TRANSFORM ARG_HEADERS PREPEND ${folder}/ OUTPUT_VARIABLE owned)
  elseif(NOT name STREQUAL folder AND IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${sub})
    set(owned ${folder}/${sub})
  else()
    set(owned ${folder})
  endif()
  set_property(GLOBAL APPEND PROPERTY MENSAJERO_MODULES ${target})
  set_property(GLOBAL PROPERTY MENSAJERO_OWNED_${target} ${owned})

  # The links are made once every module is known, so the order of declaration is free.
  get_property(deferred GLOBAL PROPERTY MENSAJERO_INCLUDE_ROOTS_DEFERRED)
  if(NOT deferred)
    set_property(GLOBAL PROPERTY MENSAJERO_INCLUDE_ROOTS_DEFERRED TRUE)
    cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL _mensajero_make_include_roots)
  endif()
endfunction()

# Removes what a previous configure linked under `dir`: the links only, never what they name.
function(_mensajero_clear_links dir)
  file(GLOB entries LIST_DIRECTORIES true ${dir}/*)
  foreach(entry ${entries})
    if(IS_SYMLINK ${entry})
      file(REMOVE ${entry})
    elseif(IS_DIRECTORY ${entry})
      _mensajero_clear_links(${entry})
      file(REMOVE_RECURSE ${entry})  # no links left inside: removes only the build tree's
    endif()
  endforeach()
endfunction()

# Links src/<path> into `root`, leaving out what `others` (paths under src/) own: a folder
# with nothing of others' inside is one link; otherwise its headers and subfolders one by one.
function(_mensajero_link_owned root path others)
  set(src ${PROJECT_SOURCE_DIR}/src)
  set(split FALSE)
  foreach(other ${others})
    string(FIND "${other}" "${path}/" at)
    if(at EQUAL 0)
      set(split TRUE)
    endif()
  endforeach()
  if(NOT split)
    get_filename_component(parent ${root}/${path} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${src}/${path} ${root}/${path} SYMBOLIC)
    return()
  endif()
  file(MAKE_DIRECTORY ${root}/${path})
  # CONFIGURE_DEPENDS: a header added to a split folder is linked by the next build.
  file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS RELATIVE ${src} ${src}/${path}/*)
  foreach(entry ${entries})
    if(entry IN_LIST others)
      continue()
    endif()
    if(IS_DIRECTORY ${src}/${entry} OR entry MATCHES "\\.h$")
      _mensajero_link_owned(${root} ${entry} "${others}")
    endif()
  endforeach()
endfunction()

function(_mensajero_make_include_roots)
  get_property(modules GLOBAL PROPERTY MENSAJERO_MODULES)
  foreach(target ${modules})
    set(others)
    foreach(other ${modules})
      if(NOT other STREQUAL target)
        get_property(paths GLOBAL PROPERTY MENSAJERO_OWNED_${other})
        list(APPEND others ${paths})
      endif()
    endforeach()
    set(root ${PROJECT_BINARY_DIR}/include/${target})
    _mensajero_clear_links(${root})
    get_property(owned GLOBAL PROPERTY MENSAJERO_OWNED_${target})
    foreach(path ${owned})
      _mensajero_link_owned(${root} ${path} "${others}")
    endforeach()
  endforeach()
endfunction()

# mensajero_test(<name> LABEL unit|integration|contract SOURCES ... DEPS ...)
# A test sees tests/ and the headers of the modules in DEPS (and their PUBLIC deps) only.
function(mensajero_test name)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "MENSAJERO_SOURCE_DIR=${PROJECT_SOURCE_DIR};MENSAJERO_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

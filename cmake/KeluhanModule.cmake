# keluhan_module(NAME
#   SOURCES file...        the module's src/*.cpp
#   USES module...         core modules below it (README "Architecture")
#   LIBS target...         the C libraries it alone may use (private)
#   PUBLIC_LIBS target...  header libraries its own headers expose)
#
# One static library keluhan_<NAME> (alias keluhan::<NAME>) for the folder
# shared/<NAME>/: its headers are include/keluhan/<NAME>/*.hpp, so a file
# sees the headers of the modules it USES and no others - an include of a
# layer above does not compile. scripts/check-layers.py checks the same
# rules (and the C libraries' headers) on every CI run.
function(keluhan_module name)
  cmake_parse_arguments(M "" "" "SOURCES;USES;LIBS;PUBLIC_LIBS" ${ARGN})
  set(target keluhan_${name})
  add_library(${target} STATIC ${M_SOURCES})
  add_library(keluhan::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                       PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_features(${target} PUBLIC cxx_std_20)
  list(TRANSFORM M_USES PREPEND keluhan:: OUTPUT_VARIABLE uses)
  target_link_libraries(${target} PUBLIC keluhan::sanitize ${uses} ${M_PUBLIC_LIBS}
                                  PRIVATE keluhan::warnings ${M_LIBS})
endfunction()

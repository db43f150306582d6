# bench_panel: the admin panel's frame time while scrolling and filtering a
# register of 1,000,000 complaints (headless, software renderer). Run by
# hand, never by ctest (see docs/benchmarks.md).
if(KELUHAN_UI)
  add_executable(bench_panel ${CMAKE_CURRENT_LIST_DIR}/bench_panel.cpp)
  target_link_libraries(bench_panel PRIVATE keluhan::core keluhan::warnings)
  target_compile_definitions(bench_panel PRIVATE KELUHAN_ADMIN_BIN="$<TARGET_FILE:keluhan-admin>")
  add_dependencies(bench_panel keluhan-admin)
endif()

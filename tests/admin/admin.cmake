# The admin panel (keluhan-admin): its flow as a unit, and the real app run
# headless and driven by scripts.
if(KELUHAN_UI)
  keluhan_test(test_panel_flow ${CMAKE_CURRENT_LIST_DIR}/test_panel_flow.cpp)
  target_link_libraries(test_panel_flow PRIVATE keluhan_panel_flow)
  keluhan_test(test_panel_headless ${CMAKE_CURRENT_LIST_DIR}/test_panel_headless.cpp)
  target_compile_definitions(test_panel_headless PRIVATE KELUHAN_ADMIN_BIN="$<TARGET_FILE:keluhan-admin>")
  add_dependencies(test_panel_headless keluhan-admin)
endif()

# The kiosk's sync agent against the real hub (tests/sync/): `keluhan serve`
# as a child process on loopback, real SQLite files on both sides; Cek
# Status asking the hub for a code the kiosk never had; the
# status page screenshotted by headless Chromium at phone size; the real
# kiosk run headless with sync on.
keluhan_test(test_sync_agent ${CMAKE_CURRENT_LIST_DIR}/test_sync_agent.cpp)
target_compile_definitions(test_sync_agent PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
target_link_libraries(test_sync_agent PRIVATE PkgConfig::HTTPLIB SQLite::SQLite3)
add_dependencies(test_sync_agent keluhan)

keluhan_test(test_remote_status ${CMAKE_CURRENT_LIST_DIR}/test_remote_status.cpp)
target_compile_definitions(test_remote_status PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
target_link_libraries(test_remote_status PRIVATE PkgConfig::HTTPLIB)
add_dependencies(test_remote_status keluhan)

keluhan_test(test_status_page ${CMAKE_CURRENT_LIST_DIR}/test_status_page.cpp)
target_compile_definitions(test_status_page PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
target_link_libraries(test_status_page PRIVATE PkgConfig::HTTPLIB SQLite::SQLite3)
add_dependencies(test_status_page keluhan)

if(KELUHAN_UI)
  keluhan_test(test_sync_kiosk ${CMAKE_CURRENT_LIST_DIR}/test_sync_kiosk.cpp)
  target_compile_definitions(test_sync_kiosk PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>"
                                                     KELUHAN_KIOSK_BIN="$<TARGET_FILE:keluhan-kiosk>")
  target_link_libraries(test_sync_kiosk PRIVATE PkgConfig::HTTPLIB)
  add_dependencies(test_sync_kiosk keluhan keluhan-kiosk)
endif()

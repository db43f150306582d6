# Benchmark programs. Built with the tests, never registered with ctest:
# run them by hand (see docs/benchmarks.md).

# bench_store: register pages, full-text search and durable submit over a
# store of 1,000,000 complaints.
add_executable(bench_store ${CMAKE_CURRENT_LIST_DIR}/bench_store.cpp)
target_link_libraries(bench_store PRIVATE keluhan::core keluhan::warnings SQLite::SQLite3)
target_compile_definitions(bench_store PRIVATE KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}")

# bench_print: rendering the Tanda Terima, and from "complaint committed"
# to "job accepted by CUPS" next to `lp`, against a private cupsd
# (scripts/cups-test-server.sh). Built with the tests, never run by ctest:
# run it by hand (see docs/benchmarks.md).
add_executable(bench_print ${CMAKE_CURRENT_LIST_DIR}/bench_print.cpp)
target_link_libraries(bench_print PRIVATE keluhan::core keluhan::warnings)
target_compile_definitions(bench_print PRIVATE KELUHAN_BENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# bench_panel: the admin panel's frame time while scrolling and filtering a
# register of 1,000,000 complaints (headless, software renderer). Run by
# hand, never by ctest (see docs/benchmarks.md).
if(KELUHAN_UI)
  add_executable(bench_panel ${CMAKE_CURRENT_LIST_DIR}/bench_panel.cpp)
  target_link_libraries(bench_panel PRIVATE keluhan::core keluhan::warnings)
  target_compile_definitions(bench_panel PRIVATE KELUHAN_ADMIN_BIN="$<TARGET_FILE:keluhan-admin>")
  add_dependencies(bench_panel keluhan-admin)
endif()

# bench_sync: a kiosk database of 10,000 complaints pushed to the real hub
# (`keluhan serve`) on loopback. scripts/bench-hub.sh runs it, and the status
# page under load (wrk) while it runs. Built with the tests, never run by
# ctest (see docs/benchmarks.md, "Hub and sync").
add_executable(bench_sync ${CMAKE_CURRENT_LIST_DIR}/bench_sync.cpp ${CMAKE_CURRENT_LIST_DIR}/../support/support.cpp)
target_include_directories(bench_sync PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../support)
target_link_libraries(bench_sync PRIVATE keluhan::core keluhan::warnings SQLite::SQLite3 PkgConfig::HTTPLIB)
target_compile_definitions(bench_sync PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>"
                                              KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}"
                                              KELUHAN_TEST_ASSETS="${KELUHAN_ASSETS_DIR}"
                                              KELUHAN_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(bench_sync keluhan)

# bench_report: the monthly report and the personal-data lookup over a
# million complaints with their histories.
add_executable(bench_report ${CMAKE_CURRENT_LIST_DIR}/bench_report.cpp)
target_link_libraries(bench_report PRIVATE keluhan::core keluhan::warnings SQLite::SQLite3)
target_compile_definitions(bench_report PRIVATE KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}")

if(KELUHAN_UI)
  # bench_kiosk: the kiosk's idle CPU against ImGui's stock loop, frame time of
  # the busiest screens at 1080x1920 with the software renderer, time to the
  # first frame and peak memory. Run by scripts/bench-kiosk.sh (needs Xvfb for
  # the idle figures), never by ctest.
  add_executable(bench_kiosk ${CMAKE_CURRENT_LIST_DIR}/bench_kiosk.cpp)
  target_link_libraries(bench_kiosk PRIVATE keluhan::core keluhan::warnings)
  target_compile_definitions(bench_kiosk PRIVATE
    KELUHAN_KIOSK_BIN="$<TARGET_FILE:keluhan-kiosk>" KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}")
  add_dependencies(bench_kiosk keluhan-kiosk)
endif()

# bench_remote: the staff API of the real hub (`keluhan serve`) on the
# million-row store: register pages and step actions from 20 remote panels
# while a kiosk syncs, next to the local panel in the same run. Run by hand
# (see docs/benchmarks.md, "Office server").
add_executable(bench_remote ${CMAKE_CURRENT_LIST_DIR}/bench_remote.cpp ${CMAKE_CURRENT_LIST_DIR}/../support/support.cpp)
target_include_directories(bench_remote PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../support)
target_link_libraries(bench_remote PRIVATE keluhan::core keluhan::warnings SQLite::SQLite3 PkgConfig::HTTPLIB)
target_compile_definitions(bench_remote PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>"
                                                KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}"
                                                KELUHAN_TEST_ASSETS="${KELUHAN_ASSETS_DIR}"
                                                KELUHAN_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(bench_remote keluhan)

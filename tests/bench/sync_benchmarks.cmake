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

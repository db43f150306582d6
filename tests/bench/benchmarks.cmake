# Benchmark programs. Built with the tests, never registered with ctest:
# run them by hand (see docs/benchmarks.md).

# bench_store: register pages, full-text search and durable submit over a
# store of 1,000,000 complaints.
add_executable(bench_store ${CMAKE_CURRENT_LIST_DIR}/bench_store.cpp)
target_link_libraries(bench_store PRIVATE keluhan::core keluhan::warnings SQLite::SQLite3)
target_compile_definitions(bench_store PRIVATE KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}")

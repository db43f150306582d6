# bench_print: rendering the Tanda Terima, and from "complaint committed"
# to "job accepted by CUPS" next to `lp`, against a private cupsd
# (scripts/cups-test-server.sh). Built with the tests, never run by ctest:
# run it by hand (see docs/benchmarks.md).
add_executable(bench_print ${CMAKE_CURRENT_LIST_DIR}/bench_print.cpp)
target_link_libraries(bench_print PRIVATE keluhan::core keluhan::warnings)
target_compile_definitions(bench_print PRIVATE KELUHAN_BENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

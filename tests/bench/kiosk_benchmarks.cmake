# bench_kiosk: the kiosk's idle CPU against ImGui's stock loop, frame time of
# the busiest screens at 1080x1920 with the software renderer, time to the
# first frame and peak memory. Run by scripts/bench-kiosk.sh (needs Xvfb for
# the idle figures), never by ctest.
add_executable(bench_kiosk ${CMAKE_CURRENT_LIST_DIR}/bench_kiosk.cpp)
target_link_libraries(bench_kiosk PRIVATE keluhan::core keluhan::warnings)
target_compile_definitions(bench_kiosk PRIVATE
  KELUHAN_KIOSK_BIN="$<TARGET_FILE:keluhan-kiosk>" KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}")
add_dependencies(bench_kiosk keluhan-kiosk)

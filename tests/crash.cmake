# Crash test: a child process submits complaints in a loop and reports each
# tracking code after submit() returned; the parent SIGKILLs it at random
# moments, many times, then checks that nothing reported was lost, nothing
# was stored twice and the database is intact.
add_executable(crash_child cli/crash_child.cpp)
target_link_libraries(crash_child PRIVATE keluhan::core keluhan::warnings)
target_compile_definitions(crash_child PRIVATE KELUHAN_CRASH_ASSETS="${KELUHAN_ASSETS_DIR}")

keluhan_test(test_crash cli/test_crash.cpp)
target_compile_definitions(test_crash PRIVATE KELUHAN_CRASH_CHILD="$<TARGET_FILE:crash_child>")
target_link_libraries(test_crash PRIVATE SQLite::SQLite3)
add_dependencies(test_crash crash_child)

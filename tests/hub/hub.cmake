# The hub over real loopback HTTP: `keluhan serve` as a child process, and
# the Hub class in-process.
keluhan_test(test_hub hub/test_hub.cpp)
target_link_libraries(test_hub PRIVATE keluhan::hub PkgConfig::HTTPLIB)
target_compile_definitions(test_hub PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
add_dependencies(test_hub keluhan)

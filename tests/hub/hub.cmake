# The hub over real loopback HTTP: `keluhan serve` as a child process, and
# the Hub class in-process.
keluhan_test(test_hub hub/test_hub.cpp)
target_link_libraries(test_hub PRIVATE keluhan::hub PkgConfig::HTTPLIB)
target_compile_definitions(test_hub PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
add_dependencies(test_hub keluhan)

# The staff API (docs/api.md): the Hub in-process, RemoteService clients.
keluhan_test(test_staff_api hub/test_staff_api.cpp)
target_link_libraries(test_staff_api PRIVATE keluhan::hub PkgConfig::HTTPLIB SQLite::SQLite3)

# The per-address limiter (admin/hub/rate_limit.cpp) on its own.
keluhan_test(test_rate_limit hub/test_rate_limit.cpp)
target_link_libraries(test_rate_limit PRIVATE keluhan::hub)

# The hub behind a real nginx started with the shipped assets/nginx/keluhan-hub.conf.
keluhan_test(test_nginx hub/test_nginx.cpp)
target_link_libraries(test_nginx PRIVATE keluhan::hub PkgConfig::HTTPLIB)

# Clients that mean harm: thousands of slow and idle connections, huge and
# chunked bodies, headers that never end (admin/hub/http_server.hpp).
keluhan_test(test_slow_clients hub/test_slow_clients.cpp)
target_link_libraries(test_slow_clients PRIVATE PkgConfig::HTTPLIB)
target_compile_definitions(test_slow_clients PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
add_dependencies(test_slow_clients keluhan)

# The HTTP server on its own: headers it refuses to send, 204/HEAD, stop().
keluhan_test(test_http_server hub/test_http_server.cpp)
target_link_libraries(test_http_server PRIVATE keluhan::hub PkgConfig::HTTPLIB)

# The web pages (/ajukan, /staf) over raw loopback HTTP: forged tokens,
# honeypots, lying files, floods, wrong passwords, another role's step.
keluhan_test(test_web hub/test_web.cpp)
target_link_libraries(test_web PRIVATE keluhan::hub PkgConfig::HTTPLIB SQLite::SQLite3)

# The same pages in Debian's Chromium, headless at a phone's size, through
# chromedriver (tests/tools/browser.py, python3-selenium): a complaint with
# a file, a refused form, a forged token, the Kepala Balai's disposition.
keluhan_test(test_web_browser hub/test_web_browser.cpp)
target_link_libraries(test_web_browser PRIVATE keluhan::hub PkgConfig::HTTPLIB)
target_compile_definitions(test_web_browser PRIVATE
  KELUHAN_TEST_BINARY_DIR="${CMAKE_CURRENT_BINARY_DIR}")

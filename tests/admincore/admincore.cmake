# admin-core (issue 5): office settings, user administration, CAPA, the
# monthly report and personal data - unit tests per module on a real SQLite
# file, and the `keluhan` commands on the real binary.
keluhan_test(test_admincore
  admincore/test_settings.cpp
  admincore/test_users_admin.cpp
  admincore/test_capa.cpp
  admincore/test_report.cpp
  admincore/test_personal.cpp)
target_link_libraries(test_admincore PRIVATE SQLite::SQLite3)

keluhan_test(test_admincore_cli admincore/test_admincore_cli.cpp)
target_compile_definitions(test_admincore_cli PRIVATE KELUHAN_BIN="$<TARGET_FILE:keluhan>")
add_dependencies(test_admincore_cli keluhan)

# bench_report: the monthly report and the personal-data lookup over a
# million complaints with their histories (a program, never run by ctest;
# see docs/benchmarks.md).
if(KELUHAN_BENCHMARKS)
  add_executable(bench_report ${CMAKE_CURRENT_LIST_DIR}/bench_report.cpp)
  target_link_libraries(bench_report PRIVATE keluhan::core keluhan::warnings SQLite::SQLite3)
  target_compile_definitions(bench_report PRIVATE KELUHAN_BENCH_ASSETS="${KELUHAN_ASSETS_DIR}")
endif()

# admin-core's pages of the real keluhan-admin, headless (Laporan,
# Administrasi, and the CAPA and personal-data panels of a complaint).
if(KELUHAN_UI)
  keluhan_test(test_admincore_panel admincore/test_admincore_panel.cpp)
  target_compile_definitions(test_admincore_panel PRIVATE KELUHAN_ADMIN_BIN="$<TARGET_FILE:keluhan-admin>")
  add_dependencies(test_admincore_panel keluhan-admin)
endif()

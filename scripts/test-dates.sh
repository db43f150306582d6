#!/usr/bin/env bash
# Runs the built test suite (build/, or --build DIR) at the dates where
# offices live, to show that no test depends on the day it runs:
#
#   clock X   the machine's clock says X (faketime, from X on; monotonic
#             time left alone), the tests' frozen now stays the default:
#             a test that reads the machine's date fails here.
#   now X     the tests' frozen now (KELUHAN_NOW, which every program a
#             test starts inherits) is X: a test that hard-codes the month
#             of the default now, or code that slips at a month, year or
#             WIB-day edge, fails here.
#
#   scripts/test-dates.sh                 every instant below, both ways
#   scripts/test-dates.sh clock 2027-12-31T16:30:00Z now 2028-02-28T17:00:00Z
#   scripts/test-dates.sh --build build-asan -- -R report   (after -- : ctest's)
#
# About 4 minutes a run on two cores (a clock run 11); not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
runs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    clock | now) runs+=("$1 $2"); shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--build DIR] [clock|now ISO-TIME]... [-- ctest args]" >&2; exit 2 ;;
  esac
done
if [ ${#runs[@]} -eq 0 ]; then
  runs=(
    "clock 2026-12-31T16:30:00Z"       # 23:30 WIB on 31 December
    "clock 2029-03-01T16:59:50Z"       # ten seconds before 00:00 WIB, 2 March
    "now 2026-12-31T23:30:00+07:00"    # 31 December, a Thursday night
    "now 2027-04-30T16:45:00+07:00"    # the last working day of April, a Friday after hours
    "now 2028-02-28T17:00:00Z"         # 00:00 WIB on 29 February (17:00 UTC the day before)
    "now 2029-12-25T09:00:00+07:00"    # Christmas Day (the tests' offices list no holidays;
                                       # tests/domain/test_calendar.cpp checks them)
    "now 2030-01-01T00:00:00+07:00"    # the first minute of 2030
  )
fi
libfaketime=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$libfaketime" ] || { echo "test-dates: needs libfaketime (apt-get install faketime)" >&2; exit 1; }
[ -d "$build" ] || { echo "test-dates: no $build/ (run scripts/build.sh first)" >&2; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
failed=()
for run in "${runs[@]}"; do
  read -r mode at <<<"$run"
  echo "== test-dates: $mode $at"
  if [ "$mode" = clock ]; then
    # libfaketime reads "YYYY-MM-DD HH:MM:SS" in local time; '@' starts each
    # process's clock there and lets it run. Preloaded directly rather than
    # through the faketime command, whose semaphore in shared memory a
    # process killed mid-call (the crash test's SIGKILLs) leaves taken,
    # hanging every other process; the MT build, as the hub and the panel
    # read the clock from several threads. Chromium (the status-page
    # screenshots) runs under it too and is slow there, which makes a clock
    # run take about twice as long; FAKETIME_SKIP_CMDS for it crashes it.
    local_at=$(date -d "$at" '+%Y-%m-%d %H:%M:%S')
    if ! LD_PRELOAD="$libfaketime" FAKETIME="@$local_at" FAKETIME_DONT_FAKE_MONOTONIC=1 \
         ctest --test-dir "$build" -j "$jobs" --output-on-failure "$@"; then
      failed+=("$run")
    fi
  else
    if ! KELUHAN_NOW="$at" ctest --test-dir "$build" -j "$jobs" --output-on-failure "$@"; then
      failed+=("$run")
    fi
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf 'test-dates: failed at: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "test-dates: passed at every instant (${#runs[@]} runs)"

#!/usr/bin/env bash
# Runs the kiosk benchmark (tests/bench/bench_kiosk.cpp) in a real X11 window
# on a private Xvfb, and prints the figures for docs/benchmarks.md.
#   scripts/bench-kiosk.sh [--idle-seconds N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if ! command -v Xvfb >/dev/null; then
  as_root=(); [ "$(id -u)" -ne 0 ] && as_root=(sudo)
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends xvfb
fi
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j "$(nproc)" --target bench_kiosk keluhan-kiosk
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1920x2000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=$display build-bench/tests/bench_kiosk --markdown "$@"

#!/usr/bin/env bash
# Configures and builds Keluhan. Usage: scripts/build.sh [--sanitize]
#   default:     build/       (RelWithDebInfo)
#   --sanitize:  build-asan/  (AddressSanitizer + UndefinedBehaviorSanitizer)
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug -DKELUHAN_SANITIZE=ON -DKELUHAN_BENCHMARKS=OFF)
fi
jobs=$(nproc 2>/dev/null || echo 2)
# ccache (when installed) may reuse objects built in another checkout.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"

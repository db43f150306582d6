#!/usr/bin/env bash
# Fuzzes the sync payload parser (tests/fuzz/fuzz_sync_payload.cpp) with
# libFuzzer for a bounded time; fails on any crash, leak, sanitizer report or
# hang. Builds with clang-14 in build-fuzz/ (the main build stays g++).
#   scripts/fuzz.sh [SECONDS]     default 60
# Seeds: tests/fuzz/corpus/ (committed); what the fuzzer finds goes to
# build-fuzz/corpus/, a crashing input to build-fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=$(nproc 2>/dev/null || echo 2)
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKELUHAN_FUZZ=ON \
  -DKELUHAN_UI=OFF -DBUILD_TESTING=OFF -DKELUHAN_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz -j "$jobs" --target fuzz_sync_payload >/dev/null
mkdir -p build-fuzz/corpus
KELUHAN_ASSETS="$PWD/assets" ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build-fuzz/tests/fuzz/fuzz_sync_payload -max_total_time="$seconds" -max_len=262144 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build-fuzz/ \
  build-fuzz/corpus tests/fuzz/corpus

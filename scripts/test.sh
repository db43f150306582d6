#!/usr/bin/env bash
# The README's second command (and what CI runs): installs what is missing,
# checks the formatting and the layers, builds, runs the whole test suite
# through ctest, runs clang-tidy, tries the Debian packages in a throwaway
# Debian 12 root (as root), and runs the suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer.
#   scripts/test.sh           everything
#   scripts/test.sh --quick   skip the sanitizer pass
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

# Fast checks first: a formatting difference or an include across a layer
# fails the run before anything is built.
scripts/check-format.sh
python3 scripts/check-layers.py
scripts/check-openapi.sh

scripts/build.sh
ctest --test-dir build --output-on-failure -j "$jobs"
# clang-tidy's short list over the core and the programs (needs the build's
# compile_commands.json).
scripts/tidy.sh
# The Debian packages installed, upgraded, removed and purged in a throwaway
# Debian 12 root (needs root; elsewhere it says so and is skipped).
if [ "$(id -u)" -eq 0 ]; then
  scripts/test-packages.sh
else
  echo "test.sh: scripts/test-packages.sh skipped: it needs root (sudo scripts/test-packages.sh)" >&2
fi

if [ "${1:-}" != "--quick" ]; then
  scripts/build.sh --sanitize
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
fi

# The sync payload parser under libFuzzer for 30 s (clang, build-fuzz/).
scripts/fuzz.sh 30

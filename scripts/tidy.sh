#!/usr/bin/env bash
# clang-tidy with the project's .clang-tidy over the given sources (default:
# every .cpp of the core, shared/). Needs build/compile_commands.json
# (scripts/build.sh writes it). Slow - a minute or more per module on two
# cores - so it is run by hand before a change of the core, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/compile_commands.json ]; then
  echo "tidy: build/compile_commands.json is missing; run scripts/build.sh first" >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  mapfile -t files < <(git ls-files 'shared/*.cpp')
else
  files=("$@")
fi
exec run-clang-tidy -quiet -p build -j "$(nproc 2>/dev/null || echo 2)" "${files[@]}"

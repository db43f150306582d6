#!/usr/bin/env bash
# clang-tidy 14 with the project's .clang-tidy (a short list; every finding
# is an error) over the given sources, default every .cpp of the core and
# the programs (shared/, admin/, kiosk/; not tests/). Needs
# build/compile_commands.json, which scripts/build.sh writes. About five
# minutes on two cores; scripts/test.sh runs it after the first build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/compile_commands.json ]; then
  echo "tidy: build/compile_commands.json is missing; run scripts/build.sh first" >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  mapfile -t files < <(git ls-files 'shared/*.cpp' 'admin/*.cpp' 'kiosk/*.cpp' | sed "s|^|$PWD/|")
else
  files=("$@")
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
run-clang-tidy-14 -quiet -clang-tidy-binary clang-tidy-14 -p build \
  -j "$(nproc 2>/dev/null || echo 2)" "${files[@]}" >"$out" 2>&1 || status=$?
# Only the findings; the "N warnings generated" lines are system headers'.
grep -E "(error|warning): " "$out" | grep -v "warnings generated" | sort -u || true
if [ "$status" -ne 0 ]; then
  echo "tidy: findings above (.clang-tidy)" >&2
  exit 1
fi
echo "tidy: ${#files[@]} files, no findings"

#!/usr/bin/env bash
# Fails when a C++ file does not follow .clang-format (clang-format 14, the
# one Debian 12 ships, so every machine formats alike). To fix:
#   scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=clang-format-14
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.cpp' '*.hpp' '*.h')
if [ "${1:-}" = "--fix" ]; then
  "$fmt" -i "${files[@]}"
  exit 0
fi
if ! out=$("$fmt" --dry-run --Werror "${files[@]}" 2>&1); then
  printf '%s\n' "$out" | grep -oE '^[^ :]+:[0-9]+' | cut -d: -f1 | sort -u | sed 's/^/  /' >&2
  echo "check-format: these files differ from .clang-format; run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"

#!/usr/bin/env bash
# The CI checks refuse what they are there to refuse: scripts/check-layers.py
# on a small tree of its own with one wrong include at a time (a module's
# header across a layer, a C library's, a private header reached by "../"), and
# scripts/check-format.sh on a badly formatted file. Run by ctest.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

tree() { # a tree that passes: storage uses domain, ops uses storage
  rm -rf "$work/t" && mkdir -p "$work/t/shared"/{domain,storage,ops}/src "$work/t/kiosk"
  echo '#include "keluhan/domain/model.hpp"' > "$work/t/shared/storage/src/store.cpp"
  echo '#include "keluhan/storage/store.hpp"' > "$work/t/shared/ops/src/workflow.cpp"
  echo '#include <sqlite3.h>' >> "$work/t/shared/storage/src/store.cpp"
  echo '#include "keluhan/ops/workflow.hpp"' > "$work/t/kiosk/main.cpp"
}
refused() { # refused <what the message must say>
  if out=$(python3 "$src/scripts/check-layers.py" "$work/t" 2>&1); then
    fail "check-layers passed a tree where it should say: $1"
  fi
  grep -qF -- "$1" <<<"$out" || fail "check-layers said '$out', not '$1'"
}

tree
python3 "$src/scripts/check-layers.py" "$work/t" >/dev/null || fail "check-layers refused a good tree"

tree; echo '#include "keluhan/ops/workflow.hpp"' >> "$work/t/shared/storage/src/store.cpp"
refused "shared/storage/src/store.cpp:3: storage may not include keluhan/ops/workflow.hpp"

tree; echo '#include <sqlite3.h>' >> "$work/t/shared/ops/src/workflow.cpp"
refused "shared/ops/src/workflow.cpp:2: SQLite (sqlite3.h) belongs to storage, not ops"

tree; echo '#include <cups/cups.h>' >> "$work/t/kiosk/main.cpp"
refused "kiosk/main.cpp:2: libcups (cups/cups.h) belongs to printing, not kiosk"

tree; echo '#include <imgui.h>' >> "$work/t/shared/domain/src/store.cpp"
refused "SDL/ImGui (imgui.h) belongs to kiosk and panel and ui, not domain"

tree; echo '#include "keluhan/store.hpp"' >> "$work/t/shared/ops/src/workflow.cpp"
refused "keluhan/store.hpp is not in a module folder"

tree; echo '#include "keluhan/storage/store.hpp"' > "$work/t/shared/domain/src/model.cpp"
refused "modules include each other in a circle: domain -> storage -> domain"

tree; echo '// private' > "$work/t/shared/storage/src/store_internal.hpp"
echo '#include "../../storage/src/store_internal.hpp"' >> "$work/t/shared/ops/src/workflow.cpp"
refused "shared/ops/src/workflow.cpp:2: \"../../storage/src/store_internal.hpp\" is not a file of ops's own folder"

tree; echo '// private' > "$work/t/shared/storage/src/store_internal.hpp"
echo '#include "store_internal.hpp"' >> "$work/t/shared/storage/src/store.cpp"
python3 "$src/scripts/check-layers.py" "$work/t" >/dev/null || fail "check-layers refused a module's own private header"

tree; printf 'keluhan_module(domain\n  SOURCES src/a.cpp\n  USES storage)\n' > "$work/t/shared/domain/CMakeLists.txt"
refused "shared/domain/CMakeLists.txt: domain USES storage"

# check-format: a file that follows .clang-format passes, one that does not fails.
mkdir -p "$work/f/scripts" && cp "$src/.clang-format" "$work/f/" && cp "$src/scripts/check-format.sh" "$work/f/scripts/"
git -C "$work/f" init -q
printf 'int main() {\n    return 0;\n}\n' > "$work/f/good.cpp"
bash "$work/f/scripts/check-format.sh" >/dev/null || fail "check-format refused a formatted file"
printf 'int  main( ){return 0;}\n' > "$work/f/bad.cpp"
if out=$(bash "$work/f/scripts/check-format.sh" 2>&1); then fail "check-format passed bad.cpp"; fi
grep -q "bad.cpp" <<<"$out" || fail "check-format did not name bad.cpp: $out"
grep -q "good.cpp" <<<"$out" && fail "check-format named good.cpp: $out"
echo "ok"

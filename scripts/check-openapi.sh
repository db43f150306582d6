#!/usr/bin/env bash
# Lints docs/openapi.yaml (the staff API, docs/api.md) with Redocly CLI and
# its recommended rules: fails on any error or warning. No Debian 12 package
# validates OpenAPI 3.1, so the linter comes from npm, pinned (it runs on the
# machine's Node.js 20; scripts/install-deps.sh installs it):
#   npm install -g @redocly/cli@2.77.0
# REDOCLY=/path/to/redocly uses another copy.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=docs/openapi.yaml
want=2.77.0
redocly=${REDOCLY:-redocly}

if ! command -v "$redocly" >/dev/null 2>&1; then
  echo "check-openapi: the OpenAPI linter ($redocly) is not installed. Install it with" >&2
  echo "  scripts/install-deps.sh   or   npm install -g @redocly/cli@$want" >&2
  exit 2
fi
# No usage telemetry and no update check (only the package registries are reachable).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# Redocly prints a boxed "Node.js 20 support is ending" notice on every run;
# it is not about the file, so it is left out.
quiet() { grep -v -e '║' -e '╔' -e '╚' | sed -e '/./,$!d' || true; }

have=$("$redocly" --version 2>/dev/null | tail -n 1 || true)
if [ "$have" != "$want" ]; then
  echo "check-openapi: note: redocly ${have:-of unknown version}; the project pins $want" >&2
fi

# One run for the verdict (JSON totals), a second only to show the problems.
set +e
report=$("$redocly" lint --format=json "$spec" 2>/dev/null)
rc=$?
set -e
totals=$(printf '%s' "$report" | node -e '
  let s = "";
  process.stdin.on("data", d => (s += d)).on("end", () => {
    try { const t = JSON.parse(s).totals; console.log(`${t.errors} ${t.warnings}`); }
    catch { console.log("? ?"); }
  });' 2>/dev/null || echo "? ?")
read -r errors warnings <<<"$totals"

if [ "$rc" -ne 0 ] || [ "$errors" != 0 ] || [ "$warnings" != 0 ]; then
  "$redocly" lint --format=stylish "$spec" 2>&1 | quiet >&2 || true
  echo "check-openapi: $spec has problems (errors: $errors, warnings: $warnings); see above" >&2
  exit 1
fi
echo "check-openapi: $spec is valid OpenAPI 3.1 (redocly $have, recommended rules: 0 errors, 0 warnings)"

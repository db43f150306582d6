#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs
# Keluhan. For now the main program is the command line's demo: one
# complaint walked through the whole SOP on a database under var/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p var
exec build/admin/cli/keluhan --db var/demo.db demo "$@"

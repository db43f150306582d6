#!/usr/bin/env bash
# Builds the Debian packages from the build folder the README's commands use
# (build/, RelWithDebInfo: -O2, stripped by CPack): keluhan-common,
# keluhan-hub, keluhan-kiosk and keluhan-admin, into build/packages/.
#   scripts/package.sh            # build/packages/keluhan-*_<version>_*.deb
#   scripts/package.sh --lintian  # and run lintian on them
# README, "Installing in an office"; the packages are tried in a throwaway
# Debian 12 root by scripts/test-packages.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${KELUHAN_BUILD_DIR:-build}
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" --target keluhan keluhan-kiosk keluhan-admin
rm -rf "$dir/packages"
(cd "$dir" && cpack -G DEB -B "$PWD/packages" >/dev/null)
rm -rf "$dir/packages/_CPack_Packages"
ls "$dir"/packages/keluhan-*.deb
if [ "${1:-}" = "--lintian" ]; then
  lintian --info --suppress-tags-from-file packaging/debian/lintian-explained "$dir"/packages/keluhan-*.deb
fi

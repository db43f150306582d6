#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and starts
# the lobby kiosk (windowed; pass --fullscreen for the real thing) on the
# database under var/ (created on first start).
#   scripts/run.sh [kiosk options, e.g. --fullscreen --landscape --lang en]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p var
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${SDL_VIDEODRIVER:-}" = "" ]; then
  cat >&2 <<'MSG'
run.sh: no display here (DISPLAY and WAYLAND_DISPLAY are empty).
  Run it on the kiosk's desktop session, or look at it without a screen:
    build/kiosk/keluhan-kiosk --headless --script tests/kiosk/tour.script --screenshots var/screens
MSG
  exit 1
fi
exec build/kiosk/keluhan-kiosk "$@"

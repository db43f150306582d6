#!/usr/bin/env bash
# The kiosk's session as keluhan-kiosk.service starts it
# (packaging/kiosk/kiosk-session): cage on a headless output (1280x720, as a
# wide monitor), the real keluhan-kiosk in it, run as a user that is not
# root (cage refuses root, as the unit's User= is not), the picture taken
# with grim, the Wayland screenshot tool, and compared with the kiosk's own
# headless screenshot of the same screen:
#   - KIOSK_ROTATION=90: the monitor hung in portrait, so the kiosk gets
#     720x1280 and the picture is the kiosk's, upright (not black, not upside down);
#   - KIOSK_ROTATION=180: a monitor hung upside down, the kiosk's landscape
#     picture upright;
#   - KIOSK_ROTATION=0: the kiosk runs at 1280x720. Its picture is not
#     compared: with no turn, cage 0.1.4 (wlroots 0.15) hands the kiosk's
#     buffer to the output directly (direct scan-out), and on the headless
#     output that grim reads this leaves a black picture; a real monitor
#     shows the buffer itself. Any turn makes cage compose the picture, so
#     90 and 180 show what a monitor would;
#   - the session ends when the kiosk ends (systemd then restarts it).
# Usage: test_kiosk_session.sh <keluhan-kiosk> <png_compare> <source dir>
set -euo pipefail
kiosk=$1
compare=$2
src=$3

fail() {
  echo "test_kiosk_session: FAILED: $*" >&2
  exit 1
}
for tool in cage grim; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/install-deps.sh installs it)"
done

tmp=$(mktemp -d /tmp/keluhan-kiosk-session.XXXXXX)
chmod 755 "$tmp"
session_pid=
cleanup() {
  if [ -n "$session_pid" ]; then kill "$session_pid" 2>/dev/null || true; fi
  pkill -f "$tmp/" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The kiosk user: a system user of our own when root, else whoever runs this.
# As root, the session also gets its own /tmp/.X11-unix (as the unit's
# PrivateTmp= gives it its own /tmp): cage sets up Xwayland's sockets there
# and refuses a folder someone else owns; the machine's stays untouched.
run_as=()
in_session=()
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=keluhan-sessiontest
  getent passwd "$user" >/dev/null || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  run_as=(runuser -u "$user" --)
  [ -d /tmp/.X11-unix ] || install -d -m 1777 /tmp/.X11-unix
  in_session=(unshare --mount --propagation private sh -c
    'mount -t tmpfs -o mode=1777 keluhan-x11 /tmp/.X11-unix && exec "$@"' sh)
fi
mkdir -p "$tmp/run" "$tmp/data" "$tmp/ref"
chown "$user" "$tmp/run" "$tmp/data"
chmod 700 "$tmp/run"

now=2026-11-23T10:00:00+07:00
config=$src/assets/keluhan.example.toml
export KELUHAN_NOW=$now KELUHAN_ASSETS=$src/assets

# The kiosk's own pictures of its first screen, headless, at the portrait
# and the landscape size.
for size in 720x1280 1280x720; do
  mkdir -p "$tmp/ref/$size"
  echo "shot welcome" >"$tmp/ref/$size/tour.script"
  "$kiosk" --headless --size "$size" --db "$tmp/ref/$size/kiosk.db" --config "$config" \
    --script "$tmp/ref/$size/tour.script" --screenshots "$tmp/ref/$size" >"$tmp/ref/$size/log" 2>&1 ||
    { cat "$tmp/ref/$size/log"; fail "the headless kiosk at $size"; }
done

# session <rotation> <shot.png> [any]: starts the session and takes its
# picture once the kiosk has drawn (a one-colour picture is a screen still
# empty); with "any", once the kiosk runs, whatever the picture.
session() {
  local rotation=$1 shot=$2 any=${3:-}
  cat >"$tmp/session.conf" <<CONF
KIOSK_ROTATION=$rotation
KIOSK_DB=$tmp/data/kiosk.db
KIOSK_CONFIG=$config
CONF
  chmod 644 "$tmp/session.conf"
  rm -f "$tmp/run/wayland-0" "$tmp/run/shot.png"
  "${in_session[@]}" "${run_as[@]}" env XDG_RUNTIME_DIR="$tmp/run" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
    WLR_RENDERER=pixman KELUHAN_NOW="$now" KELUHAN_ASSETS="$src/assets" \
    KIOSK_SESSION_CONF="$tmp/session.conf" KIOSK_PROGRAM="$kiosk" \
    sh "$src/packaging/kiosk/kiosk-session" >"$tmp/session-$rotation.log" 2>&1 &
  session_pid=$!
  for _ in $(seq 1 150); do
    if [ -S "$tmp/run/wayland-0" ] &&
      "${run_as[@]}" env XDG_RUNTIME_DIR="$tmp/run" WAYLAND_DISPLAY=wayland-0 grim "$tmp/run/shot.png" 2>/dev/null; then
      read -r _ _ _ _ spread < <("$compare" "$tmp/run/shot.png" "$tmp/run/shot.png")
      if [ "${spread%.*}" -gt 5 ] || { [ -n "$any" ] && pgrep -f "^$kiosk --fullscreen" >/dev/null; }; then
        sleep 1 # the first frames may still be laying out
        "${run_as[@]}" env XDG_RUNTIME_DIR="$tmp/run" WAYLAND_DISPLAY=wayland-0 grim "$tmp/run/shot.png"
        cp "$tmp/run/shot.png" "$shot"
        return 0
      fi
    fi
    kill -0 "$session_pid" 2>/dev/null || { cat "$tmp/session-$rotation.log"; fail "the session ended by itself"; }
    sleep 0.1
  done
  cat "$tmp/session-$rotation.log"
  fail "the session showed nothing but one colour for 15 s (rotation $rotation)"
}

# stop_kiosk: the kiosk ends (as when it crashes); cage must end with it.
stop_kiosk() {
  pkill -TERM -f "^$kiosk --fullscreen --db $tmp/data/kiosk.db" || fail "no kiosk running in the session"
  for _ in $(seq 1 50); do
    if ! kill -0 "$session_pid" 2>/dev/null; then
      wait "$session_pid" 2>/dev/null || true
      session_pid=
      return 0
    fi
    sleep 0.1
  done
  fail "cage did not end when the kiosk ended"
}

out=${KELUHAN_SESSION_SHOTS:-$tmp}
mkdir -p "$out"

# same <shot.png> <reference.png> <what>: the session's picture is the
# kiosk's own: within a few levels on average (the renderers differ a little
# in their anti-aliasing), and far nearer than the picture turned over.
same() {
  local shot=$1 ref=$2 what=$3 size refsize diff diff180 spread
  read -r size refsize diff diff180 spread < <("$compare" "$shot" "$ref")
  echo "$what: $size (kiosk's own $refsize), differs by $diff, turned over by $diff180, spread $spread"
  [ "$size" = "$refsize" ] || fail "$what: the session's picture is $size, the kiosk's own $refsize"
  awk -v d="$diff" -v t="$diff180" 'BEGIN { exit !(d < 6 && d * 3 < t) }' ||
    fail "$what: the session's picture is not the kiosk's first screen, upright (diff $diff, turned $diff180)"
}

session 90 "$out/session-portrait.png"
same "$out/session-portrait.png" "$tmp/ref/720x1280/welcome.png" "portrait (90)"
stop_kiosk

session 180 "$out/session-upside-down.png"
same "$out/session-upside-down.png" "$tmp/ref/1280x720/welcome.png" "upside down (180)"
stop_kiosk

session 0 "$out/session-landscape.png" any
read -r size _ < <("$compare" "$out/session-landscape.png" "$out/session-landscape.png")
echo "landscape (0): $size"
[ "$size" = 1280x720 ] || fail "rotation 0 gave a $size picture, not 1280x720"
stop_kiosk

echo "test_kiosk_session: passed"

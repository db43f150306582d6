#!/usr/bin/env bash
# A private cupsd for the printing tests and benchmarks. It never touches
# the system's CUPS: its own ServerRoot, spool, cache, logs and a unix
# socket in a temporary folder, and one test printer whose output goes to
# a file through the Generic PDF driver, so what "came out of the printer"
# is a PDF the tests can read back. The file is written by our own backend,
# scripts/cups-test-backend (its comment says why not CUPS's file: device),
# from this server's own ServerBin: links to the system's filters and
# daemons, and a backend folder holding only that backend.
#
#   scripts/cups-test-server.sh start [DIR]   start; prints KEY=VALUE lines:
#       CUPS_SERVER=DIR/cups.sock         point libcups and lp/lpstat at it
#       KELUHAN_CUPS_DIR=DIR              pass to "stop"
#       KELUHAN_CUPS_PRINTER=keluhan-test the test queue (also the default)
#       KELUHAN_CUPS_OUTPUT=DIR/out/printed.pdf   where a printed job lands
#       KELUHAN_CUPS_DEVICE=keluhan-file://DIR/out/printed.pdf   the queue's device
#   scripts/cups-test-server.sh stop DIR      stop it and remove DIR
#
# Needs the Debian packages cups-daemon, cups-client and cups-filters
# (scripts/install-deps.sh installs them).
set -euo pipefail

printer=keluhan-test
ppd=/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd
system_bin=/usr/lib/cups
backend_src="$(cd "$(dirname "$0")" && pwd)/cups-test-backend"
cupsd=$(command -v cupsd || echo /usr/sbin/cupsd)
export PATH="$PATH:/usr/sbin:/sbin"

die() { echo "cups-test-server: $*" >&2; exit 1; }

start() {
  [ -x "$cupsd" ] || die "cupsd not found (install cups-daemon)"
  [ -f "$ppd" ] || die "$ppd not found (install cups-filters)"
  command -v lpadmin >/dev/null || die "lpadmin not found (install cups-client)"
  local dir="${1:-}"
  if [ -z "$dir" ]; then
    # Short path: a unix socket path must stay under 108 bytes.
    dir=$(mktemp -d /tmp/keluhan-cups.XXXXXX)
  fi
  [ -f "$backend_src" ] || die "$backend_src not found"
  mkdir -p "$dir"/spool/tmp "$dir"/cache "$dir"/state "$dir"/log "$dir"/out "$dir"/bin/backend
  local sub
  for sub in filter daemon notifier cgi-bin monitor driver; do
    [ -e "$system_bin/$sub" ] && ln -s "$system_bin/$sub" "$dir/bin/$sub"
  done
  # Copied, not linked: cupsd runs a backend only if it and its folder are
  # owned by the user it runs as (root here) and not writable by others.
  install -m 755 "$backend_src" "$dir"/bin/backend/keluhan-file
  # Filters run as the User below and must reach the spool and temp folders.
  chmod 755 "$dir" "$dir"/out
  chmod 1777 "$dir"/spool/tmp
  local user group
  if [ "$(id -u)" -eq 0 ]; then
    if getent passwd lp >/dev/null; then user=lp; group=lp; else user=daemon; group=daemon; fi
    chmod 777 "$dir"/out
  else
    user=$(id -un); group=$(id -gn)
  fi
  cat >"$dir"/cups-files.conf <<EOF
# keluhan-test-cupsd: a private scheduler for tests; safe to delete
ServerRoot $dir
ServerBin $dir/bin
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ErrorLog $dir/log/error_log
AccessLog $dir/log/access_log
PageLog $dir/log/page_log
# A test points the queue at a file: URI that cannot be written.
FileDevice Yes
User $user
Group $group
SystemGroup $(id -gn)
EOF
  cat >"$dir"/cupsd.conf <<EOF
# keluhan-test-cupsd
Listen $dir/cups.sock
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
  # Its own session, so it outlives this script; stopped by "stop".
  setsid "$cupsd" -f -c "$dir"/cupsd.conf -s "$dir"/cups-files.conf \
    >"$dir"/log/cupsd.out 2>&1 </dev/null &
  echo $! >"$dir"/cupsd.pid
  export CUPS_SERVER="$dir/cups.sock"
  local i
  for i in $(seq 1 100); do
    if [ -S "$dir/cups.sock" ] && lpstat -r 2>/dev/null | grep -q "is running"; then break; fi
    if ! kill -0 "$(cat "$dir"/cupsd.pid)" 2>/dev/null; then
      cat "$dir"/log/cupsd.out "$dir"/log/error_log >&2 2>/dev/null || true
      die "cupsd exited at start"
    fi
    sleep 0.1
  done
  lpstat -r 2>/dev/null | grep -q "is running" || die "cupsd did not answer on $dir/cups.sock"
  # "Printer drivers are deprecated" is CUPS 2.4 talking about PPDs; fine here.
  lpadmin -p "$printer" -E -v "keluhan-file://$dir/out/printed.pdf" -P "$ppd" \
    -D "Keluhan test printer" -L "test" 2>/dev/null
  lpadmin -d "$printer" 2>/dev/null
  echo "CUPS_SERVER=$dir/cups.sock"
  echo "KELUHAN_CUPS_DIR=$dir"
  echo "KELUHAN_CUPS_PRINTER=$printer"
  echo "KELUHAN_CUPS_OUTPUT=$dir/out/printed.pdf"
  echo "KELUHAN_CUPS_DEVICE=keluhan-file://$dir/out/printed.pdf"
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] || die "usage: $0 stop DIR"
  [ -f "$dir/cupsd.conf" ] && grep -q "keluhan-test-cupsd" "$dir/cupsd.conf" ||
    die "$dir is not a test cupsd folder; not touching it"
  if [ -f "$dir/cupsd.pid" ]; then
    local pid i
    pid=$(cat "$dir/cupsd.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac

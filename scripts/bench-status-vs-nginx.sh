#!/usr/bin/env bash
# The status page /s/<code> from the hub against nginx serving the very same
# page as a static file, one after the other in one run on this machine, so
# the ratio means something on a shared, noisy box (docs/benchmarks.md,
# "The hub facing the internet"). wrk with keep-alive, then with a new
# connection for every request (as phones scanning a QR do).
#   scripts/bench-status-vs-nginx.sh [--build DIR] [--seconds 10] [--connections 32]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build seconds=10 connections=32
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: scripts/bench-status-vs-nginx.sh [--build DIR] [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done
cmake --build "$build" -j2 --target keluhan >/dev/null
K=$build/admin/cli/keluhan
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000)); nport=$((port + 1))
cat >"$tmp/hub.toml" <<EOF
[storage]
data_dir = "$tmp/data"
[hub]
listen = "127.0.0.1"
port = $port
lookups_per_minute = 0
misses_per_10_minutes = 0
EOF
k() { "$K" --db "$tmp/hub.db" --config "$tmp/hub.toml" "$@"; }
k init >/dev/null
code=$(k submit --name "Budi Santoso" --phone 081234567890 --service pengujian --consent \
         --description "Laporan hasil uji terlambat." | tail -n1)
"$K" --db "$tmp/hub.db" --config "$tmp/hub.toml" serve >"$tmp/hub.log" 2>&1 &
hub=$!
nginx_pid=
cleanup() {
  kill "$hub" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
mkdir -p "$tmp/www/s" "$tmp/nginx"
chmod 755 "$tmp"  # nginx's worker runs as nobody when started by root
curl -sf "http://127.0.0.1:$port/s/$code" >"$tmp/www/s/$code" || { echo "the hub does not serve the page:" >&2; cat "$tmp/hub.log" >&2; exit 1; }
chmod -R a+rX "$tmp/www"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  server {
    listen 127.0.0.1:$nport;
    root $tmp/www;
    default_type "text/html; charset=utf-8";
  }
}
EOF
/usr/sbin/nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nport/s/$code" >/dev/null && break; sleep 0.1; done
echo "page: $(wc -c <"$tmp/www/s/$code") bytes; hub threads: default; nginx: 1 worker"

rate() { awk '/Requests\/sec/ {print $2}' "$1"; }
run() { # name url extra-wrk-args...
  local name=$1 url=$2; shift 2
  echo "== $name: wrk -t1 -c$connections -d${seconds}s --latency $* $url"
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" "$url" | tee "$tmp/$name.txt" |
    grep -E "Requests/sec|  50%|  99%|Socket errors|Non-2xx" || true
}
[ "$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$nport/s/$code")" = 200 ] || { echo "nginx does not serve the page" >&2; exit 1; }
run hub "http://127.0.0.1:$port/s/$code"
run nginx "http://127.0.0.1:$nport/s/$code"
run hub-new-connections "http://127.0.0.1:$port/s/$code" -H "Connection: close"
run nginx-new-connections "http://127.0.0.1:$nport/s/$code" -H "Connection: close"
awk -v h="$(rate "$tmp/hub.txt")" -v n="$(rate "$tmp/nginx.txt")" \
    -v hc="$(rate "$tmp/hub-new-connections.txt")" -v nc="$(rate "$tmp/nginx-new-connections.txt")" \
    'BEGIN { printf "ratio hub/nginx: keep-alive %.2f, new connections %.2f\n", h / n, hc / nc }'

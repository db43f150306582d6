#!/usr/bin/env bash
# The hub's benchmarks (docs/benchmarks.md, "Hub and sync"):
#   (a) a kiosk database of 10,000 complaints pushed to the hub on loopback
#       (tests/bench/bench_sync.cpp, the same sync_round the kiosk runs);
#   (b) the status page /s/<code> under load from a second process (wrk,
#       --latency) for 30 s, first alone, then WHILE kiosks keep pushing
#       10,000-complaint databases to the same hub.
# The hub's lookup rate limit is turned off for this (lookups_per_minute = 0,
# misses_per_10_minutes = 0): wrk comes from one address.
# --hub-threads sets [hub] threads (default here 32; the shipped default is 8).
# When these results were taken the hub was cpp-httplib, which held one
# thread per kept-alive connection, so it had to be at least --connections;
# the Boost.Beast server since needs no thread per connection.
#   scripts/bench-hub.sh [--build DIR] [--seconds 30] [--connections 32] [--threads 2] [--hub-threads 32]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-bench seconds=30 connections=32 threads=2 hub_threads=32
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --hub-threads) hub_threads=$2; shift 2 ;;
    *) echo "usage: scripts/bench-hub.sh [--build DIR] [--seconds N] [--connections N] [--threads N] [--hub-threads N]" >&2; exit 2 ;;
  esac
done
scripts/install-deps.sh
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DKELUHAN_BENCHMARKS=ON >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target keluhan bench_sync >/dev/null
K=$build/admin/cli/keluhan
B=$build/tests/bench_sync
data=$build/bench-sync-data
mkdir -p "$data"

tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cat >"$tmp/hub.toml" <<EOF
[storage]
data_dir = "$tmp/data"
[hub]
listen = "127.0.0.1"
port = $port
threads = $hub_threads
lookups_per_minute = 0
misses_per_10_minutes = 0
EOF
k() { "$K" --db "$tmp/hub.db" --config "$tmp/hub.toml" "$@"; }
k init >/dev/null
code=$(k submit --name "Budi Santoso" --phone 081234567890 --service pengujian --consent \
         --description "Laporan hasil uji terlambat." | tail -n1)
"$K" --db "$tmp/hub.db" --config "$tmp/hub.toml" serve >"$tmp/hub.log" 2>&1 &
hub=$!
sync_pid=
cleanup() {
  [ -n "$sync_pid" ] && kill "$sync_pid" 2>/dev/null || true
  kill "$hub" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/s/$code"

echo "== the kiosk database template (made once, kept in $data)"
"$B" --runs 0 --data "$data" --hub "http://127.0.0.1:$port" --hub-db "$tmp/hub.db" --hub-config "$tmp/hub.toml" --hub-pid "$hub" >/dev/null

echo "== (a) sync 10,000 complaints, kiosk -> hub on loopback"
"$B" --runs 3 --data "$data" --hub "http://127.0.0.1:$port" --hub-db "$tmp/hub.db" --hub-config "$tmp/hub.toml" --hub-pid "$hub"

echo "== (b1) status page alone: wrk -t$threads -c$connections -d${seconds}s --latency $url"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url" | tee "$tmp/wrk-alone.txt"

echo "== (b2) status page while kiosks push 10,000-complaint databases"
"$B" --seconds $((seconds + 5)) --data "$data" --hub "http://127.0.0.1:$port" --hub-db "$tmp/hub.db" --hub-config "$tmp/hub.toml" --hub-pid "$hub" >"$tmp/sync-during.txt" &
sync_pid=$!
sleep 1
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url" | tee "$tmp/wrk-sync.txt"
wait "$sync_pid"
sync_pid=
cat "$tmp/sync-during.txt"

summary() { # file label
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$1")
  p50=$(awk '$1=="50%" {print $2}' "$1")
  p99=$(awk '$1=="99%" {print $2}' "$1")
  echo "$2: $rps requests/s, p50 $p50, p99 $p99"
}
echo "== hub: [hub] threads = $hub_threads, lookups_per_minute = 0, misses_per_10_minutes = 0; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== summary (targets: >= 2000 requests/s, p99 < 20 ms while a sync runs; sync of 10,000 < 10 s)"
summary "$tmp/wrk-alone.txt" "status page alone"
summary "$tmp/wrk-sync.txt" "status page during sync"
grep -h "^median" "$tmp/sync-during.txt" | sed 's/^/sync during the load: /'
grep -c "^run " "$tmp/sync-during.txt" | sed 's/^/sync rounds during the load: /'
grep -E "non-2xx|Socket errors" "$tmp/wrk-alone.txt" "$tmp/wrk-sync.txt" || true

#!/usr/bin/env bash
# Screenshots the QR status page (/s/<code>) as a phone shows it: a private
# hub on loopback with one complaint (received by staff, so the page has a
# done step and a current one), opened by headless Chromium at 390x844 in
# Bahasa Indonesia and English, plus the whole page and the "not found" page.
# Also checks the page over HTTP: its language attribute, and that nothing
# personal of the complaint shows.
#   scripts/screenshot-status.sh [BUILD_DIR] [OUT_DIR]     (defaults: build, var/status-page)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-var/status-page}
K=$build/admin/cli/keluhan
[ -x "$K" ] || { echo "screenshot-status: build $K first (scripts/build.sh)" >&2; exit 2; }
command -v chromium >/dev/null || { echo "screenshot-status: run scripts/install-deps.sh (chromium)" >&2; exit 2; }
mkdir -p "$out"
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cat >"$tmp/hub.toml" <<EOF
[storage]
data_dir = "$tmp/data"
[hub]
listen = "127.0.0.1"
port = $port
EOF
k() { "$K" --db "$tmp/hub.db" --config "$tmp/hub.toml" "$@"; }
k init >/dev/null
code=$(k submit --name "Budi Santoso" --organization "PT Karet Musi" --phone 081234567890 \
         --email budi@karetmusi.co.id --service pengujian --consent \
         --description "Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu." | tail -n1)
echo 'rahasia-staf-1' | k user add staf --role staf_pji >/dev/null
KELUHAN_PASSWORD=rahasia-staf-1 k advance "$code" --user staf --note "Catatan internal" >/dev/null
"$K" --db "$tmp/hub.db" --config "$tmp/hub.toml" serve >"$tmp/hub.log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null || true; wait $hub 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/s/$code"

shot() { # name url height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --window-size="390,$3" --screenshot="$out/$1" "$2" >/dev/null 2>&1
  echo "  $out/$1"
}
echo "screenshot-status: $base"
shot status-id.png "$base" 844
shot status-en.png "$base?lang=en" 844
shot status-en-full.png "$base?lang=en" 1800
shot not-found.png "http://127.0.0.1:$port/s/ZZZZ-ZZZZ" 844

fail=0
for lang in id en; do
  page=$(curl -s "$base?lang=$lang")
  grep -q "<html lang=\"$lang\"" <<<"$page" || { echo "FAIL: no <html lang=\"$lang\">"; fail=1; }
  for p in Budi Karet 081234567890 karetmusi "kopi bubuk" "Catatan internal"; do
    if grep -q "$p" <<<"$page"; then echo "FAIL: the $lang page shows \"$p\""; fail=1; fi
  done
done
[ $fail -eq 0 ] && echo "screenshot-status: lang attribute present, nothing personal shown"
exit $fail

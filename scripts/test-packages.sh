#!/usr/bin/env bash
# The Debian packages tried as an office's IT person meets them, in a
# throwaway Debian 12 root (debootstrap, minbase) under build/pkgtest/:
#   1. a hub run from source by 0.1.0 (its database, tests/ops/data/hub-0.1.0.db,
#      schema 5, in /var/lib/keluhan as the old README put it),
#   0. lintian, and the units' sandboxing rated by systemd-analyze,
#   2. apt install of the four packages: users, folders, permissions, the
#      configs, the units enabled (hub, backup timer) or not (kiosk), the
#      database upgraded with a copy taken first, the programs starting on
#      their packages' Depends (the kiosk draws its first screen), the hub
#      answering on loopback, the nightly backup as its unit runs it, a restore,
#   3. an upgrade to a later version of the same packages (the maintainer
#      scripts' upgrade path; an edited conffile kept),
#   4. remove (data and config kept; a reinstall finds them), then purge
#      (both gone).
# Needs root (chroot, mounts) and Debian's mirror ($KELUHAN_DEBIAN_MIRROR).
# The root and apt's downloads are kept for the next run (build/pkgtest).
#   scripts/test-packages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
mirror=${KELUHAN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$src/build/pkgtest
root=$work/root
cache=$work/apt-archives
port=18573

if [ "$(id -u)" -ne 0 ]; then
  echo "test-packages: needs root (debootstrap, chroot and mounts); run it with sudo" >&2
  exit 1
fi

step() { echo "== test-packages: $*"; }
fail() {
  echo "test-packages: FAILED: $*" >&2
  exit 1
}
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  KELUHAN_NOW="$now" DEBIAN_FRONTEND=noninteractive "$@"; }
as_keluhan() { in_root runuser -u keluhan -- "$@"; }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True); r=c.execute(sys.argv[2]).fetchone(); print("" if r is None else r[0])' "$root$1" "$2"; }
expect() { # expect <what> <got> <want>
  if [ "$2" != "$3" ]; then fail "$1: got '$2', want '$3'"; fi
  echo "   ok: $1 = $3"
}

# Frozen, as in every test: the backup's file name and the complaints' times.
now=2026-11-23T10:00:00+07:00

mounted=()
cleanup() {
  if [ -n "${hub_pid:-}" ]; then kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; fi
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

step "packages (scripts/package.sh)"
scripts/package.sh >/dev/null
debs=(build/packages/keluhan-*.deb)
[ ${#debs[@]} -eq 4 ] || fail "expected 4 packages, got ${#debs[@]}"
version=$(dpkg-deb -f build/packages/keluhan-hub_*.deb Version)

step "lintian"
lintian_out=$(lintian --suppress-tags-from-file packaging/debian/lintian-explained "${debs[@]}" 2>&1 || true)
echo "$lintian_out" | sed 's/^/   /'
if echo "$lintian_out" | grep -q '^E: '; then fail "lintian reports errors"; fi

step "the units' sandboxing (systemd-analyze security)"
# Exposure from 0 (locked down) to 10: the hub faces the network, the backup
# nothing. The figures are in the README; a change that loosens them fails.
mkdir -p "$work"
for unit_limit in keluhan-hub.service:20 keluhan-backup.service:10; do
  unit=${unit_limit%%:*}
  systemd-analyze security --offline=true --threshold="${unit_limit##*:}" "packaging/systemd/$unit" >"$work/security-$unit.txt" 2>&1 ||
    { tail -5 "$work/security-$unit.txt"; fail "$unit's exposure is above $(awk -v t="${unit_limit##*:}" 'BEGIN { print t / 10 }')"; }
  echo "   ok: $(grep -o 'Overall exposure level.*' "$work/security-$unit.txt")"
done

step "a Debian 12 root in $root"
if [ ! -f "$root/.keluhan-ready" ]; then
  rm -rf "$root"
  mkdir -p "$root" "$cache"
  debootstrap --variant=minbase --cache-dir="$cache" bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; fail "debootstrap"; }
  touch "$root/.keluhan-ready"
  cp "$root/etc/apt/sources.list" "$work/sources.list.orig"
fi
# A clean slate inside: no leftovers of a previous run.
rm -rf "$root/var/lib/keluhan" "$root/var/lib/keluhan-kiosk" "$root/etc/keluhan" "$root/tmp/debs" \
  "$root/etc/systemd/system/keluhan-hub.service"
mkdir -p "$cache"
for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  mount --bind "/$m" "$root/$m"
  mounted+=("$root/$m")
done
mount --bind "$cache" "$root/var/cache/apt/archives"
mounted+=("$root/var/cache/apt/archives")
# No daemon starts inside (there is no systemd there either).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root apt-get update -qq >/dev/null
in_root dpkg --purge keluhan-admin keluhan-kiosk keluhan-hub keluhan-common >/dev/null 2>&1 || true
in_root sh -c 'deluser --quiet keluhan 2>/dev/null; deluser --quiet keluhan-kiosk 2>/dev/null; true'

step "0.1.0 from source: its database in /var/lib/keluhan"
in_root apt-get install -y -qq --no-install-recommends adduser >/dev/null
in_root adduser --system --group --quiet --home /var/lib/keluhan keluhan
install -d "$root/var/lib/keluhan"
cp tests/ops/data/hub-0.1.0.db "$root/var/lib/keluhan/hub.db"
in_root chown -R keluhan:keluhan /var/lib/keluhan
old_codes=$(sql /var/lib/keluhan/hub.db "SELECT group_concat(code) FROM (SELECT code FROM complaints ORDER BY code)")
expect "0.1.0's schema" "$(sql /var/lib/keluhan/hub.db 'PRAGMA user_version')" 5
# Its config (the sample, data_dir relative) and its unit, as 0.1.0's unit
# file told the office to copy them.
install -d "$root/etc/keluhan" "$root/etc/systemd/system"
{ cat assets/keluhan.example.toml; echo "# the office's, from 0.1.0"; } >"$root/etc/keluhan/hub.toml"
printf '[Service]\nUser=keluhan\nExecStart=/opt/keluhan/bin/keluhan --db /var/lib/keluhan/hub.db --config /etc/keluhan/hub.toml serve\n' \
  >"$root/etc/systemd/system/keluhan-hub.service"

step "apt install the packages $version"
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
# First refused: 0.1.0's own unit would override the package's.
if in_root sh -c 'apt-get install -y -qq --no-install-recommends /tmp/debs/*.deb' >"$work/install.log" 2>&1; then
  fail "installed over 0.1.0's hand-made unit"
fi
grep -q "sudo systemctl disable --now keluhan-hub" "$work/install.log" ||
  { tail -30 "$work/install.log"; fail "the refusal does not say what to do"; }
echo "   ok: refused while 0.1.0's unit is there, saying what to do"
expect "its database untouched" "$(sql /var/lib/keluhan/hub.db 'PRAGMA user_version')" 5
in_root rm /etc/systemd/system/keluhan-hub.service
# The office keeps its own hub.toml at dpkg's question (confold).
in_root sh -c 'apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold /tmp/debs/*.deb' \
  >"$work/install.log" 2>&1 || { tail -30 "$work/install.log"; fail "apt-get install"; }
expect "the office's hub.toml kept" "$(tail -1 "$root/etc/keluhan/hub.toml")" "# the office's, from 0.1.0"
expect "keluhan-hub installed" "$(in_root dpkg-query -W -f='${Status}' keluhan-hub)" "install ok installed"
expect "system user keluhan" "$(in_root getent passwd keluhan | cut -d: -f6,7)" "/var/lib/keluhan:/usr/sbin/nologin"
expect "system user keluhan-kiosk" "$(in_root getent passwd keluhan-kiosk | cut -d: -f6)" "/var/lib/keluhan-kiosk"
expect "data folder" "$(in_root stat -c '%U:%G %a' /var/lib/keluhan)" "keluhan:keluhan 750"
expect "kiosk's folder" "$(in_root stat -c '%U:%G %a' /var/lib/keluhan-kiosk)" "keluhan-kiosk:keluhan-kiosk 750"
expect "hub.toml readable by the hub only" "$(in_root stat -c '%U:%G %a' /etc/keluhan/hub.toml)" "root:keluhan 640"
expect "the package's beside it" "$(grep -o '^data_dir = "[^"]*"' "$root/etc/keluhan/hub.toml.dpkg-dist")" 'data_dir = "/var/lib/keluhan"'
expect "the kiosk's" "$(grep -o '^data_dir = "[^"]*"' "$root/etc/keluhan/kiosk.toml")" 'data_dir = "/var/lib/keluhan-kiosk"'
expect "the panel's config names a hub" "$(grep -c '^hub_url = "https://' "$root/etc/keluhan/admin.toml")" 1
expect "the menu entry uses it" "$(grep '^Exec=' "$root/usr/share/applications/keluhan-admin.desktop")" "Exec=keluhan-admin --config /etc/keluhan/admin.toml"
expect "hub enabled" "$(readlink "$root/etc/systemd/system/multi-user.target.wants/keluhan-hub.service")" /lib/systemd/system/keluhan-hub.service
expect "backup timer enabled" "$(readlink "$root/etc/systemd/system/timers.target.wants/keluhan-backup.timer")" /lib/systemd/system/keluhan-backup.timer
expect "kiosk session not enabled" "$(ls "$root"/etc/systemd/system/*/keluhan-kiosk.service 2>/dev/null | wc -l)" 0
expect "database upgraded" "$(sql /var/lib/keluhan/hub.db 'PRAGMA user_version')" 11
expect "its complaints kept" "$(sql /var/lib/keluhan/hub.db "SELECT group_concat(code) FROM (SELECT code FROM complaints ORDER BY code)")" "$old_codes"
expect "copy before the upgrade" "$(sql /var/lib/keluhan/backups/hub-v5-before-upgrade.db 'PRAGMA user_version')" 5
expect "the copy's complaints" "$(sql /var/lib/keluhan/backups/hub-v5-before-upgrade.db 'SELECT count(*) FROM complaints')" 3

step "the installed units (systemd-analyze verify)"
verify_out=$(systemd-analyze verify --root="$root" keluhan-hub.service keluhan-backup.service \
  keluhan-backup.timer keluhan-kiosk.service 2>&1) || { echo "$verify_out"; fail "systemd-analyze verify"; }
[ -z "$verify_out" ] || { echo "$verify_out"; fail "systemd-analyze verify has something to say"; }
echo "   ok: the four units verify"

step "the installed programs start on what their packages depend on"
for program in keluhan keluhan-kiosk keluhan-admin; do
  in_root "$program" --help >"$work/help.txt" 2>&1 || { cat "$work/help.txt"; fail "$program --help"; }
  echo "   ok: $program --help"
done
# The kiosk's first screen, headless, from the installed assets and fonts.
in_root sh -c 'rm -rf /tmp/kiosk-shot && mkdir -p /tmp/kiosk-shot && echo "shot welcome" >/tmp/kiosk-shot/tour &&
  keluhan-kiosk --headless --size 720x1280 --db /tmp/kiosk-shot/k.db --config /etc/keluhan/kiosk.toml \
    --script /tmp/kiosk-shot/tour --screenshots /tmp/kiosk-shot' >"$work/kiosk-shot.log" 2>&1 ||
  { cat "$work/kiosk-shot.log"; fail "the installed kiosk, headless"; }
[ -s "$root/tmp/kiosk-shot/welcome.png" ] || fail "the installed kiosk drew no first screen"
cp "$root/tmp/kiosk-shot/welcome.png" "$work/installed-kiosk.png"
echo "   ok: the installed kiosk drew its first screen ($work/installed-kiosk.png)"

step "the installed hub answers, as its unit starts it"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/keluhan-hub.service")
# The unit's command with a test port (the config's 8080 may be taken here).
sed -i "s/^port = 8080 /port = $port /" "$root/etc/keluhan/hub.toml"
workdir=$(sed -n 's/^WorkingDirectory=//p' "$root/lib/systemd/system/keluhan-hub.service")
hub_umask=$(sed -n 's/^UMask=//p' "$root/lib/systemd/system/keluhan-hub.service")
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin KELUHAN_NOW="$now" \
  sh -c "cd $workdir && umask $hub_umask && exec runuser -u keluhan -- $exec_start" >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
expect "/healthz" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" 200
code=$(echo "$old_codes" | cut -d, -f1)
status_page=$(curl -s "http://127.0.0.1:$port/s/$code")
shown=$(echo "$code" | sed -E 's/^(.{4})(.{4})(.{4})(.)$/\1-\2-\3-\4/') # as the receipt prints it
echo "$status_page" | grep -q "$shown" || fail "the status page of $code does not name it ($shown)"
echo "   ok: /s/$code answers with the complaint"
kill "$hub_pid"
wait "$hub_pid" || true
hub_pid=

step "the nightly backup, as keluhan-backup.service runs it"
backup_cmd=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/keluhan-backup.service")
backup_umask=$(sed -n 's/^UMask=//p' "$root/lib/systemd/system/keluhan-backup.service")
backup_workdir=$(sed -n 's/^WorkingDirectory=//p' "$root/lib/systemd/system/keluhan-backup.service")
as_keluhan sh -c "cd $backup_workdir && umask $backup_umask && exec $backup_cmd"
expect "tonight's copy" "$(sql /var/lib/keluhan/backups/hub-2026-11-23.db 'SELECT count(*) FROM complaints')" 3
expect "owned by the hub" "$(in_root stat -c '%U %a' /var/lib/keluhan/backups/hub-2026-11-23.db)" "keluhan 640"

step "a complaint after the backup, then keluhan restore"
as_keluhan keluhan --db /var/lib/keluhan/hub.db --config /etc/keluhan/hub.toml submit --name "Rina" --email rina@example.co.id \
  --service kalibrasi --description "Sertifikat kalibrasi belum terbit." --consent >/dev/null
expect "four complaints" "$(sql /var/lib/keluhan/hub.db 'SELECT count(*) FROM complaints')" 4
as_keluhan keluhan --db /var/lib/keluhan/hub.db restore /var/lib/keluhan/backups/hub-2026-11-23.db --yes >/dev/null
expect "restored to three" "$(sql /var/lib/keluhan/hub.db 'SELECT count(*) FROM complaints')" 3
expect "what it replaced kept" "$(sql /var/lib/keluhan/backups/hub-before-restore-20261123T030000Z.db 'SELECT count(*) FROM complaints')" 4
as_keluhan keluhan --db /var/lib/keluhan/hub.db restore /var/lib/keluhan/backups/hub-before-restore-20261123T030000Z.db --yes >/dev/null
expect "and back to four" "$(sql /var/lib/keluhan/hub.db 'SELECT count(*) FROM complaints')" 4

step "upgrade to $version+1 (the same packages, a later version)"
echo "# edited by the office" >>"$root/etc/keluhan/hub.toml"
rm -rf "$work/next" && mkdir -p "$work/next"
for deb in "${debs[@]}"; do
  x=$work/next/x
  rm -rf "$x"
  dpkg-deb -R "$deb" "$x"
  sed -i "s/^Version: .*/Version: $version+1/; s/keluhan-common (= $version)/keluhan-common (= $version+1)/" "$x/DEBIAN/control"
  dpkg-deb -b --root-owner-group "$x" "$work/next/" >/dev/null
done
rm -rf "$work/next/x" "$root/tmp/debs" && mkdir -p "$root/tmp/debs" && cp "$work"/next/*.deb "$root/tmp/debs/"
in_root sh -c 'apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold /tmp/debs/*.deb' \
  >"$work/upgrade.log" 2>&1 || { tail -30 "$work/upgrade.log"; fail "the upgrade"; }
expect "upgraded" "$(in_root dpkg-query -W -f='${Version}' keluhan-hub)" "$version+1"
expect "the office's edit kept" "$(tail -1 "$root/etc/keluhan/hub.toml")" "# edited by the office"
expect "complaints across the upgrade" "$(sql /var/lib/keluhan/hub.db 'SELECT count(*) FROM complaints')" 4
expect "users across the upgrade" "$(sql /var/lib/keluhan/hub.db 'SELECT count(*) FROM users')" 4

step "remove: data and config stay"
# The kiosk's complaints not yet on the hub are in its own database.
in_root runuser -u keluhan-kiosk -- keluhan --db /var/lib/keluhan-kiosk/kiosk.db init >/dev/null
in_root apt-get remove -y -qq keluhan-admin keluhan-kiosk keluhan-hub keluhan-common >"$work/remove.log" 2>&1 ||
  { tail -30 "$work/remove.log"; fail "apt-get remove"; }
[ ! -e "$root/usr/bin/keluhan" ] || fail "/usr/bin/keluhan is still there after remove"
expect "complaints after remove" "$(sql /var/lib/keluhan/hub.db 'SELECT count(*) FROM complaints')" 4
expect "backups after remove" "$(ls "$root/var/lib/keluhan/backups" | tr '\n' ' ')" \
  "hub-2026-11-23.db hub-before-restore-20261123T030000Z-2.db hub-before-restore-20261123T030000Z.db hub-v5-before-upgrade.db "
expect "each its owner's and group's only" "$(in_root sh -c 'stat -c %a /var/lib/keluhan/backups/*' | sort -u)" 640
for kept in /etc/keluhan/hub.toml /etc/keluhan/kiosk.toml /etc/keluhan/kiosk-session.conf \
  /etc/keluhan/admin.toml /var/lib/keluhan-kiosk/kiosk.db; do
  [ -f "$root$kept" ] || fail "$kept went with remove"
  echo "   ok: $kept kept"
done
in_root sh -c 'apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold /tmp/debs/*.deb' \
  >"$work/reinstall.log" 2>&1 || { tail -30 "$work/reinstall.log"; fail "the reinstall"; }
expect "a reinstall finds them" "$(as_keluhan keluhan --db /var/lib/keluhan/hub.db --config /etc/keluhan/hub.toml list | wc -l)" 4

step "purge: data and config gone, without a question"
in_root apt-get purge -y -qq keluhan-admin keluhan-kiosk keluhan-hub keluhan-common </dev/null >"$work/purge.log" 2>&1 ||
  { tail -30 "$work/purge.log"; fail "apt-get purge"; }
for gone in /var/lib/keluhan /var/lib/keluhan-kiosk /etc/keluhan /lib/systemd/system/keluhan-hub.service \
  /etc/systemd/system/multi-user.target.wants/keluhan-hub.service; do
  [ ! -e "$root$gone" ] || fail "$gone is still there after purge"
  echo "   ok: $gone gone"
done

echo "test-packages: all passed"

#!/usr/bin/env bash
# Installs the Debian 12 packages Keluhan needs to build and test, and the
# few npm packages it needs that Debian lacks, and only those that are
# missing (so a machine that has them all needs no network). Runs apt-get
# and npm as root, or through sudo.
set -euo pipefail

packages=(
  # toolchain; clang-format 14, clang-tidy 14 and python3 for the format,
  # tidy and layer checks
  build-essential cmake pkg-config ccache clang-format-14 clang-tidy-14 python3
  # core library
  libsqlite3-dev libsodium-dev libtomlplusplus-dev nlohmann-json3-dev libqrencode-dev
  # receipts, letters and printing (Pango + Cairo, Noto Sans, libcups)
  libcairo2-dev libpango1.0-dev libcups2-dev fontconfig fonts-noto-core fonts-noto-mono
  # command line
  libcli11-dev
  # kiosk and admin panel: SDL2 + Dear ImGui 1.86 (its SDL backends are built
  # from the sources it ships), fontconfig, stb for screenshots
  libsdl2-dev libimgui-dev libfontconfig-dev libstb-dev
  # tests; faketime moves the machine's clock for scripts/test-dates.sh
  doctest-dev faketime
  # printing tests: a private cupsd with a PDF queue, and tools that read its output back
  cups cups-client cups-bsd cups-filters poppler-utils zbar-tools
  # sync and hub tests: the status page screenshotted at phone size by headless
  # Chromium, fetched with curl, and loaded with wrk in the hub benchmark
  chromium curl wrk
  # the web pages (/ajukan, /staf) driven in that Chromium by its chromedriver
  # through Selenium (tests/tools/browser.py)
  chromium-driver python3-selenium
  # the kiosk's sync agent and the panel's hub client: cpp-httplib (a shared
  # library with OpenSSL; its -dev pulls libssl-dev, zlib1g-dev and
  # libbrotli-dev for the header's includes)
  libcpp-httplib-dev
  # the hub's HTTP server: Boost.Beast and Asio (header-only) with OpenSSL
  libboost-dev libssl-dev
  # hub tests: a throwaway certificate for the HTTPS case
  openssl
  # notifications: e-mail over SMTP (libcurl with OpenSSL: STARTTLS, SMTPS, login) and
  # the webhook; the tests receive the mail with a real SMTP server (aiosmtpd)
  libcurl4-openssl-dev python3-aiosmtpd
  # the hub published behind nginx (assets/nginx/keluhan-hub.conf), started
  # by the tests with that very config in front of a real hub
  nginx-light
  # the sync payload parser's libFuzzer target (scripts/fuzz.sh): clang 14 and
  # its compiler-rt, which holds libclang_rt.fuzzer and the sanitizers
  clang-14 libclang-rt-14-dev
  # the Debian packages (scripts/package.sh) checked by lintian, installed in a
  # throwaway Debian 12 root made by debootstrap (scripts/test-packages.sh),
  # and the kiosk's session run in cage and screenshotted with grim
  lintian debootstrap cage grim
)

# npm packages, pinned, installed globally with the machine's Node.js 20 and
# npm: the OpenAPI 3.1 linter of scripts/check-openapi.sh (Debian 12 has
# none; 2.77.0 runs on Node.js 20, later releases are to need 22).
npm_packages=(
  @redocly/cli@2.77.0
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
npm_missing=()
for p in "${npm_packages[@]}"; do
  # "<prefix>/lib/node_modules/@redocly/cli:@redocly/cli@2.77.0" when installed
  if ! npm ls -g --depth=0 --parseable --long "${p%@*}" 2>/dev/null | grep -q ":$p\$"; then
    npm_missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ] && [ ${#npm_missing[@]} -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: need root or sudo to install: ${missing[*]} ${npm_missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ${#npm_missing[@]} -gt 0 ]; then
  if ! command -v npm >/dev/null; then
    echo "install-deps: npm (with Node.js 20 or later) is needed to install: ${npm_missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing from npm ${npm_missing[*]}"
  "${as_root[@]}" npm install -g --no-fund --no-audit --loglevel=error "${npm_missing[@]}"
fi

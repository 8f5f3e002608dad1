#!/usr/bin/env bash
# Installs every build, run and test dependency from Debian's packages (and npm for the browser tests).
# Idempotent: packages already present are skipped by apt; safe to run on every setup.
# Usage: scripts/install-deps.sh [--runtime-only]
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# Everything the host, plugins, tests and both clients need to build and run.
PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  clang lld libclang-rt-14-dev                 # clang-built fixture plugin (C ABI proof); libFuzzer runtime
  libcpp-httplib-dev libssl-dev nlohmann-json3-dev libsqlite3-dev sqlite3
  libboost-dev libsodium-dev libqrencode-dev libcairo2-dev libfreetype-dev
  libicu-dev                                   # accounts: NFC and character properties of names
  libgtest-dev libgmock-dev googletest libbenchmark-dev zlib1g-dev
  libglfw3-dev libgl-dev libpng-dev xvfb xauth   # native client (PNG images), its Xvfb test
  fonts-noto-cjk fonttools
  emscripten
  chromium
  poppler-utils                                # pdftotext / pdffonts in the PDF tests
  zbar-tools                                   # zbarimg: the mynaurl tests decode the QR codes they download
  python3 openssl                              # test scripts (JSON), the TLS test
  iproute2                                     # ss: the listen-backlog test
  dpkg-dev                                     # apt-get source (Dear ImGui)
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

scripts/fetch-imgui.sh

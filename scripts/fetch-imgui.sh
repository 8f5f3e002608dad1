#!/usr/bin/env bash
# Fetches Dear ImGui 1.86 from Debian's source package into third_party/imgui (ignored by git, never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=third_party/imgui
if [ -f "$dest/imgui.cpp" ]; then echo "fetch-imgui: $dest present"; exit 0; fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
src_list=/etc/apt/sources.list.d/oqs-deb-src.sources
if ! grep -rqs 'deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  $SUDO tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source -qq --download-only imgui >/dev/null && dpkg-source -x --no-check ./imgui_*.dsc imgui >/dev/null)
mkdir -p third_party
rm -rf "$dest"
mv "$work/imgui" "$dest"
grep -Eq "IMGUI_VERSION +\"1\.86" "$dest/imgui.h" || { echo "fetch-imgui: expected Dear ImGui 1.86" >&2; exit 1; }
echo "fetch-imgui: Dear ImGui 1.86 in $dest"

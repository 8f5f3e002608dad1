#!/usr/bin/env bash
# One command for a newcomer: installs what is needed, builds the host, the plugins and the web client, and starts
# the console on 127.0.0.1 with an embedded SQLite file and the demo institution (its logins are printed).
# Usage: scripts/run.sh [--port N] [any other `oqs-host serve` flag]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh native oqs-host all
if [ -x scripts/build-web.sh ]; then scripts/build-web.sh; fi
mkdir -p var
web=()
if [ -f build/wasm/web/index.html ]; then web=(--web-root build/wasm/web); fi
exec build/native/host/oqs-host serve --db var/demo.db --plugins build/native/plugins "${web[@]}" --demo "$@"

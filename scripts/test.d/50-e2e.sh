#!/usr/bin/env bash
# The web client end to end: builds it if needed, starts a real oqs-host on a random loopback port with a fresh
# database, --demo and the notes fixture plugin, and runs tests/e2e/console.e2e.mjs and page_habits.e2e.mjs in
# Debian's headless Chromium (playwright-core from npm). Screenshots of every step: tests/e2e/artifacts/.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "50-e2e: $*"; echo "0 passed, 1 failed"; exit 1; }

build=build/ci
[ -x "$build/host/oqs-host" ] || build=build/native
[ -x "$build/host/oqs-host" ] || fail "no oqs-host built (scripts/build.sh ci)"
[ -f "$build/tests/fixtures/notes.so" ] || fail "no notes fixture in $build"
scripts/build-web.sh >/dev/null || fail "web build failed"
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund >/dev/null) || fail "npm ci failed"
fi

source scripts/lib/demo-host.sh
plugins=$(mktemp -d)
ln -s "$PWD/$build/tests/fixtures/notes.so" "$plugins/notes.so"
start_demo_host "$build/host/oqs-host" "$plugins" --web-root build/wasm/web
trap 'stop_demo_host; rm -rf "$plugins"' EXIT
[ -n "$MASTER_PASSWORD" ] || fail "the demo host printed no master password"

rm -rf tests/e2e/artifacts
# Two scripts, one closing "N passed, N failed" line (scripts/test.sh reads the last one): their counts summed.
# page_habits.e2e.mjs (issue 17: sticky action bar, dialogs, links, drafts, idle) logs in with the password
# console.e2e.mjs chose at the forced change, so it runs second.
log=$(mktemp)
trap 'stop_demo_host; rm -rf "$plugins" "$log"' EXIT
timeout 300 node tests/e2e/console.e2e.mjs "$HOST_URL" "$MASTER_PASSWORD" tests/e2e/artifacts | tee "$log"
timeout 300 node tests/e2e/page_habits.e2e.mjs "$HOST_URL" E2ePassw0rd26 tests/e2e/artifacts | tee -a "$log"
counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log")
[ "$(echo "$counts" | grep -c .)" = 2 ] || fail "a browser test script did not finish"
p=$(echo "$counts" | awk '{s += $1} END {print s}'); f=$(echo "$counts" | awk '{s += $3} END {print s}')
echo "$p passed, $f failed"
[ "$f" = 0 ]

#!/usr/bin/env bash
# The web client end to end: builds it if needed, starts a real oqs-host on a random loopback port with a fresh
# database, --demo and the notes fixture plugin, and runs tests/e2e/console.e2e.mjs in Debian's headless
# Chromium (playwright-core from npm). Screenshots of every step: tests/e2e/artifacts/.
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

work=$(mktemp -d)
mkdir -p "$work/plugins"
ln -s "$PWD/$build/tests/fixtures/notes.so" "$work/plugins/notes.so"
port=$((20000 + RANDOM % 20000))
"$build/host/oqs-host" serve --db "$work/demo.db" --bind 127.0.0.1 --port "$port" --plugins "$work/plugins" \
  --web-root build/wasm/web --demo --quiet > "$work/out" 2> "$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
password=$(grep -o 'user ID master *initial password [A-Za-z0-9]*' "$work/out" | awk '{print $NF}')
[ -n "$password" ] || fail "the demo host printed no master password"

rm -rf tests/e2e/artifacts
timeout 300 node tests/e2e/console.e2e.mjs "http://127.0.0.1:$port" "$password" tests/e2e/artifacts

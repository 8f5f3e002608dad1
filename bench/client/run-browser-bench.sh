#!/usr/bin/env bash
# Browser figures of the web client, on demand (not part of the test command): sizes as served (raw and gzip),
# the time to the first interactive login screen, and the frame time with a 10,000-row table open.
# Needs the ci (or native) build and tests/e2e's npm packages.
# Usage: bench/client/run-browser-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${OQS_BUILD:-build/native}   # OQS_BUILD: another build folder with oqs-host
[ -x "$build/host/oqs-host" ] || build=build/native
scripts/build-web.sh >/dev/null
[ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$build/host/oqs-host" serve --db "$work/demo.db" --bind 127.0.0.1 --port "$port" --web-root build/wasm/web \
  --demo --quiet > "$work/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
B="http://127.0.0.1:$port"
for f in oqs-ui.wasm oqs-ui.js console.js console.css fonts/NotoSansJP-oqs.otf index.html; do
  raw=$(curl -s -o /dev/null -w '%{size_download}' "$B/$f")
  gz=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$B/$f")
  type=$(curl -s -o /dev/null -w '%{content_type}' "$B/$f")
  printf 'served %-26s %9d bytes raw, %9d bytes gzip  (%s)\n' "$f" "$raw" "$gz" "$type"
done
node bench/client/first_screen.mjs "$B" "${1:-5}"
node bench/client/table_frame.mjs "$B" 10000
node bench/client/idle_cpu.mjs "$B" 10

#!/usr/bin/env bash
# The shipped plugins end to end in headless Chromium: for every tests/e2e/plugins/*.e2e.mjs, a fresh oqs-host on a
# random loopback port with a fresh database, --demo, the plugins of the ci build and the web client.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "60-e2e-plugins: $*"; echo "0 passed, 1 failed"; exit 1; }

build=build/ci
[ -x "$build/host/oqs-host" ] || build=build/native
[ -x "$build/host/oqs-host" ] || fail "no oqs-host built (scripts/build.sh ci)"
scripts/build-web.sh >/dev/null || fail "web build failed"
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund >/dev/null) || fail "npm ci failed"
fi

passed=0
failed=0
for script in tests/e2e/plugins/${E2E_ONLY:-*}.e2e.mjs; do  # E2E_ONLY=accounts runs one
  name=$(basename "$script" .e2e.mjs)
  work=$(mktemp -d)
  port=$((20000 + RANDOM % 20000))
  "$build/host/oqs-host" serve --db "$work/demo.db" --bind 127.0.0.1 --port "$port" --plugins "$build/plugins" \
    --web-root build/wasm/web --demo --quiet > "$work/out" 2> "$work/err" &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  password=$(grep -o 'user ID master *initial password [A-Za-z0-9]*' "$work/out" | awk '{print $NF}')
  if [ -z "$password" ]; then
    echo "$name: the demo host printed no master password"; failed=$((failed + 1))
  else
    echo "--- $name"
    out=$(mktemp)
    timeout 300 node "$script" "http://127.0.0.1:$port" "$password" "tests/e2e/artifacts/$name" | tee "$out"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
    if [ -n "$line" ]; then
      passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
      failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
    else
      failed=$((failed + 1))
    fi
    rm -f "$out"
  fi
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

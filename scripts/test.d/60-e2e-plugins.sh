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

source scripts/lib/demo-host.sh
trap stop_demo_host EXIT
passed=0
failed=0
for script in tests/e2e/plugins/${E2E_ONLY:-*}.e2e.mjs; do  # E2E_ONLY=accounts runs one
  name=$(basename "$script" .e2e.mjs)
  # A script may ask for more host flags in a line "// host-flags: …" (testdata: --environment verification).
  read -r -a flags <<< "$(sed -n 's#^// host-flags: ##p' "$script" | head -1)"
  start_demo_host "$build/host/oqs-host" "$build/plugins" --web-root build/wasm/web "${flags[@]}"
  if [ -z "$MASTER_PASSWORD" ]; then
    echo "$name: the demo host printed no master password"; failed=$((failed + 1))
  else
    echo "--- $name"
    out=$(mktemp)
    timeout 300 node "$script" "$HOST_URL" "$MASTER_PASSWORD" "tests/e2e/artifacts/$name" | tee "$out"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
    if [ -n "$line" ]; then
      passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
      failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
    else
      failed=$((failed + 1))
    fi
    rm -f "$out"
  fi
  stop_demo_host
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

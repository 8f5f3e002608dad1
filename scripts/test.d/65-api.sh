#!/usr/bin/env bash
# The OpenAPI document as a client generator uses it (docs/api.md): a fresh oqs-host on a random loopback port
# with a fresh database, --demo and the plugins of the ci build; tests/api/openapi.test.mjs validates its
# /api/openapi.json with a standard validator and calls accounts register, search and update from its schemas.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "65-api: $*"; echo "0 passed, 1 failed"; exit 1; }

build=build/ci
[ -x "$build/host/oqs-host" ] || build=build/native
[ -x "$build/host/oqs-host" ] || fail "no oqs-host built (scripts/build.sh ci)"
[ -f "$build/plugins/accounts.so" ] || fail "no accounts plugin in $build/plugins"
if [ ! -d tests/api/node_modules/@apidevtools/swagger-parser ] || [ ! -d tests/api/node_modules/ajv ]; then
  (cd tests/api && npm ci --no-audit --no-fund >/dev/null) || fail "npm ci failed"
fi

source scripts/lib/demo-host.sh
trap stop_demo_host EXIT
# The verification environment loads every shipped plugin (testdata only runs there), so all are in the document.
start_demo_host "$build/host/oqs-host" "$build/plugins" --environment verification
[ -n "$MASTER_PASSWORD" ] || fail "the demo host printed no master password"
out=$(mktemp)
timeout 60 node tests/api/openapi.test.mjs "$HOST_URL" "$MASTER_PASSWORD" | tee "$out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
rm -f "$out"
[ -n "$line" ] || fail "the API test did not finish"
[ "$(echo "$line" | cut -d' ' -f3)" = 0 ]

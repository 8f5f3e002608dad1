#!/usr/bin/env bash
# The README's promise, checked with curl against the real binary: `oqs-host serve --demo` prints a login that
# works; a user logs in, is forced to change the initial password, fetches the menu and logs out.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=build/ci/host/oqs-host
[ -x "$bin" ] || bin=build/native/host/oqs-host
source scripts/lib/demo-host.sh
start_demo_host "$bin" build/ci/plugins
trap stop_demo_host EXIT
work=$HOST_WORK

pass=0 fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}
B=$HOST_URL
password=$MASTER_PASSWORD
check "demo prints the master's initial password" 20 "${#password}"
code=$(curl -s -o "$work/login" -w '%{http_code}' -c "$work/jar" -H 'Content-Type: application/json' \
  -d "{\"institution\":\"1312345678\",\"user_id\":\"master\",\"password\":\"$password\"}" "$B/api/session")
check "login" 200 "$code"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login")
check "menu before the password change" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/jar" "$B/api/menu")"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d "{\"current_password\":\"$password\",\"new_password\":\"Demo2026pw\"}" "$B/api/session/password")
check "password change" 200 "$code"
check "menu" 200 "$(curl -s -o "$work/menu" -w '%{http_code}' -b "$work/jar" "$B/api/menu")"
check "menu holds パスワード変更" 1 "$(grep -c 'パスワード変更' "$work/menu")"
check "logout" 204 "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/jar" -X DELETE -H "X-CSRF-Token: $csrf" "$B/api/session")"
check "menu after logout" 401 "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/jar" "$B/api/menu")"
check "audit chain" 0 "$("$bin" audit verify --db "$work/demo.db" >/dev/null; echo $?)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

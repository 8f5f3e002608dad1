#!/usr/bin/env bash
# The host's suites under ThreadSanitizer (clang): the job workers, the HTTP thread pool, the session cache and the
# statement cache share state across threads. Only these suites are built in build/tsan (the other suites run in
# the ci and sanitize builds); each test runs in its own process, so a race fails the test that provoked it.
set -uo pipefail
cd "$(dirname "$0")/../.."
suites=(host_test)  # http_test links the accounts and settings plugins: a second build of them costs minutes
if ! scripts/build.sh tsan "${suites[@]}"; then
  echo "0 passed, 1 failed"; exit 1
fi
log=build/tsan-ctest.log
ctest --preset tsan -j 2 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
total=$(grep -Eo 'tests failed out of [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
fails=$(grep -Eo '[0-9]+ tests failed out of' "$log" | grep -Eo '^[0-9]+' | tail -1)
echo "$(( ${total:-0} - ${fails:-0} )) passed, ${fails:-1} failed"
exit "$rc"

#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60) from a few seed files.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
pass=0 fail=0
for fuzzer in build/ci/tests/fuzz/*_fuzzer; do
  [ -x "$fuzzer" ] || continue
  work=$(mktemp -d)
  printf 'a,b,c\r\n"x,1","say ""hi""","two\nlines"\r\n' > "$work/seed1"
  printf '\xef\xbb\xbf\xe6\xa8\xa9\xe9\x99\x90,ID\n' > "$work/seed2"
  printf '\x8c\xa0\x8c\xc0,ID\r\n' > "$work/seed3"  # CP932
  if "$fuzzer" -max_total_time="$seconds" -artifact_prefix="$work/" "$work" > "$work/log" 2>&1; then
    pass=$((pass + 1)); echo "ok   $(basename "$fuzzer"): $(grep -Eo 'Done [0-9]+ runs' "$work/log")"
  else
    fail=$((fail + 1)); echo "FAIL $(basename "$fuzzer")"; tail -30 "$work/log"
    mkdir -p build/fuzz-artifacts && cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* build/fuzz-artifacts/ 2>/dev/null
  fi
  rm -rf "$work"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

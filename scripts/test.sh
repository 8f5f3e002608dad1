#!/usr/bin/env bash
# One command that installs, builds and runs every test: the GoogleTest suites built by gcc (warnings as errors),
# the same suites built by clang under AddressSanitizer + UndefinedBehaviorSanitizer (warnings as errors too), the
# host's suites under ThreadSanitizer, the fuzzers for a bounded time, the web client's browser tests and the native
# client under Xvfb. Ends with each stage's time and one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export CI=${CI:-}
SECONDS=0
scripts/install-deps.sh || exit 1

passed=0
failed=0
count_ctest() {  # adds ctest's totals from its log to the running counts
  local log=$1 total fails
  total=$(grep -Eo 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  fails=$(grep -Eo '[0-9]+ tests failed out of' "$log" | grep -Eo '^[0-9]+' | tail -1)
  total=${total:-0}
  fails=${fails:-0}
  passed=$((passed + total - fails))
  failed=$((failed + fails))
}
# Each stage's wall time, printed at the end so the test command's budget (≤ 45 min on 2 cores) stays visible.
timings=()
stage_name="install"
stage_start=$SECONDS
step() {
  timings+=("$(printf '%5ds  %s' $((SECONDS - stage_start)) "$stage_name")")
  stage_name=$*
  stage_start=$SECONDS
  echo; echo "=== $* ==="
}
status=0

step "build (ci preset: warnings are errors)"
if scripts/build.sh ci; then
  step "unit and integration tests"
  ctest --preset ci -j 2 2>&1 | tee build/ci-ctest.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_ctest build/ci-ctest.log
else
  echo "build failed"; status=1; failed=$((failed + 1))
fi

step "build with clang: AddressSanitizer + UndefinedBehaviorSanitizer, the fuzzers (warnings are errors)"
if scripts/build.sh sanitize; then
  step "the same tests under the sanitizers"
  # The sanitizer options and the LeakSanitizer suppressions come from the test preset (CMakePresets.json).
  ctest --preset sanitize -j 2 2>&1 | tee build/sanitize-ctest.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_ctest build/sanitize-ctest.log
else
  echo "sanitizer build failed"; status=1; failed=$((failed + 1))
fi

# Further suites register themselves as executable scripts in scripts/test.d/ (browser, native UI, fuzzers).
# Each prints "N passed, N failed" as its last line.
for t in scripts/test.d/*.sh; do
  [ -x "$t" ] || continue
  step "$t"
  out=$(mktemp)
  "$t" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
  if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
  elif [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  [ "$rc" -eq 0 ] || status=1
  rm -f "$out"
done

step "end"
echo
echo "stage times:"
printf '  %s\n' "${timings[@]}"
printf '  %5ds  total\n' "$SECONDS"
echo
echo "$passed passed, $failed failed"
exit $status

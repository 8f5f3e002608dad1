#!/usr/bin/env bash
# Long fuzzing runs (hours), outside the test command: every libFuzzer target of a clang sanitizer build, two at a
# time, each for its share of FUZZ_HOURS (default 1), from its checked-in seeds (tests/fuzz/corpus/<target>/) and a
# corpus kept between runs in build/fuzz-corpus/<target>/, so each run goes on where the last one stopped.
# Crashes, leaks and timeouts land in build/fuzz-artifacts/ (turn each into a regression test: docs/testing.md).
#
# Usage: bench/fuzz/run.sh [build dir, default build/sanitize]    FUZZ_HOURS, FUZZ_JOBS (default 2)
# Prints, as bench/run-all expects, one figure per target: executions per second (no floor).
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/sanitize}
hours=${FUZZ_HOURS:-1}
jobs=${FUZZ_JOBS:-2}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp}
shopt -s nullglob
fuzzers=("$build"/tests/fuzz/*_fuzzer)
if [ ${#fuzzers[@]} -eq 0 ]; then
  echo "note: no fuzzers in $build/tests/fuzz (the sanitize preset builds them with clang); nothing to run"
  exit 0
fi
# Each target's share of the wall-clock budget, with `jobs` running at once.
rounds=$(( (${#fuzzers[@]} + jobs - 1) / jobs ))
seconds=$(awk -v h="$hours" -v r="$rounds" 'BEGIN { s = int(h * 3600 / r); print (s < 10 ? 10 : s) }')
echo "note: ${#fuzzers[@]} targets, ${seconds} s each, $jobs at a time"
mkdir -p build/fuzz-artifacts build/fuzz-logs
status=0
run_one() {
  local fuzzer=$1 name corpus
  name=$(basename "$fuzzer" _fuzzer)
  corpus=build/fuzz-corpus/$name
  mkdir -p "$corpus"
  "$fuzzer" -max_total_time="$seconds" -timeout=60 -print_final_stats=1 -artifact_prefix=build/fuzz-artifacts/"$name"- \
    "$corpus" $( [ -d "tests/fuzz/corpus/$name" ] && echo "tests/fuzz/corpus/$name" ) > "build/fuzz-logs/$name.log" 2>&1
}
for fuzzer in "${fuzzers[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || status=1; done
  run_one "$fuzzer" &
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || status=1; done
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer" _fuzzer)
  log=build/fuzz-logs/$name.log
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  printf '%s fuzzer (executions/s)\t%s\t-\t-\n' "$name" "${rate:--}"
  grep -qE 'ERROR: |FUZZ FINDING' "$log" && echo "note: $name found something: see $log and build/fuzz-artifacts/"
done
exit $status

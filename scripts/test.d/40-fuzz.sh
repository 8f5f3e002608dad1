#!/usr/bin/env bash
# Runs every libFuzzer target of the sanitizer build (build/sanitize/tests/fuzz/*_fuzzer, built with clang) for a
# bounded time, two at a time (a 2-core machine), each from its hand-written seeds in tests/fuzz/corpus/<target>/.
# FUZZ_SECONDS per target (default 25: six targets in three rounds take about 1.5 minutes with start-up);
# FUZZ_BUILD picks another build folder, FUZZ_JOBS the number run at once. A crash, leak, finding or timeout
# (60 s for one input: on a loaded machine the host-based targets are slow) fails the stage; the input that
# caused it is kept in build/fuzz-artifacts/. Longer runs: bench/fuzz/run.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-25}
jobs=${FUZZ_JOBS:-2}
build=${FUZZ_BUILD:-build/sanitize}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp}
results=$(mktemp -d)

run_one() {  # fuzzer → writes "ok …" or "FAIL …" (and the log's tail) to $results/<name>
  local fuzzer=$1 name work seeds
  name=$(basename "$fuzzer" _fuzzer)
  work=$(mktemp -d)
  seeds=tests/fuzz/corpus/$name
  mkdir -p "$work/corpus"
  # New inputs go to the scratch corpus; the checked-in seeds are only read.
  if "$fuzzer" -max_total_time="$seconds" -timeout=60 -artifact_prefix="$work/" "$work/corpus" \
       $( [ -d "$seeds" ] && echo "$seeds" ) > "$work/log" 2>&1; then
    echo "ok   ${name}_fuzzer: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$work/log")" > "$results/$name"
  else
    { echo "FAIL ${name}_fuzzer"; grep -E 'FUZZ FINDING|ERROR: |SUMMARY' "$work/log" | head -5; tail -40 "$work/log"; } > "$results/$name"
    mkdir -p build/fuzz-artifacts
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* build/fuzz-artifacts/ 2>/dev/null
  fi
  rm -rf "$work"
}

started=$(date +%s)
shopt -s nullglob
fuzzers=("$build"/tests/fuzz/*_fuzzer)
if [ ${#fuzzers[@]} -eq 0 ]; then
  echo "no fuzzers in $build/tests/fuzz (they are built by the sanitize preset with clang)"
fi
for fuzzer in "${fuzzers[@]}"; do
  [ -x "$fuzzer" ] || continue
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_one "$fuzzer" &
done
wait

pass=0 fail=0
for f in "$results"/*; do
  [ -e "$f" ] || continue
  cat "$f"
  if head -1 "$f" | grep -q '^ok'; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
rm -rf "$results"
echo "fuzzing took $(( $(date +%s) - started )) s (FUZZ_SECONDS=$seconds per target, $jobs at a time)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

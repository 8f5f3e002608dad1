#!/usr/bin/env bash
# The soak figures for bench/run-all (convention: docs/performance.md): figure<TAB>value<TAB>floor<TAB>ratio.
# 200 keep-alive clients for 60 s over a realistic mix with a bulk job running (0 unexpected answers, p99 per
# request kind, the host's resident memory flat within 10 % after warm-up), then 100 × kill -9 during bulk jobs,
# each followed by PRAGMA integrity_check and `oqs-host audit verify`.
# Usage: bench/soak/run.sh [build dir, default build/native]   (SOAK_SECONDS, SOAK_CLIENTS, CRASH_ROUNDS)
set -uo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build/native}
rc=0
"$b/bench/soak/bench_soak" soak "$b/host/oqs-host" "$b/plugins" "${SOAK_SECONDS:-60}" "${SOAK_CLIENTS:-200}" || rc=1
"$b/bench/soak/bench_soak" crash "$b/host/oqs-host" "$b/plugins" "${CRASH_ROUNDS:-100}" || rc=1
exit $rc

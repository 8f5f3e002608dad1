#!/usr/bin/env bash
# The accounts plugin's figures for bench/run-all (convention: docs/performance.md):
# figure<TAB>value<TAB>floor<TAB>ratio. Search floor: the SELECTs the server ran, replayed alone on SQLite in the
# same run (search_bench.cpp). Bulk: no floor for the wall time; another institution's login p99 while a job runs
# against the same with no job.
# Usage: bench/accounts/run.sh [build dir, default build/ci]
set -euo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build/ci}/bench/accounts
"$b/bench_account_search" 100000 | grep -v 'plugin loaded'
out=$("$b/bench_bulk" 10000 3 20 2>&1 | grep -v 'plugin loaded')
echo "$out" | sed 's/^/# /'
echo "$out" | awk '
  /job wall time/ { n = 0; for (i = 1; i <= NF; i++) if ($(i + 1) == "s") { v[++n] = $i + 0 }
                    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
                    wall = v[int((n + 1) / 2)] }
  /login while a job runs/ { busy = $12 + 0 }
  /login, no job/          { idle = $10 + 0 }
  END {
    printf "bulk registration, 10,000 rows, median of 3 jobs (s)\t%.2f\t-\t-\n", wall
    printf "another institution login p99 while a job runs (ms)\t%.1f\t%.1f\t%.2f\n", busy, idle, busy / idle
  }'

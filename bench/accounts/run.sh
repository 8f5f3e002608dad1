#!/usr/bin/env bash
# The accounts plugin's figures for bench/run-all (convention: docs/performance.md):
# figure<TAB>value<TAB>floor<TAB>ratio. Search floor: the SELECTs the server ran, replayed alone on SQLite in the
# same run (search_bench.cpp). Bulk: no floor for the wall and CPU times; another institution's login and update
# p99 while a job runs against the same with no job.
# Usage: bench/accounts/run.sh [build dir, default build/native]
set -euo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build/native}/bench/accounts
"$b/bench_account_search" 100000 | grep -v 'plugin loaded'
out=$("$b/bench_bulk" 10000 3 20 2>&1 | grep -v 'plugin loaded')
echo "$out" | sed 's/^/# /'
echo "$out" | awk '
  function median(line,   n, m, i, j, t, v, f) {
    n = 0; m = split(line, f, " ")
    for (i = 1; i < m; i++) if (f[i + 1] == "s" && f[i] ~ /^[0-9.]+$/) v[++n] = f[i] + 0
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((n + 1) / 2)]
  }
  /alone, .* job wall time/   { alone = median($0) }
  /alone: process CPU time/   { cpu = median($0) }
  /traffic: job wall time/    { busyWall = median($0) }
  /login while a job runs/    { busyLogin = $12 + 0 }
  /login, no job/             { idleLogin = $10 + 0 }
  /update while a job runs/   { busyUpdate = $12 + 0 }
  /update, no job/            { idleUpdate = $10 + 0 }
  END {
    printf "bulk registration, 10,000 rows, alone, wall, median of 3 jobs (s)\t%.2f\t-\t-\n", alone
    printf "bulk registration, 10,000 rows, alone, process CPU, median of 3 jobs (s)\t%.2f\t-\t-\n", cpu
    printf "bulk registration, 10,000 rows, with other traffic, wall (s)\t%.2f\t-\t-\n", busyWall
    printf "another institution login p99 while a job runs (ms)\t%.1f\t%.1f\t%.2f\n", busyLogin, idleLogin, busyLogin / idleLogin
    printf "another institution account update p99 while a job runs (ms)\t%.1f\t%.1f\t%.2f\n", busyUpdate, idleUpdate, busyUpdate / idleUpdate
  }'

#!/usr/bin/env bash
# The history figures for bench/run-all (convention: docs/performance.md): figure<TAB>value<TAB>floor<TAB>ratio.
# Floor of the download: `sqlite3 -csv` running the same query on the same file, in the same run. The summary has
# no floor (it is two SQL statements plus HTTP); its ratio column is "-".
# Usage: bench/history/run.sh [build dir, default build/native] [events, default 1000000] [institutions] [days]
# The issue's full scale is 10000000 events, 1000 institutions, 1095 days (about 5 minutes to generate).
set -euo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build/native}/bench/history
out=$("$b/bench_history" "${2:-1000000}" "${3:-1000}" "${4:-1095}" 2>&1)
echo "$out" | sed 's/^/# /'
echo "$out" | awk '
  function num(s) { gsub(/[^0-9.]/, "", s); return s + 0 }
  /^summary \(count/ { for (i = 1; i <= NF; i++) { if ($i == "median") m = num($(i + 1)); if ($i == "p99") p = num($(i + 1)) } }
  /^download of .*median/ { for (i = 1; i <= NF; i++) if ($i == "median") d = num($(i + 1)); rows = num($3) }
  /^sqlite3 -csv/ { for (i = 1; i <= NF; i++) if ($i == "median") s = num($(i + 1)) }
  END {
    printf "history count + chart, one institution and month, median (ms)\t%.2f\t-\t-\n", m
    printf "history count + chart, one institution and month, p99 (ms)\t%.2f\t-\t-\n", p
    printf "history CSV download, %d rows, median (ms)\t%.1f\t%.1f\t%.2f\n", rows, d, s, d / s
  }'

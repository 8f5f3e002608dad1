#!/usr/bin/env bash
# The host's figures for bench/run-all (convention: docs/performance.md): figure<TAB>value<TAB>floor<TAB>ratio.
# Floors: a bare cpp-httplib handler answering the menu's bytes (tuned as the host is), measured in the same run;
# one Argon2id hash for a login.
# Usage: bench/host/run.sh [build dir, default build/native]
set -euo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build/native}/bench/host
out=$("$b/bench_http" 3 50 200 2>&1)
echo "$out" | sed 's/^/# /'
echo "$out" | awk '
  function num(s) { gsub(/[^0-9.]/, "", s); return s + 0 }
  /bare httplib, tuned \(floor\)/ { fr = num($5); f50 = num($8); f99 = num($11) }
  /oqs-host GET \/healthz/        { hr = num($4) }
  /oqs-host GET \/api\/menu/      { mr = num($4); m50 = num($7); m99 = num($10) }
  /^  oqs-host  / && /conn\/s/    { for (i = 1; i <= NF; i++) { if ($i == "worst") worst = $(i + 1); if ($i == "answer:") lost = $(i + 1); if ($i == "ListenOverflows") ovf = $(i + 1) } }
  END {
    printf "GET /api/menu, 50 keep-alive clients (req/s)\t%.0f\t%.0f\t%.2f\n", mr, fr, fr / mr
    printf "GET /api/menu p50 (ms)\t%.2f\t%.2f\t%.2f\n", m50, f50, m50 / f50
    printf "GET /api/menu p99 (ms)\t%.2f\t%.2f\t%.2f\n", m99, f99, m99 / f99
    printf "GET /healthz, 50 keep-alive clients (req/s)\t%.0f\t%.0f\t%.2f\n", hr, fr, fr / hr
    printf "200 clients connecting at once: worst wait (ms)\t%s\t-\t-\n", worst
    printf "200 clients connecting at once: no answer + ListenOverflows\t%d\t-\t-\n", lost + num(ovf)
  }'
out=$("$b/bench_login" 2>&1)
echo "$out" | sed 's/^/# /'
echo "$out" | awk '
  /one Argon2id hash/ { h = $5 + 0 }
  /login, known user/ { k = $6 + 0 }
  END { printf "login, known user, median (ms)\t%.1f\t%.1f\t%.2f\n", k, h, k / h }'

#!/usr/bin/env bash
# House habits, checked: every C/C++ file is formatted as .clang-format says (clang-format 14, pinned by Debian 12),
# and the host, SDK and plugins pass .clang-tidy (its compile database: build/ci, made by the ci stage).
# Prints the files that fail; "N passed, N failed" counts files.
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0 fail=0

mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | grep -v '^third_party/')
for f in "${sources[@]}"; do
  if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "format: $f (clang-format -i $f)"
  fi
done

db=build/ci/compile_commands.json
if [ ! -f "$db" ]; then
  echo "tidy: $db is missing (the ci stage makes it)"; fail=$((fail + 1))
else
  # The product's own code: what ships. Tests and benchmarks follow the format, not every tidy rule.
  mapfile -t tidy < <(git ls-files 'host/src/*.cpp' 'host/builtin/*.cpp' 'plugins/*.cpp')
  out=$(mktemp -d)
  printf '%s\n' "${tidy[@]}" | xargs -P "$(nproc)" -I{} sh -c \
    'clang-tidy -p build/ci --quiet "$1" > "$2/$(echo "$1" | tr / _).log" 2>&1 || echo "$1" >> "$2/failed"' _ {} "$out"
  if [ -s "$out/failed" ]; then
    while read -r f; do
      fail=$((fail + 1)); echo "tidy: $f"; grep -E 'warning:|error:' "$out/$(echo "$f" | tr / _).log" | head -5
    done < "$out/failed"
  fi
  pass=$((pass + ${#tidy[@]} - $(cat "$out/failed" 2>/dev/null | wc -l)))
  rm -rf "$out"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# Configures and builds one CMake preset (default: native). Idempotent; reuses the build folder.
# Usage: scripts/build.sh [native|ci|sanitize] [targets…]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-native}
shift || true
jobs=$(nproc)
cmake --preset "$preset" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build --preset "$preset" -j "$jobs" --target "$@"
else
  cmake --build --preset "$preset" -j "$jobs"
fi

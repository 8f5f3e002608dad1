# Sourced by the suites in scripts/test.d: a real oqs-host on a random loopback port with a fresh database and
# the demo institution, as `scripts/run.sh` starts it.
#
# start_demo_host BIN PLUGIN_DIR [more `oqs-host serve` flags…]
#   sets HOST_WORK (a temporary folder: demo.db, out, err), HOST_PORT, HOST_URL, HOST_PID and MASTER_PASSWORD
#   (the demo master's printed initial password, empty if none was printed).
# stop_demo_host
#   stops it and removes HOST_WORK.

start_demo_host() {
  local bin=$1 plugins=$2
  shift 2
  HOST_WORK=$(mktemp -d)
  HOST_PORT=$((20000 + RANDOM % 20000))
  HOST_URL="http://127.0.0.1:$HOST_PORT"
  "$bin" serve --db "$HOST_WORK/demo.db" --bind 127.0.0.1 --port "$HOST_PORT" --plugins "$plugins" --demo --quiet \
    "$@" > "$HOST_WORK/out" 2> "$HOST_WORK/err" &
  HOST_PID=$!
  for _ in $(seq 100); do curl -sf "$HOST_URL/healthz" >/dev/null && break; sleep 0.1; done
  MASTER_PASSWORD=$(grep -o 'master account: *user ID master *initial password [A-Za-z0-9]*' "$HOST_WORK/out" | awk '{print $NF}')
}

stop_demo_host() {
  [ -n "${HOST_PID:-}" ] && { kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null; }
  [ -n "${HOST_WORK:-}" ] && rm -rf "$HOST_WORK"
  HOST_PID="" HOST_WORK=""
}

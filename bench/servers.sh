#!/usr/bin/env bash
# Compare ASGI servers on GET /api/v1/tasks/{id}: bench/servers.sh  (needs wrk and DATABASE_URL, migrated).
# granian is measured through its own CLI: `.venv/bin/pip install granian` first. Loopback only; each run is bounded by DURATION. Results go to bench/results/servers-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a migrated database the benchmark may write one task into}"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WORKERS_LIST=${WORKERS_LIST:-"1 2"}
BIN=.venv/bin
export JWT_SECRET=${JWT_SECRET:-bench-secret-that-is-long-enough-for-hs256-0123456789}
export LOG_LEVEL=${LOG_LEVEL:-INFO} LOG_FORMAT=json
TOKEN=$($BIN/showbay token --sub bench)
PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
METRICS_DIR=$(mktemp -d)
trap 'rm -rf "$METRICS_DIR"' EXIT
OUT=bench/results/servers-$(date -u +%Y%m%dT%H%M%SZ).txt

wait_ready() { for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.1; done; return 1; }

run() {  # name workers command...
  local name=$1 workers=$2; shift 2
  "$@" >/dev/null 2>&1 &
  local pid=$!
  wait_ready
  local id
  id=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/tasks" -H "Authorization: Bearer $TOKEN" \
       -H 'Content-Type: application/json' -d '{"title":"bench"}' | $BIN/python -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  wrk -t2 -c"$CONNECTIONS" -d2s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/tasks/$id" >/dev/null
  echo "== $name workers=$workers connections=$CONNECTIONS duration=$DURATION" | tee -a "$OUT"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$PORT/api/v1/tasks/$id" | tee -a "$OUT"
  kill -TERM "$pid"; wait "$pid" || true
}

for workers in $WORKERS_LIST; do
  run uvicorn "$workers" $BIN/showbay serve --workers "$workers" --port "$PORT"
  PROMETHEUS_MULTIPROC_DIR=$METRICS_DIR run granian "$workers" $BIN/granian --interface asgi --factory \
      --host 127.0.0.1 --port "$PORT" --workers "$workers" --no-access-log showbay.bootstrap.app:create_app
done
echo "results in $OUT"

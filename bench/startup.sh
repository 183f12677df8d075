#!/usr/bin/env bash
# Benchmark 5 of issue 4: server start to ready with 20 registered and deployed small models, and memory per version.
#
#   bench/startup.sh                 # 20 models, 3 restarts
#   MODELS=50 ROUNDS=5 bench/startup.sh
#
# Publishes a Release build, starts it on an empty data directory (baseline: time to ready and RSS with nothing
# loaded), registers MODELS copies of lr.onnx under distinct names with one endpoint each, then restarts the server
# ROUNDS times and measures the time from process start to /v2/health/ready answering 200 and the RSS at that moment.
# Prints a markdown table (medians). Only 127.0.0.1 is used; the server is stopped by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench-startup}"
MODELS="${MODELS:-20}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18291}"
URL="http://127.0.0.1:$PORT"
MODEL_FILE="$ROOT/tests/Modelplane.Serving.Tests/TestData/lr.onnx"

rm -rf "$WORK"; mkdir -p "$WORK/data"
echo "Publishing (Release)..." >&2
dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null

PID=""
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi; }
trap stop EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status"; }

if curl -s -o /dev/null "$URL/"; then echo "port $PORT is in use; set PORT=..." >&2; exit 1; fi

start() {  # sets PID, READY_MS (process start to ready) and READY_RSS (KiB at that moment)
  local t0; t0=$(now_ms)
  "$WORK/modelplane/modelplane" server --urls "$URL" --data-dir "$WORK/data" >>"$WORK/server.log" 2>&1 & PID=$!
  for _ in $(seq 1 3000); do
    if curl -sf -o /dev/null "$URL/v2/health/ready"; then READY_MS=$(( $(now_ms) - t0 )); READY_RSS=$(rss_kib); return 0; fi
    sleep 0.01
  done
  echo "server not ready after 30 s" >&2; return 1
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

start; base_ms=$READY_MS; base_rss=$READY_RSS
# Every route but health needs a token: the first start wrote the admin token to the data directory.
TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")
echo "empty server: ready in ${base_ms} ms, RSS ${base_rss} KiB" >&2
for i in $(seq 1 "$MODELS"); do
  curl -sS -f "${AUTH[@]}" -o /dev/null -H 'Content-Type: application/octet-stream' --data-binary @"$MODEL_FILE" "$URL/api/v1/models/lr$i/versions"
  curl -sS -f "${AUTH[@]}" -o /dev/null -H 'Content-Type: application/json' -d "{\"name\":\"ep$i\",\"model\":\"lr$i\",\"version\":1}" "$URL/api/v1/endpoints"
done
stop

declare -a MS RSS IDX
for r in $(seq 1 "$ROUNDS"); do
  start; ms=$READY_MS; rss=$READY_RSS
  ready=$(curl -sf "${AUTH[@]}" -X POST "$URL/v2/repository/index" -d '{"ready":true}' | grep -o '"state":"READY"' | wc -l)
  [ "$ready" -eq "$MODELS" ] || { echo "only $ready of $MODELS versions READY" >&2; exit 1; }
  curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"inputs":[{"name":"input","shape":[1,30],"datatype":"FP32","data":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]}' \
    "$URL/v2/models/ep$MODELS/infer" >/dev/null || echo "warning: inference on ep$MODELS failed (check the input name)" >&2
  index_bytes=$(curl -sf "${AUTH[@]}" -X POST "$URL/v2/repository/index" -d '{"ready":true}' | grep -o '"memory_bytes":[0-9]*' | cut -d: -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "round $r: ready in ${ms} ms, RSS ${rss} KiB, median memory_bytes per version ${index_bytes}" >&2
  MS+=("$ms"); RSS+=("$rss"); IDX+=("$index_bytes")
  stop
done

ms=$(printf '%s\n' "${MS[@]}" | median)
rss=$(printf '%s\n' "${RSS[@]}" | median)
idx=$(printf '%s\n' "${IDX[@]}" | median)
per=$(( (rss - base_rss) / MODELS ))
echo
echo "| Measure | Value |"
echo "|---|---|"
echo "| Start to ready, empty server | ${base_ms} ms |"
echo "| Start to ready, $MODELS endpoints (median of $ROUNDS) | ${ms} ms |"
echo "| RSS at ready, empty server | $(( base_rss / 1024 )) MiB |"
echo "| RSS at ready, $MODELS endpoints | $(( rss / 1024 )) MiB |"
echo "| RSS per loaded version ((with - empty) / $MODELS) | ${per} KiB |"
echo "| memory_bytes per version in the index (median) | $(( idx / 1024 )) KiB |"

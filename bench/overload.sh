#!/usr/bin/env bash
# Overload benchmark (issue 4, benchmark 4): lr.onnx behind an endpoint, single-row OIP requests from a closed-loop
# client at 32 connections (normal) and then at OVERLOAD connections (default 512). Reports per status code the
# count, req/s and latency percentiles, and the server's RSS over the run: the server must keep answering, refuse
# what it cannot take with 429/503 fast, keep accepted requests' p99 near its 32-connection value, and hold RSS flat.
#
#   bench/overload.sh                      # 15 s per run after 5 s warm-up
#   OVERLOAD=1024 DURATION=30 bench/overload.sh
#   SERVER_ENV="Modelplane__Serving__ShedQueueDelay=00:00:00" bench/overload.sh   # no shedding
# The server runs with the latency-first shedding of a small-model deployment (queue-delay target 0.3 ms held for
# 5 ms; the server's defaults are 20 ms and 100 ms); SERVER_ENV replaces that.
#   RETRY_AFTER=ignore bench/overload.sh   # clients that send again at once after a 503 (default: they wait Retry-After)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-overload}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
OVERLOAD="${OVERLOAD:-512}"
PORT=18185
rm -rf "$WORK"; mkdir -p "$WORK/data"
echo "Publishing (Release)..." >&2
dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null
dotnet publish "$ROOT/bench/Modelplane.Bench.Load" -c Release -o "$WORK/load" --nologo -v q >/dev/null

# shellcheck disable=SC2086
env ${SERVER_ENV:-Modelplane__Serving__ShedQueueDelay=00:00:00.0003 Modelplane__Serving__ShedWindow=00:00:00.005} "$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.1; done
# Every route but health needs a token: the first start wrote the admin token to the data directory.
TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")

export MODELPLANE_SERVER="http://127.0.0.1:$PORT"
"$WORK/modelplane/modelplane" models push lr "$ROOT/tests/Modelplane.Serving.Tests/TestData/lr.onnx" >/dev/null
"$WORK/modelplane/modelplane" endpoints create lr --model lr@1 >/dev/null
BODY="$ROOT/bench/bodies/lr-1row-oip.json"
curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' --data-binary @"$BODY" "http://127.0.0.1:$PORT/v2/models/lr/infer" | grep -q '"label"' \
  || { echo "Modelplane did not answer a valid prediction" >&2; exit 1; }

echo "server RSS before: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$SERVER/status)"
for conns in 32 "$OVERLOAD"; do
  echo; echo "## $conns connections"
  timeout $(( DURATION + WARMUP + 60 )) "$WORK/load/Modelplane.Bench.Load" "http://127.0.0.1:$PORT/v2/models/lr/infer" "$BODY" "$conns" "$DURATION" "$WARMUP" "$SERVER"
done
echo; echo "server's own count of shed requests and its last queue-delay probe:"
curl -s "${AUTH[@]}" "http://127.0.0.1:$PORT/metrics" | grep -E '^modelplane_overload_(shed|queue_delay)' || true
echo; echo "server RSS after: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$SERVER/status)"

#!/usr/bin/env bash
# Dynamic batching benchmark (issue 4, benchmark 3): the compute-heavy MLP (bench/models/mlp-30x1024x1024x2.onnx)
# behind an endpoint, 32 concurrent single-row clients, batching off vs on, interleaved rounds on one server.
#
#   bench/batching.sh                                   # 10 s per run after a 5 s warm-up, 3 rounds
#   MAX_BATCH=32 DELAY=2ms PREFERRED= ROUNDS=5 bench/batching.sh
#
# Also measures one batch's compute time as the p50 of a 32-row request at one connection with batching off
# (HTTP and JSON included, so an upper bound), for the bar "p99 within the queue delay plus two batch compute times".
# Only 127.0.0.1 is targeted; every wrk run is bounded by -d; the server is stopped by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench-batching}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
MAX_BATCH="${MAX_BATCH:-32}"
DELAY="${DELAY:-2ms}"
PREFERRED="${PREFERRED:-}"
CONCURRENCY="${CONCURRENCY:-}"
PORT=18185

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK/data"
echo "Publishing (Release)..." >&2
dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
"$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/modelplane.log" 2>&1 & PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.1; done

MP=("$WORK/modelplane/modelplane")
export MODELPLANE_SERVER="http://127.0.0.1:$PORT"
"${MP[@]}" models push mlp "$ROOT/bench/models/mlp-30x1024x1024x2.onnx" >/dev/null
"${MP[@]}" endpoints create mlp --model mlp@1 >/dev/null
ONE="$ROOT/bench/bodies/mlp-1row.json"
MANY="$ROOT/bench/bodies/mlp-32rows.json"
curl -sf -H 'Content-Type: application/json' --data-binary @"$ONE" "http://127.0.0.1:$PORT/v2/models/mlp/infer" | grep -q '"probabilities"' \
  || { echo "Modelplane did not answer a valid prediction" >&2; exit 1; }

run() {  # body conns seconds -> "rps p50 p99 non2xx socket_errors requests"
  BODY="$1" URL_PATH=/v2/models/mlp/infer \
    timeout $(( $3 + 30 )) wrk -t"$(( $2 < THREADS ? $2 : THREADS ))" -c"$2" -d"${3}s" -s "$ROOT/bench/lua/post.lua" "http://127.0.0.1:$PORT" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

batching() {  # on|off; off is the server's defaults, on sets only the batching options (and CONCURRENCY when given)
  local extra=(--reset)
  if [ "$1" = on ]; then
    [ -n "$CONCURRENCY" ] && extra+=(--max-concurrency "$CONCURRENCY")
    extra+=(--max-batch-size "$MAX_BATCH" --max-queue-delay "$DELAY")
    [ -n "$PREFERRED" ] && extra+=(--preferred-batch-sizes "$PREFERRED")
  fi
  "${MP[@]}" models execution mlp@1 "${extra[@]}" >/dev/null
}

batching off
run "$MANY" 1 "$WARMUP" >/dev/null
compute=$(run "$MANY" 1 "$DURATION")
echo "32-row request at c1, batching off: $compute" >&2

declare -a OFF ON
for r in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    batching $mode
    run "$ONE" "$CONNS" "$WARMUP" >/dev/null
    line=$(run "$ONE" "$CONNS" "$DURATION")
    echo "round $r batching $mode: $line" >&2
    if [ $mode = off ]; then OFF+=("$line"); else ON+=("$line"); fi
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { local -n rows=$1; for l in "${rows[@]}"; do echo "$l" | awk -v c="$2" '{print $c}'; done | median; }
errs() { local -n rows=$1; for l in "${rows[@]}"; do echo "$l"; done | awk '{s+=$4+$5} END {print s+0}'; }
delay_ms=$("${MP[@]}" models execution mlp@1 --json | /usr/bin/env python3 -c 'import json,sys; print(json.load(sys.stdin)["effective"]["batching"]["max_queue_delay_us"]/1000)')
c_ms=$(echo "$compute" | awk '{print $2}')
off_rps=$(col OFF 1); on_rps=$(col ON 1); on_p99=$(col ON 3)
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), 1 row per request,"
echo "batching on = max batch $MAX_BATCH, delay $DELAY${PREFERRED:+, preferred $PREFERRED}${CONCURRENCY:+, max concurrency $CONCURRENCY}"
echo
echo "| batching | req/s | p50 ms | p99 ms | errors | vs off |"
echo "|---|---|---|---|---|---|"
printf '| off | %.0f | %s | %s | %s | 1.00 |\n' "$off_rps" "$(col OFF 2)" "$(col OFF 3)" "$(errs OFF)"
printf '| on | %.0f | %s | %s | %s | %.2f |\n' "$on_rps" "$(col ON 2)" "$on_p99" "$(errs ON)" "$(echo "$on_rps $off_rps" | awk '{print $1/$2}')"
echo
echo "32-row request alone (c1, batching off): p50 $c_ms ms, $(echo "$compute" | awk '{print $1}') req/s"
echo "p99 bar: delay $delay_ms ms + 2 x $c_ms ms = $(echo "$delay_ms $c_ms" | awk '{printf "%.3f", $1 + 2*$2}') ms; measured p99 on $on_p99 ms"

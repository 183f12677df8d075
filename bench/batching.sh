#!/usr/bin/env bash
# Dynamic batching benchmark (issue 4, benchmark 3): a compute-heavy MLP behind an endpoint, 32 concurrent single-row
# clients, batching off vs on, interleaved rounds on one server. The default model is 30x4096x4096x2 (64 MiB of
# weights in its middle layer), written by the seeded generator bench/models/make_mlp.py and checked against its
# digest: its weights do not fit in this machine's 32 MiB L3 cache, as a model worth batching does not. The checked-in
# 30x2048x2048x2 model's 16 MiB do fit, so unbatched it runs at the speed of a cache shared with other tenants, which
# moved its unbatched throughput between 2.9k and 5.7k req/s from one day to the next (bench/README.md).
#
#   bench/batching.sh                                   # 10 s per run after a 5 s warm-up, 3 rounds
#   MAX_BATCH=32 DELAY=2ms PREFERRED= ROUNDS=5 bench/batching.sh
#   CONCURRENCY=1 INTRA=2 bench/batching.sh           # on = one batch at a time, ONNX Runtime on 2 threads
#   HIDDEN=2048 bench/batching.sh                     # the checked-in 30x2048x2048x2 model
#
# Also measures one batch's compute time as the p50 of a MAX_BATCH-row request at one connection with batching off
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
INTRA="${INTRA:-}"
HIDDEN="${HIDDEN:-4096}"
PORT=18185

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK/data"
echo "Publishing (Release)..." >&2
dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
# Overload shedding off: wrk does not honour Retry-After, and with a heavy model unbatched the default shedding would
# answer part of the load with quick 503s, which wrk counts as requests. This measures throughput, not shedding.
Modelplane__Serving__ShedQueueDelay=00:00:00 "$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/modelplane.log" 2>&1 & PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.1; done
# Every route but health needs a token: the first start wrote the admin token to the data directory.
TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")

MODEL="$ROOT/bench/models/mlp-30x${HIDDEN}x${HIDDEN}x2.onnx"
if [ ! -f "$MODEL" ]; then  # only the 2048 model is checked in; others are written by the seeded generator
  MODEL="$WORK/mlp-30x${HIDDEN}x${HIDDEN}x2.onnx"
  /usr/bin/python3 "$ROOT/bench/models/make_mlp.py" "$MODEL" --hidden "$HIDDEN" \
    || { echo "make_mlp.py needs Debian's python3-onnx: apt-get install -y python3-onnx" >&2; exit 1; }
fi
# Digests of the generator's output with Debian 12's python3-onnx and python3-numpy (the 2048 one is the checked-in file).
declare -A DIGEST=(
  [2048]=b8335e0a19f5c2c33e92ade395221f011b0646282d78db66122aa6ad81ac1fd1
  [4096]=e69314e0ed20b6bc560a837ab7e922b8ea8469e80f5615620dbf40d0fcc27c61
)
if [ -n "${DIGEST[$HIDDEN]:-}" ] && [ "$(sha256sum "$MODEL" | cut -d' ' -f1)" != "${DIGEST[$HIDDEN]}" ]; then
  echo "warning: $(basename "$MODEL") differs from the model these results were recorded with (other numpy/onnx?)" >&2
fi

MP=("$WORK/modelplane/modelplane")
export MODELPLANE_SERVER="http://127.0.0.1:$PORT"
"${MP[@]}" models push mlp "$MODEL" >/dev/null
"${MP[@]}" endpoints create mlp --model mlp@1 >/dev/null
ONE="$ROOT/bench/bodies/mlp-1row.json"
MANY="$ROOT/bench/bodies/mlp-32rows.json"
if [ "$MAX_BATCH" != 32 ]; then  # one batch's compute time is that of a MAX_BATCH-row request: cycle the 32 rows
  MANY="$WORK/mlp-${MAX_BATCH}rows.json"
  /usr/bin/python3 - "$ROOT/bench/bodies/mlp-32rows.json" "$MAX_BATCH" >"$MANY" <<'PY'
import json, sys
body = json.load(open(sys.argv[1])); n = int(sys.argv[2]); t = body["inputs"][0]
rows = [t["data"][i * 30:(i + 1) * 30] for i in range(32)]
t["shape"] = [n, 30]; t["data"] = [v for i in range(n) for v in rows[i % 32]]
print(json.dumps(body, separators=(",", ":")))
PY
fi
curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' --data-binary @"$ONE" "http://127.0.0.1:$PORT/v2/models/mlp/infer" | grep -q '"probabilities"' \
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
    [ -n "$INTRA" ] && extra+=(--intra-op-threads "$INTRA")
    extra+=(--max-batch-size "$MAX_BATCH" --max-queue-delay "$DELAY")
    [ -n "$PREFERRED" ] && extra+=(--preferred-batch-sizes "$PREFERRED")
  fi
  "${MP[@]}" models execution mlp@1 "${extra[@]}" >/dev/null
}

batching off
run "$MANY" 1 "$WARMUP" >/dev/null
compute=$(run "$MANY" 1 "$DURATION")
echo "$MAX_BATCH-row request at c1, batching off: $compute" >&2

# The server's own latency histogram (routing to response: queue wait, batch compute, encoding; no wrk, no socket):
# requests of the endpoint so far, and how many took at most 5 ms and 10 ms (bucket bounds).
server_latency() {
  curl -s "${AUTH[@]}" "http://127.0.0.1:$PORT/metrics" | awk '
    /^modelplane_inference_request_duration_seconds_bucket/ && /endpoint="mlp"/ {
      if ($0 ~ /le="0.005"/) f += $NF; if ($0 ~ /le="0.01"/) t += $NF; if ($0 ~ /le="\+Inf"/) n += $NF }
    END { printf "%d %d %d\n", n, f, t }'
}

declare -a OFF ON SERVER_ON
for r in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    batching $mode
    run "$ONE" "$CONNS" "$WARMUP" >/dev/null
    before=$(server_latency)
    line=$(run "$ONE" "$CONNS" "$DURATION")
    server=$(echo "$before $(server_latency)" | awk '{n = $4 - $1; printf "%.4f %.4f", ($5 - $2) / n, ($6 - $3) / n}')
    echo "round $r batching $mode: $line; server-side share <= 5 ms, <= 10 ms: $server" >&2
    if [ $mode = off ]; then OFF+=("$line"); else ON+=("$line"); SERVER_ON+=("$server"); fi
  done
done

# shellcheck source=bench/stats.sh
source "$ROOT/bench/stats.sh"
delay_ms=$("${MP[@]}" models execution mlp@1 --json | /usr/bin/env python3 -c 'import json,sys; print(json.load(sys.stdin)["effective"]["batching"]["max_queue_delay_us"]/1000)')
c_ms=$(echo "$compute" | awk '{print $2}')
off_rps=$(col OFF 1); on_rps=$(col ON 1); on_p99=$(col ON 3)
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), 1 row per request,"
echo "model $(basename "$MODEL"), batching on = max batch $MAX_BATCH, delay $DELAY${PREFERRED:+, preferred $PREFERRED}${CONCURRENCY:+, max concurrency $CONCURRENCY}${INTRA:+, intra-op threads $INTRA}"
echo
echo "| batching | req/s | p50 ms | p99 ms | errors | vs off |"
echo "|---|---|---|---|---|---|"
printf '| off | %.0f | %s | %s | %s | 1.00 |\n' "$off_rps" "$(col OFF 2)" "$(col OFF 3)" "$(errs OFF)"
printf '| on | %.0f | %s | %s | %s | %.2f |\n' "$on_rps" "$(col ON 2)" "$on_p99" "$(errs ON)" "$(echo "$on_rps $off_rps" | awk '{print $1/$2}')"
echo
echo "$MAX_BATCH-row request alone (c1, batching off): p50 $c_ms ms, $(echo "$compute" | awk '{print $1}') req/s"
echo "p99 bar: delay $delay_ms ms + 2 x $c_ms ms = $(echo "$delay_ms $c_ms" | awk '{printf "%.3f", $1 + 2*$2}') ms; measured p99 on $on_p99 ms (at the client)"
echo "server-side share of batching-on requests within 5 ms / 10 ms, per round: ${SERVER_ON[*]}"

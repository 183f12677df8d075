#!/usr/bin/env bash
# Telemetry on the hot path (issue 7): two Modelplane servers from one build, loaded with wrk in turn in the same run.
#   "off":  metrics and traces switched off (Modelplane:Telemetry:Metrics=false), endpoint "plain" (no logging);
#   "on":   metrics, traces (recorded at the default 10% sample, no exporter) and endpoints "log1" (1% of requests
#           in the inference log) and "log100" (every request logged), all on the breast-cancer demo model.
# Afterwards the records written and dropped are read from the "on" server's /metrics.
#
#   bench/logging.sh                      # 10 s per endpoint after 5 s warm-up, 3 interleaved rounds
#
# Bars: log1 >= 0.95 of plain; log100 >= 0.80 of plain with 0 records dropped. Only 127.0.0.1 is
# targeted; every wrk run is bounded by -d; the servers are stopped by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench-logging}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
MP_PORT=18186

# shellcheck source=bench/serve.sh
source "$ROOT/bench/serve.sh"
Modelplane__Telemetry__Tracing=${TRACING:-true} start_modelplane
OFF_PORT=$((MP_PORT + 1))
mkdir -p "$WORK/data-off"
Modelplane__Telemetry__Metrics=false "$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$OFF_PORT" --grpc-url "" \
  --data-dir "$WORK/data-off" >"$WORK/modelplane-off.log" 2>&1 & OFF_PID=$!
trap 'kill "$PID" "$OFF_PID" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$OFF_PORT/v2/health/ready" && break; sleep 0.1; done
off() { MODELPLANE_SERVER="http://127.0.0.1:$OFF_PORT" MODELPLANE_TOKEN="$(cat "$WORK/data-off/admin-token")" "${MP[@]}" "$@"; }
off models push breast-cancer "$ROOT/samples/models/breast-cancer.onnx" >/dev/null
off endpoints create plain --model breast-cancer@1 >/dev/null
"${MP[@]}" models push breast-cancer "$ROOT/samples/models/breast-cancer.onnx" >/dev/null
for e in log1 log100; do "${MP[@]}" endpoints create "$e" --model breast-cancer@1 >/dev/null; done
"${MP[@]}" endpoints logging log1 --sample 1% --retention 1d >/dev/null
"${MP[@]}" endpoints logging log100 --sample 100% --retention 1d >/dev/null
BODY="$ROOT/bench/bodies/breast-cancer-1row.json"

metric() { curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$MP_PORT/metrics" | awk -v m="$1" '$1 ~ "^"m"[{ ]" {s+=$2} END {print s+0}'; }
# Waits until the writer has drained what the previous endpoint queued, so one endpoint's logging is not billed to the next.
drain() { local a b; a=$(metric modelplane_inference_log_written_total); while sleep 0.5; b=$(metric modelplane_inference_log_written_total); [ "$a" != "$b" ]; do a=$b; done; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system CPU of a process, in clock ticks
run() {  # endpoint seconds -> "rps p50 p99 non2xx socket_errors requests server_cpu_us_per_request"
  [ "$2" = "$WARMUP" ] && drain
  local port=$MP_PORT token=$TOKEN pid=$PID before line
  if [ "$1" = plain ]; then port=$OFF_PORT; token=$(cat "$WORK/data-off/admin-token"); pid=$OFF_PID; fi
  before=$(ticks "$pid")
  line=$(TOKEN="$token" BODY="$BODY" URL_PATH="/v2/models/$1/infer" \
    timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" -s "$ROOT/bench/lua/post.lua" "http://127.0.0.1:$port" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')
  # The server's CPU per request, the log writer's included (it keeps writing a moment after wrk stops: close enough).
  echo "$line $(ticks "$pid")" | awk -v b="$before" -v hz="$(getconf CLK_TCK)" '{printf "%s %s %s %s %s %s %.1f\n", $1, $2, $3, $4, $5, $6, ($7 - b) / hz * 1e6 / ($6 > 0 ? $6 : 1)}'
}

source "$ROOT/bench/stats.sh"
declare -a PLAIN LOG1 LOG100
alternate plain PLAIN log1 LOG1 log100 LOG100
sleep 3  # let the writer drain its queue before counting

p_rps=$(col PLAIN 1); a_rps=$(col LOG1 1); b_rps=$(col LOG100 1)
served100=$(for l in "${LOG100[@]}"; do echo "$l"; done | awk '{s+=$6} END {print s+0}')
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), 1 row per request"
echo
# The machine's speed drifts between rounds (a shared VM): the ratio of each round's pair is steadier than the
# ratio of medians, so both are reported.
paired() { local -n a=$1; local i; for i in "${!a[@]}"; do echo "${a[$i]} ${PLAIN[$i]}" | awk '{print $1/$8}'; done | median; }
echo "| telemetry | req/s | p50 ms | p99 ms | errors | server CPU µs/request | vs off (medians) | vs off (median of rounds) |"
echo "|---|---|---|---|---|---|---|---|"
printf '| telemetry off | %.0f | %s | %s | %s | %s | 1.00 | 1.00 |\n' "$p_rps" "$(col PLAIN 2)" "$(col PLAIN 3)" "$(errs PLAIN)" "$(col PLAIN 7)"
printf '| metrics + traces + 1%% logged | %.0f | %s | %s | %s | %s | %.2f | %.2f |\n' "$a_rps" "$(col LOG1 2)" "$(col LOG1 3)" "$(errs LOG1)" "$(col LOG1 7)" "$(echo "$a_rps $p_rps" | awk '{print $1/$2}')" "$(paired LOG1)"
printf '| metrics + traces + 100%% logged | %.0f | %s | %s | %s | %s | %.2f | %.2f |\n' "$b_rps" "$(col LOG100 2)" "$(col LOG100 3)" "$(errs LOG100)" "$(col LOG100 7)" "$(echo "$b_rps $p_rps" | awk '{print $1/$2}')" "$(paired LOG100)"
echo
echo "records written (all endpoints, warm-ups included): $(metric modelplane_inference_log_written_total); dropped: $(metric modelplane_inference_log_dropped_total); measured requests on log100: $served100"

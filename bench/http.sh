#!/usr/bin/env bash
# HTTP load benchmark: (a) a bare Kestrel endpoint answering a canned OIP prediction and (b) Modelplane's
# OIP infer on the breast-cancer demo model, one row per request, loaded with wrk in the same run.
#
#   bench/http.sh                         # 10 s per target after 5 s warm-up, 3 interleaved rounds
#   DURATION=20 ROUNDS=5 CONNS=64 bench/http.sh
#   WORKSPACE=team-a bench/http.sh        # serve and load from a workspace other than default
#
# Prints a markdown table (medians over rounds) and the ratio (b)/(a). Only 127.0.0.1 is targeted;
# every wrk run is bounded by -d; both servers are stopped by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
CEILING_PORT=18183
MP_PORT=18184

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK/data"
echo "Publishing (Release)..." >&2
dotnet publish "$ROOT/bench/Modelplane.Bench.Ceiling" -c Release -o "$WORK/ceiling" --nologo -v q >/dev/null
dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_ready() { for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$1/v2/health/ready" && return 0; sleep 0.1; done; echo "server on $1 not ready" >&2; return 1; }

"$WORK/ceiling/Modelplane.Bench.Ceiling" --urls "http://127.0.0.1:$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 & PIDS+=($!)
"$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$MP_PORT" --data-dir "$WORK/data" >"$WORK/modelplane.log" 2>&1 & PIDS+=($!)
wait_ready $CEILING_PORT; wait_ready $MP_PORT
# Every route but health needs a token: the first start wrote the admin token to the data directory.
TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")

MP=("$WORK/modelplane/modelplane")
export MODELPLANE_SERVER="http://127.0.0.1:$MP_PORT"
if [ -n "${WORKSPACE:-}" ]; then
  # A workspace of its own: its requests take the per-workspace service path; the token is its first admin's.
  TOKEN=$("${MP[@]}" workspaces create "$WORKSPACE" --json | sed -n 's/.*"secret": *"\([^"]*\)".*/\1/p')
  [ -n "$TOKEN" ] || { echo "could not create workspace $WORKSPACE" >&2; exit 1; }
  export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")
fi
"${MP[@]}" models push breast-cancer "$ROOT/samples/models/breast-cancer.onnx" >/dev/null
"${MP[@]}" endpoints create breast-cancer --model breast-cancer@1 >/dev/null
BODY="$ROOT/bench/bodies/breast-cancer-1row.json"

# Check the answer before loading: Modelplane must return the model's real prediction.
curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' --data-binary @"$BODY" \
  "http://127.0.0.1:$MP_PORT/v2/models/breast-cancer/infer" | grep -q '"Probability.output"' \
  || { echo "Modelplane did not answer a valid prediction" >&2; exit 1; }
# shellcheck source=bench/stats.sh
source "$ROOT/bench/stats.sh"

run() {  # ceiling|modelplane seconds -> "rps p50 p99 non2xx socket_errors requests"
  local port=$CEILING_PORT; [ "$1" = modelplane ] && port=$MP_PORT
  BODY="$BODY" URL_PATH=/v2/models/breast-cancer/infer \
    timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" -s "$ROOT/bench/lua/post.lua" "http://127.0.0.1:$port" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

declare -a CEIL MPL
alternate ceiling CEIL modelplane MPL

c_rps=$(col CEIL 1); m_rps=$(col MPL 1)
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), 1 row per request"
echo
echo "| target | req/s | p50 ms | p99 ms | errors | vs (a) |"
echo "|---|---|---|---|---|---|"
printf '| (a) bare Kestrel, canned prediction | %.0f | %s | %s | %s | 1.00 |\n' "$c_rps" "$(col CEIL 2)" "$(col CEIL 3)" "$(errs CEIL)"
printf '| (b) Modelplane OIP infer, breast-cancer | %.0f | %s | %s | %s | %.2f |\n' "$m_rps" "$(col MPL 2)" "$(col MPL 3)" "$(errs MPL)" "$(echo "$m_rps $c_rps" | awk '{print $1/$2}')"

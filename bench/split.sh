#!/usr/bin/env bash
# Traffic policies on the hot path (issue 6): one Modelplane server, three endpoints on the breast-cancer demo model,
# "plain" (one version), "split" (versions 1 and 2 at 90/10) and "shadowed" (the same split, and 10% of requests
# copied to version 3 after the caller is answered), loaded with wrk in turn in the same run.
#
#   bench/split.sh                        # 10 s per endpoint after 5 s warm-up, 3 interleaved rounds
#
# Prints a markdown table (medians over rounds) with each endpoint's req/s against plain. Bar: split and shadowed
# >= 0.90 of plain (the shadow's work is off the caller's path, but shares the machine's cores). Only 127.0.0.1 is
# targeted; every wrk run is bounded by -d; the server is stopped by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench-split}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
MP_PORT=18185

# shellcheck source=bench/serve.sh
source "$ROOT/bench/serve.sh"
start_modelplane
for _ in 1 2 3; do "${MP[@]}" models push breast-cancer "$ROOT/samples/models/breast-cancer.onnx" >/dev/null; done
"${MP[@]}" endpoints create plain --model breast-cancer@1 >/dev/null
"${MP[@]}" endpoints create split --model breast-cancer@1 >/dev/null
"${MP[@]}" endpoints traffic split breast-cancer@1=90 breast-cancer@2=10 >/dev/null
"${MP[@]}" endpoints create shadowed --model breast-cancer@1 >/dev/null
"${MP[@]}" endpoints traffic shadowed breast-cancer@1=90 breast-cancer@2=10 --shadow breast-cancer@3:10% >/dev/null
BODY="$ROOT/bench/bodies/breast-cancer-1row.json"

run() {  # endpoint seconds -> "rps p50 p99 non2xx socket_errors requests"
  BODY="$BODY" URL_PATH="/v2/models/$1/infer" \
    timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" -s "$ROOT/bench/lua/post.lua" "http://127.0.0.1:$MP_PORT" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

# shellcheck source=bench/stats.sh
source "$ROOT/bench/stats.sh"
declare -a PLAIN SPLIT SHADOWED
alternate plain PLAIN split SPLIT shadowed SHADOWED

p_rps=$(col PLAIN 1); s_rps=$(col SPLIT 1); m_rps=$(col SHADOWED 1)
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), 1 row per request"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | errors | vs plain |"
echo "|---|---|---|---|---|---|"
printf '| plain (breast-cancer@1) | %.0f | %s | %s | %s | 1.00 |\n' "$p_rps" "$(col PLAIN 2)" "$(col PLAIN 3)" "$(errs PLAIN)"
printf '| split (@1=90, @2=10) | %.0f | %s | %s | %s | %.2f |\n' "$s_rps" "$(col SPLIT 2)" "$(col SPLIT 3)" "$(errs SPLIT)" "$(echo "$s_rps $p_rps" | awk '{print $1/$2}')"
printf '| split + shadow @3 10%% | %.0f | %s | %s | %s | %.2f |\n' "$m_rps" "$(col SHADOWED 2)" "$(col SHADOWED 3)" "$(errs SHADOWED)" "$(echo "$m_rps $p_rps" | awk '{print $1/$2}')"
echo
"${MP[@]}" endpoints show shadowed | grep -E "Shadow" >&2 || true

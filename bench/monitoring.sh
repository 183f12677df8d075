#!/usr/bin/env bash
# Drift monitoring on the hot path (issue 8): one Modelplane server, the breast-cancer demo model profiled on its
# training rows, served on two endpoints loaded with wrk in turn in the same run:
#   "plain":   monitoring disabled (`modelplane monitoring set plain --disable`);
#   "watched": every answered row counted into live windows of $WINDOW rows (default 1,000) (30 features, 3 outputs, confidence),
#              each closed window compared with the reference and stored in the background.
#
#   bench/monitoring.sh                   # 10 s per endpoint after 5 s warm-up, 3 interleaved rounds
#   ROWS=32 bench/monitoring.sh           # 32 rows per request instead of 1
#   WINDOW=100000000 bench/monitoring.sh  # no window closes during the run: the request path alone
#
# Bar: watched >= 0.95 of plain. Only 127.0.0.1 is targeted; every wrk run is bounded by -d; the server is stopped
# by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench-monitoring}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
ROWS="${ROWS:-1}"
WINDOW="${WINDOW:-1000}"   # rows per live window on "watched"
MP_PORT=18190

# shellcheck source=bench/serve.sh
source "$ROOT/bench/serve.sh"
start_modelplane

# The training rows (every data row but every 5th) under the model's feature names, with the label last; and a body
# of $ROWS held-out rows.
/usr/bin/python3 - "$ROOT" "$WORK" "$ROWS" <<'PY'
import json, sys
root, work, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = json.load(open(f"{root}/samples/models/breast-cancer.samples.json"))["featureNames"]
lines = open(f"{root}/samples/data/breast_cancer.csv").read().split("\n")[1:]
data = [l for l in lines if l.strip()]
with open(f"{work}/train.csv", "w") as f:
    f.write(",".join(names + ["diagnosis"]) + "\n")
    f.writelines(l + "\n" for i, l in enumerate(data) if i % 5 != 0)
held = [l.split(",")[:30] for i, l in enumerate(data) if i % 5 == 0]
values = [v for r in (held * 10)[:rows] for v in r]
json.dump({"inputs": [{"name": "Features", "shape": [rows, 30], "datatype": "FP32", "data": [float(v) for v in values]}]}, open(f"{work}/body.json", "w"))
PY
"${MP[@]}" models push breast-cancer "$ROOT/samples/models/breast-cancer.onnx" >/dev/null
"${MP[@]}" models profile breast-cancer@1 --data "$WORK/train.csv" --label diagnosis >/dev/null
for e in plain watched; do "${MP[@]}" endpoints create "$e" --model breast-cancer@1 >/dev/null; done
"${MP[@]}" monitoring set plain --disable >/dev/null
"${MP[@]}" monitoring set watched --window-rows "$WINDOW" --no-window-duration >/dev/null
sleep 1  # setting monitoring reconciles at once; give the first window a moment to open
BODY="$WORK/body.json"

run() {  # endpoint seconds -> "rps p50 p99 non2xx socket_errors requests"
  TOKEN="$TOKEN" BODY="$BODY" URL_PATH="/v2/models/$1/infer" \
    timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" -s "$ROOT/bench/lua/post.lua" "http://127.0.0.1:$MP_PORT" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

# shellcheck source=bench/stats.sh
source "$ROOT/bench/stats.sh"
declare -a PLAIN WATCHED
alternate plain PLAIN watched WATCHED

p_rps=$(col PLAIN 1); w_rps=$(col WATCHED 1)
windows=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$MP_PORT/api/v1/endpoints/watched/drift?limit=1000" \
  | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(v["windows"]) for v in d["versions"]))')
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), $ROWS row(s) per request"
echo
paired() { local -n a=$1; local i; for i in "${!a[@]}"; do echo "${a[$i]} ${PLAIN[$i]}" | awk '{print $1/$7}'; done | median; }
echo "| endpoint | req/s | p50 ms | p99 ms | errors | vs plain (medians) | vs plain (median of rounds) |"
echo "|---|---|---|---|---|---|---|"
printf '| plain (not monitored) | %.0f | %s | %s | %s | 1.00 | 1.00 |\n' "$p_rps" "$(col PLAIN 2)" "$(col PLAIN 3)" "$(errs PLAIN)"
printf '| watched (monitored) | %.0f | %s | %s | %s | %.2f | %.2f |\n' "$w_rps" "$(col WATCHED 2)" "$(col WATCHED 3)" "$(errs WATCHED)" "$(echo "$w_rps $p_rps" | awk '{print $1/$2}')" "$(paired WATCHED)"
echo
echo "windows closed and stored on watched: $windows"

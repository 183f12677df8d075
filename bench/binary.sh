#!/usr/bin/env bash
# Benchmark 2, second half (issue 4): OIP JSON vs the binary tensor data extension at ROWS rows per request on the
# breast-cancer demo model (30 FP32 features), same server, same rows, loaded with wrk in interleaved rounds.
#
#   bench/binary.sh                        # 64 rows, 10 s per target after 5 s warm-up, 3 rounds
#   ROWS=256 DURATION=20 bench/binary.sh
#
# The binary request sends the input as raw little-endian FP32 after its JSON header and asks for every output as
# binary (binary_data_output); the JSON request is the same rows as an OIP JSON body. Prints a markdown table of
# medians and the rows/s ratio. Only 127.0.0.1 is targeted; the server is stopped by PID on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-bench-binary}"
ROWS="${ROWS:-64}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
PORT=18185

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK/data"
echo "Publishing (Release)..." >&2
dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
"$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/modelplane.log" 2>&1 & PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.1; done
# Every route but health needs a token: the first start wrote the admin token to the data directory.
TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")
MODELPLANE_SERVER="http://127.0.0.1:$PORT" "$WORK/modelplane/modelplane" models push breast-cancer "$ROOT/samples/models/breast-cancer.onnx" >/dev/null

# Both bodies carry the same ROWS held-out rows (cycled); the header length goes to wrk.
HEADER_LENGTH=$(python3 - "$ROOT/samples/models/breast-cancer.samples.json" "$ROWS" "$WORK" <<'PY'
import json, struct, sys
rows = json.load(open(sys.argv[1]))["rows"]
n, work = int(sys.argv[2]), sys.argv[3]
values = [v for i in range(n) for v in rows[i % len(rows)]["features"]]
body = {"inputs": [{"name": "Features", "shape": [n, 30], "datatype": "FP32", "data": values}]}
open(f"{work}/rows.json", "w").write(json.dumps(body, separators=(",", ":")))
head = json.dumps({"inputs": [{"name": "Features", "shape": [n, 30], "datatype": "FP32",
                               "parameters": {"binary_data_size": 4 * len(values)}}],
                   "parameters": {"binary_data_output": True}}, separators=(",", ":")).encode()
open(f"{work}/rows.bin", "wb").write(head + struct.pack(f"<{len(values)}f", *values))
print(len(head))
PY
)
URL="http://127.0.0.1:$PORT/v2/models/breast-cancer/infer"

# Check both answers before loading: the same probabilities, from JSON and from the binary tail.
python3 - "$URL" "$WORK" "$HEADER_LENGTH" <<'PY'
import json, os, struct, sys, urllib.request
url, work, hl = sys.argv[1], sys.argv[2], sys.argv[3]
auth = {"Authorization": f"Bearer {os.environ['TOKEN']}"}
j = json.load(urllib.request.urlopen(urllib.request.Request(url, open(f"{work}/rows.json", "rb").read(), {"Content-Type": "application/json", **auth})))
r = urllib.request.urlopen(urllib.request.Request(url, open(f"{work}/rows.bin", "rb").read(),
    {"Content-Type": "application/octet-stream", "Inference-Header-Content-Length": hl, **auth}))
raw = r.read(); n = int(r.headers["Inference-Header-Content-Length"]); head = json.loads(raw[:n]); tail = raw[n:]
offset, probs = 0, None
for o in head["outputs"]:
    size = o["parameters"]["binary_data_size"]
    if o["name"] == "Probability.output":
        probs = struct.unpack(f"<{size // 4}f", tail[offset:offset + size])
    offset += size
expected = next(o for o in j["outputs"] if o["name"] == "Probability.output")["data"]
assert probs is not None and len(probs) == len(expected) and all(abs(a - b) < 1e-6 for a, b in zip(probs, expected)), "binary and JSON disagree"
PY

run() {  # mode seconds -> "rps p50 p99 non2xx socket_errors requests"
  local script=post.lua body="$WORK/rows.json"
  [ "$1" = binary ] && script=binary.lua body="$WORK/rows.bin"
  BODY="$body" HEADER_LENGTH="$HEADER_LENGTH" URL_PATH=/v2/models/breast-cancer/infer \
    timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" -s "$ROOT/bench/lua/$script" "http://127.0.0.1:$PORT" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

# shellcheck source=bench/stats.sh
source "$ROOT/bench/stats.sh"
declare -a JS BIN
alternate json JS binary BIN

j_rps=$(col JS 1); b_rps=$(col BIN 1)
echo
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t$THREADS -c$CONNS, ${DURATION}s x $ROUNDS rounds (medians), $ROWS rows per request"
echo
echo "| body | bytes | req/s | rows/s | p50 ms | p99 ms | errors | rows/s vs JSON |"
echo "|---|---|---|---|---|---|---|---|"
printf '| OIP JSON | %s | %.0f | %.0f | %s | %s | %s | 1.00 |\n' "$(stat -c %s "$WORK/rows.json")" "$j_rps" "$(echo "$j_rps $ROWS" | awk '{print $1*$2}')" "$(col JS 2)" "$(col JS 3)" "$(errs JS)"
printf '| OIP binary (input and outputs) | %s | %.0f | %.0f | %s | %s | %s | %.2f |\n' "$(stat -c %s "$WORK/rows.bin")" "$b_rps" "$(echo "$b_rps $ROWS" | awk '{print $1*$2}')" "$(col BIN 2)" "$(col BIN 3)" "$(errs BIN)" "$(echo "$b_rps $j_rps" | awk '{print $1/$2}')"

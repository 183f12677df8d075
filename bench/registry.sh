#!/usr/bin/env bash
# Registry read benchmark: seeds a data dir with VERSIONS versions over MODELS models (one shared ONNX blob,
# written through the store) and RUNS MLflow runs over EXPERIMENTS experiments (through the tracking store),
# starts the published `modelplane server` on it and measures, with wrk over loopback, p50/p99 of: search by
# tag, search by metric (pages of 100, with the total count), get a version by number, get a version by alias,
# and MLflow runs/search with a metric filter (pages of 100).
#
#   bench/registry.sh                                  # 100,000 versions over 1,000 models, 100,000 runs; 10 s per case
#   VERSIONS=20000 MODELS=200 RUNS=20000 DURATION=5 CONNS=4 bench/registry.sh
#   REUSE=1 bench/registry.sh                          # keep the data dir seeded by the previous run
#   REUSE=1 PUBLISH=0 CONNS=1 THREADS=1 bench/registry.sh  # ...and its published binaries
#
# Seeding writes to SEED_DIR (default /dev/shm when it exists, where fsync is free) and the finished database is
# copied to BENCH_WORK; the file is the same as one written on disk, only faster to produce.
# Prints a markdown table. Only 127.0.0.1 is targeted; wrk runs are bounded by -d; the server is stopped by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/modelplane-registry-bench}"
VERSIONS="${VERSIONS:-100000}"
MODELS="${MODELS:-1000}"
RUNS="${RUNS:-100000}"
EXPERIMENTS="${EXPERIMENTS:-10}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-8}"
PORT=18185

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [ "${REUSE:-0}" = 1 ] && [ -f "$WORK/seeded.txt" ]; then
  read -r _ SEEDED MODELS SEED_SECONDS SEED_RATE <"$WORK/seeded.txt"
  read -r _ RUNS EXPERIMENTS RUN_SECONDS RUN_RATE < <(grep '^SEEDED_RUNS' "$WORK/seeded.txt" || echo "SEEDED_RUNS 0 0 0 0")
  VERSIONS=$SEEDED
else
  rm -rf "$WORK"; mkdir -p "$WORK/data"
fi
if [ "${PUBLISH:-1}" = 1 ] || [ ! -x "$WORK/modelplane/modelplane" ]; then  # PUBLISH=0 reuses the binaries of the last run
  echo "Publishing (Release)..." >&2
  dotnet publish "$ROOT/bench/Modelplane.Bench.Seed" -c Release -o "$WORK/seed" --nologo -v q >/dev/null
  dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null
fi

if [ ! -f "$WORK/seeded.txt" ]; then
  SEED_DIR="${SEED_DIR:-$([ -d /dev/shm ] && echo /dev/shm/modelplane-registry-seed || echo "$WORK/seeding")}"
  rm -rf "$SEED_DIR"; mkdir -p "$SEED_DIR"
  echo "Seeding $VERSIONS versions over $MODELS models and $RUNS runs over $EXPERIMENTS experiments in $SEED_DIR..." >&2
  "$WORK/seed/Modelplane.Bench.Seed" "$SEED_DIR" "$VERSIONS" "$MODELS" "$RUNS" "$EXPERIMENTS" | grep '^SEEDED' >"$WORK/seeded.tmp"
  rm -rf "$WORK/data"; cp -r "$SEED_DIR" "$WORK/data"; rm -rf "$SEED_DIR"
  mv "$WORK/seeded.tmp" "$WORK/seeded.txt"
  read -r _ SEEDED _ SEED_SECONDS SEED_RATE <"$WORK/seeded.txt"
  read -r _ RUNS EXPERIMENTS RUN_SECONDS RUN_RATE < <(grep '^SEEDED_RUNS' "$WORK/seeded.txt" || echo "SEEDED_RUNS 0 0 0 0")
fi

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
"$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 & PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.1; done
# Every route but health needs a token: the first start wrote the admin token to the data directory.
TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"; AUTH=(-H "Authorization: Bearer $TOKEN")

# Request lists: varied tags, thresholds, models and versions so no single row stays hot.
PER_MODEL=$(( (VERSIONS + MODELS - 1) / MODELS ))
: >"$WORK/tag.txt"; : >"$WORK/metric.txt"; : >"$WORK/get.txt"; : >"$WORK/alias.txt"; : >"$WORK/runs.txt"
for team in risk growth fraud ops search ads pricing support; do
  echo "/api/v1/versions?filter=tags.team%20%3D%20%27$team%27&max_results=100" >>"$WORK/tag.txt"
done
for t in 90 91 92 93 94 95 96 97 98 99; do
  echo "/api/v1/versions?filter=metrics.auc%20%3E%200.$t&max_results=100" >>"$WORK/metric.txt"
done
for i in $(seq 0 999); do
  m=$(( (i * 7919) % MODELS )); v=$(( (i * 104729) % PER_MODEL + 1 ))
  printf '/api/v1/models/model-%04d/versions/%d\n' "$m" "$v" >>"$WORK/get.txt"
  printf '/api/v1/models/model-%04d/versions/champion\n' "$m" >>"$WORK/alias.txt"
done

# MLflow runs/search over every seeded experiment, metric thresholds as for versions (~2,000-20,000 matches).
EXPERIMENT_IDS=$(curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"max_results":1000,"filter":"name LIKE '"'"'bench-exp-%'"'"'"}' \
  "http://127.0.0.1:$PORT/api/2.0/mlflow/experiments/search" | grep -o '"experiment_id":"[0-9]*"' | cut -d'"' -f4 | sed 's/.*/"&"/' | paste -sd, -)
for t in 90 91 92 93 94 95 96 97 98 99; do
  echo "{\"experiment_ids\":[$EXPERIMENT_IDS],\"filter\":\"metrics.auc > 0.$t\",\"max_results\":100}" >>"$WORK/runs.txt"
done

# Sanity: the searches answer real pages with totals before anything is timed.
curl -sf "${AUTH[@]}" "http://127.0.0.1:$PORT$(head -1 "$WORK/tag.txt")" | grep -q '"totalCount":' || { echo "search did not answer" >&2; exit 1; }
curl -sf "${AUTH[@]}" "http://127.0.0.1:$PORT$(head -1 "$WORK/alias.txt")" | grep -q '"champion"' || { echo "alias did not resolve" >&2; exit 1; }
if [ -n "$EXPERIMENT_IDS" ]; then
  curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' -d "$(head -1 "$WORK/runs.txt")" "http://127.0.0.1:$PORT/api/2.0/mlflow/runs/search" \
    | grep -q '"next_page_token"' || { echo "runs/search did not answer a full page" >&2; exit 1; }
fi

run() {  # list-file seconds -> "rps p50 p99 non2xx socket_errors requests"; runs.txt holds POST bodies, the rest GET paths
  if [ "$(basename "$1")" = runs.txt ]; then
    BODIES="$1" URL_PATH=/api/2.0/mlflow/runs/search timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" \
      -s "$ROOT/bench/lua/bodies.lua" "http://127.0.0.1:$PORT"
  else
    PATHS="$1" timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"${2}s" -s "$ROOT/bench/lua/paths.lua" "http://127.0.0.1:$PORT"
  fi | awk '/^RESULT/ { print $2, $3, $4, $5, $6, $7 }'
}

echo
echo "### $(date -u +%Y-%m-%d) — registry reads, $SEEDED versions over $MODELS models, $RUNS runs over $EXPERIMENTS experiments, \`wrk -t$THREADS -c$CONNS\`, ${DURATION} s per case"
echo
echo "Seeded: $SEEDED versions in ${SEED_SECONDS}s (${SEED_RATE}/s), $RUNS runs in ${RUN_SECONDS:-0}s (${RUN_RATE:-0}/s). Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| case | req/s | p50 ms | p99 ms | errors | bar (p99) |"
echo "|---|---|---|---|---|---|"
CASES=("search by tag (page of 100 + total):tag:100" "search by metric (page of 100 + total):metric:100" "get version:get:20" "get by alias:alias:20")
[ -n "$EXPERIMENT_IDS" ] && [ "$RUNS" -gt 0 ] && CASES+=("MLflow runs/search, metric filter (page of 100):runs:100")
for case in "${CASES[@]}"; do
  IFS=: read -r label file bar <<<"$case"
  run "$WORK/$file.txt" "$WARMUP" >/dev/null
  read -r rps p50 p99 non2xx sockerr _ < <(run "$WORK/$file.txt" "$DURATION")
  ok=$(awk -v p="$p99" -v b="$bar" 'BEGIN { print (p <= b) ? "≤ " b " ms ✓" : "≤ " b " ms ✗" }')
  echo "| $label | $rps | $p50 | $p99 | $(( non2xx + sockerr )) | $ok |"
done

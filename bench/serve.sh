# Sourced by the wrk benchmark scripts that need one Modelplane server: `start_modelplane` checks for wrk, publishes a
# Release build into $WORK, starts it on 127.0.0.1:$MP_PORT with a fresh data directory, waits until it is ready,
# exports TOKEN, MODELPLANE_TOKEN and MODELPLANE_SERVER for the CLI, sets MP to the CLI, and stops the server by PID
# when the script exits.
start_modelplane() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
  rm -rf "$WORK"; mkdir -p "$WORK/data"
  echo "Publishing (Release)..." >&2
  dotnet publish "$ROOT/src/Modelplane" -c Release -o "$WORK/modelplane" --nologo -v q >/dev/null
  PID=""
  trap 'if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi; wait 2>/dev/null || true' EXIT
  "$WORK/modelplane/modelplane" server --urls "http://127.0.0.1:$MP_PORT" --grpc-url "" --data-dir "$WORK/data" >"$WORK/modelplane.log" 2>&1 & PID=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$MP_PORT/v2/health/ready" && break; sleep 0.1; done
  TOKEN=$(cat "$WORK/data/admin-token"); export TOKEN MODELPLANE_TOKEN="$TOKEN"
  export MODELPLANE_SERVER="http://127.0.0.1:$MP_PORT"
  MP=("$WORK/modelplane/modelplane")
}

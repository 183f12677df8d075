#!/usr/bin/env bash
# Runs every test of the solution and ends with one plain line: "N passed, N failed[, N skipped]".
# Exits non-zero when a test fails, when nothing ran, or when the build breaks.
set -uo pipefail
cd "$(dirname "$0")"
RESULTS="${RESULTS_DIR:-$PWD/artifacts/TestResults}"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The MLflow npm client that Modelplane.Server.Tests drives; a failed install fails the run.
if [ ! -d tests/mlflow-client/node_modules ]; then
  npm ci --prefix tests/mlflow-client --no-audit --no-fund || { echo "0 passed, 1 failed (npm ci for tests/mlflow-client failed)"; exit 1; }
fi

# Debian's Prometheus, which the scrape and dashboard tests of Modelplane.EndToEnd.Tests start on loopback.
# (Where systemd runs, the package also starts a service on :9090; the tests choose free ports of their own.)
apt_install() {
  local run=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || return 1
    run=(sudo)
  fi
  local apt=("${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
  "${apt[@]}" install -y --no-install-recommends "$@" \
    || { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "$@"; }
}
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  { apt_install prometheus && command -v prometheus >/dev/null && command -v promtool >/dev/null; } \
    || { echo "0 passed, 1 failed (could not install prometheus)"; exit 1; }
fi

# Debian's SciPy and scikit-learn: Modelplane.Serving.Tests runs drift_fixtures.py under /usr/bin/python3 for the
# reference answers its drift and quality statistics must agree with.
if ! /usr/bin/python3 -c "import scipy, sklearn" 2>/dev/null; then
  { apt_install python3-scipy python3-sklearn && /usr/bin/python3 -c "import scipy, sklearn"; } \
    || { echo "0 passed, 1 failed (could not install python3-scipy python3-sklearn)"; exit 1; }
fi

dotnet build Modelplane.slnx --nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed (the build failed)"; exit 1; }
dotnet test Modelplane.slnx --no-build --nologo --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TreatNoTestsAsError=true
status=$?

# dotnet test prints no plain summary line; add one from the TRX files.
read -r passed failed skipped < <(cat "$RESULTS"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' \
  | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
           if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2];
           if (kv[1] == "notExecuted") s += kv[2]; if (kv[1] == "error") f += kv[2] } }
         END { print p + 0, f + 0, s + 0 }')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

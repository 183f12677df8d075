# Sourced by the wrk benchmark scripts: medians over rounds of "rps p50 p99 non2xx socket_errors requests" lines.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# col ROWS N: the median of column N over the lines in array ROWS.
col() { local -n rows=$1; for l in "${rows[@]}"; do echo "$l" | awk -v c="$2" '{print $c}'; done | median; }
# errs ROWS: non-2xx answers plus socket errors, summed over the lines in array ROWS.
errs() { local -n rows=$1; for l in "${rows[@]}"; do echo "$l"; done | awk '{s+=$4+$5} END {print s+0}'; }
# alternate A ROWS_A B ROWS_B [C ROWS_C ...]: $ROUNDS rounds of the script's `run TARGET SECONDS` on each target in
# turn, each measured after a $WARMUP-second warm-up, the measured lines collected into the array named after it.
# Even rounds go through the targets in reverse (A B, B A, A B, ...), so a machine speeding up or slowing down during
# the run does not favour the target that always comes first.
alternate() {
  local r i j target line
  local -a pairs=("$@")
  local n=$(( ${#pairs[@]} / 2 ))
  for r in $(seq 1 "$ROUNDS"); do
    for ((j = 0; j < n; j++)); do
      i=$(( (r % 2 == 1 ? j : n - 1 - j) * 2 ))
      target=${pairs[i]}
      local -n rows=${pairs[i+1]}
      run "$target" "$WARMUP" >/dev/null
      line=$(run "$target" "$DURATION")
      echo "round $r $target: $line" >&2
      rows+=("$line")
      unset -n rows
    done
  done
}

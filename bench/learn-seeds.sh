#!/usr/bin/env bash
# Learning benchmark on several seeds: `sac4j train --env ENV` with the env's preset and the given
# options, seeds 0..4, each into <RUNS>/<TAG>-s<seed>. Passes when at least MIN_PASS seeds reach
# THRESHOLD: CRITERION=final reads the final deterministic evaluation (final_eval.json), best the
# best evaluation row of metrics.csv or the final one ("reaches X within N steps").
# Prints one line per seed and a summary line; exits non-zero when the pass mark is missed.
#   bench/learn-seeds.sh ENV [extra train options...]
#   THRESHOLD=475 CRITERION=best bench/learn-seeds.sh CartPole-v1
#   THRESHOLD=-250 MIN_PASS=3 bench/learn-seeds.sh Pendulum-v1 --algo sac-v1
# Environment: SEEDS ("0 1 2 3 4"), THRESHOLD (required), MIN_PASS (3), CRITERION (final),
# JOBS (1: runs at once), TAG (ENV), RUNS (runs: the folder of the run directories).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/learn-seeds.sh ENV [train options...]" >&2; exit 2; }
ENV_ID="$1"; shift
SEEDS="${SEEDS:-0 1 2 3 4}"
THRESHOLD="${THRESHOLD:?set THRESHOLD, the return a seed must reach}"
MIN_PASS="${MIN_PASS:-3}"
CRITERION="${CRITERION:-final}"
JOBS="${JOBS:-1}"
TAG="${TAG:-$ENV_ID}"
RUNS="${RUNS:-runs}"
case "$CRITERION" in final|best) ;; *) echo "CRITERION must be final or best, got $CRITERION" >&2; exit 2;; esac
./sac4j --version >/dev/null   # builds once, before runs start in parallel

run_seed() {
  ./sac4j train --env "$ENV_ID" --seed "$1" --out "$RUNS/$TAG-s$1" --overwrite --quiet "${@:2}" >"$RUNS/$TAG-s$1.log" 2>&1
}
mkdir -p "$RUNS"
running=0
for s in $SEEDS; do
  run_seed "$s" "$@" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait

pass=0; total=0
for s in $SEEDS; do
  total=$((total + 1))
  d="$RUNS/$TAG-s$s"
  if [ ! -f "$d/final_eval.json" ]; then echo "seed $s: FAILED (see $d.log)"; continue; fi
  final=$(sed -n 's/.*"mean_return": *\([^,]*\),*/\1/p' "$d/final_eval.json")
  wall=$(sed -n 's/.*"wall_s": *\([^,]*\),*/\1/p' "$d/final_eval.json")
  # best evaluation row (column 3 of metrics.csv) and the step it came at, or the final one
  read -r best bestStep < <(tail -n +2 "$d/metrics.csv" | awk -F, -v f="$final" '
      BEGIN { b = f + 0; st = "final" } $3 != "nan" && $3 + 0 > b { b = $3 + 0; st = $1 } END { print b, st }')
  score=$final; [ "$CRITERION" = best ] && score=$best
  ok=$(awk -v m="$score" -v t="$THRESHOLD" 'BEGIN { print (m >= t) ? "pass" : "FAIL" }')
  [ "$ok" = pass ] && pass=$((pass + 1))
  printf 'seed %s: final %9.2f  best %9.2f (step %s)  wall %7.1f s  %s\n' "$s" "$final" "$best" "$bestStep" "$wall" "$ok"
done
echo "learn-seeds $ENV_ID $*: $pass of $total seeds with $CRITERION >= $THRESHOLD (need $MIN_PASS)"
[ "$pass" -ge "$MIN_PASS" ]

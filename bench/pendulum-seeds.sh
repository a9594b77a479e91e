#!/usr/bin/env bash
# Learning benchmark of the foundation issue: SAC on Pendulum-v1 with the preset (20 000 steps),
# seeds 0..4, each into runs/pS. Passes when the final deterministic evaluation (10 episodes) is
# >= THRESHOLD for at least MIN_PASS of the seeds. Prints one line per seed and a summary line.
#   bench/pendulum-seeds.sh [extra train options...]      e.g. --threads 2
# Environment: SEEDS (default "0 1 2 3 4"), THRESHOLD (-250), MIN_PASS (4), JOBS (1: runs at once).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${SEEDS:-0 1 2 3 4}"
THRESHOLD="${THRESHOLD:--250}"
MIN_PASS="${MIN_PASS:-4}"
JOBS="${JOBS:-1}"
./sac4j --version >/dev/null   # builds once, before runs start in parallel

run_seed() {
  ./sac4j train --env Pendulum-v1 --seed "$1" --out "runs/p$1" --overwrite --quiet "${@:2}" >"runs/p$1.log" 2>&1
}
mkdir -p runs
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
  f="runs/p$s/final_eval.json"
  if [ ! -f "$f" ]; then echo "seed $s: FAILED (see runs/p$s.log)"; continue; fi
  mean=$(sed -n 's/.*"mean_return": *\([^,]*\),*/\1/p' "$f")
  wall=$(sed -n 's/.*"wall_s": *\([^,]*\),*/\1/p' "$f")
  ok=$(awk -v m="$mean" -v t="$THRESHOLD" 'BEGIN { print (m >= t) ? "pass" : "FAIL" }')
  [ "$ok" = pass ] && pass=$((pass + 1))
  printf 'seed %s: final mean return %9.2f  wall %7.1f s  %s\n' "$s" "$mean" "$wall" "$ok"
done
echo "pendulum-seeds: $pass of $total seeds >= $THRESHOLD (need $MIN_PASS)"
[ "$pass" -ge "$MIN_PASS" ]

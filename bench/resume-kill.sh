#!/usr/bin/env bash
# Issue 6, acceptance 1: a Pendulum-v1 run (6000 steps) killed with SIGKILL at a random moment after its
# first checkpoint and resumed with `sac4j train --resume` ends with the metrics.csv of an uninterrupted
# run with the same seed, byte for byte apart from the wall_s column (cut -d, -f1,3-).
#   bench/resume-kill.sh [REPETITIONS]      (default 10; STEPS, SEED, THREADS, MAX_DELAY_S override)
# Each repetition waits for checkpoints/step-*.ckpt to appear, then sleeps a random 0..MAX_DELAY_S seconds
# (fractional) before kill -9. MAX_DELAY_S defaults to 60% of the time the reference run took from its
# first checkpoint to its end, so kills spread over most of the run (at 90%, runs whose JIT had warmed
# up often finished before their kill); a run that finished before its kill (the shared machine got
# faster) is reported and not counted.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-10}"
steps="${STEPS:-6000}"
seed="${SEED:-0}"
threads="${THREADS:-2}"
work="$(mktemp -d "${TMPDIR:-/tmp}/sac4j-resume-kill.XXXXXX")"
sac4j="$here/sac4j"
train=(train --env Pendulum-v1 --steps "$steps" --seed "$seed" --threads "$threads" --quiet)

"$sac4j" --version >/dev/null   # builds the tool first, so no build is killed
echo "work dir $work; uninterrupted reference run ($steps steps, seed $seed, $threads threads)..."
start=$(date +%s.%N)
"$sac4j" "${train[@]}" --out "$work/whole" >/dev/null &
pid=$!
until compgen -G "$work/whole/checkpoints/step-*.ckpt" >/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
first=$(date +%s.%N)
wait "$pid"
end=$(date +%s.%N)
max_delay="${MAX_DELAY_S:-$(awk "BEGIN{printf \"%.1f\", 0.6 * ($end - $first)}")}"
echo "reference: $(awk "BEGIN{printf \"%.1f\", $end - $start}") s, first checkpoint after $(awk "BEGIN{printf \"%.1f\", $first - $start}") s; kills 0..$max_delay s after the first checkpoint"
ref="$(cut -d, -f1,3- "$work/whole/metrics.csv")"

pass=0; fail=0; late=0
for i in $(seq 1 "$reps"); do
  dir="$work/run$i"
  "$sac4j" "${train[@]}" --out "$dir" >/dev/null 2>"$dir.err" &
  pid=$!
  until compgen -G "$dir/checkpoints/step-*.ckpt" >/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  delay="$(awk -v r="$RANDOM" -v m="$max_delay" 'BEGIN{printf "%.2f", r / 32768 * m}')"
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
  else
    wait "$pid" || true
    echo "run $i: finished before its kill (delay $delay s); not counted"; late=$((late + 1)); continue
  fi
  ckpts="$(ls "$dir/checkpoints" | tr '\n' ' ')"
  rows="$(($(wc -l < "$dir/metrics.csv") - 1))"
  "$sac4j" train --resume "$dir" --quiet --threads "$threads" >/dev/null 2>>"$dir.err"
  if [ "$(cut -d, -f1,3- "$dir/metrics.csv")" = "$ref" ]; then
    pass=$((pass + 1)); verdict=identical
  else
    fail=$((fail + 1)); verdict=DIFFERENT
  fi
  echo "run $i: killed ${delay} s after the first checkpoint (rows $rows, checkpoints: $ckpts) -> resumed: $verdict"
done
echo "resume-kill: $pass identical, $fail different, $late finished before the kill (of $reps)"
[ "$fail" = 0 ]

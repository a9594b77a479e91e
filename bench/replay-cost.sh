#!/usr/bin/env bash
# What the replay options cost (issue 19): gradient steps per second of a short run of ENV with its
# preset (one gradient step per transition after the warm-up, as both presets below do on average),
# for default replay, --n-step 3, --prioritized and both, in alternating rounds, each round starting
# with the next variant (so the machine's drift falls on all four alike); prints each round and the medians, with the ratio to the default's
# median. updates/s = (STEPS - the preset's warm-up) / wall time, which includes the warm-up and one
# evaluation episode, the same for all four.
#   bench/replay-cost.sh Pendulum-v1 3000 100                  # ENV STEPS WARMUP; ROUNDS=3
#   bench/replay-cost.sh MountainCarContinuous-v0 8000 5000    # 32 gradient steps every 32 steps
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: bench/replay-cost.sh ENV STEPS WARMUP"
ENV_ID="${1:?$usage}"; STEPS="${2:?$usage}"; WARMUP="${3:?$usage}"
ROUNDS="${ROUNDS:-3}"
./sac4j --version >/dev/null   # builds once
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
names=(default nstep3 per both)
opts=("" "--n-step 3" "--prioritized" "--n-step 3 --prioritized")
declare -A rates
for ((r = 1; r <= ROUNDS; r++)); do
  line="round $r:"
  # each round starts with another variant, so that no variant is always the first run of a round
  for j in 0 1 2 3; do
    i=$(( (j + r - 1) % 4 ))
    # shellcheck disable=SC2086
    ./sac4j train --env "$ENV_ID" --steps "$STEPS" --threads 1 --seed "$r" --eval-every "$STEPS" --eval-episodes 1 \
      --checkpoint-every 0 --quiet --out "$work/${names[$i]}" --overwrite ${opts[$i]} >"$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    wall=$(sed -n 's/.*"wall_s": *\([^,]*\),*/\1/p' "$work/${names[$i]}/final_eval.json")
    rate=$(awk -v s="$STEPS" -v l="$WARMUP" -v w="$wall" 'BEGIN { printf "%.1f", (s - l) / w }')
    rates[$i]="${rates[$i]:-} $rate"
    line="$line ${names[$i]} $rate"
  done
  echo "$line updates/s"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
base=$(echo "${rates[0]}" | median)
for i in 0 1 2 3; do
  m=$(echo "${rates[$i]}" | median)
  printf '%s %-8s median %7.1f updates/s (%.2fx default)\n' "$ENV_ID" "${names[$i]}" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a / b }')"
done

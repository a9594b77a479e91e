#!/usr/bin/env bash
# Throughput of `sac4j train --env-hosts` (issue 16): H environment hosts, each a Python server of
# sac4j_gym/Sleep-v0 with 4 copies that sleep STEP_MS per step (a slow simulator that uses no CPU; a
# server steps its copies one after another, so one host gives at most 4 / (4 * STEP_MS) steps/s),
# for H in HOSTS. Three regimes per H, each a fresh `sac4j train` (1 kernel thread):
#   collect  collection alone: every step is warm-up, no gradient step;
#   sparse   one gradient step per 64 transitions (--train-freq 64);
#   sac      SAC's one gradient step per transition (the learner's pace, reported as updates/s).
# Prints one line per run: env steps/s, the ideal (H hosts at the sleep's pace), the share of linear
# scaling (against H times the 1-host rate measured here) and updates/s.
#   bench/hosts-scaling.sh                       # HOSTS="1 2 4 8" STEP_MS=5
# Environment: HOSTS, STEP_MS (5), SECONDS_PER_RUN (10: sizes the collect and sparse runs),
# SAC_STEPS (2000), SAC4J_PYTHON (python/.venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS="${HOSTS:-1 2 4 8}"
STEP_MS="${STEP_MS:-5}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
SAC_STEPS="${SAC_STEPS:-2000}"
PY="${SAC4J_PYTHON:-python/.venv/bin/python}"
COPIES=4
./sac4j --version >/dev/null   # builds once, before the timing starts
work="$(mktemp -d)"
pids=()
cleanup() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_hosts() { # starts $1 servers; sets $targets to their host:port list
  local i port
  targets=""
  for ((i = 0; i < $1; i++)); do
    PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}" "$PY" -m sac4j_gym.server --env sac4j_gym/Sleep-v0 \
      --num-envs "$COPIES" --port 0 \
      --env-kwargs "{\"step_seconds\": $(awk -v m="$STEP_MS" 'BEGIN { print m / 1000 }'), \"episode_steps\": 50}" \
      >"$work/host$i.out" 2>"$work/host$i.err" &
    pids+=($!)
  done
  for ((i = 0; i < $1; i++)); do
    for _ in $(seq 300); do grep -qs LISTENING "$work/host$i.out" && break; sleep 0.1; done
    port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$work/host$i.out")
    [ -n "$port" ] || { echo "host $i did not start:" >&2; cat "$work/host$i.err" >&2; exit 1; }
    targets="${targets:+$targets,}127.0.0.1:$port"
  done
}

stop_hosts() {
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}

one_host_rate=""
for h in $HOSTS; do
  start_hosts "$h"
  ideal=$(awk -v h="$h" -v c="$COPIES" -v ms="$STEP_MS" 'BEGIN { printf "%.0f", h * c / (c * ms / 1000) }')
  for regime in collect sparse sac; do
    case $regime in
      collect) steps=$(awk -v i="$ideal" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%d", i * s }'); opts=(--learning-starts "$steps");;
      sparse) steps=$(awk -v i="$ideal" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%d", i * s }'); opts=(--learning-starts 256 --train-freq 64);;
      sac) steps=$SAC_STEPS; opts=(--learning-starts 256);;
    esac
    out="$work/run-$h-$regime"
    ./sac4j train --env-hosts "$targets" --steps "$steps" --threads 1 --eval-every "$steps" --eval-episodes 1 \
      --checkpoint-every 0 --quiet --out "$out" "${opts[@]}" >"$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
    wall=$(sed -n 's/.*"wall_s": *\([^,]*\),*/\1/p' "$out/final_eval.json")
    # the final evaluation (one 50-step episode on the first host) is in wall_s: taken out at the sleep's pace
    loop=$(awk -v w="$wall" -v ms="$STEP_MS" 'BEGIN { print w - 50 * ms / 1000 }')
    rate=$(awk -v s="$steps" -v w="$loop" 'BEGIN { printf "%.0f", s / w }')
    updates=$(awk -v s="$steps" -v w="$loop" -v r="$regime" 'BEGIN {
        u = (r == "collect") ? 0 : (r == "sparse") ? int((s - 256) / 64) : s - 256; printf "%.0f", u / w }')
    [ "$regime" = collect ] && [ -z "$one_host_rate" ] && one_host_rate=$rate
    linear=$(awk -v r="$rate" -v one="${one_host_rate:-$rate}" -v h="$h" 'BEGIN { printf "%.0f", 100 * r / (one * h) }')
    printf 'hosts %d x %d copies, %-7s: %6s env steps/s (ideal %5s, %3s%% of linear) %5s updates/s  (%d steps, %.1f s)\n' \
      "$h" "$COPIES" "$regime" "$rate" "$ideal" "$linear" "$updates" "$steps" "$loop"
  done
  stop_hosts
done

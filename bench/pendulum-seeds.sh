#!/usr/bin/env bash
# Learning benchmark of the foundation issue: SAC on Pendulum-v1 with the preset (20 000 steps),
# seeds 0..4, each into runs/p-s<seed>. Passes when the final deterministic evaluation (10 episodes)
# is >= -250 for at least 4 of the seeds (bench/learn-seeds.sh does the work).
#   bench/pendulum-seeds.sh [extra train options...]      e.g. --threads 2, --algo sac-v1
# Environment: SEEDS (default "0 1 2 3 4"), THRESHOLD (-250), MIN_PASS (4), JOBS (1: runs at once).
set -euo pipefail
cd "$(dirname "$0")"
THRESHOLD="${THRESHOLD:--250}" MIN_PASS="${MIN_PASS:-4}" TAG="${TAG:-p}" CRITERION=final \
  exec ./learn-seeds.sh Pendulum-v1 "$@"

#!/usr/bin/env bash
# Issue 7 point 4: `sac4j train --n-envs N` (default 4) trains Pendulum-v1 to the same quality as one
# environment in the same number of gradient steps. The preset's 20 000 steps are 20 000 transitions
# over all copies and, with the default train_freq 1 / gradient_steps 1, 20 000 gradient steps: what
# the single-environment preset does. Seeds 0..4, each into <RUNS>/n<N>-s<seed>; passes when the final
# deterministic evaluation (10 episodes) is >= -250 on at least MIN_PASS (5) seeds, the mark the
# single-environment runs meet (bench/learn-seeds.sh does the work).
#   bench/nenvs-seeds.sh [extra train options...]       e.g. --threads 1
#   N_ENVS=8 RUNS=/tmp/runs bench/nenvs-seeds.sh --threads 1
# Environment: N_ENVS (4), SEEDS ("0 1 2 3 4"), THRESHOLD (-250), MIN_PASS (5), JOBS (1), RUNS (runs).
set -euo pipefail
cd "$(dirname "$0")"
N_ENVS="${N_ENVS:-4}"
THRESHOLD="${THRESHOLD:--250}" MIN_PASS="${MIN_PASS:-5}" TAG="${TAG:-n$N_ENVS}" CRITERION=final \
  exec ./learn-seeds.sh Pendulum-v1 --n-envs "$N_ENVS" "$@"

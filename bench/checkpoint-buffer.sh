#!/usr/bin/env bash
# Checkpoint of a full 1,000,000-transition replay buffer at Pendulum's sizes (obs 3, act 1):
# memory against raw column bytes, file size, save and load wall time (CheckpointBufferReport).
# Usage: bench/checkpoint-buffer.sh [capacity]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl sac4j-core test-compile
exec java -Xmx1g -cp sac4j-core/target/classes:sac4j-core/target/test-classes \
    io.sac4j.checkpoint.CheckpointBufferReport "$@"

/**
 * Checkpoints: {@link io.sac4j.checkpoint.Checkpoint}, one file holding a
 * {@link io.sac4j.checkpoint.Manifest} and named, typed entries with per-entry and whole-file
 * CRC32C checksums, written atomically and refused with a
 * {@link io.sac4j.checkpoint.CheckpointException} when truncated, corrupt or foreign (the byte
 * layout is documented on {@code Checkpoint}); {@link io.sac4j.checkpoint.Checkpoints}, the
 * {@code checkpoints/step-<N>.ckpt} files of a run directory, with rotation and
 * {@code latestGood}; and {@link io.sac4j.checkpoint.ComponentStates}, the entries of the generator,
 * optimiser, parameters and replay buffer, through {@link io.sac4j.checkpoint.StateWriter} and
 * {@link io.sac4j.checkpoint.StateReader}.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code io.sac4j.random}, {@code io.sac4j.nn},
 * {@code io.sac4j.optim}, {@code io.sac4j.buffer}, {@code java.*}.
 */
package io.sac4j.checkpoint;

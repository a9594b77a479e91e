/**
 * Experience replay: {@link io.sac4j.buffer.ReplayBuffer}, a ring of primitive columns (no object
 * per transition), and {@link io.sac4j.buffer.Batch}, the reused matrices a sample is written into.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code io.sac4j.random}, {@code java.*}.
 */
package io.sac4j.buffer;

/**
 * {@link io.sac4j.random.Rng}, the one source of randomness in sac4j: seeded, splittable, and the
 * same bits on every JVM. Nothing in sac4j calls {@code Math.random} or {@code java.util.Random}.
 *
 * <p>Imports: {@code java.*} only.
 */
package io.sac4j.random;

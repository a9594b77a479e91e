/**
 * The one-call entry {@link io.sac4j.Sac#train}: an environment factory and two configurations in,
 * a trained policy and its results out. The library itself is in the packages below it.
 *
 * <p>Imports: every package of sac4j-core, {@code java.*}.
 */
package io.sac4j;

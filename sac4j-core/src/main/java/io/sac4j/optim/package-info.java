/**
 * Optimisers: {@link io.sac4j.optim.Adam} with bias correction.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code io.sac4j.nn}, {@code java.*}.
 */
package io.sac4j.optim;

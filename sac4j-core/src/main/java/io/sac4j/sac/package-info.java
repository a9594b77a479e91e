/**
 * Soft Actor-Critic: the configuration ({@link io.sac4j.sac.SacConfig}), networks
 * ({@link io.sac4j.sac.Actor}, {@link io.sac4j.sac.Critic}), the losses as pure functions that read
 * like the seed equations ({@link io.sac4j.sac.SacLosses}), the learner that applies one gradient
 * step ({@link io.sac4j.sac.SacLearner}) and the acting {@link io.sac4j.sac.Policy}.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code random}, {@code autodiff}, {@code nn}, {@code optim},
 * {@code distributions}, {@code env}, {@code buffer}, {@code java.*}.
 */
package io.sac4j.sac;

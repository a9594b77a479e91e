/**
 * Soft Actor-Critic: the configuration ({@link io.sac4j.sac.SacConfig}, with the
 * {@link io.sac4j.sac.Variant}), networks ({@link io.sac4j.sac.Actor}, {@link io.sac4j.sac.Critic}),
 * the losses as pure functions that read like the seed equations ({@link io.sac4j.sac.SacLosses}),
 * the learners that apply one gradient step ({@link io.sac4j.sac.Learner}: today's SAC
 * {@link io.sac4j.sac.SacLearner}, the first SAC with a V network {@link io.sac4j.sac.SacV1Learner},
 * discrete SAC {@link io.sac4j.sac.DiscreteSacLearner}; {@link io.sac4j.sac.Learners} picks one) and
 * the acting {@link io.sac4j.sac.Policy} ({@link io.sac4j.sac.TanhGaussianPolicy},
 * {@link io.sac4j.sac.CategoricalPolicy}).
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code random}, {@code autodiff}, {@code nn}, {@code optim},
 * {@code distributions}, {@code env}, {@code buffer}, {@code checkpoint} (learner state), {@code java.*}.
 */
package io.sac4j.sac;

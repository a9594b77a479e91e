/**
 * Soft Actor-Critic: the configuration ({@link io.sac4j.sac.SacConfig}, with the
 * {@link io.sac4j.sac.Variant}), the losses as pure functions that read like the seed equations
 * ({@link io.sac4j.sac.SacLosses}), and the learners that apply one gradient step
 * ({@link io.sac4j.sac.Learner}: today's SAC {@link io.sac4j.sac.SacLearner}, the first SAC with a V
 * network {@link io.sac4j.sac.SacV1Learner}, discrete SAC {@link io.sac4j.sac.DiscreteSacLearner}, either
 * continuous variant with the dynamic-matrix gradient adjustment {@link io.sac4j.sac.AdjustedSacLearner};
 * {@link io.sac4j.sac.Learners} picks one). A learner is a composition of parts that each own their
 * networks, optimiser, tapes and checkpoint entries ({@code ActorStep}, {@code TwinCritics},
 * {@code ValueNetwork}, {@code TemperatureStep}, saved through one small interface, {@code StatefulPart});
 * the Q networks are {@link io.sac4j.sac.Critic}, the policy network and the acting policies are
 * {@code io.sac4j.policy}'s, the game machinery of the adjustment is {@code io.sac4j.game}'s.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code random}, {@code autodiff}, {@code nn}, {@code optim},
 * {@code distributions}, {@code env}, {@code buffer}, {@code checkpoint} (learner state), {@code game},
 * {@code policy}, {@code java.*}.
 */
package io.sac4j.sac;

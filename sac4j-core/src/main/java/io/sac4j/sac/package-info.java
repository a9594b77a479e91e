/**
 * Soft Actor-Critic: the configuration ({@link io.sac4j.sac.SacConfig}, with the
 * {@link io.sac4j.sac.Variant}), networks ({@link io.sac4j.sac.Actor}, {@link io.sac4j.sac.Critic}),
 * the losses as pure functions that read like the seed equations ({@link io.sac4j.sac.SacLosses}),
 * the learners that apply one gradient step ({@link io.sac4j.sac.Learner}: today's SAC
 * {@link io.sac4j.sac.SacLearner}, the first SAC with a V network {@link io.sac4j.sac.SacV1Learner},
 * discrete SAC {@link io.sac4j.sac.DiscreteSacLearner}; {@link io.sac4j.sac.Learners} picks one) and
 * the acting {@link io.sac4j.sac.Policy} ({@link io.sac4j.sac.TanhGaussianPolicy},
 * {@link io.sac4j.sac.CategoricalPolicy}), saved alone for deployment by {@link io.sac4j.sac.PolicyFile}
 * (read back by {@link io.sac4j.sac.Policy#load}) and exported as an ONNX model by
 * {@link io.sac4j.sac.OnnxExport}. The dynamic-matrix gradient adjustment of seed 000 section 1.4
 * is learner-independent: a {@link io.sac4j.sac.DifferentiableGame} (players, their parameter blocks
 * and full gradients), {@link io.sac4j.sac.GameGradients} ({@code xi}, {@code H xi}, {@code H^T xi},
 * {@code A^T xi} by finite differences of gradients) and {@link io.sac4j.sac.GradientAdjustment}
 * (the adjusted direction, its normalisations and sign alignment).
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code random}, {@code autodiff}, {@code nn}, {@code optim},
 * {@code distributions}, {@code env}, {@code buffer}, {@code checkpoint} (learner state and the container of
 * {@code PolicyFile}), {@code java.*}.
 */
package io.sac4j.sac;

/**
 * Probability distributions for policies, stateless: every function takes its parameters (and its
 * noise) as arguments. {@link io.sac4j.distributions.TanhGaussian} is SAC's squashed Gaussian,
 * {@link io.sac4j.distributions.Categorical} discrete SAC's softmax policy,
 * {@link io.sac4j.distributions.GaussianEntropy} the closed-form Gaussian and tanh-Gaussian entropies
 * (seed 000 sections 1.6, 1.7) with their gradients, also as a tape operation.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code io.sac4j.random}, {@code io.sac4j.autodiff}, {@code java.*}.
 */
package io.sac4j.distributions;

/**
 * Probability distributions for policies, stateless: every function takes its parameters (and its
 * noise) as arguments. {@link io.sac4j.distributions.TanhGaussian} is SAC's squashed Gaussian,
 * {@link io.sac4j.distributions.Categorical} discrete SAC's softmax policy.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code io.sac4j.random}, {@code io.sac4j.autodiff}, {@code java.*}.
 */
package io.sac4j.distributions;

/**
 * Network building blocks: {@link io.sac4j.nn.Parameter} (a value with its gradient),
 * {@link io.sac4j.nn.Linear} with PyTorch's default initialisation, {@link io.sac4j.nn.Mlp}, and
 * {@link io.sac4j.nn.Polyak} averaging for target networks.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code io.sac4j.random}, {@code io.sac4j.autodiff}, {@code java.*}.
 */
package io.sac4j.nn;

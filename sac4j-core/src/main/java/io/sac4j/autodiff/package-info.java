/**
 * Reverse-mode automatic differentiation over matrix operations.
 *
 * <p>A {@link io.sac4j.autodiff.Tape} records coarse operations (matmul, bias add, relu, tanh, exp,
 * log, softplus, square, add/sub/mul/scale, min, clamp, sums and means, column concatenation, and
 * {@link io.sac4j.autodiff.Pointwise2 pointwise functions} whose partial derivatives the caller supplies) as
 * they are computed, each a {@link io.sac4j.autodiff.Var}; {@link io.sac4j.autodiff.Tape#backward}
 * applies each operation's vector-Jacobian product in reverse. The tape keeps its nodes and their
 * buffers between {@link io.sac4j.autodiff.Tape#reset() resets}, so a training step that records the
 * same graph every time allocates nothing once warm.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code java.*}.
 */
package io.sac4j.autodiff;

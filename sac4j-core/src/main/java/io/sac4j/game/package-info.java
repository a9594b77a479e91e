/**
 * Differentiable games and the dynamic-matrix gradient adjustment of seed 000 section 1.4, knowing
 * nothing of SAC: a {@link io.sac4j.game.DifferentiableGame} (players, their parameter blocks and full
 * gradients), {@link io.sac4j.game.GameGradients} ({@code xi}, {@code H xi}, {@code H^T xi},
 * {@code A^T xi} by finite differences of gradients) and {@link io.sac4j.game.GradientAdjustment} (the
 * adjusted direction {@code xi + lambda A^T xi}, its normalisations and sign alignment). The SAC games
 * that use them live in package {@code sac}.
 *
 * <p>Imports: {@code java.*} only.
 */
package io.sac4j.game;

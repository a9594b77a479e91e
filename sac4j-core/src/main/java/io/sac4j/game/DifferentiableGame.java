package io.sac4j.game;

/**
 * A differentiable game of n players (seed 000 section 1.4; Balduzzi et al. 2018, "The Mechanics of
 * n-Player Differentiable Games"): the parameters {@code theta} are split into consecutive blocks,
 * player i owns block i ({@code theta_i}) and has a loss {@code J_i(theta)} over all the parameters.
 * SAC v1's players are {@code theta_Q} (J1), {@code theta_pi} (J2), {@code theta_V} (J3) and
 * {@code theta_Vtarget} (J4 = 1/2 ||theta_V - theta_Vtarget||^2).
 *
 * <p>Call order: {@link #dimension()} and {@link #blockStarts()} are fixed for the life of the game;
 * {@link #gradient} may be called any number of times at any parameters. Every call must evaluate
 * its loss on the same data and the same noise (the same minibatch, the same reparameterisation
 * draws), so that differences of gradients at nearby parameters are derivatives and not sampling noise.
 * Work in double; a game over float networks converts its parameter blocks on the way in and out.
 */
public interface DifferentiableGame {
    /** The number of parameters of all players together. */
    int dimension();

    /**
     * Where each player's block begins: player i owns {@code theta[starts[i], starts[i + 1])}, with
     * {@code starts[0] = 0} and {@code starts[n] = dimension()} (so the array has n + 1 entries, n >= 1,
     * non-decreasing). Not to be modified by the caller.
     */
    int[] blockStarts();

    /**
     * The gradient of player {@code player}'s loss with respect to ALL parameters,
     * {@code grad_theta J_player(theta)} (not only the player's own block).
     *
     * @param theta the parameters, {@link #dimension()} long. Not modified.
     * @param out   the gradient, {@link #dimension()} long. Modified.
     */
    void gradient(int player, double[] theta, double[] out);

    /**
     * The player's gradient of its own loss with respect to its own block, {@code xi_player}, into
     * {@code out}'s block of that player (the rest of {@code out} is unspecified). {@link GameGradients}
     * asks this for xi and {@code H xi}, which need nothing else; a game can skip the other players'
     * backward passes here. The default computes the full {@link #gradient}.
     */
    default void ownGradient(int player, double[] theta, double[] out) {
        gradient(player, theta, out);
    }
}

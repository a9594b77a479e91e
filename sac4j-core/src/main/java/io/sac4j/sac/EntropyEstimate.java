package io.sac4j.sac;

/**
 * How the continuous learners' policy and temperature losses estimate the policy's entropy at a state.
 */
public enum EntropyEstimate {
    /**
     * The one-sample estimate {@code -log pi(a|s)}, {@code a} the reparameterised draw of the step (the
     * published SAC losses, seed 003).
     */
    SAMPLE,
    /**
     * The tanh-Gaussian entropy in closed form, {@code sum_j [1/2 + ln(sqrt(2 pi) sigma_j) + ln 4 - 2 E ln(e^y + e^-y)]}
     * (seed 000 §1.7; {@link io.sac4j.distributions.GaussianEntropy#tanhGaussian}): the exact expectation over
     * the action at each state, so only the states of the minibatch add variance. The policy's Q term
     * still uses the reparameterised draw.
     */
    CLOSED_FORM
}

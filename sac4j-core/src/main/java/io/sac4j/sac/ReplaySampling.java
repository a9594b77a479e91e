package io.sac4j.sac;

/**
 * How the training loop draws its minibatches from the replay buffer: uniformly (the default, as
 * published), or by proportional prioritized experience replay (Schaul et al. 2016, "Prioritized
 * Experience Replay", §3.3-3.4 and Algorithm 1; {@link io.sac4j.buffer.PrioritizedReplay}).
 *
 * <p>Prioritized: transition i is drawn with probability {@code P(i) = p_i^alpha / sum_k p_k^alpha},
 * {@code p_i = |delta_i| + eps}, and its term of every critic loss is weighted by
 * {@code w_i = (p_i^alpha / min_k p_k^alpha)^-beta} (Schaul's {@code (N P(i))^-beta}, normalised by the
 * largest weight over the buffer). {@code beta} is annealed linearly from {@code beta0} at step 0 to 1
 * at the run's last step ({@link Prioritized#beta}). With twin critics, {@code |delta_i|} is the mean of
 * the two critics' absolute TD errors, {@code (|Q_1(s, a) - y| + |Q_2(s, a) - y|) / 2}, measured before
 * the update's step: both critics learn from the draw, so both errors count, and the mean keeps the
 * priority on the scale of one error (the minimum would ignore the critic that is further off; the
 * maximum follows whichever critic is noisier). New transitions enter at the largest priority seen.
 */
public sealed interface ReplaySampling {

    /** Uniform draws with replacement; every importance weight is 1. */
    record Uniform() implements ReplaySampling {
    }

    /**
     * Proportional prioritized replay.
     *
     * @param alpha how much prioritisation is used, in [0, 1] (0 = uniform); Schaul et al.'s 0.6 by default
     * @param beta0 the importance-sampling exponent at the start of the run, in [0, 1], annealed to 1; 0.4
     * @param eps   added to |delta| so that no transition's probability is 0, finite and > 0; 1e-6
     */
    record Prioritized(double alpha, double beta0, double eps) implements ReplaySampling {
        public Prioritized {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("replaySampling.alpha must be in [0, 1], got " + alpha);
            }
            if (!(beta0 >= 0 && beta0 <= 1)) {
                throw new IllegalArgumentException("replaySampling.beta0 must be in [0, 1], got " + beta0);
            }
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("replaySampling.eps must be finite and > 0, got " + eps);
            }
        }

        /**
         * beta after {@code step} of {@code totalSteps} transitions: {@code beta0 + (1 - beta0) min(1, step / totalSteps)}.
         * A function of the step alone, so a resumed run continues on the same schedule.
         */
        public double beta(long step, long totalSteps) {
            if (totalSteps < 1 || step < 0) {
                throw new IllegalArgumentException("beta needs step >= 0 and totalSteps >= 1, got " + step + " of "
                        + totalSteps);
            }
            return beta0 + (1 - beta0) * Math.min(1.0, (double) step / (double) totalSteps);
        }
    }

    /** Uniform sampling. */
    ReplaySampling UNIFORM = new Uniform();

    /** Schaul et al.'s proportional variant's defaults: alpha 0.6, beta0 0.4, eps 1e-6. */
    Prioritized PRIORITIZED_DEFAULTS = new Prioritized(0.6, 0.4, 1e-6);

    static ReplaySampling uniform() {
        return UNIFORM;
    }

    static Prioritized prioritized(double alpha, double beta0, double eps) {
        return new Prioritized(alpha, beta0, eps);
    }

    /** Whether this is {@link Prioritized}. */
    default boolean prioritized() {
        return this instanceof Prioritized;
    }
}

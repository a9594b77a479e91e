package io.sac4j.sac;

import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Space;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;

/** Picks the SAC learner for an environment's spaces and the configured {@link Variant}. */
public final class Learners {
    private Learners() {
    }

    /**
     * A {@link Box} action space gets {@link SacLearner} ({@link Variant#V2}) or {@link SacV1Learner}
     * ({@link Variant#V1}), or with {@link SacConfig#adjustment()} on {@link AdjustedSacLearner} (either variant); a {@link Discrete} one gets {@link DiscreteSacLearner} (v2 only). The
     * observation space must be a {@link Box}. The gradient adjustment and the closed-form entropy
     * ({@link SacConfig#adjustment()}, {@link SacConfig#entropyEstimate()}) are for continuous actions.
     *
     * @param rng the learner's own generator; split it from the run's generator
     * @throws IllegalArgumentException naming the space or the variant that has no learner
     */
    public static Learner create(SacConfig config, Space observationSpace, Space actionSpace, Rng rng) {
        return create(config, observationSpace, actionSpace, rng, KernelThreads.single());
    }

    /**
     * {@link #create(SacConfig, Space, Space, Rng)} with the learner's products and optimiser steps on
     * {@code threads} (the caller keeps it and closes it when done with the learner).
     */
    public static Learner create(SacConfig config, Space observationSpace, Space actionSpace, Rng rng,
                                 KernelThreads threads) {
        if (!(observationSpace instanceof Box)) {
            throw new IllegalArgumentException("SAC needs a Box observation space, got " + observationSpace);
        }
        int obsDim = observationSpace.flatSize();
        if (actionSpace instanceof Discrete d) {
            if (config.adjusted() || config.entropyEstimate() != EntropyEstimate.SAMPLE) {
                throw new IllegalArgumentException("the gradient adjustment and the closed-form entropy are built for "
                        + "continuous actions (tanh-Gaussian policies) only; " + actionSpace + " is discrete");
            }
            return new DiscreteSacLearner(config, obsDim, d.n(), rng, threads);
        }
        if (!(actionSpace instanceof Box)) {
            throw new IllegalArgumentException("SAC needs a Box or Discrete action space, got " + actionSpace);
        }
        int actDim = actionSpace.flatSize();
        if (config.adjusted()) {
            return new AdjustedSacLearner(config, obsDim, actDim, rng, threads);
        }
        return config.variant() == Variant.V1
                ? new SacV1Learner(config, obsDim, actDim, rng, threads)
                : new SacLearner(config, obsDim, actDim, rng, threads);
    }
}

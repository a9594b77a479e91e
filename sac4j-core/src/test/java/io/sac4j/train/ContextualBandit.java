package io.sac4j.train;

import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;

/**
 * One-step episodes: observe {@code s ~ U(-1, 1)}, act {@code a} in {@code [-1, 1]}, receive
 * {@code -(a - 0.8 s)^2} and terminate. The best action {@code 0.8 s} is known, so learning is checkable.
 */
final class ContextualBandit implements Env {
    private Rng rng = new Rng(0);
    private double s;
    private final double rewardOverride;

    ContextualBandit() {
        this(0.0);
    }

    /** A bandit whose reward at one observation is replaced (NaN, to test error handling). */
    ContextualBandit(double rewardOverride) {
        this.rewardOverride = rewardOverride;
    }

    @Override
    public String id() {
        return "ContextualBandit";
    }

    @Override
    public Box observationSpace() {
        return Box.uniform(1, -1, 1);
    }

    @Override
    public Box actionSpace() {
        return Box.uniform(1, -1, 1);
    }

    @Override
    public float[] reset(long seed) {
        rng = new Rng(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        s = rng.uniform(-1, 1);
        return new float[] {(float) s};
    }

    @Override
    public Step step(float[] action) {
        double d = action[0] - 0.8 * s;
        double r = rewardOverride != 0.0 ? rewardOverride : -d * d;
        return new Step(new float[] {(float) s}, r, true, false);
    }
}

package io.sac4j.sac;

import io.sac4j.distributions.TanhGaussian;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

/**
 * The continuous SAC policy: acts with an {@link Actor}'s current weights, one observation at a time, without a tape and
 * without allocating: deterministic actions are {@code tanh(mu(s))}, stochastic ones
 * {@code tanh(mu(s) + sigma(s) eps)}. Actions lie in {@code [-1, 1]^|A|}. Not thread-safe: one
 * policy per acting thread.
 */
public final class TanhGaussianPolicy implements Policy {
    private final Actor actor;
    private final Matrix obs;
    private final Matrix[] trunkBuffers;
    private final Matrix mu;
    private final Matrix logStd;
    private final float[] noise;

    public TanhGaussianPolicy(Actor actor) {
        this.actor = actor;
        this.obs = new Matrix(1, actor.obsDim());
        this.trunkBuffers = actor.trunk().newBuffers(1);
        this.mu = new Matrix(1, actor.actDim());
        this.logStd = new Matrix(1, actor.actDim());
        this.noise = new float[actor.actDim()];
    }

    /** The actor this policy reads (not a copy). */
    public Actor actor() {
        return actor;
    }

    @Override
    public int obsDim() {
        return actor.obsDim();
    }

    @Override
    public int actDim() {
        return actor.actDim();
    }

    /** Writes {@code tanh(mu(s))} into {@code action}. */
    @Override
    public void actDeterministic(float[] observation, float[] action) {
        forward(observation, action);
        TanhGaussian.sample(mu.data, logStd.data, null, action, action.length);
    }

    /** Writes a draw {@code tanh(mu(s) + sigma(s) eps)}, {@code eps ~ N(0, I)} from {@code rng}, into {@code action}. */
    @Override
    public void act(float[] observation, float[] action, Rng rng) {
        forward(observation, action);
        rng.fillGaussian(noise, 0, noise.length);
        TanhGaussian.sample(mu.data, logStd.data, noise, action, action.length);
    }

    private void forward(float[] observation, float[] action) {
        if (observation.length != obs.cols) {
            throw new IllegalArgumentException(
                    "policy: observation has length " + observation.length + ", expected " + obs.cols);
        }
        if (action.length != mu.cols) {
            throw new IllegalArgumentException("policy: action buffer has length " + action.length + ", expected "
                    + mu.cols);
        }
        System.arraycopy(observation, 0, obs.data, 0, observation.length);
        Matrix h = actor.trunk().apply(obs, trunkBuffers);
        actor.muHead().apply(h, mu);
        actor.logStdHead().apply(h, logStd);
        Ops.clamp(logStd, actor.logStdMin(), actor.logStdMax(), logStd);
    }
}

package io.sac4j.policy;

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
    private final Buffers single;
    /** Buffers of the last batched call ({@link #act(Matrix, Matrix, Rng)}); null before the first. */
    private Buffers batch;

    /** The forward pass's outputs for a fixed number of rows, allocated once. */
    private static final class Buffers {
        final Matrix obs;
        final Matrix[] trunk;
        final Matrix mu;
        final Matrix logStd;
        final float[] noise;

        Buffers(Actor actor, int rows) {
            obs = new Matrix(rows, actor.obsDim());
            trunk = actor.trunk().newBuffers(rows);
            mu = new Matrix(rows, actor.actDim());
            logStd = new Matrix(rows, actor.actDim());
            noise = new float[rows * actor.actDim()];
        }
    }

    public TanhGaussianPolicy(Actor actor) {
        this.actor = actor;
        this.single = new Buffers(actor, 1);
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
        forwardOne(observation, action);
        TanhGaussian.sample(single.mu.data, single.logStd.data, null, action, action.length);
    }

    /** Writes a draw {@code tanh(mu(s) + sigma(s) eps)}, {@code eps ~ N(0, I)} from {@code rng}, into {@code action}. */
    @Override
    public void act(float[] observation, float[] action, Rng rng) {
        forwardOne(observation, action);
        rng.fillGaussian(single.noise, 0, single.noise.length);
        TanhGaussian.sample(single.mu.data, single.logStd.data, single.noise, action, action.length);
    }

    /**
     * Writes {@code tanh(mu(s_i) + sigma(s_i) eps_i)} for every row, one forward pass over all rows; the
     * noise of all rows is one row-major draw from {@code rng}, which is the sequence row-by-row calls
     * draw, and every matrix kernel computes a row's outputs as the same chain of operations whatever
     * the row count, so the result equals {@link #act(float[], float[], Rng)} row by row, bit for bit.
     */
    @Override
    public void act(Matrix observations, Matrix actions, Rng rng) {
        Policy.checkBatch(this, observations, actions);
        if (batch == null || batch.obs.rows != observations.rows) {
            batch = new Buffers(actor, observations.rows);
        }
        batch.obs.copyFrom(observations);
        forward(batch);
        rng.fillGaussian(batch.noise, 0, batch.noise.length);
        TanhGaussian.sample(batch.mu.data, batch.logStd.data, batch.noise, actions.data, batch.noise.length);
    }

    private void forwardOne(float[] observation, float[] action) {
        if (observation.length != single.obs.cols) {
            throw new IllegalArgumentException(
                    "policy: observation has length " + observation.length + ", expected " + single.obs.cols);
        }
        if (action.length != single.mu.cols) {
            throw new IllegalArgumentException("policy: action buffer has length " + action.length + ", expected "
                    + single.mu.cols);
        }
        System.arraycopy(observation, 0, single.obs.data, 0, observation.length);
        forward(single);
    }

    /** mu and the clamped log-std of every row of {@code b.obs}, into {@code b.mu} and {@code b.logStd}. Modifies b. */
    private void forward(Buffers b) {
        Matrix h = actor.trunk().apply(b.obs, b.trunk);
        actor.muHead().apply(h, b.mu);
        actor.logStdHead().apply(h, b.logStd);
        Ops.clamp(b.logStd, actor.logStdMin(), actor.logStdMax(), b.logStd);
    }
}

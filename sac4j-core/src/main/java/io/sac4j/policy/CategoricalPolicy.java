package io.sac4j.policy;

import io.sac4j.distributions.Categorical;
import io.sac4j.nn.Mlp;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

/**
 * The discrete SAC policy: {@code pi(.|s) = softmax(logits(s))}. Deterministic actions are the most
 * likely index, stochastic ones a draw from {@code pi}; either is written as one float holding the
 * index (a {@link io.sac4j.env.Discrete} action). No tape, no allocation; not thread-safe.
 */
public final class CategoricalPolicy implements Policy {
    private final Mlp logitsNet;
    private final Matrix obs;
    private final Matrix[] buffers;
    /** Input and buffers of the last batched call ({@link #act(Matrix, Matrix, Rng)}); null before the first. */
    private Matrix batchObs;
    private Matrix[] batchBuffers;

    /** @param logitsNet the actor network, observation to one logit per action (read, not copied) */
    public CategoricalPolicy(Mlp logitsNet) {
        this.logitsNet = logitsNet;
        this.obs = new Matrix(1, logitsNet.inputSize());
        this.buffers = logitsNet.newBuffers(1);
    }

    /** The logits network this policy reads (not a copy). */
    public Mlp logitsNetwork() {
        return logitsNet;
    }

    @Override
    public int obsDim() {
        return logitsNet.inputSize();
    }

    @Override
    public int actDim() {
        return 1;
    }

    /** The number of actions. */
    public int actions() {
        return logitsNet.outputSize();
    }

    @Override
    public void actDeterministic(float[] observation, float[] action) {
        Matrix logits = forward(observation, action);
        action[0] = Categorical.mode(logits.data, 0, logits.cols);
    }

    @Override
    public void act(float[] observation, float[] action, Rng rng) {
        Matrix logits = forward(observation, action);
        action[0] = Categorical.sample(logits.data, 0, logits.cols, rng.nextDouble());
    }

    /**
     * Writes a draw for every row with one forward pass over all rows; row {@code i} takes the
     * {@code i}-th {@code rng.nextDouble()}, as row-by-row calls would, so the result is theirs bit for bit.
     */
    @Override
    public void act(Matrix observations, Matrix actions, Rng rng) {
        Policy.checkBatch(this, observations, actions);
        if (batchObs == null || batchObs.rows != observations.rows) {
            batchObs = new Matrix(observations.rows, obs.cols);
            batchBuffers = logitsNet.newBuffers(observations.rows);
        }
        batchObs.copyFrom(observations);
        Matrix logits = logitsNet.apply(batchObs, batchBuffers);
        for (int i = 0; i < observations.rows; i++) {
            actions.data[i] = Categorical.sample(logits.data, i * logits.cols, logits.cols, rng.nextDouble());
        }
    }

    /** The action probabilities {@code pi(.|s)} (for inspection and tests; allocates the result). */
    public double[] probabilities(float[] observation) {
        Matrix logits = forward(observation, new float[1]);
        double[] p = new double[logits.cols];
        float m = logits.data[Categorical.mode(logits.data, 0, logits.cols)];
        double z = 0;
        for (int a = 0; a < p.length; a++) {
            p[a] = StrictMath.exp(logits.data[a] - m);
            z += p[a];
        }
        for (int a = 0; a < p.length; a++) {
            p[a] /= z;
        }
        return p;
    }

    private Matrix forward(float[] observation, float[] action) {
        if (observation.length != obs.cols) {
            throw new IllegalArgumentException(
                    "policy: observation has length " + observation.length + ", expected " + obs.cols);
        }
        if (action.length != 1) {
            throw new IllegalArgumentException("policy: action buffer has length " + action.length
                    + ", expected 1 (a discrete action is one index)");
        }
        System.arraycopy(observation, 0, obs.data, 0, observation.length);
        return logitsNet.apply(obs, buffers);
    }
}

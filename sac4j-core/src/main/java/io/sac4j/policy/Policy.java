package io.sac4j.policy;

import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Acts: maps one observation to one action, deterministically (for evaluation and deployment) or
 * by drawing from the policy's distribution (for exploration). Implementations act without a tape
 * and without allocating; they are not thread-safe (one policy per acting thread).
 *
 * <p>Actions are written into a caller-owned buffer of {@link #actDim()} floats: for a continuous
 * policy ({@link TanhGaussianPolicy}) a point of {@code [-1, 1]^|A|}, which
 * {@link io.sac4j.env.RescaleAction} maps onto the environment's bounds; for a discrete one
 * ({@link CategoricalPolicy}) one float holding the action's index, as a
 * {@link io.sac4j.env.Discrete} environment takes it.
 *
 * <p>Deployment: {@link PolicyFile#write(Policy, Path)} saves the actor alone, {@link #load} reads it
 * back with nothing but sac4j-core, and {@link OnnxExport} writes it as an ONNX model.
 */
public interface Policy {
    /** The observation length this policy takes. */
    int obsDim();

    /** The length of the action buffer: |A| for a continuous policy, 1 for a discrete one. */
    int actDim();

    /** Writes the policy's deterministic action (the mode: {@code tanh(mu(s))}, or the most likely index). */
    void actDeterministic(float[] observation, float[] action);

    /** Writes a draw from {@code pi(.|s)}, its randomness from {@code rng}. */
    void act(float[] observation, float[] action, Rng rng);

    /**
     * Writes a draw from {@code pi(.|s_i)} for every row {@code s_i} of {@code observations}
     * ({@code rows x obsDim}, not modified) into row {@code i} of {@code actions} ({@code rows x actDim},
     * modified), the rows' randomness drawn from {@code rng} in row order: the same bits as
     * {@link #act(float[], float[], Rng)} on each row in turn. A vector of environments acts with one
     * such call per step, one batched forward pass instead of N.
     *
     * <p>This default is that row-by-row loop (it allocates two rows per call); the built-in policies
     * override it with a batched forward pass that allocates only when the row count changes.
     */
    default void act(Matrix observations, Matrix actions, Rng rng) {
        checkBatch(this, observations, actions);
        float[] o = new float[obsDim()];
        float[] a = new float[actDim()];
        for (int i = 0; i < observations.rows; i++) {
            System.arraycopy(observations.data, i * o.length, o, 0, o.length);
            act(o, a, rng);
            System.arraycopy(a, 0, actions.data, i * a.length, a.length);
        }
    }

    /** Refuses a batch whose shapes do not fit {@code policy}: rows x obsDim observations, rows x actDim actions. */
    static void checkBatch(Policy policy, Matrix observations, Matrix actions) {
        if (observations.cols != policy.obsDim() || actions.cols != policy.actDim()
                || actions.rows != observations.rows) {
            throw new IllegalArgumentException("policy: a batch needs rows x " + policy.obsDim()
                    + " observations and rows x " + policy.actDim() + " actions, got " + observations.shape()
                    + " and " + actions.shape());
        }
    }

    /**
     * Loads a policy file written by {@link PolicyFile#write(Policy, Path)}: a policy that acts exactly
     * as the saved one, bit for bit. Refuses a truncated, corrupt or foreign file with a one-line
     * {@link io.sac4j.checkpoint.CheckpointException} naming the file and the reason.
     */
    static Policy load(Path file) throws IOException {
        return PolicyFile.read(file);
    }
}

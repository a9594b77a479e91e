package io.sac4j.buffer;

import io.sac4j.tensor.Matrix;

/**
 * A minibatch of transitions as matrices, one row per transition. Reused: each
 * {@link ReplayBuffer#sample} overwrites it.
 */
public final class Batch {
    public final int size;
    /** {@code size x obsDim}. */
    public final Matrix observations;
    /** {@code size x actDim}. */
    public final Matrix actions;
    /** {@code size x 1}. */
    public final Matrix rewards;
    /** {@code size x obsDim}: the real next observation, also on truncation. */
    public final Matrix nextObservations;
    /** {@code size x 1}: 1 where the next state is terminal (no bootstrapping), else 0. */
    public final Matrix terminated;
    /**
     * Each row's k: the environment steps its reward sums ({@link NStepWindow}); the bootstrap from
     * {@link #nextObservations} is discounted by {@code gamma^k}. 1 for one-step transitions.
     */
    public final int[] steps;
    /**
     * {@code size x 1}: each row's importance-sampling weight in the critic loss; 1 for uniform draws
     * ({@link ReplayBuffer#sample}), the normalised weights of {@link PrioritizedReplay#sample} otherwise.
     */
    public final Matrix weights;
    /** The buffer slot each row was copied from, for {@link PrioritizedReplay#updatePriorities}. */
    public final int[] slots;

    public Batch(int size, int obsDim, int actDim) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        this.size = size;
        this.observations = new Matrix(size, obsDim);
        this.actions = new Matrix(size, actDim);
        this.rewards = new Matrix(size, 1);
        this.nextObservations = new Matrix(size, obsDim);
        this.terminated = new Matrix(size, 1);
        this.steps = new int[size];
        java.util.Arrays.fill(steps, 1);
        this.weights = new Matrix(size, 1);
        java.util.Arrays.fill(weights.data, 1f);
        this.slots = new int[size];
    }
}

package io.sac4j.buffer;

import io.sac4j.random.Rng;

import java.util.Arrays;

/**
 * Proportional prioritized experience replay (Schaul et al. 2016, "Prioritized Experience Replay",
 * §3.3 and Algorithm 1) over a {@link ReplayBuffer}'s slots: transition i is drawn with probability
 * <pre>
 *   P(i) = p_i^alpha / sum_k p_k^alpha,   p_i = |delta_i| + eps,
 * </pre>
 * and its loss is weighted by {@code w_i = (N P(i))^-beta / max_k w_k}. The maximum runs over every
 * transition held (OpenAI Baselines' choice, not the batch's), which makes it {@code (p_i^alpha / min_k p_k^alpha)^-beta}:
 * the weights lie in (0, 1] and do not depend on which other transitions the batch happened to draw.
 * A new transition enters at the largest priority seen so far (initially 1), so it is replayed at
 * least once soon. {@link #updatePriorities} sets the drawn transitions' priorities from their TD
 * errors after an update. Sampling costs O(batch log N) and allocates nothing.
 */
public final class PrioritizedReplay {
    private final ReplayBuffer buffer;
    private final double alpha;
    private final double eps;
    private final SumTree tree;
    /** The largest {@code |delta| + eps} seen, before the exponent alpha. */
    private double maxPriority = 1;

    /**
     * @param alpha how much prioritisation is used (0 = uniform), Schaul et al.'s alpha, in [0, 1]
     * @param eps   added to |delta| so that no transition's probability is 0, > 0
     */
    public PrioritizedReplay(ReplayBuffer buffer, double alpha, double eps) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("prioritized replay alpha must be in [0, 1], got " + alpha);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("prioritized replay eps must be finite and > 0, got " + eps);
        }
        this.buffer = buffer;
        this.alpha = alpha;
        this.eps = eps;
        this.tree = new SumTree(buffer.capacity());
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    /** The largest priority {@code |delta| + eps} seen so far (1 before any update), before the exponent. */
    public double maxPriority() {
        return maxPriority;
    }

    /** Appends a one-step transition to the buffer at the maximum priority. Modifies the buffer and this sampler. */
    public void add(float[] observation, float[] action, double reward, float[] nextObservation, boolean isTerminal) {
        add(observation, action, reward, nextObservation, isTerminal, 1);
    }

    /**
     * Appends a transition spanning {@code steps} environment steps (see {@link ReplayBuffer#add(float[], float[],
     * double, float[], boolean, int)}) at the maximum priority. Modifies the buffer and this sampler.
     */
    public void add(float[] observation, float[] action, double reward, float[] nextObservation, boolean isTerminal,
                    int steps) {
        int slot = buffer.writePosition();
        buffer.add(observation, action, reward, nextObservation, isTerminal, steps);
        tree.set(slot, Math.pow(maxPriority, alpha));
    }

    /** The bytes of the buffer and the sum-tree together ({@link ReplayBuffer#bytes()} + {@link SumTree#bytes()}). */
    public long bytes() {
        return buffer.bytes() + tree.bytes();
    }

    /**
     * Fills {@code batch} with {@code batch.size} transitions drawn with replacement with probability
     * P(i), their importance weights for {@code beta} ({@link Batch#weights}) and their slots
     * ({@link Batch#slots}). Modifies batch.
     *
     * @param beta the importance-sampling exponent in [0, 1] (annealed towards 1 over a run)
     */
    public void sample(Batch batch, double beta, Rng rng) {
        if (buffer.size() == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("prioritized replay beta must be in [0, 1], got " + beta);
        }
        double total = tree.total();
        double min = tree.min();
        for (int r = 0; r < batch.size; r++) {
            int slot = tree.find(rng.nextDouble() * total);
            buffer.copySlot(slot, batch, r);
            // w = (N P(i))^-beta / (N P_min)^-beta = (p_i / p_min)^-beta.
            batch.weights.data[r] = (float) Math.pow(tree.get(slot) / min, -beta);
        }
    }

    /**
     * Sets the priorities of the transitions in {@code slots[0..count)} to {@code (|tdErrors[k]| + eps)^alpha}
     * (the TD errors of the update that drew them). Modifies this sampler.
     *
     * @throws IllegalArgumentException when a TD error is not finite
     */
    public void updatePriorities(int[] slots, float[] tdErrors, int count) {
        for (int k = 0; k < count; k++) {
            float d = tdErrors[k];
            if (!Float.isFinite(d)) {
                throw new IllegalArgumentException("TD error of buffer slot " + slots[k] + " is " + d
                        + "; prioritized replay needs finite errors");
            }
            double p = Math.abs(d) + eps;
            maxPriority = Math.max(maxPriority, p);
            tree.set(slots[k], Math.pow(p, alpha));
        }
    }

    /** The tree's leaf priorities (after the exponent) and the maximum priority, for checkpoints. */
    public record State(double[] priorities, double maxPriority) {
    }

    public State state() {
        return new State(tree.priorities(), maxPriority);
    }

    /** Restores what {@link #state} returned. Modifies this sampler. */
    public void restore(State s) {
        if (!(s.maxPriority() > 0) || Double.isInfinite(s.maxPriority())) {
            throw new IllegalArgumentException("prioritized replay: saved max priority " + s.maxPriority()
                    + " is not a priority (finite, > 0)");
        }
        tree.restore(s.priorities());
        maxPriority = s.maxPriority();
    }

    @Override
    public String toString() {
        return "PrioritizedReplay[alpha " + alpha + ", eps " + eps + ", max priority " + maxPriority + ", "
                + Arrays.stream(tree.priorities()).filter(p -> p > 0).count() + " held]";
    }
}

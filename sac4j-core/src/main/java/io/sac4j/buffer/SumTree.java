package io.sac4j.buffer;

import java.util.Arrays;

/**
 * A complete binary tree over {@code capacity} non-negative leaf priorities whose inner nodes hold
 * the sum and the minimum of their children: proportional prioritized replay's data structure
 * (Schaul et al. 2016, "Prioritized Experience Replay", appendix B.2.1). Setting a leaf, the total,
 * the minimum and finding the leaf that owns a prefix mass all cost O(log capacity) and allocate nothing.
 *
 * <p>Each inner node is recomputed from its two children on every {@link #set} (never adjusted by a
 * difference), so {@code node = left + right} holds exactly after any sequence of updates and the
 * total does not drift over millions of them. A leaf that was never set has priority 0 (never
 * sampled) and does not count in the minimum.
 */
public final class SumTree {
    private final int capacity;
    /** Leaves start at {@code leaves}; node k has children 2k and 2k+1; node 1 is the root (0 unused). */
    private final int leaves;
    private final double[] sum;
    private final double[] min;

    public SumTree(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("SumTree needs capacity >= 1, got " + capacity);
        }
        this.capacity = capacity;
        int l = 1;
        while (l < capacity) {
            l <<= 1;
        }
        this.leaves = l;
        this.sum = new double[2 * l];
        this.min = new double[2 * l];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Sets leaf {@code i}'s priority. Modifies the tree.
     *
     * @throws IllegalArgumentException when the priority is negative or not finite (a NaN TD error must
     *                                  not silently poison every later draw)
     */
    public void set(int i, double priority) {
        if (i < 0 || i >= capacity) {
            throw new IndexOutOfBoundsException("leaf " + i + " of a SumTree of capacity " + capacity);
        }
        if (!(priority >= 0) || priority == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("priority of leaf " + i + " must be finite and >= 0, got " + priority);
        }
        int k = leaves + i;
        sum[k] = priority;
        min[k] = priority > 0 ? priority : Double.POSITIVE_INFINITY;
        for (k >>= 1; k >= 1; k >>= 1) {
            sum[k] = sum[2 * k] + sum[2 * k + 1];
            min[k] = Math.min(min[2 * k], min[2 * k + 1]);
        }
    }

    /** Leaf {@code i}'s priority. */
    public double get(int i) {
        if (i < 0 || i >= capacity) {
            throw new IndexOutOfBoundsException("leaf " + i + " of a SumTree of capacity " + capacity);
        }
        return sum[leaves + i];
    }

    /** The sum of all priorities. */
    public double total() {
        return sum[1];
    }

    /** The smallest positive priority, or +infinity when no leaf is positive. */
    public double min() {
        return min[1];
    }

    /**
     * The leaf {@code i} with {@code prefix(i) <= mass < prefix(i) + priority(i)}, where {@code prefix(i)}
     * is the sum of the priorities of leaves {@code 0..i-1}: drawing {@code mass} uniformly from
     * {@code [0, total())} draws leaf i with probability {@code priority(i) / total()}. A mass at or past
     * the total (round-off of the caller's product) gives the last positive leaf; never a leaf of priority 0.
     *
     * @throws IllegalStateException when every priority is 0
     */
    public int find(double mass) {
        if (!(sum[1] > 0)) {
            throw new IllegalStateException("cannot draw from a SumTree whose priorities are all 0");
        }
        double m = Math.max(mass, 0);
        int k = 1;
        while (k < leaves) {
            int left = 2 * k;
            // Descend right when the mass lies past the left subtree, or the left subtree is empty
            // (round-off at the boundary must not land on a priority-0 leaf).
            if (m >= sum[left] && sum[left + 1] > 0 || sum[left] == 0) {
                m -= sum[left];
                k = left + 1;
            } else {
                k = left;
            }
        }
        return k - leaves;
    }

    /** The bytes of the tree's two node arrays ({@code 2 x 2 x 8} bytes per leaf, leaves rounded up to a power of 2). */
    public long bytes() {
        return ReplayBuffer.arrayBytes(sum.length, 8) + ReplayBuffer.arrayBytes(min.length, 8);
    }

    /** The leaf priorities in order, a copy (for checkpoints). */
    public double[] priorities() {
        return Arrays.copyOfRange(sum, leaves, leaves + capacity);
    }

    /**
     * Replaces every leaf priority by {@code priorities} (as {@link #priorities} returned them) and
     * rebuilds the inner nodes in O(capacity). Modifies the tree.
     */
    public void restore(double[] priorities) {
        if (priorities.length != capacity) {
            throw new IllegalArgumentException("SumTree.restore: " + priorities.length + " priorities for capacity "
                    + capacity);
        }
        for (int i = 0; i < capacity; i++) {
            double p = priorities[i];
            if (!(p >= 0) || p == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("priority of leaf " + i + " must be finite and >= 0, got " + p);
            }
        }
        Arrays.fill(sum, 0);
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        for (int i = 0; i < capacity; i++) {
            sum[leaves + i] = priorities[i];
            min[leaves + i] = priorities[i] > 0 ? priorities[i] : Double.POSITIVE_INFINITY;
        }
        for (int k = leaves - 1; k >= 1; k--) {
            sum[k] = sum[2 * k] + sum[2 * k + 1];
            min[k] = Math.min(min[2 * k], min[2 * k + 1]);
        }
    }
}

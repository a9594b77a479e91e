package io.sac4j.buffer;

import io.sac4j.random.Rng;

/**
 * A fixed-capacity ring of transitions {@code (s, a, r, s', terminated, k)} stored column-wise in
 * primitive arrays. Once full, each new transition overwrites the oldest. {@code k} is the number of
 * environment steps the transition spans (1, or up to n for an n-step return from {@link NStepWindow}):
 * {@code r} is then the discounted sum of k rewards and the learner discounts the bootstrap from
 * {@code s'} by {@code gamma^k}.
 *
 * <p>Only {@code terminated} is stored as the bootstrap mask: a truncated transition (time limit)
 * is stored with its real next observation and {@code terminated = false}, so the critic still
 * bootstraps from it (pytorch_sac, SB3's {@code handle_timeout_termination}).
 */
public final class ReplayBuffer {
    /** The largest {@code k} a transition may span ({@link #add(float[], float[], double, float[], boolean, int)}). */
    public static final int MAX_STEPS = Byte.MAX_VALUE;

    private final int capacity;
    private final int obsDim;
    private final int actDim;
    private final float[] obs;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObs;
    private final boolean[] terminated;
    private final byte[] steps;
    private int next;
    private int size;
    private long added;

    public ReplayBuffer(int capacity, int obsDim, int actDim) {
        if (capacity < 1 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("ReplayBuffer needs capacity, obsDim, actDim >= 1, got "
                    + capacity + ", " + obsDim + ", " + actDim);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[Math.multiplyExact(capacity, obsDim)];
        this.actions = new float[Math.multiplyExact(capacity, actDim)];
        this.rewards = new float[capacity];
        this.nextObs = new float[Math.multiplyExact(capacity, obsDim)];
        this.terminated = new boolean[capacity];
        this.steps = new byte[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /** The number of transitions held (at most the capacity). */
    public int size() {
        return size;
    }

    /** The number of transitions ever added. */
    public long added() {
        return added;
    }

    public int obsDim() {
        return obsDim;
    }

    public int actDim() {
        return actDim;
    }

    /** The slot the next {@link #add} writes: {@code added() % capacity()}. */
    public int writePosition() {
        return next;
    }

    /**
     * The buffer's own column arrays, slot-ordered (slot {@code i} of observations is
     * {@code observations[i * obsDim, (i + 1) * obsDim)}); slots {@code [0, size())} hold transitions.
     * Not copies: a 1,000,000-transition buffer is tens of megabytes and a copy would double it.
     * Writing into them modifies the buffer; they are for checkpoints, which save them and restore
     * into them (followed by {@link #restorePosition}).
     */
    public record Columns(float[] observations, float[] actions, float[] rewards, float[] nextObservations,
            boolean[] terminated, byte[] steps) {
    }

    /** The column arrays themselves (see {@link Columns}). Writing into them modifies this buffer. */
    public Columns columnsView() {
        return new Columns(obs, actions, rewards, nextObs, terminated, steps);
    }

    /**
     * The bytes of the buffer's columns ({@code capacity (4 (2 obs + act + 1) + 2)}), array headers
     * included: what a buffer of this shape holds on the heap, up to its few object fields.
     */
    public long bytes() {
        return arrayBytes(obs.length, 4) + arrayBytes(actions.length, 4) + arrayBytes(rewards.length, 4)
                + arrayBytes(nextObs.length, 4) + arrayBytes(terminated.length, 1) + arrayBytes(steps.length, 1);
    }

    /** A primitive array's heap size: a 16-byte header and the elements, padded to 8 bytes (64-bit HotSpot). */
    static long arrayBytes(long length, int elementBytes) {
        return (16 + length * elementBytes + 7) / 8 * 8;
    }

    /**
     * Sets the ring position and counts after the columns were restored through {@link #columnsView()}.
     * Modifies this buffer. The three numbers must be those {@link #add} produces:
     * {@code size = min(added, capacity)} and {@code writePosition = added % capacity}.
     */
    public void restorePosition(int writePosition, int size, long added) {
        if (added < 0 || size != Math.min(added, capacity) || writePosition != added % capacity) {
            throw new IllegalArgumentException("ReplayBuffer position: write position " + writePosition + ", size "
                    + size + ", added " + added + " is not a state of a buffer of capacity " + capacity
                    + " (need size = min(added, capacity), write position = added % capacity)");
        }
        this.next = writePosition;
        this.size = size;
        this.added = added;
    }

    /** Appends a one-step transition ({@code k = 1}), overwriting the oldest when full. The arrays are copied. */
    public void add(float[] observation, float[] action, double reward, float[] nextObservation, boolean isTerminal) {
        add(observation, action, reward, nextObservation, isTerminal, 1);
    }

    /**
     * Appends a transition spanning {@code steps} environment steps ({@code reward} their discounted sum,
     * {@code nextObservation} the state after the last), overwriting the oldest when full. The arrays are copied.
     *
     * @param steps k in [1, {@link #MAX_STEPS}]: the learner bootstraps with {@code gamma^k}
     */
    public void add(float[] observation, float[] action, double reward, float[] nextObservation, boolean isTerminal,
                    int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("ReplayBuffer.add: a transition spans 1.." + MAX_STEPS + " steps, got "
                    + steps);
        }
        if (observation.length != obsDim || nextObservation.length != obsDim || action.length != actDim) {
            throw new IllegalArgumentException("ReplayBuffer.add: expected obs " + obsDim + ", action " + actDim
                    + ", got obs " + observation.length + ", action " + action.length + ", next obs "
                    + nextObservation.length);
        }
        int i = next;
        System.arraycopy(observation, 0, obs, i * obsDim, obsDim);
        System.arraycopy(action, 0, actions, i * actDim, actDim);
        rewards[i] = (float) reward;
        System.arraycopy(nextObservation, 0, nextObs, i * obsDim, obsDim);
        terminated[i] = isTerminal;
        this.steps[i] = (byte) steps;
        next = (i + 1) % capacity;
        if (size < capacity) {
            size++;
        }
        added++;
    }

    /** Copies transition {@code index} (0 = oldest held) into row {@code row} of the batch. */
    public void copyTo(int index, Batch batch, int row) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        int slot = size < capacity ? index : (next + index) % capacity;
        copySlot(slot, batch, row);
    }

    /** Copies the transition in ring slot {@code slot} into row {@code row} of the batch and records the slot. */
    void copySlot(int slot, Batch b, int row) {
        b.slots[row] = slot;
        System.arraycopy(obs, slot * obsDim, b.observations.data, row * obsDim, obsDim);
        System.arraycopy(actions, slot * actDim, b.actions.data, row * actDim, actDim);
        b.rewards.data[row] = rewards[slot];
        System.arraycopy(nextObs, slot * obsDim, b.nextObservations.data, row * obsDim, obsDim);
        b.terminated.data[row] = terminated[slot] ? 1f : 0f;
        b.steps[row] = steps[slot];
    }

    /** Fills {@code batch} with transitions drawn uniformly with replacement. Modifies batch. */
    public void sample(Batch batch, Rng rng) {
        drawSlots(batch, rng, 0);
        copyDrawn(batch);
    }

    /**
     * The draws of {@link #sample}, made as if {@code pendingAdds} more transitions had been
     * {@link #add}ed first (uniformly from {@code min(size() + pendingAdds, capacity())} slots, the same
     * numbers taken from {@code rng}), into {@code batch.slots} only: nothing is copied. Returns whether
     * a drawn slot is one those adds will write; then the adds must come before {@link #copyDrawn}.
     * Otherwise {@code copyDrawn} now, and the adds after it, fill the batch exactly as the adds and
     * then {@code sample} would have: the training loop's way of running gradient steps while an
     * environment step is still on its way ({@link io.sac4j.env.VectorEnv#startStep}).
     */
    public boolean drawSlots(Batch batch, Rng rng, int pendingAdds) {
        if (pendingAdds < 0) {
            throw new IllegalArgumentException("pendingAdds must be >= 0, got " + pendingAdds);
        }
        int sizeAfter = (int) Math.min((long) size + pendingAdds, capacity);
        if (sizeAfter == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch shape does not match the buffer (obs " + obsDim + ", action "
                    + actDim + ")");
        }
        int pending = Math.min(pendingAdds, capacity);
        boolean hit = false;
        for (int r = 0; r < batch.size; r++) {
            int slot = rng.nextInt(sizeAfter);
            batch.slots[r] = slot;
            // The adds write slots next, next + 1, ... (mod capacity): the oldest ones once the ring is full.
            hit |= Math.floorMod(slot - next, capacity) < pending;
        }
        return hit;
    }

    /** Copies the transitions of the slots {@link #drawSlots} recorded in {@code batch.slots} into the batch's rows. */
    public void copyDrawn(Batch batch) {
        for (int r = 0; r < batch.size; r++) {
            copySlot(batch.slots[r], batch, r);
        }
    }
}

package io.sac4j.buffer;

import io.sac4j.random.Rng;

/**
 * A fixed-capacity ring of transitions {@code (s, a, r, s', terminated)} stored column-wise in
 * primitive arrays. Once full, each new transition overwrites the oldest.
 *
 * <p>Only {@code terminated} is stored as the bootstrap mask: a truncated transition (time limit)
 * is stored with its real next observation and {@code terminated = false}, so the critic still
 * bootstraps from it (pytorch_sac, SB3's {@code handle_timeout_termination}).
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int obsDim;
    private final int actDim;
    private final float[] obs;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObs;
    private final boolean[] terminated;
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
            boolean[] terminated) {
    }

    /** The column arrays themselves (see {@link Columns}). Writing into them modifies this buffer. */
    public Columns columnsView() {
        return new Columns(obs, actions, rewards, nextObs, terminated);
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

    /** Appends a transition, overwriting the oldest when full. The arrays are copied. */
    public void add(float[] observation, float[] action, double reward, float[] nextObservation, boolean isTerminal) {
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
    }

    /** Fills {@code batch} with transitions drawn uniformly with replacement. Modifies batch. */
    public void sample(Batch batch, Rng rng) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch shape does not match the buffer (obs " + obsDim + ", action "
                    + actDim + ")");
        }
        for (int r = 0; r < batch.size; r++) {
            copySlot(rng.nextInt(size), batch, r);
        }
    }
}

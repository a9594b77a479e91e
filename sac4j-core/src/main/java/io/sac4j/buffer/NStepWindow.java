package io.sac4j.buffer;

import java.util.Arrays;

/**
 * Turns one environment's stream of one-step transitions into n-step transitions (Sutton and Barto
 * 2018, §7.1; Hessel et al. 2018, "Rainbow"): for the transition that started at {@code t},
 * <pre>
 *   R = r_t + gamma r_{t+1} + ... + gamma^{k-1} r_{t+k-1},   bootstrap from s_{t+k} with discount gamma^k,
 * </pre>
 * where {@code k = n}, or fewer when the episode ends (terminated or truncated) inside the window. The
 * critic's target is then {@code y = R + gamma^k (1 - terminated) (min_j Qbar_j(s_{t+k}, a') - alpha log pi(a'|s_{t+k}))};
 * the window hands on {@code k} (the replay buffer stores it per transition, {@link ReplayBuffer#add(float[],
 * float[], double, float[], boolean, int)}) and the learner raises gamma to it.
 * A truncated episode bootstraps from its real final observation, as single-step training does; a
 * terminated one does not bootstrap at all. With {@code n = 1} every transition comes out unchanged, at
 * once, with {@code k = 1}.
 *
 * <p>One window per environment copy: {@link #push} takes the copy's newest transition and emits, into
 * an {@link Sink}, every n-step transition that became complete, oldest first (one when the window is full,
 * all pending ones when the episode ends). Nothing is allocated per step. The pending transitions are the
 * window's whole state ({@link #pending}, {@link #restore}), so a checkpoint can carry windows in flight.
 */
public final class NStepWindow {
    /**
     * Receives complete n-step transitions: {@code steps} is k, the number of rewards in {@code nStepReturn},
     * so the bootstrap from {@code nextObservation} is discounted by gamma^k. The arrays are the window's
     * own: copy what you keep.
     */
    public interface Sink {
        void accept(float[] observation, float[] action, double nStepReturn, float[] nextObservation, boolean terminated,
                    int steps);
    }

    private final int n;
    private final double gamma;
    private final int obsDim;
    private final int actDim;
    /** Ring of pending transitions' first observations, actions and rewards. */
    private final float[] obs;
    private final float[] actions;
    private final double[] rewards;
    private final float[] obsRow;
    private final float[] actRow;
    private int start;
    private int count;

    public NStepWindow(int n, double gamma, int obsDim, int actDim) {
        if (n < 1) {
            throw new IllegalArgumentException("n-step window needs n >= 1, got " + n);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("n-step window needs gamma in [0, 1], got " + gamma);
        }
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("n-step window needs obsDim, actDim >= 1, got " + obsDim + ", " + actDim);
        }
        this.n = n;
        this.gamma = gamma;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[n * obsDim];
        this.actions = new float[n * actDim];
        this.rewards = new double[n];
        this.obsRow = new float[obsDim];
        this.actRow = new float[actDim];
    }

    public int n() {
        return n;
    }

    /** The number of transitions waiting for their window to fill or their episode to end (< n). */
    public int size() {
        return count;
    }

    /**
     * Adds the copy's newest transition {@code (s, a, r, s', terminated, truncated)} and emits what became
     * complete: with the episode going on, the oldest pending transition once n are pending; at an episode
     * end (terminated or truncated), every pending one, each bootstrapping from {@code s'} (no bootstrap when
     * terminated). Modifies this window; arrays are copied.
     */
    public void push(float[] observation, float[] action, double reward, float[] nextObservation, boolean terminated,
                     boolean truncated, Sink sink) {
        if (observation.length != obsDim || nextObservation.length != obsDim || action.length != actDim) {
            throw new IllegalArgumentException("NStepWindow.push: expected obs " + obsDim + ", action " + actDim
                    + ", got obs " + observation.length + ", action " + action.length + ", next obs "
                    + nextObservation.length);
        }
        int slot = (start + count) % n;
        System.arraycopy(observation, 0, obs, slot * obsDim, obsDim);
        System.arraycopy(action, 0, actions, slot * actDim, actDim);
        rewards[slot] = reward;
        count++;
        if (terminated || truncated) {
            while (count > 0) {
                emitOldest(nextObservation, terminated, sink);
            }
        } else if (count == n) {
            emitOldest(nextObservation, false, sink);
        }
    }

    /** Emits the oldest pending transition with every pending reward after it, and drops it. */
    private void emitOldest(float[] nextObservation, boolean terminated, Sink sink) {
        // Starting from r_t itself (not 0 + 1 r_t) hands a one-step reward on unchanged, -0.0 included.
        double ret = rewards[start];
        double discount = gamma;
        for (int j = 1; j < count; j++) {
            ret += discount * rewards[(start + j) % n];
            discount *= gamma;
        }
        int steps = count;
        System.arraycopy(obs, start * obsDim, obsRow, 0, obsDim);
        System.arraycopy(actions, start * actDim, actRow, 0, actDim);
        start = (start + 1) % n;
        count--;
        sink.accept(obsRow, actRow, ret, nextObservation, terminated, steps);
    }

    /** Forgets the pending transitions (a resumed run whose environments start new episodes). Modifies this window. */
    public void clear() {
        start = 0;
        count = 0;
    }

    /** The pending transitions, oldest first, as copies: for checkpoints. */
    public record Pending(float[] observations, float[] actions, double[] rewards) {
    }

    public Pending pending() {
        float[] o = new float[count * obsDim];
        float[] a = new float[count * actDim];
        double[] r = new double[count];
        for (int j = 0; j < count; j++) {
            int slot = (start + j) % n;
            System.arraycopy(obs, slot * obsDim, o, j * obsDim, obsDim);
            System.arraycopy(actions, slot * actDim, a, j * actDim, actDim);
            r[j] = rewards[slot];
        }
        return new Pending(o, a, r);
    }

    /** Replaces the pending transitions by {@code p} (as {@link #pending} returned them). Modifies this window. */
    public void restore(Pending p) {
        int k = p.rewards().length;
        if (k >= n || p.observations().length != k * obsDim || p.actions().length != k * actDim) {
            throw new IllegalArgumentException("NStepWindow.restore: " + k + " pending transition(s) with "
                    + p.observations().length + " observation and " + p.actions().length + " action values do not fit"
                    + " a window of n = " + n + ", obs " + obsDim + ", action " + actDim);
        }
        start = 0;
        count = k;
        System.arraycopy(p.observations(), 0, obs, 0, k * obsDim);
        System.arraycopy(p.actions(), 0, actions, 0, k * actDim);
        System.arraycopy(p.rewards(), 0, rewards, 0, k);
        Arrays.fill(rewards, k, n, 0);
    }
}

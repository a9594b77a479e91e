package io.sac4j.env;

import java.util.Arrays;

/**
 * Truncates episodes after {@code maxSteps} steps (Gymnasium's {@code TimeLimit}): the step that
 * reaches the limit is {@code truncated}, not {@code terminated}, and keeps its real observation.
 * Restorable ({@link RestorableEnv}) when what it wraps is: its state is the elapsed count.
 */
public final class TimeLimit extends Wrapper implements RestorableEnv {
    /**
     * Snapshot entry of the elapsed counts of a stack's time limits, outermost first: each TimeLimit
     * prepends its own to what the environment it wraps saved.
     */
    public static final String ELAPSED = "elapsed";

    private final int maxSteps;
    private int elapsed;
    private boolean done = true;

    public TimeLimit(Env env, int maxSteps) {
        super(env);
        if (maxSteps < 1) {
            throw new IllegalArgumentException("TimeLimit: maxSteps must be >= 1, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    public int maxSteps() {
        return maxSteps;
    }

    /** Steps taken in the current episode (for checkpoints). */
    public int elapsed() {
        return elapsed;
    }

    /**
     * Continues an episode that has run {@code elapsed} steps (as restored from a checkpoint, with
     * the wrapped environment's state set to match). Modifies this wrapper.
     *
     * @throws IllegalArgumentException unless {@code 0 <= elapsed < maxSteps}
     */
    public void restoreElapsed(int elapsed) {
        if (elapsed < 0 || elapsed >= maxSteps) {
            throw new IllegalArgumentException(id() + ": elapsed steps must be in [0, " + maxSteps + "), got " + elapsed);
        }
        this.elapsed = elapsed;
        this.done = false;
    }

    @Override
    public float[] reset(long seed) {
        elapsed = 0;
        done = false;
        return env.reset(seed);
    }

    @Override
    public float[] reset() {
        elapsed = 0;
        done = false;
        return env.reset();
    }

    @Override
    public Step step(float[] action) {
        if (done) {
            throw new IllegalStateException(id() + ": step() after the episode ended; call reset() first");
        }
        Step s = env.step(action);
        elapsed++;
        boolean truncated = s.truncated() || elapsed >= maxSteps;
        done = s.terminated() || truncated;
        return truncated == s.truncated() ? s : new Step(s.observation(), s.reward(), s.terminated(), true);
    }

    /** Restorable when the wrapped environment is. */
    @Override
    public boolean restorable() {
        return innerRestorable();
    }

    /** The wrapped environment's state, then this limit's elapsed count in front of {@link #ELAPSED}. Modifies out. */
    @Override
    public void saveState(EnvSnapshot out) {
        saveInner(out);
        int[] below = out.has(ELAPSED) ? out.ints(ELAPSED) : new int[0];
        int[] all = new int[below.length + 1];
        all[0] = elapsed;
        System.arraycopy(below, 0, all, 1, below.length);
        out.putInts(ELAPSED, all);
    }

    /**
     * Takes the first elapsed count for this limit (checked before anything changes), restores the
     * wrapped environment from the rest, then continues its episode ({@link #restoreElapsed}).
     */
    @Override
    public float[] restoreState(EnvSnapshot in) {
        int[] all = in.ints(ELAPSED);
        if (all.length == 0) {
            throw new IllegalArgumentException(id() + ": the saved state holds no elapsed count for this TimeLimit");
        }
        if (all[0] < 0 || all[0] >= maxSteps) {
            throw new IllegalArgumentException(id() + ": elapsed steps must be in [0, " + maxSteps + "), got " + all[0]);
        }
        EnvSnapshot below = in.copy();
        if (all.length == 1) {
            below.remove(ELAPSED);
        } else {
            below.putInts(ELAPSED, Arrays.copyOfRange(all, 1, all.length));
        }
        float[] obs = restoreInner(below);
        restoreElapsed(all[0]);
        return obs;
    }
}

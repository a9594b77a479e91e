package io.sac4j.env;

/**
 * Truncates episodes after {@code maxSteps} steps (Gymnasium's {@code TimeLimit}): the step that
 * reaches the limit is {@code truncated}, not {@code terminated}, and keeps its real observation.
 */
public final class TimeLimit extends Wrapper {
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
}

package io.sac4j.env;

/**
 * An environment whose whole mid-episode state can be saved and restored exactly, so a training
 * run resumed from a checkpoint continues the same episodes, bit for bit. Any environment may
 * implement it, a user's simulator too: put every value that decides future steps (the physical
 * state, the episode's step count, the generator that {@link #reset()} draws from) into the
 * snapshot, and read them back.
 *
 * <p>Call order: {@link #saveState} between steps of an episode that is not over (after a reset,
 * or after a step that was not done); {@link #restoreState} on an instance built the same way
 * (same class, same wrappers), after which {@link #step} continues as the saved environment would
 * have. A wrapper implements it when it can add its own state to what it wraps
 * ({@link TimeLimit}: the elapsed count; {@link RescaleAction}, {@link ClipAction}: nothing) and is
 * then restorable exactly when what it wraps is ({@link #restorable}). An environment that does
 * not implement it (a Box2D world, a remote environment) is not restored: a resumed run starts
 * new episodes.
 */
public interface RestorableEnv extends Env {
    /**
     * Whether this instance can be saved and restored now: true for an environment that implements
     * this interface itself; a wrapper answers whether what it wraps can ({@link #canRestore}).
     */
    default boolean restorable() {
        return true;
    }

    /**
     * Puts everything that decides this environment's future into {@code out}. Does not modify this
     * environment; modifies out. Only called when {@link #restorable}.
     */
    void saveState(EnvSnapshot out);

    /**
     * Sets this environment to the state {@link #saveState} put into {@code in} (of an instance built
     * the same way) and returns the observation of that state. Modifies this environment; not in.
     *
     * @throws IllegalArgumentException when the snapshot does not fit this environment (a missing
     *                                  entry, a wrong length, a value out of range)
     */
    float[] restoreState(EnvSnapshot in);

    /** Whether {@code env} can be saved and restored: a {@link RestorableEnv} that says it is {@link #restorable}. */
    static boolean canRestore(Env env) {
        return env instanceof RestorableEnv r && r.restorable();
    }
}

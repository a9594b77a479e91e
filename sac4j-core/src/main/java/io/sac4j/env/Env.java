package io.sac4j.env;

/**
 * An environment with Gymnasium's semantics.
 *
 * <p>Call order: {@link #reset(long)} (or {@link #reset()}) before the first {@link #step}; after a
 * step that is {@link Step#done() done}, reset again before stepping. Observations are fresh arrays
 * that the caller may keep. {@link #close} releases what the environment holds (a connection, a
 * process, a native simulator); most environments hold nothing and keep the default.
 */
public interface Env extends AutoCloseable {
    /** The registry id, e.g. {@code "Pendulum-v1"}. */
    String id();

    Space observationSpace();

    Space actionSpace();

    /** Seeds the environment's generator and starts an episode; returns the first observation. */
    float[] reset(long seed);

    /** Starts an episode, continuing the generator from the last reset or seed. */
    float[] reset();

    /**
     * Advances one step.
     *
     * @throws IllegalArgumentException when the action has the wrong length or is not finite
     * @throws IllegalStateException    when called before reset or after the episode ended
     */
    Step step(float[] action);

    /** Releases what this environment holds; the default holds nothing. Not checked: it throws no checked exception. */
    @Override
    default void close() {
    }
}

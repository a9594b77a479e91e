package io.sac4j.env;

/**
 * A vector step that has been started ({@link VectorEnv#startStep}) and may still be running
 * elsewhere: on an environment server, while the caller does other work (the training loop runs its
 * gradient steps meanwhile). {@link #join} waits for it and returns what {@link VectorEnv#step}
 * would have returned, or throws what it would have thrown.
 */
public interface PendingStep {
    /** A step that has already finished: what {@link VectorEnv#startStep}'s default returns. */
    static PendingStep done(VectorStep step) {
        return new PendingStep() {
            @Override
            public boolean isDone() {
                return true;
            }

            @Override
            public VectorStep join() {
                return step;
            }
        };
    }

    /** Whether {@link #join} would return (or throw) without waiting. */
    boolean isDone();

    /**
     * Waits for the step and returns its result; the same result (or exception) on every call.
     *
     * @throws IllegalArgumentException when the number of actions or an action's length was wrong
     */
    VectorStep join();
}

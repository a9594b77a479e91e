package io.sac4j.train;

/**
 * Training stopped at {@link #step()} because something was not as it must be: the environment
 * returned a non-finite observation or reward or an observation of the wrong length, refused an
 * action (wrong length, out of its space), or a loss or a parameter became non-finite. The message
 * names what and the step. Checkpoints written before stay as they were: none is written after.
 */
public final class TrainingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public TrainingException(long step, String message) {
        super(message);
        this.step = step;
    }

    public TrainingException(long step, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
    }

    /** The environment step at which training stopped (0: at the first reset). */
    public long step() {
        return step;
    }
}

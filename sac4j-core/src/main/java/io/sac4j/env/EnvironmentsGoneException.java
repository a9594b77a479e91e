package io.sac4j.env;

/**
 * Every copy of a {@link VectorEnv} is gone and none came back within the time the vector waits for
 * them (its environment hosts died or stopped answering): training cannot go on. The message is one
 * line naming what is gone and for how long it was waited for. Thrown by {@link VectorEnv#step}.
 */
public final class EnvironmentsGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnvironmentsGoneException(String message) {
        super(message);
    }
}

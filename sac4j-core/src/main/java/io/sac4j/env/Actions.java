package io.sac4j.env;

/** Checks of what is handed to {@link Env#step} (the action, the episode's state), shared by environments and wrappers. */
public final class Actions {
    private Actions() {
    }

    /** Throws an {@link IllegalArgumentException} naming the environment unless {@code action} has {@code dim} finite entries. */
    public static void check(String envId, float[] action, int dim) {
        if (action == null) {
            throw new IllegalArgumentException(envId + ": action is null, expected " + dim + " value(s)");
        }
        if (action.length != dim) {
            throw new IllegalArgumentException(
                    envId + ": action has length " + action.length + ", expected " + dim);
        }
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(action[i])) {
                throw new IllegalArgumentException(envId + ": action[" + i + "] is " + action[i] + ", not finite");
            }
        }
    }

    /**
     * The index carried by a {@link Discrete} action (a one-element vector holding an integer in
     * {@code [0, n)}); throws an {@link IllegalArgumentException} naming the environment otherwise.
     */
    public static int discrete(String envId, float[] action, int n) {
        check(envId, action, 1);
        float a = action[0];
        if (a != Math.rint(a) || a < 0 || a >= n) {
            throw new IllegalArgumentException(envId + ": action " + a + " is not one of the integers 0.." + (n - 1));
        }
        return (int) a;
    }

    /**
     * Throws an {@link IllegalStateException} naming the environment when a step comes before the
     * first reset ({@code started} false) or after the episode ended ({@code done} true).
     */
    public static void requireRunning(String envId, boolean started, boolean done) {
        if (!started) {
            throw new IllegalStateException(envId + ": step() called before reset()");
        }
        if (done) {
            throw new IllegalStateException(envId + ": step() after the episode ended; call reset() first");
        }
    }
}

package io.sac4j.env;

/** Checks of actions handed to {@link Env#step}, shared by environments and wrappers. */
final class Actions {
    private Actions() {
    }

    /** Throws an {@link IllegalArgumentException} naming the environment unless {@code action} has {@code dim} finite entries. */
    static void check(String envId, float[] action, int dim) {
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
}

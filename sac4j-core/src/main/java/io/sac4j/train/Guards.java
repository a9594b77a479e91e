package io.sac4j.train;

import java.util.Arrays;

/**
 * The checks that stop training with a {@link TrainingException} naming the step: what the
 * environment returns (an observation of the right length with finite values, a finite reward)
 * and what the agent sends (an action inside its space). Stateless.
 */
final class Guards {
    private Guards() {
    }

    /** Returns {@code o} when it has {@code obsDim} finite values; refuses it otherwise, naming {@code envId} and step t. */
    static float[] observation(String envId, float[] o, long t, int obsDim) {
        if (o == null || o.length != obsDim) {
            throw new TrainingException(t, envId + " returned an observation of length "
                    + (o == null ? "null" : o.length) + " at step " + t + ", expected " + obsDim);
        }
        for (float v : o) {
            if (!Float.isFinite(v)) {
                throw new TrainingException(t, envId + " returned a non-finite observation at step " + t + ": "
                        + Arrays.toString(o));
            }
        }
        return o;
    }

    /** Refuses a non-finite reward. */
    static void reward(String envId, double reward, long t) {
        if (!Double.isFinite(reward)) {
            throw new TrainingException(t, envId + " returned a non-finite reward " + reward + " at step " + t);
        }
    }

    /**
     * Refuses an action outside the agent's space: wrong length, not finite, outside [-1, 1]
     * ({@code discreteActions == 0}) or not an index below {@code discreteActions}.
     */
    static void action(float[] a, long t, int actDim, int discreteActions) {
        boolean ok = a.length == actDim;
        for (int i = 0; ok && i < a.length; i++) {
            float v = a[i];
            ok = discreteActions > 0 ? v == Math.rint(v) && v >= 0 && v < discreteActions : v >= -1f && v <= 1f;
        }
        if (!ok) {
            throw new TrainingException(t, "the action " + Arrays.toString(a) + " at step " + t + " is outside "
                    + (discreteActions > 0 ? "the actions 0.." + (discreteActions - 1) : "[-1, 1]^" + actDim)
                    + " (length " + a.length + ", expected " + actDim + ")");
        }
    }
}

package io.sac4j.gym;

import java.time.Duration;

/**
 * Deadlines of the calls to an environment server: a server that died or hangs turns into an error
 * within them, never a wait without end.
 *
 * @param open  Open (making the environment copies: MuJoCo compiles its model) and Close
 * @param reset Reset
 * @param step  one Step of all copies of a session
 */
public record CallTimeouts(Duration open, Duration reset, Duration step) {
    /** 60 s for Open and Reset, 30 s for Step: far above any step of a Gymnasium environment. */
    public static final CallTimeouts DEFAULT = new CallTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    public CallTimeouts {
        for (Duration d : new Duration[]{open, reset, step}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("call timeouts must be positive, got " + d);
            }
        }
    }

    /** These timeouts with Step's replaced. */
    public CallTimeouts withStep(Duration d) {
        return new CallTimeouts(open, reset, d);
    }
}

package io.sac4j.train;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.env.ClipAction;
import io.sac4j.env.Env;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.TimeLimit;
import io.sac4j.env.Wrapper;
import io.sac4j.env.classic.ClassicControl;
import io.sac4j.random.Rng;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mid-episode state of a training environment in a checkpoint, for the stacks whose whole state
 * is readable: stateless wrappers ({@link RescaleAction}, {@link ClipAction}), {@link TimeLimit}s
 * (their elapsed steps) and a {@link ClassicControl} at the bottom (its internal state and its reset
 * generator). Entries, under a prefix that names the copy ({@link #prefix}): {@code <prefix>.state}
 * (doubles), {@code <prefix>.rng}, {@code <prefix>.elapsed} (ints, one per time limit, outermost first). Any other environment or wrapper (a user's simulator,
 * {@link io.sac4j.env.NormalizeObservation}'s running statistics ...) is not restorable: the loop then
 * saves no env entries and a resume starts a new episode (see {@link OffPolicyLoop}).
 */
final class EnvState {
    private EnvState() {
    }

    /** The time limits of the stack, outermost first, and its classic-control bottom; null if not restorable. */
    private record Stack(List<TimeLimit> limits, ClassicControl bottom) {
    }

    private static Stack stack(Env env) {
        List<TimeLimit> limits = new ArrayList<>();
        Env e = env;
        while (e instanceof Wrapper w) {
            if (w instanceof TimeLimit t) {
                limits.add(t);
            } else if (!(w instanceof RescaleAction) && !(w instanceof ClipAction)) {
                return null;
            }
            e = w.inner();
        }
        return e instanceof ClassicControl c ? new Stack(limits, c) : null;
    }

    /**
     * The entry prefix of copy {@code i} of a vector of environments: {@code env} for copy 0 (the names a
     * single-environment checkpoint has always used, so those still resume), {@code env.<i>} for the others.
     */
    static String prefix(int i) {
        return i == 0 ? "env" : "env." + i;
    }

    static boolean restorable(Env env) {
        return stack(env) != null;
    }

    /** Puts the state of a {@link #restorable} environment under {@code prefix}. Does not modify it. */
    static void put(StateWriter out, String prefix, Env env) throws IOException {
        Stack s = stack(env);
        out.putDoubles(prefix + ".state", s.bottom().state());
        Rng generator = new Rng(0);
        generator.restoreState(s.bottom().generatorState());
        ComponentStates.putRng(out, prefix + ".rng", generator);
        int[] elapsed = new int[s.limits().size()];
        for (int i = 0; i < elapsed.length; i++) {
            elapsed[i] = s.limits().get(i).elapsed();
        }
        out.putInts(prefix + ".elapsed", elapsed);
    }

    /**
     * Sets a {@link #restorable} environment to the saved mid-episode state, so its next step is the
     * one the saved environment would have taken; returns the observation of that state.
     * Refuses a saved state of another shape. Modifies env.
     */
    static float[] restore(StateReader in, String prefix, Env env) throws CheckpointException {
        Stack s = stack(env);
        double[] state = in.doubles(prefix + ".state");
        int[] elapsed = in.ints(prefix + ".elapsed");
        if (elapsed.length != s.limits().size()) {
            throw new CheckpointException("checkpoint holds " + elapsed.length + " time limit(s) for " + env.id()
                    + ", this environment has " + s.limits().size());
        }
        Rng r = new Rng(0);
        ComponentStates.restoreRng(in, prefix + ".rng", r);
        float[] obs;
        try {
            obs = s.bottom().setState(state);
            for (int i = 0; i < elapsed.length; i++) {
                s.limits().get(i).restoreElapsed(elapsed[i]);
            }
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint environment state " + Arrays.toString(state) + " elapsed "
                    + Arrays.toString(elapsed) + " does not fit " + env.id() + ": " + e.getMessage());
        }
        s.bottom().restoreGenerator(r.state());
        return obs;
    }
}

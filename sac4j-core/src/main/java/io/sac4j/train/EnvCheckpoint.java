package io.sac4j.train;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.env.EnvSnapshot;
import io.sac4j.env.RestorableEnv;

import java.io.IOException;

/**
 * Adapts a {@link RestorableEnv}'s {@link EnvSnapshot} to checkpoint entries: each snapshot entry
 * {@code name} becomes entry {@code <prefix>.<name>} of the same type, with {@link #prefix} naming
 * the copy ({@code env} for copy 0, {@code env.<i>} for the others). A classic-control environment
 * in a {@code TimeLimit} thus gives {@code env.state}, {@code env.rng.xoshiro256},
 * {@code env.rng.spareGaussian} and {@code env.elapsed}.
 */
final class EnvCheckpoint {
    private EnvCheckpoint() {
    }

    /** The entry prefix of copy {@code i}: {@code env} for copy 0, {@code env.<i>} for the others. */
    static String prefix(int i) {
        return i == 0 ? "env" : "env." + i;
    }

    /** Puts the state of {@code env} under {@code prefix}. Does not modify env. */
    static void put(StateWriter out, String prefix, RestorableEnv env) throws IOException {
        EnvSnapshot s = new EnvSnapshot();
        env.saveState(s);
        for (String name : s.names()) {
            String entry = prefix + "." + name;
            Object v = s.value(name);
            if (v instanceof double[] d) {
                out.putDoubles(entry, d);
            } else if (v instanceof float[] f) {
                out.putFloats(entry, f);
            } else if (v instanceof long[] l) {
                out.putLongs(entry, l);
            } else {
                out.putInts(entry, (int[]) v);
            }
        }
    }

    /**
     * Sets {@code env} to the state saved under {@code prefix} and returns the observation of that state.
     * Which entries to read, and their types, come from what {@code env} itself saves now (its
     * snapshot's names). Refuses, with a message naming the environment, a saved state that does not fit.
     * Modifies env.
     */
    static float[] restore(StateReader in, String prefix, RestorableEnv env) throws CheckpointException {
        EnvSnapshot layout = new EnvSnapshot();
        env.saveState(layout);
        EnvSnapshot saved = new EnvSnapshot();
        for (String name : layout.names()) {
            String entry = prefix + "." + name;
            Object v = layout.value(name);
            if (v instanceof double[]) {
                saved.putDoubles(name, in.doubles(entry));
            } else if (v instanceof float[]) {
                saved.putFloats(name, in.floats(entry));
            } else if (v instanceof long[]) {
                saved.putLongs(name, in.longs(entry));
            } else {
                saved.putInts(name, in.ints(entry));
            }
        }
        try {
            return env.restoreState(saved);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint environment state " + saved + " does not fit " + env.id() + ": "
                    + e.getMessage());
        }
    }
}

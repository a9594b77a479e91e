package io.sac4j.env.classic;

import io.sac4j.env.EnvSnapshot;
import io.sac4j.env.RestorableEnv;
import io.sac4j.random.Rng;

/**
 * A classic-control environment whose internal state can be read and set, in Gymnasium's order, and
 * so saved and restored exactly ({@link RestorableEnv}: snapshot entries {@code state}, the doubles
 * of {@link #state()}, and {@code rng}, the reset generator).
 */
public interface ClassicControl extends RestorableEnv {
    /** A copy of the internal state. */
    double[] state();

    /**
     * Sets the internal state (as after a reset, so stepping may follow) and returns the observation
     * of that state.
     *
     * @throws IllegalArgumentException when the length is wrong or a value is not finite
     */
    float[] setState(double[] state);

    /**
     * The state of the generator that {@link #reset()} draws start states from (for checkpoints: with
     * {@link #state()} it is everything the environment holds). Not modified.
     */
    Rng.State generatorState();

    /** Sets the reset generator to a state {@link #generatorState()} returned. Modifies the environment. */
    void restoreGenerator(Rng.State state);

    /** Throws unless {@code state} has {@code n} finite values. */
    static void requireLength(String id, double[] state, int n) {
        if (state == null || state.length != n) {
            throw new IllegalArgumentException(id + ": state needs " + n + " values, got "
                    + (state == null ? "null" : String.valueOf(state.length)));
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(state[i])) {
                throw new IllegalArgumentException(id + ": state[" + i + "] is " + state[i] + ", not finite");
            }
        }
    }

    /** Puts {@code state} ({@link #state()}) and {@code rng} (the reset generator). Modifies out. */
    @Override
    default void saveState(EnvSnapshot out) {
        out.putDoubles("state", state());
        out.putRng("rng", generatorState());
    }

    /** Sets the state and the reset generator {@link #saveState} put; returns the state's observation. */
    @Override
    default float[] restoreState(EnvSnapshot in) {
        double[] state = in.doubles("state");
        Rng.State generator = in.rng("rng");
        float[] obs = setState(state);
        restoreGenerator(generator);
        return obs;
    }
}

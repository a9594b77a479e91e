package io.sac4j.sac;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.EntryType;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The checkpoint entries every learner writes, all under {@value #PREFIX} (Acme keeps a learner's
 * whole state in one value for the same reason: one place to save, one to restore):
 * <ul>
 * <li>{@code learner.kind} (string): {@code sac}, {@code sac-v1} or {@code sac-discrete};</li>
 * <li>{@code learner.dims} (ints): observation size, action size (discrete: the number of actions),
 * then the hidden widths;</li>
 * <li>{@code learner.updates} (1 long): gradient steps taken;</li>
 * <li>{@code learner.rng}: the learner's own generator ({@link ComponentStates#putRng});</li>
 * <li>per network {@code n}: {@code learner.n} (its parameters) and, if it is trained,
 * {@code learner.n.adam} (its optimiser), e.g. {@code actor}, {@code qf1}, {@code qf1_target},
 * {@code vf}, {@code vf_target}, {@code log_alpha}.</li>
 * </ul>
 * {@link #restoreHeader} checks the kind and the sizes before anything is changed, so a checkpoint of
 * another variant or of other network sizes is refused with the learner as it was.
 */
final class LearnerState {
    static final String PREFIX = "learner";

    private final String kind;
    private final int[] dims;
    private final Rng rng;
    private final PartGroup parts;

    /**
     * @param kind  the learner kind a checkpoint records ({@code sac}, {@code sac-v1}, {@code sac-discrete})
     * @param dims  see {@link #dims}
     * @param rng   the learner's generator, saved as {@code learner.rng}
     * @param parts the learner's parts, in the order their entries are written
     */
    LearnerState(String kind, int[] dims, Rng rng, List<? extends StatefulPart> parts) {
        this.kind = kind;
        this.dims = dims.clone();
        this.rng = rng;
        List<StatefulPart> all = List.copyOf(parts);
        this.parts = () -> all;
    }

    /**
     * Writes the header and every part's entries, after checking every part's parameters are finite
     * (so a refused state writes nothing). Does not modify the learner.
     */
    void save(StateWriter out, long updates) throws IOException {
        parts.requireFinite();
        putHeader(out, kind, dims, updates, rng);
        parts.save(out);
    }

    /**
     * Checks the header (kind and sizes, before anything changes), restores every part and the
     * generator, and returns the saved update count.
     */
    long restore(StateReader in) throws CheckpointException {
        long saved = restoreHeader(in, kind, dims);
        parts.restore(in);
        ComponentStates.restoreRng(in, PREFIX + ".rng", rng);
        return saved;
    }

    /** Scales every part's optimisers' learning rate by {@code factor} (see {@link Learner#setLearningRateFactor}). */
    void setLearningRateFactor(double factor) {
        for (Adam a : parts.optimizers()) {
            a.setLearningRateFactor(factor);
        }
    }

    static int[] dims(int obsDim, int actDim, List<Integer> hidden) {
        int[] d = new int[hidden.size() + 2];
        d[0] = obsDim;
        d[1] = actDim;
        for (int i = 0; i < hidden.size(); i++) {
            d[i + 2] = hidden.get(i);
        }
        return d;
    }

    private static void putHeader(StateWriter out, String kind, int[] dims, long updates, Rng rng) throws IOException {
        out.putString(PREFIX + ".kind", kind);
        out.putInts(PREFIX + ".dims", dims);
        out.putLongs(PREFIX + ".updates", updates);
        ComponentStates.putRng(out, PREFIX + ".rng", rng);
    }

    /**
     * Refuses a checkpoint of another learner kind or of other sizes; returns the saved update count.
     * Changes nothing.
     */
    private static long restoreHeader(StateReader in, String kind, int[] dims) throws CheckpointException {
        String savedKind = in.string(PREFIX + ".kind");
        if (!savedKind.equals(kind)) {
            throw new CheckpointException("checkpoint holds a " + savedKind + " learner, this is a " + kind
                    + " learner");
        }
        int[] saved = in.ints(PREFIX + ".dims");
        if (!Arrays.equals(saved, dims)) {
            throw new CheckpointException("checkpoint " + kind + " learner has sizes (obs, act, hidden...) "
                    + Arrays.toString(saved) + ", this learner " + Arrays.toString(dims));
        }
        if (in.count(PREFIX + ".updates", EntryType.LONGS) != 1) {
            throw new CheckpointException("checkpoint entry '" + PREFIX + ".updates' must hold 1 long");
        }
        long updates = in.longs(PREFIX + ".updates")[0];
        if (updates < 0) {
            throw new CheckpointException("checkpoint entry '" + PREFIX + ".updates' is negative: " + updates);
        }
        return updates;
    }

    /** Puts network {@code name}'s parameters and, when {@code adam} is not null, its optimiser. */
    static void putNetwork(StateWriter out, String name, List<Parameter> params, Adam adam) throws IOException {
        ComponentStates.putParameters(out, PREFIX + "." + name, params);
        if (adam != null) {
            ComponentStates.putAdam(out, PREFIX + "." + name + ".adam", adam);
        }
    }

    /** Restores what {@link #putNetwork} wrote. Modifies params and adam. */
    static void restoreNetwork(StateReader in, String name, List<Parameter> params, Adam adam)
            throws CheckpointException {
        ComponentStates.restoreParameters(in, PREFIX + "." + name, params);
        if (adam != null) {
            ComponentStates.restoreAdam(in, PREFIX + "." + name + ".adam", adam);
        }
    }

    /**
     * Throws a {@link NumericalInstabilityException} naming the first parameter of network
     * {@code name} that holds a NaN or an infinity, so that bad weights are never saved.
     */
    static void requireFinite(String name, List<Parameter> params) {
        for (Parameter p : params) {
            float[] d = p.value.data;
            for (int i = 0; i < p.value.size(); i++) {
                if (!Float.isFinite(d[i])) {
                    throw new NumericalInstabilityException("network " + name + ": parameter " + p.name() + "["
                            + i + "] is " + d[i] + ", not finite");
                }
            }
        }
    }
}

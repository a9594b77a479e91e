package io.sac4j.checkpoint;

import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves and restores the state of sac4j's stateful components as checkpoint entries under a
 * prefix: {@link Rng}, {@link Adam}, a list of {@link Parameter}s and a {@link ReplayBuffer}. Each
 * {@code restore...} method checks every entry it needs (presence, type, length, shape) against the
 * target before it changes anything, so a refused restore leaves the target as it was (except for a
 * read that fails in the middle of a parameter list or a buffer's columns, because the file changed
 * or could not be read after it was opened and verified: the target is then unspecified).
 *
 * <p>Entry names, for prefix {@code p}:
 * <ul>
 * <li>Rng: {@code p.xoshiro256} (4 longs), {@code p.spareGaussian} (0 or 1 double);</li>
 * <li>parameters: {@code p.names} (string, one name per line), {@code p.shapes} (ints: rows, cols per
 * parameter), {@code p/<name>} (floats, row-major);</li>
 * <li>Adam: {@code p.steps} (1 long), {@code p.names}, {@code p.shapes} as for parameters,
 * {@code p.m/<name>} and {@code p.v/<name>} (floats): the moments;</li>
 * <li>ReplayBuffer: {@code p.shape} (ints: capacity, obs, act), {@code p.position} (longs: write
 * position, size, added), {@code p.observations}, {@code p.actions}, {@code p.rewards},
 * {@code p.nextObservations} (floats), {@code p.terminated} (booleans), {@code p.steps} (bytes: each
 * transition's k, 1 for one-step ones; absent in checkpoints of an older sac4j, which restore as all 1):
 * the first {@code size} slots of each column, so a partly filled buffer stores only what it holds.</li>
 * </ul>
 */
public final class ComponentStates {
    private ComponentStates() {
    }

    // --- Rng ---

    /** Puts {@code rng}'s whole state (see {@link Rng#state()}). Does not modify rng. */
    public static void putRng(StateWriter out, String prefix, Rng rng) throws IOException {
        Rng.State s = rng.state();
        out.putLongs(prefix + ".xoshiro256", s.s0(), s.s1(), s.s2(), s.s3());
        out.putDoubles(prefix + ".spareGaussian", s.haveSpare() ? new double[] {s.spare()} : new double[0]);
    }

    /** Restores {@code rng} to the saved state, so it continues the saved sequence. Modifies rng. */
    public static void restoreRng(StateReader in, String prefix, Rng rng) throws CheckpointException {
        String name = prefix + ".xoshiro256";
        long[] words = longs(in, name, 4);
        double[] spare = in.doubles(prefix + ".spareGaussian");
        if (spare.length > 1) {
            throw new CheckpointException("checkpoint entry '" + prefix + ".spareGaussian' holds " + spare.length
                    + " doubles, expected 0 or 1");
        }
        if ((words[0] | words[1] | words[2] | words[3]) == 0) {
            throw new CheckpointException("checkpoint entry '" + name + "' is all zero, not a generator state");
        }
        rng.restoreState(new Rng.State(words[0], words[1], words[2], words[3], spare.length == 1,
                spare.length == 1 ? spare[0] : 0.0));
    }

    private static long[] longs(StateReader in, String name, int count) throws CheckpointException {
        int n = in.count(name, EntryType.LONGS);
        if (n != count) {
            throw new CheckpointException("checkpoint entry '" + name + "' holds " + n + " longs, expected " + count);
        }
        return in.longs(name);
    }

    // --- parameters ---

    private static void putNamesAndShapes(StateWriter out, String prefix, List<Parameter> params) throws IOException {
        Set<String> seen = new HashSet<>();
        int[] shapes = new int[2 * params.size()];
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.name().isEmpty() || p.name().indexOf('\n') >= 0 || !seen.add(p.name())) {
                throw new IllegalArgumentException("parameter names must be unique, non-empty and one line; got '"
                        + p.name() + "' in " + prefix);
            }
            names.append(i == 0 ? "" : "\n").append(p.name());
            shapes[2 * i] = p.value.rows;
            shapes[2 * i + 1] = p.value.cols;
        }
        out.putString(prefix + ".names", names.toString());
        out.putInts(prefix + ".shapes", shapes);
    }

    /**
     * Checks that the saved names and shapes under {@code prefix} are exactly those of
     * {@code params} (same set of names, each with the same shape); the order may differ.
     * Returns each parameter's saved index by name.
     */
    private static Map<String, Integer> checkNamesAndShapes(StateReader in, String prefix, List<Parameter> params,
            String what) throws CheckpointException {
        String text = in.string(prefix + ".names");
        List<String> saved = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
        int[] shapes = in.ints(prefix + ".shapes");
        if (shapes.length != 2 * saved.size()) {
            throw new CheckpointException("checkpoint entry '" + prefix + ".shapes' holds " + shapes.length
                    + " ints for " + saved.size() + " names");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < saved.size(); i++) {
            if (index.put(saved.get(i), i) != null) {
                throw new CheckpointException("checkpoint " + what + " '" + prefix + "' names parameter '" + saved.get(i)
                        + "' twice");
            }
        }
        Set<String> mine = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (Parameter p : params) {
            mine.add(p.name());
            Integer i = index.get(p.name());
            if (i == null) {
                missing.add(p.name());
            } else if (shapes[2 * i] != p.value.rows || shapes[2 * i + 1] != p.value.cols) {
                throw new CheckpointException("checkpoint " + what + " '" + prefix + "': parameter '" + p.name()
                        + "' is saved as " + shapes[2 * i] + "x" + shapes[2 * i + 1] + ", here it is " + p.value.shape());
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException("checkpoint " + what + " '" + prefix + "' lacks parameters " + missing);
        }
        List<String> unknown = new ArrayList<>();
        for (String s : saved) {
            if (!mine.contains(s)) {
                unknown.add(s);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CheckpointException("checkpoint " + what + " '" + prefix + "' holds unknown parameters " + unknown);
        }
        return index;
    }

    /** Puts the values of {@code params} by name (names unique). Does not modify them. */
    public static void putParameters(StateWriter out, String prefix, List<Parameter> params) throws IOException {
        putNamesAndShapes(out, prefix, params);
        for (Parameter p : params) {
            out.putFloats(prefix + "/" + p.name(), p.value.data);
        }
    }

    /**
     * Restores the values of {@code params} by name. Refuses a saved set with unknown or missing names
     * or another shape of any parameter. Modifies the parameters' values (not their gradients).
     */
    public static void restoreParameters(StateReader in, String prefix, List<Parameter> params)
            throws CheckpointException {
        checkNamesAndShapes(in, prefix, params, "parameters");
        for (Parameter p : params) {
            checkCount(in, prefix + "/" + p.name(), EntryType.FLOATS, p.value.size());
        }
        for (Parameter p : params) {
            in.floatsInto(prefix + "/" + p.name(), p.value.data, 0, p.value.size());
        }
    }

    // --- Adam ---

    /** Puts {@code adam}'s step count and moments by parameter name. Does not modify adam. */
    public static void putAdam(StateWriter out, String prefix, Adam adam) throws IOException {
        Adam.State s = adam.state();
        List<Parameter> params = adam.parameters();
        out.putLongs(prefix + ".steps", s.steps());
        putNamesAndShapes(out, prefix, params);
        for (int i = 0; i < params.size(); i++) {
            out.putFloats(prefix + ".m/" + params.get(i).name(), s.firstMoments()[i]);
            out.putFloats(prefix + ".v/" + params.get(i).name(), s.secondMoments()[i]);
        }
    }

    /**
     * Restores {@code adam}'s step count and moments. Refuses a saved optimiser over other parameter
     * names or shapes. Modifies adam.
     */
    public static void restoreAdam(StateReader in, String prefix, Adam adam) throws CheckpointException {
        long steps = longs(in, prefix + ".steps", 1)[0];
        if (steps < 0) {
            throw new CheckpointException("checkpoint entry '" + prefix + ".steps' is negative: " + steps);
        }
        List<Parameter> params = adam.parameters();
        checkNamesAndShapes(in, prefix, params, "optimiser");
        float[][] m = new float[params.size()][];
        float[][] v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).value.size()];
            v[i] = new float[params.get(i).value.size()];
            in.floatsInto(prefix + ".m/" + params.get(i).name(), m[i], 0, m[i].length);
            in.floatsInto(prefix + ".v/" + params.get(i).name(), v[i], 0, v[i].length);
        }
        adam.restoreState(new Adam.State(steps, m, v));
    }

    // --- ReplayBuffer ---

    /** Puts {@code buffer}'s shape, position and the held part of every column (not copied first). */
    public static void putReplayBuffer(StateWriter out, String prefix, ReplayBuffer buffer) throws IOException {
        ReplayBuffer.Columns c = buffer.columnsView();
        int n = buffer.size();
        out.putInts(prefix + ".shape", buffer.capacity(), buffer.obsDim(), buffer.actDim());
        out.putLongs(prefix + ".position", buffer.writePosition(), n, buffer.added());
        out.putFloats(prefix + ".observations", c.observations(), 0, n * buffer.obsDim());
        out.putFloats(prefix + ".actions", c.actions(), 0, n * buffer.actDim());
        out.putFloats(prefix + ".rewards", c.rewards(), 0, n);
        out.putFloats(prefix + ".nextObservations", c.nextObservations(), 0, n * buffer.obsDim());
        out.putBooleans(prefix + ".terminated", c.terminated(), 0, n);
        out.putBytes(prefix + ".steps", Arrays.copyOf(c.steps(), n));
    }

    /**
     * Restores {@code buffer}'s columns, write position and counts, read straight into its columns.
     * Refuses a saved buffer of another capacity or dimensions, or with an inconsistent position.
     * Modifies buffer; afterwards its samples equal those of the buffer that was saved.
     */
    public static void restoreReplayBuffer(StateReader in, String prefix, ReplayBuffer buffer)
            throws CheckpointException {
        int[] shape = in.ints(prefix + ".shape");
        int[] mine = {buffer.capacity(), buffer.obsDim(), buffer.actDim()};
        if (!Arrays.equals(shape, mine)) {
            throw new CheckpointException("checkpoint replay buffer '" + prefix + "' has (capacity, obs, act) "
                    + Arrays.toString(shape) + ", this buffer " + Arrays.toString(mine));
        }
        long[] pos = longs(in, prefix + ".position", 3);
        long added = pos[2];
        if (added < 0 || pos[1] != Math.min(added, buffer.capacity()) || pos[0] != added % buffer.capacity()) {
            throw new CheckpointException("checkpoint replay buffer '" + prefix + "' has an inconsistent position "
                    + "(write position " + pos[0] + ", size " + pos[1] + ", added " + added + ")");
        }
        int n = (int) pos[1];
        String[] floatColumns = {"observations", "actions", "rewards", "nextObservations"};
        int[] widths = {buffer.obsDim(), buffer.actDim(), 1, buffer.obsDim()};
        for (int i = 0; i < floatColumns.length; i++) {
            checkCount(in, prefix + "." + floatColumns[i], EntryType.FLOATS, n * widths[i]);
        }
        checkCount(in, prefix + ".terminated", EntryType.BOOLEANS, n);
        boolean withSteps = in.has(prefix + ".steps");
        byte[] steps = withSteps ? in.bytes(prefix + ".steps") : null;
        if (withSteps && steps.length != n) {
            throw new CheckpointException("checkpoint entry '" + prefix + ".steps' holds " + steps.length
                    + " bytes, expected " + n);
        }
        if (withSteps) {
            for (int i = 0; i < n; i++) {
                if (steps[i] < 1) {
                    throw new CheckpointException("checkpoint entry '" + prefix + ".steps' holds " + steps[i]
                            + " at slot " + i + ", not a number of steps (>= 1)");
                }
            }
        }
        ReplayBuffer.Columns c = buffer.columnsView();
        float[][] columns = {c.observations(), c.actions(), c.rewards(), c.nextObservations()};
        for (int i = 0; i < floatColumns.length; i++) {
            in.floatsInto(prefix + "." + floatColumns[i], columns[i], 0, n * widths[i]);
        }
        in.booleansInto(prefix + ".terminated", c.terminated(), 0, n);
        if (withSteps) {
            System.arraycopy(steps, 0, c.steps(), 0, n);
        } else {
            Arrays.fill(c.steps(), 0, n, (byte) 1);
        }
        buffer.restorePosition((int) pos[0], n, added);
    }

    private static void checkCount(StateReader in, String name, EntryType type, int expected)
            throws CheckpointException {
        int n = in.count(name, type);
        if (n != expected) {
            throw new CheckpointException("checkpoint entry '" + name + "' holds " + n + " " + type.label
                    + ", expected " + expected);
        }
    }
}

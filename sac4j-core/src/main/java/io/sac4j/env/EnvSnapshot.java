package io.sac4j.env;

import io.sac4j.random.Rng;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The saved state of a {@link RestorableEnv}: named arrays of doubles, floats, longs or ints, in the
 * order they were put. An environment writes into it in {@link RestorableEnv#saveState} and reads
 * back what it wrote in {@link RestorableEnv#restoreState}; whoever stores it (a training loop's
 * checkpoint) copies the entries under names of its own and never interprets them. Names are
 * non-empty and do not start with a digit (a checkpoint numbers the copies of a vector that way).
 *
 * <p>A put replaces an entry of the same name, so a wrapper may extend what the environment it
 * wraps wrote ({@link TimeLimit} prepends its elapsed count to {@code elapsed}). Arrays are copied
 * on the way in and out: a snapshot never aliases its caller's arrays.
 */
public final class EnvSnapshot {
    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** Puts a copy of {@code values} under {@code name}. Modifies this snapshot. */
    public void putDoubles(String name, double... values) {
        entries.put(checkName(name), values.clone());
    }

    /** Puts a copy of {@code values} under {@code name}. Modifies this snapshot. */
    public void putFloats(String name, float... values) {
        entries.put(checkName(name), values.clone());
    }

    /** Puts a copy of {@code values} under {@code name}. Modifies this snapshot. */
    public void putLongs(String name, long... values) {
        entries.put(checkName(name), values.clone());
    }

    /** Puts a copy of {@code values} under {@code name}. Modifies this snapshot. */
    public void putInts(String name, int... values) {
        entries.put(checkName(name), values.clone());
    }

    /**
     * Puts a generator's whole state as {@code name.xoshiro256} (4 longs) and {@code name.spareGaussian}
     * (0 or 1 double): the entries a checkpoint uses for every generator. Modifies this snapshot.
     */
    public void putRng(String name, Rng.State state) {
        putLongs(name + ".xoshiro256", state.s0(), state.s1(), state.s2(), state.s3());
        putDoubles(name + ".spareGaussian", state.haveSpare() ? new double[] {state.spare()} : new double[0]);
    }

    /** A snapshot with the same entries (copies of the arrays). */
    public EnvSnapshot copy() {
        EnvSnapshot c = new EnvSnapshot();
        for (String name : entries.keySet()) {
            c.putValue(name, entries.get(name));
        }
        return c;
    }

    /** Removes entry {@code name} if present. Modifies this snapshot. */
    public void remove(String name) {
        entries.remove(name);
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The entry names in the order they were first put. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /**
     * A copy of entry {@code name}: a {@code double[]}, {@code float[]}, {@code long[]} or {@code int[]}
     * (for a store that copies entries without knowing them).
     *
     * @throws IllegalArgumentException when there is no such entry
     */
    public Object value(String name) {
        Object v = require(name);
        if (v instanceof double[] d) {
            return d.clone();
        }
        if (v instanceof float[] f) {
            return f.clone();
        }
        if (v instanceof long[] l) {
            return l.clone();
        }
        return ((int[]) v).clone();
    }

    /** Puts a copy of {@code value}, one of the arrays {@link #value} returns, under {@code name}. Modifies this snapshot. */
    public void putValue(String name, Object value) {
        if (value instanceof double[] d) {
            putDoubles(name, d);
        } else if (value instanceof float[] f) {
            putFloats(name, f);
        } else if (value instanceof long[] l) {
            putLongs(name, l);
        } else if (value instanceof int[] i) {
            putInts(name, i);
        } else {
            throw new IllegalArgumentException("environment state entry '" + name
                    + "' must be a double[], float[], long[] or int[], got " + value);
        }
    }

    /** @throws IllegalArgumentException when there is no such entry or it holds another type */
    public double[] doubles(String name) {
        return typed(name, double[].class).clone();
    }

    /** @throws IllegalArgumentException when there is no such entry or it holds another type */
    public float[] floats(String name) {
        return typed(name, float[].class).clone();
    }

    /** @throws IllegalArgumentException when there is no such entry or it holds another type */
    public long[] longs(String name) {
        return typed(name, long[].class).clone();
    }

    /** @throws IllegalArgumentException when there is no such entry or it holds another type */
    public int[] ints(String name) {
        return typed(name, int[].class).clone();
    }

    /**
     * The generator state {@link #putRng} put under {@code name}.
     *
     * @throws IllegalArgumentException when an entry is missing or of another shape, or the state is all zero
     */
    public Rng.State rng(String name) {
        long[] w = longs(name + ".xoshiro256");
        double[] spare = doubles(name + ".spareGaussian");
        if (w.length != 4 || spare.length > 1) {
            throw new IllegalArgumentException("environment state entry '" + name + "' holds " + w.length
                    + " words and " + spare.length + " spare values, expected 4 and 0 or 1");
        }
        if ((w[0] | w[1] | w[2] | w[3]) == 0) {
            throw new IllegalArgumentException("environment state entry '" + name + "' is all zero, not a generator state");
        }
        return new Rng.State(w[0], w[1], w[2], w[3], spare.length == 1, spare.length == 1 ? spare[0] : 0.0);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("EnvSnapshot[");
        String sep = "";
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Object v = e.getValue();
            String text = v instanceof double[] d ? Arrays.toString(d) : v instanceof float[] f ? Arrays.toString(f)
                    : v instanceof long[] l ? Arrays.toString(l) : Arrays.toString((int[]) v);
            b.append(sep).append(e.getKey()).append('=').append(text);
            sep = ", ";
        }
        return b.append(']').toString();
    }

    private Object require(String name) {
        Object v = entries.get(name);
        if (v == null) {
            throw new IllegalArgumentException("environment state entry '" + name + "' is missing");
        }
        return v;
    }

    private <T> T typed(String name, Class<T> type) {
        Object v = require(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("environment state entry '" + name + "' holds a "
                    + v.getClass().getSimpleName() + ", expected a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException("an environment state entry needs a name not starting with a digit, got '"
                    + name + "'");
        }
        return name;
    }
}

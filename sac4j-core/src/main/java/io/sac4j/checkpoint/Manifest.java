package io.sac4j.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The free-form part of a checkpoint's header: ordered string key/values such as the environment
 * id, the configuration as JSON text, step counts and the run's provenance (Tribuo stores
 * provenance with every model for the same reason: a file says how it was made). Immutable.
 *
 * <p>The writer adds {@link #SAC4J_VERSION}; the format version lives in the file header, not here.
 */
public final class Manifest {
    /** The sac4j version that wrote the file (added by the writer). */
    public static final String SAC4J_VERSION = "sac4j.version";
    public static final String SEED = "seed";
    public static final String THREADS = "threads";
    public static final String JAVA_VERSION = "java.version";
    public static final String JAVA_VM = "java.vm";
    public static final String OS_ARCH = "os.arch";

    private static final Manifest EMPTY = new Manifest(new LinkedHashMap<>());

    private final Map<String, String> values;

    private Manifest(LinkedHashMap<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Manifest empty() {
        return EMPTY;
    }

    /** A manifest holding {@code values} (copied, in their iteration order). */
    public static Manifest of(Map<String, String> values) {
        Manifest m = EMPTY;
        for (Map.Entry<String, String> e : values.entrySet()) {
            m = m.with(e.getKey(), e.getValue());
        }
        return m;
    }

    /** This manifest with {@code key} set to {@code value} (replacing any earlier value). */
    public Manifest with(String key, String value) {
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("manifest keys must be non-empty and values non-null, got " + key
                    + " = " + value);
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Manifest(copy);
    }

    /** This manifest with {@code key} set to {@code Long.toString(value)}. */
    public Manifest with(String key, long value) {
        return with(key, Long.toString(value));
    }

    /**
     * This manifest with the run's provenance: {@link #SEED}, {@link #THREADS}, and this JVM's
     * {@link #JAVA_VERSION}, {@link #JAVA_VM} and {@link #OS_ARCH}.
     */
    public Manifest withProvenance(long seed, int threads) {
        return with(SEED, seed)
                .with(THREADS, threads)
                .with(JAVA_VERSION, Runtime.version().toString())
                .with(JAVA_VM, System.getProperty("java.vm.name", "unknown"))
                .with(OS_ARCH, System.getProperty("os.arch", "unknown"));
    }

    /** The key/values in their order. Unmodifiable. */
    public Map<String, String> values() {
        return values;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}; refuses a manifest without it. */
    public String require(String key) throws CheckpointException {
        String v = values.get(key);
        if (v == null) {
            throw new CheckpointException("checkpoint manifest has no '" + key + "' (keys: " + values.keySet() + ")");
        }
        return v;
    }

    /** The value of {@code key} as a long; refuses a missing or non-numeric value. */
    public long requireLong(String key) throws CheckpointException {
        String v = require(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException("checkpoint manifest '" + key + "' = '" + v + "' is not an integer");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest" + values;
    }
}

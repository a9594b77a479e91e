package io.sac4j.env;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes copies of one environment that may share a resource, e.g. the server process that serves a
 * Gymnasium environment: every {@link #make} and {@link #makeVector} is a new, independent set of
 * copies (its own episodes and generators), and {@link #close} releases the shared resource. Close
 * what it made first; closing the source ends copies still open.
 *
 * <p>Call order: {@link #make} / {@link #makeVector} any number of times, then {@link #close}.
 */
public interface EnvSource extends AutoCloseable {
    /** The id as the user wrote it, with its prefix, e.g. {@code "gym:HalfCheetah-v5"}. */
    String id();

    /** A new single copy. */
    Env make();

    /** A new vector of {@code n} copies stepped together. */
    VectorEnv makeVector(int n);

    /** Releases what the copies share; the default holds nothing. */
    @Override
    default void close() {
    }

    /**
     * A source of in-JVM copies from {@code factory}: {@link #makeVector} steps them on the calling
     * thread ({@link VectorEnv#sequential}).
     */
    static EnvSource local(String id, Supplier<Env> factory) {
        Objects.requireNonNull(factory, "factory");
        return new EnvSource() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Env make() {
                return factory.get();
            }

            @Override
            public VectorEnv makeVector(int n) {
                return VectorEnv.sequential(factory, n);
            }
        };
    }
}

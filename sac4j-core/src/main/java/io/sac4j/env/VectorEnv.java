package io.sac4j.env;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * N copies of an environment stepped together (Gymnasium's vector environments), with same-step
 * autoreset (see {@link VectorStep}): a copy whose episode ended in a step is reset at once, its
 * entry of {@link VectorStep#observations()} is the new episode's first observation and the real
 * last one is in {@link VectorStep#finalObservations()}. The copies may live in this JVM
 * ({@link #sequential}, {@link #threaded}) or elsewhere (an environment server).
 *
 * <p>Call order: {@link #reset(long)} before the first {@link #step}; then {@link #step} any number of
 * times; {@link #close} releases threads, connections and processes.
 */
public interface VectorEnv extends AutoCloseable {
    /** N copies stepped one after another on the calling thread. */
    static LocalVectorEnv sequential(Supplier<Env> factory, int n) {
        return new LocalVectorEnv(factory, n, 1);
    }

    /** N copies stepped on {@code threads} threads (contiguous blocks of copies per thread), with the results of {@link #sequential}. */
    static LocalVectorEnv threaded(Supplier<Env> factory, int n, int threads) {
        return new LocalVectorEnv(factory, n, threads);
    }

    int numEnvs();

    /** The registry id of the copies, e.g. {@code "Pendulum-v1"}. */
    String id();

    /** The observation space of one copy. */
    Space singleObservationSpace();

    /** The action space of one copy. */
    Space singleActionSpace();

    /** Resets copy {@code i} with seed {@code seed + i}; returns the first observations, one array per copy. */
    float[][] reset(long seed);

    /**
     * Steps every copy with its action ({@code actions[i]} for copy i) and resets the copies whose
     * episode ended.
     *
     * @throws IllegalArgumentException when the number of actions or an action's length is wrong
     */
    VectorStep step(float[][] actions);

    /**
     * Starts {@link #step}{@code (actions)} and returns, where the copies live elsewhere, before it
     * finishes: the caller may work while the environments step, then {@link PendingStep#join} it. The
     * caller leaves {@code actions} unchanged and calls nothing else on this vector until then. Nothing
     * else changes: a step started and joined is the step {@link #step} takes.
     *
     * <p>The default steps at once and returns the finished step; a vector whose step waits on another
     * process (a remote one) overrides it. A vector that may report {@link VectorStep#absent} copies
     * must not return before it knows which (the training loop plans its gradient steps on all copies
     * storing a transition when a step is still running), and a wrapper that changes {@link #step}
     * overrides this too or keeps the default, never forwarding it unchanged.
     *
     * @throws IllegalArgumentException as {@link #step} does, here or from {@link PendingStep#join}
     */
    default PendingStep startStep(float[][] actions) {
        return PendingStep.done(step(actions));
    }

    /**
     * The copies themselves, in copy order, when every one of them can be saved and restored exactly
     * ({@link RestorableEnv#canRestore}), for a checkpoint; empty otherwise (the default: copies that
     * live elsewhere, or one copy that is not restorable). Restoring a copy sets it mid-episode as
     * {@link RestorableEnv#restoreState} says; stepping or resetting one outside {@link #step} and
     * {@link #reset} breaks the vector's bookkeeping.
     */
    default Optional<List<RestorableEnv>> restorableCopies() {
        return Optional.empty();
    }

    /** Releases what the copies hold; no-op for copies that hold nothing. Not checked: it throws no checked exception. */
    @Override
    void close();
}

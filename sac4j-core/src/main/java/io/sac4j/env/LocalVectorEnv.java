package io.sac4j.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * N copies of an environment in this JVM stepped together, one after another on the calling thread
 * ({@link VectorEnv#sequential}) or on threads ({@link VectorEnv#threaded}), with identical results:
 * copy {@code i} is reset with seed {@code seed + i} and then continues its own generator, so what a
 * copy sees does not depend on the others or on the thread count. The copies themselves are
 * reachable ({@link #env}) for reading or setting their state.
 */
public final class LocalVectorEnv implements VectorEnv {
    private final Env[] envs;
    private final ExecutorService pool;
    private final int threads;

    LocalVectorEnv(Supplier<Env> factory, int n, int threads) {
        if (n < 1) {
            throw new IllegalArgumentException("VectorEnv needs at least one copy, got " + n);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("VectorEnv needs threads >= 1, got " + threads);
        }
        this.envs = new Env[n];
        for (int i = 0; i < n; i++) {
            envs[i] = factory.get();
        }
        this.threads = Math.min(threads, n);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "sac4j-vector-env");
            t.setDaemon(true);
            return t;
        }) : null;
    }


    @Override
    public int numEnvs() {
        return envs.length;
    }

    /**
     * Copy {@code i} itself (not a copy of it): for reading or setting its state, as a checkpoint
     * does. Stepping or resetting it outside {@link #step} and {@link #reset} breaks the vector's bookkeeping.
     */
    public Env env(int i) {
        return envs[i];
    }

    /** All copies, when each one {@link RestorableEnv#canRestore}. */
    @Override
    public Optional<List<RestorableEnv>> restorableCopies() {
        List<RestorableEnv> copies = new ArrayList<>(envs.length);
        for (Env e : envs) {
            if (!RestorableEnv.canRestore(e)) {
                return Optional.empty();
            }
            copies.add((RestorableEnv) e);
        }
        return Optional.of(List.copyOf(copies));
    }

    @Override
    public String id() {
        return envs[0].id();
    }

    @Override
    public Space singleObservationSpace() {
        return envs[0].observationSpace();
    }

    @Override
    public Space singleActionSpace() {
        return envs[0].actionSpace();
    }

    @Override
    public float[][] reset(long seed) {
        float[][] obs = new float[envs.length][];
        forEachCopy(i -> obs[i] = envs[i].reset(seed + i));
        return obs;
    }

    @Override
    public VectorStep step(float[][] actions) {
        if (actions == null || actions.length != envs.length) {
            throw new IllegalArgumentException(id() + ": VectorEnv.step needs " + envs.length + " actions, got "
                    + (actions == null ? "null" : String.valueOf(actions.length)));
        }
        int n = envs.length;
        float[][] obs = new float[n][];
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        float[][] finals = new float[n][];
        forEachCopy(i -> {
            Step s = envs[i].step(actions[i]);
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = s.truncated();
            if (s.done()) {
                finals[i] = s.observation();
                obs[i] = envs[i].reset();
            } else {
                obs[i] = s.observation();
            }
        });
        return new VectorStep(obs, rewards, terminated, truncated, finals);
    }

    private interface CopyTask {
        void run(int i);
    }

    private void forEachCopy(CopyTask task) {
        if (pool == null) {
            for (int i = 0; i < envs.length; i++) {
                task.run(i);
            }
            return;
        }
        int n = envs.length;
        List<Future<?>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            parts.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    task.run(i);
                }
            }));
        }
        RuntimeException first = null;
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (first == null) {
                    first = c instanceof RuntimeException re ? re : new IllegalStateException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stepping " + id(), e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Stops the worker threads of a threaded vector env and closes every copy (all of them, even if one fails). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        RuntimeException first = null;
        for (Env e : envs) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

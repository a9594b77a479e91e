package io.sac4j.gym;

import io.sac4j.env.Box;
import io.sac4j.env.Space;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The environments of many servers stepped as one {@link VectorEnv} (SEED RL's shape: Espeholt et
 * al. 2020): one batched policy call serves every copy of every host, and each vector step sends one
 * Step per host, all hosts at once (one call in flight per host), so the slowest host sets the pace,
 * not the sum of them.
 *
 * <p>Host {@code h}'s {@code n_h} copies are the copies {@code offset_h .. offset_h + n_h - 1} of the
 * vector, hosts in the order given ({@code offset_0 = 0}, {@code offset_{h+1} = offset_h + n_h}), and
 * {@link #reset(long)} resets host {@code h} with seed {@code seed + offset_h}, so global copy
 * {@code i} is reset with {@code seed + i} as in a {@link io.sac4j.env.LocalVectorEnv}: with JVM
 * servers (which take sac4j's seeds as they are) the vector sees, bit for bit, what one process with
 * the same total number of copies sees. Every host must serve the same spaces (a Python Gymnasium
 * server and a JVM server mix when theirs match); a mismatch is refused when the vector opens.
 *
 * <p>Not thread-safe: one caller steps it. A failed host fails the step (its message names the host):
 * dropping a host and going on without it is not done here yet.
 */
public final class MultiHostVectorEnv implements VectorEnv {
    private final List<RemoteVectorEnv> hosts;
    private final List<String> names;
    private final int[] offsets;
    private final int n;
    /** One thread per host; null for one host, which is stepped on the caller's thread. */
    private final ExecutorService pool;
    private boolean closed;

    private MultiHostVectorEnv(List<RemoteVectorEnv> hosts, List<String> names) {
        this.hosts = List.copyOf(hosts);
        this.names = List.copyOf(names);
        this.offsets = new int[hosts.size()];
        int total = 0;
        for (int h = 0; h < hosts.size(); h++) {
            offsets[h] = total;
            total = Math.addExact(total, hosts.get(h).numEnvs());
        }
        this.n = total;
        this.pool = hosts.size() == 1 ? null : Executors.newFixedThreadPool(hosts.size(), r -> {
            Thread t = new Thread(r, "sac4j-env-host");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The sessions {@code sessions} (one per host, in order) as one vector; {@code names} name them in
     * messages ({@code HOST:PORT}). On a refusal the sessions are closed.
     *
     * @throws IllegalArgumentException in one line naming both hosts and their spaces when a host's
     *                                  observation or action space differs from the first host's
     */
    public static MultiHostVectorEnv of(List<RemoteVectorEnv> sessions, List<String> names) {
        if (sessions.isEmpty() || sessions.size() != names.size()) {
            throw new IllegalArgumentException("a multi-host vector needs one name per session and at least one"
                    + " session, got " + sessions.size() + " sessions and " + names.size() + " names");
        }
        RemoteVectorEnv first = sessions.get(0);
        for (int h = 1; h < sessions.size(); h++) {
            RemoteVectorEnv other = sessions.get(h);
            if (!sameSpace(first.singleObservationSpace(), other.singleObservationSpace())
                    || !sameSpace(first.singleActionSpace(), other.singleActionSpace())) {
                String message = "env hosts serve different spaces: " + describe(names.get(0), first) + ", but "
                        + describe(names.get(h), other) + " (every host must serve the same observation and action"
                        + " spaces)";
                sessions.forEach(RemoteVectorEnv::closeQuietly);
                throw new IllegalArgumentException(message);
            }
        }
        return new MultiHostVectorEnv(sessions, names);
    }

    private static String describe(String name, RemoteVectorEnv v) {
        return name + " serves " + v.servedId() + " with observations " + v.singleObservationSpace()
                + " and actions " + v.singleActionSpace();
    }

    /** Equal as sac4j trains on them: the same kind, size and bounds (the wire's dtype aside). */
    static boolean sameSpace(Space a, Space b) {
        if (a instanceof Box x && b instanceof Box y) {
            return Arrays.equals(x.low(), y.low()) && Arrays.equals(x.high(), y.high());
        }
        return a.equals(b);
    }

    @Override
    public int numEnvs() {
        return n;
    }

    /** The environment id the first host serves, e.g. {@code Pendulum-v1}. */
    @Override
    public String id() {
        return hosts.get(0).servedId();
    }

    @Override
    public Space singleObservationSpace() {
        return hosts.get(0).singleObservationSpace();
    }

    @Override
    public Space singleActionSpace() {
        return hosts.get(0).singleActionSpace();
    }

    /** {@code HOST:PORT} of each host, in copy order. */
    public List<String> hostNames() {
        return names;
    }

    /** Copies of each host, in the order of {@link #hostNames}. */
    public int[] copiesPerHost() {
        int[] c = new int[hosts.size()];
        for (int h = 0; h < c.length; h++) {
            c[h] = hosts.get(h).numEnvs();
        }
        return c;
    }

    /** Resets host {@code h} with {@code seed + offset_h}: global copy {@code i} with {@code seed + i}. */
    @Override
    public float[][] reset(long seed) {
        checkOpen();
        List<float[][]> parts = onEachHost(h -> hosts.get(h).reset(seed + offsets[h]));
        float[][] obs = new float[n][];
        for (int h = 0; h < parts.size(); h++) {
            System.arraycopy(parts.get(h), 0, obs, offsets[h], parts.get(h).length);
        }
        return obs;
    }

    @Override
    public VectorStep step(float[][] actions) {
        checkOpen();
        if (actions == null || actions.length != n) {
            throw new IllegalArgumentException(id() + ": " + (actions == null ? "no" : actions.length)
                    + " actions for " + n + " copies on " + hosts.size() + " hosts");
        }
        List<VectorStep> parts = onEachHost(h -> hosts.get(h).step(
                Arrays.copyOfRange(actions, offsets[h], offsets[h] + hosts.get(h).numEnvs())));
        float[][] obs = new float[n][];
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        float[][] finals = new float[n][];
        for (int h = 0; h < parts.size(); h++) {
            VectorStep p = parts.get(h);
            int k = p.rewards().length;
            System.arraycopy(p.observations(), 0, obs, offsets[h], k);
            System.arraycopy(p.rewards(), 0, rewards, offsets[h], k);
            System.arraycopy(p.terminated(), 0, terminated, offsets[h], k);
            System.arraycopy(p.truncated(), 0, truncated, offsets[h], k);
            System.arraycopy(p.finalObservations(), 0, finals, offsets[h], k);
        }
        return new VectorStep(obs, rewards, terminated, truncated, finals);
    }

    /**
     * {@code call(h)} for every host, all at once; returns when every call has returned, with their
     * results in host order, or throws the first host's failure (in host order) once none is in flight.
     */
    private <T> List<T> onEachHost(IntFunction<T> call) {
        if (pool == null) {
            return List.of(call.apply(0));
        }
        List<Future<T>> futures = new ArrayList<>(hosts.size());
        for (int h = 0; h < hosts.size(); h++) {
            int host = h;
            futures.add(pool.submit(() -> call.apply(host)));
        }
        List<T> results = new ArrayList<>(hosts.size());
        List<RuntimeException> failures = new ArrayList<>();
        boolean interrupted = false;
        for (Future<T> f : futures) {
            while (true) {
                try {
                    results.add(f.get());
                    break;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    failures.add(c instanceof RuntimeException re ? re : new IllegalStateException(c));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // a host's call ends within its deadline: wait for it, then say so
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!failures.isEmpty()) {
            failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
            throw failures.get(0);
        }
        return results;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(id() + ": the multi-host vector is closed");
        }
    }

    /**
     * Closes every host's session and the stepping threads; idempotent. A host that fails to close
     * (gone, stuck, or its environment's close raised) is logged, not thrown: closing all the others
     * matters more, and a failure that led here is the one to report.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
        for (int h = 0; h < hosts.size(); h++) {
            try {
                hosts.get(h).close();
            } catch (RuntimeException e) {
                LOG.warn("closing the session on {} failed: {}", names.get(h), e.getMessage());
            }
        }
    }

    private static final org.slf4j.Logger LOG = io.sac4j.train.LibraryLog.get(MultiHostVectorEnv.class);

    @Override
    public String toString() {
        return "MultiHostVectorEnv(" + id() + ", " + n + " copies on " + String.join(", ", names) + ")";
    }
}

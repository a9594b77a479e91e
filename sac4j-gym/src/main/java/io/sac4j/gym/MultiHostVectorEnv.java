package io.sac4j.gym;

import io.sac4j.env.Box;
import io.sac4j.env.EnvironmentsGoneException;
import io.sac4j.env.Space;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.train.MetricColumn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

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
 * <p><b>Faults</b> (a vector made by {@link #tolerant}; one made by {@link #of} fails the step on any
 * host's failure). A host whose Step fails as a lost host does ({@link HostSlot#lost}: gone,
 * unreachable, or no reply within the Step deadline of {@link CallTimeouts#step()}) is dropped: its
 * copies are {@link VectorStep#absent} from that step on, so they store nothing, and the episodes
 * they were in are discarded (the steps of those episodes are counted in {@link #envStepsLost()}; the
 * transitions already returned stay wherever the caller put them); the other hosts go on. The
 * vector does not wait for the lost host: at each later step it checks, without blocking, whether an
 * attempt to reconnect is due (after {@link HostSlot#FIRST_BACKOFF}, doubling after each failed
 * attempt up to {@link HostSlot#MAX_BACKOFF}) and starts it on a background thread, which opens a new
 * session of the same number of copies (the old one is abandoned: its server may be a new process),
 * checks its spaces and resets it. The step after an attempt succeeds, the host's copies are absent
 * once more but hand on the first observations of new episodes, and are stepped again from the next
 * step. The {@code k}-th reconnection of host {@code h} resets its copy {@code j} with seed
 * {@code seed + offset_h + j + k N} ({@code seed} of the last {@link #reset}, {@code N} the vector's
 * copies): a deterministic rule, no draw from any generator, whose seeds differ from every first
 * reset's ({@code seed + i}, {@code i < N}) and from every other reconnection's. A faulty run is not
 * repeatable bit for bit anyway (when a host fails depends on the wall clock); a healthy one is the
 * same as without this machinery. When every host is lost, {@link #step} waits up to the configured
 * time for one to reconnect, then throws {@link EnvironmentsGoneException} naming the hosts. Each drop
 * and reconnection is logged at WARN. {@link #reset} still needs every host (it starts a run).
 *
 * <p>Not thread-safe: one caller steps it.
 */
public final class MultiHostVectorEnv implements VectorEnv {
    /** How long a vector without any host waits for one to reconnect, by default. */
    public static final Duration DEFAULT_ALL_GONE_WAIT = Duration.ofSeconds(300);
    /** How often a vector without any host looks for one that reconnected. */
    private static final long POLL_MILLIS = 50;

    private final List<HostSlot> slots;
    private final List<String> names;
    private final int n;
    private final Space observationSpace;
    private final Space actionSpace;
    private final String servedId;
    /** One thread per host; null for one host, which is stepped on the caller's thread. */
    private final ExecutorService pool;
    /** Reconnection attempts and the closing of lost sessions; null for a vector made by {@link #of}. */
    private final ExecutorService background;
    /** How long a vector without any host waits; null for a vector made by {@link #of}. */
    private final Duration allGoneWait;
    private long seed;
    private long stepsLost;
    private boolean closed;

    private MultiHostVectorEnv(List<RemoteVectorEnv> hosts, List<String> names,
                               List<IntFunction<RemoteVectorEnv>> reopen, Duration allGoneWait) {
        this.names = List.copyOf(names);
        List<HostSlot> s = new ArrayList<>();
        int total = 0;
        for (int h = 0; h < hosts.size(); h++) {
            s.add(new HostSlot(names.get(h), total, hosts.get(h), reopen == null ? null : reopen.get(h)));
            total = Math.addExact(total, hosts.get(h).numEnvs());
        }
        this.slots = List.copyOf(s);
        this.n = total;
        this.observationSpace = hosts.get(0).singleObservationSpace();
        this.actionSpace = hosts.get(0).singleActionSpace();
        this.servedId = hosts.get(0).servedId();
        this.pool = hosts.size() == 1 ? null : Executors.newFixedThreadPool(hosts.size(), daemon("sac4j-env-host"));
        this.allGoneWait = allGoneWait;
        this.background = reopen == null ? null : Executors.newCachedThreadPool(daemon("sac4j-env-reconnect"));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The sessions {@code sessions} (one per host, in order) as one vector; {@code names} name them in
     * messages ({@code HOST:PORT}). A host's failure fails the step (see {@link #tolerant} for a vector
     * that goes on without it). On a refusal the sessions are closed.
     *
     * @throws IllegalArgumentException in one line naming both hosts and their spaces when a host's
     *                                  observation or action space differs from the first host's
     */
    public static MultiHostVectorEnv of(List<RemoteVectorEnv> sessions, List<String> names) {
        checkSpaces(sessions, names);
        return new MultiHostVectorEnv(sessions, names, null, null);
    }

    /**
     * {@link #of}, dropping a lost host and reconnecting it as the class comment says: {@code reopen.get(h)}
     * opens a new session of the given number of copies on host {@code h}; a vector without any host
     * waits up to {@code allGoneWait} for one.
     */
    public static MultiHostVectorEnv tolerant(List<RemoteVectorEnv> sessions, List<String> names,
                                              List<IntFunction<RemoteVectorEnv>> reopen, Duration allGoneWait) {
        if (reopen.size() != sessions.size() || allGoneWait.isNegative()) {
            sessions.forEach(RemoteVectorEnv::closeQuietly);
            throw new IllegalArgumentException("a tolerant multi-host vector needs one reopen per session and a wait"
                    + " >= 0, got " + reopen.size() + " for " + sessions.size() + " sessions and " + allGoneWait);
        }
        checkSpaces(sessions, names);
        return new MultiHostVectorEnv(sessions, names, List.copyOf(reopen), allGoneWait);
    }

    private static void checkSpaces(List<RemoteVectorEnv> sessions, List<String> names) {
        if (sessions.isEmpty() || sessions.size() != names.size()) {
            throw new IllegalArgumentException("a multi-host vector needs one name per session and at least one"
                    + " session, got " + sessions.size() + " sessions and " + names.size() + " names");
        }
        RemoteVectorEnv first = sessions.get(0);
        for (int h = 1; h < sessions.size(); h++) {
            RemoteVectorEnv other = sessions.get(h);
            if (!sameSpaces(first, other)) {
                String message = "env hosts serve different spaces: " + describe(names.get(0), first) + ", but "
                        + describe(names.get(h), other) + " (every host must serve the same observation and action"
                        + " spaces)";
                sessions.forEach(RemoteVectorEnv::closeQuietly);
                throw new IllegalArgumentException(message);
            }
        }
    }

    private static boolean sameSpaces(VectorEnv a, VectorEnv b) {
        return sameSpace(a.singleObservationSpace(), b.singleObservationSpace())
                && sameSpace(a.singleActionSpace(), b.singleActionSpace());
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
        return servedId;
    }

    @Override
    public Space singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public Space singleActionSpace() {
        return actionSpace;
    }

    /** {@code HOST:PORT} of each host, in copy order. */
    public List<String> hostNames() {
        return names;
    }

    /** Copies of each host, in the order of {@link #hostNames}. */
    public int[] copiesPerHost() {
        return slots.stream().mapToInt(s -> s.copies).toArray();
    }

    /** The hosts alive now (stepped, or reconnected and about to be). */
    public int hostsAlive() {
        return (int) slots.stream().filter(HostSlot::alive).count();
    }

    /** The steps of the episodes discarded so far because their host was lost (since this vector opened). */
    public long envStepsLost() {
        return stepsLost;
    }

    /** {@code hosts_alive} and {@code env_steps_lost} as metrics columns (TensorBoard {@code hosts/...}). */
    public List<MetricColumn> metricColumns() {
        return List.of(new MetricColumn("hosts_alive", "hosts/alive", this::hostsAlive),
                new MetricColumn("env_steps_lost", "hosts/env_steps_lost", this::envStepsLost));
    }

    /**
     * Resets host {@code h} with {@code seed + offset_h}: global copy {@code i} with {@code seed + i}.
     * Every host must be alive and answer: a reset starts a run.
     */
    @Override
    public float[][] reset(long seed) {
        checkOpen();
        for (HostSlot s : slots) {
            if (!s.alive()) {
                throw new IllegalStateException(id() + ": env host " + s.name + " is lost; a reset needs every host");
            }
        }
        List<Outcome<float[][]>> parts = onHosts(allHosts(), h -> slots.get(h).session.reset(seed + slots.get(h).offset));
        float[][] obs = new float[n][];
        for (int h = 0; h < parts.size(); h++) {
            float[][] first = parts.get(h).get();
            System.arraycopy(first, 0, obs, slots.get(h).offset, first.length);
            Arrays.fill(slots.get(h).inFlight, 0);
            slots.get(h).rejoined = null;
        }
        this.seed = seed;
        return obs;
    }

    @Override
    public VectorStep step(float[][] actions) {
        checkOpen();
        if (actions == null || actions.length != n) {
            throw new IllegalArgumentException(id() + ": " + (actions == null ? "no" : actions.length)
                    + " actions for " + n + " copies on " + slots.size() + " hosts");
        }
        if (background != null) {
            pollReconnects();
            if (slots.stream().noneMatch(HostSlot::alive)) {
                awaitAnyHost();
            }
        }
        int[] stepped = IntStream.range(0, slots.size())
                .filter(h -> slots.get(h).alive() && slots.get(h).rejoined == null).toArray();
        List<Outcome<VectorStep>> parts = onHosts(stepped, h -> slots.get(h).session.step(
                Arrays.copyOfRange(actions, slots.get(h).offset, slots.get(h).offset + slots.get(h).copies)));
        float[][] obs = new float[n][];
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        float[][] finals = new float[n][];
        boolean[] absent = new boolean[n];
        Arrays.fill(absent, true);
        RuntimeException failure = null;
        for (int j = 0; j < stepped.length; j++) {
            HostSlot s = slots.get(stepped[j]);
            Outcome<VectorStep> o = parts.get(j);
            if (o.failure() != null) {
                if (background == null || !HostSlot.lost(o.failure())) {
                    failure = firstOf(failure, o.failure());
                } else {
                    drop(s, o.failure());
                }
                continue;
            }
            VectorStep p = o.value();
            int k = s.copies;
            System.arraycopy(p.observations(), 0, obs, s.offset, k);
            System.arraycopy(p.rewards(), 0, rewards, s.offset, k);
            System.arraycopy(p.terminated(), 0, terminated, s.offset, k);
            System.arraycopy(p.truncated(), 0, truncated, s.offset, k);
            System.arraycopy(p.finalObservations(), 0, finals, s.offset, k);
            Arrays.fill(absent, s.offset, s.offset + k, false);
            for (int i = 0; i < k; i++) {
                s.inFlight[i] = p.done(i) ? 0 : s.inFlight[i] + 1;
            }
        }
        if (failure != null) {
            throw failure;
        }
        for (HostSlot s : slots) {
            if (s.alive() && s.rejoined != null) { // absent once more, with the first observations of new episodes
                System.arraycopy(s.rejoined, 0, obs, s.offset, s.copies);
                s.rejoined = null;
            }
        }
        return new VectorStep(obs, rewards, terminated, truncated, finals, absent);
    }

    private static RuntimeException firstOf(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Drops lost host {@code s}: its session is abandoned (closed in the background), its episodes in flight counted as lost. */
    private void drop(HostSlot s, RuntimeException why) {
        RemoteVectorEnv gone = s.session;
        long steps = s.drop(System.nanoTime());
        stepsLost += steps;
        background.execute(gone::closeQuietly);
        LOG.warn("env host {} lost ({}): its {} copies' episodes in flight are discarded ({} env steps), {} of {} hosts"
                + " alive; reconnecting in {} s, then with backoff up to {} s", s.name, why.getMessage(), s.copies, steps,
                hostsAlive(), slots.size(), s.backoff().toSeconds(), HostSlot.MAX_BACKOFF.toSeconds());
    }

    /** Takes the results of finished reconnection attempts and starts those that are due; never blocks. */
    private void pollReconnects() {
        long now = System.nanoTime();
        for (HostSlot s : slots) {
            if (s.attempt != null && s.attempt.isDone()) {
                try {
                    s.rejoin(s.attempt.get());
                    LOG.warn("env host {} reconnected (new session, reconnection {}): its {} copies start new episodes;"
                            + " {} of {} hosts alive", s.name, s.reconnects, s.copies, hostsAlive(), slots.size());
                } catch (ExecutionException e) {
                    s.failedAttempt(now);
                    LOG.info("env host {} not back yet ({}); next attempt in {} s", s.name, e.getCause().getMessage(),
                            s.backoff().toSeconds());
                } catch (InterruptedException e) { // isDone: get does not wait
                    Thread.currentThread().interrupt();
                }
            }
            if (s.attemptDue(now)) {
                long first = seed + s.offset + (long) (s.reconnects + 1) * n;
                s.attempt = background.submit(() -> reopen(s, first));
            }
        }
    }

    /** On a background thread: a new session on {@code s}'s host, its spaces checked, its copies reset from {@code seed}. */
    private HostSlot.Rejoin reopen(HostSlot s, long seed) {
        RemoteVectorEnv v = s.reopen.apply(s.copies);
        try {
            if (!sameSpaces(this, v) || v.numEnvs() != s.copies) {
                throw new IllegalStateException("it now serves " + v.servedId() + " (" + v.numEnvs() + " copies of "
                        + v.singleObservationSpace() + " -> " + v.singleActionSpace() + "), not what it served");
            }
            return new HostSlot.Rejoin(v, v.reset(seed));
        } catch (RuntimeException e) {
            v.closeQuietly();
            throw e;
        }
    }

    /** Every host is lost: waits for one to reconnect, up to {@link #allGoneWait}. */
    private void awaitAnyHost() {
        LOG.warn("every env host is lost ({}): waiting up to {} s for one to come back", String.join(", ", names),
                allGoneWait.toSeconds());
        long deadline = System.nanoTime() + allGoneWait.toNanos();
        while (slots.stream().noneMatch(HostSlot::alive)) {
            if (System.nanoTime() - deadline > 0) {
                throw new EnvironmentsGoneException("every env host is lost (" + String.join(", ", names)
                        + ") and none came back within " + allGoneWait.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvironmentsGoneException("interrupted while waiting for a lost env host ("
                        + String.join(", ", names) + ")");
            }
            pollReconnects();
        }
    }

    private int[] allHosts() {
        return IntStream.range(0, slots.size()).toArray();
    }

    /** A host call's result or its failure. */
    private record Outcome<T>(T value, RuntimeException failure) {
        T get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /**
     * {@code call(h)} for every host of {@code hosts}, all at once; returns when every call has
     * returned, with their outcomes in the order of {@code hosts}.
     */
    private <T> List<Outcome<T>> onHosts(int[] hosts, IntFunction<T> call) {
        List<Outcome<T>> results = new ArrayList<>(hosts.length);
        if (pool == null || hosts.length == 1) {
            for (int h : hosts) {
                try {
                    results.add(new Outcome<>(call.apply(h), null));
                } catch (RuntimeException e) {
                    results.add(new Outcome<>(null, e));
                }
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(hosts.length);
        for (int h : hosts) {
            futures.add(pool.submit(() -> call.apply(h)));
        }
        boolean interrupted = false;
        for (Future<T> f : futures) {
            while (true) {
                try {
                    results.add(new Outcome<>(f.get(), null));
                    break;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    results.add(new Outcome<>(null, c instanceof RuntimeException re ? re : new IllegalStateException(c)));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // a host's call ends within its deadline: wait for it, then say so
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(id() + ": the multi-host vector is closed");
        }
    }

    /**
     * Closes every live host's session, the stepping and reconnecting threads; idempotent. A host that
     * fails to close (gone, stuck, or its environment's close raised) is logged, not thrown: closing all
     * the others matters more, and a failure that led here is the one to report.
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
        if (background != null) {
            background.shutdownNow();
        }
        for (HostSlot s : slots) {
            if (s.attempt != null) {
                s.attempt.cancel(true);
            }
            if (!s.alive()) {
                continue;
            }
            try {
                s.session.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the session on {} failed: {}", s.name, e.getMessage());
            }
        }
    }

    private static final org.slf4j.Logger LOG = io.sac4j.train.LibraryLog.get(MultiHostVectorEnv.class);

    @Override
    public String toString() {
        return "MultiHostVectorEnv(" + id() + ", " + n + " copies on " + String.join(", ", names) + ")";
    }
}

package io.sac4j.gym;

import io.sac4j.env.Env;
import io.sac4j.env.EnvSource;
import io.sac4j.env.VectorEnv;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Environment servers on many hosts as one source of environments ({@code sac4j train --env-hosts
 * H1:P1,H2:P2}): {@link #openVector} steps every host's copies as one {@link MultiHostVectorEnv},
 * {@link #make} is a session of one copy on the first host (a trainer's evaluation copy).
 *
 * <pre>{@code
 * try (EnvHosts hosts = EnvHosts.connect(List.of("node1:50051", "node2:50051"), Optional.empty(), CallTimeouts.DEFAULT);
 *      MultiHostVectorEnv copies = hosts.openVector("train");
 *      Env eval = hosts.make()) {
 *     RunConfig run = new RunConfig(20_000, 1_000, 10, seed, copies.numEnvs());
 *     OffPolicyLoop.builder(sac, run).envs(copies).evalEnv(eval).build().run();
 * }
 * }</pre>
 *
 * <p>A vector of {@link #openVector} goes on without a host that is lost and reconnects it when it is
 * back ({@link MultiHostVectorEnv#tolerant}); the evaluation copy of {@link #make} does not: a run
 * whose first host is lost fails at its next evaluation.
 *
 * <p>Call order: open vectors and copies, use them, close them, then {@link #close}.
 */
public final class EnvHosts implements EnvSource {
    private final List<EnvHost> hosts;
    private final Duration allGoneWait;

    private EnvHosts(List<EnvHost> hosts, Duration allGoneWait) {
        this.hosts = List.copyOf(hosts);
        this.allGoneWait = allGoneWait;
    }

    /** {@link #connect(List, Optional, CallTimeouts, Duration)} waiting {@link MultiHostVectorEnv#DEFAULT_ALL_GONE_WAIT}. */
    public static EnvHosts connect(List<String> hostPorts, Optional<String> token, CallTimeouts timeouts) {
        return connect(hostPorts, token, timeouts, MultiHostVectorEnv.DEFAULT_ALL_GONE_WAIT);
    }

    /** {@link #connect(List, Optional, Optional, CallTimeouts, Duration)} in plaintext. */
    public static EnvHosts connect(List<String> hostPorts, Optional<String> token, CallTimeouts timeouts,
                                   Duration allGoneWait) {
        return connect(hostPorts, token, Optional.empty(), timeouts, allGoneWait);
    }

    /**
     * Connects (lazily) to every server of {@code hostPorts}, in that order (the order of their copies
     * in a vector).
     *
     * @param token       sent with every call when present: the servers' shared token
     * @param trusted     when present, TLS to every host, trusting the PEM certificates of this file
     * @param timeouts    the deadlines of the calls: a Step without a reply within {@link CallTimeouts#step()} loses its host
     * @param allGoneWait how long a vector with every host lost waits for one to come back
     * @throws IllegalArgumentException when the list is empty, names a host twice or holds something that is not
     *                                  HOST:PORT, or the certificates cannot be read
     */
    public static EnvHosts connect(List<String> hostPorts, Optional<String> token, Optional<Path> trusted,
                                   CallTimeouts timeouts, Duration allGoneWait) {
        if (allGoneWait.isNegative()) {
            throw new IllegalArgumentException("the wait for lost env hosts must be >= 0, got " + allGoneWait);
        }
        if (hostPorts.isEmpty()) {
            throw new IllegalArgumentException("--env-hosts needs at least one HOST:PORT");
        }
        Set<HostPort> seen = new HashSet<>();
        for (String s : hostPorts) {
            if (!seen.add(HostPort.parse(s.strip()))) {
                throw new IllegalArgumentException("--env-hosts names " + s.strip() + " twice");
            }
        }
        List<EnvHost> hosts = new ArrayList<>();
        for (String s : hostPorts) {
            hosts.add(EnvHost.connect(s.strip(), token, trusted, timeouts));
        }
        return new EnvHosts(hosts, allGoneWait);
    }

    /** {@code HOST:PORT,...} as given. */
    @Override
    public String id() {
        return String.join(",", hosts.stream().map(EnvHost::target).toList());
    }

    /**
     * A session on every host, each of the host's own number of copies (its {@code --num-envs}), as
     * one vector that goes on without a lost host ({@link MultiHostVectorEnv#tolerant}); the sessions
     * opened are closed again when one fails or the spaces differ.
     *
     * @throws IllegalArgumentException naming both hosts and spaces when the spaces differ
     * @throws RemoteEnvException       naming the host when an Open fails
     */
    public MultiHostVectorEnv openVector(String purpose) {
        List<RemoteVectorEnv> sessions = new ArrayList<>();
        try {
            for (EnvHost h : hosts) {
                sessions.add(h.openVector(0, purpose));
            }
        } catch (RuntimeException e) {
            sessions.forEach(RemoteVectorEnv::closeQuietly);
            throw e;
        }
        List<java.util.function.IntFunction<RemoteVectorEnv>> reopen = new ArrayList<>();
        for (EnvHost h : hosts) {
            reopen.add(n -> h.reopenVector(n, purpose));
        }
        return MultiHostVectorEnv.tolerant(sessions, hosts.stream().map(EnvHost::target).toList(), reopen, allGoneWait);
    }

    /**
     * A session of one copy on the first host that answers, moved to another host when its own is lost,
     * the episode in progress replayed there ({@link FailoverEnv}).
     */
    @Override
    public Env make() {
        return new FailoverEnv(hosts);
    }

    /**
     * {@link #openVector}, checked to hold {@code n} copies in all.
     *
     * @throws IllegalArgumentException when the hosts serve another number of copies
     */
    @Override
    public VectorEnv makeVector(int n) {
        MultiHostVectorEnv v = openVector("train");
        if (v.numEnvs() != n) {
            v.close();
            throw new IllegalArgumentException("the env hosts serve " + v.numEnvs() + " copies in all, not " + n);
        }
        return v;
    }

    /** Shuts every connection down. */
    @Override
    public void close() {
        hosts.forEach(EnvHost::close);
    }
}

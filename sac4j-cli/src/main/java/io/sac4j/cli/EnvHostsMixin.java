package io.sac4j.cli;

import io.sac4j.env.Env;
import io.sac4j.env.EnvSource;
import io.sac4j.env.VectorEnv;
import io.sac4j.gym.CallTimeouts;
import io.sac4j.gym.EnvHosts;
import io.sac4j.gym.GymServer;
import io.sac4j.gym.MultiHostVectorEnv;
import io.sac4j.train.MetricColumn;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code sac4j train --env-hosts}: the environments of running servers as one vector. */
final class EnvHostsMixin {
    @Option(names = "--env-hosts", paramLabel = "HOST:PORT", split = ",",
            description = "Step the environments of these servers ('sac4j env serve', python -m sac4j_gym.server) as one"
                    + " vector, all hosts at once: each host's own --num-envs copies, in the order given, so --n-envs"
                    + " is their total. Every host must serve the same spaces. --env is then optional (default: the"
                    + " id the first host serves); evaluation runs on a copy of the first host.")
    List<String> envHosts;

    @Option(names = "--env-token-file", paramLabel = "FILE",
            description = "A file holding the token the --env-hosts servers require (their --token-file).")
    Path envTokenFile;

    @Option(names = "--env-tls-ca", paramLabel = "FILE",
            description = "Speak TLS to the --env-hosts servers (started with --tls-cert and --tls-key), trusting the"
                    + " PEM certificates in FILE: their own self-signed certificate or the authority that signed it."
                    + " Each host's name must match its certificate.")
    Path envTlsCa;

    @Option(names = "--env-host-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A host whose Step does not answer within this many seconds (or that is gone) is dropped:"
                    + " its copies' episodes in flight are discarded, training goes on with the other hosts, and the"
                    + " host is reconnected with backoff (1 s doubling to 30 s) when it is back (default: ${DEFAULT-VALUE}).")
    double envHostTimeout;

    @Option(names = "--env-hosts-wait", paramLabel = "SECONDS", defaultValue = "300",
            description = "When every env host is lost, wait this many seconds for one to come back, then stop with an"
                    + " error naming the hosts and the last checkpoint (default: ${DEFAULT-VALUE}).")
    double envHostsWait;

    /** The vector of the hosts once {@link #open} opened it. */
    private MultiHostVectorEnv opened;

    /** Whether {@code --env-hosts} was given. */
    boolean given() {
        return envHosts != null;
    }

    /** Takes the hosts of {@code other} (a resumed run's new command line). */
    void copyFrom(EnvHostsMixin other) {
        envHosts = other.envHosts;
        envTokenFile = other.envTokenFile;
        envTlsCa = other.envTlsCa;
        envHostTimeout = other.envHostTimeout;
        envHostsWait = other.envHostsWait;
    }

    /** The metrics columns of a run on env hosts (hosts alive, env steps lost); none for other runs. */
    List<MetricColumn> metricColumns() {
        return opened == null ? List.of() : opened.metricColumns();
    }

    private static Duration seconds(double s, String option, double min) {
        if (!(s >= min) || s > 86_400) {
            throw new IllegalArgumentException(option + " must be in [" + (min == 0 ? "0" : "0.001") + ", 86400]"
                    + " seconds, got " + s);
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /**
     * The hosts opened: their copies as one vector (the source's {@code makeVector}), the id they serve and
     * their total number of copies, and a probe on the first host (also the evaluation copy).
     *
     * @param envId  the run's {@code --env}, or null to take the id the first host serves
     * @param nEnvs  the run's {@code --n-envs} when given, or null
     */
    record Opened(EnvSource source, Env probe, String envId, int nEnvs) {
    }

    /** Opens one session on every host; refuses mismatched spaces, another {@code --env} or {@code --n-envs}. */
    Opened open(String envId, Integer nEnvs) {
        Optional<String> token = envTokenFile == null ? Optional.empty()
                : Optional.of(EnvCommand.readToken(envTokenFile, "--env-token-file"));
        EnvHosts hosts = EnvHosts.connect(envHosts, token, Optional.ofNullable(envTlsCa),
                CallTimeouts.DEFAULT.withStep(seconds(envHostTimeout, "--env-host-timeout", 0.001)),
                seconds(envHostsWait, "--env-hosts-wait", 0));
        MultiHostVectorEnv copies;
        try {
            copies = hosts.openVector("train");
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
        EnvSource source = new EnvSource() {
            @Override
            public String id() {
                return copies.id();
            }

            @Override
            public Env make() {
                return hosts.make();
            }

            @Override
            public VectorEnv makeVector(int n) {
                return copies; // n is the hosts' total, checked in open
            }

            @Override
            public void close() {
                try {
                    copies.close();
                } finally {
                    hosts.close();
                }
            }
        };
        try {
            if (envId != null && !envId.equals(copies.id()) && !envId.equals(GymServer.PREFIX + copies.id())) {
                throw new IllegalArgumentException("--env " + envId + ", but " + copies.hostNames().get(0)
                        + " serves " + copies.id());
            }
            if (nEnvs != null && nEnvs != copies.numEnvs()) {
                throw new IllegalArgumentException("--n-envs " + nEnvs + ", but the env hosts serve "
                        + copies.numEnvs() + " copies (" + Arrays.toString(copies.copiesPerHost()) + ")");
            }
            opened = copies;
            return new Opened(source, hosts.make(), envId != null ? envId : copies.id(), copies.numEnvs());
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }
}

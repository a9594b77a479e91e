package io.sac4j.gym;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A connection to one environment server started by hand, whatever it serves: a JVM server
 * ({@code sac4j env serve}, {@link EnvServer}) or a Python one ({@code python -m sac4j_gym.server}).
 * Every {@link #openVector} / {@link #openEnv} is a new session of the server. Messages name the
 * server as {@code env server HOST:PORT}.
 *
 * <p>Call order: open sessions, use them, close them, then {@link #close}.
 */
public final class EnvHost implements AutoCloseable {
    private final HostPort at;
    private final ManagedChannel channel;
    private final EnvServiceClient client;

    private EnvHost(HostPort at, Optional<String> token, Optional<Path> trusted, CallTimeouts timeouts) {
        this.at = at;
        this.channel = channel(at, trusted);
        this.client = new EnvServiceClient(channel, timeouts, "env server " + at, () -> "", token);
    }

    /** A plaintext channel to {@code at} that takes replies of up to 64 MiB. */
    static ManagedChannel channel(HostPort at) {
        return channel(at, Optional.empty());
    }

    /**
     * A channel to {@code at} that takes replies of up to 64 MiB: TLS when {@code trusted} names the
     * PEM certificates to trust (the server's own self-signed certificate, or the authority that signed
     * it; the server's name must match {@code at}'s host), plaintext otherwise.
     *
     * @throws IllegalArgumentException when the certificates cannot be read
     */
    static ManagedChannel channel(HostPort at, Optional<Path> trusted) {
        ChannelCredentials credentials = InsecureChannelCredentials.create();
        if (trusted.isPresent()) {
            try {
                credentials = TlsChannelCredentials.newBuilder().trustManager(trusted.get().toFile()).build();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the trusted TLS certificates " + trusted.get() + ": "
                        + EnvServiceClient.oneLine(String.valueOf(e.getMessage())), e);
            }
        }
        return Grpc.newChannelBuilderForAddress(at.host(), at.port(), credentials)
                .maxInboundMessageSize(64 << 20)
                .build();
    }

    /**
     * Connects (lazily: the first call dials) to the server at {@code hostPort}.
     *
     * @param hostPort {@code HOST:PORT}, e.g. {@code node7:50051} ({@code [::1]:50051} for IPv6)
     * @param token    sent with every call when present (the content of the server's --token-file)
     * @throws IllegalArgumentException when {@code hostPort} is not HOST:PORT
     */
    public static EnvHost connect(String hostPort, Optional<String> token, CallTimeouts timeouts) {
        return connect(hostPort, token, Optional.empty(), timeouts);
    }

    /**
     * {@link #connect(String, Optional, CallTimeouts)} over TLS when {@code trusted} names the PEM
     * certificates to trust (a server started with a certificate and key, {@link EnvServer.Options#withTls}
     * or the Python server's {@code --tls-cert}/{@code --tls-key}).
     *
     * @throws IllegalArgumentException when {@code hostPort} is not HOST:PORT or the certificates cannot be read
     */
    public static EnvHost connect(String hostPort, Optional<String> token, Optional<Path> trusted,
                                  CallTimeouts timeouts) {
        return new EnvHost(HostPort.parse(hostPort), token, trusted, timeouts);
    }

    /** {@code HOST:PORT} of the server. */
    public String target() {
        return at.toString();
    }

    /**
     * A new session of {@code n} copies, or of the server's own number of copies (its
     * {@code --num-envs}) when {@code n} is 0.
     *
     * @throws IllegalArgumentException when the server serves a space sac4j cannot train on
     * @throws RemoteEnvException       when Open fails (unreachable, refused token or version, ...)
     */
    public RemoteVectorEnv openVector(int n, String purpose) {
        return RemoteVectorEnv.open(client, null, n, purpose);
    }

    /**
     * {@link #openVector} for a host that was lost: first cuts short the channel's own reconnect
     * backoff (gRPC's, which grows to two minutes while the server is gone, and during which a call
     * fails at once), so the trainer's backoff ({@link MultiHostVectorEnv}) is the one that decides
     * when the host is tried again.
     */
    public RemoteVectorEnv reopenVector(int n, String purpose) {
        channel.resetConnectBackoff();
        return openVector(n, purpose);
    }

    /** A new session of one copy. */
    public RemoteEnv openEnv(String purpose) {
        return new RemoteEnv(RemoteVectorEnv.open(client, null, 1, purpose));
    }

    /** Shuts the channel down (sessions still open are abandoned: the server closes them when it ends). */
    @Override
    public void close() {
        shutdown(channel);
    }

    /** Shuts {@code channel} down now, waiting up to 5 s for it to end. */
    static void shutdown(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EnvHost(" + at + ")";
    }
}

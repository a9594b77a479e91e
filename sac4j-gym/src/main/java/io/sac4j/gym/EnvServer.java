package io.sac4j.gym;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.TimeLimit;
import io.sac4j.env.Wrapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A JVM environment server: serves copies of a sac4j {@link Env} (a registered id, or a user's own
 * environment from a {@link Supplier}) over the sac4j environment protocol ({@code proto/sac4j_env.proto},
 * gRPC), the protocol of the Python Gymnasium server, so a trainer steps them as it steps a Gymnasium
 * environment: {@link EnvHost}, {@link MultiHostVectorEnv}, {@code sac4j train --env-hosts}. Sessions
 * are {@link io.sac4j.env.LocalVectorEnv}s of the copies (see {@link EnvService} for the semantics): a
 * session reset with seed s and stepped with the same actions gives what the same copies give in the
 * client's own process, bit for bit.
 *
 * <pre>{@code
 * try (EnvServer server = EnvServer.serve("MySim-v0", MySim::new, EnvServer.Options.DEFAULT.withNumEnvs(4))) {
 *     System.out.println("listening on " + server.target());
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Call order: {@link #serve}, then {@link #close} (from any thread; {@link #awaitTermination}
 * returns when it is done).
 */
public final class EnvServer implements AutoCloseable {
    private final String envId;
    private final Server server;
    private final EnvService service;
    private final String bind;
    /** The port listened on, kept so that {@link #target} still names the server once it is closed. */
    private final int port;

    private EnvServer(String envId, Server server, EnvService service, String bind) {
        this.envId = envId;
        this.server = server;
        this.service = service;
        this.bind = bind;
        this.port = server.getPort();
    }

    /**
     * How a server listens and what it allows.
     *
     * @param numEnvs         copies per session when a client asks for the server's default (Open with
     *                        num_envs 0, as {@code sac4j train --env-hosts} does)
     * @param bind            the address to listen on; {@code 127.0.0.1} (this host only) by default. A
     *                        reachable address should go with a token
     * @param port            the TCP port; 0 picks a free one ({@link #port()} says which)
     * @param token           when present, every call must carry it in metadata {@code sac4j-token}
     *                        (printable ASCII: it travels in a header); empty: no token
     * @param maxMessageBytes the largest request accepted; larger ones are refused by gRPC with
     *                        RESOURCE_EXHAUSTED before they are read
     * @param maxSessions     open sessions at most
     * @param tls             when present, the server speaks TLS with this certificate chain and private key
     *                        (PEM files); clients then connect with a certificate they trust
     *                        ({@link EnvHost#connect(String, Optional, Optional, CallTimeouts)}); empty: plaintext
     */
    public record Options(int numEnvs, String bind, int port, Optional<String> token, int maxMessageBytes,
                          int maxSessions, Optional<Tls> tls) {
        /** One copy per session, loopback, a free port, no token, 16 MiB messages, 64 sessions, plaintext: the Python server's defaults. */
        public static final Options DEFAULT = new Options(1, "127.0.0.1", 0, Optional.empty(), 16 << 20, 64,
                Optional.empty());

        public Options {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(tls, "tls");
            if (numEnvs < 1 || numEnvs > EnvService.MAX_ENVS_PER_SESSION) {
                throw new IllegalArgumentException("--num-envs must be in [1, " + EnvService.MAX_ENVS_PER_SESSION
                        + "], got " + numEnvs);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
            }
            if (maxMessageBytes < 1) {
                throw new IllegalArgumentException("the message size limit must be >= 1 byte, got " + maxMessageBytes);
            }
            if (maxSessions < 1) {
                throw new IllegalArgumentException("--max-sessions must be >= 1, got " + maxSessions);
            }
            if (token.isPresent() && (token.get().isEmpty() || !token.get().chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("the token must be non-empty printable ASCII (it travels in a"
                        + " gRPC header)");
            }
        }

        public Options withNumEnvs(int n) {
            return new Options(n, bind, port, token, maxMessageBytes, maxSessions, tls);
        }

        public Options withBind(String address) {
            return new Options(numEnvs, address, port, token, maxMessageBytes, maxSessions, tls);
        }

        public Options withPort(int p) {
            return new Options(numEnvs, bind, p, token, maxMessageBytes, maxSessions, tls);
        }

        public Options withToken(String secret) {
            return new Options(numEnvs, bind, port, Optional.of(secret), maxMessageBytes, maxSessions, tls);
        }

        public Options withMaxMessageBytes(int bytes) {
            return new Options(numEnvs, bind, port, token, bytes, maxSessions, tls);
        }

        public Options withMaxSessions(int sessions) {
            return new Options(numEnvs, bind, port, token, maxMessageBytes, sessions, tls);
        }

        /** TLS with the certificate chain and private key in these PEM files. */
        public Options withTls(Path certificateChain, Path privateKey) {
            return new Options(numEnvs, bind, port, token, maxMessageBytes, maxSessions,
                    Optional.of(new Tls(certificateChain, privateKey)));
        }
    }

    /** A server's TLS identity: its certificate chain and private key, PEM files (the key unencrypted, PKCS#8). */
    public record Tls(Path certificateChain, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * Serves the environment registered as {@code envId} ({@link Envs#make(String)}: the built-ins, the
     * Box2D ones once registered, a user's own).
     *
     * @throws IllegalArgumentException for an unknown id (naming the known ones) or an address it cannot listen on
     */
    public static EnvServer serve(String envId, Options options) {
        Envs.make(envId).close(); // an unknown id fails here, with the known ones
        return serve(envId, () -> Envs.make(envId), options);
    }

    /**
     * Serves copies made by {@code factory} under the id {@code envId}. One copy is made and closed
     * first, so a factory that fails, fails here rather than at a client's first Open; its time limit
     * (an outer {@link TimeLimit}) is reported to clients as {@code max_episode_steps}.
     *
     * @throws IllegalArgumentException when the address cannot be listened on (in use, not this host's)
     */
    public static EnvServer serve(String envId, Supplier<Env> factory, Options options) {
        Objects.requireNonNull(factory, "factory");
        long maxEpisodeSteps;
        try (Env probe = factory.get()) {
            maxEpisodeSteps = timeLimit(probe);
        }
        EnvService service = new EnvService(envId, factory, options.numEnvs(), options.maxSessions(), maxEpisodeSteps);
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(options.bind()), options.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot listen on " + options.bind() + ": unknown host");
        }
        var definition = options.token().isPresent()
                ? ServerInterceptors.intercept(service.definition(), EnvService.tokenCheck(options.token().get()))
                : service.definition();
        Server server = NettyServerBuilder.forAddress(address, credentials(options.tls()))
                .addService(definition)
                .maxInboundMessageSize(options.maxMessageBytes())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + new HostPort(options.bind(), options.port())
                    + ": " + EnvServiceClient.oneLine(String.valueOf(e.getMessage())), e);
        }
        return new EnvServer(envId, server, service, options.bind());
    }

    /** TLS credentials from the PEM files, or plaintext. */
    private static ServerCredentials credentials(Optional<Tls> tls) {
        if (tls.isEmpty()) {
            return InsecureServerCredentials.create();
        }
        Tls t = tls.get();
        try {
            return TlsServerCredentials.create(t.certificateChain().toFile(), t.privateKey().toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate " + t.certificateChain() + " and key "
                    + t.privateKey() + ": " + EnvServiceClient.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** The time limit of the outermost {@link TimeLimit} in {@code env}'s wrappers, 0 if none. */
    private static long timeLimit(Env env) {
        for (Env e = env; ; e = ((Wrapper) e).inner()) {
            if (e instanceof TimeLimit t) {
                return t.maxSteps();
            }
            if (!(e instanceof Wrapper)) {
                return 0;
            }
        }
    }

    /** The served id, as clients see it in OpenReply. */
    public String envId() {
        return envId;
    }

    /** The port listened on (the free one picked for port 0). */
    public int port() {
        return port;
    }

    /** The {@code HOST:PORT} a client on this host dials: loopback when listening on every address. */
    public String target() {
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        return new HostPort(host, port()).toString();
    }

    /** Sessions open now. */
    public int sessionCount() {
        return service.sessionCount();
    }

    /** Blocks until the server is closed. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Stops listening, lets calls in progress finish for up to a second, then cancels the rest and
     * closes every session's copies; idempotent.
     */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(4, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        service.closeAll();
    }

    @Override
    public String toString() {
        return "EnvServer(" + envId + " at " + target() + ")";
    }
}

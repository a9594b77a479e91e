package io.sac4j.gym;

import io.grpc.ManagedChannel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Gymnasium environment served over the sac4j environment protocol: a Python server this JVM
 * starts as its child ({@link #launch}) or one started by hand ({@link #connect}), and the gRPC
 * channel to it. Every {@link #openEnv} / {@link #openVector} is a new session of the server: its own
 * copies, episodes and generators (a trainer's training copies and evaluation copy share the server,
 * not their state).
 *
 * <p>Call order: open sessions, use them, close them, then {@link #close} (which also ends a launched
 * server).
 */
public final class GymServer implements AutoCloseable {
    /** The prefix of the ids this module serves: {@code gym:HalfCheetah-v5}. */
    public static final String PREFIX = "gym:";

    private final String gymId;
    private final String target;
    private final ManagedChannel channel;
    private final ServerProcess process;
    private final EnvServiceClient client;

    private GymServer(String gymId, String host, int port, ServerProcess process, CallTimeouts timeouts) {
        this.gymId = gymId;
        this.target = host + ":" + port;
        this.process = process;
        this.channel = EnvHost.channel(new HostPort(host, port));
        this.client = new EnvServiceClient(channel, timeouts, PREFIX + gymId,
                process == null ? () -> "" : process::diagnosis);
    }

    /**
     * How a server is started: the environment's {@code gym.make} keyword arguments, the interpreter,
     * and the time the server may take to listen (importing MuJoCo and making one copy to check the
     * id take a few seconds).
     *
     * @param kwargsJson     a JSON object, e.g. {@code {"ctrl_cost_weight": 0.1}}
     * @param python         the interpreter; empty: {@link PythonRuntime#interpreter}'s default
     * @param startupTimeout how long to wait for the server to listen
     * @param timeouts       the deadlines of the calls
     */
    public record Options(String kwargsJson, Optional<Path> python, Duration startupTimeout, CallTimeouts timeouts) {
        public static final Options DEFAULT = new Options("{}", Optional.empty(), Duration.ofSeconds(120),
                CallTimeouts.DEFAULT);

        public Options withKwargsJson(String json) {
            return new Options(json, python, startupTimeout, timeouts);
        }

        public Options withPython(Path interpreter) {
            return new Options(kwargsJson, Optional.of(interpreter), startupTimeout, timeouts);
        }

        public Options withTimeouts(CallTimeouts t) {
            return new Options(kwargsJson, python, startupTimeout, t);
        }
    }

    /**
     * Starts {@code python -m sac4j_gym.server --env gymId} on a free loopback port as a child process
     * and connects to it; progress of a first-use setup (the managed Python environment) goes to
     * {@code progress}.
     *
     * @param gymId a Gymnasium id, e.g. {@code HalfCheetah-v5} (without {@code gym:})
     * @throws IllegalArgumentException with one line naming what is missing or wrong (the interpreter,
     *                                  a Python package and the pip command, an unknown id with
     *                                  Gymnasium's message)
     */
    public static GymServer launch(String gymId, Options options, PrintStream progress) {
        Path python = PythonRuntime.interpreter(options.python(), progress);
        Path root = PythonRuntime.packageRoot();
        List<String> args = new ArrayList<>(List.of("--env", gymId, "--num-envs", "1", "--env-kwargs",
                options.kwargsJson()));
        ServerProcess p = ServerProcess.start(PREFIX + gymId, python, root, args, options.startupTimeout());
        return new GymServer(gymId, "127.0.0.1", p.port(), p, options.timeouts());
    }

    /**
     * Connects to a server started by hand ({@code python -m sac4j_gym.server --env ID --bind ...}). Its
     * environment id is checked when a session opens.
     *
     * @param hostPort {@code HOST:PORT}, e.g. {@code 127.0.0.1:50051} ({@code [::1]:50051} for IPv6)
     */
    public static GymServer connect(String gymId, String hostPort, CallTimeouts timeouts) {
        HostPort at = HostPort.parse(hostPort);
        return new GymServer(gymId, at.host(), at.port(), null, timeouts);
    }

    /** The id as users write it, {@code gym:<gymId>}. */
    public String envName() {
        return PREFIX + gymId;
    }

    /** {@code host:port} of the server. */
    public String target() {
        return target;
    }

    /** The process id of a launched server; empty for one connected to. */
    public OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    /** A new session of one copy. */
    public RemoteEnv openEnv(String purpose) {
        return new RemoteEnv(RemoteVectorEnv.open(client, gymId, 1, purpose));
    }

    /** A new session of {@code n} copies stepped together, one call per vector step. */
    public RemoteVectorEnv openVector(int n, String purpose) {
        return RemoteVectorEnv.open(client, gymId, n, purpose);
    }

    /** Shuts the channel down and ends a launched server. */
    @Override
    public void close() {
        EnvHost.shutdown(channel);
        if (process != null) {
            process.close();
        }
    }

    @Override
    public String toString() {
        return "GymServer(" + envName() + " at " + target + (process == null ? "" : ", pid " + process.pid()) + ")";
    }
}

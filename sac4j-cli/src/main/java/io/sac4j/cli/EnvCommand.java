package io.sac4j.cli;

import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.Wrapper;
import io.sac4j.env.classic.ClassicControl;
import io.sac4j.gym.EnvServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sac4j env ...}: tools around the environments: replay, serve. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "Environment tools.",
        subcommands = {EnvCommand.Replay.class, EnvCommand.Serve.class})
final class EnvCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The token in {@code file}: its content without surrounding white space, as the Python server
     * reads its --token-file.
     *
     * @throws IllegalArgumentException naming {@code option} and the file when it cannot be read or is empty
     */
    static String readToken(Path file, String option) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException(option + " " + file + " is empty");
        }
        return token;
    }

    /**
     * {@code sac4j env serve}: a JVM environment server ({@link EnvServer}), the counterpart of
     * {@code python -m sac4j_gym.server} for sac4j's own environments; same protocol, same start-up
     * line on stdout, so a trainer mixes both.
     */
    @Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Serve copies of a sac4j environment over the sac4j environment protocol (gRPC, the"
                    + " protocol of python -m sac4j_gym.server), for 'sac4j train --env-hosts' on this or another machine.",
                "Prints one line, '" + Serve.LISTENING + " port=<P>', on stdout once listening; nothing else goes to"
                        + " stdout. SIGTERM or SIGINT stops it: calls in progress get a second, then every session's"
                        + " copies are closed (exit status 143 or 130, as for any JVM)."})
    static final class Serve implements Callable<Integer> {
        static final String LISTENING = "SAC4J_GYM_LISTENING";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--env", required = true,
                description = "A sac4j environment id (see 'sac4j envs'), e.g. Pendulum-v1 or LunarLanderContinuous-v3.")
        String envId;

        @Option(names = "--num-envs", paramLabel = "N", defaultValue = "1",
                description = "Copies per session when the client asks for the server's default, as 'sac4j train"
                        + " --env-hosts' does (default: ${DEFAULT-VALUE}).")
        int numEnvs;

        @Option(names = "--port", defaultValue = "0",
                description = "TCP port; 0 picks a free one, printed on stdout (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}: this host only). A reachable address"
                        + " should go with --token-file.")
        String bind;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "A file holding a secret (printable ASCII); every call must then carry it in metadata"
                        + " 'sac4j-token' (sac4j train --env-token-file FILE), compared in constant time.")
        Path tokenFile;

        @Option(names = "--tls-cert", paramLabel = "FILE",
                description = "Speak TLS with this PEM certificate chain (with --tls-key); clients connect with"
                        + " 'sac4j train --env-tls-ca' naming it or its authority.")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key (PKCS#8, unencrypted) of --tls-cert.")
        Path tlsKey;

        @Option(names = "--max-message-mib", paramLabel = "MIB", defaultValue = "16",
                description = "Largest request accepted, MiB; larger ones are refused with RESOURCE_EXHAUSTED"
                        + " (default: ${DEFAULT-VALUE}).")
        double maxMessageMib;

        @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "64",
                description = "Open sessions at most (default: ${DEFAULT-VALUE}).")
        int maxSessions;

        @Override
        public Integer call() throws InterruptedException {
            if (envId.indexOf(':') >= 0) {
                throw new IllegalArgumentException("env serve serves sac4j's own environments; serve " + envId
                        + " with python -m sac4j_gym.server (a Gymnasium server) instead");
            }
            if (!(maxMessageMib > 0 && maxMessageMib <= 2047)) {
                throw new IllegalArgumentException("--max-message-mib must be in (0, 2047], got " + maxMessageMib);
            }
            EnvServer.Options o = EnvServer.Options.DEFAULT.withNumEnvs(numEnvs).withBind(bind).withPort(port)
                    .withMaxMessageBytes((int) (maxMessageMib * (1 << 20))).withMaxSessions(maxSessions);
            if (tokenFile != null) {
                o = o.withToken(readToken(tokenFile, "--token-file"));
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together; got only "
                        + (tlsCert == null ? "--tls-key" : "--tls-cert"));
            }
            if (tlsCert != null) {
                o = o.withTls(tlsCert, tlsKey);
            }
            PrintWriter err = spec.commandLine().getErr();
            if (tokenFile == null && !List.of("127.0.0.1", "localhost", "::1").contains(bind)) {
                err.println("sac4j: warning: listening on " + bind + " without --token-file: anyone who can reach"
                        + " it can run the environment");
                err.flush();
            }
            EnvServer server = EnvServer.serve(envId, o);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sac4j-env-serve-stop"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(LISTENING + " port=" + server.port());
            out.flush();
            server.awaitTermination();
            return 0;
        }
    }

    /**
     * {@code sac4j env replay}: steps an environment through a file of actions, one CSV row per step,
     * after a reset with a seed (any environment, gym: ones included), or from a given internal state
     * (the classic-control ones, with their time limit).
     */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Step an environment through a list of actions after reset(--seed), or from an internal state"
                    + " (--state, classic control); CSV to stdout:",
                "t,reward,terminated,truncated,next_obs_0,.. (with --state also next_state_0,..), one row per step,"
                        + " until the episode ends or the actions run out."})
    static final class Replay implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--env", required = true, description = "An environment id (see 'sac4j envs'), gym:ID included.")
        String envId;

        @Option(names = "--seed", description = "Reset with this seed, then step (every environment).")
        Long seed;

        @Option(names = "--state", split = ",",
                description = "Start from this internal state instead, comma-separated, in Gymnasium's order"
                        + " (classic-control environments).")
        double[] state;

        @CommandLine.Mixin
        EnvOptionsMixin envOptions = new EnvOptionsMixin();

        @Option(names = "--actions", required = true,
                description = "A file with one action per line: components comma-separated; an integer for"
                        + " discrete environments. Blank lines and lines starting with # are skipped.")
        Path actions;

        @Override
        public Integer call() throws IOException {
            if ((seed == null) == (state == null)) {
                throw new IllegalArgumentException("env replay takes one of --seed (any environment) and --state"
                        + " (classic control)");
            }
            if (!Files.isRegularFile(actions)) {
                throw new IllegalArgumentException("--actions: no such file: " + actions);
            }
            if (seed != null) {
                try (Env env = Envs.make(envId, envOptions.options())) {
                    return replayFromSeed(env);
                }
            }
            Env env = Envs.make(envId);
            if (!(Wrapper.unwrapped(env) instanceof ClassicControl inner)) {
                throw new IllegalArgumentException(envId + " has no settable state; replay --state takes the"
                        + " classic-control environments (--seed takes every one)");
            }
            List<String> lines = Files.readAllLines(actions);
            int actDim = env.actionSpace().flatSize();
            env.reset(0); // starts the time limit's count; the state is replaced next
            inner.setState(state);
            PrintWriter out = spec.commandLine().getOut();
            StringBuilder header = new StringBuilder("t,reward,terminated,truncated");
            for (int i = 0; i < env.observationSpace().flatSize(); i++) {
                header.append(",next_obs_").append(i);
            }
            for (int i = 0; i < state.length; i++) {
                header.append(",next_state_").append(i);
            }
            out.println(header);
            int t = 0;
            for (int ln = 0; ln < lines.size(); ln++) {
                String line = lines.get(ln).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                float[] a = parseAction(line, ln + 1, actDim, env.actionSpace() instanceof Discrete);
                Step s = env.step(a);
                StringBuilder row = new StringBuilder();
                row.append(t++).append(',').append(s.reward()).append(',').append(s.terminated()).append(',')
                        .append(s.truncated());
                for (float o : s.observation()) {
                    row.append(',').append(o);
                }
                for (double v : inner.state()) {
                    row.append(',').append(v);
                }
                out.println(row);
                if (s.done()) {
                    break;
                }
            }
            out.flush();
            return 0;
        }

        /** reset(seed), then the actions: the rows of {@link #call} without the state columns. */
        private int replayFromSeed(Env env) throws IOException {
            List<String> lines = Files.readAllLines(actions);
            int actDim = env.actionSpace().flatSize();
            env.reset(seed);
            PrintWriter out = spec.commandLine().getOut();
            StringBuilder header = new StringBuilder("t,reward,terminated,truncated");
            for (int i = 0; i < env.observationSpace().flatSize(); i++) {
                header.append(",next_obs_").append(i);
            }
            out.println(header);
            int t = 0;
            for (int ln = 0; ln < lines.size(); ln++) {
                String line = lines.get(ln).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Step s = env.step(parseAction(line, ln + 1, actDim, env.actionSpace() instanceof Discrete));
                StringBuilder row = new StringBuilder();
                row.append(t++).append(',').append(s.reward()).append(',').append(s.terminated()).append(',')
                        .append(s.truncated());
                for (float o : s.observation()) {
                    row.append(',').append(o);
                }
                out.println(row);
                if (s.done()) {
                    break;
                }
            }
            out.flush();
            return 0;
        }

        private float[] parseAction(String line, int lineNo, int dim, boolean discrete) {
            String[] parts = line.split(",");
            if (parts.length != dim) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--actions line %d: %d value(s), %s takes %d", lineNo, parts.length, envId, dim));
            }
            float[] a = new float[dim];
            for (int i = 0; i < dim; i++) {
                String p = parts[i].trim();
                try {
                    a[i] = discrete ? Integer.parseInt(p) : Float.parseFloat(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "--actions line %d: '%s' is not %s",
                            lineNo, p, discrete ? "an integer" : "a number"));
                }
            }
            return a;
        }
    }
}

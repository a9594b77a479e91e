package io.sac4j.cli;

import io.sac4j.env.Envs;
import io.sac4j.gym.EnvServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sac4j train --env-hosts} against JVM environment servers ({@link EnvServer}) in this process,
 * on loopback, and {@code sac4j env serve}'s help. Needs no Python.
 */
class EnvHostsCliTest {
    private final List<EnvServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(EnvServer::close);
    }

    private String serve(String id, int copies) {
        EnvServer s = EnvServer.serve(id, () -> Envs.make(id), EnvServer.Options.DEFAULT.withNumEnvs(copies));
        servers.add(s);
        return s.target();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--steps", "600", "--eval-every", "200",
                "--eval-episodes", "2", "--learning-starts", "100", "--batch-size", "32", "--hidden", "16",
                "--seed", "3", "--threads", "1", "--quiet", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** metrics.csv without its wall_s column. */
    private static List<String> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS_CSV)).stream()
                .map(row -> row.replaceFirst("^([^,]*),[^,]*", "$1,")).toList();
    }

    /** Issue 16's acceptance: Pendulum-v1 seed 3 on two hosts of two copies is --n-envs 4 in one process, bit for bit. */
    @Test
    void twoHostsOfTwoCopiesWriteTheMetricsOfNEnvs4(@TempDir Path tmp) throws IOException {
        String hosts = serve("Pendulum-v1", 2) + "," + serve("Pendulum-v1", 2);
        Run remote = run(train(tmp.resolve("hosts"), "--env-hosts", hosts));
        assertEquals(0, remote.code(), remote.err());
        assertTrue(remote.out().contains("on Pendulum-v1 for 600 steps on 4 copies (seed 3"), remote.out());
        Run local = run(train(tmp.resolve("local"), "--env", "Pendulum-v1", "--n-envs", "4"));
        assertEquals(0, local.code(), local.err());
        List<String> m = metrics(tmp.resolve("local"));
        assertEquals(4, m.size(), "a header and three evaluations");
        // The same columns bit for bit; a run on env hosts adds hosts_alive and env_steps_lost, all hosts alive, none lost.
        List<String> h = metrics(tmp.resolve("hosts"));
        assertEquals(m.get(0) + ",hosts_alive,env_steps_lost", h.get(0));
        for (int i = 1; i < m.size(); i++) {
            assertEquals(m.get(i) + ",2,0", h.get(i));
        }
        String config = Files.readString(tmp.resolve("hosts").resolve(RunDirectory.CONFIG_FILE));
        assertTrue(config.contains("\"--n-envs\"") && config.contains("\"Pendulum-v1\"") && !config.contains("--env-hosts"),
                config);
    }

    @Test
    void mismatchedSpacesAreRefusedBeforeTrainingInOneLine(@TempDir Path tmp) {
        String a = serve("Pendulum-v1", 1);
        String b = serve("MountainCarContinuous-v0", 1);
        Run r = run(train(tmp.resolve("run"), "--env-hosts", a + "," + b));
        assertEquals(Main.EXIT_USAGE, r.code());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("sac4j: error: env hosts serve different spaces: " + a + " serves Pendulum-v1"), line);
        assertTrue(line.contains(b + " serves MountainCarContinuous-v0"), line);
        assertTrue(!Files.exists(tmp.resolve("run")), "nothing written");
    }

    @Test
    void nEnvsThatDisagreeWithTheHostsIsRefused(@TempDir Path tmp) {
        String a = serve("Pendulum-v1", 2);
        Run r = run(train(tmp.resolve("run"), "--env-hosts", a, "--n-envs", "3"));
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--n-envs 3, but the env hosts serve 2 copies ([2])"), r.err());
    }

    /** --env-tls-ca: TLS to hosts serving with a certificate; without it the host is unreachable, named. */
    @Test
    void tlsHostsTrainWithTheirCertificateTrusted(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no openssl to make a certificate");
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        // a self-signed certificate for 127.0.0.1 (as sac4j-gym's EnvServerTest makes one)
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout",
                key.toString(), "-out", cert.toString(), "-addext", "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertEquals(0, p.waitFor());
        Path[] mine = {cert, key};
        EnvServer s = EnvServer.serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"),
                EnvServer.Options.DEFAULT.withNumEnvs(2).withTls(mine[0], mine[1]));
        servers.add(s);
        Run r = run(train(tmp.resolve("tls-run"), "--env-hosts", s.target(), "--env-tls-ca", mine[0].toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on Pendulum-v1 for 600 steps on 2 copies"), r.out());
        Run plain = run(train(tmp.resolve("plain-run"), "--env-hosts", s.target()));
        assertEquals(Main.EXIT_FAILURE, plain.code(), plain.err());
        assertTrue(plain.err().contains("is unreachable"), plain.err());
        Run half = run("env", "serve", "--env", "Pendulum-v1", "--tls-cert", mine[0].toString());
        assertEquals(Main.EXIT_USAGE, half.code());
        assertTrue(half.err().contains("--tls-cert and --tls-key go together; got only --tls-cert"), half.err());
    }

    @Test
    void serveHelpNamesTheListeningLineAndTheOptions() {
        Run r = run("env", "serve", "--help");
        assertEquals(0, r.code());
        for (String s : List.of("SAC4J_GYM_LISTENING port=<P>", "--num-envs", "--port", "--bind", "--token-file",
                "--tls-cert", "--tls-key", "SIGTERM")) {
            assertTrue(r.out().contains(s), s + " in " + r.out());
        }
        Run t = run("train", "--help");
        assertTrue(t.out().contains("--env-hosts") && t.out().contains("--env-token-file")
                && t.out().contains("--env-tls-ca"), t.out());
    }

    /**
     * Issue 16 part 3 through the CLI: the third of three hosts is closed once the first evaluation is
     * written; the run completes on the other two and metrics.csv shows the host count drop and the steps lost.
     */
    @Test
    void aHostLostMidRunIsDroppedAndTheRunCompletes(@TempDir Path tmp) throws Exception {
        loseHostMidRun(tmp, 2);
    }

    /** The first host holds the evaluation copy: it moves to another host, and the run completes all the same. */
    @Test
    void losingTheFirstHostMovesTheEvaluationCopyAndTheRunCompletes(@TempDir Path tmp) throws Exception {
        Run r = loseHostMidRun(tmp, 0);
        assertTrue(r.err().contains("sac4j: warn: the evaluation copy moved from env host " + servers.get(0).target()),
                r.err());
    }

    /** Closes host {@code index} of three once the first evaluation row is written; checks the run completes on two. */
    private Run loseHostMidRun(Path tmp, int index) throws Exception {
        String a = serve("Pendulum-v1", 1);
        String b = serve("Pendulum-v1", 1);
        String c = serve("Pendulum-v1", 1);
        Path csv = tmp.resolve("run").resolve(RunDirectory.METRICS_CSV);
        Thread killer = new Thread(() -> {
            try {
                while (!Files.exists(csv) || Files.readAllLines(csv).size() < 2) {
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                return;
            }
            servers.get(index).close();
        });
        killer.start();
        List<String> args = new ArrayList<>(List.of(train(tmp.resolve("run"), "--env-hosts", a + "," + b + "," + c,
                "--env-host-timeout", "2", "--env-hosts-wait", "5")));
        args.set(args.indexOf("600"), "3000");
        args.set(args.indexOf("200"), "300");
        Run r = run(args.toArray(new String[0]));
        killer.join(10_000);
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(0).endsWith(",hosts_alive,env_steps_lost"), rows.get(0));
        assertTrue(rows.get(1).endsWith(",3,0"), rows.get(1));
        String[] last = rows.get(rows.size() - 1).split(",");
        assertEquals("2", last[last.length - 2], rows.toString());
        assertTrue(Long.parseLong(last[last.length - 1]) > 0, rows.toString());
        assertTrue(r.out().contains("sac4j: done"), r.out());
        return r;
    }
}

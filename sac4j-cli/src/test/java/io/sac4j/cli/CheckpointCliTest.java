package io.sac4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.Wrapper;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sac4j train --checkpoint-every / --resume and sac4j eval, end to end. */
class CheckpointCliTest {
    private static final String[] RUN = {"--env", "Pendulum-v1", "--seed", "4", "--steps", "1000", "--hidden", "16,16",
        "--batch-size", "32", "--eval-every", "100", "--eval-episodes", "1", "--checkpoint-every", "200", "--threads",
        "1", "--quiet"};

    /** Pendulum whose observation turns NaN at the 333rd step, or whose action loses its value, counted from reset(seed). */
    private static final class Faulty extends Wrapper {
        private final boolean nan;
        private long steps;

        Faulty(boolean nan) {
            super(Envs.make("Pendulum-v1"));
            this.nan = nan;
        }

        @Override
        public float[] reset(long seed) {
            steps = 0; // evaluation episodes reset with a seed each: only the training env gets far
            return env.reset(seed);
        }

        @Override
        public Step step(float[] action) {
            if (++steps < 333) {
                return env.step(action);
            }
            if (!nan) {
                return env.step(new float[0]);
            }
            Step s = env.step(action);
            return new Step(new float[] {Float.NaN, 0f, 0f}, s.reward(), s.terminated(), s.truncated());
        }
    }

    @BeforeAll
    static void registerFaultyEnvs() {
        Envs.register("NanAt333-v0", () -> new Faulty(true));
        Envs.register("ShortActionAt333-v0", () -> new Faulty(false));
    }

    private static String[] args(String... head) {
        String[] all = Arrays.copyOf(head, head.length + RUN.length);
        System.arraycopy(RUN, 0, all, head.length, RUN.length);
        return all;
    }

    /** The run's metrics.csv with its wall-time column emptied. */
    static List<String> csvWithoutWall(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("metrics.csv")).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[1] = "";
            return String.join(",", f);
        }).collect(Collectors.toList());
    }

    static List<String> jsonlWithoutWall(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll("\"wall_s\":[^,]*,", "")).collect(Collectors.toList());
    }

    static JsonNode field(Path json, String key) throws IOException {
        return Json.parse(Files.readString(json)).get(key);
    }

    private static void assertOneLine(MainTest.Result r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        List<String> lines = r.err().lines().collect(Collectors.toList());
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("sac4j: error: ") && lines.get(0).contains(fragment), lines.get(0));
    }

    /** SIGKILL after the first checkpoint, then --resume: metrics.csv equals the uninterrupted run's apart from wall_s. */
    @Test
    void aRunKilledAfterItsFirstCheckpointResumesToTheSameMetrics(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        MainTest.Result r = MainTest.run(args("train", "--out", whole.toString()));
        assertEquals(0, r.code(), r.err());

        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sac4j.cli.Main"));
        cmd.addAll(List.of(args("train", "--out", killed.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        Path first = Checkpoints.file(killed, 200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(first) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(first), "first checkpoint written: " + Files.readString(tmp.resolve("child.log")));
        Thread.sleep(new Rng(System.nanoTime()).nextInt(150));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), "killed before it finished");
        assertFalse(Files.exists(killed.resolve("final_eval.json")));
        long last = Checkpoints.list(killed).lastKey();

        r = MainTest.run("train", "--resume", killed.toString(), "--quiet", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(csvWithoutWall(whole), csvWithoutWall(killed), "killed after checkpoint " + last);
        assertEquals(jsonlWithoutWall(whole), jsonlWithoutWall(killed));
        assertEquals(field(whole.resolve("final_eval.json"), "mean_return"),
                field(killed.resolve("final_eval.json"), "mean_return"));
        assertEquals(11, Files.readAllLines(killed.resolve("metrics.csv")).size());
    }

    @Test
    void resumeFallsBackPastADamagedCheckpointAndRefusesOtherFlags(@TempDir Path tmp) throws IOException {
        Path whole = tmp.resolve("whole");
        assertEquals(0, MainTest.run(args("train", "--out", whole.toString())).code());
        Path copy = tmp.resolve("copy");
        assertEquals(0, MainTest.run(args("train", "--out", copy.toString())).code());
        byte[] newest = Files.readAllBytes(Checkpoints.file(copy, 1000));
        newest[newest.length / 2] ^= 1;
        Files.write(Checkpoints.file(copy, 1000), newest);

        MainTest.Result r = MainTest.run("train", "--resume", copy.toString(), "--lr", "1e-4");
        assertOneLine(r, Main.EXIT_USAGE,
                "--lr would change the run (with --resume only --threads, --quiet and --verbose may be given,"
                        + " --python and --env-server for a gym: run, and --env-hosts, --env-token-file,"
                        + " --env-tls-ca, --env-host-timeout and --env-hosts-wait for a run on env hosts)");
        r = MainTest.run("train", "--resume", tmp.resolve("nothing").toString());
        assertOneLine(r, Main.EXIT_USAGE, "config.json");

        r = MainTest.run("train", "--resume", copy.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("sac4j: skipped damaged checkpoint step-1000.ckpt: "), r.err());
        assertEquals(csvWithoutWall(whole), csvWithoutWall(copy), "resumed from step 800");
    }

    /** eval on a run's last checkpoint repeats the run's final evaluation; another env is refused. */
    @Test
    void evalOfTheLastCheckpointRepeatsTheFinalEvaluation(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, MainTest.run(args("train", "--out", run.toString())).code());
        Path ckpt = Checkpoints.file(run, 1000);
        MainTest.Result r = MainTest.run("eval", "--checkpoint", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode out = Json.parse(r.out());
        assertEquals(field(run.resolve("final_eval.json"), "mean_return"), out.get("mean_return"));
        assertEquals(field(run.resolve("final_eval.json"), "std_return"), out.get("std_return"));
        assertEquals(1000, out.get("step").longValue());

        r = MainTest.run("eval", "--checkpoint", ckpt.toString(), "--episodes", "3", "--seed", "11");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, Json.parse(r.out()).get("episodes").intValue());
        assertOneLine(MainTest.run("eval", "--checkpoint", ckpt.toString(), "--env", "MountainCarContinuous-v0"),
                Main.EXIT_USAGE, "is of Pendulum-v1 (observations ");
        Path bad = tmp.resolve("bad.ckpt");
        byte[] b = Files.readAllBytes(ckpt);
        Files.write(bad, Arrays.copyOf(b, b.length - 9));
        assertOneLine(MainTest.run("eval", "--checkpoint", bad.toString()), Main.EXIT_USAGE, bad.toString());

        // sac4j export: the policy file plays the episode from seed 11 exactly as sac4j eval's policy does.
        r = MainTest.run("eval", "--checkpoint", ckpt.toString(), "--episodes", "1", "--seed", "11");
        double evalReturn = Json.parse(r.out()).get("mean_return").doubleValue();
        Path bin = tmp.resolve("policy.bin");
        r = MainTest.run("export", "--checkpoint", ckpt.toString(), "--out", bin.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Pendulum-v1 policy of step 1000"), r.out());
        io.sac4j.policy.Policy loaded = io.sac4j.policy.Policy.load(bin);
        double ret = 0;
        io.sac4j.env.Env env = new io.sac4j.env.RescaleAction(io.sac4j.env.Envs.make("Pendulum-v1"));
        float[] obs = env.reset(11);
        float[] action = new float[1];
        while (true) {
            loaded.actDeterministic(obs, action);
            io.sac4j.env.Step st = env.step(action);
            ret += st.reward();
            if (st.done()) {
                break;
            }
            obs = st.observation();
        }
        assertEquals(evalReturn, ret, 1e-6 * Math.abs(evalReturn), "the loaded policy acts as the checkpoint's");
        Path onnx = tmp.resolve("policy.onnx");
        assertEquals(0, MainTest.run("export", "--checkpoint", ckpt.toString(), "--out", onnx.toString(), "--format",
                "onnx").code());
        assertTrue(Files.size(onnx) > 1000, "an ONNX model with the weights");
        assertOneLine(MainTest.run("export", "--checkpoint", ckpt.toString(), "--out", onnx.toString(), "--format", "tf"),
                Main.EXIT_USAGE, "--format must be sac4j or onnx, got tf");
        assertOneLine(MainTest.run("export", "--checkpoint", bad.toString(), "--out", tmp.resolve("x.bin").toString()),
                Main.EXIT_USAGE, bad.toString());
        assertFalse(Files.exists(tmp.resolve("x.bin")), "nothing written from a damaged checkpoint");
    }

    /** NaN observation, a refused action, lr = -1: one line, exit code 2, the last good checkpoint kept. */
    @Test
    void guardsStopWithOneLineAndKeepTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        String[][] cases = {{"NanAt333-v0", "Pendulum-v1 returned a non-finite observation at step 333: [NaN, 0.0, 0.0]"},
            {"ShortActionAt333-v0", "at step 333: Pendulum-v1: action has length 0, expected 1"}};
        for (String[] c : cases) {
            Path dir = tmp.resolve(c[0]);
            String[] a = args("train", "--out", dir.toString());
            a[4] = c[0];
            MainTest.Result r = MainTest.run(a);
            assertOneLine(r, Main.EXIT_USAGE, c[1]);
            assertEquals(List.of(200L), new ArrayList<>(Checkpoints.list(dir).keySet()), c[0]);
            assertEquals(0, MainTest.run("eval", "--checkpoint", Checkpoints.file(dir, 200).toString()).code(),
                    "the kept checkpoint is good");
        }
        // --verbose adds the library's note of the stop (with the checkpoint kept) before the error line.
        Path verbose = tmp.resolve("verbose");
        String[] v = Arrays.copyOf(args("train", "--out", verbose.toString()), RUN.length + 4);
        v[4] = cases[0][0];
        v[v.length - 1] = "--verbose";
        MainTest.Result r = MainTest.run(v);
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        List<String> err = r.err().lines().collect(Collectors.toList());
        assertEquals("sac4j: warn: training Pendulum-v1 stopped by a guard at step 333; the last good checkpoint is "
                + Checkpoints.file(verbose, 200) + " (" + cases[0][1] + ")", err.get(err.size() - 2), r.err());
        assertEquals("sac4j: error: " + cases[0][1], err.get(err.size() - 1));

        Path run = tmp.resolve("run");
        assertEquals(0, MainTest.run(args("train", "--out", run.toString())).code());
        byte[] ckpt = Files.readAllBytes(Checkpoints.file(run, 1000));
        byte[] csv = Files.readAllBytes(run.resolve("metrics.csv"));
        String[] a = args("train", "--out", run.toString(), "--overwrite", "--lr", "-1");
        assertOneLine(MainTest.run(a), Main.EXIT_USAGE, "actorLr must be > 0, got -1.0");
        String config = Files.readString(run.resolve("config.json"));
        Files.writeString(run.resolve("config.json"), config.replace("\"16,16\"", "\"16,16\", \"--lr\", \"-1\""));
        assertOneLine(MainTest.run("train", "--resume", run.toString()), Main.EXIT_USAGE, "actorLr must be > 0, got -1.0");
        assertArrayEquals(ckpt, Files.readAllBytes(Checkpoints.file(run, 1000)), "nothing saved is touched");
        assertArrayEquals(csv, Files.readAllBytes(run.resolve("metrics.csv")));
    }
}

package io.sac4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Result r, String expectedFragment) {
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        List<String> lines = r.err().lines().collect(Collectors.toList());
        assertEquals(1, lines.size(), "one line, no stack trace: " + r.err());
        assertTrue(lines.get(0).startsWith("sac4j: error: "), lines.get(0));
        assertTrue(lines.get(0).contains(expectedFragment), lines.get(0));
    }

    private static final String[] SMALL = {"--steps", "300", "--hidden", "16,16", "--batch-size", "16",
        "--eval-every", "100", "--eval-episodes", "2", "--quiet"};

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static String[] train(Path out, String seed, String... extra) {
        return concat(concat(new String[] {"train", "--env", "Pendulum-v1", "--seed", seed, "--out", out.toString()},
                SMALL), extra);
    }

    @Test
    void badInputGivesOneLineAndExitCode2(@TempDir Path tmp) throws IOException {
        assertOneLineError(run("train", "--env", "CartPole-v9", "--out", tmp.resolve("a").toString()),
                "unknown environment id 'CartPole-v9'; known ids: Acrobot-v1, BipedalWalker-v3,"
                        + " BipedalWalkerHardcore-v3, CartPole-v1, LunarLanderContinuous-v3, MountainCarContinuous-v0,"
                        + " Pendulum-v1");
        assertOneLineError(run("train", "--env", "CartPole-v1", "--algo", "sac-v1", "--out", tmp.resolve("e").toString()),
                "CartPole-v1 has Discrete[n=2] actions; --algo sac-v1 is continuous only (discrete action spaces take"
                        + " --algo sac)");
        assertFalse(Files.exists(tmp.resolve("e")), "a rejected run creates no directory");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--algo", "ppo", "--out", tmp.resolve("g").toString()),
                "algorithm must be sac or sac-v1, got ppo");
        assertOneLineError(run("train", "--env", "CartPole-v1", "--target-entropy-ratio", "1.5", "--out",
                tmp.resolve("h").toString()), "discreteTargetEntropyRatio must be in (0, 1], got 1.5");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--stop-at-return", "NaN", "--out",
                tmp.resolve("f").toString()), "--stop-at-return must be a finite number, got NaN");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--steps", "-5", "--out", tmp.resolve("b").toString()),
                "steps must be >= 1, got -5");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--steps", "ten"), "'ten' is not a long");
        assertOneLineError(run("train"), "Missing required option: '--env");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--gamma", "2", "--out", tmp.resolve("c").toString()),
                "gamma must be in [0, 1], got 2.0");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--threads", "0", "--out", tmp.resolve("d").toString()),
                "--threads must be >= 1");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--n-envs", "0", "--out", tmp.resolve("i").toString()),
                "--n-envs must be >= 1, got 0");
        assertFalse(Files.exists(tmp.resolve("i")), "a rejected run creates no directory");
        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "earlier work");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--out", full.toString()), "already holds files");
        assertEquals("earlier work", Files.readString(full.resolve("keep.txt")), "nothing already saved is lost");
        assertFalse(Files.exists(tmp.resolve("a")), "a rejected run creates no directory");
    }

    @Test
    void trainsDiscreteSacOnCartPoleAndSacV1OnPendulum(@TempDir Path tmp) throws IOException {
        Path cart = tmp.resolve("cart");
        Result r = run("train", "--env", "CartPole-v1", "--steps", "300", "--hidden", "16,16", "--batch-size", "16",
                "--eval-every", "100", "--eval-episodes", "2", "--quiet", "--out", cart.toString());
        assertEquals(0, r.code(), r.err());
        String config = Files.readString(cart.resolve("config.json"));
        assertTrue(config.contains("\"algorithm\": \"sac-discrete\""), config);
        // 0.98 log 2 = 0.98 * 0.693147 = 0.679284
        assertTrue(config.contains("\"target_entropy\": 0.67928"), config);
        assertEquals(4, Files.readAllLines(cart.resolve("metrics.csv")).size(), "header + 3 rows");

        Path v1 = tmp.resolve("v1");
        r = run("train", "--env", "Pendulum-v1", "--algo", "sac-v1", "--steps", "300", "--hidden", "16,16",
                "--batch-size", "16", "--eval-every", "100", "--eval-episodes", "2", "--quiet", "--out", v1.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(v1.resolve("config.json")).contains("\"algorithm\": \"sac-v1\""));
        List<String> rows = Files.readAllLines(v1.resolve("metrics.csv"));
        assertEquals(4, rows.size());
        assertFalse(rows.get(3).contains("nan"), "losses after the first updates: " + rows.get(3));
    }

    @Test
    void benchUpdateTakesTheHiddenWidthsOfTrain() {
        Result r = run("bench", "update", "--obs", "8", "--act", "2", "--hidden", "12,6", "--batch", "8",
                "--updates", "3", "--runs", "1", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"hidden\": [12, 6]"), r.out());
        r = run("bench", "update", "--obs", "3", "--act", "1", "--hidden", "10", "--batch", "8", "--updates", "3",
                "--runs", "1", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"hidden\": [10, 10]"), "one width: two layers of it: " + r.out());
        assertOneLineError(run("bench", "update", "--hidden", "16,0"), "sizes, --threads, --updates and --runs must be >= 1");
    }

    @Test
    void benchUpdateTimesTheAdjustedLearnerAndTwoThreads() {
        // --adjust-lambda needs the adjusted learner (the plain one refuses an adjusted config).
        Result r = run("bench", "update", "--obs", "3", "--act", "1", "--hidden", "8", "--batch", "8", "--updates", "2",
                "--runs", "1", "--warmup", "0", "--adjust-lambda", "0.5", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"adjust_lambda\": 0.5") && r.out().contains("\"threads\": 2"), r.out());
    }

    @Test
    void benchUpdateCountsTheMultiplyAddsOfTheUpdatesProducts() {
        int obs = 5, act = 2, h = 8, batch = 4;
        Result r = run("bench", "update", "--obs", "" + obs, "--act", "" + act, "--hidden", "" + h, "--batch",
                "" + batch, "--updates", "2", "--runs", "1", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        // Per sample, A the actor's forward (two heads of act each), C a critic's forward.
        long actor = obs * h + h * h + h * 2L * act;
        long critic = (obs + act) * h + h * h + h;
        // Critics' step: a' (actor forward), two target and two critic forwards, the critics' weight
        // gradients, and their input gradients below the output and middle layers (none into the input).
        long critics = actor + 2 * critic + 2 * critic + 2 * critic + 2 * (h * h + h);
        // Policy step: the actor's forward, the critics' forwards and input gradients down to the action
        // (the whole input row), the actor's weight gradients and input gradients of its heads and middle layer.
        long policy = actor + 2 * critic + 2 * critic + actor + (h * 2L * act + h * h);
        assertTrue(r.out().contains("\"macs_per_update\": " + batch * (critics + policy) + ","), r.out());
    }

    @Test
    void theLearningRateScheduleIsRecordedAndAnUnknownOneRefused(@TempDir Path tmp) throws IOException {
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--lr-schedule", "cosine", "--out",
                tmp.resolve("a").toString()), "--lr-schedule must be constant or linear, got cosine");
        assertFalse(Files.exists(tmp.resolve("a")), "a rejected run creates no directory");
        Path linear = tmp.resolve("linear");
        Result r = run(train(linear, "1", "--lr-schedule", "linear"));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(linear.resolve("config.json")).contains("\"lr_schedule\": \"linear\""));
        Path constant = tmp.resolve("constant");
        r = run(train(constant, "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(constant.resolve("config.json")).contains("\"lr_schedule\": \"constant\""));
        List<String> a = Files.readAllLines(linear.resolve("metrics.csv"));
        List<String> b = Files.readAllLines(constant.resolve("metrics.csv"));
        assertFalse(a.get(a.size() - 1).split(",")[5].equals(b.get(b.size() - 1).split(",")[5]),
                "the schedule changes the critic loss: " + a + " " + b);
    }

    @Test
    void researchOptionsAreRecordedAndTheirMisuseRefused(@TempDir Path tmp) throws IOException {
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--adjust-lambda", "0.5", "--out",
                tmp.resolve("a").toString()), "need --adjust antisymmetric or --adjust hessian-transpose");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--adjust", "sga", "--out", tmp.resolve("b").toString()),
                "--adjust must be none, antisymmetric or hessian-transpose, got sga");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--adjust", "antisymmetric", "--adjust-norm", "l2",
                "--out", tmp.resolve("c").toString()), "--adjust-norm must be none, match or unit, got l2");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--adjust", "hessian-transpose", "--adjust-align",
                "--out", tmp.resolve("d").toString()), "--adjust-align applies to --adjust antisymmetric only");
        assertOneLineError(run("train", "--env", "Pendulum-v1", "--entropy", "exact", "--out",
                tmp.resolve("e").toString()), "--entropy must be sample or closed-form, got exact");
        assertOneLineError(run("train", "--env", "CartPole-v1", "--adjust", "antisymmetric", "--out",
                tmp.resolve("f").toString()), "--adjust and --entropy closed-form are for continuous actions only");
        for (String v : new String[] {"a", "b", "c", "d", "e", "f"}) {
            assertFalse(Files.exists(tmp.resolve(v)), "a rejected run creates no directory");
        }

        Path out = tmp.resolve("adjusted");
        List<String> args = new java.util.ArrayList<>(List.of(train(out, "1")));
        args.addAll(List.of("--algo", "sac-v1", "--adjust", "antisymmetric", "--adjust-lambda", "0.3", "--adjust-norm",
                "match", "--entropy", "closed-form"));
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"entropy_estimate\": \"CLOSED_FORM\""), config);
        assertTrue(config.contains("\"form\": \"ANTISYMMETRIC\""), config);
        assertTrue(config.contains("\"lambda\": 0.3"), config);
        assertTrue(config.contains("\"normalisation\": \"MATCH_OWN_GRADIENT\""), config);
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertFalse(rows.get(rows.size() - 1).contains("nan"), "losses of the adjusted updates: " + rows);
    }

    @Test
    void trainWritesTheRunDirectory(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        Result r = run(train(out, "3"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("final evaluation"), r.out());
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"env\": \"Pendulum-v1\""), config);
        assertTrue(config.contains("\"hidden_sizes\": [16, 16]"), config);
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("step,wall_s,eval_mean_return,eval_std_return,train_episode_return,critic_loss,actor_loss,alpha,"
                + "entropy", metrics.get(0));
        assertEquals(4, metrics.size());
        assertTrue(metrics.get(3).startsWith("300,"), metrics.get(3));
        List<String> events = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(3, events.stream().filter(l -> l.startsWith("{\"event\":\"evaluation\"")).count(), events.toString());
        String fin = Files.readString(out.resolve("final_eval.json"));
        for (String key : new String[] {"mean_return", "std_return", "episodes", "steps", "wall_s", "env_wait_s"}) {
            assertTrue(fin.contains("\"" + key + "\": "), fin);
        }
        assertTrue(fin.contains("\"episodes\": 2"), fin);
        assertTrue(fin.contains("\"steps\": 300"), fin);
        // The learning curve (a real PNG of the three evaluations) and one TensorBoard event file.
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("learning_curve.png").toFile());
        assertEquals(LearningCurves.DEFAULT_WIDTH, png.getWidth());
        try (java.util.stream.Stream<Path> tb = Files.list(out.resolve("tb"))) {
            List<Path> files = tb.collect(Collectors.toList());
            assertEquals(1, files.size(), files.toString());
            assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."), files.toString());
            assertTrue(Files.size(files.get(0)) > 100, "scalars were written");
        }
    }

    /**
     * Without --quiet, stdout (not a terminal here) has a line per evaluation and one at each tenth of
     * the run; --verbose adds the library's events on stderr, which is otherwise empty.
     */
    @Test
    void progressLinesOnStdoutAndLibraryEventsOnStderrWithVerbose(@TempDir Path tmp) throws IOException {
        String[] plain = train(tmp.resolve("plain"), "3");
        Result r = run(java.util.Arrays.stream(plain).filter(a -> !a.equals("--quiet")).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "warnings only, and there are none");
        assertFalse(r.out().contains("\r"), "no carriage return off a terminal");
        List<String> lines = r.out().lines().collect(Collectors.toList());
        assertTrue(lines.get(0).startsWith("sac4j: training SAC on Pendulum-v1 for 300 steps"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("sac4j: done in "), lines.get(lines.size() - 1));
        List<String> progress = lines.subList(1, lines.size() - 1);
        // Evaluations at 100, 200, 300; tenths at 30, 60, ..., 300 (300 has its evaluation line).
        List<String> expected = List.of("30", "60", "90", "100 eval", "120", "150", "180", "200 eval", "210", "240",
                "270", "300 eval");
        assertEquals(expected, progress.stream().map(l -> l.replaceFirst("^step +(\\d+)/300 .*$", "$1")
                + (l.contains(" +- ") ? " eval" : "")).collect(Collectors.toList()), r.out());
        assertTrue(progress.get(3).startsWith("step     100/300  33% | "), progress.get(3));

        r = run(train(tmp.resolve("verbose"), "3", "--verbose", "--checkpoint-every", "150"));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("step "), "--quiet still silences the progress display: " + r.out());
        List<String> log = r.err().lines().collect(Collectors.toList());
        assertEquals(5, log.size(), r.err());
        assertTrue(log.get(0).startsWith("sac4j: info: training Pendulum-v1 for 300 steps with SacLearner on 1 env(s) (seed 3, "),
                log.get(0));
        assertEquals("sac4j: info: checkpoint of step 150 written: "
                + tmp.resolve("verbose/checkpoints/step-150.ckpt"), log.get(1));
        assertTrue(log.get(3).startsWith("sac4j: info: trained Pendulum-v1 to step 300 in "), log.get(3));
        // Pendulum steps in this process, at once: nothing overlaps, so the line has no count of overlapped steps.
        assertTrue(log.get(4).matches("sac4j: info: the loop waited on the training environments \\(stepping and storing\\)"
                + " [0-9.]+ s of its [0-9.]+ s"), log.get(4));

        r = run("train", "--resume", tmp.resolve("verbose").toString(), "-v", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("sac4j: info: resuming Pendulum-v1 from " + tmp.resolve("verbose/checkpoints"
                + "/step-300.ckpt") + " at step 300 of 300"), r.err());
        assertFalse(Files.readString(tmp.resolve("verbose/config.json")).contains("verbose"),
                "--verbose is not part of the run's recorded options");
    }

    @Test
    void sameSeedSameMetricsApartFromWallTime(@TempDir Path tmp) throws IOException {
        assertEquals(0, run(train(tmp.resolve("x"), "5")).code());
        assertEquals(0, run(train(tmp.resolve("y"), "5")).code());
        assertEquals(withoutWall(tmp.resolve("x/metrics.csv")), withoutWall(tmp.resolve("y/metrics.csv")));
    }

    private static String[] small600(Path out, String... extra) {
        return concat(new String[] {"train", "--env", "Pendulum-v1", "--steps", "600", "--hidden", "16,16",
            "--batch-size", "16", "--eval-every", "200", "--eval-episodes", "2", "--seed", "7", "--threads", "1",
            "--quiet", "--out", out.toString()}, extra);
    }

    /** One environment (the default) keeps the bits it had before --n-envs existed. */
    @Test
    void oneEnvGivesTheMetricsOfTheSingleEnvironmentLoop(@TempDir Path tmp) throws IOException {
        assertEquals(0, run(small600(tmp.resolve("one"))).code());
        // metrics.csv of this command (wall_s cut) on main before --n-envs (commit 4eb190c).
        assertEquals(List.of(
                "step,,eval_mean_return,eval_std_return,train_episode_return,critic_loss,actor_loss,alpha,entropy",
                "200,,-1032.786,116.1221,-1418.856,40.79686,0.2658798,0.9520563,0.6752573",
                "400,,-1258.710,64.16448,-917.3953,6.932138,6.250932,0.8203202,0.6772867",
                "600,,-1445.011,56.80098,-1596.563,2.562040,10.84865,0.6724512,0.6535867"),
                withoutWall(tmp.resolve("one/metrics.csv")));
        assertTrue(Files.readString(tmp.resolve("one/config.json")).contains("\"n_envs\": 1"));
    }

    /** --n-envs 4 is recorded in config.json, and --resume rebuilds it: the resumed metrics are the whole run's. */
    @Test
    void nEnvsIsRecordedAndResumed(@TempDir Path tmp) throws IOException {
        Path four = tmp.resolve("four");
        assertEquals(0, run(small600(four, "--n-envs", "4")).code());
        String config = Files.readString(four.resolve("config.json"));
        assertTrue(config.contains("\"n_envs\": 4"), config);
        assertTrue(config.contains("\"--n-envs\", \"4\""), config);
        List<String> whole = withoutWall(four.resolve("metrics.csv"));
        assertEquals(4, whole.size(), whole.toString());
        assertTrue(whole.get(3).startsWith("600,"), whole.get(3));

        Path cut = tmp.resolve("cut");
        Files.createDirectories(cut.resolve("checkpoints"));
        try (java.util.stream.Stream<Path> files = Files.walk(four)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Path to = cut.resolve(four.relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        Files.delete(cut.resolve("checkpoints/step-600.ckpt"));
        Result r = run("train", "--resume", cut.toString(), "--quiet", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(whole, withoutWall(cut.resolve("metrics.csv")), "resumed from step 400 on four envs");
    }

    private static List<String> withoutWall(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[1] = "";
            return String.join(",", f);
        }).collect(Collectors.toList());
    }

    @Test
    void envReplayWritesOneRowPerStepForEveryClassicEnv(@TempDir Path tmp) throws IOException {
        Path discrete = Files.writeString(tmp.resolve("d.txt"), "1\n# a comment\n0\n\n1\n");
        Path continuous = Files.writeString(tmp.resolve("c.txt"), "0.5\n-2\n1.25\n");
        String[][] cases = {
            {"CartPole-v1", "0.01,0.02,0.03,0.04", discrete.toString()},
            {"Acrobot-v1", "0.1,-0.05,0.02,0.03", discrete.toString()},
            {"MountainCarContinuous-v0", "-0.5,0.01", continuous.toString()},
            {"Pendulum-v1", "0.5,-1.0", continuous.toString()},
        };
        for (String[] c : cases) {
            Result r = run("env", "replay", "--env", c[0], "--state", c[1], "--actions", c[2]);
            assertEquals(0, r.code(), r.err());
            List<String> rows = r.out().lines().collect(Collectors.toList());
            assertEquals(4, rows.size(), c[0] + ": header and three steps\n" + r.out());
            assertTrue(rows.get(0).startsWith("t,reward,terminated,truncated,next_obs_0,"), rows.get(0));
            assertTrue(rows.get(1).startsWith("0,"), rows.get(1));
            assertEquals(r.out(), run("env", "replay", "--env", c[0], "--state", c[1], "--actions", c[2]).out(),
                    c[0] + ": the same rows every run");
        }
        // CartPole's first step from (0.01, 0.02, 0.03, 0.04) pushing right, to full precision.
        Result cp = run("env", "replay", "--env", "CartPole-v1", "--state", "0.01,0.02,0.03,0.04", "--actions",
                discrete.toString());
        assertTrue(cp.out().lines().skip(1).findFirst().orElseThrow()
                .endsWith(",0.0104,0.21467919574755523,0.030799999999999998,-0.24306871796000815"), cp.out());
        // Stops at termination: the pole is past 12 degrees after one step.
        Result fall = run("env", "replay", "--env", "CartPole-v1", "--state", "0,0,0.2,1", "--actions",
                discrete.toString());
        assertEquals(2, fall.out().lines().count(), fall.out());
        assertTrue(fall.out().lines().skip(1).findFirst().orElseThrow().startsWith("0,1.0,true,false,"), fall.out());

        assertOneLineError(run("env", "replay", "--env", "CartPole-v1", "--state", "0,0,0", "--actions",
                discrete.toString()), "CartPole-v1: state needs 4 values, got 3");
        assertOneLineError(run("env", "replay", "--env", "CartPole-v1", "--state", "0,0,0,0", "--actions",
                continuous.toString()), "--actions line 1: '0.5' is not an integer");
        assertOneLineError(run("env", "replay", "--env", "CartPole-v1", "--state", "0,0,0,0", "--actions",
                tmp.resolve("missing.txt").toString()), "--actions: no such file");
    }

    @Test
    void helpAndEnvs() {
        Result help = run("train", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--eval-episodes"), help.out());
        Result envs = run("envs");
        assertEquals(0, envs.code());
        List<String> lines = envs.out().lines().collect(Collectors.toList());
        assertEquals(7, lines.size(), envs.out());
        assertTrue(line(lines, "MountainCarContinuous-v0").startsWith("MountainCarContinuous-v0  observation Box([-1.2, -0.07], [0.6, 0.07])"
                + "  action Box([-1.0], [1.0])  limit 999 steps"), envs.out());
        assertTrue(line(lines, "CartPole-v1").contains("action Discrete[n=2]  limit 500"), envs.out());
        assertTrue(line(lines, "LunarLanderContinuous-v3").endsWith("action Box([-1.0, -1.0], [1.0, 1.0])  limit 1000 steps"),
                envs.out());
        assertTrue(line(lines, "BipedalWalker-v3").contains("action Box([-1.0, -1.0, -1.0, -1.0], [1.0, 1.0, 1.0, 1.0])"
                + "  limit 1600 steps"), envs.out());
        assertTrue(line(lines, "BipedalWalkerHardcore-v3").endsWith("limit 2000 steps"), envs.out());

        // sac4j presets: PresetsCommandTest.
    }

    private static String line(List<String> lines, String id) {
        return lines.stream().filter(l -> l.startsWith(id + "  ")).findFirst().orElse("(no line for " + id + ")");
    }
}

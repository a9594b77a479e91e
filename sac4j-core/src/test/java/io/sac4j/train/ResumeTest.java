package io.sac4j.train;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.checkpoint.EntryType;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.EnvSnapshot;
import io.sac4j.env.Envs;
import io.sac4j.env.RestorableEnv;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.random.Rng;
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints of the training loop: an interrupted and resumed run equals an uninterrupted one, byte for byte. */
class ResumeTest {
    private static final SacConfig TINY = SacConfig.builder().hiddenSizes(16, 16).batchSize(32).learningRate(1e-3)
            .learningStarts(100).build();
    private static final RunConfig RUN = new RunConfig(600, 100, 1, 5);
    private static final long EVERY = 200;

    /** Thrown from a listener to stand in for a crash. */
    private static final class Crash extends RuntimeException {
        Crash(long step) {
            super("crash at step " + step);
        }
    }

    /**
     * Counts the loop's steps (one shouldStop per vector step of {@code stride} transitions) and crashes
     * at step {@code at}.
     */
    private static final class CrashAt implements TrainListener {
        private final long at;
        private final int stride;
        private long step;

        CrashAt(long at, long from) {
            this(at, from, 1);
        }

        CrashAt(long at, long from, int stride) {
            this.at = at;
            this.step = from;
            this.stride = stride;
        }

        @Override
        public boolean shouldStop() {
            step += stride;
            if (step == at) {
                throw new Crash(step);
            }
            return false;
        }
    }

    private static List<Path> files(Path dir) {
        return List.of(dir.resolve("metrics.csv"), dir.resolve("metrics.jsonl"));
    }

    /** Trains into {@code dir} from scratch, or from its latest checkpoint when {@code resume}. */
    private static TrainResult train(Supplier<Env> env, SacConfig sac, Path dir, boolean resume, TrainListener extra)
            throws IOException {
        return train(env, sac, RUN, dir, resume, extra);
    }

    private static TrainResult train(Supplier<Env> env, SacConfig sac, RunConfig run, Path dir, boolean resume,
                                     TrainListener extra) throws IOException {
        Checkpointing cp = Checkpointing.every(dir, EVERY).withRecordedFiles(files(dir));
        Path from = null;
        if (resume) {
            Checkpoints.Latest latest = Checkpoints.latestGood(dir);
            from = latest.path().orElseThrow();
            try (CheckpointReader in = Checkpoint.open(from)) {
                RecordedFiles.truncate(dir, in.manifest());
            }
        }
        try (MetricsCsv csv = resume ? MetricsCsv.appendingTo(files(dir).get(0)) : new MetricsCsv(files(dir).get(0));
             MetricsJsonl jsonl = resume ? MetricsJsonl.appendingTo(files(dir).get(1))
                     : new MetricsJsonl(files(dir).get(1))) {
            List<TrainListener> ls = new ArrayList<>(List.of(csv, jsonl));
            if (extra != null) {
                ls.add(extra);
            }
            OffPolicyLoop.Builder loop = OffPolicyLoop.builder(sac, run).envs(env).listeners(ls).checkpointing(cp);
            if (from != null) {
                loop.resumeFrom(from);
            }
            return loop.build().run();
        }
    }

    /** metrics.csv without its wall_s column, and metrics.jsonl without wall_s values. */
    private static List<String> withoutWallTime(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.csv"))) {
            String[] f = line.split(",", -1);
            f[1] = "";
            rows.add(String.join(",", f));
        }
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            rows.add(line.replaceAll("\"wall_s\":[^,]*,", ""));
        }
        return rows;
    }

    private static void checkResumeIsExact(Supplier<Env> env, SacConfig sac, Path tmp, long crashAt)
            throws IOException {
        checkResumeIsExact(env, sac, RUN, tmp, crashAt);
    }

    private static void checkResumeIsExact(Supplier<Env> env, SacConfig sac, RunConfig run, Path tmp, long crashAt)
            throws IOException {
        Path whole = Files.createDirectories(tmp.resolve("whole"));
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        TrainResult expected = train(env, sac, run, whole, false, null);
        assertThrows(Crash.class, () -> train(env, sac, run, broken, false, new CrashAt(crashAt, 0, run.nEnvs())));
        long resumedAt = Checkpoints.latestGood(broken).step().orElseThrow();
        assertEquals(crashAt / EVERY * EVERY, resumedAt, "the newest checkpoint before the crash");
        assertTrue(Files.readAllLines(broken.resolve("metrics.csv")).size() > 1 + resumedAt / RUN.evalEvery()
                || crashAt % RUN.evalEvery() != 0 || crashAt == resumedAt, "rows after the checkpoint exist to cut");
        TrainResult resumed = train(env, sac, run, broken, true, null);
        List<String> a = withoutWallTime(whole);
        assertEquals(1 + 6 + (a.size() - 7), a.size());
        assertEquals(a, withoutWallTime(broken), "crash at " + crashAt + ", resumed from " + resumedAt);
        assertEquals(expected.finalEval(), resumed.finalEval());
        assertEquals(expected.learner().updates(), resumed.learner().updates());
        assertEquals(Checkpoints.list(whole).keySet(), Checkpoints.list(broken).keySet());
    }

    private static long randomCrashStep(long seed) {
        return EVERY + 1 + new Rng(seed).nextInt((int) (RUN.totalSteps() - EVERY - 1));
    }

    @Test
    void sacResumedAfterACrashEqualsAnUninterruptedRun(@TempDir Path tmp) throws IOException {
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"), TINY, tmp, randomCrashStep(1));
    }

    @Test
    void sacV1ResumedAfterACrashEqualsAnUninterruptedRun(@TempDir Path tmp) throws IOException {
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"), TINY.toBuilder().variant(Variant.V1).build(), tmp,
                randomCrashStep(2));
    }

    @Test
    void discreteSacResumedAfterACrashEqualsAnUninterruptedRun(@TempDir Path tmp) throws IOException {
        checkResumeIsExact(() -> Envs.make("CartPole-v1"), TINY, tmp, randomCrashStep(3));
    }

    /** Four copies: every copy's mid-episode state, return and length come back; a one-env run refuses the file. */
    @Test
    void fourEnvsResumedAfterACrashEqualsAnUninterruptedRun(@TempDir Path tmp) throws IOException {
        RunConfig four = RUN.withNEnvs(4);
        long crashAt = (randomCrashStep(4) + 3) / 4 * 4;
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"), TINY, four, tmp, crashAt);
        Path ckpt = Checkpoints.latestGood(tmp.resolve("whole")).path().orElseThrow();
        try (CheckpointReader in = Checkpoint.open(ckpt)) {
            assertEquals(4, in.ints("loop.episode_lengths").length, "four episode lengths");
            assertEquals(4 * 3, in.floats("loop.obs").length, "four Pendulum observations");
            for (int i = 0; i < 4; i++) {
                assertEquals(2, in.doubles(EnvCheckpoint.prefix(i) + ".state").length, "copy " + i + ": theta, theta dot");
            }
        }
        ResumeException e = assertThrows(ResumeException.class,
                () -> OffPolicyLoop.builder(TINY, RUN).envs(() -> Envs.make("Pendulum-v1"))
                        .resumeFrom(ckpt).build().run());
        assertTrue(e.getMessage().contains("was made with another run configuration"), e.getMessage());
        assertTrue(e.getMessage().contains("nEnvs=4"), e.getMessage());
    }

    /**
     * Held warm-up actions: the checkpoint of step 200 falls inside a held draw (200 = 6 * 30 + 20), so the
     * resumed run must keep holding the saved action for 10 more steps; with 2 copies too.
     */
    @Test
    void heldWarmupActionsResumeExactly(@TempDir Path tmp) throws IOException {
        SacConfig held = TINY.toBuilder().learningStarts(450).warmupActionRepeat(30).build();
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"), held, tmp.resolve("one"), 317);
        Path one = Checkpoints.latestGood(tmp.resolve("one/whole")).path().orElseThrow();
        try (CheckpointReader in = Checkpoint.open(one)) {
            assertEquals(1, in.floats("loop.held_actions").length, "one copy, one action dimension");
        }
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"), held, RUN.withNEnvs(2), tmp.resolve("two"), 318);
        Path two = Checkpoints.latestGood(tmp.resolve("two/whole")).path().orElseThrow();
        try (CheckpointReader in = Checkpoint.open(two)) {
            assertEquals(2, in.floats("loop.held_actions").length, "two copies");
        }
    }

    /**
     * n-step returns and prioritized replay together: the windows in flight, the sum-tree's priorities and the
     * largest priority come back, and beta follows the step, so a resumed run equals an uninterrupted one, for
     * v2, v1 and discrete SAC and for two copies. Pendulum's episodes are cut to 130 steps so that the
     * checkpoints (every 200) fall inside episodes, with transitions pending in the windows.
     */
    @Test
    void nStepAndPrioritizedReplayResumeExactly(@TempDir Path tmp) throws IOException {
        SacConfig both = TINY.toBuilder().nStep(3).replaySampling(ReplaySampling.prioritized(0.6, 0.4, 1e-6)).build();
        Supplier<Env> pendulum130 = () -> new TimeLimit(Envs.make("Pendulum-v1"), 130);
        checkResumeIsExact(pendulum130, both, tmp.resolve("v2"), randomCrashStep(7));
        Path ckpt = Checkpoints.file(tmp.resolve("v2/whole"), 400);
        try (CheckpointReader in = Checkpoint.open(ckpt)) {
            // Step 400 = 3 * 130 + 10: the episode's last two transitions wait for their third reward.
            assertArrayEquals(new int[] {2 * 3, 2}, new int[] {in.floats("loop.nstep.0.observations").length,
                    in.doubles("loop.nstep.0.rewards").length}, "two pending Pendulum transitions");
            double[] priorities = in.doubles("replay.priorities");
            assertEquals(398, priorities.length, "one priority per stored transition (400 collected, 2 pending)");
            assertTrue(Arrays.stream(priorities).allMatch(p -> p > 0), "every held transition can be drawn");
            assertTrue(Arrays.stream(priorities).distinct().count() > 100, "priorities set from TD errors");
            assertTrue(in.doubles("replay.max_priority")[0] >= 1);
            byte[] steps = in.bytes("buffer.steps");
            assertEquals(398, steps.length);
            for (byte k : steps) {
                assertTrue(k >= 1 && k <= 3, "k in 1..n");
            }
        }
        checkResumeIsExact(pendulum130, both.toBuilder().variant(Variant.V1).build(), tmp.resolve("v1"),
                randomCrashStep(8));
        checkResumeIsExact(() -> Envs.make("CartPole-v1"), both, tmp.resolve("discrete"), randomCrashStep(9));
        checkResumeIsExact(pendulum130, both, RUN.withNEnvs(2), tmp.resolve("two"), (randomCrashStep(10) + 1) / 2 * 2);
    }

    /** The linear schedule's factor comes from the step alone: a resumed run continues on the same rates. */
    @Test
    void aLinearLearningRateScheduleResumesExactly(@TempDir Path tmp) throws IOException {
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"),
                TINY.toBuilder().learningRateSchedule(LearningRateSchedule.LINEAR).build(), tmp, randomCrashStep(6));
    }

    /**
     * An early stop at step 250, off the interval of 200, still leaves a checkpoint of step 250 holding the
     * trained learner; resumed, it goes on to the end exactly as a run that never stopped.
     */
    @Test
    void theEndOfARunIsCheckpointedEvenOffTheInterval(@TempDir Path tmp) throws IOException {
        Path whole = Files.createDirectories(tmp.resolve("whole"));
        Path stopped = Files.createDirectories(tmp.resolve("stopped"));
        TrainResult expected = train(() -> Envs.make("Pendulum-v1"), TINY, whole, false, null);
        TrainResult early = train(() -> Envs.make("Pendulum-v1"), TINY, stopped, false, new TrainListener() {
            private long step;

            @Override
            public boolean shouldStop() {
                return ++step == 250;
            }
        });
        assertEquals(250, early.steps());
        assertEquals(java.util.Set.of(200L, 250L), Checkpoints.list(stopped).keySet());
        try (CheckpointReader in = Checkpoint.open(Checkpoints.list(stopped).get(250L))) {
            assertEquals(early.learner().updates(), in.manifest().requireLong(RunCheckpoint.MANIFEST_UPDATES));
        }
        TrainResult resumed = train(() -> Envs.make("Pendulum-v1"), TINY, stopped, true, null);
        assertEquals(withoutWallTime(whole), withoutWallTime(stopped));
        assertEquals(expected.finalEval(), resumed.finalEval());
        assertEquals(Checkpoints.list(whole).keySet(), Checkpoints.list(stopped).keySet(), "400 and 600 kept");
    }

    @Test
    void aCrashRightAfterACheckpointResumesExactlyToo(@TempDir Path tmp) throws IOException {
        checkResumeIsExact(() -> Envs.make("Pendulum-v1"), TINY, tmp, 400);
    }

    /** Rewrites checkpoint {@code file} entry for entry, {@code loop.window} cut to its first four sums. */
    private static void cutWindowToFourSums(Path file) throws IOException {
        Path copy = file.resolveSibling("copy.bin");
        try (CheckpointReader in = Checkpoint.open(file)) {
            Checkpoint.write(copy, in.manifest(), out -> {
                for (String name : in.names()) {
                    EntryType type = null;
                    for (EntryType t : EntryType.values()) {
                        try {
                            in.count(name, t);
                            type = t;
                        } catch (CheckpointException wrongType) {
                            // try the next type
                        }
                    }
                    switch (type) {
                        case BYTES -> out.putBytes(name, in.bytes(name));
                        case FLOATS -> out.putFloats(name, in.floats(name));
                        case DOUBLES -> out.putDoubles(name, name.equals("loop.window")
                                ? Arrays.copyOf(in.doubles(name), 4) : in.doubles(name));
                        case LONGS -> out.putLongs(name, in.longs(name));
                        case INTS -> out.putInts(name, in.ints(name));
                        case STRING -> out.putString(name, in.string(name));
                        case BOOLEANS -> {
                            boolean[] b = in.booleans(name);
                            out.putBooleans(name, b, 0, b.length);
                        }
                        default -> throw new IllegalStateException(name + " has no known type");
                    }
                }
            });
        }
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A checkpoint written before the temperature loss was recorded (four sums in {@code loop.window})
     * still resumes to the same metrics; only the first row after it lacks the temperature loss.
     */
    @Test
    void aCheckpointWithoutTheTemperatureLossSumStillResumesExactly(@TempDir Path tmp) throws IOException {
        Path whole = Files.createDirectories(tmp.resolve("whole"));
        Path old = Files.createDirectories(tmp.resolve("old"));
        Supplier<Env> env = () -> Envs.make("Pendulum-v1");
        train(env, TINY, whole, false, null);
        assertThrows(Crash.class, () -> train(env, TINY, old, false, new CrashAt(250, 0)));
        cutWindowToFourSums(Checkpoints.file(old, 200));
        try (CheckpointReader in = Checkpoint.open(Checkpoints.file(old, 200))) {
            assertEquals(4, in.doubles("loop.window").length);
        }
        List<EvalRecord> rows = new ArrayList<>();
        train(env, TINY, old, true, new TrainListener() {
            @Override
            public void onEvaluation(EvalRecord record) {
                rows.add(record);
            }
        });
        assertEquals(withoutWallTime(whole), withoutWallTime(old));
        assertEquals(List.of(300L, 400L, 500L, 600L), rows.stream().map(EvalRecord::step).toList());
        assertTrue(Double.isNaN(rows.get(0).temperatureLoss()), "unknown for the window the checkpoint cut");
        assertTrue(Double.isFinite(rows.get(1).temperatureLoss()) && rows.get(1).temperatureLoss() != 0,
                "recorded again from the next row on: " + rows.get(1));
    }

    @Test
    void theManifestSaysWhatMadeTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        train(() -> Envs.make("Pendulum-v1"), TINY, dir, false, null);
        assertEquals(List.of(400L, 600L), new ArrayList<>(Checkpoints.list(dir).keySet()), "the newest two kept");
        try (CheckpointReader in = Checkpoint.open(Checkpoints.file(dir, 600))) {
            Manifest m = in.manifest();
            assertEquals("Pendulum-v1", m.require(RunCheckpoint.MANIFEST_ENV));
            assertEquals(600, m.requireLong(RunCheckpoint.MANIFEST_STEP));
            assertEquals(500, m.requireLong(RunCheckpoint.MANIFEST_UPDATES));
            assertEquals(5, m.requireLong(Manifest.SEED));
            assertEquals("true", m.require(RunCheckpoint.MANIFEST_BUFFER));
            assertEquals(Files.size(dir.resolve("metrics.csv")), m.requireLong("file:metrics.csv"));
            assertTrue(m.require(Manifest.JAVA_VERSION).startsWith(Integer.toString(Runtime.version().feature())));
            assertTrue(in.has("buffer.observations") && in.has("learner.qf1_target.names") && in.has("env.state"));
            assertFalse(in.has("loop.held_actions"), "no held warm-up actions without the option");
        }
    }

    @Test
    void aResumeRefusesAnotherConfiguration(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        assertThrows(Crash.class, () -> train(() -> Envs.make("Pendulum-v1"), TINY, dir, false, new CrashAt(250, 0)));
        Path ckpt = Checkpoints.file(dir, 200);
        SacConfig other = TINY.toBuilder().gamma(0.98).build();
        Exception e = assertThrows(ResumeException.class,
                () -> OffPolicyLoop.builder(other, RUN).envs(() -> Envs.make("Pendulum-v1"))
                        .resumeFrom(ckpt).build().run());
        assertTrue(e.getMessage().contains("was made with another SAC configuration"), e.getMessage());
        assertTrue(e.getMessage().contains("gamma=0.99 there, gamma=0.98 here"), e.getMessage());
        assertEquals(List.of("sac.gamma"), ((ResumeException) e).differingFields());
        SacConfig nStep = TINY.toBuilder().nStep(3).replaySampling(ReplaySampling.prioritized(0.6, 0.4, 1e-6)).build();
        e = assertThrows(ResumeException.class,
                () -> OffPolicyLoop.builder(nStep, RUN).envs(() -> Envs.make("Pendulum-v1"))
                        .resumeFrom(ckpt).build().run());
        assertTrue(e.getMessage().contains("nStep=1 there, nStep=3 here"), e.getMessage());
        assertTrue(e.getMessage().contains("replaySampling=uniform there, replaySampling=prioritized here"),
                e.getMessage());
        e = assertThrows(ResumeException.class,
                () -> OffPolicyLoop.builder(TINY, RUN).envs(() -> Envs.make("MountainCarContinuous-v0"))
                        .resumeFrom(ckpt).build().run());
        assertTrue(e.getMessage().endsWith("is of Pendulum-v1, this run trains MountainCarContinuous-v0"), e.getMessage());
    }

    /** Reads checkpoint {@code step-200.ckpt} at step 201, right after it was written. */
    private static final class CaptureAt201 implements TrainListener {
        private final Path dir;
        private long step;
        byte[] bytes;

        CaptureAt201(Path dir) {
            this.dir = dir;
        }

        @Override
        public boolean shouldStop() {
            if (++step == 201) {
                try {
                    bytes = Files.readAllBytes(Checkpoints.file(dir, 200));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void badEnvironmentDataStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        String[] expected = {
            "Pendulum-v1 returned a non-finite observation at step 333: [NaN, ",
            "Pendulum-v1 returned a non-finite reward NaN at step 333",
            "Pendulum-v1 refused the action "};
        FaultyEnv.Fault[] faults = {FaultyEnv.Fault.NAN_OBSERVATION, FaultyEnv.Fault.NAN_REWARD,
            FaultyEnv.Fault.SHORT_ACTION};
        for (int i = 0; i < faults.length; i++) {
            FaultyEnv.Fault fault = faults[i];
            Path dir = Files.createDirectories(tmp.resolve(fault.name()));
            int[] made = {0};
            // The first environment made is the training one; the evaluation one behaves.
            Supplier<Env> env = () -> made[0]++ == 0 ? new FaultyEnv(Envs.make("Pendulum-v1"), 333, fault)
                    : Envs.make("Pendulum-v1");
            CaptureAt201 capture = new CaptureAt201(dir);
            TrainingException e = assertThrows(TrainingException.class, () -> train(env, TINY, dir, false, capture));
            assertEquals(333, e.step());
            assertTrue(e.getMessage().startsWith(expected[i]), e.getMessage());
            if (fault == FaultyEnv.Fault.SHORT_ACTION) {
                assertTrue(e.getMessage().endsWith(" at step 333: Pendulum-v1: action has length 0, expected 1"),
                        e.getMessage());
            }
            assertEquals(List.of(200L), new ArrayList<>(Checkpoints.list(dir).keySet()), "no checkpoint after the fault");
            assertArrayEquals(capture.bytes, Files.readAllBytes(Checkpoints.file(dir, 200)),
                    "the last good checkpoint, untouched");
            try (var files = Files.list(dir.resolve(Checkpoints.DIRECTORY))) {
                assertEquals(1, files.count(), "no temporary file left");
            }
        }
    }

    @Test
    void aNonFiniteLossStopsTrainingAtItsStepAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        int[] made = {0};
        Supplier<Env> env = () -> made[0]++ == 0 ? new FaultyEnv(Envs.make("Pendulum-v1"), 250, FaultyEnv.Fault.HUGE_REWARD)
                : Envs.make("Pendulum-v1");
        TrainingException e = assertThrows(TrainingException.class, () -> train(env, TINY, dir, false, null));
        assertTrue(e.step() >= 250 && e.step() < 400, "stopped at " + e.step());
        assertTrue(e.getMessage().matches("SAC update \\d+: non-finite loss \\(critic (Infinity|NaN), .*\\) at step "
                + e.step()), e.getMessage());
        assertEquals(List.of(200L), new ArrayList<>(Checkpoints.list(dir).keySet()));
    }

    @Test
    void aCheckpointWithoutTheBufferIsSmallerAndStillResumes(@TempDir Path tmp) throws IOException {
        Path with = Files.createDirectories(tmp.resolve("with"));
        Path without = Files.createDirectories(tmp.resolve("without"));
        Supplier<Env> env = () -> Envs.make("Pendulum-v1");
        for (Path dir : List.of(with, without)) {
            Checkpointing cp = Checkpointing.every(dir, EVERY).withBuffer(dir == with);
            assertThrows(Crash.class, () -> OffPolicyLoop.builder(TINY, RUN).envs(env)
                    .listeners(List.of(new CrashAt(250, 0))).checkpointing(cp).build().run());
        }
        Path ckpt = Checkpoints.file(without, 200);
        try (CheckpointReader in = Checkpoint.open(ckpt)) {
            assertEquals("false", in.manifest().require(RunCheckpoint.MANIFEST_BUFFER));
            assertFalse(in.has("buffer.observations"));
        }
        // 200 transitions of (3 + 1 + 1 + 3) floats and a flag: at least 6600 bytes fewer.
        assertTrue(Files.size(Checkpoints.file(with, 200)) - Files.size(ckpt) >= 200 * 33, "buffer left out");
        TrainResult r = OffPolicyLoop.builder(TINY, RUN).envs(env).resumeFrom(ckpt).build().run();
        assertEquals(600, r.steps());
        assertEquals(500, r.learner().updates(), "100 updates before the checkpoint, 400 after");
    }

    /**
     * A user's own environment, outside sac4j: a point on a line that drifts with its velocity and is
     * pushed by the action; reset draws (x, v) from its own generator. {@code restorable} decides
     * whether it opts in to {@link RestorableEnv} (saving its position and its generator).
     */
    private static class Drift implements RestorableEnv {
        private static final Box OBS = Box.uniform(2, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        private static final Box ACT = Box.uniform(1, -1f, 1f);
        private final boolean restorable;
        private Rng rng = new Rng(0);
        private double x;
        private double v;

        Drift(boolean restorable) {
            this.restorable = restorable;
        }

        @Override
        public String id() {
            return "Drift-v0";
        }

        @Override
        public Box observationSpace() {
            return OBS;
        }

        @Override
        public Box actionSpace() {
            return ACT;
        }

        @Override
        public float[] reset(long seed) {
            rng = new Rng(seed);
            return reset();
        }

        @Override
        public float[] reset() {
            x = rng.uniform(-1.0, 1.0);
            v = rng.uniform(-0.5, 0.5);
            return new float[] {(float) x, (float) v};
        }

        @Override
        public Step step(float[] action) {
            Actions.check(id(), action, 1);
            double reward = -(x * x + 0.1 * v * v);
            x += 0.05 * v;
            v += 0.05 * action[0];
            return new Step(new float[] {(float) x, (float) v}, reward, false, false);
        }

        @Override
        public boolean restorable() {
            return restorable;
        }

        @Override
        public void saveState(EnvSnapshot out) {
            out.putDoubles("position", x, v);
            out.putRng("rng", rng.state());
        }

        @Override
        public float[] restoreState(EnvSnapshot in) {
            double[] p = in.doubles("position");
            Rng.State g = in.rng("rng");
            x = p[0];
            v = p[1];
            rng.restoreState(g);
            return new float[] {(float) x, (float) v};
        }
    }

    /** A user's RestorableEnv (in a TimeLimit) is saved in the checkpoint and resumes bit for bit. */
    @Test
    void aUsersOwnRestorableEnvResumesExactly(@TempDir Path tmp) throws IOException {
        checkResumeIsExact(() -> new TimeLimit(new Drift(true), 70), TINY, tmp, randomCrashStep(7));
        try (CheckpointReader in = Checkpoint.open(Checkpoints.latestGood(tmp.resolve("whole")).path().orElseThrow())) {
            assertEquals("true", in.manifest().require(RunCheckpoint.MANIFEST_ENV_RESTORABLE));
            assertEquals(2, in.doubles("env.position").length, "the user's own entry, under the copy's prefix");
            assertEquals(1, in.ints("env.elapsed").length, "the TimeLimit's elapsed count");
            assertTrue(in.has("env.rng.xoshiro256"));
        }
    }

    /** An environment that does not opt in is not saved; a resume continues with new episodes to the end. */
    @Test
    void anEnvThatIsNotRestorableResumesWithNewEpisodes(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Supplier<Env> env = () -> new TimeLimit(new Drift(false), 70);
        assertThrows(Crash.class, () -> train(env, TINY, dir, false, new CrashAt(250, 0)));
        try (CheckpointReader in = Checkpoint.open(Checkpoints.file(dir, 200))) {
            assertEquals("false", in.manifest().require(RunCheckpoint.MANIFEST_ENV_RESTORABLE));
            assertFalse(in.has("env.position") || in.has("env.elapsed"), "no environment entries");
        }
        TrainResult resumed = train(env, TINY, dir, true, null);
        assertEquals(600, resumed.steps());
        assertEquals(500, resumed.learner().updates());
    }

    @Test
    void aResumeRefusesAnOlderCheckpointFormat() {
        Manifest old = Manifest.empty().with(RunCheckpoint.MANIFEST_FORMAT, 1).with(RunCheckpoint.MANIFEST_ENV, "Pendulum-v1");
        ResumeException e = assertThrows(ResumeException.class,
                () -> RunCheckpoint.checkResumable(old, "checkpoint x", "Pendulum-v1", TINY, RUN));
        assertEquals("checkpoint x is a run checkpoint of format 1 (an older sac4j); this sac4j resumes format 2 only:"
                + " start a new run", e.getMessage());
    }
}

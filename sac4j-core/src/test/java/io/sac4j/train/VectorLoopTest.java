package io.sac4j.train;

import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OffPolicyLoop} on {@link RunConfig#nEnvs()} > 1 copies of the environment. */
class VectorLoopTest {
    private static final SacConfig TINY = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(100).build();

    /**
     * Observes {@code [copy, k]}, {@code k} the steps since the reset, rewards {@code 10 copy + k}; copy 1
     * terminates at {@code k = 2}, the others never do (their {@link TimeLimit} of 3 truncates them).
     */
    static final class Counter implements Env {
        private final int copy;
        private int k;

        Counter(int copy) {
            this.copy = copy;
        }

        @Override
        public String id() {
            return "Counter";
        }

        @Override
        public Box observationSpace() {
            return Box.uniform(2, -100, 100);
        }

        @Override
        public Box actionSpace() {
            return Box.uniform(1, -1, 1);
        }

        @Override
        public float[] reset(long seed) {
            return reset();
        }

        @Override
        public float[] reset() {
            k = 0;
            return new float[] {copy, 0};
        }

        @Override
        public Step step(float[] action) {
            k++;
            return new Step(new float[] {copy, k}, 10 * copy + k, copy == 1 && k == 2, false);
        }
    }

    /** Copies 0, 1, 2 for training, then copy 0 again for evaluation (the factory's call order). */
    static Supplier<Env> counters(int n) {
        int[] calls = {0};
        return () -> new TimeLimit(new Counter(calls[0]++ % n), 3);
    }

    /** Records the episode ends and the evaluation steps the listeners see. */
    private static final class Recorder implements TrainListener {
        final List<long[]> episodes = new ArrayList<>();
        final List<Long> evaluations = new ArrayList<>();

        @Override
        public void onEpisodeEnd(long step, double episodeReturn, int length) {
            episodes.add(new long[] {step, (long) episodeReturn, length});
        }

        @Override
        public void onEvaluation(EvalRecord record) {
            evaluations.add(record.step());
        }
    }

    @Test
    void storesNTransitionsPerVectorStepWithTheRealFinalObservationOnTruncation() {
        // 4 vector steps of 3 copies, no updates (learning starts after the run).
        SacConfig noUpdates = TINY.toBuilder().learningStarts(1000).build();
        Recorder rec = new Recorder();
        OffPolicyLoop loop = OffPolicyLoop.builder(noUpdates, new RunConfig(12, 6, 1, 0, 3)).envs(counters(3))
                .listeners(List.of(rec)).build();
        TrainResult r = loop.run();
        assertEquals(12, r.steps());
        assertEquals(0, r.learner().updates());
        ReplayBuffer buffer = loop.lastBuffer();
        assertEquals(12, buffer.added(), "N transitions per vector step");
        ReplayBuffer.Columns c = buffer.columnsView();
        // Row j: vector step j / 3, copy j % 3. Copies 0 and 2 run k = 1, 2, 3 (truncated at 3), then 1;
        // copy 1 runs k = 1, 2 (terminated), 1, 2 (terminated).
        int[][] expectedK = {{1, 2, 3, 1}, {1, 2, 1, 2}, {1, 2, 3, 1}};
        for (int j = 0; j < 12; j++) {
            int step = j / 3;
            int copy = j % 3;
            int k = expectedK[copy][step];
            String row = "vector step " + step + ", copy " + copy;
            assertEquals(copy, c.observations()[2 * j], row);
            assertEquals(k - 1, c.observations()[2 * j + 1], row + ": the observation the action was taken in");
            assertEquals(copy, c.nextObservations()[2 * j], row);
            assertEquals(k, c.nextObservations()[2 * j + 1],
                    row + ": the real next observation, also at truncation (not the autoreset's 0)");
            assertEquals(10 * copy + k, c.rewards()[j], row);
            assertEquals(copy == 1 && k == 2, c.terminated()[j], row + ": only termination stops bootstrapping");
        }
        // Episode ends of every copy, each at its own transition's count, in copy order within a vector step.
        List<String> ends = new ArrayList<>();
        for (long[] e : rec.episodes) {
            ends.add(e[0] + ":" + e[1] + "/" + e[2]);
        }
        // Vector step 1 (t = 4..6): copy 1 terminates (t 5, return 11 + 12 = 23); step 2 (t = 7..9): copies 0
        // and 2 truncate (t 7: 1 + 2 + 3 = 6, t 9: 21 + 22 + 23 = 66); step 3 (t = 10..12): copy 1 again (t 11).
        assertEquals(List.of("5:23/2", "7:6/3", "9:66/3", "11:23/2"), ends);
        // evalEvery 6: the vector steps that pass 6 and 12.
        assertEquals(List.of(6L, 12L), rec.evaluations);
    }

    @Test
    void evaluationsHappenAtTheVectorStepThatPassesTheScheduleAndTheLastStepRoundsUp() {
        Recorder rec = new Recorder();
        TrainResult r = OffPolicyLoop.builder(TINY, new RunConfig(42, 10, 1, 0, 4)).envs(ContextualBandit::new)
                .listeners(List.of(rec)).build()
                .run();
        assertEquals(44, r.steps(), "42 transitions round up to 11 whole vector steps of 4");
        assertEquals(List.of(12L, 20L, 32L, 40L), rec.evaluations);
        assertEquals(44, rec.episodes.size(), "every copy's one-step episodes reach the listeners");
        for (int i = 0; i < 44; i++) {
            assertEquals(i + 1, rec.episodes.get(i)[0], "episode " + i + " ends at its transition's count");
        }
    }

    @Test
    void gradientStepsEqualTheTransitionsAfterLearningStartsWhateverTheNumberOfEnvs() {
        // 300 transitions, updates from transition 101: as with one environment (OffPolicyLoopTest), every
        // transition (200), 4 every 4th (200), 2 every 8th (50): trainFreq and gradientSteps count transitions.
        int[][] cases = {{1, 1, 200}, {4, 4, 200}, {8, 2, 50}};
        for (int n : new int[] {2, 3, 4}) {
            for (int[] c : cases) {
                SacConfig cfg = TINY.toBuilder().trainFreq(c[0]).gradientSteps(c[1]).build();
                TrainResult r = OffPolicyLoop.builder(cfg, new RunConfig(300, 300, 1, 0, n))
                        .envs(ContextualBandit::new).build().run();
                assertEquals(300, r.steps());
                assertEquals(c[2], r.learner().updates(), n + " envs, train_freq " + c[0] + ", gradient_steps " + c[1]);
            }
        }
    }

    private static List<String> pendulumMetrics(Path dir, long seed, int n) throws IOException {
        SacConfig cfg = SacConfig.builder().hiddenSizes(16, 16).batchSize(16).learningRate(1e-3).build();
        Path file = dir.resolve("metrics-" + seed + "-" + n + ".csv");
        try (MetricsCsv csv = new MetricsCsv(file)) {
            OffPolicyLoop.builder(cfg, new RunConfig(600, 200, 2, seed, n)).envs(() -> Envs.make("Pendulum-v1"))
                    .listeners(List.of(csv)).build()
                    .run();
        }
        return OffPolicyLoopTest.metricsWithoutWallTime(file);
    }

    @Test
    void sameSeedGivesTheSameBitsWithFourEnvs(@TempDir Path tmp) throws IOException {
        List<String> a = pendulumMetrics(Files.createDirectory(tmp.resolve("a")), 7, 4);
        List<String> b = pendulumMetrics(Files.createDirectory(tmp.resolve("b")), 7, 4);
        assertEquals(4, a.size(), "header and three rows");
        assertNotEquals("nan", a.get(3).split(",")[5], "updates happened (critic loss): " + a.get(3));
        assertEquals(a, b);
        assertNotEquals(a, pendulumMetrics(tmp, 8, 4), "another seed, another run");
        assertNotEquals(a, pendulumMetrics(tmp, 7, 1), "four envs collect other transitions than one");
    }

    @Test
    void runConfigRefusesFewerThanOneEnv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunConfig(100, 10, 1, 0, 0));
        assertEquals("nEnvs must be >= 1, got 0", e.getMessage());
        // Checkpoints store nEnvs as a field of its own (SacConfigCodec), not inside a toString text.
        assertEquals("1", SacConfigCodec.encode(new RunConfig(100, 10, 1, 0)).get("run.nEnvs"), "one env");
        assertEquals("4", SacConfigCodec.encode(new RunConfig(100, 10, 1, 0, 4)).get("run.nEnvs"));
        assertEquals(100, new RunConfig(100, 10, 1, 0, 4).collectedSteps());
        assertEquals(102, new RunConfig(100, 10, 1, 0, 3).collectedSteps());
    }
}

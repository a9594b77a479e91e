package io.sac4j.train;

import io.sac4j.env.Envs;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.SacV1Learner;
import io.sac4j.sac.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffPolicyLoopTest {
    private static final SacConfig SMALL = SacConfig.builder().hiddenSizes(64, 64).batchSize(64)
            .learningRate(3e-3).learningStarts(200).build();

    /** SAC learns the state-dependent best action of a contextual bandit, on each of three seeds. */
    @Test
    void learnsAContextualBanditOnSeveralSeeds() {
        for (long seed = 0; seed < 3; seed++) {
            RunConfig run = new RunConfig(2500, 2500, 50, seed);
            TrainResult r = OffPolicyLoop.builder(SMALL, run).envs(ContextualBandit::new).build().run();
            // A random policy scores about -0.55 on average; -(0.1)^2 = -0.01 means within 0.1 of 0.8 s.
            assertTrue(r.finalEval().meanReturn() > -0.01,
                    "seed " + seed + ": mean return " + r.finalEval().meanReturn());
        }
    }

    /** SAC v1 (V and target V instead of target critics) learns the same bandit on three seeds. */
    @Test
    void sacV1LearnsAContextualBanditOnSeveralSeeds() {
        SacConfig v1 = SMALL.toBuilder().variant(Variant.V1).build();
        for (long seed = 0; seed < 3; seed++) {
            TrainResult r = OffPolicyLoop.builder(v1, new RunConfig(2500, 2500, 50, seed))
                    .envs(ContextualBandit::new).build()
                    .run();
            assertTrue(r.learner() instanceof SacV1Learner, r.learner().getClass().getName());
            assertTrue(r.finalEval().meanReturn() > -0.01,
                    "seed " + seed + ": mean return " + r.finalEval().meanReturn());
        }
    }

    @Test
    void stopsEarlyOnceTheEvaluationReachesTheThreshold() {
        // The bandit is learned (final return > -0.01) within 2500 steps; with evaluations every
        // 250 steps, a threshold of -0.05 stops training at the first evaluation that reaches it.
        StopOnRewardThreshold stop = new StopOnRewardThreshold(-0.05);
        TrainResult r = OffPolicyLoop.builder(SMALL, new RunConfig(5000, 250, 50, 0)).envs(ContextualBandit::new)
                .listeners(List.of(stop)).build().run();
        assertTrue(stop.stoppedAt() > 0 && stop.stoppedAt() < 5000, "stopped at " + stop.stoppedAt());
        assertEquals(stop.stoppedAt(), r.steps(), "training ends at that evaluation");
        assertEquals(0, r.steps() % 250);
        assertTrue(r.finalEval().meanReturn() >= -0.05, "final " + r.finalEval().meanReturn());
    }

    @Test
    void trainFreqAndGradientStepsSetTheUpdateCount() {
        // 300 steps, updates from step 101: every step (200), 4 every 4th step (50 rounds x 4 = 200),
        // 2 every 8th step (25 rounds x 2 = 50).
        int[][] cases = {{1, 1, 200}, {4, 4, 200}, {8, 2, 50}};
        for (int[] c : cases) {
            SacConfig cfg = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(100).trainFreq(c[0])
                    .gradientSteps(c[1]).build();
            TrainResult r = OffPolicyLoop.builder(cfg, new RunConfig(300, 300, 1, 0))
                    .envs(ContextualBandit::new).build().run();
            assertEquals(c[2], r.learner().updates(), "train_freq " + c[0] + ", gradient_steps " + c[1]);
        }
    }

    /** The rows of a metrics.csv with the wall_s column emptied: what must repeat bit for bit. */
    static List<String> metricsWithoutWallTime(Path csv) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",", -1);
            f[1] = "";
            rows.add(String.join(",", f));
        }
        return rows;
    }

    private static Path runPendulum(Path dir, long seed) {
        SacConfig cfg = SacConfig.builder().hiddenSizes(32, 32).batchSize(32).learningRate(1e-3).build();
        try (MetricsCsv csv = new MetricsCsv(dir.resolve("metrics.csv"))) {
            OffPolicyLoop.builder(cfg, new RunConfig(600, 200, 2, seed)).envs(() -> Envs.make("Pendulum-v1"))
                    .listeners(List.of(csv)).build().run();
        }
        return dir.resolve("metrics.csv");
    }

    @Test
    void sameSeedGivesByteIdenticalMetricsApartFromWallTime(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Path c = Files.createDirectory(tmp.resolve("c"));
        List<String> ma = metricsWithoutWallTime(runPendulum(a, 7));
        List<String> mb = metricsWithoutWallTime(runPendulum(b, 7));
        assertEquals(4, ma.size(), "header and three rows");
        assertEquals(MetricsCsv.HEADER.replace("wall_s", ""), ma.get(0));
        assertEquals(ma, mb);
        assertNotEquals(ma, metricsWithoutWallTime(runPendulum(c, 8)), "another seed, another run");
    }

    @Test
    void nonFiniteRewardStopsTrainingWithAMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OffPolicyLoop.builder(SMALL, new RunConfig(10, 10, 1, 0))
                        .envs(() -> new ContextualBandit(Double.NaN)).build().run());
        assertEquals("ContextualBandit returned a non-finite reward NaN at step 1", e.getMessage());
    }

    @Test
    void runConfigRejectsNegativeSteps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunConfig(-5, 10, 1, 0));
        assertEquals("steps must be >= 1, got -5", e.getMessage());
    }

    @Test
    void evaluationStatistics() {
        EvalResult r = Evaluator.summarize(new double[] {1, 2, 3, 4});
        assertEquals(2.5, r.meanReturn());
        assertEquals(Math.sqrt(1.25), r.stdReturn(), 1e-12);
        assertEquals(4, r.episodes());
    }
}

package io.sac4j.train;

import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.env.Envs;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SacConfig#warmupActionRepeat}: the warm-up's uniform draws, each held for K steps. */
class WarmupActionRepeatTest {
    private static final SacConfig TINY = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(100).build();

    /** The actions the loop stored, one row per transition, in the order collected. */
    private static float[][] storedActions(SacConfig sac, RunConfig run) {
        OffPolicyLoop loop = OffPolicyLoop.builder(sac, run).envs(() -> Envs.make("Pendulum-v1")).build();
        loop.run();
        ReplayBuffer b = loop.lastBuffer();
        assertEquals(run.collectedSteps(), b.added(), "no wrap-around in these runs");
        float[][] rows = new float[(int) b.added()][];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = Arrays.copyOfRange(b.columnsView().actions(), j * b.actDim(), (j + 1) * b.actDim());
        }
        return rows;
    }

    @Test
    void eachWarmupDrawIsHeldForExactlyKStepsAndIsTheKEqualsOneRunsDraw() {
        int k = 7;
        RunConfig run = new RunConfig(150, 150, 1, 3);
        float[][] held = storedActions(TINY.toBuilder().warmupActionRepeat(k).build(), run);
        float[][] plain = storedActions(TINY, run);
        Set<Float> draws = new HashSet<>();
        for (int t = 0; t < 100; t++) {
            // Step t + 1 acts with draw t / k; the generator makes no other warm-up draws, so draw j is the
            // j-th action of the run without the option.
            assertArrayEquals(plain[t / k], held[t], "step " + (t + 1) + " holds draw " + t / k);
            draws.add(held[t][0]);
            assertTrue(held[t][0] >= -1f && held[t][0] < 1f);
        }
        assertEquals((100 + k - 1) / k, draws.size(), "ceil(100 / k) distinct draws, one per block");
        // After the warm-up the policy acts: no longer held, a new sample every step.
        for (int t = 100; t < 149; t++) {
            assertNotEquals(held[t][0], held[t + 1][0], "step " + (t + 1));
        }
    }

    @Test
    void onSeveralEnvsEveryCopyHoldsItsDrawForKVectorSteps() {
        int k = 4;
        int n = 3;
        float[][] held = storedActions(TINY.toBuilder().warmupActionRepeat(k).build(), new RunConfig(99, 99, 1, 5, n));
        // Row j: vector step j / n, copy j % n; the warm-up covers vector steps with t0 = n * step < 100.
        for (int j = 0; j < 99; j++) {
            int step = j / n;
            int copy = j % n;
            int blockStart = step / k * k;
            assertArrayEquals(held[blockStart * n + copy], held[j], "vector step " + step + ", copy " + copy);
            if (step % k == 0 && step > 0) {
                assertFalse(Arrays.equals(held[(step - 1) * n + copy], held[j]), "a new draw at vector step " + step);
            }
        }
    }

    @Test
    void theDefaultIsOneAndLeavesTheConfigurationTextAsBefore() {
        assertEquals(1, SacConfig.DEFAULTS.warmupActionRepeat());
        assertEquals(SacConfig.DEFAULTS, SacConfig.builder().warmupActionRepeat(1).build());
        // Checkpoint manifests compare this text: a run without the option resumes checkpoints written before it.
        assertFalse(SacConfig.DEFAULTS.toString().contains("warmupActionRepeat"), SacConfig.DEFAULTS.toString());
        assertTrue(SacConfig.DEFAULTS.toString().endsWith("entropyEstimate=SAMPLE, adjustment=null]"),
                SacConfig.DEFAULTS.toString());
        String on = SacConfig.builder().warmupActionRepeat(20).build().toString();
        assertTrue(on.endsWith(", adjustment=null, warmupActionRepeat=20]"), on);
    }

    @Test
    void aRepeatBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SacConfig.builder().warmupActionRepeat(0).build());
        assertEquals("warmupActionRepeat must be >= 1, got 0", e.getMessage());
    }

    private static List<String> metrics(Path dir, SacConfig sac, long seed) throws IOException {
        Files.createDirectories(dir);
        try (MetricsCsv csv = new MetricsCsv(dir.resolve("metrics.csv"))) {
            OffPolicyLoop.builder(sac, new RunConfig(400, 100, 1, seed))
                    .envs(() -> Envs.make("MountainCarContinuous-v0")).listeners(List.of(csv)).build().run();
        }
        return OffPolicyLoopTest.metricsWithoutWallTime(dir.resolve("metrics.csv"));
    }

    @Test
    void sameSeedSameBitsWithTheOption(@TempDir Path tmp) throws IOException {
        SacConfig sac = TINY.toBuilder().learningStarts(200).warmupActionRepeat(20).build();
        List<String> a = metrics(tmp.resolve("a"), sac, 1);
        assertEquals(a, metrics(tmp.resolve("b"), sac, 1));
        assertNotEquals(a, metrics(tmp.resolve("c"), TINY.toBuilder().learningStarts(200).build(), 1),
                "the option changes the run");
    }
}

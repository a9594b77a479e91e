package io.sac4j.sac;

import io.sac4j.game.GradientAdjustment;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Space;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LearningRateSchedule's factors and Learner.setLearningRateFactor reaching every optimiser of every learner. */
class LearningRateScheduleTest {
    @Test
    void constantIsOneAndLinearIsTheRemainingProgress() {
        for (long t : new long[] {0, 1, 250, 1000, 1007}) {
            assertEquals(1.0, LearningRateSchedule.CONSTANT.factor(t, 1000));
        }
        // rl-zoo's linear_schedule: progress_remaining * rate, progress_remaining = 1 - t / T.
        assertEquals(1.0, LearningRateSchedule.LINEAR.factor(0, 1000));
        assertEquals(0.999, LearningRateSchedule.LINEAR.factor(1, 1000));
        assertEquals(0.75, LearningRateSchedule.LINEAR.factor(250, 1000));
        assertEquals(0.0, LearningRateSchedule.LINEAR.factor(1000, 1000));
        assertEquals(0.0, LearningRateSchedule.LINEAR.factor(1007, 1000), "clamped past the end");
        assertEquals(1.0 - 123_457.0 / 500_000.0, LearningRateSchedule.LINEAR.factor(123_457, 500_000));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.LINEAR.factor(5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.LINEAR.factor(-1, 10));
    }

    @Test
    void namesRoundTripAndAnUnknownOneIsNamed() {
        for (LearningRateSchedule s : LearningRateSchedule.values()) {
            assertEquals(s, LearningRateSchedule.fromCliName(s.cliName()));
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.fromCliName("cosine"));
        assertTrue(e.getMessage().contains("constant or linear") && e.getMessage().contains("cosine"), e.getMessage());
    }

    @Test
    void theConfigDefaultsToConstantAndKeepsItsTextForOldCheckpoints() {
        assertEquals(LearningRateSchedule.CONSTANT, SacConfig.DEFAULTS.learningRateSchedule());
        assertFalse(SacConfig.DEFAULTS.toString().contains("learningRateSchedule"));
        SacConfig linear = SacConfig.builder().learningRateSchedule(LearningRateSchedule.LINEAR).build();
        assertTrue(linear.toString().contains("learningRateSchedule=LINEAR"), linear.toString());
        assertThrows(IllegalArgumentException.class, () -> SacConfig.builder().learningRateSchedule(null).build());
    }

    private static final Space OBS = Box.uniform(3, -1f, 1f);

    /** The float entries of a learner's saved state: every network, target, Adam moment and log alpha. */
    private static Map<String, float[]> floats(Learner l) throws Exception {
        Map<String, float[]> m = new TreeMap<>();
        l.saveState(new StateWriter() {
            @Override
            public void putFloats(String name, float[] values, int off, int len) {
                m.put(name, Arrays.copyOfRange(values, off, off + len));
            }

            @Override
            public void putBytes(String name, byte[] values) {
            }

            @Override
            public void putDoubles(String name, double... values) {
            }

            @Override
            public void putLongs(String name, long... values) {
            }

            @Override
            public void putInts(String name, int... values) {
            }

            @Override
            public void putString(String name, String value) {
            }

            @Override
            public void putBooleans(String name, boolean[] values, int off, int len) {
            }
        });
        return m;
    }

    /** The trained parameters among the saved floats: not a target network's, not an optimiser's moments. */
    private static List<String> trained(Map<String, float[]> state) {
        List<String> names = new ArrayList<>();
        for (String n : state.keySet()) {
            if (!n.contains("_target") && !n.contains(".adam")) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * At factor 0 an update moves no trained parameter (actor, both critics, V, log alpha: every optimiser
     * got the factor) while the targets still follow their polyak average; back at 1, every one moves.
     */
    @Test
    void factorZeroFreezesEveryTrainedNetworkOfEveryLearner() throws Exception {
        SacConfig small = SacConfig.builder().hiddenSizes(8, 8).batchSize(16).build();
        record Case(String name, SacConfig config, Space act, int actDim, int discrete) {
        }
        List<Case> cases = List.of(
                new Case("sac", small, Box.uniform(2, -1f, 1f), 2, 0),
                new Case("sac-v1", small.toBuilder().variant(Variant.V1).build(), Box.uniform(2, -1f, 1f), 2, 0),
                new Case("sac adjusted", small.toBuilder().adjustment(GradientAdjustment.antisymmetric(0.1)).build(),
                        Box.uniform(2, -1f, 1f), 2, 0),
                new Case("sac-discrete", small, new Discrete(3), 1, 3));
        for (Case c : cases) {
            Learner l = Learners.create(c.config(), OBS, c.act(), new Rng(5));
            Rng data = new Rng(6);
            l.update(LearnerStateTest.batch(data, c.actDim(), c.discrete()));
            Map<String, float[]> before = floats(l);
            List<String> trained = trained(before);
            assertTrue(trained.stream().anyMatch(n -> n.contains("log_alpha")), c.name() + ": " + trained);
            assertTrue(trained.stream().anyMatch(n -> n.contains("actor")), c.name() + ": " + trained);
            if (c.config().variant() == Variant.V1) {
                assertTrue(trained.stream().anyMatch(n -> n.contains("vf")), c.name() + ": " + trained);
            }

            l.setLearningRateFactor(0.0);
            l.update(LearnerStateTest.batch(data, c.actDim(), c.discrete()));
            Map<String, float[]> frozen = floats(l);
            for (String n : trained) {
                assertArrayEquals(before.get(n), frozen.get(n), c.name() + ": " + n + " moved at factor 0");
            }
            assertTrue(before.keySet().stream().anyMatch(n -> n.contains("_target") && !n.contains(".adam")
                    && !Arrays.equals(before.get(n), frozen.get(n))), c.name() + ": the targets still move");

            l.setLearningRateFactor(1.0);
            l.update(LearnerStateTest.batch(data, c.actDim(), c.discrete()));
            Map<String, float[]> after = floats(l);
            for (String n : trained) {
                if (n.contains("/")) {
                    assertFalse(Arrays.equals(frozen.get(n), after.get(n)), c.name() + ": " + n + " did not move at 1");
                }
            }
        }
    }
}

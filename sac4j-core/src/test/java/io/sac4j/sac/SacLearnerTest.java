package io.sac4j.sac;

import io.sac4j.buffer.Batch;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SacLearnerTest {
    private static Batch randomBatch(int n, int obs, int act, Rng r) {
        Batch b = new Batch(n, obs, act);
        r.fillGaussian(b.observations.data, 0, b.observations.size());
        r.fillUniform(b.actions.data, 0, b.actions.size(), -1, 1);
        r.fillGaussian(b.rewards.data, 0, b.rewards.size());
        r.fillGaussian(b.nextObservations.data, 0, b.nextObservations.size());
        return b;
    }

    @Test
    void sameSeedSameUpdatesBitForBit() {
        SacConfig c = SacConfig.builder().hiddenSizes(32, 32).batchSize(16).build();
        SacLearner a = new SacLearner(c, 3, 2, new Rng(5));
        SacLearner b = new SacLearner(c, 3, 2, new Rng(5));
        Batch batch = randomBatch(16, 3, 2, new Rng(6));
        for (int i = 0; i < 20; i++) {
            a.update(batch);
            b.update(batch);
            assertEquals(a.lastMetrics(), b.lastMetrics());
        }
        assertEquals(20, a.updates());
    }

    @Test
    void twinCriticsOnTwoThreadsGiveTheSameBitsAsOne() {
        // The critics run as two parallel parts when there are two threads; each is the same
        // arithmetic either way.
        SacConfig c = SacConfig.builder().hiddenSizes(64, 64).batchSize(32).build();
        Batch batch = randomBatch(32, 5, 2, new Rng(8));
        SacLearner one = new SacLearner(c, 5, 2, new Rng(9));
        SacLearner two;
        try (io.sac4j.tensor.KernelThreads threads = io.sac4j.tensor.KernelThreads.create(2)) {
            two = new SacLearner(c, 5, 2, new Rng(9), threads);
            for (int i = 0; i < 5; i++) {
                one.update(batch);
                two.update(batch);
                assertEquals(one.lastMetrics(), two.lastMetrics());
            }
        }
        float[] a = new float[5], b = new float[2], b2 = new float[2];
        new Rng(10).fillGaussian(a, 0, 5);
        one.policy().actDeterministic(a, b);
        two.policy().actDeterministic(a, b2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(b, b2);
    }

    @Test
    void temperatureFollowsTheEntropyTarget() {
        // A target entropy far above what the policy has raises alpha; far below lowers it.
        Rng r = new Rng(1);
        Batch batch = randomBatch(32, 2, 1, r);
        SacLearner up = new SacLearner(SacConfig.builder().hiddenSizes(16).batchSize(32).targetEntropy(50).build(), 2, 1,
                new Rng(2));
        SacLearner down = new SacLearner(SacConfig.builder().hiddenSizes(16).batchSize(32).targetEntropy(-50).build(), 2,
                1, new Rng(2));
        for (int i = 0; i < 50; i++) {
            up.update(batch);
            down.update(batch);
        }
        assertTrue(up.alpha() > 1.0, "alpha " + up.alpha());
        assertTrue(down.alpha() < 1.0, "alpha " + down.alpha());
        SacLearner fixed = new SacLearner(SacConfig.builder().hiddenSizes(16).batchSize(32)
                .temperature(Temperature.fixed(0.3)).build(), 2, 1, new Rng(2));
        fixed.update(batch);
        SacMetrics m = fixed.lastMetrics();
        assertEquals(0.3, fixed.alpha());
        assertEquals(0.3, m.alpha(), 1e-7);
        assertEquals(0.0, m.temperatureLoss());
    }

    @Test
    void nonFiniteLossIsReported() {
        SacLearner l = new SacLearner(SacConfig.builder().hiddenSizes(8).batchSize(4).build(), 2, 1, new Rng(0));
        Batch b = randomBatch(4, 2, 1, new Rng(1));
        b.rewards.data[2] = Float.NaN;
        NumericalInstabilityException e = assertThrows(NumericalInstabilityException.class, () -> l.update(b));
        assertTrue(e.getMessage().contains("non-finite loss"), e.getMessage());
    }

    @Test
    void rejectsABatchOfTheWrongShape() {
        SacLearner l = new SacLearner(SacConfig.builder().hiddenSizes(8).batchSize(4).build(), 2, 1, new Rng(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.update(new Batch(4, 3, 1)));
        assertTrue(e.getMessage().contains("expects 2, 1"), e.getMessage());
    }
}

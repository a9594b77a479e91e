package io.sac4j.sac;

import io.sac4j.policy.CategoricalPolicy;
import io.sac4j.buffer.Batch;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscreteSacLearnerTest {
    /**
     * One-step episodes of a 3-armed contextual bandit: context c (one-hot of 3), reward 1 when
     * the action is c, else 0, then terminal. With every transition terminal the soft Q is the
     * reward itself, {@code Q(c, a) = [a = c]}, and the soft-optimal policy is its softmax,
     * {@code pi(c|c) = e^(1/alpha) / (e^(1/alpha) + 2)}: known exactly.
     */
    private static Batch banditBatch(int n, Rng r) {
        Batch b = new Batch(n, 3, 1);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            int a = r.nextInt(3);
            b.observations.data[i * 3 + c] = 1f;
            b.nextObservations.data[i * 3 + c] = 1f;
            b.actions.data[i] = a;
            b.rewards.data[i] = a == c ? 1f : 0f;
            b.terminated.data[i] = 1f;
        }
        return b;
    }

    @Test
    void fixedAlphaConvergesToTheExactSoftQAndSoftmaxPolicy() {
        double alpha = 0.5;
        SacConfig c = SacConfig.builder().hiddenSizes(32).batchSize(96).learningRate(3e-3)
                .temperature(Temperature.fixed(alpha)).build();
        for (long seed = 0; seed < 3; seed++) {
            DiscreteSacLearner l = new DiscreteSacLearner(c, 3, 3, new Rng(seed));
            Rng data = new Rng(100 + seed);
            for (int i = 0; i < 800; i++) {
                l.update(banditBatch(96, data));
            }
            CategoricalPolicy policy = l.policy();
            double best = Math.exp(1 / alpha) / (Math.exp(1 / alpha) + 2); // 0.787
            for (int ctx = 0; ctx < 3; ctx++) {
                float[] obs = new float[3];
                obs[ctx] = 1f;
                double[] p = policy.probabilities(obs);
                assertEquals(best, p[ctx], 0.03, "seed " + seed + ", pi(best | context " + ctx + ")");
                float[] q = l.critic(0).apply(io.sac4j.tensor.Matrix.of(1, 3, obs), l.critic(0).newBuffers(1)).data;
                for (int a = 0; a < 3; a++) {
                    assertEquals(a == ctx ? 1.0 : 0.0, q[a], 0.05, "seed " + seed + ", Q(" + ctx + ", " + a + ")");
                }
                float[] act = new float[1];
                policy.actDeterministic(obs, act);
                assertEquals(ctx, (int) act[0]);
            }
        }
    }

    @Test
    void sameSeedSameUpdatesBitForBit() {
        SacConfig c = SacConfig.builder().hiddenSizes(16, 16).batchSize(32).build();
        DiscreteSacLearner a = new DiscreteSacLearner(c, 3, 3, new Rng(4));
        DiscreteSacLearner b = new DiscreteSacLearner(c, 3, 3, new Rng(4));
        Batch batch = banditBatch(32, new Rng(5));
        for (int i = 0; i < 10; i++) {
            a.update(batch);
            b.update(batch);
            assertEquals(a.lastMetrics(), b.lastMetrics());
        }
        float[] x = {0, 1, 0};
        float[] ua = new float[1], ub = new float[1];
        a.policy().act(x, ua, new Rng(6));
        b.policy().act(x, ub, new Rng(6));
        assertArrayEquals(ua, ub);
    }

    @Test
    void temperatureFollowsTheEntropyTargetWithTheExactEntropy() {
        Batch batch = banditBatch(64, new Rng(1));
        // A near-deterministic target (ratio 0.05 of log 3) lowers alpha; the maximum (ratio 1) raises it.
        DiscreteSacLearner low = new DiscreteSacLearner(SacConfig.builder().hiddenSizes(16).batchSize(64)
                .discreteTargetEntropyRatio(0.05).build(), 3, 3, new Rng(2));
        DiscreteSacLearner high = new DiscreteSacLearner(SacConfig.builder().hiddenSizes(16).batchSize(64)
                .discreteTargetEntropyRatio(1.0).build(), 3, 3, new Rng(2));
        for (int i = 0; i < 50; i++) {
            low.update(batch);
            high.update(batch);
        }
        assertTrue(low.alpha() < 1.0, "alpha " + low.alpha());
        assertTrue(high.alpha() > 1.0, "alpha " + high.alpha());
        // The reported entropy is the exact one: at most log 3, and positive.
        assertTrue(high.lastEntropy() > 0 && high.lastEntropy() <= Math.log(3) + 1e-6, "H " + high.lastEntropy());
        assertEquals(0.98 * Math.log(3), SacConfig.DEFAULTS.discreteTargetEntropyFor(3), 1e-12);
    }

    @Test
    void rejectsBadActionsAndVariants() {
        SacConfig c = SacConfig.builder().hiddenSizes(8).batchSize(4).build();
        DiscreteSacLearner l = new DiscreteSacLearner(c, 3, 3, new Rng(0));
        Batch b = banditBatch(4, new Rng(1));
        b.actions.data[2] = 3f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.update(b));
        assertEquals("batch row 2: action 3.0 is not one of 0..2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DiscreteSacLearner(c.toBuilder().variant(Variant.V1).build(), 3, 3, new Rng(0)));
        assertEquals("discrete action spaces take SAC sac only, got sac-v1", e.getMessage());
        b.actions.data[2] = 1f;
        b.rewards.data[0] = Float.NaN;
        NumericalInstabilityException n = assertThrows(NumericalInstabilityException.class, () -> l.update(b));
        assertTrue(n.getMessage().contains("non-finite loss"), n.getMessage());
    }
}

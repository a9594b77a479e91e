package io.sac4j.env;

import io.sac4j.env.classic.CartPole;
import io.sac4j.env.classic.Pendulum;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorEnvTest {
    /** Runs 300 random steps; returns every observation, reward and flag as a string. */
    private static String trace(VectorEnv v, long seed) {
        StringBuilder b = new StringBuilder();
        Rng rng = new Rng(seed);
        float[][] obs = v.reset(seed);
        for (float[] o : obs) {
            b.append(java.util.Arrays.toString(o));
        }
        for (int t = 0; t < 300; t++) {
            float[][] actions = new float[v.numEnvs()][];
            for (int i = 0; i < actions.length; i++) {
                actions[i] = v.singleActionSpace() instanceof Discrete d ? new float[] {rng.nextInt(d.n())}
                        : new float[] {(float) rng.uniform(-2, 2)};
            }
            VectorStep s = v.step(actions);
            for (int i = 0; i < v.numEnvs(); i++) {
                b.append(java.util.Arrays.toString(s.observations()[i])).append(s.rewards()[i])
                        .append(s.terminated()[i]).append(s.truncated()[i])
                        .append(java.util.Arrays.toString(s.finalObservations()[i]));
            }
        }
        return b.toString();
    }

    @Test
    void threadedGivesTheSameResultsAsSequential() {
        for (String id : new String[] {CartPole.ID, Pendulum.ID}) {
            String seq;
            try (VectorEnv v = VectorEnv.sequential(() -> Envs.make(id), 5)) {
                seq = trace(v, 3);
            }
            try (VectorEnv v = VectorEnv.threaded(() -> Envs.make(id), 5, 2)) {
                assertEquals(seq, trace(v, 3), id);
            }
            try (VectorEnv v = VectorEnv.threaded(() -> Envs.make(id), 5, 3)) {
                assertEquals(seq, trace(v, 3), id);
            }
        }
    }

    @Test
    void copiesAreSeededApartAndResetWhenTheyEnd() {
        try (VectorEnv v = VectorEnv.sequential(() -> Envs.make(CartPole.ID), 3)) {
            float[][] first = v.reset(10);
            Env lone = Envs.make(CartPole.ID);
            assertArrayEquals(lone.reset(11), first[1], "copy i is seeded with seed + i");
            boolean sawEnd = false;
            for (int t = 0; t < 200 && !sawEnd; t++) {
                VectorStep s = v.step(new float[][] {{1}, {1}, {1}}); // always right: falls within ~10 steps
                for (int i = 0; i < 3; i++) {
                    if (s.done(i)) {
                        sawEnd = true;
                        assertNotNull(s.finalObservations()[i]);
                        assertTrue(Math.abs(s.finalObservations()[i][2]) > 0.2 || Math.abs(s.finalObservations()[i][0]) > 2.4,
                                "the final observation is the failing state");
                        assertTrue(Math.abs(s.observations()[i][2]) <= 0.05, "the next episode's first observation");
                    } else {
                        assertNull(s.finalObservations()[i]);
                    }
                }
            }
            assertTrue(sawEnd);
            assertThrows(IllegalArgumentException.class, () -> v.step(new float[][] {{1}}));
        }
    }

    @Test
    void closingAVectorClosesEveryCopyThroughItsWrappersEvenWhenOneFails() {
        java.util.List<Integer> closed = new java.util.ArrayList<>();
        int[] made = {0};
        LocalVectorEnv v = VectorEnv.threaded(() -> {
            int k = made[0]++;
            Env pendulum = Envs.make(Pendulum.ID);
            return new TimeLimit(new Wrapper(pendulum) {
                @Override
                public void close() {
                    closed.add(k);
                    if (k == 1) {
                        throw new IllegalStateException("copy 1 fails to close");
                    }
                }
            }, 10);
        }, 3, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, v::close);
        assertEquals("copy 1 fails to close", e.getMessage());
        assertEquals(java.util.List.of(0, 1, 2), closed, "every copy is closed, in order, despite copy 1's failure");
    }
}

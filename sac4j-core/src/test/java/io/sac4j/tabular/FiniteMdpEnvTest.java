package io.sac4j.tabular;

import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiniteMdpEnvTest {
    private static final double[][][] P = {
            {{0.2, 0.5, 0.3}, {0, 0, 1}},
            {{0.6, 0.4, 0}, {0.1, 0.1, 0.8}},
            {{1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.5, 0, 0.5}}};

    /** Three states, two actions, r(s,a,s') = 100 s + 10 a + s' so that a reward names its transition. */
    private static FiniteMdp mdp() {
        double[][][] r = new double[3][2][3];
        for (int s = 0; s < 3; s++) {
            for (int a = 0; a < 2; a++) {
                for (int s2 = 0; s2 < 3; s2++) {
                    r[s][a][s2] = 100 * s + 10 * a + s2;
                }
            }
        }
        return new FiniteMdp(P, r, 0.9);
    }

    /** The index of the single 1 of a one-hot vector; fails unless it is one. */
    private static int oneHotIndex(float[] obs) {
        int index = -1;
        for (int i = 0; i < obs.length; i++) {
            if (obs[i] == 1f) {
                assertEquals(-1, index, "two ones in " + java.util.Arrays.toString(obs));
                index = i;
            } else {
                assertEquals(0f, obs[i]);
            }
        }
        assertTrue(index >= 0, "no one in the observation");
        return index;
    }

    @Test
    void spacesAreTheOneHotBoxAndTheActionIndices() {
        FiniteMdpEnv env = new FiniteMdpEnv(mdp());
        assertEquals(FiniteMdpEnv.ID, env.id());
        Box obs = env.observationSpace();
        assertEquals(3, obs.dim());
        for (int i = 0; i < 3; i++) {
            assertEquals(0f, obs.low(i));
            assertEquals(1f, obs.high(i));
        }
        assertEquals(new Discrete(2), env.actionSpace());
        assertEquals(-1, env.state());
    }

    @Test
    void transitionFrequenciesMatchPAndRewardsMatchR() {
        FiniteMdpEnv env = new FiniteMdpEnv(mdp());
        Rng actions = new Rng(9);
        int s = oneHotIndex(env.reset(3));
        assertEquals(s, env.state());
        long[][][] counts = new long[3][2][3];
        int steps = 60_000;
        for (int t = 0; t < steps; t++) {
            int a = actions.nextInt(2);
            Step step = env.step(new float[] {a});
            int next = oneHotIndex(step.observation());
            assertTrue(env.observationSpace().contains(step.observation()));
            assertEquals(next, env.state());
            assertEquals(100 * s + 10 * a + next, step.reward(), 0.0, "r(s,a,s')");
            assertFalse(step.terminated() || step.truncated(), "a continuing MDP without a limit never ends");
            counts[s][a][next]++;
            s = next;
        }
        for (int x = 0; x < 3; x++) {
            for (int a = 0; a < 2; a++) {
                long n = counts[x][a][0] + counts[x][a][1] + counts[x][a][2];
                assertTrue(n > 3000, "(s,a) = (" + x + "," + a + ") visited " + n + " times");
                for (int s2 = 0; s2 < 3; s2++) {
                    double p = P[x][a][s2];
                    double freq = counts[x][a][s2] / (double) n;
                    if (p == 0) {
                        assertEquals(0, counts[x][a][s2], "an impossible transition happened");
                    } else {
                        // 5 standard errors of a binomial proportion: sqrt(p (1 - p) / n) <= 0.5 / sqrt(3000) = 0.0091
                        double tolerance = 5 * Math.sqrt(p * (1 - p) / n);
                        assertEquals(p, freq, tolerance, "p(" + s2 + "|" + x + "," + a + ") from " + n + " visits");
                    }
                }
            }
        }
    }

    private static List<Double> rollout(FiniteMdpEnv env, long seed, int steps) {
        List<Double> trace = new ArrayList<>();
        trace.add((double) oneHotIndex(env.reset(seed)));
        for (int t = 0; t < steps; t++) {
            Step step = env.step(new float[] {t % 2});
            trace.add(step.reward());
        }
        trace.add((double) oneHotIndex(env.reset())); // reset() continues the seeded generator
        for (int t = 0; t < steps; t++) {
            trace.add(env.step(new float[] {(t / 3) % 2}).reward());
        }
        return trace;
    }

    @Test
    void resetWithASeedIsReproducible() {
        FiniteMdpEnv a = new FiniteMdpEnv(mdp());
        FiniteMdpEnv b = new FiniteMdpEnv(mdp());
        List<Double> first = rollout(a, 17, 200);
        assertEquals(first, rollout(b, 17, 200));
        assertEquals(first, rollout(a, 17, 200), "the same env again after more steps");
        assertNotEquals(first, rollout(b, 18, 200));
    }

    @Test
    void startStatesFollowTheGivenDistribution() {
        FiniteMdpEnv env = new FiniteMdpEnv("Three-v0", mdp(), new double[] {0.25, 0.75, 0}, FiniteMdpEnv.NO_LIMIT);
        int[] counts = new int[3];
        env.reset(1);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts[oneHotIndex(env.reset())]++;
        }
        assertEquals(0, counts[2]);
        // 5 standard errors: 5 sqrt(0.25 * 0.75 / 20000) = 0.0153
        assertEquals(0.75, counts[1] / (double) n, 5 * Math.sqrt(0.25 * 0.75 / n));
        int[] uniform = new int[3];
        FiniteMdpEnv plain = new FiniteMdpEnv(mdp());
        plain.reset(2);
        for (int i = 0; i < 3000; i++) {
            uniform[oneHotIndex(plain.reset())]++;
        }
        for (int c : uniform) {
            assertEquals(1000, c, 5 * Math.sqrt(3000 * (1.0 / 3) * (2.0 / 3))); // 5 sd of a binomial count
        }
    }

    @Test
    void theEpisodeLimitTruncatesAndNeverTerminates() {
        FiniteMdpEnv env = new FiniteMdpEnv("Three-v0", mdp(), new double[] {1, 0, 0}, 10);
        assertEquals(10, env.maxEpisodeSteps());
        for (int episode = 0; episode < 3; episode++) {
            assertEquals(0, oneHotIndex(episode == 0 ? env.reset(4) : env.reset()));
            for (int t = 1; t <= 10; t++) {
                Step step = env.step(new float[] {1});
                assertFalse(step.terminated());
                assertEquals(t == 10, step.truncated(), "step " + t);
                oneHotIndex(step.observation()); // the real last observation on truncation
            }
            IllegalStateException after = assertThrows(IllegalStateException.class, () -> env.step(new float[] {0}));
            assertTrue(after.getMessage().contains("Three-v0") && after.getMessage().contains("reset"),
                    after.getMessage());
        }
    }

    @Test
    void badActionsAndBadCallsAreRefusedWithAMessage() {
        FiniteMdpEnv env = new FiniteMdpEnv(mdp());
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> env.step(new float[] {0}));
        assertTrue(early.getMessage().contains("before reset"), early.getMessage());
        env.reset(0);
        for (float bad : new float[] {2.5f, -1f, 2f, 0.5f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new float[] {bad}));
            assertTrue(e.getMessage().contains(FiniteMdpEnv.ID) && e.getMessage().contains(Float.toString(bad)),
                    e.getMessage());
        }
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {0, 1}));
        assertTrue(length.getMessage().contains("length 2"), length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.step(null));
        env.step(new float[] {1}); // still usable after refused actions
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> new FiniteMdpEnv("X", mdp(), new double[] {0.5, 0.6, 0}, 5));
        assertTrue(start.getMessage().contains("X: start distribution sums to"), start.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FiniteMdpEnv("X", mdp(), new double[] {1, 0, 0}, 0));
    }
}

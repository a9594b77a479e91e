package io.sac4j.tabular;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiniteMdpTest {
    /** The 2-state 2-action MDP of the hand-computed tests. */
    static FiniteMdp handMdp(double gamma) {
        double[][][] p = {
                {{1, 0}, {0.5, 0.5}},
                {{0, 1}, {0.25, 0.75}}};
        double[][][] r = {
                {{1, 7}, {0, 2}},
                {{5, -1}, {4, 0}}};
        return new FiniteMdp(p, r, gamma);
    }

    @Test
    void expectedRewardWeighsEachOutcomeByItsProbability() {
        FiniteMdp m = handMdp(0.5);
        assertEquals(2, m.nStates());
        assertEquals(2, m.nActions());
        assertEquals(0.5, m.gamma());
        assertEquals(1.0, m.expectedReward(0, 0), 0.0);       // 1 * 1 + 0 * 7
        assertEquals(1.0, m.expectedReward(0, 1), 0.0);       // 0.5 * 0 + 0.5 * 2
        assertEquals(-1.0, m.expectedReward(1, 0), 0.0);      // 0 * 5 + 1 * (-1)
        assertEquals(1.0, m.expectedReward(1, 1), 0.0);       // 0.25 * 4 + 0.75 * 0
        assertEquals(7.0, m.r(0, 0, 1));
        assertEquals(0.25, m.p(1, 1, 0));
    }

    @Test
    void theConstructorCopiesItsArrays() {
        double[][][] p = {{{1}}};
        double[][][] r = {{{3}}};
        FiniteMdp m = new FiniteMdp(p, r, 0.9);
        p[0][0][0] = 0.5;
        r[0][0][0] = -1;
        assertEquals(1.0, m.p(0, 0, 0));
        assertEquals(3.0, m.r(0, 0, 0));
    }

    @Test
    void badInputIsRefusedNamingTheStateActionPair() {
        double[][][] r = {{{0, 0}, {0, 0}}, {{0, 0}, {0, 0}}};
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> new FiniteMdp(new double[][][] {{{1, 0}, {0.5, 0.5}}, {{0.3, 0.6}, {0, 1}}}, r, 0.9));
        assertTrue(sum.getMessage().contains("(s,a) = (1,0)") && sum.getMessage().contains("sums to"),
                sum.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new FiniteMdp(new double[][][] {{{1, 0}, {-0.5, 1.5}}, {{1, 0}, {0, 1}}}, r, 0.9));
        assertTrue(negative.getMessage().contains("(s,a) = (0,1)") && negative.getMessage().contains("-0.5"),
                negative.getMessage());
        double[][][] p = {{{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}};
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new FiniteMdp(p, new double[][][] {{{0, 0}, {0, 0}}, {{0, 0}, {0, Double.NaN}}}, 0.9));
        assertTrue(nan.getMessage().contains("(s,a) = (1,1)") && nan.getMessage().contains("r(s,a,1)"),
                nan.getMessage());
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> new FiniteMdp(p, new double[][][] {{{0, 0}, {0, 0}}, {{Double.POSITIVE_INFINITY, 0}, {0, 0}}},
                        0.9));
        assertTrue(infinite.getMessage().contains("(s,a) = (1,0)"), infinite.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new FiniteMdp(new double[][][] {{{1, 0}, {0, 1}}, {{1}, {0, 1}}}, r, 0.9));
        assertTrue(shape.getMessage().contains("(s,a) = (1,0)"), shape.getMessage());
        for (double g : new double[] {-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException gamma = assertThrows(IllegalArgumentException.class,
                    () -> new FiniteMdp(p, r, g));
            assertTrue(gamma.getMessage().contains("gamma"), gamma.getMessage());
        }
        new FiniteMdp(new double[][][] {{{1 - 5e-10, 0}, {0, 1}}, {{1, 0}, {0, 1}}}, r, 0.0); // within 1e-9: accepted
    }

    @Test
    void randomMdpsHaveStochasticRowsAndRewardsInMinusOneOne() {
        Rng rng = new Rng(7);
        for (int trial = 0; trial < 20; trial++) {
            FiniteMdp m = FiniteMdp.random(1 + trial % 5, 1 + trial % 3, 0.9, rng);
            for (int s = 0; s < m.nStates(); s++) {
                for (int a = 0; a < m.nActions(); a++) {
                    double sum = 0;
                    for (int s2 = 0; s2 < m.nStates(); s2++) {
                        sum += m.p(s, a, s2);
                        assertTrue(m.r(s, a, s2) >= -1 && m.r(s, a, s2) < 1);
                    }
                    assertEquals(1.0, sum, 1e-12);
                }
            }
        }
        FiniteMdp x = FiniteMdp.random(4, 3, 0.5, new Rng(11));
        FiniteMdp y = FiniteMdp.random(4, 3, 0.5, new Rng(11));
        FiniteMdp z = FiniteMdp.random(4, 3, 0.5, new Rng(12));
        assertEquals(x.p(3, 2, 1), y.p(3, 2, 1), 0.0);
        assertEquals(x.r(1, 0, 2), y.r(1, 0, 2), 0.0);
        assertTrue(x.p(3, 2, 1) != z.p(3, 2, 1));
    }
}

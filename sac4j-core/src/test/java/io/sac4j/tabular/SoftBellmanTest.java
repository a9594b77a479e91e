package io.sac4j.tabular;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftBellmanTest {
    /*
     * FiniteMdpTest.handMdp, gamma = 0.5, V = (2, -1):
     *   Q(0,0) = r(0,0) + 0.5 (1 * 2 + 0 * (-1))      =  1 + 1     =  2
     *   Q(0,1) = r(0,1) + 0.5 (0.5 * 2 + 0.5 * (-1))  =  1 + 0.25  =  1.25
     *   Q(1,0) = r(1,0) + 0.5 (0 * 2 + 1 * (-1))      = -1 - 0.5   = -1.5
     *   Q(1,1) = r(1,1) + 0.5 (0.25 * 2 + 0.75 * (-1)) =  1 - 0.125 =  0.875
     * alpha = 0.5:
     *   T V(0) = 0.5 ln(e^{2/0.5} + e^{1.25/0.5}) = 2 + 0.5 ln(1 + e^{-1.5})      = 2.1007066389913764
     *   T V(1) = 0.875 + 0.5 ln(1 + e^{-(0.875 + 1.5)/0.5}) = 0.875 + 0.5 ln(1 + e^{-4.75}) = 0.8793072418810878
     *   pi(.|0) = (1, e^{-1.5}) / (1 + e^{-1.5})  = (0.8175744761936433, 0.18242552380635627)
     *   pi(.|1) = (e^{-4.75}, 1) / (1 + e^{-4.75}) = (0.008577485413711982, 0.991422514586288)
     * The second form, sum_a pi (Q - 0.5 ln pi), at state 0:
     *   0.81757 (2 + 0.5 * 0.20141) + 0.18243 (1.25 + 0.5 * 1.70141) = 1.71725 + 0.38346 = 2.10071
     * (decimals from the closed forms evaluated separately, in Python's math module).
     */
    private static final double[] V = {2, -1};
    private static final double[][] Q = {{2, 1.25}, {-1.5, 0.875}};
    private static final double[] T_HALF = {2.1007066389913764, 0.8793072418810878};
    private static final double[][] PI_HALF = {
            {0.8175744761936433, 0.18242552380635627},
            {0.008577485413711982, 0.991422514586288}};

    @Test
    void handComputedQAndOperatorAndPolicy() {
        SoftBellman t = new SoftBellman(FiniteMdpTest.handMdp(0.5), 0.5);
        double[][] q = t.q(V);
        for (int s = 0; s < 2; s++) {
            assertArrayEquals(Q[s], q[s], 1e-15);
            assertArrayEquals(PI_HALF[s], t.policy(V)[s], 1e-14);
        }
        assertArrayEquals(T_HALF, t.apply(V), 1e-14);
        assertArrayEquals(T_HALF, t.applyAsMaxOverPolicies(V), 1e-14);
        // state 0 of the second form term by term, as written in the comment above
        double ln0 = Math.log(PI_HALF[0][0]);
        double ln1 = Math.log(PI_HALF[0][1]);
        assertEquals(-0.20141327798275246, ln0, 1e-14); // -ln(1 + e^{-1.5})
        assertEquals(-1.7014132779827525, ln1, 1e-14);  // -1.5 - ln(1 + e^{-1.5})
    }

    @Test
    void alphaZeroIsTheHardMaxAndTheGreedyPolicy() {
        SoftBellman t = new SoftBellman(FiniteMdpTest.handMdp(0.5), 0);
        // max(2, 1.25) = 2, max(-1.5, 0.875) = 0.875
        assertArrayEquals(new double[] {2, 0.875}, t.apply(V), 0.0);
        assertArrayEquals(new double[] {2, 0.875}, t.applyAsMaxOverPolicies(V), 0.0);
        assertArrayEquals(new double[] {1, 0}, t.policy(V)[0], 0.0);
        assertArrayEquals(new double[] {0, 1}, t.policy(V)[1], 0.0);
        // ties split evenly: with V = (0, 0) and rewards made equal, Q(0,.) = (1, 1)
        double[][][] p = {{{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}};
        double[][][] r = {{{1, 1}, {1, 1}}, {{0, 0}, {0, 2}}};
        SoftBellman tie = new SoftBellman(new FiniteMdp(p, r, 0.9), 0);
        assertArrayEquals(new double[] {0.5, 0.5}, tie.policy(new double[] {0, 0})[0], 0.0);
        assertArrayEquals(new double[] {0, 1}, tie.policy(new double[] {0, 0})[1], 0.0);
    }

    @Test
    void theTwoFormsOfTheSoftOperatorAgreeOnRandomMdps() {
        Rng rng = new Rng(2026);
        for (int trial = 0; trial < 200; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            // alpha from 1e-3 to 10, log-uniform, and sometimes 0
            double alpha = trial % 20 == 0 ? 0 : Math.pow(10, rng.uniform(-3, 1));
            SoftBellman t = new SoftBellman(mdp, alpha);
            double[] v = RandomCases.vector(mdp.nStates(), 5, rng);
            double[] logSumExp = t.apply(v);
            double[] entropyForm = t.applyAsMaxOverPolicies(v);
            assertTrue(RandomCases.maxAbsDiff(logSumExp, entropyForm) <= 1e-10,
                    "trial " + trial + ", alpha " + alpha + ": " + RandomCases.maxAbsDiff(logSumExp, entropyForm));
            // pi_V(a|s) = exp((Q_V(s,a) - T_alpha V(s)) / alpha), the definition of seed 000 §1.0, and the
            // soft max lies between the hard max and the hard max + alpha ln |A|
            double[][] q = t.q(v);
            double[][] pi = t.policy(v);
            for (int s = 0; s < mdp.nStates(); s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < mdp.nActions(); a++) {
                    max = Math.max(max, q[s][a]);
                    if (alpha > 0) {
                        assertEquals(Math.exp((q[s][a] - logSumExp[s]) / alpha), pi[s][a], 1e-12);
                    }
                }
                assertTrue(logSumExp[s] >= max - 1e-12);
                assertTrue(logSumExp[s] <= max + alpha * Math.log(mdp.nActions()) + 1e-12);
            }
        }
    }

    @Test
    void noPolicyBeatsTheSoftMaxPolicyInTheEntropyRegularisedValue() {
        // T_alpha V(s) = max_pi E_pi[Q_V] + alpha H(pi): random policies score no more than pi_V
        Rng rng = new Rng(5);
        for (int trial = 0; trial < 50; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            double alpha = rng.uniform(0.1, 2);
            SoftBellman t = new SoftBellman(mdp, alpha);
            double[] v = RandomCases.vector(mdp.nStates(), 3, rng);
            double[] best = t.apply(v);
            double[] other = SoftPolicyEvaluation.softValue(t.q(v), RandomCases.policy(mdp.nStates(), mdp.nActions(), rng),
                    alpha);
            for (int s = 0; s < mdp.nStates(); s++) {
                assertTrue(other[s] <= best[s] + 1e-12, "trial " + trial + " state " + s);
            }
        }
    }

    @Test
    void largeValuesDoNotOverflow() {
        SoftBellman t = new SoftBellman(FiniteMdpTest.handMdp(0.5), 1e-3);
        double[] v = {1e6, 1e6 - 1};
        double[] tv = t.apply(v);
        assertTrue(Double.isFinite(tv[0]) && Double.isFinite(tv[1]));
        // Q(0,.) = (1 + 0.5e6, 1 + 0.5 (1e6 - 0.5)): the first wins by 0.25 >> alpha
        assertEquals(1 + 0.5e6, tv[0], 1e-9);
    }

    @Test
    void badArgumentsAreRefused() {
        FiniteMdp mdp = FiniteMdpTest.handMdp(0.5);
        assertThrows(IllegalArgumentException.class, () -> new SoftBellman(mdp, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new SoftBellman(mdp, Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SoftBellman(mdp, 1).apply(new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("2 entries"), e.getMessage());
    }
}

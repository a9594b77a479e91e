package io.sac4j.tabular;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Soft value iteration, soft policy evaluation / improvement / iteration (seeds 000 §1.0 and 001). */
class SoftIterationTest {
    /** One state, two actions with rewards (1, 0), gamma = 0.5: every step returns to the state. */
    private static FiniteMdp oneStateMdp() {
        return new FiniteMdp(new double[][][] {{{1}, {1}}}, new double[][][] {{{1}, {0}}}, 0.5);
    }

    private static double[][] uniformPolicy(FiniteMdp mdp) {
        double[][] pi = new double[mdp.nStates()][mdp.nActions()];
        for (double[] row : pi) {
            Arrays.fill(row, 1.0 / mdp.nActions());
        }
        return pi;
    }

    /** Ordinary value iteration V <- max_a sum_s' p(s'|s,a) [r(s,a,s') + gamma V(s')], written out independently. */
    private static double[] hardValueIteration(FiniteMdp mdp) {
        double[] v = new double[mdp.nStates()];
        for (int k = 0; k < 100_000; k++) {
            double[] next = new double[v.length];
            double change = 0;
            for (int s = 0; s < v.length; s++) {
                next[s] = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < mdp.nActions(); a++) {
                    double q = 0;
                    for (int s2 = 0; s2 < v.length; s2++) {
                        q += mdp.p(s, a, s2) * (mdp.r(s, a, s2) + mdp.gamma() * v[s2]);
                    }
                    next[s] = Math.max(next[s], q);
                }
                change = Math.max(change, Math.abs(next[s] - v[s]));
            }
            v = next;
            if (change < 1e-14) {
                return v;
            }
        }
        throw new AssertionError("reference value iteration did not converge");
    }

    @Test
    void softValueIterationReachesTheHandComputedFixedPoint() {
        // V = ln(e^{(1 + 0.5 V)} + e^{(0 + 0.5 V)}) = 0.5 V + ln(e + 1)  =>  V = 2 ln(1 + e) = 2.6265233750364456
        SoftValueIteration.Result r = SoftValueIteration.run(new SoftBellman(oneStateMdp(), 1), new double[] {0},
                1e-13, 1000);
        assertEquals(2.6265233750364456, r.v()[0], 1e-12);
        assertTrue(r.lastChange() <= 1e-13);
        // the error halves each step from |0 - 2.63|: about log2(2.6e13) = 45 steps
        assertTrue(r.iterations() >= 40 && r.iterations() <= 50, "iterations " + r.iterations());
    }

    @Test
    void softPolicyEvaluationOfAHandComputedPolicy() {
        // pi = (1/2, 1/2), alpha = 1: V = sum pi r + H + gamma V = 0.5 + ln 2 + 0.5 V  =>  V = 1 + 2 ln 2,
        // Q(a) = r(a) + 0.5 V: Q = (1.5 + ln 2, 0.5 + ln 2)
        FiniteMdp mdp = oneStateMdp();
        double[][] pi = {{0.5, 0.5}};
        double[][] q = SoftPolicyEvaluation.exact(mdp, 1, pi);
        assertArrayEquals(new double[] {1.5 + Math.log(2), 0.5 + Math.log(2)}, q[0], 1e-14);
        assertArrayEquals(new double[] {1 + 2 * Math.log(2)}, SoftPolicyEvaluation.softValue(q, pi, 1), 1e-14);
        SoftPolicyEvaluation.Result it = SoftPolicyEvaluation.iterate(mdp, 1, pi, new double[][] {{0, 0}}, 1e-13, 1000);
        assertArrayEquals(q[0], it.q()[0], 1e-12);
        // a deterministic policy has no entropy: pi = (1, 0) gives V = 1 / (1 - 0.5) = 2, Q = (2, 1)
        assertArrayEquals(new double[] {2, 1}, SoftPolicyEvaluation.exact(mdp, 1, new double[][] {{1, 0}})[0], 1e-14);
    }

    @Test
    void iterativeSoftPolicyEvaluationEqualsTheExactLinearSolve() {
        Rng rng = new Rng(31);
        for (int trial = 0; trial < 50; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            double alpha = rng.uniform(0, 2);
            double[][] pi = RandomCases.policy(mdp.nStates(), mdp.nActions(), rng);
            double[][] q0 = new double[mdp.nStates()][];
            for (int s = 0; s < q0.length; s++) {
                q0[s] = RandomCases.vector(mdp.nActions(), 10, rng);
            }
            double[][] exact = SoftPolicyEvaluation.exact(mdp, alpha, pi);
            SoftPolicyEvaluation.Result it = SoftPolicyEvaluation.iterate(mdp, alpha, pi, q0, 1e-13, 10_000);
            // |Q^k - Q^pi| <= gamma / (1 - gamma) 1e-13 <= 2e-12
            assertTrue(RandomCases.maxAbsDiff(exact, it.q()) <= 1e-10, "trial " + trial);
            assertTrue(RandomCases.maxAbsDiff(exact, SoftPolicyEvaluation.backup(mdp, alpha, pi, exact)) <= 1e-12,
                    "Q^pi is a fixed point of T^pi, trial " + trial);
        }
    }

    @Test
    void softPolicyImprovementNeverLowersQ() {
        // Lemma 2 of seed 001: Q^{pi_new} >= Q^{pi_old} everywhere, pi_new(.|s) ∝ exp(Q^{pi_old}(s,.) / alpha)
        Rng rng = new Rng(41);
        double largestGain = 0;
        for (int trial = 0; trial < 100; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            double alpha = trial % 10 == 0 ? 0 : rng.uniform(0.01, 2);
            double[][] pi = RandomCases.policy(mdp.nStates(), mdp.nActions(), rng);
            double[][] q = SoftPolicyEvaluation.exact(mdp, alpha, pi);
            for (int round = 0; round < 3; round++) {
                double[][] piNew = SoftPolicyImprovement.improve(q, alpha);
                double[][] qNew = SoftPolicyEvaluation.exact(mdp, alpha, piNew);
                for (int s = 0; s < mdp.nStates(); s++) {
                    for (int a = 0; a < mdp.nActions(); a++) {
                        assertTrue(qNew[s][a] >= q[s][a] - 1e-10,
                                "trial " + trial + " round " + round + " (s,a) = (" + s + "," + a + "): "
                                        + qNew[s][a] + " < " + q[s][a]);
                        largestGain = Math.max(largestGain, qNew[s][a] - q[s][a]);
                    }
                }
                q = qNew;
            }
        }
        assertTrue(largestGain > 0.1, "random start policies are improved, by " + largestGain);
    }

    @Test
    void softValueIterationAndSoftPolicyIterationReachTheSameFixedPoint() {
        Rng rng = new Rng(51);
        for (int trial = 0; trial < 40; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            double alpha = rng.uniform(0.05, 2);
            SoftBellman t = new SoftBellman(mdp, alpha);
            SoftValueIteration.Result vi = SoftValueIteration.run(t, RandomCases.vector(mdp.nStates(), 1, rng), 1e-12,
                    10_000);
            SoftPolicyIteration.Result pi = SoftPolicyIteration.run(mdp, alpha,
                    RandomCases.policy(mdp.nStates(), mdp.nActions(), rng), 1e-12, 100);
            String at = "trial " + trial + " (" + mdp + ", alpha " + alpha + ")";
            assertTrue(RandomCases.maxAbsDiff(vi.v(), pi.v()) <= 1e-8, at);
            assertTrue(RandomCases.maxAbsDiff(t.policy(vi.v()), pi.pi()) <= 1e-8, at);
            assertTrue(RandomCases.maxAbsDiff(t.q(vi.v()), pi.q()) <= 1e-8, at);
            // both are the fixed point V = T_alpha V
            assertTrue(RandomCases.maxAbsDiff(t.apply(pi.v()), pi.v()) <= 1e-10, at);
            // policy iteration converges in a handful of rounds (it is Newton's method on V = T_alpha V)
            assertTrue(pi.iterations() <= 20, at + ": " + pi.iterations() + " rounds");
        }
    }

    @Test
    void theSoftFixedPointTendsToTheHardOneAsAlphaGoesToZero() {
        // T V <= T_alpha V <= T V + alpha ln|A|, hence V* <= V*_alpha <= V* + alpha ln|A| / (1 - gamma)
        Rng rng = new Rng(61);
        for (int trial = 0; trial < 20; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            double[] hard = hardValueIteration(mdp);
            double[] zero = new double[mdp.nStates()];
            double alpha = 1e-4;
            double[] soft = SoftValueIteration.run(new SoftBellman(mdp, alpha), zero, 1e-13, 100_000).v();
            double[] exact = SoftValueIteration.run(new SoftBellman(mdp, 0), zero, 1e-13, 100_000).v();
            double bound = alpha * Math.log(mdp.nActions()) / (1 - mdp.gamma());
            double slack = 1e-10; // the two iterations' own tolerance, gamma / (1 - gamma) 1e-13 each
            for (int s = 0; s < mdp.nStates(); s++) {
                assertTrue(soft[s] >= hard[s] - slack && soft[s] <= hard[s] + bound + slack,
                        "trial " + trial + " state " + s + ": " + soft[s] + " vs " + hard[s] + " + " + bound);
                assertEquals(hard[s], exact[s], 1e-10, "alpha = 0 is ordinary value iteration");
            }
            // ordinary policy iteration (alpha = 0, greedy improvement) stops with no change at all
            SoftPolicyIteration.Result pi = SoftPolicyIteration.run(mdp, 0, uniformPolicy(mdp), 0, 100);
            assertTrue(RandomCases.maxAbsDiff(hard, pi.v()) <= 1e-10, "trial " + trial);
        }
    }

    @Test
    void notConvergingIsAnErrorThatSaysSo() {
        FiniteMdp mdp = FiniteMdp.random(3, 2, 0.9, new Rng(1));
        IllegalStateException vi = assertThrows(IllegalStateException.class,
                () -> SoftValueIteration.run(new SoftBellman(mdp, 1), new double[3], 1e-12, 5));
        assertTrue(vi.getMessage().contains("did not converge in 5 iterations"), vi.getMessage());
        IllegalStateException ev = assertThrows(IllegalStateException.class,
                () -> SoftPolicyEvaluation.iterate(mdp, 1, uniformPolicy(mdp), new double[3][2], 1e-12, 5));
        assertTrue(ev.getMessage().contains("did not converge in 5 iterations"), ev.getMessage());
        IllegalStateException pi = assertThrows(IllegalStateException.class,
                () -> SoftPolicyIteration.run(mdp, 1, uniformPolicy(mdp), 0, 1));
        assertTrue(pi.getMessage().contains("did not converge in 1 rounds"), pi.getMessage());
        IllegalArgumentException badPolicy = assertThrows(IllegalArgumentException.class,
                () -> SoftPolicyEvaluation.exact(mdp, 1, new double[][] {{0.5, 0.5}, {0.7, 0.7}, {1, 0}}));
        assertTrue(badPolicy.getMessage().contains("pi(.|1) sums to"), badPolicy.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SoftValueIteration.run(new SoftBellman(mdp, 1), new double[3], -1, 5));
    }
}

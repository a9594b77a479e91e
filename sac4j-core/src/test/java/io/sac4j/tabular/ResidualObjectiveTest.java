package io.sac4j.tabular;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** J(V) = 1/2 sum_s p(s) (T_alpha V(s) - V(s))^2 of seed 000 §1.0. */
class ResidualObjectiveTest {
    @Test
    void handComputedObjective() {
        // With SoftBellmanTest's numbers: T V = (2.1007066389913764, 0.8793072418810878) at V = (2, -1), so
        // the residuals are (0.1007066389913764, 1.8793072418810878), squared (0.010141827136939414,
        // 3.5317957093867016); J = 1/2 (0.5 * 0.0101418 + 0.5 * 3.5317957) = 0.8854843841309102
        // and with p = (0.9, 0.1): J = 1/2 (0.9 * 0.0101418 + 0.1 * 3.5317957) = 0.18115360768095784
        SoftBellman t = new SoftBellman(FiniteMdpTest.handMdp(0.5), 0.5);
        assertEquals(0.8854843841309102, new ResidualObjective(t).value(new double[] {2, -1}), 1e-14);
        assertEquals(0.18115360768095784, new ResidualObjective(t, new double[] {0.9, 0.1}).value(new double[] {2, -1}),
                1e-14);
    }

    @Test
    void analyticGradientMatchesCentralFiniteDifferences() {
        Rng rng = new Rng(71);
        double h = 1e-5;
        for (int trial = 0; trial < 40; trial++) {
            FiniteMdp mdp = RandomCases.mdp(rng);
            // alpha = 0 too: J is piecewise smooth there and a random V is almost surely off the kinks
            double alpha = trial % 8 == 0 ? 0 : rng.uniform(0.05, 2);
            double[] weights = RandomCases.policy(1, mdp.nStates(), rng)[0]; // a random distribution over states
            ResidualObjective j = trial % 2 == 0 ? new ResidualObjective(new SoftBellman(mdp, alpha))
                    : new ResidualObjective(new SoftBellman(mdp, alpha), weights);
            double[] v = RandomCases.vector(mdp.nStates(), 3, rng);
            double[] g = j.gradient(v);
            for (int s = 0; s < v.length; s++) {
                double[] plus = v.clone();
                double[] minus = v.clone();
                plus[s] += h;
                minus[s] -= h;
                double fd = (j.value(plus) - j.value(minus)) / (2 * h);
                // central differences: error O(h^2 J''') ~ 1e-10 here, plus rounding ~ 1e-16 J / h
                assertEquals(fd, g[s], 1e-7 * (1 + Math.abs(fd)),
                        "trial " + trial + " (alpha " + alpha + ") dJ/dV(" + s + ")");
            }
        }
    }

    @Test
    void minimisingTheResidualFindsTheSoftFixedPoint() {
        Rng rng = new Rng(81);
        for (int trial = 0; trial < 15; trial++) {
            FiniteMdp mdp = FiniteMdp.random(2 + rng.nextInt(4), 2 + rng.nextInt(3), rng.uniform(0, 0.9), rng);
            SoftBellman t = new SoftBellman(mdp, rng.uniform(0.1, 2));
            double[] fixedPoint = SoftValueIteration.run(t, new double[mdp.nStates()], 1e-13, 10_000).v();
            ResidualObjective j = new ResidualObjective(t);
            double[] start = RandomCases.vector(mdp.nStates(), 5, rng);
            ResidualObjective.Minimum min = j.minimise(start, 1e-11, 100_000);
            assertTrue(RandomCases.maxAbsDiff(fixedPoint, min.v()) <= 1e-6,
                    "trial " + trial + ": " + RandomCases.maxAbsDiff(fixedPoint, min.v()) + " after "
                            + min.iterations() + " steps");
            assertTrue(min.objective() <= 1e-15 && min.objective() >= 0, "J = " + min.objective());
            assertTrue(j.value(start) > 1e-3, "the start is not already the answer");
            assertEquals(0, j.value(fixedPoint), 1e-20);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        SoftBellman t = new SoftBellman(FiniteMdpTest.handMdp(0.5), 0.5);
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> new ResidualObjective(t, new double[] {0.5, 0.6}));
        assertTrue(sum.getMessage().contains("sums to"), sum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResidualObjective(t, new double[] {1.5, -0.5}));
        IllegalStateException steps = assertThrows(IllegalStateException.class,
                () -> new ResidualObjective(t).minimise(new double[] {2, -1}, 1e-12, 3));
        assertTrue(steps.getMessage().contains("did not converge in 3 steps"), steps.getMessage());
    }
}

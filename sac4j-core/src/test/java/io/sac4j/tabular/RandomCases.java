package io.sac4j.tabular;

import io.sac4j.random.Rng;

/** Seeded random inputs for the property tests of this package. */
final class RandomCases {
    private RandomCases() {
    }

    /** A random MDP with 2..6 states, 2..4 actions and gamma in [0, 0.95). */
    static FiniteMdp mdp(Rng rng) {
        return FiniteMdp.random(2 + rng.nextInt(5), 2 + rng.nextInt(3), rng.uniform(0, 0.95), rng);
    }

    static double[] vector(int n, double scale, Rng rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-scale, scale);
        }
        return v;
    }

    /** A random stochastic policy; about one probability in five is exactly 0 (to exercise 0 log 0). */
    static double[][] policy(int nStates, int nActions, Rng rng) {
        double[][] pi = new double[nStates][nActions];
        for (int s = 0; s < nStates; s++) {
            double sum = 0;
            for (int a = 0; a < nActions; a++) {
                pi[s][a] = rng.nextInt(5) == 0 ? 0 : rng.nextDouble();
                sum += pi[s][a];
            }
            if (sum == 0) {
                pi[s][rng.nextInt(nActions)] = 1;
                sum = 1;
            }
            for (int a = 0; a < nActions; a++) {
                pi[s][a] /= sum;
            }
        }
        return pi;
    }

    static double maxAbsDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    static double maxAbsDiff(double[][] x, double[][] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, maxAbsDiff(x[i], y[i]));
        }
        return m;
    }
}

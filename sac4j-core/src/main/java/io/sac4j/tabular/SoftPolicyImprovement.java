package io.sac4j.tabular;

/**
 * Soft policy improvement (seed 001, Lemma 2): the minimiser of
 * {@code D_KL(pi'(.|s) || exp(Q^{pi_old}(s,.) / alpha) / Z(s))} over all policies is that Boltzmann
 * policy itself,
 * <pre>
 *   pi_new(a|s) = exp(Q^{pi_old}(s,a) / alpha) / sum_a' exp(Q^{pi_old}(s,a') / alpha),
 * </pre>
 * and {@code Q^{pi_new} >= Q^{pi_old}} everywhere. Seed 001 writes {@code exp Q} (alpha = 1); the
 * temperature divides Q here as in seed 000 §1.0's pi_V. Computed with the row maximum subtracted;
 * alpha = 0 gives the greedy policy (uniform over tied maximisers), ordinary policy improvement.
 */
public final class SoftPolicyImprovement {
    private SoftPolicyImprovement() {
    }

    /**
     * The Boltzmann policy {@code pi(a|s) ∝ exp(q(s,a) / alpha)}, as {@code [s][a]}.
     *
     * @param q     action values {@code [s][a]}, finite. Not modified.
     * @param alpha the temperature, finite and {@code >= 0}
     */
    public static double[][] improve(double[][] q, double alpha) {
        SoftMax.checkAlpha("SoftPolicyImprovement", alpha);
        double[][] pi = new double[q.length][];
        for (int s = 0; s < q.length; s++) {
            for (int a = 0; a < q[s].length; a++) {
                if (!Double.isFinite(q[s][a])) {
                    throw new IllegalArgumentException(
                            "SoftPolicyImprovement: Q(" + s + "," + a + ") = " + q[s][a] + " is not finite");
                }
            }
            pi[s] = new double[q[s].length];
            SoftMax.softmaxInto(q[s], alpha, pi[s]);
        }
        return pi;
    }
}

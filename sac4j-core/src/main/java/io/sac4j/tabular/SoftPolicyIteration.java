package io.sac4j.tabular;

/**
 * Soft policy iteration (seed 001): alternate soft policy evaluation (Lemma 1, here the exact solve
 * {@link SoftPolicyEvaluation#exact}) and soft policy improvement (Lemma 2,
 * {@link SoftPolicyImprovement#improve}) until the policy stops changing. By Lemma 2 each round
 * raises Q everywhere, and the limit is the soft optimal policy {@code pi* = pi_{V*}} with
 * {@code V^{pi*} = V*}, the fixed point of {@link SoftBellman}'s T_alpha.
 */
public final class SoftPolicyIteration {
    private SoftPolicyIteration() {
    }

    /**
     * @param q          {@code Q^pi} of the returned policy
     * @param v          {@code V^pi(s) = sum_a pi(a|s) (Q^pi(s,a) - alpha log pi(a|s))}
     * @param pi         the last improved policy, {@code [s][a]}
     * @param iterations the number of evaluate-and-improve rounds
     */
    public record Result(double[][] q, double[] v, double[][] pi, int iterations) {
    }

    /**
     * Runs from pi0 (not modified) until an improvement changes no probability by more than
     * tolerance ({@code max_{s,a} |pi_new(a|s) - pi_old(a|s)| <= tolerance}; 0 asks for no change at
     * all, which the greedy policies of alpha = 0 reach).
     *
     * @throws IllegalStateException when maxIterations rounds do not get there
     */
    public static Result run(FiniteMdp mdp, double alpha, double[][] pi0, double tolerance, int maxIterations) {
        SoftPolicyEvaluation.checkStopping("SoftPolicyIteration", tolerance, maxIterations);
        mdp.checkPolicy("SoftPolicyIteration: pi0", pi0);
        double[][] pi = pi0;
        for (int k = 1; ; k++) {
            double[][] q = SoftPolicyEvaluation.exact(mdp, alpha, pi);
            double[][] next = SoftPolicyImprovement.improve(q, alpha);
            double change = SoftPolicyEvaluation.maxAbsDiff(next, pi);
            if (change <= tolerance) {
                double[][] qNext = SoftPolicyEvaluation.exact(mdp, alpha, next);
                return new Result(qNext, SoftPolicyEvaluation.softValue(qNext, next, alpha), next, k);
            }
            if (k == maxIterations) {
                throw new IllegalStateException("SoftPolicyIteration did not converge in " + k
                        + " rounds: max |pi_new - pi_old| = " + change + " > tolerance " + tolerance
                        + " (" + mdp + ", alpha " + alpha + ")");
            }
            pi = next;
        }
    }
}

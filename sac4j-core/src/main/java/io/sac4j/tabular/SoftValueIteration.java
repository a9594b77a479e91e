package io.sac4j.tabular;

/**
 * Soft value iteration: {@code V^{k+1} = T_alpha V^k} ({@link SoftBellman#apply}) to the unique fixed
 * point {@code V* = T_alpha V*}, the soft optimal value (seed 000 §1.0). {@code T_alpha} is a
 * gamma-contraction in the sup norm (log-sum-exp is 1-Lipschitz in it), so the iteration converges
 * from any start, and once {@code max_s |V^{k+1} - V^k| <= tolerance},
 * {@code max_s |V^{k+1} - V*| <= gamma / (1 - gamma) * tolerance}.
 */
public final class SoftValueIteration {
    private SoftValueIteration() {
    }

    /**
     * @param v          the last iterate {@code V^k}
     * @param iterations k, the number of times T_alpha was applied
     * @param lastChange {@code max_s |V^k - V^{k-1}|}
     */
    public record Result(double[] v, int iterations, double lastChange) {
    }

    /**
     * Iterates from v0 (not modified) until the sup-norm change of one step is at most tolerance.
     *
     * @throws IllegalStateException when maxIterations applications do not get there
     */
    public static Result run(SoftBellman bellman, double[] v0, double tolerance, int maxIterations) {
        SoftPolicyEvaluation.checkStopping("SoftValueIteration", tolerance, maxIterations);
        bellman.mdp().checkStateVector("SoftValueIteration: V0", v0);
        double[] v = v0.clone();
        for (int k = 1; ; k++) {
            double[] next = bellman.apply(v);
            double change = 0;
            for (int s = 0; s < v.length; s++) {
                change = Math.max(change, Math.abs(next[s] - v[s]));
            }
            if (change <= tolerance) {
                return new Result(next, k, change);
            }
            if (k == maxIterations || !Double.isFinite(change)) {
                throw new IllegalStateException("SoftValueIteration did not converge in " + k
                        + " iterations: max_s |T_alpha V - V| = " + change + " > tolerance " + tolerance
                        + " (" + bellman.mdp() + ", alpha " + bellman.alpha() + ")");
            }
            v = next;
        }
    }
}

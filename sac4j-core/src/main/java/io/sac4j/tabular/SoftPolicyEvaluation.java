package io.sac4j.tabular;

/**
 * Soft policy evaluation (seed 001, Lemma 1): for a fixed stochastic policy pi, the soft Bellman
 * backup
 * <pre>
 *   (T^pi Q)(s,a) = r(s,a) + gamma E_{s'~p(.|s,a)} [ V_Q(s') ],
 *   V_Q(s')       = sum_a' pi(a'|s') (Q(s',a') - alpha log pi(a'|s'))
 * </pre>
 * is a gamma-contraction in the sup norm, so {@code Q^{k+1} = T^pi Q^k} converges to the soft
 * Q-value {@code Q^pi} from any start. Seed 001 writes the update with alpha = 1 and without the
 * discount; the temperature weighs the entropy as in its objective
 * {@code J(pi) = sum_t E[r + alpha H(pi(.|s_t))]}. {@code 0 log 0 = 0}: an action pi never takes
 * contributes nothing.
 *
 * <p>{@link #exact} solves the same fixed point as a linear system in the state values,
 * {@code (I - gamma P_pi) V = r_pi + alpha H_pi}, then {@code Q = r + gamma P V}.
 */
public final class SoftPolicyEvaluation {
    private SoftPolicyEvaluation() {
    }

    /** The iterated fixed point and the number of backups applied. */
    public record Result(double[][] q, int iterations) {
    }

    /**
     * The soft state value {@code V(s) = sum_a pi(a|s) (q(s,a) - alpha log pi(a|s))}, with
     * {@code 0 log 0 = 0}. q and pi are {@code [s][a]}; neither is modified.
     */
    public static double[] softValue(double[][] q, double[][] pi, double alpha) {
        double[] v = new double[q.length];
        for (int s = 0; s < q.length; s++) {
            double sum = 0;
            for (int a = 0; a < q[s].length; a++) {
                sum += pi[s][a] * q[s][a] - alpha * SoftMax.xLogX(pi[s][a]);
            }
            v[s] = sum;
        }
        return v;
    }

    /** One soft backup {@code (T^pi Q)(s,a)} as a fresh {@code [s][a]} table; q and pi not modified. */
    public static double[][] backup(FiniteMdp mdp, double alpha, double[][] pi, double[][] q) {
        SoftMax.checkAlpha("SoftPolicyEvaluation", alpha);
        mdp.checkPolicy("SoftPolicyEvaluation: pi", pi);
        mdp.checkStateActionTable("SoftPolicyEvaluation: Q", q);
        return backupUnchecked(mdp, pi, softValue(q, pi, alpha));
    }

    /** {@code r(s,a) + gamma sum_s' p(s'|s,a) v(s')}. */
    private static double[][] backupUnchecked(FiniteMdp mdp, double[][] pi, double[] v) {
        int n = mdp.nStates();
        double[][] out = new double[n][mdp.nActions()];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < mdp.nActions(); a++) {
                double next = 0;
                for (int s2 = 0; s2 < n; s2++) {
                    next += mdp.p(s, a, s2) * v[s2];
                }
                out[s][a] = mdp.expectedReward(s, a) + mdp.gamma() * next;
            }
        }
        return out;
    }

    /**
     * Iterates {@code Q <- T^pi Q} from q0 until {@code max_{s,a} |Q^{k+1} - Q^k| <= tolerance}; then
     * {@code |Q^{k+1} - Q^pi| <= gamma / (1 - gamma) * tolerance}.
     *
     * @throws IllegalStateException when maxIterations backups do not get there
     */
    public static Result iterate(FiniteMdp mdp, double alpha, double[][] pi, double[][] q0, double tolerance,
            int maxIterations) {
        checkStopping("SoftPolicyEvaluation.iterate", tolerance, maxIterations);
        double[][] q = backup(mdp, alpha, pi, q0);
        double change = maxAbsDiff(q, q0);
        int k = 1;
        while (!(change <= tolerance)) {
            if (k == maxIterations) {
                throw new IllegalStateException("SoftPolicyEvaluation.iterate did not converge in " + maxIterations
                        + " iterations: max |Q^{k+1} - Q^k| = " + change + " > tolerance " + tolerance);
            }
            double[][] next = backupUnchecked(mdp, pi, softValue(q, pi, alpha));
            change = maxAbsDiff(next, q);
            q = next;
            k++;
        }
        return new Result(q, k);
    }

    /**
     * {@code Q^pi} by a direct solve: {@code V^pi = (I - gamma P_pi)^{-1} (r_pi + alpha H_pi)} with
     * {@code P_pi(s,s') = sum_a pi(a|s) p(s'|s,a)}, {@code r_pi(s) = sum_a pi(a|s) r(s,a)} and
     * {@code H_pi(s) = -sum_a pi(a|s) log pi(a|s)}; then {@code Q^pi = r + gamma P V^pi}.
     */
    public static double[][] exact(FiniteMdp mdp, double alpha, double[][] pi) {
        SoftMax.checkAlpha("SoftPolicyEvaluation", alpha);
        mdp.checkPolicy("SoftPolicyEvaluation: pi", pi);
        int n = mdp.nStates();
        double[][] lhs = new double[n][n];
        double[] rhs = new double[n];
        for (int s = 0; s < n; s++) {
            lhs[s][s] = 1;
            for (int a = 0; a < mdp.nActions(); a++) {
                double w = pi[s][a];
                rhs[s] += w * mdp.expectedReward(s, a) - alpha * SoftMax.xLogX(w);
                for (int s2 = 0; s2 < n; s2++) {
                    lhs[s][s2] -= mdp.gamma() * w * mdp.p(s, a, s2);
                }
            }
        }
        return backupUnchecked(mdp, pi, DenseSolve.solve(lhs, rhs));
    }

    static void checkStopping(String where, double tolerance, int maxIterations) {
        if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(where + ": tolerance must be finite and >= 0, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException(where + ": maxIterations must be >= 1, got " + maxIterations);
        }
    }

    static double maxAbsDiff(double[][] x, double[][] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                m = Math.max(m, Math.abs(x[i][j] - y[i][j]));
            }
        }
        return m;
    }
}

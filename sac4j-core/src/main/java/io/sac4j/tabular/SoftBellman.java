package io.sac4j.tabular;

/**
 * The soft optimal Bellman operator {@code T_alpha} of a finite MDP at temperature alpha
 * (seed 000 §1.0), with the action values and the soft-max policy it is built from:
 * <pre>
 *   Q_V(s,a)       = sum_s' p(s'|s,a) [r(s,a,s') + gamma V(s')] = r(s,a) + gamma sum_s' p(s'|s,a) V(s')
 *   T_alpha V(s)   = max_pi sum_a pi(a|s) Q_V(s,a) - alpha sum_a pi(a|s) ln pi(a|s)
 *                  = alpha ln sum_a exp(Q_V(s,a) / alpha)
 *   pi_V(a|s)      = exp(Q_V(s,a) / alpha) / sum_a' exp(Q_V(s,a') / alpha) = exp((Q_V(s,a) - T_alpha V(s)) / alpha)
 *   T_alpha V(s)   = sum_a pi_V(a|s) [Q_V(s,a) - alpha ln pi_V(a|s)]          (the lemma of §1.0)
 * </pre>
 * {@code alpha = 0} is the ordinary Bellman optimality operator {@code T V(s) = max_a Q_V(s,a)} and
 * pi_V the greedy policy (uniform over tied maximisers), the limit of both as alpha goes to 0.
 * Immutable; every method returns fresh arrays and modifies none of its arguments.
 */
public final class SoftBellman {
    private final FiniteMdp mdp;
    private final double alpha;

    /** @param alpha the temperature, finite and {@code >= 0} ({@code 0}: hard max) */
    public SoftBellman(FiniteMdp mdp, double alpha) {
        SoftMax.checkAlpha("SoftBellman", alpha);
        this.mdp = mdp;
        this.alpha = alpha;
    }

    public FiniteMdp mdp() {
        return mdp;
    }

    public double alpha() {
        return alpha;
    }

    /** {@code Q_V(s,a) = r(s,a) + gamma sum_s' p(s'|s,a) V(s')}, as {@code [s][a]}. */
    public double[][] q(double[] v) {
        mdp.checkStateVector("SoftBellman.q: V", v);
        int n = mdp.nStates();
        double[][] q = new double[n][mdp.nActions()];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < mdp.nActions(); a++) {
                double next = 0;
                for (int s2 = 0; s2 < n; s2++) {
                    next += mdp.p(s, a, s2) * v[s2];
                }
                q[s][a] = mdp.expectedReward(s, a) + mdp.gamma() * next;
            }
        }
        return q;
    }

    /**
     * {@code T_alpha V(s) = alpha log sum_a exp(Q_V(s,a) / alpha)}, computed as log-sum-exp with the
     * row maximum taken out; {@code max_a Q_V(s,a)} when alpha = 0.
     */
    public double[] apply(double[] v) {
        double[][] q = q(v);
        double[] tv = new double[q.length];
        for (int s = 0; s < q.length; s++) {
            tv[s] = SoftMax.softMaximum(q[s], alpha);
        }
        return tv;
    }

    /**
     * {@code T_alpha V(s)} in its second form, the value of the maximising policy in
     * {@code max_pi E_{a~pi}[Q_V(s,a)] + alpha H(pi(.|s))}: {@code sum_a pi_V(a|s) [Q_V(s,a) - alpha ln pi_V(a|s)]},
     * from {@link #policy} (probabilities, not log-sum-exp) and with {@code 0 ln 0 = 0}. Equal to
     * {@link #apply} by the lemma of seed 000 §1.0; kept separate so that a test can show it.
     */
    public double[] applyAsMaxOverPolicies(double[] v) {
        double[][] q = q(v);
        double[][] pi = SoftPolicyImprovement.improve(q, alpha);
        return SoftPolicyEvaluation.softValue(q, pi, alpha);
    }

    /**
     * {@code pi_V(a|s) = exp(Q_V(s,a) / alpha) / sum_a' exp(Q_V(s,a') / alpha)} (softmax with the
     * maximum subtracted), as {@code [s][a]}; the greedy policy when alpha = 0.
     */
    public double[][] policy(double[] v) {
        return SoftPolicyImprovement.improve(q(v), alpha);
    }
}

package io.sac4j.tabular;

import io.sac4j.random.Rng;

/**
 * A finite Markov decision process {@code (S, A, p, r, gamma)} (seed 000 §1.0): states
 * {@code 0 .. nStates-1}, actions {@code 0 .. nActions-1}, transition probabilities
 * {@code p(s'|s,a)}, rewards {@code r(s,a,s')} and a discount {@code gamma} in {@code [0, 1)}.
 * Immutable; the arrays given are copied.
 *
 * <p>The expected reward {@code r(s,a) = sum_s' p(s'|s,a) r(s,a,s')} is computed once, so that
 * {@code Q_V(s,a) = sum_s' p(s'|s,a) [r(s,a,s') + gamma V(s')] = r(s,a) + gamma sum_s' p(s'|s,a) V(s')}.
 */
public final class FiniteMdp {
    /** How far a row of {@code p(.|s,a)} may sum from 1. */
    public static final double ROW_SUM_TOLERANCE = 1e-9;

    private final int nStates;
    private final int nActions;
    private final double[][][] p;
    private final double[][][] r;
    private final double[][] expectedReward;
    private final double gamma;

    /**
     * @param p     {@code p[s][a][s'] = p(s'|s,a)}: non-negative, each row {@code p[s][a]} summing to 1
     *              within {@link #ROW_SUM_TOLERANCE}. Not modified.
     * @param r     {@code r[s][a][s'] = r(s,a,s')}, finite, same shape as {@code p}. Not modified.
     * @param gamma the discount, in {@code [0, 1)}
     * @throws IllegalArgumentException naming the offending {@code (s,a)} (and {@code s'}) or the bad gamma
     */
    public FiniteMdp(double[][][] p, double[][][] r, double gamma) {
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("FiniteMdp: gamma must be in [0, 1), got " + gamma);
        }
        if (p == null || r == null || p.length == 0) {
            throw new IllegalArgumentException("FiniteMdp: p and r must be non-null with at least one state");
        }
        if (r.length != p.length) {
            throw new IllegalArgumentException(
                    "FiniteMdp: p has " + p.length + " states but r has " + r.length);
        }
        this.nStates = p.length;
        this.nActions = p[0] == null ? 0 : p[0].length;
        if (nActions == 0) {
            throw new IllegalArgumentException("FiniteMdp: state 0 has no actions; need at least one");
        }
        this.p = new double[nStates][nActions][];
        this.r = new double[nStates][nActions][];
        this.expectedReward = new double[nStates][nActions];
        for (int s = 0; s < nStates; s++) {
            if (p[s] == null || p[s].length != nActions || r[s] == null || r[s].length != nActions) {
                throw new IllegalArgumentException("FiniteMdp: state " + s + " must have " + nActions
                        + " actions in both p and r");
            }
            for (int a = 0; a < nActions; a++) {
                double[] row = p[s][a];
                double[] rew = r[s][a];
                if (row == null || row.length != nStates || rew == null || rew.length != nStates) {
                    throw new IllegalArgumentException("FiniteMdp: (s,a) = (" + s + "," + a + "): p(.|s,a) and r(s,a,.)"
                            + " must have " + nStates + " entries");
                }
                double sum = 0;
                double expected = 0;
                for (int s2 = 0; s2 < nStates; s2++) {
                    if (!(row[s2] >= 0 && row[s2] <= 1)) {
                        throw new IllegalArgumentException("FiniteMdp: (s,a) = (" + s + "," + a + "): p(" + s2
                                + "|s,a) = " + row[s2] + " is not a probability");
                    }
                    if (!Double.isFinite(rew[s2])) {
                        throw new IllegalArgumentException("FiniteMdp: (s,a) = (" + s + "," + a + "): r(s,a," + s2
                                + ") = " + rew[s2] + " is not finite");
                    }
                    sum += row[s2];
                    expected += row[s2] * rew[s2];
                }
                if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                    throw new IllegalArgumentException("FiniteMdp: (s,a) = (" + s + "," + a + "): p(.|s,a) sums to "
                            + sum + ", not 1 (tolerance " + ROW_SUM_TOLERANCE + ")");
                }
                this.p[s][a] = row.clone();
                this.r[s][a] = rew.clone();
                this.expectedReward[s][a] = expected;
            }
        }
        this.gamma = gamma;
    }

    /**
     * A dense random MDP for property tests: each row {@code p(.|s,a)} is {@code nStates} uniforms in
     * [0, 1) divided by their sum, each reward {@code r(s,a,s')} uniform in [-1, 1). Advances rng.
     */
    public static FiniteMdp random(int nStates, int nActions, double gamma, Rng rng) {
        if (nStates < 1 || nActions < 1) {
            throw new IllegalArgumentException(
                    "FiniteMdp.random: need nStates >= 1 and nActions >= 1, got " + nStates + " and " + nActions);
        }
        double[][][] p = new double[nStates][nActions][nStates];
        double[][][] r = new double[nStates][nActions][nStates];
        for (int s = 0; s < nStates; s++) {
            for (int a = 0; a < nActions; a++) {
                double sum = 0;
                for (int s2 = 0; s2 < nStates; s2++) {
                    p[s][a][s2] = rng.nextDouble();
                    sum += p[s][a][s2];
                }
                if (sum == 0) { // all nStates draws were exactly 0: practically never; make the row uniform
                    java.util.Arrays.fill(p[s][a], 1.0 / nStates);
                } else {
                    for (int s2 = 0; s2 < nStates; s2++) {
                        p[s][a][s2] /= sum;
                    }
                }
                for (int s2 = 0; s2 < nStates; s2++) {
                    r[s][a][s2] = rng.uniform(-1, 1);
                }
            }
        }
        return new FiniteMdp(p, r, gamma);
    }

    public int nStates() {
        return nStates;
    }

    public int nActions() {
        return nActions;
    }

    public double gamma() {
        return gamma;
    }

    /** {@code p(s'|s,a)}. */
    public double p(int s, int a, int s2) {
        return p[s][a][s2];
    }

    /** {@code r(s,a,s')}. */
    public double r(int s, int a, int s2) {
        return r[s][a][s2];
    }

    /** {@code r(s,a) = sum_s' p(s'|s,a) r(s,a,s')}. */
    public double expectedReward(int s, int a) {
        return expectedReward[s][a];
    }

    /** Throws an {@link IllegalArgumentException} naming {@code what} unless {@code v} has one finite entry per state. */
    void checkStateVector(String what, double[] v) {
        if (v == null || v.length != nStates) {
            throw new IllegalArgumentException(what + " must have " + nStates + " entries (one per state), got "
                    + (v == null ? "null" : v.length));
        }
        for (int s = 0; s < nStates; s++) {
            if (!Double.isFinite(v[s])) {
                throw new IllegalArgumentException(what + "[" + s + "] = " + v[s] + " is not finite");
            }
        }
    }

    /** Throws unless {@code q} is an {@code nStates x nActions} table of finite values. */
    void checkStateActionTable(String what, double[][] q) {
        if (q == null || q.length != nStates) {
            throw new IllegalArgumentException(what + " must have " + nStates + " rows (one per state), got "
                    + (q == null ? "null" : q.length));
        }
        for (int s = 0; s < nStates; s++) {
            if (q[s] == null || q[s].length != nActions) {
                throw new IllegalArgumentException(what + "[" + s + "] must have " + nActions + " entries (one per action)");
            }
            for (int a = 0; a < nActions; a++) {
                if (!Double.isFinite(q[s][a])) {
                    throw new IllegalArgumentException(what + "(" + s + "," + a + ") = " + q[s][a] + " is not finite");
                }
            }
        }
    }

    /**
     * Throws unless {@code pi} is a stochastic policy: {@code nStates x nActions}, non-negative, each
     * row {@code pi(.|s)} summing to 1 within {@link #ROW_SUM_TOLERANCE}.
     */
    void checkPolicy(String what, double[][] pi) {
        checkStateActionTable(what, pi);
        for (int s = 0; s < nStates; s++) {
            double sum = 0;
            for (int a = 0; a < nActions; a++) {
                if (!(pi[s][a] >= 0 && pi[s][a] <= 1)) {
                    throw new IllegalArgumentException(what + "(" + a + "|" + s + ") = " + pi[s][a]
                            + " is not a probability");
                }
                sum += pi[s][a];
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException(what + "(.|" + s + ") sums to " + sum + ", not 1");
            }
        }
    }

    @Override
    public String toString() {
        return "FiniteMdp(" + nStates + " states, " + nActions + " actions, gamma " + gamma + ")";
    }
}

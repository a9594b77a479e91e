package io.sac4j.tabular;

/**
 * The two soft-max maps over one row of action values, in their numerically stable forms, with
 * their {@code alpha = 0} limits. Package-private: the public entry points are
 * {@link SoftBellman} and {@link SoftPolicyImprovement}.
 */
final class SoftMax {
    private SoftMax() {
    }

    /** Throws unless alpha is finite and {@code >= 0}. */
    static void checkAlpha(String where, double alpha) {
        if (!(alpha >= 0 && alpha < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(where + ": alpha must be finite and >= 0, got " + alpha);
        }
    }

    /**
     * {@code alpha log sum_a exp(q_a / alpha)} as {@code m + alpha log sum_a exp((q_a - m) / alpha)}
     * with {@code m = max_a q_a} (log-sum-exp: no overflow, at least one term is 1); {@code max_a q_a}
     * when {@code alpha = 0}, the limit as alpha goes to 0.
     */
    static double softMaximum(double[] q, double alpha) {
        double m = max(q);
        if (alpha == 0) {
            return m;
        }
        double sum = 0;
        for (double x : q) {
            sum += StrictMath.exp((x - m) / alpha);
        }
        return m + alpha * StrictMath.log(sum);
    }

    /**
     * {@code out_a = exp(q_a / alpha) / sum_a' exp(q_a' / alpha)}, computed with the maximum subtracted
     * before exponentiating; when {@code alpha = 0}, the limit: uniform over the maximisers of q
     * (the greedy policy, ties split evenly). Modifies out; q not modified.
     */
    static void softmaxInto(double[] q, double alpha, double[] out) {
        double m = max(q);
        double sum = 0;
        for (int a = 0; a < q.length; a++) {
            double e = alpha == 0 ? (q[a] == m ? 1 : 0) : StrictMath.exp((q[a] - m) / alpha);
            out[a] = e;
            sum += e;
        }
        for (int a = 0; a < q.length; a++) {
            out[a] /= sum;
        }
    }

    /** {@code x log x}, with its limit 0 at {@code x = 0} (an action of probability 0 adds no entropy). */
    static double xLogX(double x) {
        return x == 0 ? 0 : x * StrictMath.log(x);
    }

    static double max(double[] q) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : q) {
            m = Math.max(m, x);
        }
        return m;
    }
}

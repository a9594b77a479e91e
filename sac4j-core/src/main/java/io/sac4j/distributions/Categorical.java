package io.sac4j.distributions;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;

/**
 * The categorical distribution of discrete SAC, {@code pi(a|s) = softmax(logits(s))_a} (seed 002,
 * "Use cases"; Christodoulou 2019). Stateless: every method is a function of its arguments.
 *
 * <p>Discrete SAC needs no sampling in its losses: with finitely many actions every expectation
 * over {@code pi} is an exact sum, {@code E_pi[f] = sum_a pi(a|s) f(a)}, computed from
 * {@link #logProbs} ({@code pi = exp(log pi)}). Sampling ({@link #sample}) is for acting only.
 */
public final class Categorical {
    private Categorical() {
    }

    /** {@code log pi(.|s)} for each row of logits ({@code batch x |A|}), recorded on the tape (log-softmax). */
    public static Var logProbs(Tape t, Var logits) {
        return t.logSoftmax(logits);
    }

    /** The most likely action: the index of the largest logit (the lowest index on ties). */
    public static int mode(float[] logits, int off, int n) {
        int best = 0;
        for (int a = 1; a < n; a++) {
            if (logits[off + a] > logits[off + best]) {
                best = a;
            }
        }
        return best;
    }

    /**
     * A draw by inversion: the smallest {@code a} with {@code u * Z < sum_{b <= a} exp(l_b - m)},
     * {@code Z} the sum of all, {@code m} the largest logit. {@code u} uniform in [0, 1).
     */
    public static int sample(float[] logits, int off, int n, double u) {
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("Categorical.sample: u must be in [0, 1), got " + u);
        }
        float m = max(logits, off, n);
        double threshold = u * sumExp(logits, off, n, m);
        double cum = 0;
        for (int a = 0; a < n; a++) {
            cum += StrictMath.exp(logits[off + a] - m);
            if (threshold < cum) {
                return a;
            }
        }
        return n - 1; // u * z rounded up to z: the last action with positive mass
    }

    /** The entropy {@code H = -sum_a pi(a) log pi(a)} of the softmax of {@code logits[off, off + n)}. */
    public static double entropy(float[] logits, int off, int n) {
        float m = max(logits, off, n);
        double logZ = m + StrictMath.log(sumExp(logits, off, n, m));
        double h = 0;
        for (int a = 0; a < n; a++) {
            double logP = logits[off + a] - logZ;
            h -= StrictMath.exp(logP) * logP;
        }
        return h;
    }

    /** The largest of {@code logits[off, off + n)}. */
    private static float max(float[] logits, int off, int n) {
        float m = logits[off];
        for (int a = 1; a < n; a++) {
            m = Math.max(m, logits[off + a]);
        }
        return m;
    }

    /** {@code sum_a exp(l_a - m)} over {@code logits[off, off + n)}: the softmax's normaliser, shifted by m. */
    private static double sumExp(float[] logits, int off, int n, float m) {
        double z = 0;
        for (int a = 0; a < n; a++) {
            z += StrictMath.exp(logits[off + a] - m);
        }
        return z;
    }
}

package io.sac4j.distributions;

import io.sac4j.autodiff.Pointwise2;
import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;

/**
 * Closed-form entropies of the diagonal Gaussian and of the tanh-squashed Gaussian, per dimension
 * (seed 000 sections 1.6 and 1.7):
 * <pre>
 *   Gaussian        H = 1/2 + ln(sqrt(2 pi) sigma)
 *   tanh-Gaussian   H = 1/2 + ln(sqrt(2 pi) sigma) + ln 4 - 2 E_{y~N(mu, sigma^2)}[ln(e^y + e^-y)]
 * </pre>
 * The second is {@code -int_{-1}^{1} pi(a) ln pi(a) da} for {@code a = tanh(y)}: with
 * {@code 1 - tanh^2 y = 4 / (e^y + e^-y)^2} the log-determinant of the squashing integrates to
 * {@code ln 4 - 2 E[ln(e^y + e^-y)]}. A diagonal distribution's entropy is the sum over its dimensions.
 *
 * <p>The expectation {@code E[L(y)]}, {@code L(y) = ln(e^y + e^-y) = |y| + log1p(e^{-2|y|})} (the
 * stable form: no overflow for large {@code |y|}), is computed in double in one of two ways:
 * <ul>
 * <li>{@code sigma <= 1}: Gauss-Hermite quadrature in {@code y = mu + sigma z}, of order
 * {@link #HERMITE_ORDER} (32 nodes while {@code sigma <= 1/2}, where they are as accurate). L is
 * analytic in the strip {@code |Im y| < pi/2}, i.e. in {@code |Im z| < pi / (2 sigma)}, so the rule
 * converges fast while sigma is at most about 1 (measured error below 2e-11 at sigma = 1, at rounding
 * level below sigma = 0.5). Nodes whose weight is below 1e-20 are dropped (their contribution is
 * below 1e-20 (|mu| + 15 sigma)).</li>
 * <li>{@code sigma > 1}: there the Gaussian is wider than the bend of L, which Gauss-Hermite cannot
 * resolve (64 nodes err by 1e-2 at sigma = 7.4), so the kink part is taken in closed form,
 * {@code E|y| = mu erf(mu / (sigma sqrt 2)) + sigma sqrt(2/pi) exp(-mu^2 / (2 sigma^2))}, and the
 * remaining bump {@code E[log1p(e^{-2|y|})] = int_0^inf log1p(e^{-2y}) (p(y) + p(-y)) dy} by
 * composite Gauss-Legendre on [0, 20] in y (the bump is below 5e-18 beyond 20), where the density
 * p is smooth on the bump's scale.</li>
 * </ul>
 * The gradients are analytic, differentiated under the integral with {@code y = mu + sigma z}:
 * {@code d/dmu E[L] = E[L'(y)]}, {@code d/dlog sigma E[L] = E[L'(y) sigma z]}, {@code L' = tanh}
 * (Gauss-Hermite branch); {@code dE|y|/dmu = erf(mu / (sigma sqrt 2))},
 * {@code dE|y|/dlog sigma = sigma sqrt(2/pi) exp(-mu^2 / (2 sigma^2))}, and the density's own
 * derivatives {@code dp/dmu = p (y - mu) / sigma^2}, {@code dp/dlog sigma = p ((y - mu)^2 / sigma^2 - 1)}
 * under the Gauss-Legendre integral. Transcendentals use StrictMath, so the bits are reproducible.
 *
 * <p>Finite for every finite {@code mu} and every {@code logStd} up to about 700 ({@code sigma}
 * overflows beyond); for huge sigma the tanh-Gaussian entropy is large and negative
 * ({@code ~ -2 sigma sqrt(2/pi)}), the mass piling up at the ends of (-1, 1).
 */
public final class GaussianEntropy {
    /** The number of Gauss-Hermite nodes. */
    public static final int HERMITE_ORDER = 64;
    /** Up to this sigma the expectation is taken by Gauss-Hermite quadrature, above it in y. */
    public static final double SIGMA_SPLIT = 1.0;
    /** {@code 1/2 + ln sqrt(2 pi)}: the Gaussian entropy per dimension at {@code sigma = 1}. */
    public static final double HALF_PLUS_HALF_LOG_2PI = 0.5 + TanhGaussian.HALF_LOG_2PI;
    /** {@code ln 4}. */
    public static final double LOG_4 = 2 * TanhGaussian.LOG_2;

    private static final double SQRT_2 = StrictMath.sqrt(2.0);
    private static final double SQRT_2_OVER_PI = StrictMath.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2PI = 1.0 / StrictMath.sqrt(2 * Math.PI);
    private static final double INV_SQRT_PI = 1.0 / StrictMath.sqrt(Math.PI);

    /** Up to this sigma the 32-node rule is used. */
    private static final double SIGMA_SMALL = 0.5;
    /** Standard-normal nodes {@code z_k = sqrt 2 x_k} and weights {@code w_k / sqrt pi} of 64 and 32 nodes. */
    private static final double[][] HERMITE_64 = standardNormalRule(HERMITE_ORDER);
    private static final double[][] HERMITE_32 = standardNormalRule(32);
    /** Panel ends of the composite Gauss-Legendre rule on [0, 20], finer where the bump bends. */
    private static final double[] PANELS = {0, 0.5, 1.5, 3, 5, 8, 12, 20};
    private static final int LEGENDRE_ORDER = 12;
    private static final double[] BUMP_Y;
    private static final double[] BUMP_W;
    /** {@code log1p(e^{-2y})} at the Gauss-Legendre nodes (independent of mu and sigma). */
    private static final double[] BUMP_H;

    static {
        int n = (PANELS.length - 1) * LEGENDRE_ORDER;
        BUMP_Y = new double[n];
        BUMP_W = new double[n];
        BUMP_H = new double[n];
        double[] t = new double[LEGENDRE_ORDER];
        double[] v = new double[LEGENDRE_ORDER];
        gaussLegendre(t, v);
        for (int p = 0; p + 1 < PANELS.length; p++) {
            double mid = 0.5 * (PANELS[p] + PANELS[p + 1]);
            double half = 0.5 * (PANELS[p + 1] - PANELS[p]);
            for (int k = 0; k < LEGENDRE_ORDER; k++) {
                int i = p * LEGENDRE_ORDER + k;
                BUMP_Y[i] = mid + half * t[k];
                BUMP_W[i] = half * v[k];
                BUMP_H[i] = StrictMath.log1p(StrictMath.exp(-2 * BUMP_Y[i]));
            }
        }
    }

    private GaussianEntropy() {
    }

    /** {z, w}: the n-node rule for E_{z~N(0,1)}[f(z)], without the nodes of weight below 1e-20. */
    private static double[][] standardNormalRule(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        gaussHermite(x, w);
        int kept = 0;
        for (int k = 0; k < n; k++) {
            if (w[k] * INV_SQRT_PI >= 1e-20) {
                kept++;
            }
        }
        double[][] rule = new double[2][kept];
        int j = 0;
        for (int k = 0; k < n; k++) {
            if (w[k] * INV_SQRT_PI >= 1e-20) {
                rule[0][j] = SQRT_2 * x[k];
                rule[1][j++] = w[k] * INV_SQRT_PI;
            }
        }
        return rule;
    }

    /** The Gaussian entropy of one dimension, {@code H = 1/2 + ln(sqrt(2 pi) sigma)} (seed 000 section 1.6). */
    public static double gaussian(double logStd) {
        return HALF_PLUS_HALF_LOG_2PI + logStd;
    }

    /**
     * The tanh-Gaussian entropy of one dimension,
     * {@code H = 1/2 + ln(sqrt(2 pi) sigma) + ln 4 - 2 E_{y~N(mu, sigma^2)}[ln(e^y + e^-y)]} (seed 000
     * section 1.7).
     */
    public static double tanhGaussian(double mu, double logStd) {
        return tanhGaussian(mu, logStd, null);
    }

    /**
     * The tanh-Gaussian entropy of one dimension and, when {@code grad} is not null, its gradient:
     * {@code grad[0] = dH/dmu = -2 dE[L]/dmu}, {@code grad[1] = dH/dlogStd = 1 - 2 dE[L]/dlogStd}.
     *
     * @param grad null, or at least 2 long. Modified.
     */
    public static double tanhGaussian(double mu, double logStd, double[] grad) {
        double e = expectedLogExpSum(mu, logStd, grad);
        if (grad != null) {
            grad[0] = -2 * grad[0];
            grad[1] = 1 - 2 * grad[1];
        }
        return gaussian(logStd) + LOG_4 - 2 * e;
    }

    /**
     * {@code E_{y~N(mu, sigma^2)}[ln(e^y + e^-y)]}, {@code sigma = exp(logStd)}, and, when {@code grad}
     * is not null, its derivatives with respect to mu ({@code grad[0]}) and log sigma ({@code grad[1]}).
     *
     * @param grad null, or at least 2 long. Modified.
     */
    public static double expectedLogExpSum(double mu, double logStd, double[] grad) {
        if (!(Double.isFinite(mu) && !Double.isNaN(logStd))) {
            throw new IllegalArgumentException("GaussianEntropy: mu must be finite and logStd not NaN, got mu " + mu
                    + ", logStd " + logStd);
        }
        double sigma = StrictMath.exp(logStd);
        if (!Double.isFinite(sigma)) {
            throw new IllegalArgumentException("GaussianEntropy: logStd " + logStd + " overflows sigma = exp(logStd)");
        }
        return sigma <= SIGMA_SPLIT ? byHermite(mu, sigma, grad) : byKinkAndBump(mu, sigma, grad);
    }

    private static double byHermite(double mu, double sigma, double[] grad) {
        double[][] rule = sigma <= SIGMA_SMALL ? HERMITE_32 : HERMITE_64;
        double[] zs = rule[0];
        double[] ws = rule[1];
        double e = 0, dMu = 0, dLogSigma = 0;
        for (int k = 0; k < zs.length; k++) {
            double z = zs[k];
            double w = ws[k];
            double y = mu + sigma * z;
            double a = Math.abs(y);
            double q = StrictMath.exp(-2 * a);
            double tanh = Math.copySign((1 - q) / (1 + q), y);
            e += w * (a + StrictMath.log1p(q));
            dMu += w * tanh;
            dLogSigma += w * tanh * z;
        }
        if (grad != null) {
            grad[0] = dMu;
            grad[1] = sigma * dLogSigma;
        }
        return e;
    }

    private static double byKinkAndBump(double mu, double sigma, double[] grad) {
        double r = mu / sigma;
        double erf = erf(r / SQRT_2);
        double bell = sigma * SQRT_2_OVER_PI * StrictMath.exp(-0.5 * r * r);
        double absMean = mu * erf + bell;
        double bump = 0, dMu = 0, dLogSigma = 0;
        double norm = INV_SQRT_2PI / sigma;
        for (int i = 0; i < BUMP_Y.length; i++) {
            double wh = BUMP_W[i] * BUMP_H[i];
            double up = (BUMP_Y[i] - mu) / sigma;
            double down = (-BUMP_Y[i] - mu) / sigma;
            double pUp = norm * StrictMath.exp(-0.5 * up * up);
            double pDown = norm * StrictMath.exp(-0.5 * down * down);
            bump += wh * (pUp + pDown);
            dMu += wh * (pUp * up + pDown * down);
            dLogSigma += wh * (pUp * (up * up - 1) + pDown * (down * down - 1));
        }
        if (grad != null) {
            grad[0] = erf + dMu / sigma;
            grad[1] = bell + dLogSigma;
        }
        return absMean + bump;
    }

    /**
     * The tanh-Gaussian entropy of a batch, {@code sum_j H(mu_ij, logStd_ij)} ({@code batch x d -> batch x 1}),
     * recorded on the tape with its analytic gradient, so that a loss can use it in place of the
     * one-sample estimate {@code -log pi(a|s)}.
     */
    public static Var tanhGaussian(Tape t, Var mu, Var logStd) {
        return t.sumCols(t.pointwise(mu, logStd, TANH_GAUSSIAN));
    }

    /** The Gaussian entropy of a batch, {@code sum_j (1/2 + ln sqrt(2 pi) + logStd_ij)} ({@code batch x 1}). */
    public static Var gaussian(Tape t, Var logStd) {
        return t.sumCols(t.addScalar(logStd, (float) HALF_PLUS_HALF_LOG_2PI));
    }

    /**
     * Element by element: the entropy and its partial derivatives with respect to mu and logStd (one
     * 2-double scratch array per call, not per element).
     */
    private static final Pointwise2 TANH_GAUSSIAN = (mu, logStd, y, dMu, dLogStd, n) -> {
        double[] g = new double[2];
        for (int i = 0; i < n; i++) {
            y[i] = (float) tanhGaussian(mu[i], logStd[i], g);
            dMu[i] = (float) g[0];
            dLogStd[i] = (float) g[1];
        }
    };

    /**
     * The error function, to about 1e-15: the series {@code erf x = 2/sqrt(pi) e^{-x^2} sum_n 2^n
     * x^{2n+1} / (1 3 5 ... (2n+1))} (positive terms, no cancellation) for {@code |x| < 3}, and
     * {@code 1 - erfc x} by erfc's continued fraction (Lentz's method) beyond.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            double twoX2 = 2 * ax * ax;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= twoX2 / (2 * n + 1);
                sum += term;
            }
            return Math.copySign(Math.min(1.0, 2 * INV_SQRT_PI * StrictMath.exp(-ax * ax) * sum), x);
        }
        return Math.copySign(1 - erfc(ax), x);
    }

    /**
     * The complementary error function for {@code x >= 3}: {@code erfc x = e^{-x^2} / (sqrt(pi) K)},
     * {@code K = x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...))))}, evaluated by Lentz's method.
     */
    static double erfc(double x) {
        if (!(x >= 3)) {
            return 1 - erf(x);
        }
        final double tiny = 1e-300;
        double f = x;
        double c = f;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = 0.5 * k;
            d = x + a * d;
            d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
            c = x + a / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return StrictMath.exp(-x * x) * INV_SQRT_PI / f;
    }

    /**
     * The Gauss-Hermite rule for {@code int e^{-x^2} f(x) dx}: the roots of H_n by Newton's method on
     * the orthonormal Hermite recurrence, started from the asymptotic guesses of Numerical Recipes
     * ({@code gauher}, section 4.5); weights {@code 2 / (H'_n(x))^2} in that normalisation.
     *
     * @param x nodes, descending. Modified.
     * @param w weights. Modified.
     */
    static void gaussHermite(double[] x, double[] w) {
        int n = x.length;
        final double pim4 = StrictMath.pow(Math.PI, -0.25);
        double z = 0;
        for (int i = 0; i < (n + 1) / 2; i++) {
            if (i == 0) {
                z = StrictMath.sqrt(2.0 * n + 1) - 1.85575 * StrictMath.pow(2.0 * n + 1, -0.16667);
            } else if (i == 1) {
                z -= 1.14 * StrictMath.pow(n, 0.426) / z;
            } else if (i == 2) {
                z = 1.86 * z - 0.86 * x[0];
            } else if (i == 3) {
                z = 1.91 * z - 0.91 * x[1];
            } else {
                z = 2.0 * z - x[i - 2];
            }
            double pp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p1 = pim4;
                double p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * StrictMath.sqrt(2.0 / (j + 1)) * p2 - StrictMath.sqrt((double) j / (j + 1)) * p3;
                }
                pp = StrictMath.sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) {
                    break;
                }
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
    }

    /**
     * The Gauss-Legendre rule on [-1, 1]: the roots of P_n by Newton's method from
     * {@code cos(pi (i + 3/4) / (n + 1/2))}, weights {@code 2 / ((1 - x^2) P'_n(x)^2)}.
     *
     * @param x nodes. Modified.
     * @param w weights. Modified.
     */
    static void gaussLegendre(double[] x, double[] w) {
        int n = x.length;
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = StrictMath.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double pp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p1 = 1;
                double p2 = 0;
                for (int j = 1; j <= n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j - 1) * z * p2 - (j - 1.0) * p3) / j;
                }
                pp = n * (z * p1 - p2) / (z * z - 1);
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-15) {
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2.0 / ((1 - z * z) * pp * pp);
            w[n - 1 - i] = w[i];
        }
    }
}

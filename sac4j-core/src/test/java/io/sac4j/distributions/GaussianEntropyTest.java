package io.sac4j.distributions;

import io.sac4j.autodiff.GradCheck;
import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianEntropyTest {
    /** (mu, logStd) on both sides of the quadrature switch at sigma = 1. */
    private static final double[][] CASES = {
        {0.0, 0.0 - 1e-3}, {0.4, -0.3}, {-1.3, -2.0}, {2.5, 0.5}, {-0.7, 1.1}, {0.0, -5.0}, {3.0, -0.8}, {1.0, 0.9}};

    @Test
    void gaussianIsTheKnownClosedForm() {
        for (double logStd : new double[] {-20, -1.5, 0, 0.7, 2, 40}) {
            double sigma = Math.exp(logStd);
            double known = 0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma); // 1/2 ln(2 pi e sigma^2)
            assertEquals(known, GaussianEntropy.gaussian(logStd), 1e-12 * Math.max(1, Math.abs(known)));
        }
        Tape t = new Tape();
        Var h = GaussianEntropy.gaussian(t, t.constant(Matrix.of(2, 2, -0.5f, 0.2f, 1f, -3f)));
        assertEquals(GaussianEntropy.gaussian(-0.5) + GaussianEntropy.gaussian(0.2), h.value().get(0, 0), 1e-5);
        assertEquals(GaussianEntropy.gaussian(1) + GaussianEntropy.gaussian(-3), h.value().get(1, 0), 1e-5);
    }

    /** E[-log pi(a)] over 400 000 seeded draws, within 5 standard errors of the closed form. */
    @Test
    void tanhGaussianMatchesMonteCarlo() {
        Rng rng = new Rng(2026);
        for (double[] c : new double[][] {{0.4, -0.3}, {-1.3, 0.6}, {2.0, -1.5}}) {
            double mu = c[0], logStd = c[1], sigma = Math.exp(logStd);
            int n = 400_000;
            double sum = 0, sumSq = 0;
            for (int i = 0; i < n; i++) {
                double u = mu + sigma * rng.nextGaussian();
                double x = -TanhGaussian.logProbFromPreTanh(u, mu, logStd);
                sum += x;
                sumSq += x * x;
            }
            double mean = sum / n;
            double se = Math.sqrt((sumSq / n - mean * mean) / n);
            double h = GaussianEntropy.tanhGaussian(mu, logStd);
            assertTrue(Math.abs(h - mean) < 5 * se, "mu " + mu + " logStd " + logStd + ": closed form " + h
                    + ", Monte Carlo " + mean + " +- " + se);
        }
    }

    /**
     * {@code -int_{-1}^{1} pi(a) ln pi(a) da} with TanhGaussian's log-density, by the trapezoid rule in the
     * pre-tanh variable u ({@code pi(a) da = N(u; mu, sigma) du}) over mu +- 14 sigma, step sigma / 400.
     */
    @Test
    void tanhGaussianMatchesNumericIntegrationOfTheDensity() {
        for (double[] c : CASES) {
            double mu = c[0], logStd = c[1], sigma = Math.exp(logStd);
            double step = sigma / 400;
            double integral = 0;
            for (int i = -5600; i <= 5600; i++) {
                double u = mu + i * step;
                double lp = TanhGaussian.logProbFromPreTanh(u, mu, logStd);
                integral -= Math.exp(TanhGaussian.logNormal(u, mu, logStd)) * lp;
            }
            integral *= step;
            assertEquals(integral, GaussianEntropy.tanhGaussian(mu, logStd), 1e-9,
                    "mu " + mu + " logStd " + logStd);
        }
        // The squashing only removes entropy: H(tanh-Gaussian) < H(Gaussian), equal in the limit sigma -> 0 at 0.
        assertTrue(GaussianEntropy.tanhGaussian(0.3, 0.2) < GaussianEntropy.gaussian(0.2));
        assertEquals(GaussianEntropy.gaussian(-25), GaussianEntropy.tanhGaussian(0, -25), 1e-12);
    }

    @Test
    void extremeParametersStayFiniteAndMatchTheirAsymptotics() {
        // sigma -> 0: H -> ln(sqrt(2 pi e) sigma) + ln(1 - tanh^2 mu) (a point mass through the Jacobian).
        for (double mu : new double[] {0, 0.8, -3, 25}) {
            double expected = GaussianEntropy.gaussian(-30) + TanhGaussian.logOneMinusTanhSquared(mu);
            assertEquals(expected, GaussianEntropy.tanhGaussian(mu, -30), 1e-10 * Math.abs(expected), "mu " + mu);
        }
        // |mu| large against sigma: ln(e^y + e^-y) = |y| up to e^{-2|y|}, so E[..] = |mu|.
        for (double[] c : new double[][] {{200, 0.5}, {-150, -1}, {60, 2}}) {
            double expected = GaussianEntropy.gaussian(c[1]) + GaussianEntropy.LOG_4 - 2 * Math.abs(c[0]);
            assertEquals(expected, GaussianEntropy.tanhGaussian(c[0], c[1]), 1e-12 * Math.abs(expected));
        }
        // sigma huge: E[..] = sigma sqrt(2/pi) + (pi^2/12) / (sigma sqrt(2 pi)) + O(1/sigma^3) at mu = 0
        // (int log1p(e^{-2|y|}) dy = pi^2 / 12 against the density at 0).
        for (double logStd : new double[] {6, 10, 50}) {
            double sigma = Math.exp(logStd);
            double e = sigma * Math.sqrt(2 / Math.PI) + Math.PI * Math.PI / 12 / (sigma * Math.sqrt(2 * Math.PI));
            double expected = GaussianEntropy.gaussian(logStd) + GaussianEntropy.LOG_4 - 2 * e;
            double[] g = new double[2];
            double h = GaussianEntropy.tanhGaussian(0, logStd, g);
            assertEquals(expected, h, 1e-12 * Math.abs(expected) + 1e-7, "logStd " + logStd);
            assertTrue(Double.isFinite(g[0]) && Double.isFinite(g[1]));
            double dE = sigma * Math.sqrt(2 / Math.PI) - Math.PI * Math.PI / 12 / (sigma * Math.sqrt(2 * Math.PI));
            assertEquals(1 - 2 * dE, g[1], 1e-9 * sigma, "dH/dlogStd at logStd " + logStd);
        }
        assertThrows(IllegalArgumentException.class, () -> GaussianEntropy.tanhGaussian(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> GaussianEntropy.tanhGaussian(0, 800));
    }

    /** The analytic dH/dmu and dH/dlogStd against central differences of the double function (h = 1e-5). */
    @Test
    void gradientMatchesFiniteDifferences() {
        double h = 1e-5;
        for (double[] c : new double[][] {{0.4, -0.3}, {-1.3, -2.0}, {2.5, 0.5}, {-0.7, 1.1}, {0.05, 3},
                {12, -0.2}, {-8, 2.5}, {0, -6}}) {
            double mu = c[0], logStd = c[1];
            double[] g = new double[2];
            GaussianEntropy.tanhGaussian(mu, logStd, g);
            double dMu = (GaussianEntropy.tanhGaussian(mu + h, logStd) - GaussianEntropy.tanhGaussian(mu - h, logStd))
                    / (2 * h);
            double dLogStd = (GaussianEntropy.tanhGaussian(mu, logStd + h)
                    - GaussianEntropy.tanhGaussian(mu, logStd - h)) / (2 * h);
            assertEquals(dMu, g[0], 1e-6 * Math.max(1, Math.abs(dMu)), "dH/dmu at " + mu + ", " + logStd);
            assertEquals(dLogStd, g[1], 1e-6 * Math.max(1, Math.abs(dLogStd)), "dH/dlogStd at " + mu + ", " + logStd);
        }
    }

    @Test
    void tapeEntropyIsTheSumOverDimensionsWithTheAnalyticGradient() {
        Matrix mu = Matrix.of(2, 3, 0.3f, -1.2f, 2f, 0f, 0.7f, -0.4f);
        Matrix logStd = Matrix.of(2, 3, -0.5f, 0.4f, -1.5f, 1.2f, -3f, 0.1f);
        Tape t = new Tape();
        Var h = GaussianEntropy.tanhGaussian(t, t.constant(mu), t.constant(logStd));
        assertEquals(2, h.rows());
        assertEquals(1, h.cols());
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected += GaussianEntropy.tanhGaussian(mu.get(i, j), logStd.get(i, j));
            }
            assertEquals(expected, h.value().get(i, 0), 1e-5);
        }
        GradCheck.check("tanh-Gaussian entropy", (tp, v) -> GaussianEntropy.tanhGaussian(tp, v[0], v[1]),
                GradCheck.random(3, 2, -2, 2, 0.05, 7), GradCheck.random(3, 2, -2, 1.5, 0.05, 8));
    }

    /** The Gauss-Hermite rule integrates the normal moments E[z^2k] = (2k - 1)!! exactly up to high order. */
    @Test
    void quadratureRulesAreExactOnPolynomials() {
        for (int n : new int[] {32, GaussianEntropy.HERMITE_ORDER}) {
            double[] x = new double[n], w = new double[n];
            GaussianEntropy.gaussHermite(x, w);
            double doubleFactorial = 1;
            for (int k = 0; k <= 20; k++) {
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += w[i] / Math.sqrt(Math.PI) * Math.pow(Math.sqrt(2) * x[i], 2 * k);
                }
                assertEquals(doubleFactorial, m, 1e-11 * doubleFactorial, n + " nodes: E[z^" + 2 * k + "]");
                doubleFactorial *= 2 * k + 1;
            }
        }
        double[] t = new double[12], v = new double[12];
        GaussianEntropy.gaussLegendre(t, v);
        for (int k = 0; k <= 23; k++) {
            double m = 0;
            for (int i = 0; i < 12; i++) {
                m += v[i] * Math.pow(t[i], k);
            }
            assertEquals(k % 2 == 0 ? 2.0 / (k + 1) : 0.0, m, 1e-13, "int_{-1}^{1} x^" + k);
        }
        // erf against tabulated values (Abramowitz and Stegun, table 7.1; erfc(5) from its asymptotic tables).
        assertEquals(0.5204998778130465, GaussianEntropy.erf(0.5), 1e-15);
        assertEquals(-0.9953222650189527, GaussianEntropy.erf(-2), 1e-15);
        assertEquals(2.209049699858544e-05, GaussianEntropy.erfc(3), 1e-19);
        assertEquals(1.5374597944280349e-12, GaussianEntropy.erfc(5), 1e-25);
    }
}

package io.sac4j.distributions;

import io.sac4j.autodiff.GradCheck;
import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TanhGaussianTest {
    @Test
    void actionsStayInsideTheOpenInterval() {
        Rng r = new Rng(0);
        Tape t = new Tape();
        Matrix mu = new Matrix(500, 2), logStd = new Matrix(500, 2), noise = new Matrix(500, 2);
        r.fillUniform(mu.data, 0, mu.size(), -3, 3);
        r.fillUniform(logStd.data, 0, logStd.size(), -2, 1);
        r.fillGaussian(noise.data, 0, noise.size());
        TanhGaussian.Sample s = TanhGaussian.rsample(t, t.constant(mu), t.constant(logStd), t.constant(noise));
        for (float a : s.action().value().data) {
            assertTrue(a > -1f && a < 1f || Math.abs(a) == 1f, "|a| <= 1 in float: " + a);
        }
        float[] out = new float[2];
        TanhGaussian.sample(new float[] {0.3f, -0.1f}, new float[] {0f, -1f}, new float[] {0.5f, -2f}, out, 2);
        assertTrue(Math.abs(out[0]) < 1 && Math.abs(out[1]) < 1);
        assertEquals((float) Math.tanh(0.3 + 0.5), out[0], 1e-7);
    }

    /** The density of a = tanh(u) integrates to 1 over (-1, 1) (trapezoid rule on a fine grid). */
    @Test
    void logProbIntegratesToOne() {
        double[][] params = {{0.0, 0.0}, {0.7, -0.5}, {-1.2, 0.3}, {2.0, -1.5}};
        for (double[] p : params) {
            int n = 400_000;
            double sum = 0;
            for (int i = 1; i < n; i++) {
                double a = -1 + 2.0 * i / n;
                double u = 0.5 * Math.log((1 + a) / (1 - a));
                sum += Math.exp(TanhGaussian.logProbFromPreTanh(u, p[0], p[1]));
            }
            double integral = sum * 2.0 / n;
            assertEquals(1.0, integral, 2e-3, "mu " + p[0] + " logStd " + p[1]);
        }
    }

    @Test
    void stableCorrectionMatchesNaiveFormWhereThatIsStable() {
        for (double u = -4; u <= 4; u += 0.125) {
            double naive = Math.log(1 - Math.tanh(u) * Math.tanh(u));
            assertEquals(naive, TanhGaussian.logOneMinusTanhSquared(u), 1e-9 * Math.max(1, Math.abs(naive)));
        }
        // Where the naive form gives log(0) = -inf, the stable one stays finite: ~ 2 (log 2 - |u|).
        double far = TanhGaussian.logOneMinusTanhSquared(30);
        assertTrue(Double.isFinite(far));
        assertEquals(2 * (Math.log(2) - 30), far, 1e-9);
        assertEquals(Double.NEGATIVE_INFINITY, Math.log(1 - Math.tanh(30) * Math.tanh(30)));
    }

    @Test
    void tapeLogProbMatchesScalarFormula() {
        Tape t = new Tape();
        Matrix mu = Matrix.of(2, 2, 0.3f, -0.8f, 1.1f, 0.0f);
        Matrix logStd = Matrix.of(2, 2, -0.5f, 0.2f, -1.0f, 0.4f);
        Matrix noise = Matrix.of(2, 2, 0.9f, -1.3f, 0.1f, 2.2f);
        TanhGaussian.Sample s = TanhGaussian.rsample(t, t.constant(mu), t.constant(logStd), t.constant(noise));
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int j = 0; j < 2; j++) {
                double u = mu.get(i, j) + Math.exp(logStd.get(i, j)) * noise.get(i, j);
                expected += TanhGaussian.logProbFromPreTanh(u, mu.get(i, j), logStd.get(i, j));
                assertEquals(Math.tanh(u), s.action().value().get(i, j), 1e-6);
            }
            assertEquals(expected, s.logProb().value().get(i, 0), 1e-5);
        }
    }

    @Test
    void reparameterisedGradientsMatchFiniteDifferences() {
        Matrix noise = Matrix.of(3, 2, 0.4f, -1.1f, 1.3f, 0.2f, -0.6f, 0.8f);
        GradCheck.check("rsample action", (t, v) -> TanhGaussian.rsample(t, v[0], v[1], t.constant(noise)).action(),
                GradCheck.random(3, 2, -1, 1, 0.05, 1), GradCheck.random(3, 2, -1, 0.5, 0.05, 2));
        GradCheck.check("rsample logProb", (t, v) -> {
            Var lp = TanhGaussian.rsample(t, v[0], v[1], t.constant(noise)).logProb();
            return lp;
        }, GradCheck.random(3, 2, -1, 1, 0.05, 3), GradCheck.random(3, 2, -1, 0.5, 0.05, 4));
    }

    /** E[-log pi] by Monte Carlo matches the entropy by numeric integration in 1-D. */
    @Test
    void entropyByMonteCarloMatchesIntegration() {
        double mu = 0.4, logStd = -0.3;
        int n = 200_000;
        double integral = 0;
        for (int i = 1; i < n; i++) {
            double a = -1 + 2.0 * i / n;
            double u = 0.5 * Math.log((1 + a) / (1 - a));
            double lp = TanhGaussian.logProbFromPreTanh(u, mu, logStd);
            integral -= Math.exp(lp) * lp;
        }
        integral *= 2.0 / n;
        Rng r = new Rng(5);
        double mc = 0;
        int m = 200_000;
        for (int i = 0; i < m; i++) {
            double u = mu + Math.exp(logStd) * r.nextGaussian();
            mc -= TanhGaussian.logProbFromPreTanh(u, mu, logStd);
        }
        mc /= m;
        assertEquals(integral, mc, 0.01);
    }
}

package io.sac4j.distributions;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;

/**
 * The tanh-squashed diagonal Gaussian of SAC: {@code u ~ N(mu, diag(sigma^2))}, {@code a = tanh(u)}.
 *
 * <p>Its log-density, by the change of variables (seed 000 section 1.2, seed 003):
 * <pre>
 *   log pi(a|s) = log N(u; mu, sigma) - sum_i log(1 - tanh(u_i)^2)
 *               = log N(u; mu, sigma) - sum_i 2 (log 2 - u_i - softplus(-2 u_i))
 * </pre>
 * The second form is exact and stays finite where {@code 1 - tanh(u)^2} underflows to 0.
 */
public final class TanhGaussian {
    /** {@code 0.5 log(2 pi)}. */
    public static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    /** {@code log 2}. */
    public static final double LOG_2 = Math.log(2.0);

    private TanhGaussian() {
    }

    /** A reparameterised draw: the squashed action and its log-probability ({@code batch x 1}). */
    public record Sample(Var action, Var logProb) {
    }

    /**
     * The reparameterised sample {@code a = tanh(mu + exp(logStd) * noise)} and its log-probability,
     * recorded on the tape so gradients reach {@code mu} and {@code logStd}.
     *
     * @param mu     batch x d means
     * @param logStd batch x d log standard deviations
     * @param noise  batch x d standard normal draws (a constant leaf; keep it unchanged until backward)
     */
    public static Sample rsample(Tape t, Var mu, Var logStd, Var noise) {
        if (!mu.value().sameShape(logStd.value()) || !mu.value().sameShape(noise.value())) {
            throw new IllegalArgumentException("TanhGaussian.rsample: shapes mu " + mu.value().shape() + ", logStd "
                    + logStd.value().shape() + ", noise " + noise.value().shape() + " must match");
        }
        Var u = t.add(mu, t.mul(t.exp(logStd), noise));
        Var action = t.tanh(u);
        // log N(u; mu, sigma) with (u - mu) / sigma = noise: -(noise^2 / 2 + log sigma) - log(2 pi) / 2
        Var logNormal = t.addScalar(t.scale(t.add(t.scale(t.square(noise), 0.5f), logStd), -1f),
                (float) -HALF_LOG_2PI);
        // log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))
        Var logDetJacobian = t.scale(t.addScalar(t.add(u, t.softplus(t.scale(u, -2f))), (float) -LOG_2), -2f);
        Var logProb = t.sumCols(t.sub(logNormal, logDetJacobian));
        return new Sample(action, logProb);
    }

    /** {@code log(1 - tanh(u)^2)} in the stable form {@code 2 (log 2 - u - softplus(-2u))}. */
    public static double logOneMinusTanhSquared(double u) {
        double x = -2.0 * u;
        double softplus = Math.max(x, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
        return 2.0 * (LOG_2 - u - softplus);
    }

    /** The log-density of a 1-D normal: {@code log N(u; mu, exp(logStd))}. */
    public static double logNormal(double u, double mu, double logStd) {
        double z = (u - mu) / StrictMath.exp(logStd);
        return -0.5 * z * z - logStd - HALF_LOG_2PI;
    }

    /** The log-density of {@code a = tanh(u)} in one dimension, written in terms of the pre-squash {@code u}. */
    public static double logProbFromPreTanh(double u, double mu, double logStd) {
        return logNormal(u, mu, logStd) - logOneMinusTanhSquared(u);
    }

    /**
     * Tape-free sampling for acting: writes {@code tanh(mu + exp(logStd) * noise)} (or {@code tanh(mu)}
     * when {@code noise} is null) into {@code action}. Modifies action only.
     */
    public static void sample(float[] mu, float[] logStd, float[] noise, float[] action, int n) {
        for (int i = 0; i < n; i++) {
            double u = noise == null ? mu[i] : mu[i] + StrictMath.exp(logStd[i]) * noise[i];
            action[i] = (float) StrictMath.tanh(u);
        }
    }
}

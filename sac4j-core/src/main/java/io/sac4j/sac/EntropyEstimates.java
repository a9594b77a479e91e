package io.sac4j.sac;

import io.sac4j.policy.Actor;
import io.sac4j.autodiff.Tape;
import io.sac4j.distributions.GaussianEntropy;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

/**
 * Measures the two estimates of the policy's entropy that the temperature loss can use
 * ({@link EntropyEstimate}) on the same minibatches of states: the one-sample {@code -mean log pi(a|s)}
 * and the closed-form {@code mean H(pi(.|s))} (seed 000 §1.7). The temperature loss's gradient in log
 * alpha is {@code -mean(log pi + Hbar)}, i.e. the entropy estimate minus the target, so the spread of
 * an estimate over minibatches is the spread of that gradient. Both estimate the same expectation; the
 * closed form removes the action noise and keeps only the states' share of the variance.
 */
public final class EntropyEstimates {
    private EntropyEstimates() {
    }

    /**
     * Mean and standard deviation over minibatches of each estimate; {@code withinStateStd} is the
     * sample estimate's spread over actions alone (averaged over states), which the closed form removes.
     */
    public record Comparison(int batches, int batchSize, double sampleMean, double sampleStd, double closedMean,
            double closedStd, double withinStateStd) {
        /** {@code sampleStd^2 / closedStd^2}: how much the closed form lowers the variance of the temperature gradient. */
        public double varianceRatio() {
            return sampleStd * sampleStd / (closedStd * closedStd);
        }
    }

    /**
     * Draws {@code batches} minibatches of {@code batchSize} rows of {@code states} (uniformly, with
     * replacement) and for each computes both estimates, the sample one with fresh noise.
     *
     * @param states observations, one per row. Not modified.
     */
    public static Comparison compare(Actor actor, Matrix states, int batchSize, int batches, Rng rng) {
        if (states.cols != actor.obsDim() || states.rows < 1 || batchSize < 1 || batches < 2) {
            throw new IllegalArgumentException("EntropyEstimates.compare: states " + states.shape() + " for an actor of "
                    + actor.obsDim() + " inputs, batch " + batchSize + ", batches " + batches + " (>= 2)");
        }
        int d = actor.actDim();
        Matrix obs = new Matrix(batchSize, states.cols);
        Tape tape = new Tape();
        double[] sample = new double[batches];
        double[] closed = new double[batches];
        double withinVar = 0;
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < batchSize; i++) {
                int row = rng.nextInt(states.rows);
                System.arraycopy(states.data, row * states.cols, obs.data, i * states.cols, states.cols);
            }
            tape.reset();
            Actor.Output out = actor.forward(tape, tape.constant(obs), false);
            float[] mu = out.mu().value().data;
            float[] logStd = out.logStd().value().data;
            double s = 0, c = 0;
            for (int i = 0; i < batchSize; i++) {
                double logPi = 0, h = 0;
                for (int j = 0; j < d; j++) {
                    int k = i * d + j;
                    double m = mu[k], ls = logStd[k];
                    double u = m + Math.exp(ls) * rng.nextGaussian();
                    logPi += TanhGaussian.logProbFromPreTanh(u, m, ls);
                    h += GaussianEntropy.tanhGaussian(m, ls);
                }
                s -= logPi;
                c += h;
                // E_a[-log pi(a|s)] = H(pi(.|s)) exactly, so this is one draw's squared deviation at its state.
                withinVar += (-logPi - h) * (-logPi - h);
            }
            sample[b] = s / batchSize;
            closed[b] = c / batchSize;
        }
        double withinStd = Math.sqrt(withinVar / ((double) batches * batchSize));
        return new Comparison(batches, batchSize, mean(sample), std(sample), mean(closed), std(closed), withinStd);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double std(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}

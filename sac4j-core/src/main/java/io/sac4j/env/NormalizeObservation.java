package io.sac4j.env;

/**
 * Normalises observations by a running mean and variance of the observations seen (Gymnasium's
 * {@code NormalizeObservation}): {@code (obs - mean) / sqrt(var + 1e-8)}, the statistics updated with
 * every observation, before it is normalised, while {@link #isUpdating() updating} (turn it off to
 * evaluate a trained agent with frozen statistics). The running statistics follow Gymnasium's
 * {@code RunningMeanStd} (Chan et al.'s parallel update, count starting at 1e-4), in double.
 *
 * <p>The observation space becomes unbounded.
 */
public final class NormalizeObservation extends Wrapper {
    private static final double EPS = 1e-8;
    private final double[] mean;
    private final double[] var;
    private double count = 1e-4;
    private boolean updating = true;
    private final Box space;

    public NormalizeObservation(Env env) {
        super(env);
        if (!(env.observationSpace() instanceof Box b)) {
            throw new IllegalArgumentException(env.id() + ": NormalizeObservation needs a Box observation space, got "
                    + env.observationSpace());
        }
        int n = b.dim();
        this.mean = new double[n];
        this.var = new double[n];
        java.util.Arrays.fill(var, 1.0);
        float[] lo = new float[n];
        float[] hi = new float[n];
        java.util.Arrays.fill(lo, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.POSITIVE_INFINITY);
        this.space = new Box(lo, hi);
    }

    @Override
    public Box observationSpace() {
        return space;
    }

    public boolean isUpdating() {
        return updating;
    }

    /** Whether new observations update the statistics (true by default). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /** A copy of the running mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the running variance. */
    public double[] variance() {
        return var.clone();
    }

    /** The (fractional) number of observations the statistics hold. */
    public double count() {
        return count;
    }

    @Override
    public float[] reset(long seed) {
        return normalize(env.reset(seed));
    }

    @Override
    public float[] reset() {
        return normalize(env.reset());
    }

    @Override
    public Step step(float[] action) {
        Step s = env.step(action);
        return new Step(normalize(s.observation()), s.reward(), s.terminated(), s.truncated());
    }

    private float[] normalize(float[] obs) {
        if (updating) {
            // One-sample batch of Chan et al.'s update: batch mean = obs, batch variance = 0.
            double total = count + 1;
            for (int i = 0; i < mean.length; i++) {
                double delta = obs[i] - mean[i];
                double newMean = mean[i] + delta / total;
                double m2 = var[i] * count + delta * delta * count / total;
                mean[i] = newMean;
                var[i] = m2 / total;
            }
            count = total;
        }
        float[] out = new float[obs.length];
        for (int i = 0; i < obs.length; i++) {
            out[i] = (float) ((obs[i] - mean[i]) / Math.sqrt(var[i] + EPS));
        }
        return out;
    }
}

package io.sac4j.sac;

/**
 * What a learner's last {@link Learner#update} measured, kept in place so that an update allocates
 * nothing; {@link #snapshot()} copies it into a {@link SacMetrics} record. Each learner owns one and
 * records into it at the end of every update; callers only read it.
 */
public final class StepStats {
    private double criticLoss = Double.NaN, actorLoss = Double.NaN, alpha = Double.NaN, temperatureLoss = Double.NaN,
            entropy = Double.NaN, meanQ = Double.NaN;
    private float[] tdErrors = new float[0];

    /**
     * Keeps the update's measurements, after checking its losses are finite.
     *
     * @param learner the learner's name for the message ("SAC", "discrete SAC")
     * @param update  the update's number (the count after it)
     * @throws NumericalInstabilityException when a loss is not finite (nothing is kept then)
     */
    void record(String learner, long update, double criticLoss, double actorLoss, double alpha,
                double temperatureLoss, double entropy, double meanQ) {
        if (!Double.isFinite(criticLoss) || !Double.isFinite(actorLoss) || !Double.isFinite(temperatureLoss)) {
            throw new NumericalInstabilityException(learner + " update " + update + ": non-finite loss (critic "
                    + criticLoss + ", actor " + actorLoss + ", temperature " + temperatureLoss + ")");
        }
        this.criticLoss = criticLoss;
        this.actorLoss = actorLoss;
        this.alpha = alpha;
        this.temperatureLoss = temperatureLoss;
        this.entropy = entropy;
        this.meanQ = meanQ;
    }

    /** {@code 0.5 sum_j mean((Q_j - y)^2)}. */
    public double criticLoss() {
        return criticLoss;
    }

    /** The policy loss. */
    public double actorLoss() {
        return actorLoss;
    }

    /** The temperature the update used. */
    public double alpha() {
        return alpha;
    }

    /** The temperature loss (0 when alpha is fixed). */
    public double temperatureLoss() {
        return temperatureLoss;
    }

    /** The policy-entropy estimate (discrete SAC: the exact mean entropy). */
    public double entropy() {
        return entropy;
    }

    /** Mean of {@code Q_1(s, a)} over the batch. */
    public double meanQ() {
        return meanQ;
    }

    /**
     * Each batch row's absolute TD error of the update, measured before its step: with twin critics the mean
     * {@code (|Q_1(s, a) - y| + |Q_2(s, a) - y|) / 2} (see {@link ReplaySampling} for why the mean). Prioritized
     * replay sets the rows' priorities from it. Kept in place: the same array after every update of one
     * batch size (empty before the first update).
     */
    public float[] tdErrors() {
        return tdErrors;
    }

    /** The array {@link #tdErrors()} returns, sized for {@code rows}; the update writes into it. */
    float[] tdErrorsFor(int rows) {
        if (tdErrors.length != rows) {
            tdErrors = new float[rows];
        }
        return tdErrors;
    }

    /** These values as a record (allocated here). */
    public SacMetrics snapshot() {
        return new SacMetrics(criticLoss, actorLoss, alpha, temperatureLoss, entropy, meanQ);
    }
}

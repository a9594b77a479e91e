package io.sac4j.train;

/**
 * Ends training once an evaluation's mean return reaches a threshold (SB3's
 * {@code StopTrainingOnRewardThreshold}).
 */
public final class StopOnRewardThreshold implements TrainListener {
    private final double threshold;
    private boolean reached;
    private long step = -1;

    public StopOnRewardThreshold(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("reward threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public void onEvaluation(EvalRecord record) {
        if (!reached && record.evalMeanReturn() >= threshold) {
            reached = true;
            step = record.step();
        }
    }

    @Override
    public boolean shouldStop() {
        return reached;
    }

    /** The step of the evaluation that reached the threshold, or -1. */
    public long stoppedAt() {
        return step;
    }
}

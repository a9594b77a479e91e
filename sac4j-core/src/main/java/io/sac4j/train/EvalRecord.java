package io.sac4j.train;

/**
 * One row of the learning curve, written after each evaluation. Losses, alpha and entropy are means
 * over the gradient steps since the previous row (NaN before the first update).
 *
 * @param trainEpisodeReturn return of the last finished training episode (NaN if none yet)
 * @param temperatureLoss    the temperature loss {@code -mean(log alpha (log pi + Hbar))} (0 when alpha
 *                           is fixed); NaN also in the first row after resuming from a checkpoint
 *                           written before sac4j recorded it. Not a column of {@code metrics.csv},
 *                           whose columns stay as they were; {@link TensorBoardListener} writes it.
 * @param meanImportanceWeight prioritized replay: the mean importance weight of the rows drawn since the
 *                           previous row; NaN with uniform replay. Not a column of {@code metrics.csv}
 * @param maxPriority        prioritized replay: the largest priority {@code |delta| + eps} seen so far;
 *                           NaN with uniform replay. Not a column of {@code metrics.csv}
 */
public record EvalRecord(long step, double wallSeconds, double evalMeanReturn, double evalStdReturn,
                         double trainEpisodeReturn, double criticLoss, double actorLoss, double alpha,
                         double entropy, double temperatureLoss, double meanImportanceWeight, double maxPriority) {
    /** A builder with every field NaN (step and wall time 0): name each value you have. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named fields for a row, so ten numbers in a row cannot be swapped silently. */
    public static final class Builder {
        private long step;
        private double wallSeconds;
        private double evalMeanReturn = Double.NaN, evalStdReturn = Double.NaN, trainEpisodeReturn = Double.NaN;
        private double criticLoss = Double.NaN, actorLoss = Double.NaN, alpha = Double.NaN, entropy = Double.NaN;
        private double temperatureLoss = Double.NaN, meanImportanceWeight = Double.NaN, maxPriority = Double.NaN;

        private Builder() {
        }

        public Builder step(long v) { step = v; return this; }
        public Builder wallSeconds(double v) { wallSeconds = v; return this; }
        public Builder evalMeanReturn(double v) { evalMeanReturn = v; return this; }
        public Builder evalStdReturn(double v) { evalStdReturn = v; return this; }
        public Builder trainEpisodeReturn(double v) { trainEpisodeReturn = v; return this; }
        public Builder criticLoss(double v) { criticLoss = v; return this; }
        public Builder actorLoss(double v) { actorLoss = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder entropy(double v) { entropy = v; return this; }
        public Builder temperatureLoss(double v) { temperatureLoss = v; return this; }
        public Builder meanImportanceWeight(double v) { meanImportanceWeight = v; return this; }
        public Builder maxPriority(double v) { maxPriority = v; return this; }

        public EvalRecord build() {
            return new EvalRecord(step, wallSeconds, evalMeanReturn, evalStdReturn, trainEpisodeReturn, criticLoss,
                    actorLoss, alpha, entropy, temperatureLoss, meanImportanceWeight, maxPriority);
        }
    }
}

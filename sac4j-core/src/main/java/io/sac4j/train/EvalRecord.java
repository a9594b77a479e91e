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
 */
public record EvalRecord(long step, double wallSeconds, double evalMeanReturn, double evalStdReturn,
                         double trainEpisodeReturn, double criticLoss, double actorLoss, double alpha,
                         double entropy, double temperatureLoss) {
    /** A row without the temperature loss (NaN): the record as it was before that component. */
    public EvalRecord(long step, double wallSeconds, double evalMeanReturn, double evalStdReturn,
                      double trainEpisodeReturn, double criticLoss, double actorLoss, double alpha, double entropy) {
        this(step, wallSeconds, evalMeanReturn, evalStdReturn, trainEpisodeReturn, criticLoss, actorLoss, alpha,
                entropy, Double.NaN);
    }
}

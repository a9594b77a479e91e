package io.sac4j.train;

/**
 * One row of the learning curve, written after each evaluation. Losses, alpha and entropy are means
 * over the gradient steps since the previous row (NaN before the first update).
 *
 * @param trainEpisodeReturn return of the last finished training episode (NaN if none yet)
 */
public record EvalRecord(long step, double wallSeconds, double evalMeanReturn, double evalStdReturn,
                         double trainEpisodeReturn, double criticLoss, double actorLoss, double alpha,
                         double entropy) {
}

package io.sac4j.sac;

/**
 * What one gradient step of {@link SacLearner#update} measured.
 *
 * @param criticLoss     {@code 0.5 sum_j mean((Q_j - y)^2)}
 * @param actorLoss      {@code mean(alpha log pi - min_j Q_j)}
 * @param alpha          the temperature used in this step
 * @param temperatureLoss the temperature loss (0 when alpha is fixed)
 * @param entropy        {@code -mean(log pi(a|s))} over the batch, an estimate of the policy entropy
 * @param meanQ          mean of {@code Q_1(s, a)} over the batch
 */
public record SacMetrics(double criticLoss, double actorLoss, double alpha, double temperatureLoss, double entropy,
                         double meanQ) {
}

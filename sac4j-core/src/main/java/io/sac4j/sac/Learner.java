package io.sac4j.sac;

import io.sac4j.buffer.Batch;

/**
 * A SAC learner: owns its networks, optimisers and temperature, and takes one gradient step per
 * {@link #update}. Call order: construct, then {@link #update} any number of times; read the
 * step's losses from {@link #lastMetrics()} (or the {@code last...} accessors) after each; act
 * with {@link #policy()}, which sees the current weights. {@link Learners#create} picks the
 * implementation for an action space and {@link SacConfig#variant()}.
 */
public interface Learner {
    SacConfig config();

    /**
     * One gradient step on {@code batch} (not modified).
     *
     * @throws NumericalInstabilityException when a loss is not finite (stop training)
     */
    void update(Batch batch);

    /** A new policy that acts with this learner's current weights (one per acting thread). */
    Policy policy();

    /** The temperature in force. */
    double alpha();

    /** The number of gradient steps taken. */
    long updates();

    /** What the last {@link #update} measured, as a record (allocated here, not in the update). */
    default SacMetrics lastMetrics() {
        return new SacMetrics(lastCriticLoss(), lastActorLoss(), lastAlpha(), lastTemperatureLoss(), lastEntropy(),
                lastMeanQ());
    }

    /** The critic loss of the last update, {@code 0.5 sum_j mean((Q_j - y)^2)}. */
    double lastCriticLoss();

    /** The policy loss of the last update. */
    double lastActorLoss();

    /** The temperature the last update used. */
    double lastAlpha();

    /** The temperature loss of the last update (0 when alpha is fixed). */
    double lastTemperatureLoss();

    /** The policy-entropy estimate of the last update. */
    double lastEntropy();

    /** Mean of {@code Q_1(s, a)} over the last batch. */
    double lastMeanQ();
}

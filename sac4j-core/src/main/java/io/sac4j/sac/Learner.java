package io.sac4j.sac;

import io.sac4j.policy.Policy;
import io.sac4j.buffer.Batch;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;

import java.io.IOException;

/**
 * A SAC learner: owns its networks, optimisers and temperature, and takes one gradient step per
 * {@link #update}. Call order: construct, then {@link #update} any number of times; read the
 * step's losses from {@link #lastMetrics()} (or the {@code last...} accessors) after each; act
 * with {@link #policy()}, which sees the current weights. {@link Learners#create} picks the
 * implementation for an action space and {@link SacConfig#variant()}.
 *
 * <p>{@link #saveState} and {@link #restoreState} carry the whole learner (every network, target
 * network, optimiser, the temperature, the generator, the update count) through a checkpoint: a
 * learner restored into one built with the same configuration and sizes continues bit for bit as
 * the saved one would have. Call them between updates.
 */
public interface Learner {
    SacConfig config();

    /**
     * One gradient step on {@code batch} (not modified).
     *
     * @throws NumericalInstabilityException when a loss is not finite (stop training)
     */
    void update(Batch batch);

    /**
     * Writes this learner's whole state as checkpoint entries named {@code learner.*} (see the
     * implementations for the list). Refuses, before writing anything, a state holding a non-finite
     * parameter ({@link NumericalInstabilityException} naming it), so bad weights are never saved.
     * Does not modify the learner.
     */
    void saveState(StateWriter out) throws IOException;

    /**
     * Replaces this learner's state with the one {@link #saveState} wrote. Refuses, before changing
     * anything, a checkpoint of another learner kind (variant, discrete or continuous) or of other
     * sizes (observation, action, hidden widths), with a one-line message saying which. (A file that
     * passes those checks but is inconsistent inside, which only a forged file can be, may leave the
     * learner partly restored: discard it then.) Modifies the learner.
     */
    void restoreState(StateReader in) throws CheckpointException;

    /**
     * Scales the learning rate of every optimiser (actor, critics, V network, log alpha) by {@code factor}
     * (>= 0) from the next {@link #update} on: a learning-rate schedule's hook, which the training loop
     * calls before each training round with {@link SacConfig#learningRateSchedule()}'s factor. Not part of
     * the saved state (the loop recomputes it from the step); 1 (the initial factor) is the configured rates.
     */
    void setLearningRateFactor(double factor);

    /** A new policy that acts with this learner's current weights (one per acting thread). */
    Policy policy();

    /** The temperature in force. */
    double alpha();

    /** The number of gradient steps taken. */
    long updates();

    /** What the last {@link #update} measured, kept in place (the same object after every update). */
    StepStats lastStep();

    /** What the last {@link #update} measured, as a record (allocated here, not in the update). */
    default SacMetrics lastMetrics() {
        return lastStep().snapshot();
    }

    /** The critic loss of the last update, {@code 0.5 sum_j mean((Q_j - y)^2)}. */
    default double lastCriticLoss() {
        return lastStep().criticLoss();
    }

    /** The policy loss of the last update. */
    default double lastActorLoss() {
        return lastStep().actorLoss();
    }

    /** The temperature the last update used. */
    default double lastAlpha() {
        return lastStep().alpha();
    }

    /** The temperature loss of the last update (0 when alpha is fixed). */
    default double lastTemperatureLoss() {
        return lastStep().temperatureLoss();
    }

    /** The policy-entropy estimate of the last update. */
    default double lastEntropy() {
        return lastStep().entropy();
    }

    /** Mean of {@code Q_1(s, a)} over the last batch. */
    default double lastMeanQ() {
        return lastStep().meanQ();
    }
}

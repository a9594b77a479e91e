package io.sac4j.sac;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;

import java.io.IOException;

/**
 * What every learner keeps besides its algorithm: its config, its temperature, its checkpoint state
 * ({@link LearnerState}, which owns the learner's parts in entry order), the update count and the last
 * step's measurements. A learner variant is built from its parts and adds only its {@link #update}
 * and the accessors of its own networks.
 *
 * <p>A base class rather than a part the learners forward to: {@link Learner}'s accessors would
 * otherwise be the same six forwarding methods in every learner. It has no hooks: every method here
 * is final and calls nothing a subclass defines.
 */
abstract class AbstractLearner implements Learner {
    private final SacConfig config;
    private final TemperatureStep temperature;
    private final LearnerState state;
    private final StepStats stats = new StepStats();
    private long updates;

    /**
     * @param temperature the learner's temperature, one of {@code state}'s parts
     * @param state       the learner's checkpoint state over all its parts
     */
    AbstractLearner(SacConfig config, TemperatureStep temperature, LearnerState state) {
        this.config = config;
        this.temperature = temperature;
        this.state = state;
    }

    /**
     * Counts one more update and returns the new count, the number an update's {@link StepStats#record}
     * and its error messages carry. Call once per update, after its parameter changes.
     */
    final long countUpdate() {
        return ++updates;
    }

    @Override
    public final SacConfig config() {
        return config;
    }

    /** The temperature in force: {@code exp(log alpha)} if learned, else the fixed value. */
    @Override
    public final double alpha() {
        return temperature.alpha();
    }

    @Override
    public final StepStats lastStep() {
        return stats;
    }

    @Override
    public final long updates() {
        return updates;
    }

    @Override
    public final void setLearningRateFactor(double factor) {
        state.setLearningRateFactor(factor);
    }

    /**
     * Writes the whole state (see {@link LearnerState}; each learner's class comment lists its networks):
     * every network and target network, each trained network's Adam, log alpha and its Adam, the
     * learner's generator and the update count. Refuses, before writing anything, a state with a
     * non-finite parameter. Does not modify the learner.
     */
    @Override
    public final void saveState(StateWriter out) throws IOException {
        state.save(out, updates);
    }

    @Override
    public final void restoreState(StateReader in) throws CheckpointException {
        updates = state.restore(in);
    }
}

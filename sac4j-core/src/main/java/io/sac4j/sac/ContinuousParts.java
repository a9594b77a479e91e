package io.sac4j.sac;

import io.sac4j.buffer.Batch;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;

import java.util.List;

/**
 * The parts every continuous SAC learner is composed of (config -> networks -> learner): the policy
 * ({@link ActorStep}), the twin critics ({@link TwinCritics}) and the temperature ({@link TemperatureStep}),
 * built in one order so that one seed gives the same initial weights to every learner that uses them.
 */
record ContinuousParts(int obsDim, int actDim, ActorStep actor, TwinCritics critics, TemperatureStep temperature,
                       KernelThreads threads) {
    /**
     * Draws the actor's weights, then {@code Q_1}, {@code Q_2} and (when {@code criticTargets}) their
     * targets from {@code rng}; the actor's and the critics' work runs on {@code threads}.
     *
     * @throws IllegalArgumentException when a size is below 1
     */
    static ContinuousParts create(SacConfig config, int obsDim, int actDim, boolean criticTargets, Rng rng,
                                  KernelThreads threads) {
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("a continuous SAC learner needs obsDim, actDim >= 1, got " + obsDim
                    + ", " + actDim);
        }
        ActorStep actor = new ActorStep(obsDim, actDim, config, rng, threads);
        TwinCritics critics =
                new TwinCritics(obsDim, actDim, config.hiddenSizes(), config.criticLr(), criticTargets, rng, threads);
        TemperatureStep temperature =
                new TemperatureStep(config.temperature(), config.alphaLr(), config.targetEntropyFor(actDim));
        return new ContinuousParts(obsDim, actDim, actor, critics, temperature, threads);
    }

    /**
     * Returns {@code config}; refuses an adjusted one (its update is {@link AdjustedSacLearner}'s), before
     * the parts draw anything, for the learners of the published sequential update.
     *
     * @throws IllegalArgumentException when {@link SacConfig#adjusted()}
     */
    static SacConfig requireUnadjusted(SacConfig config) {
        if (config.adjusted()) {
            throw new IllegalArgumentException("the adjusted update is AdjustedSacLearner's (Learners.create picks it)");
        }
        return config;
    }

    /**
     * The checkpoint state of a learner made of these parts and {@code more} (written after the
     * critics, before the temperature).
     */
    LearnerState state(String kind, SacConfig config, Rng rng, StatefulPart... more) {
        List<StatefulPart> parts = new java.util.ArrayList<>(List.of(actor, critics));
        parts.addAll(List.of(more));
        parts.add(temperature);
        return new LearnerState(kind, LearnerState.dims(obsDim, actDim, config.hiddenSizes()), rng, parts);
    }

    /** Refuses a batch whose observation or action width is not this learner's. */
    void checkBatch(Batch batch) {
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch has obs " + batch.observations.cols + ", action "
                    + batch.actions.cols + " columns; the learner expects " + obsDim + ", " + actDim);
        }
    }
}

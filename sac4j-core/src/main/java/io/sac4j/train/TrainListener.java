package io.sac4j.train;

import java.nio.file.Path;

/**
 * Callbacks from {@link OffPolicyLoop}, on the training thread. All have empty defaults; an
 * exception thrown from one stops training.
 *
 * <p>Call order within environment step {@code t}: {@link #onEpisodeEnd} (when the step ended an
 * episode), then the step's gradient updates, {@link #onEvaluation} (every {@code evalEvery} steps),
 * {@link #onCheckpoint} (when a checkpoint was written: on the interval and at the last step), {@link #onStep},
 * {@link #shouldStop}; when that asks to stop, {@link #onCheckpoint} for the checkpoint of that step (unless
 * the step had one); after the last step, the final evaluation and {@link #onFinish}. A resumed run calls
 * them for the steps after its checkpoint only.
 */
public interface TrainListener {
    /** A training episode ended at {@code step} with {@code episodeReturn} after {@code length} steps. */
    default void onEpisodeEnd(long step, double episodeReturn, int length) {
    }

    /** An evaluation finished; the record is one row of the learning curve. */
    default void onEvaluation(EvalRecord record) {
    }

    /**
     * The checkpoint of {@code step} is complete on disk at {@code file} (renamed into place and
     * forced: it survives a crash from here on), and older ones beyond the number kept are deleted.
     */
    default void onCheckpoint(long step, Path file) {
    }

    /**
     * Environment step {@code step} (1-based, counted over the whole run) is done, with its updates,
     * evaluation and checkpoint. Called after every step, so an implementation must be cheap (a
     * progress display reads a clock here); the empty default costs one inlined call per step, next
     * to a gradient update of milliseconds.
     */
    default void onStep(long step) {
    }

    /**
     * Asked after every environment step (and its updates and evaluation; on N environments after
     * every vector step of N transitions): returning true ends
     * training there, with the final evaluation as usual (SB3's callbacks returning False).
     */
    default boolean shouldStop() {
        return false;
    }

    /** Training finished with the final evaluation. */
    default void onFinish(TrainResult result) {
    }
}

package io.sac4j.train;

/**
 * Callbacks from {@link OffPolicyLoop}, on the training thread. All have empty defaults; an
 * exception thrown from one stops training.
 */
public interface TrainListener {
    /** A training episode ended at {@code step} with {@code episodeReturn} after {@code length} steps. */
    default void onEpisodeEnd(long step, double episodeReturn, int length) {
    }

    /** An evaluation finished; the record is one row of the learning curve. */
    default void onEvaluation(EvalRecord record) {
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

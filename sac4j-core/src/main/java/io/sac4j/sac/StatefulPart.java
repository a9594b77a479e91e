package io.sac4j.sac;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.optim.Adam;

import java.io.IOException;
import java.util.List;

/**
 * A part of a learner that owns state a checkpoint carries (networks, their optimisers): a learner's
 * {@link Learner#saveState} is {@link LearnerState}'s loop over its parts. Call order: every part's
 * {@link #requireFinite} first, then every part's {@link #save}; {@link #restore} in the same part
 * order. Entries are named {@code learner.<network>} and {@code learner.<network>.adam}.
 */
interface StatefulPart {
    /** Throws a {@link NumericalInstabilityException} naming the first non-finite parameter. Modifies nothing. */
    void requireFinite();

    /** Puts this part's entries. Does not modify the part. */
    void save(StateWriter out) throws IOException;

    /** Restores what {@link #save} wrote. Modifies the part's networks and optimisers. */
    void restore(StateReader in) throws CheckpointException;

    /** The optimisers this part steps (a learning-rate schedule scales them all). */
    List<Adam> optimizers();
}

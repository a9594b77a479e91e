package io.sac4j.sac;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.optim.Adam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A part made of parts (the twin critics' four networks, a learner's actor, critics and temperature):
 * each {@link StatefulPart} call runs over {@link #parts()} in order.
 */
@FunctionalInterface
interface PartGroup extends StatefulPart {
    /** The parts, in the order their entries are written and read; the same list on every call. */
    List<? extends StatefulPart> parts();

    @Override
    default void requireFinite() {
        for (StatefulPart p : parts()) {
            p.requireFinite();
        }
    }

    @Override
    default void save(StateWriter out) throws IOException {
        for (StatefulPart p : parts()) {
            p.save(out);
        }
    }

    @Override
    default void restore(StateReader in) throws CheckpointException {
        for (StatefulPart p : parts()) {
            p.restore(in);
        }
    }

    @Override
    default List<Adam> optimizers() {
        List<Adam> all = new ArrayList<>();
        for (StatefulPart p : parts()) {
            all.addAll(p.optimizers());
        }
        return all;
    }
}

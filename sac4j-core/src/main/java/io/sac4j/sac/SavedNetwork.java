package io.sac4j.sac;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One network's checkpoint entries: {@code learner.<name>} (its parameters) and, when it is trained,
 * {@code learner.<name>.adam} (its optimiser). A target network has no optimiser.
 */
record SavedNetwork(String name, List<Parameter> params, Optional<Adam> optimizer) implements StatefulPart {
    static SavedNetwork trained(String name, List<Parameter> params, Adam optimizer) {
        return new SavedNetwork(name, params, Optional.of(optimizer));
    }

    static SavedNetwork target(String name, List<Parameter> params) {
        return new SavedNetwork(name, params, Optional.empty());
    }

    @Override
    public void requireFinite() {
        LearnerState.requireFinite(name, params);
    }

    @Override
    public void save(StateWriter out) throws IOException {
        LearnerState.putNetwork(out, name, params, optimizer.orElse(null));
    }

    @Override
    public void restore(StateReader in) throws CheckpointException {
        LearnerState.restoreNetwork(in, name, params, optimizer.orElse(null));
    }

    @Override
    public List<Adam> optimizers() {
        return optimizer.map(List::of).orElse(List.of());
    }
}

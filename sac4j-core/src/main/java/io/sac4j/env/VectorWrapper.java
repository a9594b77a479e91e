package io.sac4j.env;

import java.util.List;
import java.util.Optional;

/**
 * A vector of environments that wraps another and forwards everything it does not change: what
 * {@link Wrapper} is for one environment. Subclasses override what they alter (the action space and
 * step of {@link RescaleVectorAction}, a timer's step, an owner's close); wrappers compose by nesting.
 * The copies are restorable when the wrapped vector's are, and {@link #close} closes the wrapped vector.
 */
public abstract class VectorWrapper implements VectorEnv {
    protected final VectorEnv inner;

    protected VectorWrapper(VectorEnv inner) {
        if (inner == null) {
            throw new IllegalArgumentException("cannot wrap a null vector environment");
        }
        this.inner = inner;
    }

    /** The wrapped vector. */
    public VectorEnv inner() {
        return inner;
    }

    @Override
    public int numEnvs() {
        return inner.numEnvs();
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public Space singleObservationSpace() {
        return inner.singleObservationSpace();
    }

    @Override
    public Space singleActionSpace() {
        return inner.singleActionSpace();
    }

    @Override
    public float[][] reset(long seed) {
        return inner.reset(seed);
    }

    @Override
    public VectorStep step(float[][] actions) {
        return inner.step(actions);
    }

    @Override
    public Optional<List<RestorableEnv>> restorableCopies() {
        return inner.restorableCopies();
    }

    @Override
    public void close() {
        inner.close();
    }
}

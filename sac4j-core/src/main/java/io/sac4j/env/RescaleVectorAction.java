package io.sac4j.env;

/**
 * {@link RescaleAction} for a whole vector: the agent acts in {@code [-1, 1]^|A|} and copy i receives
 * {@code low + (a + 1) / 2 (high - low)}, computed in float exactly as {@link RescaleAction} does, so a
 * vector whose copies live elsewhere (an environment server) sees the actions in-JVM copies wrapped one
 * by one would see. Closing it closes the wrapped vector.
 */
public final class RescaleVectorAction implements VectorEnv {
    private final VectorEnv inner;
    private final Box box;
    private final Box outer;
    private final float[][] scratch;

    public RescaleVectorAction(VectorEnv inner) {
        if (!(inner.singleActionSpace() instanceof Box b) || !b.isBounded()) {
            throw new IllegalArgumentException(inner.id() + ": RescaleVectorAction needs a bounded Box action space,"
                    + " got " + inner.singleActionSpace());
        }
        this.inner = inner;
        this.box = b;
        this.outer = Box.uniform(b.dim(), -1f, 1f);
        this.scratch = new float[inner.numEnvs()][b.dim()];
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
    public Box singleActionSpace() {
        return outer;
    }

    @Override
    public float[][] reset(long seed) {
        return inner.reset(seed);
    }

    @Override
    public VectorStep step(float[][] actions) {
        if (actions.length != scratch.length) {
            throw new IllegalArgumentException(id() + ": " + actions.length + " actions for " + scratch.length
                    + " copies");
        }
        for (int e = 0; e < actions.length; e++) {
            Actions.check(id(), actions[e], box.dim());
            for (int i = 0; i < box.dim(); i++) {
                float lo = box.low(i);
                float hi = box.high(i);
                scratch[e][i] = lo + (actions[e][i] + 1f) * 0.5f * (hi - lo);
            }
        }
        return inner.step(scratch);
    }

    /** The wrapped vector, which receives the rescaled actions. */
    public VectorEnv inner() {
        return inner;
    }

    @Override
    public void close() {
        inner.close();
    }
}

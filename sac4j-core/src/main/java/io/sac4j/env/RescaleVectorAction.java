package io.sac4j.env;


/**
 * {@link RescaleAction} for a whole {@link VectorEnv}: presents each copy's bounded {@link Box} action
 * space as {@code [-1, 1]^n} and maps every copy's action onto the copies' bounds,
 * {@code a_env = low + (a + 1) / 2 (high - low)}, in the same float arithmetic as
 * {@link RescaleAction} (so a vector of wrapped copies and a wrapped vector step alike, bit for
 * bit). For a vector whose copies live elsewhere (a remote one), where wrapping each copy is not
 * possible. Holds no state: its copies are restorable when the wrapped vector's are.
 * {@link #close} closes the wrapped vector.
 */
public final class RescaleVectorAction extends VectorWrapper {
    private final Box innerSpace;
    private final Box outer;
    /** One row per copy: the mapped actions handed to the wrapped vector (its copies may step on other threads). */
    private final float[][] scratch;

    public RescaleVectorAction(VectorEnv inner) {
        super(inner);
        if (!(inner.singleActionSpace() instanceof Box box) || !box.isBounded()) {
            throw new IllegalArgumentException(inner.id() + ": RescaleVectorAction needs a bounded Box action space, got "
                    + inner.singleActionSpace());
        }
        this.innerSpace = box;
        this.outer = Box.uniform(box.dim(), -1f, 1f);
        this.scratch = new float[inner.numEnvs()][box.dim()];
    }

    @Override
    public Box singleActionSpace() {
        return outer;
    }

    /** @throws IllegalArgumentException when the number of actions, an action's length or a value is wrong */
    @Override
    public VectorStep step(float[][] actions) {
        return inner.step(map(actions));
    }

    /** The wrapped vector's started step, on the mapped actions (its scratch rows stay untouched until the next step). */
    @Override
    public PendingStep startStep(float[][] actions) {
        return inner.startStep(map(actions));
    }

    private float[][] map(float[][] actions) {
        if (actions == null || actions.length != scratch.length) {
            throw new IllegalArgumentException(id() + ": VectorEnv.step needs " + scratch.length + " actions, got "
                    + (actions == null ? "null" : String.valueOf(actions.length)));
        }
        for (int c = 0; c < actions.length; c++) {
            Actions.check(id(), actions[c], innerSpace.dim());
            float[] out = scratch[c];
            for (int i = 0; i < out.length; i++) {
                float lo = innerSpace.low(i);
                float hi = innerSpace.high(i);
                out[i] = lo + (actions[c][i] + 1f) * 0.5f * (hi - lo);
            }
        }
        return scratch;
    }
}

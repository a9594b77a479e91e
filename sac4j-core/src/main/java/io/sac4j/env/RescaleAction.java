package io.sac4j.env;

/**
 * Presents a {@link Box} action space as {@code [-1, 1]^n} (where a tanh-squashed policy acts) and
 * maps each action affinely onto the wrapped environment's bounds:
 * {@code a_env = low + (a + 1) / 2 (high - low)}.
 */
public final class RescaleAction extends StatelessWrapper {
    private final Box inner;
    private final Box outer;
    private final float[] scratch;

    public RescaleAction(Env env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box) || !box.isBounded()) {
            throw new IllegalArgumentException(
                    env.id() + ": RescaleAction needs a bounded Box action space, got " + env.actionSpace());
        }
        this.inner = box;
        this.outer = Box.uniform(box.dim(), -1f, 1f);
        this.scratch = new float[box.dim()];
    }

    @Override
    public Box actionSpace() {
        return outer;
    }

    @Override
    public Step step(float[] action) {
        Actions.check(id(), action, inner.dim());
        for (int i = 0; i < scratch.length; i++) {
            float lo = inner.low(i);
            float hi = inner.high(i);
            scratch[i] = lo + (action[i] + 1f) * 0.5f * (hi - lo);
        }
        return env.step(scratch);
    }
}

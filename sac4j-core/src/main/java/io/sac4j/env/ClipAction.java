package io.sac4j.env;

/**
 * Clips each action component into the wrapped environment's {@link Box} bounds before stepping it
 * (Gymnasium's {@code ClipAction}), so a policy may emit any finite value. Non-finite actions are
 * still refused.
 */
public final class ClipAction extends StatelessWrapper {
    private final Box box;
    private final float[] clipped;

    public ClipAction(Env env) {
        super(env);
        if (!(env.actionSpace() instanceof Box b)) {
            throw new IllegalArgumentException(env.id() + ": ClipAction needs a Box action space, got "
                    + env.actionSpace());
        }
        this.box = b;
        this.clipped = new float[b.dim()];
    }

    @Override
    public Step step(float[] action) {
        Actions.check(id(), action, box.dim());
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.min(Math.max(action[i], box.low(i)), box.high(i));
        }
        return env.step(clipped);
    }
}

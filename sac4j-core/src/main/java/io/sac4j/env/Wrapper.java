package io.sac4j.env;

/**
 * An environment that wraps another and forwards everything it does not change (Gymnasium's
 * {@code Wrapper}). Subclasses override what they alter; wrappers compose by nesting, never by
 * subclassing one another (the one level between, {@code StatelessWrapper}, only forwards the
 * snapshot of wrappers that hold no state).
 */
public abstract class Wrapper implements Env {
    protected final Env env;

    protected Wrapper(Env env) {
        if (env == null) {
            throw new IllegalArgumentException("cannot wrap a null environment");
        }
        this.env = env;
    }

    /** The environment at the bottom of a stack of wrappers (Gymnasium's {@code unwrapped}). */
    public static Env unwrapped(Env env) {
        Env e = env;
        while (e instanceof Wrapper w) {
            e = w.inner();
        }
        return e;
    }

    /** The wrapped environment. */
    public Env inner() {
        return env;
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public float[] reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public float[] reset() {
        return env.reset();
    }

    @Override
    public Step step(float[] action) {
        return env.step(action);
    }

    /**
     * Whether the wrapped environment can be saved and restored ({@link RestorableEnv#canRestore}): a
     * stateless wrapper that implements {@link RestorableEnv} answers its {@link RestorableEnv#restorable} with it.
     */
    protected final boolean innerRestorable() {
        return RestorableEnv.canRestore(env);
    }

    /** Puts the wrapped environment's state into {@code out} (only when {@link #innerRestorable}). Modifies out. */
    protected final void saveInner(EnvSnapshot out) {
        ((RestorableEnv) env).saveState(out);
    }

    /** Restores the wrapped environment from {@code in}; returns its observation. Modifies the wrapped environment. */
    protected final float[] restoreInner(EnvSnapshot in) {
        if (!innerRestorable()) {
            throw new IllegalArgumentException(env.id() + ": " + env.getClass().getSimpleName()
                    + " cannot be restored");
        }
        return ((RestorableEnv) env).restoreState(in);
    }

    /** Closes the wrapped environment. */
    @Override
    public void close() {
        env.close();
    }
}

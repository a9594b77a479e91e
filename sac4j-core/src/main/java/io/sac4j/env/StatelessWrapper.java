package io.sac4j.env;

/**
 * A wrapper that holds no state of its own ({@link ClipAction}, {@link RescaleAction}: each only maps
 * the action): it is restorable exactly when what it wraps is, and its snapshot is the wrapped
 * environment's. One level below {@link Wrapper}, for that forwarding alone; such wrappers still
 * compose by nesting.
 */
abstract class StatelessWrapper extends Wrapper implements RestorableEnv {
    StatelessWrapper(Env env) {
        super(env);
    }

    /** Restorable when the wrapped environment is: this wrapper holds no state of its own. */
    @Override
    public final boolean restorable() {
        return innerRestorable();
    }

    @Override
    public final void saveState(EnvSnapshot out) {
        saveInner(out);
    }

    @Override
    public final float[] restoreState(EnvSnapshot in) {
        return restoreInner(in);
    }
}

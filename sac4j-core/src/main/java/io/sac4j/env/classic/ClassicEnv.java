package io.sac4j.env.classic;

import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Space;
import io.sac4j.random.Rng;

/**
 * What the classic-control environments share: a state vector in Gymnasium's order, the seeded
 * generator that draws it at reset, and the checks around it. Subclasses give the reset
 * distribution, the observation and the step.
 */
abstract class ClassicEnv<A extends Space> implements ClassicControl {
    /** The internal state, in Gymnasium's order. */
    protected final double[] s;
    private final String id;
    private final Box observationSpace;
    private final A actionSpace;
    private Rng rng = new Rng(0);
    private boolean started;

    ClassicEnv(String id, Box observationSpace, A actionSpace, int stateSize) {
        this.id = id;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.s = new double[stateSize];
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Box observationSpace() {
        return observationSpace;
    }

    @Override
    public final A actionSpace() {
        return actionSpace;
    }

    /** Draws a start state into {@code start} (the state array). */
    protected abstract void drawStart(Rng rng, double[] start);

    /** The observation of the current state (a fresh array). */
    protected abstract float[] observation();

    @Override
    public final float[] reset(long seed) {
        rng = new Rng(seed);
        return reset();
    }

    @Override
    public final float[] reset() {
        drawStart(rng, s);
        started = true;
        return observation();
    }

    @Override
    public final Rng.State generatorState() {
        return rng.state();
    }

    @Override
    public final void restoreGenerator(Rng.State state) {
        rng.restoreState(state);
    }

    @Override
    public final double[] state() {
        return s.clone();
    }

    @Override
    public final float[] setState(double[] state) {
        ClassicControl.requireLength(id(), state, s.length);
        System.arraycopy(state, 0, s, 0, s.length);
        started = true;
        return observation();
    }

    /** Throws unless an episode has started. */
    /**
     * The one component of a continuous action (a force, a torque) clipped to {@code [-limit, limit]},
     * as Gymnasium's classic-control environments clip it; first the checks every step begins with
     * (a finite action of length 1, a reset before).
     */
    protected final double clippedScalarAction(float[] action, double limit) {
        Actions.check(id, action, 1);
        requireStarted();
        return Math.min(Math.max(action[0], -limit), limit);
    }

    protected final void requireStarted() {
        if (!started) {
            throw new IllegalStateException(id() + ": step() called before reset()");
        }
    }
}

package io.sac4j.env.classic;

import io.sac4j.env.Box;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;

/**
 * Gymnasium's {@code MountainCarContinuous-v0}: a car in a valley must build momentum to reach the
 * flag on the right hill.
 *
 * <p>State {@code (x, v)}. With power 0.0015 and force {@code f = clip(a, -1, 1)}:
 * <pre>
 *   v' = clip(v + f * 0.0015 - 0.0025 cos(3 x), -0.07, 0.07)
 *   x' = clip(x + v', -1.2, 0.6);   v' = 0 if x' == -1.2 and v' < 0   (the left wall)
 *   terminated = x' >= 0.45 and v' >= 0
 *   reward = (terminated ? 100 : 0) - 0.1 a^2                         (a unclipped)
 * </pre>
 * The new state is stored as float32, as Gymnasium stores it; each step computes in double from it.
 * Reset: {@code x ~ U(-0.6, -0.4)}, {@code v = 0} (not rounded until the first step, as in
 * Gymnasium). The registry applies a 999-step limit.
 */
public final class MountainCarContinuous extends ClassicEnv<Box> {
    public static final String ID = "MountainCarContinuous-v0";
    public static final double MIN_POSITION = -1.2;
    public static final double MAX_POSITION = 0.6;
    public static final double MAX_SPEED = 0.07;
    public static final double GOAL_POSITION = 0.45;
    public static final double GOAL_VELOCITY = 0.0;
    public static final double POWER = 0.0015;
    private static final Box OBSERVATION_SPACE = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private static final Box ACTION_SPACE = Box.uniform(1, -1f, 1f);


    /** State {@code [position, velocity]}. */
    public MountainCarContinuous() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, 2);
    }

    @Override
    protected void drawStart(Rng rng, double[] start) {
        start[0] = rng.uniform(-0.6, -0.4);
        start[1] = 0.0;
    }

    @Override
    public Step step(float[] action) {
        double force = clippedScalarAction(action, 1.0);
        double x = s[0];
        double v = s[1];
        double nv = v + force * POWER - 0.0025 * StrictMath.cos(3 * x);
        nv = Math.min(Math.max(nv, -MAX_SPEED), MAX_SPEED);
        double nx = x + nv;
        nx = Math.min(Math.max(nx, MIN_POSITION), MAX_POSITION);
        if (nx == MIN_POSITION && nv < 0) {
            nv = 0;
        }
        boolean terminated = nx >= GOAL_POSITION && nv >= GOAL_VELOCITY;
        double reward = (terminated ? 100.0 : 0.0) - 0.1 * ((double) action[0] * action[0]);
        s[0] = (float) nx;
        s[1] = (float) nv;
        return new Step(observation(), reward, terminated, false);
    }

    @Override
    protected float[] observation() {
        return new float[] {(float) s[0], (float) s[1]};
    }
}

package io.sac4j.env.classic;

import io.sac4j.env.Box;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.random.Rng;

/**
 * The inverted pendulum swing-up, exactly as Gymnasium's {@code Pendulum-v1} defines it.
 *
 * <p>State {@code (th, thdot)}, {@code th = 0} upright. With {@code g = 10, m = l = 1, dt = 0.05},
 * torque {@code u = clip(action, -2, 2)}:
 * <pre>
 *   cost    = angle_normalize(th)^2 + 0.1 thdot^2 + 0.001 u^2        (on the pre-step state)
 *   thdot'  = clip(thdot + (3 g / (2 l) sin th + 3 / (m l^2) u) dt, -8, 8)
 *   th'     = th + thdot' dt
 *   reward  = -cost,  observation = [cos th', sin th', thdot'] (float32)
 * </pre>
 * where {@code angle_normalize(x) = ((x + pi) mod 2 pi) - pi}. Reset draws {@code th ~ U(-pi, pi)},
 * {@code thdot ~ U(-1, 1)}. It never terminates; the registry wraps it in a 200-step
 * {@link TimeLimit}.
 */
public final class Pendulum extends ClassicEnv<Box> {
    public static final String ID = "Pendulum-v1";
    public static final double MAX_SPEED = 8.0;
    public static final double MAX_TORQUE = 2.0;
    public static final double DT = 0.05;
    public static final double G = 10.0;
    public static final double M = 1.0;
    public static final double L = 1.0;

    private static final Box OBSERVATION_SPACE =
            new Box(new float[] {-1f, -1f, (float) -MAX_SPEED}, new float[] {1f, 1f, (float) MAX_SPEED});
    private static final Box ACTION_SPACE = Box.uniform(1, (float) -MAX_TORQUE, (float) MAX_TORQUE);


    /** State {@code [theta, thetaDot]}. */
    public Pendulum() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, 2);
    }

    @Override
    protected void drawStart(Rng rng, double[] start) {
        start[0] = rng.uniform(-Math.PI, Math.PI);
        start[1] = rng.uniform(-1.0, 1.0);
    }

    /** Sets the state directly (for tests and for starting from a chosen configuration). */
    public float[] setState(double theta, double thetaDot) {
        return setState(new double[] {theta, thetaDot});
    }

    public double theta() {
        return s[0];
    }

    public double thetaDot() {
        return s[1];
    }

    @Override
    public Step step(float[] action) {
        double u = clippedScalarAction(action, MAX_TORQUE);
        double th = s[0];
        double thdot = s[1];
        double an = angleNormalize(th);
        double cost = an * an + 0.1 * thdot * thdot + 0.001 * u * u;
        double newThdot = thdot + (3.0 * G / (2.0 * L) * StrictMath.sin(th) + 3.0 / (M * L * L) * u) * DT;
        newThdot = Math.min(Math.max(newThdot, -MAX_SPEED), MAX_SPEED);
        s[0] = th + newThdot * DT;
        s[1] = newThdot;
        return new Step(observation(), -cost, false, false);
    }

    /** {@code ((x + pi) mod 2 pi) - pi} with a non-negative modulo, as Python's {@code %}. */
    public static double angleNormalize(double x) {
        double twoPi = 2.0 * Math.PI;
        double r = (x + Math.PI) % twoPi;
        if (r < 0) {
            r += twoPi;
        }
        return r - Math.PI;
    }

    @Override
    protected float[] observation() {
        return new float[] {(float) StrictMath.cos(s[0]), (float) StrictMath.sin(s[0]), (float) s[1]};
    }
}

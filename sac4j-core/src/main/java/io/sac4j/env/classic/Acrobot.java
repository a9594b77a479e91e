package io.sac4j.env.classic;

import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;

/**
 * Gymnasium's {@code Acrobot-v1} (Sutton 1996): a two-link chain hanging from a fixed joint, torque
 * -1, 0 or +1 (actions 0, 1, 2) on the middle joint only; swing the tip above the bar.
 *
 * <p>State {@code (theta1, theta2, dtheta1, dtheta2)}. Unit link lengths and masses, centres of mass
 * at 0.5, moments of inertia 1, g = 9.8. One step integrates the "book" dynamics (Sutton and Barto)
 * with one classical Runge-Kutta step of dt = 0.2, then wraps both angles into [-pi, pi] and clips
 * the velocities to 4 pi and 9 pi:
 * <pre>
 *   d1 = m1 lc1^2 + m2 (l1^2 + lc2^2 + 2 l1 lc2 cos t2) + I1 + I2
 *   d2 = m2 (lc2^2 + l1 lc2 cos t2) + I2
 *   phi2 = m2 lc2 g cos(t1 + t2 - pi/2)
 *   phi1 = -m2 l1 lc2 dt2^2 sin t2 - 2 m2 l1 lc2 dt2 dt1 sin t2 + (m1 lc1 + m2 l1) g cos(t1 - pi/2) + phi2
 *   ddt2 = (a + d2/d1 phi1 - m2 l1 lc2 dt1^2 sin t2 - phi2) / (m2 lc2^2 + I2 - d2^2/d1)
 *   ddt1 = -(d2 ddt2 + phi1) / d1
 *   terminated = -cos t1 - cos(t2 + t1) > 1;   reward = terminated ? 0 : -1
 * </pre>
 * Observation {@code [cos t1, sin t1, cos t2, sin t2, dt1, dt2]} (float32). Reset: every state
 * component ~ U(-0.1, 0.1), rounded to float32 as Gymnasium does. The registry applies a 500-step
 * limit.
 */
public final class Acrobot extends ClassicEnv<Discrete> {
    public static final String ID = "Acrobot-v1";
    public static final double DT = 0.2;
    public static final double LINK_LENGTH_1 = 1.0;
    public static final double LINK_MASS_1 = 1.0;
    public static final double LINK_MASS_2 = 1.0;
    public static final double LINK_COM_POS_1 = 0.5;
    public static final double LINK_COM_POS_2 = 0.5;
    public static final double LINK_MOI = 1.0;
    public static final double MAX_VEL_1 = 4 * Math.PI;
    public static final double MAX_VEL_2 = 9 * Math.PI;
    public static final double G = 9.8;
    private static final double[] TORQUES = {-1.0, 0.0, 1.0};
    private static final Box OBSERVATION_SPACE = new Box(
            new float[] {-1f, -1f, -1f, -1f, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new float[] {1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2});
    private static final Discrete ACTION_SPACE = new Discrete(3);


    /** State {@code [theta1, theta2, dtheta1, dtheta2]}. */
    public Acrobot() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, 4);
    }

    @Override
    protected void drawStart(Rng rng, double[] start) {
        for (int i = 0; i < 4; i++) {
            start[i] = (float) rng.uniform(-0.1, 0.1);
        }
    }

    @Override
    public Step step(float[] action) {
        int a = Actions.discrete(ID, action, 3);
        requireStarted();
        double torque = TORQUES[a];
        // One Runge-Kutta step over [0, dt] (Gymnasium's rk4 with t = [0, dt]).
        double[] k1 = derivatives(s, torque);
        double[] k2 = derivatives(add(s, DT / 2, k1), torque);
        double[] k3 = derivatives(add(s, DT / 2, k2), torque);
        double[] k4 = derivatives(add(s, DT, k3), torque);
        double[] ns = new double[4];
        for (int i = 0; i < 4; i++) {
            ns[i] = s[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        s[0] = wrap(ns[0], -Math.PI, Math.PI);
        s[1] = wrap(ns[1], -Math.PI, Math.PI);
        s[2] = Math.min(Math.max(ns[2], -MAX_VEL_1), MAX_VEL_1);
        s[3] = Math.min(Math.max(ns[3], -MAX_VEL_2), MAX_VEL_2);
        boolean terminated = -StrictMath.cos(s[0]) - StrictMath.cos(s[1] + s[0]) > 1.0;
        return new Step(observation(), terminated ? 0.0 : -1.0, terminated, false);
    }

    private static double[] add(double[] y, double h, double[] k) {
        return new double[] {y[0] + h * k[0], y[1] + h * k[1], y[2] + h * k[2], y[3] + h * k[3]};
    }

    /** {@code d/dt (t1, t2, dt1, dt2)} under torque {@code a}, the book's form of the dynamics. */
    static double[] derivatives(double[] y, double a) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double theta1 = y[0];
        double theta2 = y[1];
        double dtheta1 = y[2];
        double dtheta2 = y[3];
        double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * StrictMath.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * StrictMath.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * G * StrictMath.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * dtheta2 * dtheta2 * StrictMath.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * StrictMath.sin(theta2)
                + (m1 * lc1 + m2 * l1) * G * StrictMath.cos(theta1 - Math.PI / 2) + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1 * dtheta1 * StrictMath.sin(theta2) - phi2)
                / (m2 * lc2 * lc2 + i2 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2};
    }

    /** Gymnasium's {@code wrap}: adds or subtracts the range until {@code lo <= x <= hi}. */
    static double wrap(double x, double lo, double hi) {
        double diff = hi - lo;
        while (x > hi) {
            x -= diff;
        }
        while (x < lo) {
            x += diff;
        }
        return x;
    }

    @Override
    protected float[] observation() {
        return new float[] {(float) StrictMath.cos(s[0]), (float) StrictMath.sin(s[0]), (float) StrictMath.cos(s[1]),
                (float) StrictMath.sin(s[1]), (float) s[2], (float) s[3]};
    }
}

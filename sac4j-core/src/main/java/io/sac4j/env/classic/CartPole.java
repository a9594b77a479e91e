package io.sac4j.env.classic;

import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;

/**
 * Gymnasium's {@code CartPole-v1} (Barto, Sutton and Anderson 1983): push a cart left (action 0) or
 * right (1) to keep the pole on it upright.
 *
 * <p>State {@code (x, x_dot, theta, theta_dot)} in double, as Gymnasium keeps it. With g = 9.8,
 * cart 1.0, pole 0.1, half-length 0.5, force +-10, tau = 0.02, explicit Euler:
 * <pre>
 *   temp       = (F + m_p l theta_dot^2 sin theta) / (m_c + m_p)
 *   theta_acc  = (g sin theta - cos theta temp) / (l (4/3 - m_p cos^2 theta / (m_c + m_p)))
 *   x_acc      = temp - m_p l theta_acc cos theta / (m_c + m_p)
 *   x += tau x_dot;  x_dot += tau x_acc;  theta += tau theta_dot;  theta_dot += tau theta_acc
 *   terminated = |x| > 2.4 or |theta| > 12 degrees;   reward = 1 every step, the last one too
 * </pre>
 * Reset: every state component ~ U(-0.05, 0.05). The registry applies a 500-step limit.
 */
public final class CartPole extends ClassicEnv<Discrete> {
    public static final String ID = "CartPole-v1";
    public static final double GRAVITY = 9.8;
    public static final double MASS_CART = 1.0;
    public static final double MASS_POLE = 0.1;
    public static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    public static final double LENGTH = 0.5;
    public static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    public static final double FORCE_MAG = 10.0;
    public static final double TAU = 0.02;
    public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    public static final double X_THRESHOLD = 2.4;
    private static final Box OBSERVATION_SPACE = new Box(
            new float[] {(float) (-X_THRESHOLD * 2), -Float.MAX_VALUE, (float) (-THETA_THRESHOLD * 2), -Float.MAX_VALUE},
            new float[] {(float) (X_THRESHOLD * 2), Float.MAX_VALUE, (float) (THETA_THRESHOLD * 2), Float.MAX_VALUE});
    private static final Discrete ACTION_SPACE = new Discrete(2);


    /** State {@code [x, x_dot, theta, theta_dot]}. */
    public CartPole() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, 4);
    }

    @Override
    protected void drawStart(Rng rng, double[] start) {
        for (int i = 0; i < 4; i++) {
            start[i] = rng.uniform(-0.05, 0.05);
        }
    }

    @Override
    public Step step(float[] action) {
        int a = Actions.discrete(ID, action, 2);
        requireStarted();
        double x = s[0];
        double xDot = s[1];
        double theta = s[2];
        double thetaDot = s[3];
        double force = a == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = StrictMath.cos(theta);
        double sin = StrictMath.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[0] = x + TAU * xDot;
        s[1] = xDot + TAU * xAcc;
        s[2] = theta + TAU * thetaDot;
        s[3] = thetaDot + TAU * thetaAcc;
        boolean terminated = s[0] < -X_THRESHOLD || s[0] > X_THRESHOLD || s[2] < -THETA_THRESHOLD
                || s[2] > THETA_THRESHOLD;
        return new Step(observation(), 1.0, terminated, false);
    }

    @Override
    protected float[] observation() {
        return new float[] {(float) s[0], (float) s[1], (float) s[2], (float) s[3]};
    }
}

package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SAC's losses on a 2-sample batch against values worked out by hand. */
class SacLossesTest {
    @Test
    void softTdTarget() {
        // y = r + gamma (1 - d) (minQ' - alpha log pi'):
        // y0 = 1 + 0.9 * (5 - 0.2 * -0.5) = 5.59; y1 = -2 (terminal, no bootstrap)
        Matrix y = new Matrix(2, 1);
        SacLosses.softTdTarget(Matrix.of(2, 1, 1, -2), Matrix.of(2, 1, 0, 1), Matrix.of(2, 1, 5, 3),
                Matrix.of(2, 1, -0.5f, 0.2f), 0.2, 0.9, y);
        assertArrayEquals(new float[] {5.59f, -2f}, y.data, 1e-6f);
    }

    @Test
    void criticLossAndItsGradient() {
        // 0.5 * (mean((5 - 5.59)^2, (-1 + 2)^2) + mean((6 - 5.59)^2, (-3 + 2)^2))
        // = 0.5 * ((0.3481 + 1) / 2 + (0.1681 + 1) / 2) = 0.62905
        Tape t = new Tape();
        Matrix q1 = Matrix.of(2, 1, 5, -1), g1 = new Matrix(2, 1);
        Matrix q2 = Matrix.of(2, 1, 6, -3), g2 = new Matrix(2, 1);
        Var loss = SacLosses.criticLoss(t, t.param(q1, g1), t.param(q2, g2), t.constant(Matrix.of(2, 1, 5.59f, -2f)));
        assertEquals(0.62905, loss.item(), 1e-6);
        t.backward(loss);
        // dL/dq1_i = (q1_i - y_i) / 2
        assertArrayEquals(new float[] {-0.295f, 0.5f}, g1.data, 1e-6f);
        assertArrayEquals(new float[] {0.205f, -0.5f}, g2.data, 1e-6f);
    }

    @Test
    void actorLossAndItsGradient() {
        // mean(0.1 * -1 - 2, 0.1 * 0.5 - 3) = mean(-2.1, -2.95) = -2.525
        Tape t = new Tape();
        Matrix logPi = Matrix.of(2, 1, -1, 0.5f), gLogPi = new Matrix(2, 1);
        Matrix minQ = Matrix.of(2, 1, 2, 3), gQ = new Matrix(2, 1);
        Var loss = SacLosses.actorLoss(t, t.param(logPi, gLogPi), t.param(minQ, gQ), 0.1f);
        assertEquals(-2.525, loss.item(), 1e-6);
        t.backward(loss);
        assertArrayEquals(new float[] {0.05f, 0.05f}, gLogPi.data, 1e-7f);
        assertArrayEquals(new float[] {-0.5f, -0.5f}, gQ.data, 1e-7f);
    }

    @Test
    void temperatureLossAndItsGradient() {
        // log alpha = log 0.5, log pi = (-1, 0.5), target entropy -1:
        // -mean(log alpha (log pi + Hbar)) = -log(0.5) * mean(-2, -0.5) = 0.693147 * -1.25 = -0.866434
        Tape t = new Tape();
        Matrix logAlpha = Matrix.of(1, 1, (float) Math.log(0.5)), g = new Matrix(1, 1);
        Var loss = SacLosses.temperatureLoss(t, t.param(logAlpha, g), t.constant(Matrix.of(2, 1, -1, 0.5f)), -1f);
        assertEquals(-0.8664340, loss.item(), 1e-6);
        t.backward(loss);
        // d/d log alpha = -mean(log pi + Hbar) = 1.25: entropy (0.25) above target (-1) -> lower alpha
        assertEquals(1.25f, g.data[0], 1e-6f);
    }
}

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
        SacLosses.softTdTarget(Matrix.of(2, 1, 1, -2), Matrix.of(2, 1, 0, 1), new int[] {1, 1}, Matrix.of(2, 1, 5, 3),
                Matrix.of(2, 1, -0.5f, 0.2f), 0.2, 0.9, y);
        assertArrayEquals(new float[] {5.59f, -2f}, y.data, 1e-6f);
    }

    @Test
    void nStepSoftTdTargetDiscountsTheBootstrapByGammaToTheK() {
        // Row 0 spans k = 3 steps, its r the window's 3-reward sum 2.71: y0 = 2.71 + 0.9^3 (5 - 0.2 * -0.5)
        //   = 2.71 + 0.729 * 5.1 = 6.4279. Row 1 spans k = 2 and is terminal: y1 = r = -2.
        // Row 2 spans k = 2, not terminal: y2 = 1 + 0.81 * (3 - 0.2 * 1) = 1 + 0.81 * 2.8 = 3.268.
        Matrix y = new Matrix(3, 1);
        SacLosses.softTdTarget(Matrix.of(3, 1, 2.71f, -2, 1), Matrix.of(3, 1, 0, 1, 0), new int[] {3, 2, 2},
                Matrix.of(3, 1, 5, 3, 3), Matrix.of(3, 1, -0.5f, 0.2f, 1), 0.2, 0.9, y);
        assertArrayEquals(new float[] {6.4279f, -2f, 3.268f}, y.data, 1e-6f);
        // v1: y = r + gamma^k (1 - d) Vbar(s'): 1 + 0.729 * 5 = 4.645 for k = 3.
        Matrix v = new Matrix(1, 1);
        SacLosses.valueTdTarget(Matrix.of(1, 1, 1), Matrix.of(1, 1, 0), new int[] {3}, Matrix.of(1, 1, 5), 0.9, v);
        assertEquals(4.645f, v.data[0], 1e-6f);
        // Discrete, k = 2: the same expectation V(s'_0) = 3.556234 as below, y0 = 1 + 0.81 * 3.556234 = 3.880550.
        Matrix yd = new Matrix(1, 1);
        SacLosses.discreteSoftTdTarget(Matrix.of(1, 1, 1), Matrix.of(1, 1, 0), new int[] {2}, Matrix.of(1, 2, 2, 4),
                Matrix.of(1, 2, LN_QUARTER, LN_THREE_QUARTERS), 0.1, 0.9, yd);
        assertEquals(3.880550f, yd.data[0], 2e-6f);
        assertEquals(0.9, SacLosses.discount(0.9, 1), "one step: gamma itself, bit for bit");
        assertEquals(0.729, SacLosses.discount(0.9, 3), 1e-15);
    }

    @Test
    void weightedCriticLossAndItsGradient() {
        // The pair of criticLossAndItsGradient weighted by (0.5, 1):
        // 0.5 * ((0.5 * 0.3481 + 1) / 2 + (0.5 * 0.1681 + 1) / 2) = 0.5 * (0.587025 + 0.542025) = 0.564525,
        // and dL/dq_ji = w_i (q_ji - y_i) / 2 = (0.5 * -0.59 / 2, 1 / 2) for Q_1, (0.5 * 0.41 / 2, -1 / 2) for Q_2.
        Tape t = new Tape();
        Matrix[] q = {Matrix.of(2, 1, 5, -1), Matrix.of(2, 1, 6, -3)};
        Matrix[] g = {new Matrix(2, 1), new Matrix(2, 1)};
        Var w = t.constant(Matrix.of(2, 1, 0.5f, 1f));
        Var loss = SacLosses.weightedCriticLoss(t, t.param(q[0], g[0]), t.param(q[1], g[1]),
                t.constant(Matrix.of(2, 1, 5.59f, -2f)), w);
        t.backward(loss);
        assertEquals(0.564525, loss.item(), 1e-6);
        assertArrayEquals(new float[] {-0.1475f, 0.5f, 0.1025f, -0.5f},
                new float[] {g[0].data[0], g[0].data[1], g[1].data[0], g[1].data[1]}, 1e-6f);
    }

    @Test
    void unitWeightsGiveTheUnweightedLossBitForBit() {
        Matrix q1 = Matrix.of(3, 1, 5.3f, -1.7f, 0.01f);
        Matrix q2 = Matrix.of(3, 1, 6.1f, -3.3f, 2.5f);
        Matrix y = Matrix.of(3, 1, 5.59f, -2f, 1.1f);
        Tape a = new Tape();
        Matrix ga = new Matrix(3, 1);
        Var plain = SacLosses.criticLoss(a, a.param(q1, ga), a.constant(q2), a.constant(y));
        a.backward(plain);
        Tape b = new Tape();
        Matrix gb = new Matrix(3, 1);
        Var weighted = SacLosses.weightedCriticLoss(b, b.param(q1, gb), b.constant(q2), b.constant(y),
                b.constant(Matrix.of(3, 1, 1, 1, 1)));
        b.backward(weighted);
        assertEquals(Float.floatToRawIntBits((float) plain.item()), Float.floatToRawIntBits((float) weighted.item()));
        assertArrayEquals(ga.data, gb.data);
    }

    @Test
    void priorityIsTheMeanOfTheTwinAbsoluteTdErrors() {
        // |5 - 5.59| = 0.59, |6 - 5.59| = 0.41 -> 0.5; |-1 + 2| = 1, |-3 + 2| = 1 -> 1; |0 - 1| = 1, |4 - 1| = 3 -> 2
        float[] out = new float[3];
        SacLosses.meanAbsTdError(Matrix.of(3, 1, 5, -1, 0), Matrix.of(3, 1, 6, -3, 4), Matrix.of(3, 1, 5.59f, -2, 1),
                out);
        assertArrayEquals(new float[] {0.5f, 1f, 2f}, out, 1e-6f);
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

    private static final float LN_QUARTER = (float) Math.log(0.25);
    private static final float LN_THREE_QUARTERS = (float) Math.log(0.75);
    private static final float LN_HALF = (float) Math.log(0.5);

    @Test
    void discreteSoftTdTargetIsTheExactExpectation() {
        // pi(.|s'_0) = (0.25, 0.75), min Qbar(s'_0, .) = (2, 4), alpha 0.1, gamma 0.9, r 1, not terminal:
        // V(s'_0) = 0.25 (2 - 0.1 ln 0.25) + 0.75 (4 - 0.1 ln 0.75) = 0.25 * 2.138629 + 0.75 * 4.028768
        //         = 0.534657 + 3.021576 = 3.556234;  y0 = 1 + 0.9 * 3.556234 = 4.200610.
        // Row 1 is terminal: y1 = r = -2 whatever V(s'_1).
        Matrix y = new Matrix(2, 1);
        SacLosses.discreteSoftTdTarget(Matrix.of(2, 1, 1, -2), Matrix.of(2, 1, 0, 1), new int[] {1, 1},
                Matrix.of(2, 2, 2, 4, 1, -1),
                Matrix.of(2, 2, LN_QUARTER, LN_THREE_QUARTERS, LN_HALF, LN_HALF), 0.1, 0.9, y);
        assertArrayEquals(new float[] {4.200610f, -2f}, y.data, 2e-6f);
    }

    @Test
    void discreteActorLossAndItsGradient() {
        // Row 0: 0.25 (0.1 ln 0.25 - 2) + 0.75 (0.1 ln 0.75 - 4) = -3.556234 (minus V above).
        // Row 1: 0.5 (0.1 ln 0.5 - 1) + 0.5 (0.1 ln 0.5 + 1) = 0.1 ln 0.5 = -0.069315.
        // Loss = mean = (-3.556234 - 0.069315) / 2 = -1.812774.
        Tape t = new Tape();
        Matrix logPi = Matrix.of(2, 2, LN_QUARTER, LN_THREE_QUARTERS, LN_HALF, LN_HALF), g = new Matrix(2, 2);
        Var loss = SacLosses.discreteActorLoss(t, t.param(logPi, g), t.constant(Matrix.of(2, 2, 2, 4, 1, -1)), 0.1f);
        assertEquals(-1.812774, loss.item(), 1e-6);
        t.backward(loss);
        // Treating log pi as free: d/d lp = (1/n) pi (alpha lp - q + alpha), e.g.
        // (0, 0): 0.5 * 0.25 * (0.1 ln 0.25 - 2 + 0.1) = 0.125 * -2.038629 = -0.254829.
        assertArrayEquals(new float[] {-0.254829f, -1.473288f, -0.242329f, 0.257671f}, g.data, 1e-6f);
    }

    @Test
    void gatherPicksTheTakenActionsQ() {
        // Q(s, .) rows (2, 4, 6) and (1, -1, 3); actions 2 and 1 -> (6, -1); gradient 1 on the taken entries.
        Tape t = new Tape();
        Matrix q = Matrix.of(2, 3, 2, 4, 6, 1, -1, 3), g = new Matrix(2, 3);
        Var taken = SacLosses.gather(t, t.param(q, g), t.constant(Matrix.of(2, 3, 0, 0, 1, 0, 1, 0)));
        assertArrayEquals(new float[] {6f, -1f}, taken.value().data);
        t.backward(t.sum(taken));
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0}, g.data);
    }

    @Test
    void sacV1TargetsAndValueLoss() {
        // J1's target y = r + gamma (1 - d) Vbar(s'): y0 = 1 + 0.9 * 5 = 5.5; y1 = -2 (terminal).
        Matrix y = new Matrix(2, 1);
        SacLosses.valueTdTarget(Matrix.of(2, 1, 1, -2), Matrix.of(2, 1, 0, 1), new int[] {1, 1}, Matrix.of(2, 1, 5, 3),
                0.9, y);
        assertArrayEquals(new float[] {5.5f, -2f}, y.data, 1e-6f);
        // J3's target v = min_j Q_j(s, a) - alpha log pi(a|s): (2 - 0.2 * -1, 3 - 0.2 * 0.5) = (2.2, 2.9).
        Matrix v = new Matrix(2, 1);
        SacLosses.softValueTarget(Matrix.of(2, 1, 2, 3), Matrix.of(2, 1, -1, 0.5f), 0.2, v);
        assertArrayEquals(new float[] {2.2f, 2.9f}, v.data, 1e-6f);
        // J3 = 0.5 mean((V - v)^2) with V = (3, 2): 0.5 * (0.64 + 0.81) / 2 = 0.3625; dJ3/dV_i = (V_i - v_i) / 2.
        Tape t = new Tape();
        Matrix vs = Matrix.of(2, 1, 3, 2), g = new Matrix(2, 1);
        Var loss = SacLosses.valueLoss(t, t.param(vs, g), t.constant(v));
        assertEquals(0.3625, loss.item(), 1e-6);
        t.backward(loss);
        assertArrayEquals(new float[] {0.4f, -0.45f}, g.data, 1e-6f);
    }
}

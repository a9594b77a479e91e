package io.sac4j.autodiff;

import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.sac4j.autodiff.GradCheck.check;
import static io.sac4j.autodiff.GradCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A finite-difference gradient check for every operation the tape records. */
class TapeGradientTest {
    private static Matrix m(int r, int c, long seed) {
        return random(r, c, -1.5, 1.5, 0.1, seed);
    }

    @Test
    void anExternalNodeHandsItsGradientToItsBackwardAndMatchesTheSameOpOnTheTape() {
        // tanh(x) computed off the tape, its backward written by hand: the same gradient as Tape.tanh's.
        Matrix x = Matrix.of(2, 3, 0.5f, -1f, 2f, 0f, 0.25f, -3f), gx1 = new Matrix(2, 3), gx2 = new Matrix(2, 3);
        Tape t1 = new Tape();
        Var a = t1.param(x, gx1);
        t1.backward(t1.sum(t1.square(t1.tanh(a))));
        Tape t2 = new Tape();
        Var b = t2.param(x, gx2);
        Matrix y = new Matrix(2, 3);
        io.sac4j.tensor.Ops.tanh(x, y);
        Var e = t2.external(b, y, g -> {
            for (int i = 0; i < g.size(); i++) {
                b.grad().data[i] += g.data[i] * (1f - y.data[i] * y.data[i]);
            }
        });
        assertArrayEquals(y.data, e.value().data);
        t2.backward(t2.sum(t2.square(e)));
        for (int i = 0; i < 6; i++) {
            assertEquals(gx1.data[i], gx2.data[i], 1e-6f, "element " + i);
        }
    }

    @Test
    void matmul() {
        check("matmul", (t, v) -> t.matmul(v[0], v[1]), m(5, 7, 1), m(7, 3, 2));
        check("matmul wide", (t, v) -> t.matmul(v[0], v[1]), m(3, 20, 3), m(20, 70, 4));
    }

    @Test
    void addSubMulWithEachBroadcast() {
        int[][] bShapes = {{4, 3}, {1, 3}, {4, 1}, {1, 1}};
        for (int[] bs : bShapes) {
            String s = bs[0] + "x" + bs[1];
            check("add " + s, (t, v) -> t.add(v[0], v[1]), m(4, 3, 5), m(bs[0], bs[1], 6));
            check("sub " + s, (t, v) -> t.sub(v[0], v[1]), m(4, 3, 7), m(bs[0], bs[1], 8));
            check("mul " + s, (t, v) -> t.mul(v[0], v[1]), m(4, 3, 9), m(bs[0], bs[1], 10));
        }
    }

    @Test
    void linearWithAndWithoutRelu() {
        check("linear", (t, v) -> t.linear(v[0], v[1], v[2], false), m(5, 7, 40), m(7, 3, 41), m(1, 3, 42));
        check("linear relu", (t, v) -> t.linear(v[0], v[1], v[2], true), m(5, 7, 43), m(7, 20, 44), m(1, 20, 45));
        // Narrow (the policy heads), a partial vector past a full one, and a single column.
        check("linear relu n=6", (t, v) -> t.linear(v[0], v[1], v[2], true), m(9, 30, 46), m(30, 6, 47), m(1, 6, 48));
        check("linear n=19", (t, v) -> t.linear(v[0], v[1], v[2], false), m(6, 4, 49), m(4, 19, 50), m(1, 19, 51));
        check("linear n=1", (t, v) -> t.linear(v[0], v[1], v[2], true), m(21, 5, 52), m(5, 1, 53), m(1, 1, 54));
    }

    @Test
    void backwardWithUpstreamIsTheVectorJacobianProduct() {
        // backward(y, u) gives the same leaf gradients as backward(sum(u * y)).
        Matrix x = m(5, 4, 60), w = m(4, 3, 61), u = m(5, 3, 62);
        Tape t1 = new Tape();
        Matrix g1 = new Matrix(4, 3);
        Var y1 = t1.tanh(t1.matmul(t1.constant(x), t1.param(w, g1)));
        t1.backward(y1, u);
        Tape t2 = new Tape();
        Matrix g2 = new Matrix(4, 3);
        Var y2 = t2.tanh(t2.matmul(t2.constant(x), t2.param(w, g2)));
        t2.backward(t2.sum(t2.mul(y2, t2.constant(u))));
        assertArrayEquals(g2.data, g1.data, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> t1.backward(y1, new Matrix(3, 5)));
    }

    @Test
    void linearEqualsMatmulAddRelu() {
        Matrix x = m(6, 9, 55), w = m(9, 13, 56), b = m(1, 13, 57);
        Tape t1 = new Tape();
        Matrix gx1 = new Matrix(6, 9), gw1 = new Matrix(9, 13), gb1 = new Matrix(1, 13);
        Var y1 = t1.linear(t1.param(x, gx1), t1.param(w, gw1), t1.param(b, gb1), true);
        t1.backward(t1.sum(y1));
        Tape t2 = new Tape();
        Matrix gx2 = new Matrix(6, 9), gw2 = new Matrix(9, 13), gb2 = new Matrix(1, 13);
        Var y2 = t2.relu(t2.add(t2.matmul(t2.param(x, gx2), t2.param(w, gw2)), t2.param(b, gb2)));
        t2.backward(t2.sum(y2));
        // The fused form starts each multiply-add chain from the bias: equal up to rounding.
        for (int i = 0; i < y1.value().size(); i++) {
            assertEquals(y2.value().data[i], y1.value().data[i], 1e-5f);
        }
        assertArrayEquals(gx2.data, gx1.data, 1e-5f);
        assertArrayEquals(gw2.data, gw1.data, 1e-5f);
        assertArrayEquals(gb2.data, gb1.data, 1e-5f);
    }

    @Test
    void scaleAndAddScalar() {
        check("scale", (t, v) -> t.scale(v[0], -2.5f), m(3, 4, 11));
        check("addScalar", (t, v) -> t.addScalar(v[0], 0.7f), m(3, 4, 12));
    }

    @Test
    void unaryMaps() {
        check("relu", (t, v) -> t.relu(v[0]), m(4, 5, 13));
        check("tanh", (t, v) -> t.tanh(v[0]), m(4, 5, 14));
        check("exp", (t, v) -> t.exp(v[0]), m(4, 5, 15));
        check("log", (t, v) -> t.log(v[0]), random(4, 5, 0.5, 3.0, 0.5, 16));
        check("softplus", (t, v) -> t.softplus(v[0]), random(4, 5, -6, 6, 0.1, 17));
        check("square", (t, v) -> t.square(v[0]), m(4, 5, 18));
    }

    @Test
    void clampPassesGradientInsideOnly() {
        // Entries kept at least 0.1 from the bounds, where the derivative is defined.
        Matrix x = Matrix.of(2, 3, -1.4f, -0.3f, 0.2f, 0.6f, 1.3f, -0.75f);
        check("clamp", (t, v) -> t.clamp(v[0], -0.5f, 0.8f), x);
    }

    @Test
    void minOfTwo() {
        Matrix a = Matrix.of(2, 3, 0.1f, 0.9f, -0.4f, 1.2f, -1f, 0.3f);
        Matrix b = Matrix.of(2, 3, 0.5f, 0.2f, -0.9f, 1.6f, -0.2f, -0.3f);
        check("min", (t, v) -> t.min(v[0], v[1]), a, b);
    }

    @Test
    void reductions() {
        check("sumRows", (t, v) -> t.sumRows(v[0]), m(5, 3, 19));
        check("meanRows", (t, v) -> t.meanRows(v[0]), m(5, 3, 20));
        check("sumCols", (t, v) -> t.sumCols(v[0]), m(5, 3, 21));
        check("meanCols", (t, v) -> t.meanCols(v[0]), m(5, 3, 22));
        check("sum", (t, v) -> t.sum(v[0]), m(5, 3, 23));
        check("mean", (t, v) -> t.mean(v[0]), m(5, 3, 24));
    }

    @Test
    void concatCols() {
        check("concatCols", (t, v) -> t.concatCols(v[0], v[1]), m(4, 3, 25), m(4, 2, 26));
    }

    @Test
    void logSoftmax() {
        check("logSoftmax", (t, v) -> t.logSoftmax(v[0]), m(5, 4, 70));
        check("logSoftmax wide", (t, v) -> t.logSoftmax(v[0]), m(3, 9, 71));
        // Composed as discrete SAC uses it: sum_a pi(a) (log pi(a) - q(a)), pi = exp(log pi).
        check("softmax expectation", (t, v) -> {
            Var lp = t.logSoftmax(v[0]);
            return t.sumCols(t.mul(t.exp(lp), t.sub(lp, v[1])));
        }, m(6, 3, 72), m(6, 3, 73));
    }

    @Test
    void logSoftmaxIsStableAndNormalised() {
        Tape t = new Tape();
        Matrix x = Matrix.of(2, 3, 1000f, 1001f, 999f, -1000f, -1000f, -1000f);
        float[] y = t.logSoftmax(t.constant(x)).value().data;
        // Row 1: 1001 is the max; log sum = log(e^-1 + 1 + e^-2) = 0.40760596.
        assertEquals(-1.4076059644, y[0], 1e-6);
        assertEquals(-0.4076059644, y[1], 1e-6);
        assertEquals(-2.4076059644, y[2], 1e-6);
        // Row 2: three equal logits -> log(1/3).
        for (int j = 3; j < 6; j++) {
            assertEquals(-Math.log(3), y[j], 1e-6);
        }
        // One action: log pi = 0 whatever the logit.
        assertEquals(0f, t.logSoftmax(t.constant(Matrix.of(1, 1, 37f))).value().data[0]);
    }

    @Test
    void composedNetworkAndReuseOfInputs() {
        // x used twice (a fan-out): gradients from both uses must add up.
        check("mlp", (t, v) -> t.tanh(t.add(t.matmul(t.relu(t.matmul(v[0], v[1])), v[2]), t.square(v[0]))),
                m(3, 4, 27), m(4, 6, 28), m(6, 4, 29));
    }

    @Test
    void constantsGetNoGradientAndResetReusesBuffers() {
        Tape t = new Tape();
        Matrix x = Matrix.of(1, 2, 1, 2);
        Matrix w = Matrix.of(2, 1, 3, 4);
        Matrix gw = new Matrix(2, 1);
        Var xv = t.constant(x);
        Var y = t.sum(t.matmul(xv, t.param(w, gw)));
        t.backward(y);
        assertEquals(11f, y.item());
        assertEquals(1f, gw.data[0]);
        assertEquals(2f, gw.data[1]);
        assertNull(xv.grad());
        Matrix firstBuffer = y.value();
        t.reset();
        Var again = t.sum(t.matmul(t.constant(x), t.param(w, gw)));
        assertSame(firstBuffer, again.value(), "same graph after reset: the buffers are reused");
        assertEquals(11f, again.item());
    }

    @Test
    void errorsNameTheProblem() {
        Tape t = new Tape();
        Var a = t.constant(new Matrix(2, 3));
        Var b = t.constant(new Matrix(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.matmul(a, b));
        assertEquals("matmul: 2x3 times 2x3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.backward(t.sum(a)));
        assertThrows(IllegalArgumentException.class, () -> t.backward(a));
    }
}

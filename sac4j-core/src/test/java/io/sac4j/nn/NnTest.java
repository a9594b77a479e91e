package io.sac4j.nn;

import io.sac4j.autodiff.GradCheck;
import io.sac4j.autodiff.Tape;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NnTest {
    @Test
    void linearInitialisationFollowsPyTorchsBound() {
        Linear l = new Linear("l", 64, 300, new Rng(0));
        double bound = 1 / Math.sqrt(64);
        double max = 0, sum = 0, sumSq = 0;
        for (float w : l.weight.value.data) {
            max = Math.max(max, Math.abs(w));
            sum += w;
            sumSq += w * w;
        }
        int n = l.weight.value.size();
        assertTrue(max <= bound, "max |w| " + max);
        assertTrue(max > 0.98 * bound, "uses the whole range: " + max);
        assertEquals(0, sum / n, 0.005);
        assertEquals(bound * bound / 3, sumSq / n, 0.05 * bound * bound / 3); // variance of U(-b, b)
        for (float b : l.bias.value.data) {
            assertTrue(Math.abs(b) <= bound);
        }
    }

    @Test
    void mlpForwardMatchesHandComputationAndTapeFreePath() {
        Mlp mlp = new Mlp("m", new int[] {2, 2, 1}, new Rng(0));
        Linear a = mlp.layers().get(0), b = mlp.layers().get(1);
        a.weight.value.copyFrom(Matrix.of(2, 2, 1, -1, 2, 0.5f));
        a.bias.value.copyFrom(Matrix.of(1, 2, 0, -3));
        b.weight.value.copyFrom(Matrix.of(2, 1, 2, 3));
        b.bias.value.copyFrom(Matrix.of(1, 1, 1));
        Matrix x = Matrix.of(1, 2, 1, 1);
        // h = relu([1 + 2, -1 + 0.5 - 3]) = [3, 0]; y = 2 * 3 + 0 + 1 = 7
        Tape t = new Tape();
        assertEquals(7f, mlp.forward(t, t.constant(x), false).item());
        assertEquals(7f, mlp.apply(x, mlp.newBuffers(1)).data[0]);
    }

    private static double weightedOutput(Mlp mlp, Matrix x, Matrix w) {
        Tape t = new Tape();
        Matrix y = mlp.forward(t, t.constant(x), false).value();
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.data[i] * w.data[i];
        }
        return s;
    }

    /** d sum(W * mlp(x)) / d theta by the tape against central differences, for every parameter. */
    @Test
    void mlpParameterGradientsMatchFiniteDifferences() {
        Mlp mlp = new Mlp("m", new int[] {3, 5, 2}, new Rng(1));
        Matrix x = GradCheck.random(4, 3, -1, 1, 0.05, 2);
        Matrix w = GradCheck.random(4, 2, -1, 1, 0.05, 3);
        Tape t = new Tape();
        mlp.parameters().forEach(Parameter::zeroGrad);
        t.backward(t.sum(t.mul(mlp.forward(t, t.constant(x), true), t.constant(w))));
        double h = 1e-2;
        for (Parameter p : mlp.parameters()) {
            for (int i = 0; i < p.value.size(); i++) {
                float orig = p.value.data[i];
                p.value.data[i] = (float) (orig + h);
                double plus = weightedOutput(mlp, x, w);
                p.value.data[i] = (float) (orig - h);
                double minus = weightedOutput(mlp, x, w);
                p.value.data[i] = orig;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, p.grad.data[i], 2e-3 + 2e-2 * Math.abs(numeric), p + " element " + i);
            }
        }
    }

    @Test
    void polyakAveragesAndCopies() {
        Parameter online = new Parameter("o", 1, 2);
        Parameter target = new Parameter("t", 1, 2);
        online.value.copyFrom(Matrix.of(1, 2, 1, 2));
        target.value.copyFrom(Matrix.of(1, 2, 3, -2));
        Polyak.update(List.of(online), List.of(target), 0.25f);
        assertArrayEquals(new float[] {2.5f, -1f}, target.value.data); // 0.75 t + 0.25 o
        Polyak.copy(List.of(online), List.of(target));
        assertArrayEquals(new float[] {1f, 2f}, target.value.data);
    }
}

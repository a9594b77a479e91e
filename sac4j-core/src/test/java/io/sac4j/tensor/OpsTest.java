package io.sac4j.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpsTest {
    private final Matrix a = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);

    @Test
    void reluGradMasksAndSumsColumns() {
        Matrix y = Matrix.of(3, 2, 0.5f, 0f, -1f, 2f, 3f, Float.NaN);
        Matrix g = Matrix.of(3, 2, 1, 2, 3, 4, 5, 6);
        Matrix out = new Matrix(3, 2);
        Matrix sums = Matrix.of(1, 2, 100, 200);
        Ops.reluGrad(KernelThreads.single(), y, g, out, sums);
        assertArrayEquals(new float[] {1, 0, 0, 4, 5, 0}, out.data);
        assertArrayEquals(new float[] {106, 204}, sums.data);
        Ops.addColumnSums(g, sums);
        assertArrayEquals(new float[] {115, 216}, sums.data);
    }

    @Test
    void reluGradIsTheSameOnBothKernels() {
        GemmKernel vector = GemmKernel.vector();
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "needs --add-modules jdk.incubator.vector");
        io.sac4j.random.Rng rng = new io.sac4j.random.Rng(9);
        Matrix y = new Matrix(37, 41), g = new Matrix(37, 41);
        rng.fillUniform(y.data, 0, y.size(), -1f, 1f);
        rng.fillUniform(g.data, 0, g.size(), -1f, 1f);
        Matrix o1 = new Matrix(37, 41), o2 = new Matrix(37, 41), s1 = new Matrix(1, 41), s2 = new Matrix(1, 41);
        Ops.reluGrad(KernelThreads.create(1, GemmKernel.java()), y, g, o1, s1);
        Ops.reluGrad(KernelThreads.create(1, vector), y, g, o2, s2);
        assertArrayEquals(o1.data, o2.data);
        assertArrayEquals(s1.data, s2.data);
    }

    @Test
    void broadcastsEachShape() {
        Matrix out = new Matrix(2, 3);
        Ops.add(a, Matrix.of(2, 3, 1, 1, 1, 1, 1, 1), out);
        assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, out.data);
        Ops.add(a, Matrix.of(1, 3, 10, 20, 30), out);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, out.data);
        Ops.sub(a, Matrix.of(2, 1, 1, 4), out);
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, out.data);
        Ops.mul(a, Matrix.of(1, 1, 2), out);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, out.data);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.add(a, new Matrix(3, 2), out));
        assertEquals("add: cannot broadcast 3x2 over 2x3", e.getMessage());
    }

    @Test
    void reductions() {
        Matrix r = new Matrix(1, 3), c = new Matrix(2, 1);
        Ops.sumRows(a, r);
        assertArrayEquals(new float[] {5, 7, 9}, r.data);
        Ops.sumCols(a, c);
        assertArrayEquals(new float[] {6, 15}, c.data);
        assertEquals(21.0, Ops.sum(a));
        assertEquals(3.5, Ops.mean(a));
        Matrix t = new Matrix(1, 3);
        Ops.addReduced(a, t, -1f);
        assertArrayEquals(new float[] {-5, -7, -9}, t.data);
    }

    @Test
    void softplusIsStableAtExtremes() {
        assertEquals(1000.0, Ops.softplus(1000.0), 1e-9);
        assertEquals(Math.exp(-1000.0), Ops.softplus(-1000.0), 1e-300);
        assertEquals(Math.log(2), Ops.softplus(0.0), 1e-15);
        assertEquals(Math.log1p(Math.exp(3.0)), Ops.softplus(3.0), 1e-12);
        assertEquals(1.0, Ops.sigmoid(800.0));
        assertEquals(0.5, Ops.sigmoid(0.0));
    }

    @Test
    void elementwiseMaps() {
        Matrix x = Matrix.of(1, 4, -2, -0.5f, 0.5f, 3);
        Matrix o = new Matrix(1, 4);
        Ops.relu(x, o);
        assertArrayEquals(new float[] {0, 0, 0.5f, 3}, o.data);
        Ops.clamp(x, -1, 1, o);
        assertArrayEquals(new float[] {-1, -0.5f, 0.5f, 1}, o.data);
        Ops.tanh(x, o);
        assertEquals((float) Math.tanh(3), o.data[3], 1e-7);
        Ops.min(x, Matrix.of(1, 4, 0, 0, 0, 0), o);
        assertArrayEquals(new float[] {-2, -0.5f, 0, 0}, o.data);
    }
}

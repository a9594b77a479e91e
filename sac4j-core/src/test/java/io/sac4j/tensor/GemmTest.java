package io.sac4j.tensor;

import io.sac4j.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both kernels against a double-precision reference, in all three forms, on awkward shapes. */
class GemmTest {
    private final GemmKernel original = Kernels.active();

    /** One thread on {@code kernel}: nothing to close. */
    static KernelThreads on(GemmKernel kernel) {
        return KernelThreads.create(1, kernel);
    }

    static Stream<GemmKernel> kernels() {
        List<GemmKernel> ks = new ArrayList<>();
        ks.add(GemmKernel.java());
        if (GemmKernel.vector() != null) {
            ks.add(GemmKernel.vector());
        }
        return ks.stream();
    }

    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 3, 256}, {4, 4, 4}, {5, 7, 3}, {7, 65, 9}, {13, 64, 17}, {33, 100, 129}, {64, 1, 256},
        {256, 4, 256}, {3, 17, 70}, {1, 256, 256}, {1, 70, 33},
    };

    static Matrix random(int r, int c, Rng rng) {
        Matrix m = new Matrix(r, c);
        rng.fillUniform(m.data, 0, m.size(), -1f, 1f);
        return m;
    }

    /** c[i][j] = sum_p A(i,p) B(p,j) in double. */
    static double[] reference(Matrix a, boolean ta, Matrix b, boolean tb) {
        int m = ta ? a.cols : a.rows;
        int k = ta ? a.rows : a.cols;
        int n = tb ? b.rows : b.cols;
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a.get(p, i) : a.get(i, p);
                    double bv = tb ? b.get(j, p) : b.get(p, j);
                    s += av * bv;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    static void assertClose(double[] expected, Matrix actual, int k) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.data[i], 1e-5 * k + 1e-6, "element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void allFormsMatchReference(GemmKernel kernel) {
        KernelThreads on = on(kernel);
        Rng rng = new Rng(1);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            Matrix a = random(m, k, rng), b = random(k, n, rng), c = new Matrix(m, n);
            Gemm.mult(on, a, b, c, false);
            assertClose(reference(a, false, b, false), c, k);

            Matrix at = random(k, m, rng);
            Gemm.multTransA(on, at, b, c, false);
            assertClose(reference(at, true, b, false), c, k);

            Matrix bt = random(n, k, rng);
            Gemm.multTransB(on, a, bt, c, false);
            assertClose(reference(a, false, bt, true), c, k);
        }
    }

    private interface Product {
        void apply(KernelThreads on, Matrix a, Matrix b, Matrix c, boolean accumulate);
    }

    /** c0 + op(a) op(b) from the accumulating form equals the reference plus c0. */
    private static void assertAccumulates(KernelThreads on, Product product, Matrix a, boolean ta, Matrix b,
                                          boolean tb, Matrix c0) {
        Matrix c = c0.copy();
        product.apply(on, a, b, c, true);
        double[] ref = reference(a, ta, b, tb);
        for (int i = 0; i < ref.length; i++) {
            ref[i] += c0.data[i];
        }
        assertClose(ref, c, ta ? a.rows : a.cols);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void accumulateAddsToOutput(GemmKernel kernel) {
        KernelThreads on = on(kernel);
        Rng rng = new Rng(2);
        Matrix c0 = random(9, 70, rng);
        assertAccumulates(on, Gemm::mult, random(9, 20, rng), false, random(20, 70, rng), false, c0);
        assertAccumulates(on, Gemm::multTransB, random(9, 20, rng), false, random(70, 20, rng), true, c0);
        assertAccumulates(on, Gemm::multTransA, random(20, 9, rng), true, random(20, 70, rng), false, c0);
    }

    @Test
    void defaultKernelFollowsTheModule() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, GemmKernel.vector() != null);
        assertEquals(present ? GemmKernel.vector() : GemmKernel.java(), original);
        assertEquals(original, KernelThreads.single().kernel());
        assertEquals(1, KernelThreads.single().threads());
    }

    @Test
    void kernelsGiveIdenticalBits() {
        // Both kernels compute each element as the same fused multiply-add chain in increasing p.
        GemmKernel v = GemmKernel.vector();
        assumeTrue(v != null, "needs --add-modules jdk.incubator.vector");
        Rng rng = new Rng(3);
        // Wide, masked-tail (n mod 16 != 0) and single-column products, in all three forms.
        for (int n : new int[] {133, 6, 1}) {
            Matrix a = random(37, 91, rng), b = random(91, n, rng), at = random(91, 37, rng), bt = random(n, 91, rng);
            for (int form = 0; form < 3; form++) {
                Matrix c1 = new Matrix(37, n), c2 = new Matrix(37, n);
                product(on(GemmKernel.java()), form, a, at, b, bt, c1);
                product(on(v), form, a, at, b, bt, c2);
                assertArrayEquals(c1.data, c2.data, "form " + form + ", n = " + n);
            }
        }
    }

    /** Form 0: c = a b; 1: c = at^T b; 2: c = a bt^T. */
    private static void product(KernelThreads on, int form, Matrix a, Matrix at, Matrix b, Matrix bt, Matrix c) {
        if (form == 0) {
            Gemm.mult(on, a, b, c, false);
        } else if (form == 1) {
            Gemm.multTransA(on, at, b, c, false);
        } else {
            Gemm.multTransB(on, a, bt, c, false);
        }
    }

    /** relu(x w + bias) in double. */
    static double[] linearReference(Matrix x, Matrix w, Matrix bias, boolean relu) {
        double[] y = reference(x, false, w, false);
        for (int i = 0; i < y.length; i++) {
            y[i] += bias.data[i % w.cols];
            if (relu && y[i] < 0) {
                y[i] = 0;
            }
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void linearAddsBiasAndAppliesRelu(GemmKernel kernel) {
        KernelThreads on = on(kernel);
        Rng rng = new Rng(6);
        // Widths: single column, narrow (one partial vector), full tiles plus a partial vector.
        for (int n : new int[] {1, 6, 12, 16, 23, 70, 133}) {
            for (int m : new int[] {1, 3, 9, 17, 40}) {
                Matrix x = random(m, 29, rng), w = random(29, n, rng), bias = random(1, n, rng);
                for (boolean relu : new boolean[] {false, true}) {
                    Matrix y = new Matrix(m, n);
                    Gemm.linear(on, x, w, bias, relu, y);
                    assertClose(linearReference(x, w, bias, relu), y, 29);
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.linear(on, new Matrix(2, 3), new Matrix(3, 4), new Matrix(1, 3), false, new Matrix(2, 4)));
    }

    @Test
    void kernelsGiveIdenticalBitsForLinearAndNarrowAccumulation() {
        GemmKernel v = GemmKernel.vector();
        assumeTrue(v != null, "needs --add-modules jdk.incubator.vector");
        KernelThreads java = on(GemmKernel.java()), vector = on(v);
        Rng rng = new Rng(7);
        for (int n : new int[] {1, 6, 12, 23, 256}) {
            for (int m : new int[] {3, 9, 37, 256}) {
                Matrix x = random(m, 45, rng), w = random(45, n, rng), bias = random(1, n, rng);
                Matrix c0 = random(m, n, rng), xt = random(45, m, rng);
                for (boolean relu : new boolean[] {false, true}) {
                    Matrix y1 = new Matrix(m, n), y2 = new Matrix(m, n);
                    Gemm.linear(java, x, w, bias, relu, y1);
                    Gemm.linear(vector, x, w, bias, relu, y2);
                    assertArrayEquals(y1.data, y2.data, "linear m = " + m + ", n = " + n + ", relu " + relu);
                }
                Matrix a1 = c0.copy(), a2 = c0.copy();
                Gemm.multTransA(java, xt, w, a1, true);
                Gemm.multTransA(vector, xt, w, a2, true);
                assertArrayEquals(a1.data, a2.data, "accumulate m = " + m + ", n = " + n);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void singleRowTimesTransposeIsTheSameChainAsWithAnExplicitTranspose(GemmKernel kernel) {
        // a B^T for one row of a skips the transpose; each element must still be the same chain.
        KernelThreads on = on(kernel);
        Rng rng = new Rng(8);
        for (int n : new int[] {1, 7, 40, 256}) {
            Matrix a = random(1, 70, rng), bt = random(n, 70, rng), b = new Matrix(70, n);
            Gemm.transpose(bt, b);
            Matrix c1 = new Matrix(1, n), c2 = new Matrix(1, n);
            Gemm.multTransB(on, a, bt, c1, false);
            Gemm.mult(on, a, b, c2, false);
            assertArrayEquals(c2.data, c1.data, "n = " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void threadCountDoesNotChangeBits(GemmKernel kernel) {
        Rng rng = new Rng(4);
        Matrix a = random(258, 256, rng), b = random(256, 130, rng), bt = random(130, 256, rng);
        Matrix at = random(256, 258, rng), bias = random(1, 130, rng);
        KernelThreads one = on(kernel);
        try (KernelThreads two = KernelThreads.create(2, kernel); KernelThreads three = KernelThreads.create(3, kernel)) {
            for (KernelThreads many : List.of(two, three)) {
                Matrix c1 = new Matrix(258, 130), c2 = new Matrix(258, 130);
                Gemm.mult(one, a, b, c1, false);
                Gemm.mult(many, a, b, c2, false);
                assertArrayEquals(c1.data, c2.data, many.toString());
                Gemm.multTransB(one, a, bt, c1, false);
                Gemm.multTransB(many, a, bt, c2, false);
                assertArrayEquals(c1.data, c2.data, many.toString());
                Gemm.multTransA(one, at, b, c1, false);
                Gemm.multTransA(many, at, b, c2, false);
                assertArrayEquals(c1.data, c2.data, many.toString());
                Gemm.linear(one, a, b, bias, true, c1);
                Gemm.linear(many, a, b, bias, true, c2);
                assertArrayEquals(c1.data, c2.data, many.toString());
            }
        }
    }

    @Test
    void aClosedInstanceRunsOnTheCallingThreadWithTheSameBits() {
        Rng rng = new Rng(9);
        Matrix a = random(200, 256, rng), b = random(256, 64, rng), c1 = new Matrix(200, 64), c2 = new Matrix(200, 64);
        KernelThreads two = KernelThreads.create(2);
        Gemm.mult(two, a, b, c1, false);
        two.close();
        two.close();
        Gemm.mult(two, a, b, c2, false);
        assertArrayEquals(c1.data, c2.data);
        int[] parts = new int[1];
        two.parallel((part, n) -> parts[0] = n);
        assertEquals(1, parts[0], "a closed instance runs a task as one part");
        assertEquals(2, two.threads());
    }

    @Test
    void twoInstancesInOneJvmKeepTheirOwnThreadCounts() {
        // What a static thread count could not do: two learners' kernels, side by side, each with its own split.
        try (KernelThreads two = KernelThreads.create(2); KernelThreads three = KernelThreads.create(3)) {
            int[] seen = new int[2];
            two.parallel((part, n) -> seen[0] = n);
            three.parallel((part, n) -> seen[1] = n);
            assertArrayEquals(new int[] {2, 3}, seen);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void eachKernelTransposesExactly(GemmKernel kernel) {
        Rng rng = new Rng(10);
        for (int[] s : new int[][] {{1, 1}, {1, 7}, {7, 1}, {5, 3}, {16, 16}, {17, 33}, {40, 23}, {256, 256}, {256, 6}}) {
            Matrix a = random(s[0], s[1], rng), expected = new Matrix(s[1], s[0]);
            Gemm.transpose(a, expected);
            float[] out = new float[a.size()];
            kernel.transpose(a.data, s[0], s[1], out);
            assertArrayEquals(expected.data, out, kernel.name() + " " + s[0] + "x" + s[1]);
            assertEquals(a.get(s[0] - 1, 0), out[s[0] - 1], "element (rows - 1, 0) lands at (0, rows - 1)");
        }
    }

    @Test
    void transposeRoundTrips() {
        Matrix a = random(37, 45, new Rng(5));
        Matrix t = new Matrix(45, 37), back = new Matrix(37, 45);
        Gemm.transpose(a, t);
        assertEquals(a.get(3, 40), t.get(40, 3));
        Gemm.transpose(t, back);
        assertArrayEquals(a.data, back.data);
    }
}
